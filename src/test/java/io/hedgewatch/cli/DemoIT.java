package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code hedgewatch demo} in its own JVM, as a user runs it: the devnet comes up, the scenario's
 * steps and the monitor's alerts are printed as they happen, and it exits 0 at the end.
 */
class DemoIT {

  @Test
  void plays_sequencer_outage_at_speed_printing_steps_and_alerts_then_exits_0()
      throws IOException, InterruptedException {
    Process process =
        HedgewatchProcess.builder(List.of("demo", "--scenario", "sequencer-outage", "--speed", "8"))
            .start();
    List<String> out = HedgewatchProcess.stdoutLines(process, "demo-it-stdout");
    boolean ended = process.waitFor(120, TimeUnit.SECONDS);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!ended) {
      process.destroyForcibly();
    }
    String all = String.join("\n", out) + "\n--- stderr\n" + err;
    assertThat(ended).as(all).isTrue();
    assertThat(process.exitValue()).as(all).isZero();
    assertThat(err)
        .as(all)
        .contains("playing sequencer-outage at 8x", "dashboard http://127.0.0.1:");
    assertThat(all).doesNotContain("Exception");
    int down = indexOf(out, "the sequencer uptime feed reports the sequencer down");
    int alert = indexOf(out, "sequencer.down");
    int up = indexOf(out, "the sequencer is back up");
    int grace = indexOf(out, "sequencer.grace");
    assertThat(down).as(all).isGreaterThan(indexOf(out, "calm market for 30s"));
    assertThat(alert).as("the alert follows its step " + all).isGreaterThan(down);
    assertThat(grace).as(all).isGreaterThan(up);
    assertThat(indexOf(out, "] the scenario ended")).as(all).isGreaterThan(grace);
    // the last cycle's events are delivered while the demo drains its outbox
    assertThat(indexOf(out, "alert.resolved WARNING sequencer.grace")).as(all).isGreaterThan(grace);
  }

  private static int indexOf(List<String> lines, String text) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return i;
      }
    }
    return -1;
  }
}
