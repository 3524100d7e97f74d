package io.hedgewatch.venue;

import static io.hedgewatch.venue.OffchainTestSupport.FAST;
import static io.hedgewatch.venue.OffchainTestSupport.failure;
import static io.hedgewatch.venue.OffchainTestSupport.fixture;
import static io.hedgewatch.venue.OffchainTestSupport.json;
import static io.hedgewatch.venue.OffchainTestSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.support.HttpPolicy;
import io.hedgewatch.venue.OffchainTestSupport.TestClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HyperliquidReader} against a scripted {@code /info} server. */
class HyperliquidReaderTest {

  private static final Instant START = Instant.parse("2025-08-06T08:20:00Z");
  private static final String META = fixture("hyperliquid-metaAndAssetCtxs.json");

  /** Two markets, as {@code metaAndAssetCtxs} pairs them: universe[i] with assetCtxs[i]. */
  private static final String TWO_MARKETS =
      """
      [{"universe":[{"szDecimals":5,"name":"BTC","maxLeverage":40},
                    {"szDecimals":4,"name":"ETH","maxLeverage":25,"marginTableId":25}]},
       [{"funding":"0.0000125","openInterest":"30000.5","prevDayPx":"114000.0","dayNtlVlm":"1.0",
         "premium":"0.0001","oraclePx":"114500.0","markPx":"114520.0","midPx":"114521.0",
         "impactPxs":["114519.0","114522.0"],"dayBaseVlm":"1.0"},
        {"funding":"-0.0000104019","openInterest":"450000.25","prevDayPx":"3600.0","dayNtlVlm":"1.0",
         "premium":null,"oraclePx":"3650.1","markPx":"3651.2","midPx":null,"impactPxs":null,
         "dayBaseVlm":"1.0"}]]
      """;

  private static final String PREDICTED =
      """
      [["BTC",[["BinPerp",{"fundingRate":"0.00008786","nextFundingTime":1754496000000,"fundingIntervalHours":8}],
               ["HlPerp",{"fundingRate":"0.0000125","nextFundingTime":1754470800000,"fundingIntervalHours":1}],
               ["BybitPerp",{"fundingRate":"0.0001","nextFundingTime":1754496000000,"fundingIntervalHours":8}]]],
       ["ETH",[["BinPerp",null],
               ["HlPerp",{"fundingRate":"0.0000104019","nextFundingTime":1754470800000}],
               ["BybitPerp",null]]],
       "garbage", ["SOL", "not a list"], ["DOGE", [["HlPerp", {"fundingRate": true}]]]]
      """;

