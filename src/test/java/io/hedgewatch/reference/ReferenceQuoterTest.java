package io.hedgewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import io.hedgewatch.testing.MovableClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReferenceQuoterTest {

  private static final VenueMarket ETHUSDT = new VenueMarket("ETHUSDT", Pair.of("ETH/USDT"));
  private static final VenueMarket ETHUSD = new VenueMarket("ETH-USD", Pair.of("ETH/USD"));
  private static final VenueMarket BTCUSDT = new VenueMarket("BTCUSDT", Pair.of("BTC/USDT"));
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private final MovableClock clock = new MovableClock(START);
  private final OkHttpClient http =
      new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  private final CountDownLatch release = new CountDownLatch(1);
  private MockWebServer binance;
  private MockWebServer coinbase;
  private MockWebServer kraken;

  @BeforeEach
  void start() throws IOException {
    binance = new MockWebServer();
    coinbase = new MockWebServer();
    kraken = new MockWebServer();
    binance.start();
    coinbase.start();
    kraken.start();
  }

  @AfterEach
  void stop() throws IOException {
    release.countDown();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    binance.shutdown();
    coinbase.shutdown();
    kraken.shutdown();
  }

  private HttpPriceSource source(ReferenceVenue venue, MockWebServer server, Duration timeout) {
    return new HttpPriceSource(
        new FakeJsonProtocol(venue),
        server.url("/"),
        http,
        clock,
        ReferenceVenuePolicy.defaultFor(venue)
            .withRateLimit(100, Duration.ofSeconds(1), Duration.ofMillis(100))
            .withTimeout(timeout)
            .withRetry(2, Duration.ofMillis(1), Duration.ofMillis(5)));
  }

  private static MockResponse price(String price) {
    return new MockResponse().setBody("{\"price\":\"" + price + "\"}");
  }

  /** A source that answers at once and counts how often it was asked. */
  private static final class CountingSource implements PriceSource {
    final AtomicInteger asked = new AtomicInteger();

    @Override
    public ReferenceVenue venue() {
      return ReferenceVenue.OKX;
    }

    @Override
    public QuoteOutcome quote(VenueMarket market) {
      asked.incrementAndGet();
      return new QuoteOutcome.Quoted(
          new VenueQuote(venue(), market, BigDecimal.valueOf(asked.get()), START, false));
    }
  }

  @Test
  void a_venue_slower_than_its_timeout_does_not_hold_up_the_others() {
    Duration slowTimeout = Duration.ofMillis(400);
    HttpPriceSource fast1 = source(ReferenceVenue.BINANCE, binance, Duration.ofSeconds(2));
    HttpPriceSource fast2 = source(ReferenceVenue.COINBASE, coinbase, Duration.ofSeconds(2));
    HttpPriceSource slow = source(ReferenceVenue.KRAKEN, kraken, slowTimeout);
    binance.enqueue(price("3000.1"));
    coinbase.enqueue(price("3000.2"));
    kraken.enqueue(price("3000.3").setHeadersDelay(2, TimeUnit.SECONDS));
    try (ReferenceQuoter quoter =
        new ReferenceQuoter(
            ReferenceQuoter.deadlineFor(List.of(fast1.policy(), fast2.policy(), slow.policy())))) {

      long start = System.nanoTime();
      List<QuoteOutcome> outcomes =
          quoter.quoteAll(
              List.of(
                  new ReferenceQuoter.Request(slow, ETHUSD),
                  new ReferenceQuoter.Request(fast1, ETHUSDT),
                  new ReferenceQuoter.Request(fast2, ETHUSD)));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(slowTimeout.plusSeconds(1));
      assertThat(outcomes).hasSize(3);
      assertThat(outcomes.get(0))
          .isEqualTo(
              new QuoteOutcome.NotQuoted(
                  ReferenceVenue.KRAKEN,
                  ETHUSD,
                  new QuoteFailure.Timeout("reference.kraken.ticker.timeout", slowTimeout)));
      assertThat(outcomes.get(1)).isInstanceOf(QuoteOutcome.Quoted.class);
      assertThat(outcomes.get(1).venue()).isEqualTo(ReferenceVenue.BINANCE);
      assertThat(outcomes.get(2)).isInstanceOf(QuoteOutcome.Quoted.class);
      assertThat(outcomes.get(2).venue()).isEqualTo(ReferenceVenue.COINBASE);
    }
  }

  @Test
  void a_source_that_ignores_its_own_timeout_is_cut_off_at_the_deadline() {
    PriceSource stuck =
        new PriceSource() {
          @Override
          public ReferenceVenue venue() {
            return ReferenceVenue.BYBIT;
          }

          @Override
          public QuoteOutcome quote(VenueMarket market) {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new AssertionError("released only after the test");
          }
        };
    CountingSource quick = new CountingSource();
    Duration deadline = Duration.ofMillis(300);
    try (ReferenceQuoter quoter = new ReferenceQuoter(deadline)) {

      long start = System.nanoTime();
      List<QuoteOutcome> outcomes =
          quoter.quoteAll(
              List.of(
                  new ReferenceQuoter.Request(stuck, ETHUSDT),
                  new ReferenceQuoter.Request(quick, ETHUSDT)));

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(deadline.plusSeconds(1));
      assertThat(outcomes.get(0))
          .isEqualTo(
              new QuoteOutcome.NotQuoted(
                  ReferenceVenue.BYBIT,
                  ETHUSDT,
                  new QuoteFailure.Timeout(ReferenceQuoter.DEADLINE_NAME, deadline)));
      assertThat(outcomes.get(1)).isInstanceOf(QuoteOutcome.Quoted.class);
    }
  }

  @Test
  void the_same_market_asked_twice_in_one_call_is_asked_once() {
    CountingSource okx = new CountingSource();
    try (ReferenceQuoter quoter = new ReferenceQuoter(Duration.ofSeconds(2))) {
      ReferenceQuoter.Request eth = new ReferenceQuoter.Request(okx, ETHUSDT);

      List<QuoteOutcome> outcomes =
          quoter.quoteAll(
              List.of(
                  eth,
                  new ReferenceQuoter.Request(okx, BTCUSDT),
                  new ReferenceQuoter.Request(okx, ETHUSDT)));

      assertThat(okx.asked).hasValue(2);
      assertThat(outcomes).hasSize(3);
      assertThat(outcomes.get(0)).isSameAs(outcomes.get(2));
      assertThat(outcomes.get(0).market()).isEqualTo(ETHUSDT);
      assertThat(outcomes.get(1).market()).isEqualTo(BTCUSDT);
    }
  }

  @Test
  void over_http_duplicates_reach_the_venue_once() {
    HttpPriceSource source = source(ReferenceVenue.BINANCE, binance, Duration.ofSeconds(2));
    binance.enqueue(price("3000"));
    binance.enqueue(price("3001"));
    try (ReferenceQuoter quoter = new ReferenceQuoter(Duration.ofSeconds(3))) {

      List<QuoteOutcome> outcomes =
          quoter.quoteAll(
              List.of(
                  new ReferenceQuoter.Request(source, ETHUSDT),
                  new ReferenceQuoter.Request(source, ETHUSDT)));

      assertThat(outcomes).allSatisfy(o -> assertThat(o).isInstanceOf(QuoteOutcome.Quoted.class));
      assertThat(binance.getRequestCount()).isEqualTo(1);
    }
  }

  @Test
  void a_source_that_throws_is_a_programming_error_and_surfaces() {
    PriceSource broken =
        new PriceSource() {
          @Override
          public ReferenceVenue venue() {
            return ReferenceVenue.COINBASE;
          }

          @Override
          public QuoteOutcome quote(VenueMarket market) {
            throw new IllegalStateException("bug");
          }
        };
    try (ReferenceQuoter quoter = new ReferenceQuoter(Duration.ofSeconds(1))) {
      assertThatThrownBy(
              () -> quoter.quoteAll(List.of(new ReferenceQuoter.Request(broken, ETHUSD))))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("bug");
    }
  }

  @Test
  void close_leaves_a_given_executor_running_and_shuts_down_its_own() {
    ExecutorService given = Executors.newSingleThreadExecutor();
    try {
      new ReferenceQuoter(given, Duration.ofSeconds(1)).close();
      assertThat(given.isShutdown()).isFalse();
    } finally {
      given.shutdownNow();
    }
    ReferenceQuoter own = new ReferenceQuoter(Duration.ofSeconds(1));
    own.close();
    assertThatThrownBy(
            () -> own.quoteAll(List.of(new ReferenceQuoter.Request(new CountingSource(), ETHUSD))))
        .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
  }

  @Test
  void the_default_deadline_is_the_slowest_timeout_plus_slack() {
    assertThat(
            ReferenceQuoter.deadlineFor(
                List.of(
                    ReferenceVenuePolicy.DEFAULT_BINANCE,
                    ReferenceVenuePolicy.DEFAULT_KRAKEN.withTimeout(Duration.ofSeconds(5)))))
        .isEqualTo(Duration.ofSeconds(5).plus(ReferenceQuoter.DEFAULT_SLACK));
  }
}
