package io.hedgewatch.reference;

import static io.hedgewatch.reference.FundingTesting.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.support.HttpPolicy;
import io.hedgewatch.testing.MovableClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HttpFundingSource} with the real venue protocols against venues served on loopback. */
class FundingHttpSourceTest {

  private static final Pair BTC_USDT = Pair.of("BTC/USDT");
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  /** Roomy rate limit, two tries with millisecond backoff, circuit after 3 failed readings. */
  private static final HttpPolicy FAST =
      FundingProtocols.DEFAULT_BINANCE
          .withRateLimit(1000, Duration.ofSeconds(1), Duration.ofMillis(100))
          .withTimeout(Duration.ofSeconds(2))
          .withRetry(2, Duration.ofMillis(1), Duration.ofMillis(5))
          .withBreaker(3, Duration.ofSeconds(30));

  private MockWebServer server;
  private OkHttpClient http;
  private MovableClock clock;
  private Routes routes;

  /** Replies by path: a queue per path whose last reply repeats; every request is recorded. */
  private static final class Routes extends Dispatcher {
    private final Map<String, Deque<MockResponse>> byPath = new LinkedHashMap<>();
    final List<RecordedRequest> seen = new ArrayList<>();

    Routes on(String path, MockResponse... replies) {
      Deque<MockResponse> q = byPath.computeIfAbsent(path, p -> new ArrayDeque<>());
      q.addAll(List.of(replies));
      return this;
    }

    long count(String path) {
      return seen.stream().filter(r -> r.getRequestUrl().encodedPath().equals(path)).count();
    }

