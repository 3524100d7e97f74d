package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hedgewatch demo} in its own JVM, as a user runs it: the devnet comes up, the scenario's
 * steps and the monitor's alerts are printed as they happen, and it exits 0 at the end.
 */
class DemoIT {

  @TempDir Path dir;

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

  @Test
  void sigterm_mid_scenario_stops_the_demo_with_exit_0() throws IOException, InterruptedException {
    // destroy() closes the child's pipes: its stderr goes to a file instead
    Path errFile = dir.resolve("demo.err");
    Process process =
        HedgewatchProcess.builder(List.of("demo", "--scenario", "funding-squeeze"))
            .redirectError(errFile.toFile())
            .start();
    List<String> out = HedgewatchProcess.stdoutLines(process, "demo-it-sigterm");
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> indexOf(out, "calm market for 30s") >= 0 || !process.isAlive());
      process.destroy(); // SIGTERM
      boolean ended = process.waitFor(60, TimeUnit.SECONDS);
      String err = Files.readString(errFile, StandardCharsets.UTF_8);
      String all = String.join("\n", out) + "\n--- stderr\n" + err;
      assertThat(ended).as(all).isTrue();
      assertThat(process.exitValue()).as(all).isZero();
      assertThat(err).as(all).contains("hedgewatch: SIGTERM received: stopping the scenario");
      assertThat(indexOf(out, "funding turns")).as("stopped in the calm " + all).isNegative();
    } finally {
      process.destroyForcibly();
    }
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
