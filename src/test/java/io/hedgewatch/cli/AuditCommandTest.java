package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class AuditCommandTest {

  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private final AuditCommand.Moment moment =
      new AuditCommand.Moment(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void a_time_is_an_instant_a_utc_date_now_or_a_duration_back() {
    assertThat(moment.convert("2026-11-01T06:30:00Z"))
        .isEqualTo(Instant.parse("2026-11-01T06:30:00Z"));
    assertThat(moment.convert("2026-11-01")).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    assertThat(moment.convert("now")).isEqualTo(NOW);
    assertThat(moment.convert("7d")).isEqualTo(NOW.minusSeconds(7 * 86_400));
    assertThat(moment.convert("12h")).isEqualTo(NOW.minusSeconds(12 * 3_600));
  }

  @Test
  void anything_else_is_refused_with_the_forms_it_takes() {
    assertThatThrownBy(() -> moment.convert("last tuesday"))
        .isInstanceOf(CommandLine.TypeConversionException.class)
        .hasMessageContaining("'last tuesday' is not a time")
        .hasMessageContaining("2026-11-01");
  }

  @Test
  void a_bad_time_exits_2_naming_the_option_and_a_missing_config_exits_1() {
    StringWriter err = new StringWriter();
    int bad =
        new CommandLine(new HedgewatchCommand())
            .setErr(new PrintWriter(err, true))
            .execute("audit", "--config", "x.yaml", "--feed", "eth-usd", "--from", "soon");
    assertThat(bad).isEqualTo(2);
    assertThat(err.toString()).contains("--from").contains("'soon' is not a time");

    StringWriter err2 = new StringWriter();
    int missing =
        new CommandLine(new HedgewatchCommand())
            .setErr(new PrintWriter(err2, true))
            .execute(
                "audit", "--config", "/nonexistent/h.yaml", "--feed", "eth-usd", "--from", "1d");
    assertThat(missing).isEqualTo(1);
    assertThat(err2.toString()).contains("/nonexistent/h.yaml").doesNotContain("Exception");
  }

  private static String usageError(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        HedgewatchCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(exit).as("exit of %s: %s", String.join(" ", args), err).isEqualTo(2);
    return err.toString();
  }

  @Test
  void without_a_feed_or_a_carry_target_or_with_a_half_described_hedge_exits_2() {
    assertThat(usageError("audit", "--config", "x.yaml", "--from", "1d"))
        .contains("give --feed ID to audit a feed, --market ID or --position ID")
        .doesNotContain("Exception");
    assertThat(
            usageError(
                "audit", "--config", "x.yaml", "--from", "1d", "--market", "m", "--position", "p"))
        .contains("give --market or --position, not both");
    assertThat(
            usageError(
                "audit", "--config", "x.yaml", "--from", "1d", "--market", "m", "--side", "short"))
        .contains("give the hedge's --side and --size together");
    assertThat(
            usageError(
                "audit",
                "--config",
                "x.yaml",
                "--from",
                "1d",
                "--feed",
                "f",
                "--size",
                "2",
                "--side",
                "long"))
        .contains("describe a hedge: give --market or --position too");
    assertThat(
            usageError(
                "audit",
                "--config",
                "x.yaml",
                "--from",
                "1d",
                "--market",
                "m",
                "--side",
                "sideways",
                "--size",
                "2"))
        .contains("'sideways' is not a side: long or short");
    assertThat(
            usageError(
                "audit",
                "--config",
                "x.yaml",
                "--from",
                "1d",
                "--market",
                "m",
                "--side",
                "short",
                "--size",
                "-1"))
        .contains("--size must be above 0, was -1");
  }

  @Test
  void off_a_terminal_progress_is_a_line_a_quarter_and_on_one_a_bar_redrawn_in_place() {
    StringWriter plain = new StringWriter();
    ProgressBar log = new ProgressBar(new PrintWriter(plain, true), false);
    for (int i = 0; i <= 1000; i += 10) {
      log.advanced("rounds", i, 1000);
    }
    log.finish();
    assertThat(plain.toString().lines())
        .containsExactly(
            "hedgewatch: reading rounds: 0 / 1,000 (0 %)",
            "hedgewatch: reading rounds: 250 / 1,000 (25 %)",
            "hedgewatch: reading rounds: 500 / 1,000 (50 %)",
            "hedgewatch: reading rounds: 750 / 1,000 (75 %)",
            "hedgewatch: reading rounds: 1,000 / 1,000 (100 %)");

    StringWriter tty = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(tty, true), true);
    bar.advanced("rounds", 500, 1000);
    bar.finish();
    assertThat(tty.toString())
        .startsWith("\rhedgewatch: reading rounds [###############...............]  50 %")
        .endsWith("\n");
  }

  @Test
  void a_new_stage_starts_its_own_bar_and_its_own_quarters() {
    StringWriter plain = new StringWriter();
    ProgressBar log = new ProgressBar(new PrintWriter(plain, true), false);
    log.advanced("rounds", 1000, 1000);
    log.advanced("candle days", 6, 8);
    log.advanced("candle days", 8, 8);
    log.finish();
    assertThat(plain.toString().lines())
        .containsExactly(
            "hedgewatch: reading rounds: 1,000 / 1,000 (100 %)",
            "hedgewatch: reading candle days: 6 / 8 (75 %)",
            "hedgewatch: reading candle days: 8 / 8 (100 %)");

    StringWriter tty = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(tty, true), true);
    bar.advanced("rounds", 1000, 1000);
    bar.advanced("candle days", 4, 8);
    bar.finish();
    // the rounds' bar is left whole on its line; the candles' starts on the next
    assertThat(tty.toString())
        .contains(" 100 % (1,000 / 1,000)\n\rhedgewatch: reading candle days [")
        .endsWith("  50 % (4 / 8)\n");
  }
}
