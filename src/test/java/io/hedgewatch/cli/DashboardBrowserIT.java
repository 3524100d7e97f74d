package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.devnet.DevnetDemo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard as a person sees it: {@code hedgewatch run} (its own JVM) on a devnet with the
 * demo's hedges, the page opened in a real headless Chromium (Debian's, driven by playwright-core
 * from contracts/package.json). Every panel must show data, an alert raised on the chain must reach
 * the live timeline within seconds, and the page must log no error. The screenshot is kept as
 * {@code target/dashboard.png}. Under {@code CI=true} a missing Chromium fails the test ({@code
 * .ci/run} installs it); elsewhere the test is skipped with the reason.
 */
class DashboardBrowserIT {

  private static final Pattern API = Pattern.compile("API http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void stopAll() {
    for (Process p : children) {
      if (p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
  }

  @Test
  void every_panel_shows_data_and_a_raised_alert_reaches_the_timeline_without_page_errors()
      throws Exception {
    Path modules = io.hedgewatch.testing.HeadlessChromium.requireBrowser();

    try (Devnet devnet = Devnet.start()) {
      DevnetContracts c = devnet.contracts();
      DevnetDemo.openPositions(devnet);
      Path config = DevnetDemo.writeConfig(devnet, dir.resolve("demo.yaml"));
      // levels other than the defaults, so that the drift chart's lines are seen to be the config's
      Files.writeString(
          config,
          Files.readString(config)
              + "\napi: { bind: \"127.0.0.1:0\" }\n"
              + "rules:\n  oracle.drift: { warn: 0.8%, critical: 2% }\n");
      post(devnet, c.ethUsdProxy(), Devnet.ETH_USD_ANSWER);

      Path stderr = dir.resolve("run.err");
      Process run =
          HedgewatchProcess.builder(List.of("run", "--config", config.toString()))
              .redirectError(stderr.toFile())
              .redirectOutput(dir.resolve("run.out").toFile())
              .start();
      children.add(run);
      int[] port = new int[1];
      await()
          .atMost(WAIT)
          .until(
              () -> {
                assertThat(run.isAlive()).as("run is up").isTrue();
                Matcher m = API.matcher(Files.readString(stderr));
                if (m.find()) {
                  port[0] = Integer.parseInt(m.group(1));
                  return ready(port[0]);
                }
                return false;
              });

      Path script = dir.resolve("dashboard-check.mjs");
      try (InputStream in = getClass().getResourceAsStream("/browser/dashboard-check.mjs")) {
        Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      }
      Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
      Files.createDirectories(screenshot.getParent());
      Process browser =
          new ProcessBuilder(
                  "node",
                  script.toString(),
                  modules.toString(),
                  "http://127.0.0.1:" + port[0] + "/",
                  screenshot.toString())
              .redirectError(dir.resolve("browser.err").toFile())
              .start();
      children.add(browser);
      List<String> lines = HedgewatchProcess.stdoutLines(browser, "browser-stdout");
      await()
          .atMost(WAIT)
          .until(
              () -> lines.stream().anyMatch(l -> l.startsWith("READY ") || l.startsWith("DONE ")));
      JsonNode ready = result(lines, "READY ");
      assertThat(ready.path("feedCards").asInt()).as(ready.toString()).isGreaterThanOrEqualTo(4);
      assertThat(ready.path("marketCards").asInt()).isGreaterThanOrEqualTo(8);
      assertThat(ready.path("positionRows").asInt())
          .as("header and two hedges")
          .isGreaterThanOrEqualTo(3);
      assertThat(ready.path("driftWarnBps").asDouble()).as(ready.toString()).isEqualTo(80.0);
      assertThat(ready.path("driftCriticalBps").asDouble()).isEqualTo(200.0);

      post(devnet, c.ethUsdProxy(), BigInteger.valueOf(3_100).multiply(BigInteger.TEN.pow(8)));
      try (OutputStream toBrowser = browser.getOutputStream()) {
        toBrowser.write("ALERT feed:eth-usd\n".getBytes(StandardCharsets.UTF_8));
        toBrowser.flush();
        await().atMost(WAIT).until(() -> lines.stream().anyMatch(l -> l.startsWith("DONE ")));
      }
      assertThat(browser.waitFor(30, TimeUnit.SECONDS)).isTrue();
      JsonNode done = result(lines, "DONE ");
      assertThat(done.path("problems")).as(done.toString()).isEmpty();
      assertThat(done.path("timeline").toString()).contains("feed:eth-usd", "alert.opened");
      assertThat(done.path("timelineMillis").asLong())
          .as("the alert reached the page within seconds of its commit")
          .isLessThan(30_000);
      assertThat(screenshot).isNotEmptyFile();
    }
  }

  private static void post(Devnet devnet, String proxy, BigInteger answer) {
    devnet.ops().postRound(proxy, answer, devnet.anvil().latestBlockTimestamp());
  }

  private static boolean ready(int port) throws IOException {
    OkHttpClient http = new OkHttpClient();
    try (Response r =
        http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/readyz").build())
            .execute()) {
      return r.code() == 200;
    }
  }

  private static JsonNode result(List<String> lines, String prefix) throws IOException {
    for (String line : lines) {
      if (line.startsWith(prefix)) {
        return JSON.readTree(line.substring(prefix.length()));
      }
      if (line.startsWith("DONE ") && !prefix.equals("DONE ")) {
        fail("the browser check ended early: " + line);
      }
    }
    throw new AssertionError("no " + prefix.trim() + " line in " + lines);
  }
}
