package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.audit.FeedAuditFindings.DriftSample;
import io.hedgewatch.audit.FeedAuditFindings.Trust;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditReportTest {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @TempDir Path dir;

  @Test
  void planted_audit_is_untrustworthy_for_the_reasons_planted() {
    FeedAuditFindings f = AuditReports.planted("eth-usd").findings();
    assertThat(f.verdict().trust()).isEqualTo(Trust.UNTRUSTWORTHY);
    assertThat(f.verdict().reasons())
        .extracting(FeedAuditFindings.Reason::kind)
        .contains(
            FeedAuditFindings.ReasonKind.DRIFT_CRITICAL,
            FeedAuditFindings.ReasonKind.STALE_CRITICAL,
            FeedAuditFindings.ReasonKind.AT_BOUND,
            FeedAuditFindings.ReasonKind.DRIFT_WARN,
            FeedAuditFindings.ReasonKind.DEVIATION_MISSED,
            FeedAuditFindings.ReasonKind.NEAR_BOUND,
            FeedAuditFindings.ReasonKind.INCOMPLETE_ROUNDS);
  }

  @Test
  void html_answers_with_the_verdict_its_reasons_and_key_numbers_before_the_first_chart() {
    AuditReport report = AuditReports.planted("eth-usd");
    String html = AuditHtml.render(report);
    int firstChart = html.indexOf("<svg");
    assertThat(firstChart).isPositive();
    String firstScreen = html.substring(0, firstChart);
    assertThat(firstScreen)
        .contains("data-trust=\"UNTRUSTWORTHY\"", "<h1 class=\"trust\">UNTRUSTWORTHY</h1>");
    for (FeedAuditFindings.Reason r : report.findings().verdict().reasons()) {
      assertThat(firstScreen).contains("data-kind=\"" + r.kind() + "\"");
      assertThat(firstScreen).contains(AuditHtml.escape(r.summary()));
      assertThat(firstScreen).contains(AuditText.iso(r.when().get(0).from()));
    }
    // the 35-minute gap against the 10-minute heartbeat
    assertThat(firstScreen).contains("35m", "3.50 × the 10m heartbeat");
    FeedAuditFindings.Percentiles p = report.findings().drift().distribution().orElseThrow();
    assertThat(firstScreen)
        .contains(AuditText.bpsText(p.p50()) + " / " + AuditText.bpsText(p.p95()))
        .contains(AuditText.bpsText(p.p99()) + " / " + AuditText.bpsText(p.max()))
        .contains("3 of 3")
        .contains("data-number=\"bounds\"", "1 / 1");
  }

  @Test
  void html_draws_each_chart_with_its_series_levels_and_shaded_untrusted_ranges() {
    AuditReport report = AuditReports.planted("eth-usd");
    String html = AuditHtml.render(report);
    assertThat(chart(html, "price"))
        .contains("data-series=\"feed\"", "data-series=\"reference\"", "class=\"untrusted\"");
    assertThat(chart(html, "drift"))
        .contains("data-warn-bps=\"100.00\"", "data-critical-bps=\"200.00\"")
        .contains("data-level=\"warn\"", "data-level=\"critical\"", "data-series=\"drift\"");
    assertThat(pointsOf(chart(html, "drift"), "drift"))
        .isEqualTo(report.findings().drift().samples().size());
    String gaps = chart(html, "gaps");
    assertThat(gaps).contains("data-level=\"heartbeat\"");
    Matcher counts = Pattern.compile("data-count=\"(\\d+)\"").matcher(gaps);
    int total = 0;
    while (counts.find()) {
      total += Integer.parseInt(counts.group(1));
    }
    assertThat(total).isEqualTo(report.findings().heartbeat().gaps().size());
    // 3.5 heartbeats falls in (3, 5]
    assertThat(gaps).contains("data-bin=\"3–5\" data-count=\"1\"");
    assertThat(html).doesNotContain("data-chart=\"carry\"");
  }

  @Test
  void html_draws_the_carry_section_when_given() {
    CarrySection carry =
        new CarrySection(
            "Funding paid and received",
            List.of("net -12.5 USD over the period"),
            List.of(
                new CarrySection.TimeSeries(
                    "paid on gmx",
                    "USD",
                    List.of(
                        new CarrySection.Point(AuditData.at(0), new BigDecimal("-1")),
                        new CarrySection.Point(AuditData.at(60), new BigDecimal("-2.5")))),
                new CarrySection.TimeSeries(
                    "binance",
                    "USD",
                    List.of(
                        new CarrySection.Point(AuditData.at(0), new BigDecimal("0.5")),
                        new CarrySection.Point(AuditData.at(60), new BigDecimal("0.7"))))));
    String html = AuditHtml.render(AuditReports.planted("eth-usd").withCarry(carry));
    assertThat(chart(html, "carry"))
        .contains("data-series=\"paid-on-gmx binance\"")
        .contains("data-series=\"paid-on-gmx\" data-points=\"2\"")
        .contains("data-series=\"binance\" data-points=\"2\"");
    assertThat(html).contains("net -12.5 USD over the period");
  }

  @Test
  void html_escapes_a_hostile_feed_id_and_venue_failure() {
    String html = AuditHtml.render(AuditReports.planted(AuditReports.HOSTILE_ID));
    assertThat(html).doesNotContain("<script", "alert('x')");
    assertThat(html)
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;eth&quot;");
    assertThat(html).contains("pair &lt;XETHZUSD&gt; not listed");
  }

  @Test
  void html_is_self_contained() {
    String html = AuditHtml.render(AuditReports.planted("eth-usd"));
    assertThat(html.toLowerCase())
        .doesNotContain(
            "http://", "https://", "<script", "<link", "<img", "@import", "url(", "src=");
  }

  @Test
  void html_of_10000_rounds_against_100000_candles_stays_small_and_keeps_the_spike() {
    AuditReport report = AuditReports.large(10_000, 100_000);
    String html = AuditHtml.render(report);
    assertThat(html.length()).as("report size").isLessThan(400_000);
    String drift = chart(html, "drift");
    assertThat(pointsOf(drift, "drift")).isEqualTo(100_000);
    int drawn = drawnOf(drift, "drift");
    assertThat(drawn).isLessThanOrEqualTo(4 * (SvgPlot.plotWidth() + 1));
    // the one 500 bps spike is the drift's maximum magnitude and survives the downsampling
    BigDecimal max = report.findings().drift().distribution().orElseThrow().max();
    assertThat(max).isGreaterThan(new BigDecimal("400"));
    SvgPlot plot = new SvgPlot(report.from(), report.to(), 0, 0);
    String path = pathOf(drift, "drift");
    double lowestDrawn =
        Pattern.compile("[ML][0-9.]+ ([0-9.]+)")
            .matcher(path)
            .results()
            .mapToDouble(m -> Double.parseDouble(m.group(1)))
            .max()
            .orElseThrow();
    double floor =
        report.findings().drift().samples().stream()
            .mapToDouble(s -> s.driftBps().doubleValue())
            .min()
            .orElseThrow();
    assertThat(floor).isLessThan(-400);
    // the spike is the lowest drift (the feed far below a 105 reference): the largest y drawn
    assertThat(lowestDrawn).isGreaterThan(SvgPlot.TOP + SvgPlot.plotHeight() * 0.9);
    assertThat(plot).isNotNull();
  }

  @Test
  void csv_has_a_row_per_update_in_the_period_with_reference_and_drift_as_the_findings() {
    AuditReport report = AuditReports.planted("eth-usd");
    List<Map<String, String>> rows = parseCsv(AuditCsv.render(report));
    assertThat(rows).hasSize(report.findings().updates().total());
    Map<String, Map<String, String>> byId =
        rows.stream().collect(Collectors.toMap(r -> r.get("id"), r -> r));
    int compared = 0;
    for (DriftSample s : report.findings().drift().samples()) {
      Map<String, String> row = byId.get(s.answerId());
      if (row != null && row.get("referenceAt").equals(AuditText.iso(s.openTime()))) {
        assertThat(new BigDecimal(row.get("driftBps")))
            .isEqualTo(s.driftBps().setScale(2, RoundingMode.HALF_UP));
        compared++;
      }
    }
    assertThat(compared).as("rows whose candle is a judged sample").isGreaterThan(10);
    Map<String, String> nearBound = byId.get("r110.0");
    assertThat(nearBound)
        .containsEntry("updatedAt", "2024-03-01T01:50:00Z")
        .containsEntry("answerRaw", "10060000000")
        .containsEntry("price", "100.6")
        .containsEntry("complete", "true")
        .containsEntry("referencePrice", "100.6")
        .containsEntry("driftBps", "0.00")
        .containsEntry("gapSeconds", "300");
    assertThat(byId.get("i60.0"))
        .containsEntry("complete", "false")
        .containsEntry("driftBps", "")
        .containsEntry("gapSeconds", "");
    assertThat(byId.get("r75.0")).containsEntry("gapSeconds", "2100");
    assertThat(byId.get("r5.0"))
        .as("from the round in force at from")
        .containsEntry("gapSeconds", "420");
  }

  @Test
  void csv_quotes_commas_quotes_and_line_breaks_per_rfc_4180() {
    AuditReport planted = AuditReports.planted("eth-usd");
    List<FeedUpdate> updates = new ArrayList<>(planted.updates());
    FeedUpdate u = updates.get(1);
    String hostile = "12,\"34\"\nx";
    updates.set(
        1,
        new FeedUpdate(u.at(), u.price(), u.raw(), hostile, u.phaseId(), Optional.empty(), true));
    AuditReport report =
        new AuditReport(
            planted.feed(),
            planted.params(),
            planted.findings(),
            updates,
            planted.reference(),
            List.of(),
            Optional.empty());
    String csv = AuditCsv.render(report);
    assertThat(csv).contains("\"12,\"\"34\"\"\nx\",1,");
    assertThat(csv).startsWith(String.join(",", AuditCsv.HEADER) + "\r\n");
    List<Map<String, String>> rows = parseCsv(csv);
    assertThat(rows).hasSize(planted.findings().updates().total());
    assertThat(rows.get(0).get("id")).isEqualTo(hostile);
  }

  @Test
  void json_puts_the_verdict_first_and_carries_the_documented_numbers_exactly() throws Exception {
    AuditReport report = AuditReports.planted(AuditReports.HOSTILE_ID);
    JsonNode json = JSON.readTree(AuditJson.render(report));
    Iterator<String> names = json.fieldNames();
    assertThat(names.next()).isEqualTo("verdict");
    assertThat(json.path("verdict").path("trust").asText()).isEqualTo("UNTRUSTWORTHY");
    assertThat(json.path("verdict").path("reasons"))
        .hasSize(report.findings().verdict().reasons().size());
    assertThat(json.path("feed").path("id").asText()).isEqualTo(AuditReports.HOSTILE_ID);
    assertThat(json.path("from").asText()).isEqualTo("2024-03-01T00:00:00Z");
    assertThat(json.path("to").asText()).isEqualTo("2024-03-01T02:00:00Z");
    assertThat(json.path("rounds").asInt()).isEqualTo(18);
    assertThat(json.path("incompleteRounds").asInt()).isEqualTo(1);
    assertThat(json.path("maxGapSeconds").asLong()).isEqualTo(2100);
    assertThat(json.path("maxGapSeconds").isIntegralNumber()).isTrue();
    assertThat(json.path("heartbeatSeconds").asLong()).isEqualTo(600);
    assertThat(json.path("gapsOverHeartbeat").asInt()).isEqualTo(1);
    assertThat(json.path("missedDeviationTriggers").asInt())
        .isEqualTo(report.findings().deviation().misses().size())
        .isPositive();
    FeedAuditFindings.Percentiles p = report.findings().drift().distribution().orElseThrow();
    JsonNode drift = json.path("driftBps");
    assertThat(drift.path("p50").decimalValue())
        .isEqualByComparingTo(p.p50().setScale(2, RoundingMode.HALF_UP));
    assertThat(drift.path("p95").decimalValue())
        .isEqualByComparingTo(p.p95().setScale(2, RoundingMode.HALF_UP));
    assertThat(drift.path("p99").decimalValue())
        .isEqualByComparingTo(p.p99().setScale(2, RoundingMode.HALF_UP));
    // 97.5 against a feed at 100: 2.5 / 97.5 = 256.41 bps
    assertThat(drift.path("max").decimalValue()).isEqualByComparingTo("256.41");
    JsonNode worst = json.path("episodes").get(0);
    assertThat(worst.path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(worst.path("start").asText()).isEqualTo("2024-03-01T01:30:00Z");
    assertThat(worst.path("end").asText()).isEqualTo("2024-03-01T01:33:00Z");
    assertThat(worst.path("peakDriftBps").decimalValue()).isEqualByComparingTo("256.41");
    assertThat(json.path("params").path("driftWarnBps").decimalValue()).isEqualByComparingTo("100");
    assertThat(json.path("params").path("bounds").path("maxAnswer").asText())
        .isEqualTo("10100000000");
    assertThat(json.path("boundHits")).hasSize(2);
    assertThat(json.path("boundHits").get(1).path("position").asText()).isEqualTo("AT");
    assertThat(json.path("boundHits").get(1).path("price").asText()).isEqualTo("101");
    assertThat(json.path("incomplete").get(0).path("id").asText()).isEqualTo("i60.0");
    assertThat(json.path("referenceCoverage").get(1).path("failure").asText())
        .isEqualTo("pair <XETHZUSD> not listed");
    assertThat(json.path("referenceCoverage").get(0).path("failure").isNull()).isTrue();
    assertThat(json.path("carry").isNull()).isTrue();
  }

  @Test
  void writer_creates_the_directory_and_writes_the_three_files() throws Exception {
    Path out = dir.resolve("a").resolve("b");
    AuditReportWriter.Written w = AuditReportWriter.write(AuditReports.planted("eth-usd"), out);
    assertThat(w.html()).isEqualTo(out.resolve("report.html")).isNotEmptyFile();
    assertThat(Files.readString(w.csv())).startsWith("id,phaseId,");
    assertThat(JSON.readTree(w.json().toFile()).path("verdict").path("trust").asText())
        .isEqualTo("UNTRUSTWORTHY");
  }

  @Test
  void writer_names_the_path_when_the_out_dir_is_a_file() throws Exception {
    Path file = Files.writeString(dir.resolve("taken"), "x");
    assertThatThrownBy(() -> AuditReportWriter.write(AuditReports.planted("eth-usd"), file))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("not a directory");
  }

  // ---------------------------------------------------------------- helpers

  private static String chart(String html, String name) {
    int start = html.indexOf("data-chart=\"" + name + "\"");
    assertThat(start).as("chart " + name).isPositive();
    return html.substring(html.lastIndexOf("<svg", start), html.indexOf("</svg>", start));
  }

  private static Matcher seriesPath(String svg, String series) {
    Matcher m =
        Pattern.compile(
                "data-series=\""
                    + series
                    + "\" data-points=\"(\\d+)\" data-drawn=\"(\\d+)\" d=\"([^\"]*)\"")
            .matcher(svg);
    assertThat(m.find()).as("series " + series).isTrue();
    return m;
  }

  private static int pointsOf(String svg, String series) {
    return Integer.parseInt(seriesPath(svg, series).group(1));
  }

  private static int drawnOf(String svg, String series) {
    return Integer.parseInt(seriesPath(svg, series).group(2));
  }

  private static String pathOf(String svg, String series) {
    return seriesPath(svg, series).group(3);
  }

  /** RFC 4180, strictly: CRLF row ends, quoted fields may hold anything. */
  static List<Map<String, String>> parseCsv(String csv) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    int i = 0;
    while (i < csv.length()) {
      char c = csv.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
          field.append('"');
          i += 2;
          continue;
        }
        if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
        i++;
      } else if (c == '"') {
        assertThat(field).as("quote only at a field's start").isEmpty();
        quoted = true;
        i++;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        i++;
      } else if (c == '\r') {
        assertThat(csv.charAt(i + 1)).isEqualTo('\n');
        record.add(field.toString());
        field.setLength(0);
        records.add(record);
        record = new ArrayList<>();
        i += 2;
      } else {
        assertThat(c).as("bare line feed").isNotEqualTo('\n');
        field.append(c);
        i++;
      }
    }
    assertThat(record).as("last row ends with CRLF").isEmpty();
    List<String> header = records.get(0);
    List<Map<String, String>> rows = new ArrayList<>();
    for (List<String> r : records.subList(1, records.size())) {
      assertThat(r).hasSameSizeAs(header);
      Map<String, String> row = new java.util.LinkedHashMap<>();
      for (int k = 0; k < header.size(); k++) {
        row.put(header.get(k), r.get(k));
      }
      rows.add(row);
    }
    return rows;
  }
}
