package io.hedgewatch.venue;

import static io.hedgewatch.venue.OffchainTestSupport.FAST;
import static io.hedgewatch.venue.OffchainTestSupport.failure;
import static io.hedgewatch.venue.OffchainTestSupport.fixture;
import static io.hedgewatch.venue.OffchainTestSupport.json;
import static io.hedgewatch.venue.OffchainTestSupport.ok;
import static io.hedgewatch.venue.OffchainTestSupport.unwrapCapture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.devnet.SimulatedPerpVenues;
import io.hedgewatch.devnet.SimulatedPerpVenues.FundingSeries;
import io.hedgewatch.devnet.SimulatedPerpVenues.Venue;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.support.HttpPolicy;
import io.hedgewatch.venue.OffchainTestSupport.TestClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production readers against {@link SimulatedPerpVenues} on loopback: what a test sets on the
 * simulated venue is what the reader sees at its next read.
 */
class SimulatedPerpVenuesReadTest {

  private static final Instant NOW = Instant.parse("2025-12-08T16:20:00Z");

  private TestClock clock;
  private SimulatedPerpVenues venues;
  private OkHttpClient http;
  private HyperliquidReader hyperliquid;
  private DydxReader dydx;

  @BeforeEach
  void start() {
    clock = new TestClock(NOW);
    venues = new SimulatedPerpVenues(clock);
    http = OffchainTestSupport.http();
    hyperliquid =
        HyperliquidReader.create(
            "hyperliquid", Optional.of(venues.baseUrl(Venue.HYPERLIQUID)), http, clock, FAST);
    dydx = DydxReader.create("dydx", Optional.of(venues.baseUrl(Venue.DYDX)), http, clock, FAST);
  }

  @AfterEach
  void stop() {
    OffchainTestSupport.close(http);
    venues.close();
  }

  @Test
  void the_simulated_replies_have_the_recorded_replies_fields() throws IOException {
    venues.addHyperliquidMarket("ETH", new BigDecimal("3100"));
    venues.addDydxMarket("ETH-USD", new BigDecimal("3100"));
    JsonNode meta = json(fixture("hyperliquid-metaAndAssetCtxs.json"));
    JsonNode markets = json(unwrapCapture(fixture("dydx-v4-perpetualMarkets.json")));
    JsonNode funding = json(unwrapCapture(fixture("dydx-v4-historicalFunding.json")));
    JsonNode history = json(fixture("hyperliquid-fundingHistory.json"));

    JsonNode simMeta = json(post("{\"type\":\"metaAndAssetCtxs\"}"));
    assertThat(fields(simMeta.get(0).get("universe").get(0)))
        .isEqualTo(fields(meta.get(0).get("universe").get(4)));
    assertThat(fields(simMeta.get(1).get(0))).isEqualTo(fields(meta.get(1).get(4)));
    JsonNode simHistory =
        json(post("{\"type\":\"fundingHistory\",\"coin\":\"ETH\",\"startTime\":1764000000000}"));
    assertThat(fields(simHistory.get(0))).isEqualTo(fields(history.get(0)));
    JsonNode simMarkets = json(get("/v4/perpetualMarkets"));
    assertThat(fields(simMarkets.get("markets").get("ETH-USD")))
        .isEqualTo(fields(markets.get("markets").get("ETH-USD")));
    JsonNode simFunding = json(get("/v4/historicalFunding/ETH-USD?limit=2"));
    assertThat(fields(simFunding.get("historicalFunding").get(0)))
        .isEqualTo(fields(funding.get("historicalFunding").get(0)));
    assertThat(simFunding.get("historicalFunding").get(0).get("effectiveAt").asText())
        .isEqualTo("2025-12-08T16:00:00.000Z");
  }

  private String post(String body) throws IOException {
    Request request =
        new Request.Builder()
            .url(venues.baseUrl(Venue.HYPERLIQUID) + "/info")
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    try (Response response = http.newCall(request).execute()) {
      return response.body().string();
    }
  }

  private String get(String path) throws IOException {
    Request request = new Request.Builder().url(venues.baseUrl(Venue.DYDX) + path).build();
    try (Response response = http.newCall(request).execute()) {
      return response.body().string();
    }
  }

