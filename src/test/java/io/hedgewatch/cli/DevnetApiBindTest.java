package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in devnet's API port: 8787 when free, the system's choice when another has it. */
class DevnetApiBindTest {

  @TempDir Path dir;

  @Test
  void a_taken_8787_gives_the_devnet_a_free_port_and_says_so_and_a_free_one_is_used()
      throws IOException {
    Path config = dir.resolve("devnet.yaml");
    Files.writeString(config, "storage: { url: \"jdbc:sqlite:x.db\" }\n");
    StringWriter said = new StringWriter();
    try (ServerSocket other = new ServerSocket()) {
      other.setReuseAddress(true);
      try {
        other.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 8787));
      } catch (IOException e) {
        Assumptions.abort("127.0.0.1:8787 is held by something else on this machine");
      }
      MonitorStack.bindDevnetApi(config, new PrintWriter(said, true));
    }
    assertThat(Files.readString(config))
        .startsWith("storage:")
        .endsWith("\napi: { bind: \"127.0.0.1:0\" }\n");
    assertThat(said.toString()).contains("127.0.0.1:8787 is taken").contains("free port");

    Path second = dir.resolve("second.yaml");
    Files.writeString(second, "");
    StringWriter quiet = new StringWriter();
    MonitorStack.bindDevnetApi(second, new PrintWriter(quiet, true));
    assertThat(Files.readString(second)).isEqualTo("\napi: { bind: \"127.0.0.1:8787\" }\n");
    assertThat(quiet.toString()).isEmpty();
  }
}