    @Override
    public synchronized MockResponse dispatch(RecordedRequest request) {
      seen.add(request);
      Deque<MockResponse> q = byPath.get(request.getRequestUrl().encodedPath());
      if (q == null || q.isEmpty()) {
        return new MockResponse().setResponseCode(404).setBody("no route");
      }
      return q.size() > 1 ? q.poll() : q.peek();
    }
  }

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    routes = new Routes();
    server.setDispatcher(routes);
    server.start();
    http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    clock = new MovableClock(START);
  }

  @AfterEach
  void stop() throws IOException {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    server.shutdown();
  }

  private HttpFundingSource source(CexFundingVenue venue, HttpPolicy policy) {
    return new HttpFundingSource(
        FundingProtocols.of(venue), FundingPerps.standard(), server.url("/"), http, clock, policy);
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private static QuoteFailure failure(FundingOutcome outcome) {
    assertThat(outcome).isInstanceOf(FundingOutcome.NotFunded.class);
    return ((FundingOutcome.NotFunded) outcome).failure();
  }

  private static CexFunding funded(FundingOutcome outcome) {
    assertThat(outcome).isInstanceOf(FundingOutcome.Funded.class);
    return ((FundingOutcome.Funded) outcome).funding();
  }

  private void binanceServes() {
    routes
        .on("/fapi/v1/premiumIndex", json(fixture("binance-fapi-premiumIndex-BTCUSDT.json")))
        .on("/fapi/v1/fundingInfo", json(fixture("binance-fapi-fundingInfo-BLZUSDT.json")));
  }

  @Test
  void a_binance_reading_takes_premium_index_and_funding_info_which_is_reused_for_a_minute() {
    binanceServes();
    HttpFundingSource source = source(CexFundingVenue.BINANCE, FAST);

    CexFunding f = funded(source.funding(BTC_USDT));

    assertThat(f.rateHourly()).isEqualByComparingTo("0.0000478075");
    assertThat(f.markPrice()).contains(new BigDecimal("11793.63104562"));
    assertThat(routes.seen.get(0).getRequestUrl().toString())
        .isEqualTo(server.url("/fapi/v1/premiumIndex?symbol=BTCUSDT").toString());
    assertThat(routes.seen.get(0).getHeader("Accept")).isEqualTo("application/json");

    clock.advance(Duration.ofSeconds(59));
    funded(source.funding(BTC_USDT));
    assertThat(routes.count("/fapi/v1/premiumIndex")).isEqualTo(2);
    assertThat(routes.count("/fapi/v1/fundingInfo")).as("reused").isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    funded(source.funding(BTC_USDT));
    assertThat(routes.count("/fapi/v1/fundingInfo")).as("asked again after a minute").isEqualTo(2);
    assertThat(source.httpRequests()).isEqualTo(5);
  }

  @Test
  void a_pair_without_a_listed_perp_is_unsupported_without_a_request() {
    HttpFundingSource source = source(CexFundingVenue.BINANCE, FAST);

    QuoteFailure f = failure(source.funding(Pair.of("ETH/USD")));

    assertThat(f)
        .isEqualTo(
            new QuoteFailure.UnsupportedMarket("hedgewatch lists no binance perp for ETH/USD"));
    assertThat(routes.seen).isEmpty();
  }

  @Test
  void a_429_with_retry_after_keeps_every_endpoint_of_the_venue_quiet_until_it_passes() {
    routes.on(
        "/fapi/v1/premiumIndex",
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Retry-After", "20")
            .setBody(fixture("errors/binance-error-too-many-requests.json")),
        json(fixture("binance-fapi-premiumIndex-BTCUSDT.json")));
    routes.on("/fapi/v1/fundingInfo", json(fixture("binance-fapi-fundingInfo-BLZUSDT.json")));
    HttpFundingSource source = source(CexFundingVenue.BINANCE, FAST);

    QuoteFailure first = failure(source.funding(BTC_USDT));
    assertThat(first).isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(((QuoteFailure.RateLimited) first).retryAfter()).contains(Duration.ofSeconds(20));
    assertThat(first.describe()).contains("-1003");
    assertThat(routes.seen).as("a 429 is not retried").hasSize(1);

    clock.advance(Duration.ofSeconds(19));
    assertThat(failure(source.funding(BTC_USDT))).isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(
            source
                .history(BTC_USDT, START.minus(Duration.ofDays(1)), START)
                .failureIfAny()
                .orElseThrow())
        .as("the history endpoint shares the venue's quiet time")
        .isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(routes.seen).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    funded(source.funding(BTC_USDT));
  }

  @Test
  void a_5xx_is_retried_within_the_budget() {
    routes.on(
        "/fapi/v1/premiumIndex",
        new MockResponse().setResponseCode(503).setBody("busy"),
        json(fixture("binance-fapi-premiumIndex-BTCUSDT.json")));
    routes.on("/fapi/v1/fundingInfo", json(fixture("binance-fapi-fundingInfo-BLZUSDT.json")));
    HttpFundingSource source = source(CexFundingVenue.BINANCE, FAST);

    funded(source.funding(BTC_USDT));

    assertThat(routes.count("/fapi/v1/premiumIndex")).isEqualTo(2);
  }

  @Test
  void a_slow_endpoint_times_out_under_its_own_timeout_name() {
    Duration timeout = Duration.ofMillis(500);
    routes.on(
        "/fapi/v1/premiumIndex",
        json(fixture("binance-fapi-premiumIndex-BTCUSDT.json"))
            .setHeadersDelay(2, TimeUnit.SECONDS));
    HttpFundingSource source = source(CexFundingVenue.BINANCE, FAST.withTimeout(timeout));

    long start = System.nanoTime();
    QuoteFailure f = failure(source.funding(BTC_USDT));

    assertThat(f)
        .isEqualTo(new QuoteFailure.Timeout("funding.binance.premiumIndex.timeout", timeout));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
  }

  @Test
  void persistent_5xx_opens_the_venues_circuit_and_a_probe_closes_it_later() {
    routes.on(
        "/fapi/v1/premiumIndex",
        new MockResponse().setResponseCode(502),
        new MockResponse().setResponseCode(502),
        new MockResponse().setResponseCode(502),
        json(fixture("binance-fapi-premiumIndex-BTCUSDT.json")));
    routes.on("/fapi/v1/fundingInfo", json(fixture("binance-fapi-fundingInfo-BLZUSDT.json")));
    HttpFundingSource source =
        source(
            CexFundingVenue.BINANCE, FAST.withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1)));

    for (int i = 0; i < 3; i++) {
      assertThat(failure(source.funding(BTC_USDT)).describe()).contains("HTTP 502");
    }
    assertThat(source.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

    QuoteFailure open = failure(source.funding(BTC_USDT));
    assertThat(open).isInstanceOf(QuoteFailure.Unavailable.class);
    assertThat(open.describe())
        .contains("circuit funding.binance open after 3 failures")
        .contains("next try at " + START.plusSeconds(30));
    assertThat(routes.seen).as("an open circuit sends nothing").hasSize(3);

    clock.advance(Duration.ofSeconds(31));
    funded(source.funding(BTC_USDT));
    assertThat(source.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void bybit_history_pages_over_http() {
    Instant from = Instant.parse("2025-01-01T00:00:00Z");
    Instant to = from.plus(Duration.ofDays(100));
    routes.on(
        "/v5/market/funding/history", page(to, 200), page(from.minus(Duration.ofHours(8)), 0));
    HttpFundingSource source =
        source(
            CexFundingVenue.BYBIT,
            FundingProtocols.DEFAULT_BYBIT.withRetry(
                1, Duration.ofMillis(1), Duration.ofMillis(1)));

    VenueReply<List<FundingPoint>> reply = source.history(Pair.of("ETH/USDT"), from, to);

    assertThat(reply.failureIfAny()).isEmpty();
    List<FundingPoint> points = reply.asOptional().orElseThrow();
    assertThat(points).isNotEmpty();
    assertThat(points)
        .allSatisfy(p -> assertThat(p.rateHourly()).isEqualByComparingTo("0.0000125"));
    assertThat(routes.seen).hasSize(2);
    HttpUrl second = routes.seen.get(1).getRequestUrl();
    assertThat(second.queryParameter("category")).isEqualTo("linear");
    assertThat(second.queryParameter("symbol")).isEqualTo("ETHUSDT");
    assertThat(second.queryParameter("limit")).isEqualTo("200");
  }

  /** A Bybit history page of {@code n} 8-hourly rows, newest first, ending at {@code newest}. */
  private static MockResponse page(Instant newest, int n) {
    List<String> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(
          "{\"symbol\":\"ETHUSDT\",\"fundingRate\":\"0.0001\",\"fundingRateTimestamp\":\""
              + newest.minus(Duration.ofHours(8L * i)).toEpochMilli()
              + "\"}");
    }
    return json(
        "{\"retCode\":0,\"retMsg\":\"OK\",\"result\":{\"category\":\"linear\",\"list\":["
            + String.join(",", rows)
            + "]},\"retExtInfo\":{},\"time\":1735689600000}");
  }

  @Test
  void one_kraken_futures_tickers_reply_serves_every_symbol_for_a_few_seconds() {
    // The recorded body's shape with the two linear perps hedgewatch lists.
    String tickers =
        "{\"result\":\"success\",\"tickers\":["
            + "{\"tag\":\"perpetual\",\"symbol\":\"PF_XBTUSD\",\"markPrice\":21090.5,"
            + "\"indexPrice\":21087.8,\"fundingRate\":2.10878,\"suspended\":false},"
            + "{\"tag\":\"perpetual\",\"symbol\":\"PF_ETHUSD\",\"markPrice\":1200.4,"
            + "\"indexPrice\":1200,\"fundingRate\":-0.06,\"suspended\":false}],"
            + "\"serverTime\":\"2022-06-17T11:00:31.335Z\"}";
    routes.on("/derivatives/api/v3/tickers", json(tickers));
    HttpFundingSource source =
        source(CexFundingVenue.KRAKEN_FUTURES, FundingProtocols.DEFAULT_KRAKEN_FUTURES);

    CexFunding btc = funded(source.funding(Pair.of("BTC/USD")));
    CexFunding eth = funded(source.funding(Pair.of("ETH/USD")));
    assertThat(failure(source.funding(Pair.of("SOL/USD"))))
        .isEqualTo(new QuoteFailure.UnsupportedMarket("PF_SOLUSD: not among the 2 tickers"));

    assertThat(btc.rateHourly()).isEqualByComparingTo("0.0001");
    assertThat(eth.rateHourly()).isEqualByComparingTo("-0.00005");
    assertThat(routes.seen).hasSize(1);

    clock.advance(KrakenFuturesFundingProtocol.TICKERS_CACHE);
    funded(source.funding(Pair.of("BTC/USD")));
    assertThat(routes.seen).hasSize(2);
  }

  @Test
  void create_takes_the_configured_base_url_or_the_venues_default() {
    HttpFundingSource configured =
        HttpFundingSource.create(
            CexFundingVenue.OKX, Optional.of("http://127.0.0.1:9/okx/"), http, clock);
    HttpFundingSource defaulted =
        HttpFundingSource.create(CexFundingVenue.DERIBIT, Optional.empty(), http, clock);

    assertThat(configured.baseUrl().toString()).isEqualTo("http://127.0.0.1:9/okx/");
    assertThat(configured.policy()).isEqualTo(FundingProtocols.DEFAULT_OKX);
    assertThat(defaulted.baseUrl().toString()).isEqualTo("https://www.deribit.com/");
    assertThat(defaulted.venue()).isEqualTo(CexFundingVenue.DERIBIT);
    assertThatThrownBy(
            () ->
                HttpFundingSource.create(
                    CexFundingVenue.BYBIT, Optional.of("api.bybit.com"), http, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bybit")
        .hasMessageContaining("'api.bybit.com'");
  }

  @Test
  void history_refuses_what_it_cannot_answer() {
    HttpFundingSource deribit = source(CexFundingVenue.DERIBIT, FAST);
    HttpFundingSource binance = source(CexFundingVenue.BINANCE, FAST);

    assertThat(deribit.hasHistory()).isFalse();
    assertThatThrownBy(() -> deribit.history(Pair.of("BTC/USD"), START, START))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> binance.history(BTC_USDT, START, START.minusSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> binance.history(BTC_USDT, START, START.plus(Duration.ofDays(401))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(binance.history(Pair.of("ETH/USD"), START, START).failureIfAny())
        .contains(
            new QuoteFailure.UnsupportedMarket("hedgewatch lists no binance perp for ETH/USD"));
    assertThat(routes.seen).isEmpty();
  }
}