  private static Set<String> fields(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void a_hyperliquid_market_changes_between_two_reads() {
    venues.addHyperliquidMarket("BTC", new BigDecimal("90000"));
    venues.addHyperliquidMarket("ETH", new BigDecimal("3100.5"));

    MarketSnapshot before = ok(hyperliquid.snapshots(List.of("ETH")).get(0));
    assertThat(before.markPrice()).contains(new BigDecimal("3100.5"));
    assertThat(before.indexPrice()).contains(new BigDecimal("3100.5"));
    assertThat(before.fundingRateHourly()).contains(new BigDecimal("0.0000125"));
    assertThat(before.predictedFundingRateHourly()).contains(new BigDecimal("0.0000125"));
    assertThat(before.nextFundingTime()).contains(Instant.parse("2025-12-08T17:00:00Z"));
    assertThat(before.status().restricted()).isFalse();

    venues.setHyperliquidPrices("ETH", new BigDecimal("3150.25"), new BigDecimal("3140"));
    venues.setHyperliquidFunding("ETH", new BigDecimal("0.0004"));
    venues.setHyperliquidPredictedFunding("ETH", new BigDecimal("-0.0001"));
    venues.setHyperliquidOpenInterest("ETH", new BigDecimal("12345.6789"));
    venues.setHyperliquidDelisted("BTC", true);

    List<Read<MarketSnapshot>> after = hyperliquid.snapshots(List.of("ETH", "BTC"));
    MarketSnapshot eth = ok(after.get(0));
    assertThat(eth.markPrice()).contains(new BigDecimal("3150.25"));
    assertThat(eth.indexPrice()).contains(new BigDecimal("3140"));
    assertThat(eth.fundingRateHourly()).contains(new BigDecimal("0.0004"));
    assertThat(eth.predictedFundingRateHourly()).contains(new BigDecimal("-0.0001"));
    assertThat(eth.openInterest()).contains(new BigDecimal("12345.6789"));
    assertThat(ok(after.get(1)).status().delisted()).isTrue();
    assertThat(venues.requests(Venue.HYPERLIQUID)).isEqualTo(4);
  }

  @Test
  void hyperliquid_answers_an_unlisted_prediction_with_null_and_the_reader_leaves_it_out() {
    venues.addHyperliquidMarket("ETH", new BigDecimal("3100"));
    venues.clearHyperliquidPredictedFunding("ETH");

    MarketSnapshot eth = ok(hyperliquid.snapshots(List.of("ETH")).get(0));

    assertThat(eth.predictedFundingRateHourly()).isEmpty();
    assertThat(eth.fundingRateHourly()).contains(new BigDecimal("0.0000125"));
  }

  @Test
  void a_hyperliquid_history_with_a_spike_is_read_across_pages() {
    venues.addHyperliquidMarket("ETH", new BigDecimal("3100"));
    Instant spike = Instant.parse("2025-12-01T03:00:00Z");
    venues.setHyperliquidFundingHistory(
        "ETH",
        FundingSeries.hourlyWithSpike(new BigDecimal("0.0000125"), spike, new BigDecimal("0.004")));

    List<FundingPoint> points =
        hyperliquid
            .fundingHistory("ETH", NOW.minus(Duration.ofDays(30)), NOW)
            .asOptional()
            .orElseThrow();

    // 2025-11-08T17:00 .. 2025-12-08T16:00, every hour
    assertThat(points).hasSize(720);
    assertThat(points.get(0).at()).isEqualTo(Instant.parse("2025-11-08T17:00:00Z"));
    assertThat(points.get(719).at()).isEqualTo(Instant.parse("2025-12-08T16:00:00Z"));
    assertThat(points)
        .filteredOn(p -> p.rateHourly().compareTo(new BigDecimal("0.004")) == 0)
        .extracting(FundingPoint::at)
        .containsExactly(spike);
    // a page of 500 from startTime, then the rest: its last row is the last hour before the end,
    // so no third request is needed
    assertThat(venues.requests(Venue.HYPERLIQUID)).isEqualTo(2);
  }

  @Test
  void a_dydx_market_changes_between_two_reads() {
    venues.addDydxMarket("BTC-USD", new BigDecimal("90000"));
    venues.addDydxMarket("ETH-USD", new BigDecimal("3100.5"));

    MarketSnapshot before = ok(dydx.snapshots(List.of("ETH-USD")).get(0));
    assertThat(before.markPrice()).isEmpty();
    assertThat(before.indexPrice()).contains(new BigDecimal("3100.5"));
    assertThat(before.fundingRateHourly()).contains(new BigDecimal("0.00000125"));
    assertThat(before.predictedFundingRateHourly()).contains(new BigDecimal("0.00000125"));
    assertThat(before.fundingCapHourly()).contains(new BigDecimal("0.006"));

    venues.setDydxOraclePrice("ETH-USD", new BigDecimal("3200"));
    venues.setDydxFunding("ETH-USD", new BigDecimal("-0.00002"));
    venues.setDydxPredictedFunding("ETH-USD", new BigDecimal("0.00003"));
    venues.setDydxOpenInterest("ETH-USD", new BigDecimal("7457.108"));
    venues.setDydxStatus("BTC-USD", "CANCEL_ONLY");

    List<Read<MarketSnapshot>> after = dydx.snapshots(List.of("ETH-USD", "BTC-USD"));
    MarketSnapshot eth = ok(after.get(0));
    assertThat(eth.indexPrice()).contains(new BigDecimal("3200"));
    assertThat(eth.fundingRateHourly()).contains(new BigDecimal("-0.00002"));
    assertThat(eth.predictedFundingRateHourly()).contains(new BigDecimal("0.00003"));
    assertThat(eth.openInterest()).contains(new BigDecimal("7457.108"));
    assertThat(ok(after.get(1)).status().reduceOnly()).isTrue();
    // first cycle 1 + 1, second 1 + 2
    assertThat(venues.requests(Venue.DYDX)).isEqualTo(5);
  }

  @Test
  void a_dydx_history_with_a_spike_is_read_across_pages_oldest_first() {
    venues.addDydxMarket("ETH-USD", new BigDecimal("3100"));
    Instant spike = Instant.parse("2025-12-05T11:00:00Z");
    venues.setDydxFundingHistory(
        "ETH-USD",
        FundingSeries.hourlyWithSpike(
            new BigDecimal("0.00000125"), spike, new BigDecimal("-0.0009")));
    DydxReader paged =
        new DydxReader(
            "dydx", okhttp3.HttpUrl.get(venues.baseUrl(Venue.DYDX)), http, clock, FAST, 100, 20);

    List<FundingPoint> points =
        paged
            .fundingHistory("ETH-USD", NOW.minus(Duration.ofDays(7)), NOW)
            .asOptional()
            .orElseThrow();

    assertThat(points).hasSize(168);
    assertThat(points).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
    assertThat(points.get(167).at()).isEqualTo(Instant.parse("2025-12-08T16:00:00Z"));
    assertThat(points)
        .filteredOn(p -> p.rateHourly().signum() < 0)
        .extracting(FundingPoint::at)
        .containsExactly(spike);
    assertThat(venues.requests(Venue.DYDX)).isEqualTo(2);
  }

  @Test
  void dydx_says_an_unknown_ticker_is_not_listed() {
    venues.addDydxMarket("ETH-USD", new BigDecimal("3100"));

    assertThat(failure(dydx.snapshots(List.of("ETH-PERP")).get(0)).describe())
        .isEqualTo("unavailable: dydx lists no market 'ETH-PERP' (1 perpetual markets listed)");
    assertThat(failure(dydx.fundingHistory("ETH-PERP", NOW.minusSeconds(7200), NOW)).describe())
        .isEqualTo(
            "unavailable: dydx lists no such market: HTTP 404: ETH-PERP not found in markets of type"
                + " PERPETUAL");
  }

  @Test
  void an_injected_failure_is_retried_through_and_a_lasting_one_reported() {
    venues.addHyperliquidMarket("ETH", new BigDecimal("3100"));
    venues.failNext(Venue.HYPERLIQUID, 1, 502, "<html>502 Bad Gateway</html>");

    assertThat(hyperliquid.snapshots(List.of("ETH")).get(0)).isInstanceOf(Read.Ok.class);
    assertThat(venues.requests(Venue.HYPERLIQUID)).isEqualTo(3);

    venues.addDydxMarket("ETH-USD", new BigDecimal("3100"));
    venues.failWithRetryAfter(
        Venue.DYDX, 429, "{\"errors\":[{\"msg\":\"Too many requests\"}]}", "5");
    assertThat(failure(dydx.snapshots(List.of("ETH-USD")).get(0)).describe())
        .contains("HTTP 429", "retry after 5 s");

    venues.recover(Venue.DYDX);
    clock.advance(Duration.ofSeconds(5));
    assertThat(dydx.snapshots(List.of("ETH-USD")).get(0)).isInstanceOf(Read.Ok.class);
  }

  @Test
  void a_slow_venue_ends_in_the_named_timeout() {
    venues.addHyperliquidMarket("ETH", new BigDecimal("3100"));
    venues.delay(Venue.HYPERLIQUID, Duration.ofSeconds(2));
    HttpPolicy quick =
        FAST.withTimeout(Duration.ofMillis(250))
            .withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1));
    HyperliquidReader impatient =
        HyperliquidReader.create(
            "hyperliquid", Optional.of(venues.baseUrl(Venue.HYPERLIQUID)), http, clock, quick);

    assertThat(failure(impatient.snapshots(List.of("ETH")).get(0)).describe())
        .isEqualTo(
            "unavailable: no reply within 250 ms (venue.hyperliquid.metaAndAssetCtxs.timeout)");
  }
}
