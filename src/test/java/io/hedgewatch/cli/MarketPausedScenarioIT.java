package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code market-paused} end to end, a monitor cycle every 10 s of scenario time. */
class MarketPausedScenarioIT {

  private static final List<String> GMX = List.of("market:eth-perp-gmx", "market:btc-perp-gmx");

  @TempDir Path dir;

  @Test
  void both_gmx_markets_are_flagged_paused_while_disabled_and_resolve_once_reopened()
      throws Exception {
    try (ScenarioHarness harness = new ScenarioHarness(dir)) {
      ScenarioHarness.Played p = harness.play("market-paused", Duration.ofSeconds(10));
      String all = p.describe();

      assertThat(p.stepCycles()).as("30 s of calm at a cycle per 10 s").first().isEqualTo(3L);
      assertThat(p.duringCalm()).as(all).isEmpty();
      assertThat(p.openedRules()).as(all).containsExactly("platform.paused");

      for (String market : GMX) {
        ScenarioHarness.Fired paused = p.first("alert.opened", "platform.paused", market);
        assertThat(paused.event().severity()).as(market).isEqualTo("CRITICAL");
        assertThat(p.cyclesAfterStep(paused, 1)).as(market + all).isEqualTo(1);

        ScenarioHarness.Fired reopened = p.first("alert.resolved", "platform.paused", market);
        // clearAfter 2: a market must be seen open twice before the alert resolves
        assertThat(p.cyclesAfterStep(reopened, 3)).as(market + all).isEqualTo(2);
      }
      assertThat(p.events())
          .as(
              "one alert per disabled market, opened together and resolved together; the"
                  + " Synthetix markets trade on "
                  + all)
          .hasSize(4)
          .allMatch(f -> GMX.contains(f.event().subject()))
          .extracting(ScenarioHarness.Fired::type)
          .containsExactly("alert.opened", "alert.opened", "alert.resolved", "alert.resolved");
    }
  }
}
