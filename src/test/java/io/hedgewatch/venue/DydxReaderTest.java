package io.hedgewatch.venue;

import static io.hedgewatch.venue.OffchainTestSupport.FAST;
import static io.hedgewatch.venue.OffchainTestSupport.failure;
import static io.hedgewatch.venue.OffchainTestSupport.fixture;
import static io.hedgewatch.venue.OffchainTestSupport.ok;
import static io.hedgewatch.venue.OffchainTestSupport.unwrapCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.venue.OffchainTestSupport.TestClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link DydxReader} against a scripted indexer, answering by path. */
class DydxReaderTest {

  private static final Instant START = Instant.parse("2025-12-08T16:12:00Z");
  private static final String MARKETS = unwrapCapture(fixture("dydx-v4-perpetualMarkets.json"));
  private static final String BTC_FUNDING =
      unwrapCapture(fixture("dydx-v4-historicalFunding.json"));

  private MockWebServer server;
  private OkHttpClient http;
  private TestClock clock;

  /** Replies by path without query, served in order; the last one repeats. */
  private final Map<String, Queue<MockResponse>> replies = new ConcurrentHashMap<>();

  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            requests.add(request);
            String path = request.getRequestUrl().encodedPath();
            Queue<MockResponse> queue = replies.get(path);
            if (queue == null || queue.isEmpty()) {
              return new MockResponse()
                  .setResponseCode(404)
                  .setBody("{\"errors\":[{\"msg\":\"no reply scripted for " + path + "\"}]}");
            }
            return queue.size() > 1 ? queue.poll() : queue.peek();
          }
        });
    server.start();
    http = OffchainTestSupport.http();
    clock = new TestClock(START);
  }

  @AfterEach
  void stop() throws IOException {
    OffchainTestSupport.close(http);
    server.shutdown();
  }

  private void reply(String path, MockResponse... responses) {
    replies.put(path, new ArrayDeque<>(List.of(responses)));
  }

  private static MockResponse json(int status, String body) {
    return new MockResponse()
        .setResponseCode(status)
        .setHeader("Content-Type", "application/json")
        .setBody(body);
  }

  private DydxReader reader() {
    return new DydxReader("dydx", server.url("/dydx"), http, clock, FAST);
  }

  private void scriptMarketsAndBtcFunding() {
    reply("/dydx/v4/perpetualMarkets", json(200, MARKETS));
    reply("/dydx/v4/historicalFunding/BTC-USD", json(200, BTC_FUNDING));
    reply(
        "/dydx/v4/historicalFunding/ETH-USD",
        json(
            200,
            "{\"historicalFunding\":[{\"ticker\":\"ETH-USD\",\"rate\":\"-0.000001\","
                + "\"price\":\"3100.5\",\"effectiveAtHeight\":\"66622979\","
                + "\"effectiveAt\":\"2025-12-08T16:00:00.219Z\"}]}"));
  }

  private List<String> paths() {
    List<String> out = new ArrayList<>();
    for (RecordedRequest r : requests) {
      out.add(r.getPath());
    }
    return out;
  }

  @Test
  void one_markets_request_a_cycle_and_one_funding_row_per_market() {
    scriptMarketsAndBtcFunding();

    List<Read<MarketSnapshot>> reads = reader().snapshots(List.of("ETH-USD", "BTC-USD"));

    assertThat(paths())
        .containsExactly(
            "/dydx/v4/perpetualMarkets",
            "/dydx/v4/historicalFunding/ETH-USD?limit=1",
            "/dydx/v4/historicalFunding/BTC-USD?limit=1");
    assertThat(requests).allSatisfy(r -> assertThat(r.getMethod()).isEqualTo("GET"));
    MarketSnapshot eth = ok(reads.get(0));
    assertThat(eth.fundingRateHourly()).contains(new BigDecimal("-0.000001"));
    assertThat(eth.predictedFundingRateHourly()).contains(new BigDecimal("0.00000125"));
    MarketSnapshot btc = ok(reads.get(1));
    assertThat(btc.marketKey()).isEqualTo("BTC-USD");
    assertThat(btc.at()).isEqualTo(START);
    assertThat(btc.markPrice()).isEmpty();
    assertThat(btc.indexPrice()).contains(new BigDecimal("89919.2"));
    // the newest historicalFunding row (16:00) is the current 1-hour rate
    assertThat(btc.fundingRateHourly()).contains(new BigDecimal("0.000002375"));
    assertThat(btc.fundingApr())
        .hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("0.020805"));
    assertThat(btc.nextFundingTime()).contains(Instant.parse("2025-12-08T17:00:00Z"));
    assertThat(btc.fundingCapHourly()).contains(new BigDecimal("0.006"));
    assertThat(btc.openInterest()).contains(new BigDecimal("381.7348"));
    assertThat(btc.status()).isEqualTo(MarketStatus.ACTIVE);
  }

  @Test
  void a_ticker_the_indexer_does_not_list_fails_saying_so() {
    scriptMarketsAndBtcFunding();

    List<Read<MarketSnapshot>> reads = reader().snapshots(List.of("DOGE-USD", "BTC-USD"));

    assertThat(failure(reads.get(0)))
        .isEqualTo(
            new ReadFailure.Unavailable(
                "dydx lists no market 'DOGE-USD' (3 perpetual markets listed)"));
    assertThat(reads.get(1)).isInstanceOf(Read.Ok.class);
  }

  @Test
  void an_empty_market_list_lists_no_market() {
    reply("/dydx/v4/perpetualMarkets", json(200, "{\"markets\":{}}"));

    assertThat(failure(reader().snapshots(List.of("ETH-USD")).get(0)).describe())
        .isEqualTo("unavailable: dydx lists no market 'ETH-USD' (0 perpetual markets listed)");
  }

  @Test
  void a_failed_funding_request_leaves_the_current_rate_out_but_not_the_market() {
    reply("/dydx/v4/perpetualMarkets", json(200, MARKETS));
    reply("/dydx/v4/historicalFunding/BTC-USD", json(503, "upstream connect error"));

    MarketSnapshot btc = ok(reader().snapshots(List.of("BTC-USD")).get(0));

    assertThat(btc.fundingRateHourly()).isEmpty();
    assertThat(btc.indexPrice()).contains(new BigDecimal("89919.2"));
    assertThat(btc.predictedFundingRateHourly()).contains(new BigDecimal("0.00000254545454545455"));
  }

  @Test
  void a_market_without_settled_funding_yet_has_no_current_rate() {
    reply("/dydx/v4/perpetualMarkets", json(200, MARKETS));
    reply("/dydx/v4/historicalFunding/SOL-USD", json(200, "{\"historicalFunding\":[]}"));

    MarketSnapshot sol = ok(reader().snapshots(List.of("SOL-USD")).get(0));

    assertThat(sol.fundingRateHourly()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ACTIVE,           false, false, false, false",
    "PAUSED,           true,  false, false, false",
    "CANCEL_ONLY,      false, false, true,  false",
    "POST_ONLY,        false, false, false, false",
    "INITIALIZING,     false, true,  false, false",
    "FINAL_SETTLEMENT, false, false, false, true",
    "SOMETHING_NEW,    false, true,  false, false"
  })
  void the_indexers_status_becomes_hedgewatchs_flags(
      String status, boolean paused, boolean disabled, boolean reduceOnly, boolean delisted) {
    reply(
        "/dydx/v4/perpetualMarkets",
        json(200, MARKETS.replace("\"status\":\"ACTIVE\"", "\"status\":\"" + status + "\"")));
    reply("/dydx/v4/historicalFunding/ETH-USD", json(200, "{\"historicalFunding\":[]}"));

    MarketStatus s = ok(reader().snapshots(List.of("ETH-USD")).get(0)).status();

    assertThat(s.paused()).isEqualTo(paused);
    assertThat(s.disabled()).isEqualTo(disabled);
    assertThat(s.reduceOnly()).isEqualTo(reduceOnly);
    assertThat(s.delisted()).isEqualTo(delisted);
    if (!status.equals("ACTIVE")) {
      assertThat(s.reason()).hasValueSatisfying(r -> assertThat(r).contains(status));
    }
  }

  @Test
  void a_settled_market_without_an_oracle_price_still_shows_it_is_delisted() {
    String body =
        MARKETS
            .replaceFirst("\"status\":\"ACTIVE\"", "\"status\":\"FINAL_SETTLEMENT\"")
            .replace("\"oraclePrice\":\"89919.2\"", "\"oraclePrice\":null");
    reply("/dydx/v4/perpetualMarkets", json(200, body));
    reply("/dydx/v4/historicalFunding/BTC-USD", json(200, BTC_FUNDING));

    MarketSnapshot btc = ok(reader().snapshots(List.of("BTC-USD")).get(0));

    assertThat(btc.status().delisted()).isTrue();
    assertThat(btc.indexPrice()).isEmpty();
  }

  @Test
  void mistyped_null_and_missing_fields_fail_that_market_only() {
    String body =
        MARKETS
            .replace("\"oraclePrice\":\"3103.01\"", "\"oraclePrice\":null")
            .replace("\"openInterest\":\"41917.9\"", "\"openInterest\":{\"value\":1}");
    reply("/dydx/v4/perpetualMarkets", json(200, body));
    reply("/dydx/v4/historicalFunding/BTC-USD", json(200, BTC_FUNDING));

    List<Read<MarketSnapshot>> reads = reader().snapshots(List.of("ETH-USD", "SOL-USD", "BTC-USD"));

    assertThat(failure(reads.get(0)))
        .isEqualTo(
            new ReadFailure.Malformed(
                "dydx ETH-USD: markets['ETH-USD'].oraclePrice is null, expected a decimal string"));
    assertThat(failure(reads.get(1)))
        .isEqualTo(
            new ReadFailure.Malformed(
                "dydx SOL-USD: markets['SOL-USD'].openInterest is an object, expected a decimal string"));
    assertThat(reads.get(2)).isInstanceOf(Read.Ok.class);

    String noStatus = MARKETS.replaceFirst("\"status\":\"ACTIVE\",", "");
    reply("/dydx/v4/perpetualMarkets", json(200, noStatus));
    assertThat(failure(reader().snapshots(List.of("BTC-USD")).get(0)).describe())
        .isEqualTo(
            "malformed return data: dydx BTC-USD: markets['BTC-USD'].status is missing, expected a string");
  }

  @Test
  void truncated_and_misshapen_replies_are_malformed_for_every_market() {
    assertThat(allFail(200, MARKETS.substring(0, 400)))
        .startsWith("malformed return data: dydx perpetualMarkets: not JSON: '{");
    assertThat(allFail(200, ""))
        .isEqualTo("malformed return data: dydx perpetualMarkets: empty body, expected JSON");
    assertThat(allFail(200, "[]"))
        .isEqualTo(
            "malformed return data: dydx perpetualMarkets reply is an array, expected an object");
    assertThat(allFail(200, "{\"markets\":[]}"))
        .isEqualTo(
            "malformed return data: dydx perpetualMarkets.markets is an array, expected an object");
    assertThat(allFail(200, "{\"markets\":null}"))
        .isEqualTo(
            "malformed return data: dydx perpetualMarkets.markets is null, expected an object");
  }

  @Test
  void the_indexers_error_shape_is_reported_in_its_words() {
    assertThat(
            allFail(
                400,
                "{\"errors\":[{\"value\":\"0\",\"msg\":\"limit must be a positive integer that is not"
                    + " greater than max: 1000\",\"param\":\"limit\",\"location\":\"query\"}]}"))
        .isEqualTo(
            "unavailable: dydx perpetualMarkets refused: HTTP 400: limit must be a positive integer"
                + " that is not greater than max: 1000");
    assertThat(allFail(403, "<html>forbidden</html>"))
        .isEqualTo("unavailable: dydx perpetualMarkets refused: HTTP 403: <html>forbidden</html>");
  }

  private String allFail(int status, String body) {
    reply("/dydx/v4/perpetualMarkets", json(status, body));
    List<Read<MarketSnapshot>> reads = reader().snapshots(List.of("BTC-USD", "ETH-USD"));
    assertThat(reads).hasSize(2);
    assertThat(failure(reads.get(1))).isEqualTo(failure(reads.get(0)));
    return failure(reads.get(0)).describe();
  }

  @Test
  void a_5xx_is_retried_and_a_429_closes_the_venue_until_its_retry_after() {
    reply(
        "/dydx/v4/perpetualMarkets",
        json(502, "<html>Bad Gateway</html>"),
        json(429, "{\"errors\":[{\"msg\":\"Too many requests\"}]}").setHeader("Retry-After", "10"));
    DydxReader reader = reader();

    assertThat(failure(reader.snapshots(List.of("BTC-USD")).get(0)).describe())
        .isEqualTo(
            "unavailable: dydx rate-limited this client (HTTP 429: {\"errors\":[{\"msg\":\"Too many"
                + " requests\"}]}); retry after 10 s, no request until 2025-12-08T16:12:10Z");
    assertThat(requests).hasSize(2);

    assertThat(
            failure(reader.fundingHistory("BTC-USD", START.minusSeconds(3600), START)).describe())
        .contains("no request until 2025-12-08T16:12:10Z");
    assertThat(requests).as("nothing sent while rate-limited").hasSize(2);
  }

  @Test
  void history_of_an_unknown_ticker_fails_saying_the_venue_lists_no_such_market() {
    reply(
        "/dydx/v4/historicalFunding/DOGE-USD",
        json(404, "{\"errors\":[{\"msg\":\"DOGE-USD not found in markets of type PERPETUAL\"}]}"));

    ReadFailure f = failure(reader().fundingHistory("DOGE-USD", START.minusSeconds(7200), START));

    assertThat(f)
        .isEqualTo(
            new ReadFailure.Unavailable(
                "dydx lists no such market: HTTP 404: DOGE-USD not found in markets of type PERPETUAL"));
  }

  @Test
  void history_pages_back_from_the_end_until_the_start_and_comes_out_oldest_first() {
    Instant h = Instant.parse("2025-12-08T16:00:00.219Z");
    String path = "/dydx/v4/historicalFunding/BTC-USD";
    reply(path, json(200, rows(h, 0, 2)), json(200, rows(h, 2, 2)), json(200, rows(h, 4, 1)));
    DydxReader reader = new DydxReader("dydx", server.url("/dydx"), http, clock, FAST, 2, 10);

    List<FundingPoint> points =
        reader
            .fundingHistory("BTC-USD", h.minus(Duration.ofHours(10)), START)
            .asOptional()
            .orElseThrow();

    assertThat(points)
        .extracting(FundingPoint::at)
        .containsExactly(
            h.minus(Duration.ofHours(4)),
            h.minus(Duration.ofHours(3)),
            h.minus(Duration.ofHours(2)),
            h.minus(Duration.ofHours(1)),
            h);
    assertThat(points.get(4).rateHourly()).isEqualTo(new BigDecimal("0.00000000"));
    assertThat(points.get(0).rateHourly()).isEqualTo(new BigDecimal("-0.00000400"));
    assertThat(requests)
        .allSatisfy(r -> assertThat(r.getRequestUrl().encodedPath()).isEqualTo(path))
        .allSatisfy(r -> assertThat(r.getRequestUrl().queryParameter("limit")).isEqualTo("2"));
    assertThat(requests)
        .extracting(r -> r.getRequestUrl().queryParameter("effectiveBeforeOrAt"))
        .containsExactly(
            "2025-12-08T16:12:00Z", "2025-12-08T15:00:00.218Z", "2025-12-08T13:00:00.218Z");
  }

  @Test
  void history_stops_paging_once_it_reaches_the_start() {
    Instant h = Instant.parse("2025-12-08T16:00:00.219Z");
    reply("/dydx/v4/historicalFunding/BTC-USD", json(200, rows(h, 0, 2)), json(200, rows(h, 2, 2)));
    DydxReader reader = new DydxReader("dydx", server.url("/dydx"), http, clock, FAST, 2, 10);

    List<FundingPoint> points =
        reader
            .fundingHistory("BTC-USD", h.minus(Duration.ofMinutes(90)), START)
            .asOptional()
            .orElseThrow();

    assertThat(points)
        .extracting(FundingPoint::at)
        .containsExactly(h.minus(Duration.ofHours(1)), h);
    assertThat(requests).hasSize(1);
  }

  @Test
  void history_gives_up_after_its_page_budget() {
    Instant h = Instant.parse("2025-12-08T16:00:00.219Z");
    reply(
        "/dydx/v4/historicalFunding/BTC-USD",
        json(200, rows(h, 0, 2)),
        json(200, rows(h, 2, 2)),
        json(200, rows(h, 4, 2)));
    DydxReader reader = new DydxReader("dydx", server.url("/dydx"), http, clock, FAST, 2, 2);

    ReadFailure f = failure(reader.fundingHistory("BTC-USD", h.minus(Duration.ofDays(30)), START));

    assertThat(f.describe()).contains("needs more than 2 pages of 2 rows");
  }

  @Test
  void the_recorded_history_reads_oldest_first() {
    reply("/dydx/v4/historicalFunding/BTC-USD", json(200, BTC_FUNDING));

    List<FundingPoint> points =
        reader()
            .fundingHistory("BTC-USD", Instant.parse("2025-12-08T00:00:00Z"), START)
            .asOptional()
            .orElseThrow();

    assertThat(points)
        .containsExactly(
            new FundingPoint(
                Instant.parse("2025-12-08T14:00:00.112Z"), new BigDecimal("0.000000625")),
            new FundingPoint(
                Instant.parse("2025-12-08T15:00:00.586Z"), new BigDecimal("0.000000375")),
            new FundingPoint(
                Instant.parse("2025-12-08T16:00:00.219Z"), new BigDecimal("0.000002375")));
    assertThat(requests).hasSize(1);
  }

  @Test
  void malformed_history_is_a_typed_failure() {
    reply(
        "/dydx/v4/historicalFunding/BTC-USD",
        json(
            200,
            "{\"historicalFunding\":[{\"ticker\":\"BTC-USD\",\"rate\":\"0.1\",\"effectiveAt\":\"yesterday\"}]}"));

    assertThat(
            failure(reader().fundingHistory("BTC-USD", START.minusSeconds(7200), START)).describe())
        .isEqualTo(
            "malformed return data: dydx BTC-USD: historicalFunding[0].effectiveAt is not an ISO-8601"
                + " instant: 'yesterday'");
  }

  @Test
  void the_base_url_gains_v4_once() {
    assertThat(DydxReader.create("dydx", Optional.empty(), http, clock, FAST).apiUrl())
        .hasToString("https://indexer.dydx.trade/v4");
    assertThat(
            DydxReader.create(
                    "dydx", Optional.of("https://indexer.dydx.trade/v4"), http, clock, FAST)
                .apiUrl())
        .hasToString("https://indexer.dydx.trade/v4");
    assertThat(
            DydxReader.create("dydx", Optional.of("http://127.0.0.1:9/dydx/"), http, clock, FAST)
                .apiUrl())
        .hasToString("http://127.0.0.1:9/dydx/v4");
    assertThatThrownBy(() -> new DydxReader("dydx", server.url("/"), http, clock, FAST, 1001, 1))
        .hasMessage("venue dydx: fundingPageSize must be 1 to 1000, was 1001");
  }

  /**
   * {@code count} rows newest first, starting {@code skip} hours before {@code newest}; each rate
   * is minus its hour offset in micro-units.
   */
  private static String rows(Instant newest, int skip, int count) {
    StringBuilder b = new StringBuilder("{\"historicalFunding\":[");
    for (int i = skip; i < skip + count; i++) {
      if (i > skip) {
        b.append(',');
      }
      Instant at = newest.minus(Duration.ofHours(i));
      b.append("{\"ticker\":\"BTC-USD\",\"rate\":\"")
          .append(new BigDecimal(-i).movePointLeft(6).setScale(8).toPlainString())
          .append("\",\"price\":\"90000\",\"effectiveAtHeight\":\"")
          .append(66622979 - i * 5600)
          .append("\",\"effectiveAt\":\"")
          .append(at)
          .append("\"}");
    }
    return b.append("]}").toString();
  }
}
