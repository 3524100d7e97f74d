package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code venue-depeg} end to end, a monitor cycle every 10 s of scenario time. */
class VenueDepegScenarioIT {

  private static final String BINANCE = "reference:binance";

  @TempDir Path dir;

  @Test
  void a_venue_whose_usdt_collapses_is_named_drift_stays_quiet_and_it_resolves_on_recovery()
      throws Exception {
    try (ScenarioHarness harness = new ScenarioHarness(dir)) {
      ScenarioHarness.Played p = harness.play("venue-depeg", Duration.ofSeconds(10));
      String all = p.describe();

      assertThat(p.duringCalm()).as(all).isEmpty();

      ScenarioHarness.Fired divergence = p.first("alert.opened", "reference.divergence", BINANCE);
      assertThat(divergence.event().severity()).isEqualTo("CRITICAL");
      assertThat(p.cyclesAfterStep(divergence, 0))
          .as("the cycle after Binance's USDT collapses " + all)
          .isEqualTo(1);

      assertThat(p.openedRules()).as(all).containsOnly("reference.divergence");
      assertThat(p.opened())
          .as("only Binance is named; the composite's median ignores it: no drift " + all)
          .allMatch(f -> f.event().subject().equals(BINANCE));

      ScenarioHarness.Fired resolved = p.first("alert.resolved", "reference.divergence", BINANCE);
      // an alert resolves after clearAfter (2) consecutive clear observations
      assertThat(p.cyclesAfterStep(resolved, 1))
          .as("the second cycle after Binance's USDT is back " + all)
          .isEqualTo(2);
      assertThat(p.events()).as("one opening, one resolution " + all).hasSize(2);
    }
  }
}
