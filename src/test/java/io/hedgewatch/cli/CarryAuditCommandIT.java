package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.SimulatedPerpVenues;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code hedgewatch audit --market} (alone, and with {@code --feed}: the feed report's carry
 * section) in-process against a devnet config: the hedge's history from the devnet's simulated
 * Hyperliquid, Binance USD-M's {@code /fapi/v1/fundingRate} in the recorded reply's shape from a
 * MockWebServer (the devnet's simulated CEX perps serve no funding history), and Bybit left at the
 * devnet's simulated exchange, which answers no history: a problem the report must show, not a
 * zero.
 */
class CarryAuditCommandIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration EIGHT_HOURS = Duration.ofHours(8);

  private static Devnet devnet;
  private static MockWebServer binance;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    devnet = Devnet.start();
    devnet
        .perpVenues()
        .setHyperliquidFundingHistory(
            "ETH", SimulatedPerpVenues.FundingSeries.hourly(new BigDecimal("0.0000125")));
    binance = new MockWebServer();
    binance.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            return binanceReply(request.getRequestUrl());
          }
        });
    binance.start();
  }

  @AfterAll
  static void stop() throws Exception {
    if (binance != null) {
      binance.shutdown();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  /** Every 8 h on the epoch's 8 h grid up to now, 0.02 % per 8 h, oldest first. */
  private static MockResponse binanceReply(HttpUrl url) {
    if (url.encodedPath().equals("/fapi/v1/fundingInfo")) {
      return new MockResponse().setBody("[]");
    }
    if (!url.encodedPath().equals("/fapi/v1/fundingRate")) {
      return new MockResponse().setResponseCode(404).setBody("{\"code\":-5000,\"msg\":\"Path\"}");
    }
    Instant start = Instant.ofEpochMilli(Long.parseLong(url.queryParameter("startTime")));
    Instant end = Instant.ofEpochMilli(Long.parseLong(url.queryParameter("endTime")));
    int limit = Integer.parseInt(url.queryParameter("limit"));
    Instant now = Instant.now();
    ArrayNode rows = JSON.createArrayNode();
    for (Instant t = grid(start.plus(EIGHT_HOURS).minusMillis(1));
        !t.isAfter(end) && !t.isAfter(now) && rows.size() < limit;
        t = t.plus(EIGHT_HOURS)) {
      ObjectNode row = rows.addObject();
      row.put("symbol", url.queryParameter("symbol"));
      row.put("fundingTime", t.toEpochMilli());
      row.put("fundingRate", "0.00020000");
      row.put("markPrice", "3000.00000000");
    }
    return new MockResponse().setBody(rows.toString());
  }

  /** The last 8 h settlement at or before {@code t}. */
  private static Instant grid(Instant t) {
    long step = EIGHT_HOURS.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), step) * step);
  }

  /** The devnet's config, Binance's futures at the mock, eth-perp-hl compared with two venues. */
  private Path config() throws Exception {
    Path file = devnet.writeConfig(dir.resolve("devnet.yaml"));
    String yaml = Files.readString(file, StandardCharsets.UTF_8);
    String devnetBinance =
        devnet.exchanges().fundingBaseUrl(io.hedgewatch.domain.CexFundingVenue.BINANCE);
    assertThat(yaml).contains(devnetBinance);
    String hlLine =
        yaml.lines().filter(l -> l.startsWith("  eth-perp-hl:")).findFirst().orElseThrow();
    yaml =
        yaml.replace("\"" + devnetBinance + "\"", "\"" + binance.url("/") + "\"")
            .replace(
                hlLine,
                hlLine.replaceAll(
                    "fundingReferences: \\[[^]]*]", "fundingReferences: [binance, bybit]"));
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private record Run(int exit, String out, String err) {}

  private static Run audit(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        HedgewatchCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void audits_a_short_on_hyperliquid_against_binance_and_writes_the_carry_report()
      throws Exception {
    Instant to = grid(Instant.now()).minus(EIGHT_HOURS);
    Instant from = to.minus(Duration.ofDays(1));
    Path out = dir.resolve("carry-out");

    Run run =
        audit(
            "audit",
            "--config",
            config().toString(),
            "--market",
            "eth-perp-hl",
            "--side",
            "short",
            "--size",
            "2",
            "--price",
            "3000",
            "--from",
            from.toString(),
            "--to",
            to.toString(),
            "--out",
            out.toString());

    assertThat(run.exit()).as("stdout %s stderr %s", run.out(), run.err()).isZero();
    // Bybit's history is not served: said on stderr, and in the report, never a zero.
    assertThat(run.err()).contains("carry audit of market eth-perp-hl: missing bybit");
    assertThat(run.out())
        .contains("carry of short 2 on market eth-perp-hl")
        .contains("hl: net 1.80 USD received")
        .contains("APR 10.95 %")
        .contains("cheapest CEX binance APR 21.90 %")
        .contains("report: " + out.resolve("report.html").toAbsolutePath());

    JsonNode carry = JSON.readTree(out.resolve("summary.json").toFile()).get("carry");
    assertThat(carry.get("market").asText()).isEqualTo("eth-perp-hl");
    JsonNode hl = carry.get("hedgeVenue");
    // 24 hours × 2 × 3000 × 0.0000125 received by the short
    assertThat(new BigDecimal(hl.get("received").asText())).isEqualByComparingTo("1.8");
    assertThat(hl.get("settlements").asInt()).isEqualTo(24);
    assertThat(hl.get("coverage").get("complete").asBoolean()).isTrue();
    assertThat(new BigDecimal(hl.get("netApr").asText())).isEqualByComparingTo("0.1095");
    JsonNode bn = carry.get("cex").get(0);
    assertThat(bn.get("venue").asText()).isEqualTo("binance");
    // settlements at from + 8 h, from + 16 h and to: 3 × 6000 × 0.0002
    assertThat(new BigDecimal(bn.get("net").asText())).isEqualByComparingTo("3.6");
    assertThat(carry.get("cex")).hasSize(1);
    JsonNode c = carry.get("comparison");
    assertThat(c.get("cheapestVenue").asText()).isEqualTo("binance");
    // (0.219 − 0.1095) a year on 6000 for a day
    assertThat(new BigDecimal(c.get("excessCostVsCheapest").asText())).isEqualByComparingTo("1.8");
    assertThat(carry.get("problems").toString()).contains("bybit");

    List<String> csv = Files.readAllLines(out.resolve("carry.csv"));
    assertThat(csv.get(0))
        .isEqualTo("venue,time,rateHourly,chargedSeconds,notional,payment,cumulative");
    assertThat(csv).hasSize(1 + 24 + 3);
    assertThat(csv.get(24)).startsWith("hl,").endsWith(",1.8");
    assertThat(csv.get(27)).startsWith("binance," + to + ",").endsWith(",3.6");

    String html = Files.readString(out.resolve("report.html"));
    assertThat(html)
        .contains("id=\"chart-carry\"")
        .contains("data-venue=\"binance\" data-points=\"3\"")
        .contains("bybit")
        .doesNotContain("<script");
  }

  @Test
  void a_feed_audit_with_a_market_carries_the_hedge_section_in_the_feed_report() throws Exception {
    Instant to = grid(Instant.now()).minus(EIGHT_HOURS);
    Instant from = to.minus(Duration.ofDays(1));
    Path out = dir.resolve("feed-out");

    Run run =
        audit(
            "audit",
            "--config",
            config().toString(),
            "--feed",
            "eth-usd",
            "--market",
            "eth-perp-hl",
            "--side",
            "short",
            "--size",
            "2",
            "--price",
            "3000",
            "--cache",
            dir.resolve("cache").toString(),
            "--from",
            from.toString(),
            "--to",
            to.toString(),
            "--out",
            out.toString());

    assertThat(run.exit()).as("stdout %s stderr %s", run.out(), run.err()).isZero();
    // the feed's first screen, then the hedge's, in one run
    assertThat(run.out())
        .contains("feed eth-usd on ")
        .contains("carry of short 2 on market eth-perp-hl")
        .contains("hl: net 1.80 USD received")
        .contains("cheapest CEX binance APR 21.90 %")
        .contains("rounds: " + out.resolve("rounds.csv").toAbsolutePath());

    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("feed").toString()).contains("eth-usd");
    JsonNode carry = summary.get("carry");
    assertThat(carry.get("title").asText()).isEqualTo("Hedge carry: short 2 on market eth-perp-hl");
    assertThat(carry.get("notes").toString()).contains("missing: ").contains("bybit");
    JsonNode hl = carry.get("series").get(0);
    assertThat(hl.get("name").asText()).isEqualTo("hl net carry");
    assertThat(hl.get("unit").asText()).isEqualTo("USD");
    assertThat(hl.get("points")).hasSize(24);
    JsonNode last = hl.get("points").get(23);
    assertThat(new BigDecimal(last.get("value").asText())).isEqualByComparingTo("1.8");
    JsonNode bn = carry.get("series").get(1);
    assertThat(bn.get("name").asText()).isEqualTo("binance net carry");
    assertThat(bn.get("points")).hasSize(3);

    String html = Files.readString(out.resolve("report.html"));
    assertThat(html)
        .contains("id=\"chart-price\"")
        .contains("id=\"chart-carry\"")
        .contains("Hedge carry: short 2 on market eth-perp-hl")
        .doesNotContain("<script");
  }

  @Test
  void exits_1_naming_the_reason_when_nothing_can_be_computed() {
    Instant to = grid(Instant.now()).minus(EIGHT_HOURS);
    Run run;
    try {
      run =
          audit(
              "audit",
              "--config",
              config().toString(),
              "--market",
              "eth-perp-hl",
              "--from",
              to.minus(Duration.ofDays(1)).toString(),
              "--to",
              to.toString(),
              "--out",
              dir.resolve("none").toString());
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .contains("carry audit of market eth-perp-hl: nothing to compute")
        .contains("give the hedge's side and size");
    assertThat(dir.resolve("none")).doesNotExist();
  }
}
