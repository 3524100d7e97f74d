package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code oracle-bound} end to end, a monitor cycle every 10 s of scenario time. */
class OracleBoundScenarioIT {

  private static final String FEED = "feed:eth-usd";

  @TempDir Path dir;

  @Test
  void the_feed_at_its_min_answer_fires_bounds_then_drift_once_the_market_falls_through()
      throws Exception {
    try (ScenarioHarness harness = new ScenarioHarness(dir)) {
      ScenarioHarness.Played p = harness.play("oracle-bound", Duration.ofSeconds(10));
      String all = p.describe();

      assertThat(p.duringCalm()).as(all).isEmpty();
      assertThat(p.events())
          .as("the feed follows the market down to 200: nothing to say " + all)
          .allMatch(f -> f.afterStep() >= 2);

      ScenarioHarness.Fired bounds = p.first("alert.opened", "oracle.bounds", FEED);
      assertThat(bounds.event().severity()).isEqualTo("CRITICAL");
      assertThat(p.cyclesAfterStep(bounds, 2))
          .as("the cycle after ETH reaches 10 " + all)
          .isEqualTo(1);

      ScenarioHarness.Fired drift = p.first("alert.opened", "oracle.drift", FEED);
      assertThat(drift.event().severity()).isEqualTo("CRITICAL");
      assertThat(p.cyclesAfterStep(drift, 3))
          .as("the cycle after the market falls through " + all)
          .isEqualTo(1);
      assertThat(bounds.cycle()).isLessThan(drift.cycle());

      assertThat(p.openedRules())
          .as(
              "Pyth follows the market: only the Chainlink feed and the markets priced by it "
                  + all)
          .containsOnly("oracle.bounds", "oracle.drift", "basis.wide");
      assertThat(p.opened()).noneMatch(f -> f.event().subject().equals("feed:eth-usd-pyth"));
      assertThat(p.events())
          .as("nothing resolves: the feed stays pinned " + all)
          .allMatch(f -> f.type().equals("alert.opened"));
    }
  }
}
