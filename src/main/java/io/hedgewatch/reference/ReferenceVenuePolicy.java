package io.hedgewatch.reference;

import io.hedgewatch.domain.ReferenceVenue;
import java.time.Duration;
import java.util.Objects;

/**
 * How hard hedgewatch may press one reference venue's ticker endpoint.
 *
 * <p>{@code timeout} bounds one whole quote: the wait for a local rate-limit permit, every attempt
 * and the backoff between them. A retry is started only when the rest of the budget still covers a
 * permit wait and a short attempt, and its backoff (exponential, full jitter) is cut to what the
 * budget leaves, so a quote never takes longer than {@code timeout}.
 *
 * @param requestsPerPeriod local rate limit: requests allowed per {@code ratePeriod}, kept below
 *     the venue's published limit
 * @param ratePeriod the rate limiter's refresh period
 * @param permitWait how long a quote may wait for a local permit before it gives up as rate-limited
 *     rather than queueing; part of {@code timeout}, so shorter than it
 * @param timeout the named timeout {@code reference.<venue>.ticker.timeout} of one quote
 * @param attempts tries per quote, the first included
 * @param initialBackoff backoff cap before the second try; doubles per try up to {@code maxBackoff}
 * @param maxBackoff largest backoff cap
 * @param breakerFailures consecutive failed quotes (5xx, I/O, timeout) that open the circuit
 * @param breakerOpenFor how long an open circuit refuses quotes before one probe is let through
 * @param rateLimitedPause how long to stay quiet after a rate-limit reply that does not say how
 *     long
 * @param banBackoff how long to stay away after a ban that does not say how long; doubles for each
 *     ban that follows a ban without a normal reply between them
 * @param maxBanBackoff cap of the doubled ban backoff
 */
