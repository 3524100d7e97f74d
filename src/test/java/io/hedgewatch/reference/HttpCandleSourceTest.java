package io.hedgewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.Candle;
import io.hedgewatch.domain.CandleSeries;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.support.HttpPolicy;
import io.hedgewatch.testing.MovableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HttpCandleSource} against a scripted venue: windows, pages and failures. */
class HttpCandleSourceTest {

  /** 20 minutes into an hour: the running hourly candle opened at 10:00. */
  private static final Instant NOW = Instant.parse("2025-12-08T10:20:00Z");

  private static final Instant RUNNING = Instant.parse("2025-12-08T10:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Pair ETH_USD = Pair.of("ETH/USD");

  private static final HttpPolicy FAST =
      HttpPolicy.DEFAULT
          .withRateLimit(1000, Duration.ofSeconds(1), Duration.ofMillis(100))
          .withRetry(2, Duration.ofMillis(1), Duration.ofMillis(5));

  private MockWebServer server;
  private OkHttpClient http;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  }

  @AfterEach
  void stop() throws IOException {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    server.shutdown();
  }

  private HttpCandleSource source(CandleProtocol protocol) {
    return new HttpCandleSource(
        protocol,
        VenueListings.standard(),
        HttpUrl.get(server.url("/venue").toString()),
        http,
        new MovableClock(NOW),
        FAST);
  }

