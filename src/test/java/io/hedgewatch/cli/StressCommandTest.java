package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code stress}'s arguments: what each option accepts, and bad ones refused as usage errors (exit
 * 2, one line naming the option), before any chain is read.
 */
class StressCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        HedgewatchCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  /** A valid config whose RPC endpoint nobody serves: usage errors must come before any read. */
  private Path config() throws IOException {
    return Files.writeString(
        dir.resolve("config.yaml"),
        """
        chains:
          l2:
            chainId: 42161
            rpcUrls: ["http://127.0.0.1:9/"]
            sequencerUptimeFeed: "0xFdB631F5EE196F0ed6FAa767959853A9F217697D"
          l1: { chainId: 1, rpcUrls: ["http://127.0.0.1:9/"] }
        """);
  }

  private static StressCommand parse(String... args) {
    StressCommand command = new StressCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @ParameterizedTest
  @CsvSource({
    "-10%, -0.1",
    "+25%, 0.25",
    "25%, 0.25",
    "-500bps, -0.05",
    "-99.5%, -0.995",
    "0%, 0",
    "150%, 1.5"
  })
  void a_price_shock_is_a_signed_percent_or_bps(String text, String fraction) {
    assertThat(parse("--config", "x.yaml", "--price-shock", text).priceShock)
        .isEqualByComparingTo(fraction);
    assertThat(parse("--config", "x.yaml", "--price-shock=" + text).priceShock)
        .isEqualByComparingTo(fraction);
  }

  @Test
  void defaults_are_the_ladder_unchanged_funding_no_drift_and_no_outage() {
    StressCommand c = parse("--config", "x.yaml");
    assertThat(c.priceShock).isNull();
    assertThat(c.fundingX).isEqualByComparingTo("1");
    assertThat(c.drift).isEqualByComparingTo("0");
    assertThat(c.sequencerOutage).isEmpty();
    assertThat(c.json).isFalse();
  }

  @Test
  void funding_drift_and_outage_are_read_as_given() {
    StressCommand c =
        parse(
            "--config",
            "x.yaml",
            "--funding-x",
            "3x",
            "--drift",
            "2%",
            "--sequencer-outage",
            "--sequencer-outage=l2",
            "--json");
    assertThat(c.fundingX).isEqualByComparingTo("3");
    assertThat(c.fundingX.toPlainString()).isEqualTo("3");
    assertThat(c.drift).isEqualByComparingTo(new BigDecimal("0.02"));
    assertThat(c.sequencerOutage).containsExactly("*", "l2");
    assertThat(c.json).isTrue();
    assertThat(parse("--config", "x.yaml", "--funding-x", "0").fundingX).isEqualByComparingTo("0");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--price-shock|abc|'abc' is not a percent",
        "--price-shock|-150%|is not above -100%",
        "--price-shock|-100%|is not above -100%",
        "--price-shock|-10|has no unit",
        "--price-shock|0.1|has no unit",
        "--funding-x|-1|is negative",
        "--funding-x|lots|is not a multiplier",
        "--drift|-2%|is negative",
        "--drift|100%|is not below 100%",
        "--drift|2|has no unit"
      })
  void a_bad_value_is_a_usage_error_naming_the_option(String option, String value, String why)
      throws IOException {
    Run r = run("stress", "--config", config().toString(), option, value);
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
    assertThat(r.err())
        .contains("Invalid value for option '" + option + "'")
        .contains(value)
        .contains("hedgewatch stress --help")
        .doesNotContain("\tat ");
    if (!why.equals("has no unit")) {
      assertThat(r.err()).contains(why);
    } else {
      assertThat(r.err()).contains("write it with its unit");
    }
    assertThat(r.out()).isEmpty();
  }

  @Test
  void an_outage_of_a_chain_that_is_not_there_or_has_no_uptime_feed_is_a_usage_error()
      throws IOException {
    Run unknown = run("stress", "--config", config().toString(), "--sequencer-outage=base");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("--sequencer-outage")
        .contains("no chain 'base'")
        .contains("l2, l1");
    Run noFeed = run("stress", "--config", config().toString(), "--sequencer-outage", "l1");
    assertThat(noFeed.exit()).isEqualTo(2);
    assertThat(noFeed.err())
        .contains("--sequencer-outage")
        .contains("'l1' has no sequencerUptimeFeed");
  }

  @Test
  void the_config_is_required_and_a_bad_one_exits_unknown() throws IOException {
    Run missing = run("stress", "--price-shock", "-10%");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err()).contains("--config");

    Path bad = Files.writeString(dir.resolve("bad.yaml"), "chains:\n  l2: { chainId: x }\n");
    Run invalid = run("stress", "--config", bad.toString());
    assertThat(invalid.exit()).isEqualTo(3);
    assertThat(invalid.err()).contains("chains.l2").doesNotContain("\tat ");
    assertThat(invalid.out()).isEmpty();
  }

  @Test
  void stress_has_help() {
    Run r = run("stress", "--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("Usage:")
        .contains("--price-shock")
        .contains("--funding-x")
        .contains("--drift")
        .contains("--sequencer-outage");
  }
}