public record ReferenceVenuePolicy(
    int requestsPerPeriod,
    Duration ratePeriod,
    Duration permitWait,
    Duration timeout,
    int attempts,
    Duration initialBackoff,
    Duration maxBackoff,
    int breakerFailures,
    Duration breakerOpenFor,
    Duration rateLimitedPause,
    Duration banBackoff,
    Duration maxBanBackoff) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_PERMIT_WAIT = Duration.ofMillis(250);
  public static final int DEFAULT_ATTEMPTS = 2;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(1);
  public static final int DEFAULT_BREAKER_FAILURES = 5;
  public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RATE_LIMITED_PAUSE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BAN_BACKOFF = Duration.ofMinutes(2);
  public static final Duration DEFAULT_MAX_BAN_BACKOFF = Duration.ofHours(1);

  /**
   * Binance spot: 6000 request weight per minute per IP, {@code /api/v3/ticker/price} for one
   * symbol weighs 2, so at most 50 requests/s; 10/s uses a fifth of the budget.
   */
  public static final ReferenceVenuePolicy DEFAULT_BINANCE = withRate(10, Duration.ofSeconds(1));

  /** Coinbase Exchange: about 10 public requests/s per IP (bursts to 15); 5/s. */
  public static final ReferenceVenuePolicy DEFAULT_COINBASE = withRate(5, Duration.ofSeconds(1));

  /**
   * Kraken spot: about 1 public call per second per IP. Five per five seconds keeps that average
   * while letting one cycle's handful of markets (ETH/USD, BTC/USD, USDT/USD, USDC/USD...) go out
   * together; a quote may wait up to 2 s for its permit rather than be refused.
   */
  public static final ReferenceVenuePolicy DEFAULT_KRAKEN =
      withRate(1, Duration.ofSeconds(1))
          .withRateLimit(5, Duration.ofSeconds(5), Duration.ofSeconds(2));

  /** OKX {@code /api/v5/market/ticker}: 20 requests per 2 s per IP (10/s); 8/s. */
  public static final ReferenceVenuePolicy DEFAULT_OKX = withRate(8, Duration.ofSeconds(1));

  /** Bybit v5: 600 requests per 5 s per IP (120/s) with stricter per-endpoint limits; 20/s. */
  public static final ReferenceVenuePolicy DEFAULT_BYBIT = withRate(20, Duration.ofSeconds(1));

  public ReferenceVenuePolicy {
    requireAtLeastOne("requestsPerPeriod", requestsPerPeriod);
    requirePositive("ratePeriod", ratePeriod);
    Objects.requireNonNull(permitWait, "permitWait");
    if (permitWait.isNegative()) {
      throw invalid("permitWait", permitWait, "must not be negative");
    }
    requirePositive("timeout", timeout);
    if (permitWait.compareTo(timeout) >= 0) {
      throw invalid("permitWait", permitWait, "must be shorter than timeout " + timeout);
    }
    requireAtLeastOne("attempts", attempts);
    requirePositive("initialBackoff", initialBackoff);
    requirePositive("maxBackoff", maxBackoff);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw invalid("maxBackoff", maxBackoff, "must be at least initialBackoff " + initialBackoff);
    }
    requireAtLeastOne("breakerFailures", breakerFailures);
    requirePositive("breakerOpenFor", breakerOpenFor);
    requirePositive("rateLimitedPause", rateLimitedPause);
    requirePositive("banBackoff", banBackoff);
    requirePositive("maxBanBackoff", maxBanBackoff);
    if (maxBanBackoff.compareTo(banBackoff) < 0) {
      throw invalid("maxBanBackoff", maxBanBackoff, "must be at least banBackoff " + banBackoff);
    }
  }

  public static ReferenceVenuePolicy defaultFor(ReferenceVenue venue) {
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

  public ReferenceVenuePolicy withRateLimit(
      int requestsPerPeriod, Duration ratePeriod, Duration permitWait) {
    return new ReferenceVenuePolicy(
        requestsPerPeriod,
        ratePeriod,
        permitWait,
        timeout,
        attempts,
        initialBackoff,
        maxBackoff,
        breakerFailures,
        breakerOpenFor,
        rateLimitedPause,
        banBackoff,
        maxBanBackoff);
  }

  public ReferenceVenuePolicy withTimeout(Duration timeout) {
    return new ReferenceVenuePolicy(
        requestsPerPeriod,
        ratePeriod,
        permitWait,
        timeout,
        attempts,
        initialBackoff,
        maxBackoff,
        breakerFailures,
        breakerOpenFor,
        rateLimitedPause,
        banBackoff,
        maxBanBackoff);
  }

  public ReferenceVenuePolicy withRetry(
      int attempts, Duration initialBackoff, Duration maxBackoff) {
    return new ReferenceVenuePolicy(
        requestsPerPeriod,
        ratePeriod,
        permitWait,
        timeout,
        attempts,
        initialBackoff,
        maxBackoff,
        breakerFailures,
        breakerOpenFor,
        rateLimitedPause,
        banBackoff,
        maxBanBackoff);
  }

  public ReferenceVenuePolicy withBreaker(int breakerFailures, Duration breakerOpenFor) {
    return new ReferenceVenuePolicy(
        requestsPerPeriod,
        ratePeriod,
        permitWait,
        timeout,
        attempts,
        initialBackoff,
        maxBackoff,
        breakerFailures,
        breakerOpenFor,
        rateLimitedPause,
        banBackoff,
        maxBanBackoff);
  }

  public ReferenceVenuePolicy withBackoffs(
      Duration rateLimitedPause, Duration banBackoff, Duration maxBanBackoff) {
    return new ReferenceVenuePolicy(
        requestsPerPeriod,
        ratePeriod,
        permitWait,
        timeout,
        attempts,
        initialBackoff,
        maxBackoff,
        breakerFailures,
        breakerOpenFor,
        rateLimitedPause,
        banBackoff,
        maxBanBackoff);
  }

  private static ReferenceVenuePolicy withRate(int requests, Duration period) {
    return new ReferenceVenuePolicy(
        requests,
        period,
        DEFAULT_PERMIT_WAIT,
        DEFAULT_TIMEOUT,
        DEFAULT_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_BREAKER_FAILURES,
        DEFAULT_BREAKER_OPEN_FOR,
        DEFAULT_RATE_LIMITED_PAUSE,
        DEFAULT_BAN_BACKOFF,
        DEFAULT_MAX_BAN_BACKOFF);
  }

  private static void requireAtLeastOne(String field, int value) {
    if (value < 1) {
      throw invalid(field, value, "must be at least 1");
    }
  }

  private static void requirePositive(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.isNegative() || value.isZero()) {
      throw invalid(field, value, "must be positive");
    }
  }

  private static IllegalArgumentException invalid(String field, Object value, String rule) {
    return new IllegalArgumentException(
        "reference venue policy: " + field + " " + rule + ", was " + value);
  }
}
