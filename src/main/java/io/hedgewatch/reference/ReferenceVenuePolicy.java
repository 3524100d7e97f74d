package io.hedgewatch.reference;

import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.support.HttpPolicy;
import java.time.Duration;

/**
 * How hard hedgewatch may press each reference venue's ticker endpoint, and the names of each
 * venue's rate limiter, retry, circuit breaker and timeout.
 *
 * <p>The venues differ only in their rate limit; otherwise each takes {@link HttpPolicy#DEFAULT}: a
 * quote has three seconds ({@code reference.<venue>.ticker.timeout}), a quarter of a second of it
 * for a local permit, and two tries 100 ms to 1 s apart.
 */
public final class ReferenceVenuePolicy {

  public static final Duration DEFAULT_TIMEOUT = HttpPolicy.DEFAULT_TIMEOUT;

  /**
   * Binance spot: 6000 request weight per minute per IP, {@code /api/v3/ticker/price} for one
   * symbol weighs 2, so at most 50 requests/s; 10/s uses a fifth of the budget.
   */
  public static final HttpPolicy DEFAULT_BINANCE = withRate(10, Duration.ofSeconds(1));

  /** Coinbase Exchange: about 10 public requests/s per IP (bursts to 15); 5/s. */
  public static final HttpPolicy DEFAULT_COINBASE = withRate(5, Duration.ofSeconds(1));

  /**
   * Kraken spot: about 1 public call per second per IP. Five per five seconds keeps that average
   * while letting one cycle's handful of markets (ETH/USD, BTC/USD, USDT/USD, USDC/USD...) go out
   * together; a quote may wait up to 2 s for its permit rather than be refused.
   */
  public static final HttpPolicy DEFAULT_KRAKEN =
      HttpPolicy.DEFAULT.withRateLimit(5, Duration.ofSeconds(5), Duration.ofSeconds(2));

  /** OKX {@code /api/v5/market/ticker}: 20 requests per 2 s per IP (10/s); 8/s. */
  public static final HttpPolicy DEFAULT_OKX = withRate(8, Duration.ofSeconds(1));

  /** Bybit v5: 600 requests per 5 s per IP (120/s) with stricter per-endpoint limits; 20/s. */
  public static final HttpPolicy DEFAULT_BYBIT = withRate(20, Duration.ofSeconds(1));

  private ReferenceVenuePolicy() {}

  public static HttpPolicy defaultFor(ReferenceVenue venue) {
    return switch (venue) {
      case BINANCE -> DEFAULT_BINANCE;
      case COINBASE -> DEFAULT_COINBASE;
      case KRAKEN -> DEFAULT_KRAKEN;
      case OKX -> DEFAULT_OKX;
      case BYBIT -> DEFAULT_BYBIT;
    };
  }

  /** The name of the venue's ticker timeout, e.g. {@code reference.binance.ticker.timeout}. */
  public static String timeoutName(ReferenceVenue venue) {
    return instanceName(venue) + ".timeout";
  }

  /**
   * The name of the venue's ticker retry, rate limiter and circuit breaker, e.g. {@code
   * reference.binance.ticker}.
   */
  public static String instanceName(ReferenceVenue venue) {
    return "reference." + venue.configName() + ".ticker";
  }

  private static HttpPolicy withRate(int requests, Duration period) {
    return HttpPolicy.DEFAULT.withRateLimit(requests, period, HttpPolicy.DEFAULT_PERMIT_WAIT);
  }
}
