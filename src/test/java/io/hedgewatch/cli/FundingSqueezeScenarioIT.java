package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code funding-squeeze} end to end, a monitor cycle every 10 s of scenario time. */
class FundingSqueezeScenarioIT {

  private static final String SNX = "position:snx-eth-short";
  private static final String GMX = "position:gmx-eth-short";

  @TempDir Path dir;

  @Test
  void funding_turns_against_the_hedges_then_spikes_then_price_runs_toward_liquidation()
      throws Exception {
    try (ScenarioHarness harness = new ScenarioHarness(dir)) {
      ScenarioHarness.Played p = harness.play("funding-squeeze", Duration.ofSeconds(10));
      String all = p.describe();

      assertThat(p.duringCalm()).as(all).isEmpty();

      // steps 0-1 (30 s): Synthetix and GMX funding turn negative, shorts pay
      ScenarioHarness.Fired snxPays = p.first("alert.opened", "funding.against-hedge", SNX);
      assertThat(snxPays.event().severity()).as("44 % a year").isEqualTo("CRITICAL");
      assertThat(p.cyclesAfterStep(snxPays, 1)).as(all).isEqualTo(1);
      ScenarioHarness.Fired gmxPays = p.first("alert.opened", "funding.against-hedge", GMX);
      assertThat(gmxPays.event().severity()).as("26 % a year").isEqualTo("WARNING");
      assertThat(p.cyclesAfterStep(gmxPays, 1)).as(all).isEqualTo(1);

      // steps 2-4 (50 s): GMX and Hyperliquid at their caps
      for (String market : new String[] {"market:eth-perp-gmx", "market:eth-perp-hl"}) {
        ScenarioHarness.Fired spike = p.first("alert.opened", "funding.spike", market);
        assertThat(spike.event().severity()).as(market + " at its cap").isEqualTo("CRITICAL");
        assertThat(p.cyclesAfterStep(spike, 4)).as(all).isEqualTo(1);
        assertThat(spike.cycle()).isGreaterThan(snxPays.cycle());
      }
      ScenarioHarness.Fired gmxWorse = p.first("alert.updated", "funding.against-hedge", GMX);
      assertThat(gmxWorse.event().severity()).isEqualTo("CRITICAL");
      assertThat(p.cyclesAfterStep(gmxWorse, 4)).as(all).isEqualTo(1);

      // step 6 (100 s): ETH at 4200, near both shorts' liquidation prices
      for (String position : new String[] {SNX, GMX}) {
        ScenarioHarness.Fired near =
            p.first("alert.opened", "position.liquidation-distance", position);
        assertThat(p.cyclesAfterStep(near, 6)).as(all).isEqualTo(1);
      }
      assertThat(p.ofRule("position.liquidation-distance"))
          .as("not before the run-up " + all)
          .allMatch(f -> f.afterStep() == 6);
      assertThat(p.ofRule("position.leverage"))
          .as("leverage grows with the run-up only " + all)
          .allMatch(f -> f.afterStep() >= 5);
      assertThat(p.openedRules())
          .as(all)
          .containsOnly(
              "funding.against-hedge",
              "funding.carry",
              "funding.divergence",
              "funding.spike",
              "position.leverage",
              "position.liquidation-distance");
    }
  }
}
