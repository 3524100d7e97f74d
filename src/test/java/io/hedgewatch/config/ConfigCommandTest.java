package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.cli.ConfigCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code hedgewatch config validate FILE}, run through picocli with captured output. */
class ConfigCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Map<String, String> env, String... args) {
    CommandLine cli = new CommandLine(new ConfigCommand(env));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void a_valid_file_prints_one_summary_line_and_exits_0() {
    String file = ArbitrumConfigTest.arbitrumYaml().toString();

    int code = run(Map.of(), "validate", file);

    assertThat(code).isZero();
    assertThat(out.toString())
        .isEqualTo(
            file
                + ": valid (1 chain, 5 feeds, 2 venues, 4 markets, 3 watched contracts)"
                + System.lineSeparator());
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void alerts_and_api_are_validated_and_no_longer_listed_as_ignored(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("c.yaml");
    Files.writeString(
        file,
        """
        chains:
          a: { chainId: 1, rpcUrls: ["https://a"] }
          b: { chainId: 2, rpcUrls: ["https://b"] }
        positions: {}
        alerts: {}
        api: { bind: "127.0.0.1:0" }
        """);

    assertThat(run(Map.of(), "validate", file.toString())).isZero();
    assertThat(out.toString().strip()).isEqualTo(file + ": valid (2 chains, 0 feeds)");
  }

  @Test
  void prints_alerts_and_api_problems_with_their_paths_and_no_secret(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("alerts.yaml");
    Files.writeString(
        file,
        """
        alerts:
          repeatAfter: 0s
          sinks:
            - { type: webhook, url: "https://bot.example/hook", secret: "${HEDGEWATCH_WEBHOOK_SECRET}" }
            - { type: slack, url: "ftp://hooks.slack.com/services/T000/B000/XXXXSECRET" }
        api: { bind: "0.0.0.0:8787" }
        """);

    int code = run(Map.of("HEDGEWATCH_WEBHOOK_SECRET", ""), "validate", file.toString());

    assertThat(code).isEqualTo(ConfigCommand.EXIT_INVALID);
    assertThat(err.toString()).doesNotContain("XXXXSECRET").doesNotContain("T000");
    assertThat(err.toString().lines())
        .containsExactly(
            file + ": alerts.repeatAfter: '0s' is zero; expected a duration above zero, e.g. 30s",
            file
                + ": alerts.sinks[0].secret: secret is empty: environment variable"
                + " HEDGEWATCH_WEBHOOK_SECRET is empty; set it to the secret the receiver checks"
                + " each delivery's signature with (unsigned webhooks are not offered)",
            file
                + ": alerts.sinks[1].url: 'ftp://hooks.slack.com/***' is not a usable URL: the"
                + " scheme must be one of http, https, got ftp",
            file
                + ": api.bind: '0.0.0.0:8787' is reachable from other machines: set api.token"
                + " (e.g. token: \"${HEDGEWATCH_API_TOKEN}\") so that only its holders can"
                + " acknowledge alerts, or bind to loopback (127.0.0.1:8787)",
            "4 problems");
  }

  @Test
  void the_summary_counts_positions(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("p.yaml");
    Files.writeString(
        file,
        """
        venues:
          hl: { type: hyperliquid }
        markets:
          eth: { venue: hl, market: ETH }
        positions:
          a: { market: eth, account: "0x639fe6ab55c921f74e7fac1ee960c0b6293ba612" }
          b: { market: eth, side: long, size: 1, entryPrice: 3000, collateral: 1000, maintenanceMarginRatio: 1% }
        """);

    assertThat(run(Map.of(), "validate", file.toString())).isZero();
    assertThat(out.toString().strip())
        .isEqualTo(file + ": valid (0 chains, 0 feeds, 1 venue, 1 market, 2 positions)");
  }

  @Test
  void an_invalid_file_prints_each_problem_with_its_path_then_a_count_and_exits_78(
      @TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        """
        chains:
          arbitrum: { chainId: 42161, rpcUrls: ["${ARBITRUM_RPC_URL}"] }
        feeds:
          eth-usd: { chain: arbitrum, type: chainlink, address: "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612", heartbeet: 24h }
        """);

    int code = run(Map.of(), "validate", file.toString());

    assertThat(code).isEqualTo(ConfigCommand.EXIT_INVALID).isEqualTo(78);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines())
        .containsExactly(
            file
                + ": chains.arbitrum.rpcUrls[0]: environment variable ARBITRUM_RPC_URL is not set"
                + " (set it, or give a default: ${ARBITRUM_RPC_URL:-value})",
            file + ": feeds.eth-usd.heartbeet: unknown key 'heartbeet'; did you mean 'heartbeat'?",
            "2 problems");
  }

  @Test
  void reads_variables_from_the_environment_it_is_given(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("env.yaml");
    Files.writeString(file, "chains:\n  a: { chainId: 1, rpcUrls: [\"${RPC}\"] }\n");

    assertThat(run(Map.of("RPC", "https://node"), "validate", file.toString())).isZero();
  }

  @Test
  void a_missing_file_is_one_problem_without_a_path(@TempDir Path dir) {
    Path file = dir.resolve("missing.yaml");

    assertThat(run(Map.of(), "validate", file.toString())).isEqualTo(78);
    assertThat(err.toString().lines())
        .containsExactly(file + ": file not found: " + file, "1 problem");
  }

  @Test
  void without_a_file_it_is_a_usage_error() {
    assertThat(run(Map.of(), "validate")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("FILE");
  }

  @Test
  void without_a_subcommand_it_is_a_usage_error() {
    assertThat(run(Map.of())).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("missing subcommand: validate");
  }

  @Test
  void has_help() {
    assertThat(run(Map.of(), "validate", "--help")).isZero();
    assertThat(out.toString()).contains("Usage: config validate").contains("78 invalid");
  }
}
