package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code run} fails before it starts monitoring: exit 1 and one line naming the cause. */
class RunCommandTest {

  @TempDir Path dir;

  private record Result(int exit, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        HedgewatchCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(exit, out.toString(), err.toString());
  }

  private Path config(String extra) throws IOException {
    Path file = dir.resolve("hw.yaml");
    Files.writeString(
        file,
        "chains:\n"
            + "  local: { chainId: 31337, rpcUrls: [\"http://127.0.0.1:1\"], pollInterval: 1s }\n"
            + "storage: { url: \"jdbc:sqlite:"
            + dir.resolve("hw.db")
            + "\" }\n"
            + "alerts: { sinks: [] }\n"
            + extra);
    return file;
  }

  @Test
  void an_invalid_config_exits_1_with_every_problem_and_its_path() throws IOException {
    Path file = config("api: { bind: \"0.0.0.0:8787\" }\n");
    Result r = run("run", "--config", file.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("api.bind", "is invalid");
    assertThat(r.err()).doesNotContain("Exception");
  }

  @Test
  void a_store_that_cannot_be_opened_exits_1_naming_it() throws IOException {
    Path file = dir.resolve("hw.yaml");
    Files.writeString(
        file,
        "chains:\n"
            + "  local: { chainId: 31337, rpcUrls: [\"http://127.0.0.1:1\"] }\n"
            + "storage: { url: \"jdbc:sqlite:"
            + dir.resolve("missing/hw.db")
            + "\" }\n");
    Result r = run("run", "--config", file.toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("cannot open storage", "does not exist");
  }

  @Test
  void an_api_port_in_use_exits_1_naming_the_address() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path file = config("api: { bind: \"127.0.0.1:" + taken.getLocalPort() + "\" }\n");
      Result r = run("run", "--config", file.toString());
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("127.0.0.1:" + taken.getLocalPort());
      assertThat(r.err()).doesNotContain("\tat ");
    }
  }

  @Test
  void an_unknown_log_format_is_a_usage_error() {
    Result r = run("--log-format", "xml", "run", "--config", "x.yaml");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--log-format must be text or json");
  }
}
