package io.hedgewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.testing.MovableClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real Binance spot protocol behind the HTTP source, against Binance's reply shapes. */
class HttpPriceSourceBinanceTest {

  private static final VenueMarket ETHUSDT = new VenueMarket("ETHUSDT", Pair.of("ETH/USDT"));
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private MockWebServer server;
  private OkHttpClient http;
  private MovableClock clock;
  private HttpPriceSource source;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
    clock = new MovableClock(START);
    source =
        HttpPriceSource.create(
            new BinanceSpotProtocol(),
            Optional.of(server.url("/").toString()),
            http,
            clock,
            ReferenceVenuePolicy.DEFAULT_BINANCE.withRetry(
                2, Duration.ofMillis(1), Duration.ofMillis(5)));
  }

  @AfterEach
  void stop() throws IOException {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    server.shutdown();
  }

  private static QuoteFailure failure(QuoteOutcome outcome) {
    assertThat(outcome).isInstanceOf(QuoteOutcome.NotQuoted.class);
    return ((QuoteOutcome.NotQuoted) outcome).failure();
  }

  @Test
  void quotes_binances_ticker_price_from_its_endpoint() throws InterruptedException {
    server.enqueue(
        new MockResponse().setBody("{\"symbol\":\"ETHUSDT\",\"price\":\"3456.78000000\"}"));

    QuoteOutcome outcome = source.quote(ETHUSDT);

    assertThat(outcome).isInstanceOf(QuoteOutcome.Quoted.class);
    assertThat(((QuoteOutcome.Quoted) outcome).quote().price())
        .isEqualByComparingTo(new BigDecimal("3456.78"));
    RecordedRequest request = server.takeRequest();
    assertThat(request.getPath()).isEqualTo("/api/v3/ticker/price?symbol=ETHUSDT");
  }

  @Test
  void an_invalid_symbol_is_unsupported_and_not_retried() {
    server.enqueue(
        new MockResponse()
            .setResponseCode(400)
            .setBody("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"));

    QuoteFailure failure = failure(source.quote(ETHUSDT));

    assertThat(failure).isInstanceOf(QuoteFailure.UnsupportedMarket.class);
    assertThat(failure.describe()).contains("Invalid symbol.");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a_429_with_binances_message_and_retry_after_keeps_the_source_quiet() {
    server.enqueue(
        new MockResponse()
            .setResponseCode(429)
            .setHeader("Retry-After", "7")
            .setBody(
                "{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is 6000"
                    + " request weight per 1 MINUTE.\"}"));

    QuoteFailure first = failure(source.quote(ETHUSDT));
    clock.advance(Duration.ofSeconds(6));
    QuoteFailure quiet = failure(source.quote(ETHUSDT));

    assertThat(first).isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(((QuoteFailure.RateLimited) first).retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(first.describe()).contains("-1003").contains("Too much request weight used");
    assertThat(quiet).isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a_418_that_says_until_when_bans_the_source_that_long() {
    Instant until = START.plus(Duration.ofMinutes(10));
    server.enqueue(
        new MockResponse()
            .setResponseCode(418)
            .setBody(
                "{\"code\":-1003,\"msg\":\"Way too much request weight used; IP banned until "
                    + until.toEpochMilli()
                    + ". Please use WebSocket Streams for live updates to avoid bans.\"}"));

    QuoteFailure.Banned ban = (QuoteFailure.Banned) failure(source.quote(ETHUSDT));
    clock.advance(Duration.ofMinutes(10).minusSeconds(1));
    QuoteFailure during = failure(source.quote(ETHUSDT));

    assertThat(ban.backOff()).isEqualTo(Duration.ofMinutes(10));
    assertThat(ban.message()).contains("IP banned until " + until.toEpochMilli());
    assertThat(during).isInstanceOf(QuoteFailure.Banned.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a_5xx_is_retried_before_the_price() {
    server.enqueue(new MockResponse().setResponseCode(502).setBody("<html>Bad Gateway</html>"));
    server.enqueue(new MockResponse().setBody("{\"symbol\":\"ETHUSDT\",\"price\":\"3456.78\"}"));

    assertThat(source.quote(ETHUSDT)).isInstanceOf(QuoteOutcome.Quoted.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }
}
