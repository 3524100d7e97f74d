package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** How {@code demo} refuses before it starts anything. */
class DemoCommandTest {

  private record Result(int exit, String out, String err) {}

  private static Result demo(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] all = new String[args.length + 1];
    all[0] = "demo";
    System.arraycopy(args, 0, all, 1, args.length);
    int exit =
        HedgewatchCommand.execute(all, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  @Test
  void an_unknown_scenario_exits_2_listing_the_available_ones() {
    Result r = demo("--scenario", "moon-landing");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("hedgewatch: no scenario 'moon-landing'; available: ")
        .contains(
            "funding-squeeze", "oracle-bound", "sequencer-outage", "proxy-upgrade", "market-paused")
        .doesNotContain("Exception");
  }

  @Test
  void a_speed_that_is_not_positive_is_a_usage_error() {
    Result r = demo("--speed", "0");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--speed must be a positive number, was 0.0");
  }

  @Test
  void help_names_the_options() {
    Result r = demo("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("--scenario=NAME", "--speed=X", "funding-squeeze");
  }
}