  private MockWebServer server;
  private OkHttpClient http;
  private TestClock clock;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    http = OffchainTestSupport.http();
    clock = new TestClock(START);
  }

  @AfterEach
  void stop() throws IOException {
    OffchainTestSupport.close(http);
    server.shutdown();
  }

  private HyperliquidReader reader(HttpPolicy policy) {
    return new HyperliquidReader("hyperliquid", server.url("/hyperliquid"), http, clock, policy);
  }

  private static MockResponse json200(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  @Test
  void posts_json_info_requests_under_the_base_urls_path() throws InterruptedException {
    server.enqueue(json200(TWO_MARKETS));
    server.enqueue(json200(PREDICTED));

    reader(FAST).snapshots(List.of("ETH"));

    RecordedRequest meta = take();
    assertThat(meta.getMethod()).isEqualTo("POST");
    assertThat(meta.getPath()).isEqualTo("/hyperliquid/info");
    assertThat(meta.getHeader("Content-Type")).startsWith("application/json");
    assertThat(json(meta.getBody().readUtf8())).isEqualTo(json("{\"type\":\"metaAndAssetCtxs\"}"));
    RecordedRequest predicted = take();
    assertThat(predicted.getPath()).isEqualTo("/hyperliquid/info");
    assertThat(json(predicted.getBody().readUtf8()))
        .isEqualTo(json("{\"type\":\"predictedFundings\"}"));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void one_cycle_reads_every_asked_market_from_two_requests_with_hyperliquids_prediction() {
    server.enqueue(json200(TWO_MARKETS));
    server.enqueue(json200(PREDICTED));

    List<Read<MarketSnapshot>> reads = reader(FAST).snapshots(List.of("ETH", "BTC"));

    assertThat(server.getRequestCount()).isEqualTo(2);
    MarketSnapshot eth = ok(reads.get(0));
    assertThat(eth.marketKey()).isEqualTo("ETH");
    assertThat(eth.markPrice()).contains(new BigDecimal("3651.2"));
    assertThat(eth.indexPrice()).contains(new BigDecimal("3650.1"));
    assertThat(eth.fundingRateHourly()).contains(new BigDecimal("-0.0000104019"));
    assertThat(eth.predictedFundingRateHourly()).contains(new BigDecimal("0.0000104019"));
    assertThat(eth.nextFundingTime()).contains(Instant.ofEpochMilli(1754470800000L));
    assertThat(eth.openInterest()).contains(new BigDecimal("450000.25"));
    MarketSnapshot btc = ok(reads.get(1));
    assertThat(btc.marketKey()).isEqualTo("BTC");
    // HlPerp's rate, not Binance's or Bybit's 8-hour ones
    assertThat(btc.predictedFundingRateHourly()).contains(new BigDecimal("0.0000125"));
    assertThat(btc.at()).isEqualTo(START);
  }

  @Test
  void a_failed_prediction_leaves_the_prediction_out_but_not_the_market() {
    server.enqueue(json200(TWO_MARKETS));
    server.enqueue(new MockResponse().setResponseCode(500).setBody("null"));
    server.enqueue(new MockResponse().setResponseCode(500).setBody("null"));

    MarketSnapshot eth = ok(reader(FAST).snapshots(List.of("ETH")).get(0));

    assertThat(eth.predictedFundingRateHourly()).isEmpty();
    assertThat(eth.nextFundingTime()).contains(Instant.parse("2025-08-06T09:00:00Z"));
    assertThat(eth.fundingRateHourly()).contains(new BigDecimal("-0.0000104019"));
  }

  @Test
  void an_unreadable_prediction_reply_is_ignored() {
    server.enqueue(json200(TWO_MARKETS));
    server.enqueue(json200("{\"not\":\"a list\"}"));

    MarketSnapshot btc = ok(reader(FAST).snapshots(List.of("BTC")).get(0));

    assertThat(btc.predictedFundingRateHourly()).isEmpty();
    assertThat(btc.markPrice()).contains(new BigDecimal("114520.0"));
  }

  @Test
  void a_coin_the_universe_does_not_list_fails_saying_so() {
    server.enqueue(json200(TWO_MARKETS));
    server.enqueue(json200(PREDICTED));

    List<Read<MarketSnapshot>> reads = reader(FAST).snapshots(List.of("eth", "BTC"));

    assertThat(failure(reads.get(0)))
        .isEqualTo(
            new ReadFailure.Unavailable(
                "hyperliquid lists no market 'eth' (2 markets in meta.universe; coin names are"
                    + " case-sensitive)"));
    assertThat(reads.get(1)).isInstanceOf(Read.Ok.class);
  }

  @Test
  void an_empty_universe_lists_no_market() {
    server.enqueue(json200("[{\"universe\":[]},[]]"));
    server.enqueue(json200("[]"));

    List<Read<MarketSnapshot>> reads = reader(FAST).snapshots(List.of("ETH"));

    assertThat(failure(reads.get(0)).describe())
        .contains("hyperliquid lists no market 'ETH' (0 markets");
  }

  @Test
  void asking_for_no_market_sends_nothing() {
    assertThat(reader(FAST).snapshots(List.of())).isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void a_mistyped_field_fails_that_market_only_naming_field_and_market() {
    String body = TWO_MARKETS.replace("\"markPx\":\"3651.2\"", "\"markPx\":true");
    server.enqueue(json200(body));
    server.enqueue(json200(PREDICTED));

    List<Read<MarketSnapshot>> reads = reader(FAST).snapshots(List.of("ETH", "BTC"));

    assertThat(failure(reads.get(0)))
        .isEqualTo(
            new ReadFailure.Malformed(
                "hyperliquid ETH: assetCtxs[1].markPx is a boolean, expected a decimal string"));
    assertThat(reads.get(1)).isInstanceOf(Read.Ok.class);
  }

  @Test
  void null_missing_and_non_numeric_fields_are_malformed() {
    String nullOracle = TWO_MARKETS.replace("\"oraclePx\":\"114500.0\"", "\"oraclePx\":null");
    String noFunding = TWO_MARKETS.replace("\"funding\":\"0.0000125\",", "");
    String wordOi =
        TWO_MARKETS.replace("\"openInterest\":\"30000.5\"", "\"openInterest\":\"lots\"");
    String negativeMark = TWO_MARKETS.replace("\"markPx\":\"114520.0\"", "\"markPx\":\"-1\"");

    assertThat(btcFailure(nullOracle))
        .isEqualTo(
            "malformed return data: hyperliquid BTC: assetCtxs[0].oraclePx is null, expected a decimal string");
    assertThat(btcFailure(noFunding))
        .isEqualTo(
            "malformed return data: hyperliquid BTC: assetCtxs[0].funding is missing, expected a decimal string");
    assertThat(btcFailure(wordOi))
        .isEqualTo(
            "malformed return data: hyperliquid BTC: assetCtxs[0].openInterest is not a decimal number: 'lots'");
    assertThat(btcFailure(negativeMark))
        .isEqualTo("malformed return data: hyperliquid BTC: assetCtxs[0].markPx is negative: -1");
  }

  private static String btcFailure(String body) {
    return failure(
            HyperliquidReader.parseMarkets(
                    "hyperliquid", body, List.of("BTC"), java.util.Map.of(), START)
                .get(0))
        .describe();
  }

  @Test
  void universe_and_contexts_of_different_lengths_fail_every_market() {
    String body = "[{\"universe\":[{\"name\":\"BTC\"},{\"name\":\"ETH\"}]},[" + "{}" + "]]";
    server.enqueue(json200(body));

    List<Read<MarketSnapshot>> reads = reader(FAST).snapshots(List.of("BTC", "ETH"));

    assertThat(reads)
        .allSatisfy(
            r ->
                assertThat(failure(r))
                    .isEqualTo(
                        new ReadFailure.Malformed(
                            "hyperliquid meta.universe lists 2 markets but assetCtxs has 1: they"
                                + " pair by position, so none can be trusted")));
    assertThat(server.getRequestCount())
        .as("no prediction asked for after a bad reply")
        .isEqualTo(1);
  }

  @Test
  void truncated_json_and_wrong_shapes_are_malformed_not_exceptions() {
    assertThat(all(META.substring(0, 5000)))
        .startsWith("malformed return data: hyperliquid metaAndAssetCtxs: not JSON: '[");
    assertThat(all(""))
        .isEqualTo(
            "malformed return data: hyperliquid metaAndAssetCtxs: empty body, expected JSON");
    assertThat(all("null"))
        .isEqualTo(
            "malformed return data: hyperliquid metaAndAssetCtxs reply is null, expected an array");
    assertThat(all("{\"universe\":[]}"))
        .isEqualTo(
            "malformed return data: hyperliquid metaAndAssetCtxs reply is an object, expected an array");
    assertThat(all("[{\"universe\":[]}]"))
        .isEqualTo(
            "malformed return data: hyperliquid metaAndAssetCtxs reply has 1 elements, expected [meta, assetCtxs]");
    assertThat(all("[{\"universe\":{}},[]]"))
        .isEqualTo(
            "malformed return data: hyperliquid meta.universe is an object, expected an array");
    assertThat(all("[{\"universe\":[]},null]"))
        .isEqualTo("malformed return data: hyperliquid assetCtxs is null, expected an array");
  }

  private String all(String body) {
    server.enqueue(json200(body));
    return failure(reader(FAST).snapshots(List.of("ETH")).get(0)).describe();
  }

  @Test
  void a_delisted_market_is_read_with_what_is_left_of_it() {
    String body =
        TWO_MARKETS
            .replace("\"name\":\"ETH\",", "\"name\":\"ETH\",\"isDelisted\":true,")
            .replace("\"markPx\":\"3651.2\"", "\"markPx\":null");
    server.enqueue(json200(body));
    server.enqueue(json200("[]"));

    MarketSnapshot eth = ok(reader(FAST).snapshots(List.of("ETH")).get(0));

    assertThat(eth.status().delisted()).isTrue();
    assertThat(eth.status().restricted()).isTrue();
    assertThat(eth.status().reason()).contains("isDelisted in meta.universe");
    assertThat(eth.markPrice()).isEmpty();
    assertThat(eth.indexPrice()).contains(new BigDecimal("3650.1"));
  }

  @Test
  void a_non_boolean_is_delisted_is_malformed() {
    String body =
        TWO_MARKETS.replace("\"name\":\"ETH\",", "\"name\":\"ETH\",\"isDelisted\":\"yes\",");
    server.enqueue(json200(body));
    server.enqueue(json200("[]"));

    assertThat(failure(reader(FAST).snapshots(List.of("ETH")).get(0)).describe())
        .isEqualTo(
            "malformed return data: hyperliquid ETH: meta.universe[1].isDelisted is a string, expected a boolean");
  }

  @Test
  void a_plain_text_refusal_is_reported_in_the_venues_words() {
    server.enqueue(
        new MockResponse()
            .setResponseCode(422)
            .setHeader("Content-Type", "text/plain")
            .setBody(
                "Failed to deserialize the JSON body into the target type: missing field `coin`"));

    ReadFailure f = failure(reader(FAST).snapshots(List.of("ETH")).get(0));

    assertThat(f)
        .isEqualTo(
            new ReadFailure.Unavailable(
                "hyperliquid metaAndAssetCtxs refused: HTTP 422: Failed to deserialize the JSON body"
                    + " into the target type: missing field `coin`"));
    assertThat(server.getRequestCount()).as("a 4xx is not retried").isEqualTo(1);
  }

  @Test
  void a_5xx_is_retried_within_the_budget() {
    server.enqueue(new MockResponse().setResponseCode(502).setBody("<html>Bad Gateway</html>"));
    server.enqueue(json200(TWO_MARKETS));
    server.enqueue(json200(PREDICTED));

    MarketSnapshot btc = ok(reader(FAST).snapshots(List.of("BTC")).get(0));

    assertThat(btc.markPrice()).contains(new BigDecimal("114520.0"));
    assertThat(server.getRequestCount()).isEqualTo(3);
  }

  @Test
  void a_5xx_on_every_try_fails_every_market_alike() {
    server.enqueue(new MockResponse().setResponseCode(500).setBody("null"));
    server.enqueue(new MockResponse().setResponseCode(500).setBody("null"));

    List<Read<MarketSnapshot>> reads = reader(FAST).snapshots(List.of("BTC", "ETH"));

    assertThat(reads)
        .allSatisfy(
            r -> assertThat(failure(r)).isEqualTo(new ReadFailure.Unavailable("HTTP 500: null")));
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void every_failed_call_is_counted_by_endpoint() {
    HyperliquidReader reader =
        reader(FAST.withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1)));
    server.enqueue(new MockResponse().setResponseCode(500));
    server.enqueue(new MockResponse().setResponseCode(500));

    reader.snapshots(List.of("ETH"));
    reader.snapshots(List.of("ETH"));

    assertThat(reader.failureCounts())
        .containsExactly(java.util.Map.entry("venue.hyperliquid.metaAndAssetCtxs", 2L));
    assertThat(reader.requestsSent()).isEqualTo(2);
  }

  @Test
  void a_429_keeps_every_request_away_until_its_retry_after() {
    HyperliquidReader reader = reader(FAST);
    server.enqueue(
        new MockResponse().setResponseCode(429).setHeader("Retry-After", "30").setBody("null"));

    ReadFailure first = failure(reader.snapshots(List.of("ETH")).get(0));
    assertThat(first.describe())
        .isEqualTo(
            "unavailable: hyperliquid rate-limited this client (HTTP 429: null); retry after 30 s,"
                + " no request until 2025-08-06T08:20:30Z");

    clock.advance(Duration.ofSeconds(29));
    ReadFailure quiet = failure(reader.fundingHistory("ETH", START, START.plusSeconds(60)));
    assertThat(quiet.describe()).contains("no request until 2025-08-06T08:20:30Z");
    assertThat(server.getRequestCount()).as("nothing sent while rate-limited").isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    server.enqueue(json200(TWO_MARKETS));
    server.enqueue(json200(PREDICTED));
    assertThat(reader.snapshots(List.of("ETH")).get(0)).isInstanceOf(Read.Ok.class);
  }

  @Test
  void no_reply_within_the_named_timeout_is_a_timeout() {
    HttpPolicy quick =
        FAST.withTimeout(Duration.ofMillis(300))
            .withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1));
    server.enqueue(json200(TWO_MARKETS).setHeadersDelay(1, TimeUnit.SECONDS));

    ReadFailure f = failure(reader(quick).snapshots(List.of("ETH")).get(0));

    assertThat(f)
        .isEqualTo(
            new ReadFailure.Unavailable(
                "no reply within 300 ms (venue.hyperliquid.metaAndAssetCtxs.timeout)"));
  }

  @Test
  void the_circuit_opens_after_consecutive_failures_and_lets_a_probe_through_later() {
    HttpPolicy policy =
        FAST.withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1))
            .withBreaker(2, Duration.ofSeconds(30));
    HyperliquidReader reader = reader(policy);
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(new MockResponse().setResponseCode(503));

    reader.snapshots(List.of("ETH"));
    reader.snapshots(List.of("ETH"));
    ReadFailure open = failure(reader.snapshots(List.of("ETH")).get(0));

    assertThat(open.describe())
        .isEqualTo(
            "unavailable: circuit venue.hyperliquid.metaAndAssetCtxs open after 2 consecutive"
                + " failures, next try at 2025-08-06T08:20:30Z");
    assertThat(server.getRequestCount()).isEqualTo(2);

    // resilience4j lets the probe through once its clock is past the end of the open state
    clock.advance(Duration.ofSeconds(31));
    server.enqueue(json200(TWO_MARKETS));
    server.enqueue(json200(PREDICTED));
    assertThat(reader.snapshots(List.of("ETH")).get(0)).isInstanceOf(Read.Ok.class);
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void funding_history_pages_forward_from_start_time_until_the_range_is_covered()
      throws InterruptedException {
    Instant h0 = Instant.parse("2025-08-01T00:00:00Z");
    server.enqueue(json200(rows("ETH", h0, 0, 3, "0.0000125")));
    server.enqueue(json200(rows("ETH", h0, 3, 2, "0.00002")));

    Read<List<FundingPoint>> read =
        reader(FAST).fundingHistory("ETH", h0, h0.plus(Duration.ofHours(4)).plusSeconds(600));

    List<FundingPoint> points = read.asOptional().orElseThrow();
    assertThat(points).hasSize(5);
    assertThat(points.get(0))
        .isEqualTo(new FundingPoint(h0.plusMillis(37), new BigDecimal("0.0000125")));
    assertThat(points.get(4).at()).isEqualTo(h0.plus(Duration.ofHours(4)).plusMillis(37));
    assertThat(points.get(4).rateHourly()).isEqualTo(new BigDecimal("0.00002"));
    assertThat(server.getRequestCount())
        .as("the last row is within an hour of the end")
        .isEqualTo(2);

    assertThat(json(take().getBody().readUtf8()))
        .isEqualTo(
            json(
                "{\"type\":\"fundingHistory\",\"coin\":\"ETH\",\"startTime\":"
                    + h0.toEpochMilli()
                    + ",\"endTime\":"
                    + h0.plusSeconds(4 * 3600 + 600).toEpochMilli()
                    + "}"));
    assertThat(json(take().getBody().readUtf8()).get("startTime").asLong())
        .isEqualTo(h0.plus(Duration.ofHours(2)).plusMillis(38).toEpochMilli());
  }

  @Test
  void a_funding_history_longer_than_the_limiters_period_allows_waits_for_permits_not_fails() {
    Instant h0 = Instant.parse("2025-08-01T00:00:00Z");
    for (int page = 0; page < 4; page++) {
      server.enqueue(json200(rows("ETH", h0, 2 * page, 2, "0.0000125")));
    }
    // two requests a second and a 100 ms permit wait: the third page would fail at that wait
    HttpPolicy twoASecond = FAST.withRateLimit(2, Duration.ofSeconds(1), Duration.ofMillis(100));

    Read<List<FundingPoint>> read =
        reader(twoASecond).fundingHistory("ETH", h0, h0.plus(Duration.ofHours(7)).plusSeconds(600));

    assertThat(read).isInstanceOf(Read.Ok.class);
    assertThat(read.asOptional().orElseThrow()).hasSize(8);
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void funding_history_stops_on_an_empty_page() {
    Instant h0 = Instant.parse("2025-08-01T00:00:00Z");
    server.enqueue(json200(rows("BTC", h0, 0, 2, "0.0000125")));
    server.enqueue(json200("[]"));

    List<FundingPoint> points =
        reader(FAST)
            .fundingHistory("BTC", h0, h0.plus(Duration.ofDays(1)))
            .asOptional()
            .orElseThrow();

    assertThat(points).hasSize(2);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void funding_history_reads_the_recorded_reply_oldest_first_in_one_page() {
    server.enqueue(json200(fixture("hyperliquid-fundingHistory.json")));

    List<FundingPoint> points =
        reader(FAST)
            .fundingHistory(
                "BTC", Instant.ofEpochMilli(1681923833000L), Instant.ofEpochMilli(1689627600065L))
            .asOptional()
            .orElseThrow();

    assertThat(points).hasSize(1038);
    assertThat(points).isSortedAccordingTo((a, b) -> a.at().compareTo(b.at()));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a_bad_funding_history_reply_is_a_typed_failure() {
    server.enqueue(json200("null"));
    assertThat(
            failure(reader(FAST).fundingHistory("BTC", START.minusSeconds(7200), START)).describe())
        .isEqualTo(
            "malformed return data: hyperliquid BTC: fundingHistory reply is null, expected an array");

    server.enqueue(
        json200(
            "[{\"coin\":\"ETH\",\"fundingRate\":\"0.0000125\",\"premium\":\"0\",\"time\":1754467200000}]"));
    assertThat(
            failure(reader(FAST).fundingHistory("BTC", START.minusSeconds(7200), START)).describe())
        .isEqualTo(
            "malformed return data: hyperliquid BTC: fundingHistory[0].coin is 'ETH', asked for 'BTC'");

    server.enqueue(
        json200(
            "[{\"coin\":\"BTC\",\"fundingRate\":0.0000125,\"premium\":\"0\",\"time\":\"soon\"}]"));
    assertThat(
            failure(reader(FAST).fundingHistory("BTC", START.minusSeconds(7200), START)).describe())
        .isEqualTo(
            "malformed return data: hyperliquid BTC: fundingHistory[0].time is 'soon', expected epoch milliseconds");
  }

  @Test
  void a_reversed_range_is_a_programming_error() {
    assertThatThrownBy(() -> reader(FAST).fundingHistory("BTC", START, START.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void the_base_url_keeps_its_path_and_ignores_a_trailing_slash() {
    assertThat(
            HyperliquidReader.create("hyperliquid", Optional.empty(), http, clock, FAST).infoUrl())
        .hasToString("https://api.hyperliquid.xyz/info");
    assertThat(
            HyperliquidReader.create(
                    "hl", Optional.of("http://127.0.0.1:9/hyperliquid/"), http, clock, FAST)
                .infoUrl())
        .hasToString("http://127.0.0.1:9/hyperliquid/info");
    assertThatThrownBy(
            () ->
                HyperliquidReader.create(
                    "hl", Optional.of("api.hyperliquid.xyz"), http, clock, FAST))
        .hasMessage("venue hl: base URL is not an http(s) URL: 'api.hyperliquid.xyz'");
  }

  @Test
  void circuit_state_is_per_endpoint() {
    OffchainVenueHttp h =
        new OffchainVenueHttp("hyperliquid", "venue.hyperliquid.info", http, clock, FAST);
    assertThat(h.circuitState("fundingHistory")).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(h.instanceName("fundingHistory")).isEqualTo("venue.hyperliquid.fundingHistory");
    assertThat(h.timeoutName("fundingHistory"))
        .isEqualTo("venue.hyperliquid.fundingHistory.timeout");
  }

  /** {@code count} hourly rows from hour {@code first} after {@code h0}, 37 ms past the hour. */
  private static String rows(String coin, Instant h0, int first, int count, String rate) {
    StringBuilder b = new StringBuilder("[");
    for (int i = first; i < first + count; i++) {
      if (i > first) {
        b.append(',');
      }
      b.append("{\"coin\":\"")
          .append(coin)
          .append("\",\"fundingRate\":\"")
          .append(rate)
          .append("\",\"premium\":\"0.0001\",\"time\":")
          .append(h0.plus(Duration.ofHours(i)).plusMillis(37).toEpochMilli())
          .append('}');
    }
    return b.append(']').toString();
  }
}
