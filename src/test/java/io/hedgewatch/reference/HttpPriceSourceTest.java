package io.hedgewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.support.HttpPolicy;
import io.hedgewatch.testing.MovableClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpPriceSourceTest {

  private static final VenueMarket ETHUSDT = new VenueMarket("ETHUSDT", Pair.of("ETH/USDT"));
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  /** Roomy rate limit, two tries with millisecond backoff, circuit after 3 failed quotes. */
  private static final HttpPolicy FAST =
      ReferenceVenuePolicy.DEFAULT_BINANCE
          .withRateLimit(1000, Duration.ofSeconds(1), Duration.ofMillis(100))
          .withTimeout(Duration.ofSeconds(2))
          .withRetry(2, Duration.ofMillis(1), Duration.ofMillis(5))
          .withBreaker(3, Duration.ofSeconds(30));

  private MockWebServer server;
  private OkHttpClient http;
  private MovableClock clock;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    // No silent OkHttp retries: every request the source makes is one the server counts.
    http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    clock = new MovableClock(START);
  }

  @AfterEach
  void stop() throws IOException {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    server.shutdown();
  }

  private HttpPriceSource source(HttpPolicy policy) {
    return new HttpPriceSource(
        new FakeJsonProtocol(ReferenceVenue.BINANCE), server.url("/api/"), http, clock, policy);
  }

  private static MockResponse price(String price) {
    return new MockResponse().setBody("{\"price\":\"" + price + "\"}");
  }

  private static QuoteFailure failure(QuoteOutcome outcome) {
    assertThat(outcome).isInstanceOf(QuoteOutcome.NotQuoted.class);
    return ((QuoteOutcome.NotQuoted) outcome).failure();
  }

  @Test
  void quotes_the_price_of_a_200_reply_at_the_protocols_url() throws InterruptedException {
    HttpPriceSource source = source(FAST);
    server.enqueue(price("3456.78"));

    QuoteOutcome outcome = source.quote(ETHUSDT);

    assertThat(outcome).isInstanceOf(QuoteOutcome.Quoted.class);
    QuoteOutcome.Quoted quoted = (QuoteOutcome.Quoted) outcome;
    assertThat(quoted.quote().price()).isEqualByComparingTo(new BigDecimal("3456.78"));
    assertThat(quoted.quote().observedAt()).isEqualTo(START);
    assertThat(quoted.venue()).isEqualTo(ReferenceVenue.BINANCE);
    RecordedRequest request = server.takeRequest();
    assertThat(request.getPath()).isEqualTo("/api/ticker?symbol=ETHUSDT");
    assertThat(request.getHeader("Accept")).isEqualTo("application/json");
    assertThat(source.stats().quoted()).isEqualTo(1);
    assertThat(source.stats().failures()).isZero();
  }

  @Test
  void a_429_with_retry_after_seconds_keeps_the_source_quiet_until_the_clock_passes_it() {
    HttpPriceSource source = source(FAST);
    server.enqueue(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Retry-After", "20")
            .setBody("{\"error\":\"slow down\"}"));

    QuoteFailure first = failure(source.quote(ETHUSDT));
    assertThat(first).isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(((QuoteFailure.RateLimited) first).retryAfter()).contains(Duration.ofSeconds(20));
    assertThat(first.describe()).contains("HTTP 429").contains("slow down");
    assertThat(server.getRequestCount()).as("a 429 is not retried").isEqualTo(1);

    clock.advance(Duration.ofSeconds(19));
    QuoteFailure quiet = failure(source.quote(ETHUSDT));
    assertThat(quiet).isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(((QuoteFailure.RateLimited) quiet).retryAfter()).contains(Duration.ofSeconds(1));
    assertThat(server.getRequestCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    server.enqueue(price("3000"));
    assertThat(source.quote(ETHUSDT)).isInstanceOf(QuoteOutcome.Quoted.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(source.stats().failures(QuoteFailure.RateLimited.class)).isEqualTo(2);
    assertThat(source.stats().httpRequests()).isEqualTo(2);
    assertThat(source.stats().quotes()).isEqualTo(3);
  }

  @Test
  void a_429_with_retry_after_as_an_http_date_is_honoured() {
    HttpPriceSource source = source(FAST);
    String inAMinute =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(START.plusSeconds(60).atOffset(ZoneOffset.UTC));
    server.enqueue(
        new MockResponse().setResponseCode(429).setHeader("Retry-After", inAMinute).setBody("{}"));

    QuoteFailure first = failure(source.quote(ETHUSDT));
    assertThat(((QuoteFailure.RateLimited) first).retryAfter()).contains(Duration.ofSeconds(60));

    clock.advance(Duration.ofSeconds(59));
    assertThat(failure(source.quote(ETHUSDT))).isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(server.getRequestCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    server.enqueue(price("3000"));
    assertThat(source.quote(ETHUSDT)).isInstanceOf(QuoteOutcome.Quoted.class);
  }

  @Test
  void a_429_without_retry_after_pauses_for_the_policys_rate_limited_pause() {
    HttpPriceSource source =
        source(
            FAST.withBackoffs(Duration.ofSeconds(7), Duration.ofMinutes(2), Duration.ofHours(1)));
    server.enqueue(new MockResponse().setResponseCode(429).setBody("Too Many Requests"));

    QuoteFailure first = failure(source.quote(ETHUSDT));
    assertThat(((QuoteFailure.RateLimited) first).retryAfter()).contains(Duration.ofSeconds(7));

    clock.advance(Duration.ofSeconds(6));
    source.quote(ETHUSDT);
    assertThat(server.getRequestCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    server.enqueue(price("3000"));
    assertThat(source.quote(ETHUSDT)).isInstanceOf(QuoteOutcome.Quoted.class);
  }

  @Test
  void the_venues_own_rate_limit_code_in_a_200_is_honoured_like_a_429() {
    HttpPriceSource source = source(FAST);
    server.enqueue(
        new MockResponse()
            .setBody("{\"rateLimited\":\"Too many visits!\",\"retryAfterSeconds\":5}"));

    QuoteFailure first = failure(source.quote(ETHUSDT));
    assertThat(first).isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(((QuoteFailure.RateLimited) first).retryAfter()).contains(Duration.ofSeconds(5));
    assertThat(first.describe()).contains("Too many visits!").doesNotContain("HTTP 200");

    clock.advance(Duration.ofSeconds(4));
    assertThat(failure(source.quote(ETHUSDT))).isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    server.enqueue(price("1"));
    assertThat(source.quote(ETHUSDT)).isInstanceOf(QuoteOutcome.Quoted.class);
  }

  @Test
  void a_418_is_a_ban_no_request_leaves_during_it_and_a_repeated_ban_doubles() {
    HttpPriceSource source = source(FAST);
    server.enqueue(new MockResponse().setResponseCode(418).setBody("{\"error\":\"IP banned\"}"));

    QuoteFailure first = failure(source.quote(ETHUSDT));
    assertThat(first).isInstanceOf(QuoteFailure.Banned.class);
    assertThat(((QuoteFailure.Banned) first).backOff()).isEqualTo(Duration.ofMinutes(2));
    assertThat(first.describe()).contains("binance banned this IP").contains("IP banned");
    assertThat(server.getRequestCount()).as("a ban is not retried").isEqualTo(1);

    clock.advance(Duration.ofSeconds(119));
    QuoteFailure during = failure(source.quote(ETHUSDT));
    assertThat(during).isInstanceOf(QuoteFailure.Banned.class);
    assertThat(((QuoteFailure.Banned) during).backOff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(server.getRequestCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(1));
    server.enqueue(new MockResponse().setResponseCode(418).setBody("{\"error\":\"IP banned\"}"));
    QuoteFailure second = failure(source.quote(ETHUSDT));
    assertThat(((QuoteFailure.Banned) second).backOff()).isEqualTo(Duration.ofMinutes(4));

    clock.advance(Duration.ofMinutes(4).minusSeconds(1));
    assertThat(failure(source.quote(ETHUSDT))).isInstanceOf(QuoteFailure.Banned.class);
    assertThat(server.getRequestCount()).isEqualTo(2);

    clock.advance(Duration.ofSeconds(1));
    server.enqueue(price("3000"));
    assertThat(source.quote(ETHUSDT)).isInstanceOf(QuoteOutcome.Quoted.class);

    // A normal reply ends the streak: the next ban starts again at the base backoff.
    server.enqueue(new MockResponse().setResponseCode(418).setBody("{\"error\":\"IP banned\"}"));
    QuoteFailure third = failure(source.quote(ETHUSDT));
    assertThat(((QuoteFailure.Banned) third).backOff()).isEqualTo(Duration.ofMinutes(2));
    assertThat(source.stats().failures(QuoteFailure.Banned.class)).isEqualTo(5);
  }

  @Test
  void the_doubled_ban_backoff_stops_at_the_policys_maximum() {
    HttpPriceSource source =
        source(
            FAST.withBackoffs(
                Duration.ofSeconds(10), Duration.ofMinutes(1), Duration.ofMinutes(3)));
    Duration[] expected = {
      Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(3), Duration.ofMinutes(3)
    };
    for (Duration backOff : expected) {
      server.enqueue(new MockResponse().setResponseCode(418).setBody("{}"));
      QuoteFailure.Banned ban = (QuoteFailure.Banned) failure(source.quote(ETHUSDT));
      assertThat(ban.backOff()).isEqualTo(backOff);
      clock.advance(backOff);
    }
  }

  @Test
  void a_ban_with_a_longer_retry_after_lasts_as_long_as_the_venue_says() {
    HttpPriceSource source = source(FAST);
    server.enqueue(new MockResponse().setResponseCode(418).setHeader("Retry-After", "300"));

    QuoteFailure.Banned ban = (QuoteFailure.Banned) failure(source.quote(ETHUSDT));

    assertThat(ban.backOff()).isEqualTo(Duration.ofSeconds(300));
    clock.advance(Duration.ofSeconds(299));
    assertThat(failure(source.quote(ETHUSDT))).isInstanceOf(QuoteFailure.Banned.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a_ban_the_protocol_reads_from_the_body_is_kept_when_longer() {
    VenueProtocol banning =
        new FakeJsonProtocol(ReferenceVenue.BINANCE) {
          @Override
          public QuoteOutcome parseTicker(
              VenueMarket market, int httpStatus, String body, Instant receivedAt) {
            return new QuoteOutcome.NotQuoted(
                ReferenceVenue.BINANCE,
                market,
                new QuoteFailure.Banned(Duration.ofMinutes(30), "HTTP 418: banned until later"));
          }
        };
    HttpPriceSource source = new HttpPriceSource(banning, server.url("/"), http, clock, FAST);
    server.enqueue(new MockResponse().setResponseCode(418));

    QuoteFailure.Banned ban = (QuoteFailure.Banned) failure(source.quote(ETHUSDT));

    assertThat(ban.backOff()).isEqualTo(Duration.ofMinutes(30));
    assertThat(ban.message()).contains("HTTP 418: banned until later");
  }

  @Test
  void a_5xx_then_a_200_is_retried_and_quoted() {
    HttpPriceSource source = source(FAST);
    server.enqueue(new MockResponse().setResponseCode(503).setBody("busy"));
    server.enqueue(price("3001"));

    assertThat(source.quote(ETHUSDT)).isInstanceOf(QuoteOutcome.Quoted.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(source.stats().httpRequests()).isEqualTo(2);
    assertThat(source.stats().failures()).isZero();
  }

  @Test
  void the_venue_saying_unavailable_in_a_200_is_retried() {
    HttpPriceSource source = source(FAST);
    server.enqueue(new MockResponse().setBody("{\"unavailable\":\"EService:Unavailable\"}"));
    server.enqueue(price("3001"));

    assertThat(source.quote(ETHUSDT)).isInstanceOf(QuoteOutcome.Quoted.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void persistent_5xx_is_unavailable_opens_the_circuit_and_a_probe_closes_it_later() {
    HttpPriceSource source = source(FAST.withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1)));
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse().setResponseCode(502).setBody("{\"error\":\"bad gateway\"}"));
      QuoteFailure failure = failure(source.quote(ETHUSDT));
      assertThat(failure).isInstanceOf(QuoteFailure.Unavailable.class);
      assertThat(failure.describe()).contains("HTTP 502").contains("bad gateway");
    }
    assertThat(source.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);

    QuoteFailure open = failure(source.quote(ETHUSDT));
    assertThat(open.describe())
        .contains("circuit reference.binance.ticker open after 3 failures")
        .contains("next try at " + START.plusSeconds(30));
    assertThat(server.getRequestCount()).as("an open circuit sends nothing").isEqualTo(3);

    clock.advance(Duration.ofSeconds(29));
    assertThat(failure(source.quote(ETHUSDT))).isInstanceOf(QuoteFailure.Unavailable.class);
    assertThat(server.getRequestCount()).isEqualTo(3);

    clock.advance(Duration.ofSeconds(2));
    server.enqueue(price("3002"));
    assertThat(source.quote(ETHUSDT)).isInstanceOf(QuoteOutcome.Quoted.class);
    assertThat(source.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void a_failed_half_open_probe_opens_the_circuit_again() {
    HttpPriceSource source = source(FAST.withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1)));
    for (int i = 0; i < 3; i++) {
      server.enqueue(new MockResponse().setResponseCode(500));
      source.quote(ETHUSDT);
    }
    clock.advance(Duration.ofSeconds(31));
    server.enqueue(new MockResponse().setResponseCode(500));

    assertThat(failure(source.quote(ETHUSDT)).describe()).contains("HTTP 500");
    assertThat(source.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(failure(source.quote(ETHUSDT)).describe())
        .contains("open after 4 failures")
        .contains("next try at " + START.plusSeconds(61));
    assertThat(server.getRequestCount()).isEqualTo(4);
  }

  @Test
  void answers_in_the_venues_error_shape_do_not_open_the_circuit() {
    HttpPriceSource source = source(FAST.withRetry(1, Duration.ofMillis(1), Duration.ofMillis(1)));
    for (int i = 0; i < 5; i++) {
      server.enqueue(
          new MockResponse().setResponseCode(400).setBody("{\"error\":\"Invalid symbol.\"}"));
      QuoteFailure failure = failure(source.quote(ETHUSDT));
      assertThat(failure).isEqualTo(new QuoteFailure.VenueError("400", "Invalid symbol."));
    }
    assertThat(source.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(server.getRequestCount()).as("a venue error is not retried").isEqualTo(5);
  }

  @Test
  void a_slow_reply_times_out_naming_the_timeout_within_the_budget() {
    Duration timeout = Duration.ofMillis(500);
    HttpPriceSource source = source(FAST.withTimeout(timeout));
    server.enqueue(price("1").setHeadersDelay(2, TimeUnit.SECONDS));

    long start = System.nanoTime();
    QuoteFailure failure = failure(source.quote(ETHUSDT));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(failure)
        .isEqualTo(new QuoteFailure.Timeout("reference.binance.ticker.timeout", timeout));
    assertThat(took).isLessThan(timeout.plusSeconds(1));
    assertThat(server.getRequestCount()).as("no retry fits in the spent budget").isEqualTo(1);
    assertThat(source.stats().lastFailure())
        .map(PriceSourceStats.LastFailure::failure)
        .contains(failure);
  }

  @Test
  void a_body_that_trickles_in_times_out_too() {
    Duration timeout = Duration.ofMillis(500);
    HttpPriceSource source = source(FAST.withTimeout(timeout));
    server.enqueue(price("1").setBodyDelay(2, TimeUnit.SECONDS));

    long start = System.nanoTime();
    QuoteFailure failure = failure(source.quote(ETHUSDT));

    assertThat(failure).isInstanceOf(QuoteFailure.Timeout.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
  }

  @Test
  void a_retry_after_a_5xx_stays_within_the_budget() {
    Duration timeout = Duration.ofMillis(600);
    HttpPriceSource source =
        source(
            FAST.withTimeout(timeout).withRetry(2, Duration.ofMillis(50), Duration.ofMillis(50)));
    server.enqueue(new MockResponse().setResponseCode(503));
    server.enqueue(price("1").setHeadersDelay(2, TimeUnit.SECONDS));

    long start = System.nanoTime();
    QuoteFailure failure = failure(source.quote(ETHUSDT));

    assertThat(failure).isInstanceOf(QuoteFailure.Timeout.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
  }

  @Test
  void malformed_json_is_malformed_and_not_retried() {
    HttpPriceSource source = source(FAST);
    server.enqueue(new MockResponse().setBody("<html>maintenance</html>"));

    QuoteFailure failure = failure(source.quote(ETHUSDT));

    assertThat(failure).isInstanceOf(QuoteFailure.Malformed.class);
    assertThat(failure.describe()).contains("maintenance");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a_body_larger_than_a_ticker_can_be_is_malformed() {
    HttpPriceSource source = source(FAST);
    server.enqueue(new MockResponse().setBody("x".repeat(HttpPriceSource.MAX_BODY_BYTES + 1)));

    QuoteFailure failure = failure(source.quote(ETHUSDT));

    assertThat(failure).isInstanceOf(QuoteFailure.Malformed.class);
    assertThat(failure.describe()).contains("larger than");
  }

  @Test
  void a_disconnect_mid_body_is_retried() {
    HttpPriceSource source = source(FAST);
    server.enqueue(price("1").setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    server.enqueue(price("3003"));

    assertThat(source.quote(ETHUSDT)).isInstanceOf(QuoteOutcome.Quoted.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void disconnects_on_every_try_are_unavailable() {
    HttpPriceSource source = source(FAST);
    server.enqueue(price("1").setSocketPolicy(SocketPolicy.DISCONNECT_DURING_RESPONSE_BODY));
    server.enqueue(price("1").setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));

    QuoteFailure failure = failure(source.quote(ETHUSDT));

    assertThat(failure).isInstanceOf(QuoteFailure.Unavailable.class);
    assertThat(failure.describe()).contains("I/O error");
    assertThat(server.getRequestCount()).isEqualTo(2);
    assertThat(source.stats().failures(QuoteFailure.Unavailable.class)).isEqualTo(1);
  }

  @Test
  void the_local_rate_limiter_refuses_at_once_rather_than_queueing() {
    HttpPriceSource source =
        source(FAST.withRateLimit(1, Duration.ofHours(1), Duration.ofMillis(50)));
    server.enqueue(price("1"));
    server.enqueue(price("2"));

    assertThat(source.quote(ETHUSDT)).isInstanceOf(QuoteOutcome.Quoted.class);
    long start = System.nanoTime();
    QuoteFailure refused = failure(source.quote(ETHUSDT));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    assertThat(refused).isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(refused.describe())
        .contains("local rate limit reference.binance.ticker")
        .contains("no permit within 50 ms");
    assertThat(server.getRequestCount()).isEqualTo(1);
    assertThat(source.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
  }

  @Test
  void a_retry_without_a_permit_reports_the_failure_it_would_have_retried() {
    HttpPriceSource source = source(FAST.withRateLimit(1, Duration.ofHours(1), Duration.ZERO));
    server.enqueue(new MockResponse().setResponseCode(503).setBody("{\"error\":\"busy\"}"));

    QuoteFailure failure = failure(source.quote(ETHUSDT));

    assertThat(failure).isInstanceOf(QuoteFailure.Unavailable.class);
    assertThat(failure.describe()).contains("HTTP 503");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void create_takes_the_configured_base_url_or_the_protocols_default() {
    FakeJsonProtocol protocol = new FakeJsonProtocol(ReferenceVenue.KRAKEN);

    HttpPriceSource configured =
        HttpPriceSource.create(
            protocol,
            Optional.of("http://127.0.0.1:9/kraken/"),
            http,
            clock,
            ReferenceVenuePolicy.DEFAULT_KRAKEN);
    HttpPriceSource defaulted =
        HttpPriceSource.create(
            protocol, Optional.empty(), http, clock, ReferenceVenuePolicy.DEFAULT_KRAKEN);

    assertThat(configured.baseUrl().toString()).isEqualTo("http://127.0.0.1:9/kraken/");
    assertThat(defaulted.baseUrl().toString()).isEqualTo("https://fake.invalid/api");
    assertThat(configured.venue()).isEqualTo(ReferenceVenue.KRAKEN);
    assertThat(configured.timeoutBudget()).isEqualTo(Duration.ofSeconds(3));
    assertThatThrownBy(
            () ->
                HttpPriceSource.create(
                    protocol,
                    Optional.of("api.kraken.com"),
                    http,
                    clock,
                    ReferenceVenuePolicy.DEFAULT_KRAKEN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kraken")
        .hasMessageContaining("'api.kraken.com'");
  }

  @Test
  void retry_after_reads_seconds_and_http_dates_and_ignores_garbage() {
    assertThat(HttpPriceSource.retryAfter(Headers.of("Retry-After", " 120 "), START))
        .contains(Duration.ofSeconds(120));
    assertThat(
            HttpPriceSource.retryAfter(
                Headers.of("Retry-After", "Wed, 01 Jan 2025 00:01:30 GMT"), START))
        .contains(Duration.ofSeconds(90));
    assertThat(
            HttpPriceSource.retryAfter(
                Headers.of("Retry-After", "Tue, 31 Dec 2024 23:00:00 GMT"), START))
        .contains(Duration.ZERO);
    assertThat(HttpPriceSource.retryAfter(Headers.of("Retry-After", "-5"), START)).isEmpty();
    assertThat(HttpPriceSource.retryAfter(Headers.of("Retry-After", "soon"), START)).isEmpty();
    assertThat(HttpPriceSource.retryAfter(Headers.of(), START)).isEmpty();
  }
}
