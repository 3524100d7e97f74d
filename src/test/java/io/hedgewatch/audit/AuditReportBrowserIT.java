package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An audit's {@code report.html} as a person sees it: written to a temporary directory, opened over
 * {@code file://} in a real headless Chromium (Debian's, driven by playwright-core from
 * contracts/package.json). Every chart must be drawn, the page must log no error and request
 * nothing beyond its own file. The screenshot is kept as {@code target/audit-report.png}. Under
 * {@code CI=true} a missing Chromium fails the test; elsewhere the test is skipped with the reason.
 */
class AuditReportBrowserIT {

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
  void every_chart_is_drawn_and_the_report_opens_offline_without_page_errors() throws Exception {
    Path modules = io.hedgewatch.testing.HeadlessChromium.requireBrowser();

    CarrySection carry =
        new CarrySection(
            "Funding paid and received",
            List.of("net funding -3.5 USD"),
            List.of(
                new CarrySection.TimeSeries(
                    "hedge",
                    "USD",
                    List.of(
                        new CarrySection.Point(AuditData.at(0), new BigDecimal("-1")),
                        new CarrySection.Point(AuditData.at(60), new BigDecimal("-2.5")),
                        new CarrySection.Point(AuditData.at(119), new BigDecimal("-3.5"))))));
    AuditReport report = AuditReports.planted(AuditReports.HOSTILE_ID).withCarry(carry);
    AuditReportWriter.Written written = AuditReportWriter.write(report, dir.resolve("out"));

    Path script = dir.resolve("audit-report-check.mjs");
    try (InputStream in = getClass().getResourceAsStream("/browser/audit-report-check.mjs")) {
      Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
    }
    Path screenshot = Path.of("target", "audit-report.png").toAbsolutePath();
    Files.createDirectories(screenshot.getParent());
    Path out = dir.resolve("browser.out");
    Process browser =
        new ProcessBuilder(
                "node",
                script.toString(),
                modules.toString(),
                written.html().toUri().toString(),
                screenshot.toString())
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve("browser.err").toFile())
            .start();
    children.add(browser);
    assertThat(browser.waitFor(120, TimeUnit.SECONDS)).as("the browser check ends").isTrue();
    String stderr = Files.readString(dir.resolve("browser.err"));
    String done =
        Files.readAllLines(out, StandardCharsets.UTF_8).stream()
            .filter(l -> l.startsWith("DONE "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no DONE line; stderr: " + stderr));
    JsonNode result = JSON.readTree(done.substring("DONE ".length()));
    assertThat(result.path("problems")).as(result.toString()).isEmpty();
    assertThat(result.path("verdict").asText()).isEqualTo("UNTRUSTWORTHY");
    assertThat(result.path("verdictBottom").asDouble())
        .as("the verdict is on the first screen")
        .isLessThan(900);
    List<String> charts = new ArrayList<>();
    for (JsonNode chart : result.path("charts")) {
      charts.add(chart.path("chart").asText());
      assertThat(chart.path("shapes").asInt()).as(chart.toString()).isPositive();
      assertThat(chart.path("width").asDouble()).as(chart.toString()).isGreaterThan(300);
      assertThat(chart.path("height").asDouble()).as(chart.toString()).isGreaterThan(50);
    }
    assertThat(charts).containsExactly("price", "drift", "gaps", "carry");
    assertThat(drawn(result, "price")).contains("feed", "reference");
    assertThat(drawn(result, "drift")).contains("drift");
    assertThat(drawn(result, "gaps")).contains("gaps");
    assertThat(drawn(result, "carry")).contains("hedge");
    assertThat(screenshot).isNotEmptyFile();
  }

  private static List<String> drawn(JsonNode result, String chart) {
    List<String> series = new ArrayList<>();
    for (JsonNode c : result.path("charts")) {
      if (c.path("chart").asText().equals(chart)) {
        c.path("drawn").forEach(s -> series.add(s.asText()));
      }
    }
    return series;
  }
}
