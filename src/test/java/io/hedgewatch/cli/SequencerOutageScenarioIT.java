package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sequencer-outage} end to end, a monitor cycle every 10 s of scenario time. */
class SequencerOutageScenarioIT {

  private static final String CHAIN = "chain:devnet";

  @TempDir Path dir;

  @Test
  void the_sequencer_goes_down_then_the_grace_period_holds_then_everything_clears()
      throws Exception {
    try (ScenarioHarness harness = new ScenarioHarness(dir)) {
      ScenarioHarness.Played p = harness.play("sequencer-outage", Duration.ofSeconds(10));
      String all = p.describe();

      assertThat(p.stepCycles()).as("30 s of calm at a cycle per 10 s").first().isEqualTo(3L);
      assertThat(p.duringCalm()).as(all).isEmpty();
      assertThat(p.openedRules()).as(all).containsExactly("sequencer.down", "sequencer.grace");

      ScenarioHarness.Fired down = p.first("alert.opened", "sequencer.down", CHAIN);
      assertThat(down.event().severity()).isEqualTo("CRITICAL");
      assertThat(p.cyclesAfterStep(down, 0)).as(all).isEqualTo(1);

      ScenarioHarness.Fired grace = p.first("alert.opened", "sequencer.grace", CHAIN);
      assertThat(grace.event().severity()).isEqualTo("WARNING");
      assertThat(p.cyclesAfterStep(grace, 1)).as(all).isEqualTo(1);
      ScenarioHarness.Fired up = p.first("alert.resolved", "sequencer.down", CHAIN);
      assertThat(p.cyclesAfterStep(up, 1)).as("resolved with hysteresis " + all).isBetween(1L, 2L);

      ScenarioHarness.Fired clear = p.first("alert.resolved", "sequencer.grace", CHAIN);
      assertThat(p.cyclesAfterStep(clear, 2))
          .as("the grace period is over once chain time passes it " + all)
          .isBetween(1L, 2L);
      assertThat(p.events()).as(all).last().isEqualTo(clear);
    }
  }
}
