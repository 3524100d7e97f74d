package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.hedgewatch.devnet.ProcessChecks;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hedgewatch devnet} as a user runs it: a JVM of its own that prints where its config is,
 * serves a check against that config, and on Ctrl-C (SIGINT) stops everything it started.
 */
class DevnetCommandIT {

  private static final String CONFIG_LINE = "config written to ";
  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final Duration STOP = Duration.ofSeconds(30);

  @TempDir Path dir;
  private Process child;

  @AfterEach
  void killLeftovers() {
    if (child != null && child.isAlive()) {
      child.descendants().forEach(ProcessHandle::destroyForcibly);
      child.destroyForcibly();
    }
  }

  private Process startDevnetCommand(Path configOut, Path stderr) throws IOException {
    return HedgewatchProcess.builder(List.of("devnet", "--config-out", configOut.toString()))
        .redirectError(stderr.toFile())
        .start();
  }

  private static List<String> readLines(Process process) {
    return HedgewatchProcess.stdoutLines(process, "devnet-command-stdout");
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void runs_until_ctrl_c_serves_a_check_meanwhile_and_leaves_no_anvil_behind() throws Exception {
    Path configOut = dir.resolve("devnet.yaml");
    Path stderr = dir.resolve("stderr.txt");
    child = startDevnetCommand(configOut, stderr);
    List<String> out = readLines(child);

    await()
        .atMost(STARTUP)
        .pollInterval(Duration.ofMillis(200))
        .failFast("the devnet command exited", () -> !child.isAlive())
        .until(() -> out.stream().anyMatch(l -> l.startsWith(CONFIG_LINE)));
    Path config =
        Path.of(
            out.stream()
                .filter(l -> l.startsWith(CONFIG_LINE))
                .findFirst()
                .orElseThrow()
                .substring(CONFIG_LINE.length()));
    assertThat(config).isEqualTo(configOut.toAbsolutePath());
    JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(config.toFile());
    int port =
        URI.create(yaml.path("chains").path("devnet").path("rpcUrls").get(0).asText()).getPort();
    Path store =
        Path.of(yaml.path("storage").path("url").asText().substring("jdbc:sqlite:".length()));
    List<ProcessHandle> anvils =
        child
            .descendants()
            .filter(p -> p.info().command().map(c -> c.endsWith("anvil")).orElse(false))
            .toList();
    assertThat(anvils).as("the command's anvil, among %s", child.descendants().toList()).hasSize(1);
    List<ProcessHandle> tree = child.descendants().toList();

    CheckIT.Run check = CheckIT.check(config, false);
    assertThat(check.exit()).as(check.out() + check.err()).isZero();
    assertThat(check.out()).contains("STATUS: OK", "eth-usd-pyth");
    assertThat(store).as("the check kept its baselines in the devnet's store").exists();

    // Ctrl-C: SIGINT to the command's JVM alone (a terminal would signal anvil's group too, which
    // would hide a devnet that does not stop its own processes).
    Process kill =
        new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).inheritIO().start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
    assertThat(child.waitFor(STOP.toSeconds(), TimeUnit.SECONDS))
        .as("stderr: %s", Files.readString(stderr))
        .isTrue();

    assertThat(out).as("stderr: %s", Files.readString(stderr)).contains("devnet stopped");
    assertThat(Files.readString(stderr)).doesNotContain("\tat ");
    await().atMost(STOP).until(() -> tree.stream().allMatch(ProcessChecks::exited));
    assertThat(anvils.get(0).isAlive()).isFalse();
    assertThat(accepts(port)).as("anvil's port %d still answers", port).isFalse();
    assertThat(store.getParent()).as("the devnet's store goes with it").doesNotExist();
  }
}
