package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code thin-venue-pump} end to end, a monitor cycle every 10 s of scenario time. */
class ThinVenuePumpScenarioIT {

  private static final String KRAKEN = "reference:kraken";
  private static final String FEED = "feed:eth-usd";

  @TempDir Path dir;

  @Test
  void the_thin_venue_is_named_then_the_feed_that_follows_it_drifts_and_both_resolve()
      throws Exception {
    try (ScenarioHarness harness = new ScenarioHarness(dir)) {
      ScenarioHarness.Played p = harness.play("thin-venue-pump", Duration.ofSeconds(10));
      String all = p.describe();

      assertThat(p.duringCalm()).as(all).isEmpty();

      ScenarioHarness.Fired divergence = p.first("alert.opened", "reference.divergence", KRAKEN);
      assertThat(divergence.event().severity()).isEqualTo("CRITICAL");
      assertThat(p.cyclesAfterStep(divergence, 0))
          .as("the cycle after Kraken is pumped " + all)
          .isEqualTo(1);

      ScenarioHarness.Fired drift = p.first("alert.opened", "oracle.drift", FEED);
      assertThat(drift.event().severity()).isEqualTo("CRITICAL");
      assertThat(p.cyclesAfterStep(drift, 1))
          .as("the cycle after the feed follows Kraken " + all)
          .isEqualTo(1);
      assertThat(divergence.cycle()).isLessThan(drift.cycle());

      // The one extra rule is the harm the story is about: the demo's GMX ETH short is marked by
      // the eth-usd feed, so the pumped answer (+20 %) raises its leverage past the warning; it
      // opens with the drift and resolves with it.
      assertThat(p.openedRules())
          .as(all)
          .containsOnly("reference.divergence", "oracle.drift", "position.leverage");
      ScenarioHarness.Fired leverage =
          p.first("alert.opened", "position.leverage", "position:gmx-eth-short");
      assertThat(leverage.event().severity()).isEqualTo("WARNING");
      assertThat(leverage.cycle()).isEqualTo(drift.cycle());
      assertThat(p.opened())
          .as("Pyth and the deep venues hold: nothing else is named " + all)
          .extracting(f -> f.event().subject())
          .containsExactlyInAnyOrder(KRAKEN, FEED, "position:gmx-eth-short");

      // an alert resolves after clearAfter (2) consecutive clear observations
      ScenarioHarness.Fired calmed = p.first("alert.resolved", "reference.divergence", KRAKEN);
      assertThat(p.cyclesAfterStep(calmed, 2))
          .as("the second cycle after Kraken quotes the market again " + all)
          .isEqualTo(2);
      ScenarioHarness.Fired back = p.first("alert.resolved", "oracle.drift", FEED);
      assertThat(p.cyclesAfterStep(back, 3))
          .as("the second cycle after the feed comes back " + all)
          .isEqualTo(2);
      ScenarioHarness.Fired unlevered =
          p.first("alert.resolved", "position.leverage", "position:gmx-eth-short");
      assertThat(unlevered.cycle()).isEqualTo(back.cycle());
      assertThat(calmed.cycle())
          .as("the Kraken alert resolves on its own step, before the feed comes back " + all)
          .isLessThanOrEqualTo(p.stepCycles().get(3));
      assertThat(p.events()).as("three openings, three resolutions " + all).hasSize(6);
    }
  }
}
