package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to {@code check}: a clear reason on stderr, exit 3 (or 2 for usage), never a stack
 * trace.
 */
class CheckCommandTest {

  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        HedgewatchCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  private Path file(String yaml) throws IOException {
    return Files.writeString(dir.resolve("config.yaml"), yaml);
  }

  private static final String VALID =
      "chains:\n"
          + "  devnet:\n"
          + "    chainId: 31337\n"
          + "    rpcUrls: [\"http://127.0.0.1:9/\"]\n"
          + "feeds:\n"
          + "  eth-usd:\n"
          + "    chain: devnet\n"
          + "    type: chainlink\n"
          + "    address: \"0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612\"\n"
          + "    heartbeat: 1h\n";

  @Test
  void malformed_yaml_exits_unknown_naming_the_line() throws IOException {
    Run r = run("check", "--config", file("chains:\n  devnet: [unclosed\n").toString());
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("line").doesNotContain("\tat ");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void an_unknown_key_exits_unknown_with_its_path_and_the_nearest_valid_key() throws IOException {
    Run r =
        run("check", "--config", file(VALID.replace("heartbeat: 1h", "heartbeet: 1h")).toString());
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("feeds.eth-usd.heartbeet").contains("heartbeat");
  }

  @Test
  void a_bad_checksum_exits_unknown_showing_the_right_one() throws IOException {
    Run r =
        run(
            "check",
            "--config",
            file(VALID.replace(
                    "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612",
                    "0x639fE6ab55C921f74e7fac1ee960C0B6293ba612"))
                .toString());
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err())
        .contains("feeds.eth-usd.address")
        .contains("0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612");
  }

  @Test
  void a_missing_file_exits_unknown() {
    Run r = run("check", "--config", dir.resolve("nope.yaml").toString());
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.err()).contains("nope.yaml").doesNotContain("\tat ");
  }

  @Test
  void an_unknown_option_is_a_usage_error_with_one_line() {
    Run r = run("check", "--frobnicate");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(r.err()).contains("--frobnicate").contains("hedgewatch check --help");
  }

  @Test
  void every_command_has_help() {
    for (String[] args :
        new String[][] {
          {"--help"},
          {"check", "--help"},
          {"config", "--help"},
          {"config", "validate", "--help"},
          {"devnet", "--help"}
        }) {
      Run r = run(args);
      assertThat(r.exit()).as(String.join(" ", args)).isZero();
      assertThat(r.out()).contains("Usage:");
    }
  }
}
