package io.hedgewatch.venue;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard hedgewatch may press one off-chain perp venue (Hyperliquid's {@code /info}, dYdX's
 * indexer), and how long it waits for it.
 *
 * <p>{@code timeout} bounds one call of one endpoint: the wait for a local rate-limit permit, every
 * attempt and the backoff between them (exponential, full jitter, cut so that the call ends in
 * time). It is named {@code venue.<id>.<endpoint>.timeout}. A reader that needs several calls (a
 * snapshot cycle, the pages of a funding history) spends one such budget per call.
 *
 * @param requestsPerPeriod local rate limit: requests allowed per {@code ratePeriod}, for all the
 *     venue's endpoints together (the venues limit per IP, not per endpoint)
 * @param ratePeriod the rate limiter's refresh period
 * @param permitWait how long a call may wait for a local permit before it fails as rate-limited;
 *     part of {@code timeout}, so shorter than it
 * @param timeout the named timeout of one call
 * @param attempts tries per call, the first included
 * @param initialBackoff backoff cap before the second try; doubles per try up to {@code maxBackoff}
 * @param maxBackoff largest backoff cap
 * @param breakerFailures consecutive failed calls (HTTP 5xx or 408, I/O errors, timeouts) of one
 *     endpoint that open that endpoint's circuit
 * @param breakerOpenFor how long an open circuit refuses calls before one probe is let through
 * @param rateLimitedPause how long no request goes to the venue after an HTTP 429 that does not say
 *     how long ({@code Retry-After})
 */
public record OffchainVenuePolicy(
    int requestsPerPeriod,
    Duration ratePeriod,
    Duration permitWait,
    Duration timeout,
    int attempts,
    Duration initialBackoff,
    Duration maxBackoff,
    int breakerFailures,
    Duration breakerOpenFor,
    Duration rateLimitedPause) {

  public static final Duration DEFAULT_PERMIT_WAIT = Duration.ofMillis(500);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
  public static final int DEFAULT_ATTEMPTS = 3;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(250);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(2);
  public static final int DEFAULT_BREAKER_FAILURES = 5;
  public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RATE_LIMITED_PAUSE = Duration.ofSeconds(10);

  /**
   * Hyperliquid: 1200 request weight per minute per IP, shared by {@code /info} and {@code
   * /exchange}; {@code metaAndAssetCtxs} and {@code predictedFundings} weigh 20, {@code
   * fundingHistory} 20 plus 1 per 20 rows returned. Ten requests per 20 s spend at most half of the
   * budget (600 weight a minute with 20-weight requests) and let a cycle's two requests and a
   * backfill's few pages go out together.
   */
  public static final OffchainVenuePolicy DEFAULT_HYPERLIQUID =
      withRate(10, Duration.ofSeconds(20));

  /**
   * dYdX indexer: 100 GET requests per 10 s per IP (comlink's {@code RATE_LIMIT_GET_POINTS} /
   * {@code RATE_LIMIT_GET_DURATION_SECONDS} defaults; a deployment may set others). 25 per 5 s is
   * half of that, with room for a cycle's one markets request plus one funding request per market.
   */
  public static final OffchainVenuePolicy DEFAULT_DYDX = withRate(25, Duration.ofSeconds(5));

  public OffchainVenuePolicy {
    requireAtLeastOne("requestsPerPeriod", requestsPerPeriod);
    requirePositive("ratePeriod", ratePeriod);
    Objects.requireNonNull(permitWait, "permitWait");
    if (permitWait.isNegative()) {
      throw invalid("permitWait", permitWait, "must not be negative");
    }
    requirePositive("timeout", timeout);
    if (permitWait.compareTo(timeout) >= 0) {
      throw invalid(
          "permitWait", permitWait, "must be shorter than timeout (" + timeout.toMillis() + " ms)");
    }
    requireAtLeastOne("attempts", attempts);
    requirePositive("initialBackoff", initialBackoff);
    requirePositive("maxBackoff", maxBackoff);
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw invalid(
          "maxBackoff",
          maxBackoff,
          "must not be shorter than initialBackoff (" + initialBackoff.toMillis() + " ms)");
    }
    requireAtLeastOne("breakerFailures", breakerFailures);
    requirePositive("breakerOpenFor", breakerOpenFor);
    requirePositive("rateLimitedPause", rateLimitedPause);
  }

  /** The same policy with another named timeout (permit wait kept below it). */
  public OffchainVenuePolicy withTimeout(Duration newTimeout) {
    requirePositive("timeout", newTimeout);
    Duration wait = permitWait.compareTo(newTimeout) < 0 ? permitWait : newTimeout.dividedBy(2);
    return new OffchainVenuePolicy(
        requestsPerPeriod,
        ratePeriod,
        wait,
        newTimeout,
        attempts,
        initialBackoff,
        maxBackoff,
        breakerFailures,
        breakerOpenFor,
        rateLimitedPause);
  }

  public OffchainVenuePolicy withRateLimit(int requests, Duration period, Duration wait) {
    return new OffchainVenuePolicy(
        requests,
        period,
        wait,
        timeout,
        attempts,
        initialBackoff,
        maxBackoff,
        breakerFailures,
        breakerOpenFor,
        rateLimitedPause);
  }

  public OffchainVenuePolicy withRetry(int tries, Duration initial, Duration max) {
    return new OffchainVenuePolicy(
        requestsPerPeriod,
        ratePeriod,
        permitWait,
        timeout,
        tries,
        initial,
        max,
        breakerFailures,
        breakerOpenFor,
        rateLimitedPause);
  }

  public OffchainVenuePolicy withBreaker(int failures, Duration openFor) {
    return new OffchainVenuePolicy(
        requestsPerPeriod,
        ratePeriod,
        permitWait,
        timeout,
        attempts,
        initialBackoff,
        maxBackoff,
        failures,
        openFor,
        rateLimitedPause);
  }

  public OffchainVenuePolicy withRateLimitedPause(Duration pause) {
    return new OffchainVenuePolicy(
        requestsPerPeriod,
        ratePeriod,
        permitWait,
        timeout,
        attempts,
        initialBackoff,
        maxBackoff,
        breakerFailures,
        breakerOpenFor,
        pause);
  }

  private static OffchainVenuePolicy withRate(int requests, Duration period) {
    return new OffchainVenuePolicy(
        requests,
        period,
        DEFAULT_PERMIT_WAIT,
        DEFAULT_TIMEOUT,
        DEFAULT_ATTEMPTS,
        DEFAULT_INITIAL_BACKOFF,
        DEFAULT_MAX_BACKOFF,
        DEFAULT_BREAKER_FAILURES,
        DEFAULT_BREAKER_OPEN_FOR,
        DEFAULT_RATE_LIMITED_PAUSE);
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
        "off-chain venue policy: " + field + " " + rule + ", was " + value);
  }
}