  /** Binance kline rows for the hours opening at {@code first} .. {@code first + n - 1}. */
  private static String klines(Instant first, int n, int closeBase) {
    StringBuilder rows = new StringBuilder("[");
    for (int i = 0; i < n; i++) {
      long open = first.plus(HOUR.multipliedBy(i)).toEpochMilli();
      rows.append(i == 0 ? "" : ",")
          .append("[")
          .append(open)
          .append(",\"1\",\"1\",\"1\",\"")
          .append(closeBase + i)
          .append(".5\",\"1\",")
          .append(open + HOUR.toMillis() - 1)
          .append(",\"1\",1,\"1\",\"1\",\"0\"]");
    }
    return rows.append("]").toString();
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  private static CandleSeries ok(VenueReply<CandleSeries> reply) {
    assertThat(reply).isInstanceOf(VenueReply.Ok.class);
    return reply.asOptional().orElseThrow();
  }

  private static QuoteFailure failed(VenueReply<CandleSeries> reply) {
    assertThat(reply).isInstanceOf(VenueReply.Failed.class);
    return reply.failureIfAny().orElseThrow();
  }

  @Test
  void the_window_ends_where_the_running_candle_begins_and_the_running_candle_is_dropped()
      throws InterruptedException {
    Instant from = RUNNING.minus(HOUR.multipliedBy(24));
    // Binance sends the running candle too when the window reaches it
    server.enqueue(json(klines(from, 25, 3000)));

    CandleSeries series = ok(source(new BinanceKlinesProtocol()).candles(ETH_USD, HOUR, 24));

    RecordedRequest sent = take();
    assertThat(sent.getRequestUrl().encodedPath()).isEqualTo("/venue/api/v3/klines");
    assertThat(sent.getRequestUrl().queryParameter("symbol")).isEqualTo("ETHUSDT");
    assertThat(sent.getRequestUrl().queryParameter("startTime"))
        .isEqualTo(Long.toString(from.toEpochMilli()));
    assertThat(sent.getRequestUrl().queryParameter("endTime"))
        .isEqualTo(Long.toString(RUNNING.toEpochMilli() - 1));
    assertThat(series.venue()).isEqualTo(ReferenceVenue.BINANCE);
    assertThat(series.market().nativeSymbol()).isEqualTo("ETHUSDT");
    assertThat(series.from()).isEqualTo(from);
    assertThat(series.to()).isEqualTo(RUNNING);
    assertThat(series.complete()).isTrue();
    assertThat(series.candles()).hasSize(24);
    assertThat(series.candles().get(23).closeTime()).isEqualTo(RUNNING);
    assertThat(series.closes().get(0)).isEqualByComparingTo("3000.5");
    assertThat(series.closes().get(23)).isEqualByComparingTo("3023.5");
  }

  @Test
  void a_long_window_is_read_in_pages_oldest_first() throws InterruptedException {
    Instant from = RUNNING.minus(HOUR.multipliedBy(1500));
    server.enqueue(json(klines(from, 1000, 1000)));
    server.enqueue(json(klines(from.plus(HOUR.multipliedBy(1000)), 501, 2000)));

    CandleSeries series = ok(source(new BinanceKlinesProtocol()).candles(ETH_USD, HOUR, 1500));

    RecordedRequest first = take();
    assertThat(first.getRequestUrl().queryParameter("limit")).isEqualTo("1000");
    RecordedRequest second = take();
    assertThat(second.getRequestUrl().queryParameter("startTime"))
        .isEqualTo(Long.toString(from.plus(HOUR.multipliedBy(1000)).toEpochMilli()));
    assertThat(second.getRequestUrl().queryParameter("limit")).isEqualTo("500");
    assertThat(series.candles()).hasSize(1500);
    assertThat(series.complete()).isTrue();
    assertThat(series.candles())
        .extracting(Candle::openTime)
        .isSortedAccordingTo(Instant::compareTo)
        .doesNotHaveDuplicates();
  }

  @Test
  void empty_slots_are_counted_not_filled() {
    // Coinbase publishes no candle for an hour without trades: 3 of 5 hours here
    String rows =
        "[["
            + RUNNING.minus(HOUR).getEpochSecond()
            + ",1,1,1,5,1],["
            + RUNNING.minus(HOUR.multipliedBy(3)).getEpochSecond()
            + ",1,1,1,3,1],["
            + RUNNING.minus(HOUR.multipliedBy(5)).getEpochSecond()
            + ",1,1,1,1,1]]";
    server.enqueue(json(rows));

    CandleSeries series = ok(source(new CoinbaseCandlesProtocol()).candles(ETH_USD, HOUR, 5));

    assertThat(series.slots()).isEqualTo(5);
    assertThat(series.missing()).isEqualTo(2);
    assertThat(series.complete()).isFalse();
    assertThat(series.closes())
        .extracting(c -> c.stripTrailingZeros().toPlainString())
        .containsExactly("1", "3", "5");
  }

  @Test
  void a_failed_page_fails_the_read_in_the_venues_words() {
    Instant from = RUNNING.minus(HOUR.multipliedBy(1500));
    server.enqueue(json(klines(from, 1000, 1000)));
    server.enqueue(
        new MockResponse()
            .setResponseCode(400)
            .setBody("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"));

    QuoteFailure failure = failed(source(new BinanceKlinesProtocol()).candles(ETH_USD, HOUR, 1500));

    assertThat(failure).isInstanceOf(QuoteFailure.UnsupportedMarket.class);
    assertThat(failure.describe()).isEqualTo("not listed: ETHUSDT: -1121 Invalid symbol.");
  }

  @Test
  void a_window_the_venue_has_nothing_for_is_unavailable() {
    server.enqueue(json("[]"));

    assertThat(failed(source(new BinanceKlinesProtocol()).candles(ETH_USD, HOUR, 3)).describe())
        .isEqualTo(
            "unavailable: binance ETHUSDT: no 1h candle opening from 2025-12-08T07:00:00Z to"
                + " 2025-12-08T10:00:00Z");
  }

  @Test
  void what_the_venue_cannot_serve_fails_without_a_request() {
    assertThat(
            failed(source(new CoinbaseCandlesProtocol()).candles(ETH_USD, Duration.ofHours(4), 10))
                .describe())
        .isEqualTo("not listed: ETH-USD: coinbase has no 4h candles");
    assertThat(failed(source(new KrakenOhlcProtocol()).candles(ETH_USD, HOUR, 720)).describe())
        .isEqualTo(
            "not listed: ETHUSD: kraken keeps only its last 719 closed 1h candles, 720 asked");
    assertThat(
            failed(source(new BinanceKlinesProtocol()).candles(Pair.of("USDT/USD"), HOUR, 10))
                .describe())
        .isEqualTo("not listed: hedgewatch lists no binance market for USDT/USD");
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void a_window_of_the_past_asks_only_what_the_venue_serves_and_an_empty_one_is_no_failure()
      throws InterruptedException {
    HttpCandleSource kraken = source(new KrakenOhlcProtocol());
    Instant running = Instant.parse("2025-12-08T10:00:00Z");
    Instant earliest = running.minus(HOUR.multipliedBy(KrakenOhlcProtocol.LOOKBACK));
    assertThat(kraken.earliestServed(HOUR)).contains(earliest);
    assertThat(source(new BinanceKlinesProtocol()).earliestServed(HOUR)).isEmpty();

    // wholly older than Kraken keeps: an empty series over the window asked, no request
    CandleSeries old =
        ok(kraken.window(ETH_USD, HOUR, earliest.minus(HOUR.multipliedBy(5)), earliest));
    assertThat(old.candles()).isEmpty();
    assertThat(old.slots()).isEqualTo(5);
    assertThat(server.getRequestCount()).isZero();

    // reaching past now: asked from the lookback's start, the running hour not counted
    server.enqueue(json("{\"error\":[],\"result\":{\"XETHZUSD\":[],\"last\":0}}"));
    CandleSeries recent =
        ok(kraken.window(ETH_USD, HOUR, earliest.minus(HOUR), running.plus(HOUR.multipliedBy(2))));
    assertThat(recent.candles()).isEmpty();
    assertThat(recent.to()).isEqualTo(running.plus(HOUR.multipliedBy(2)));
    assertThat(take().getRequestUrl().queryParameter("since"))
        .isEqualTo(Long.toString(earliest.getEpochSecond() - 1));
  }

  @Test
  void intervals_off_the_daily_grid_and_counts_out_of_range_are_programming_errors() {
    HttpCandleSource binance = source(new BinanceKlinesProtocol());

    assertThatThrownBy(() -> binance.candles(ETH_USD, Duration.ofMinutes(7), 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whole minutes that divide a day")
        .hasMessageContaining("PT7M");
    assertThatThrownBy(() -> binance.candles(ETH_USD, Duration.ofSeconds(90), 10))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> binance.candles(ETH_USD, HOUR, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("candle count must be 1 to 2000, was 0");
    assertThatThrownBy(() -> binance.candles(ETH_USD, HOUR, 2001))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void create_takes_the_default_base_url_and_refuses_venues_without_candles() {
    assertThat(
            HttpCandleSource.create(
                    ReferenceVenue.KRAKEN, Optional.empty(), http, new MovableClock(NOW))
                .baseUrl()
                .toString())
        .isEqualTo("https://api.kraken.com/");
    assertThatThrownBy(
            () ->
                HttpCandleSource.create(
                    ReferenceVenue.OKX, Optional.empty(), http, new MovableClock(NOW)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hedgewatch reads no candles from okx");
    assertThatThrownBy(
            () ->
                HttpCandleSource.create(
                    ReferenceVenue.BINANCE, Optional.of("ftp://x"), http, new MovableClock(NOW)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an http(s) URL: 'ftp://x'");
  }

  @Test
  void the_timeout_and_circuit_are_named_after_the_venue_and_endpoint() {
    assertThat(CandleProtocols.instanceName(ReferenceVenue.COINBASE)).isEqualTo("candles.coinbase");
    assertThat(CandleProtocols.timeoutName(ReferenceVenue.BINANCE, "klines"))
        .isEqualTo("candles.binance.klines.timeout");
  }
}
