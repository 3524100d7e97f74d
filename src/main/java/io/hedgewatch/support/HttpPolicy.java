package io.hedgewatch.support;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How hard hedgewatch may press one remote HTTP API through {@link ResilientHttp}, and how long it
 * waits for it. The defaults for each kind of venue live with the venue's client (reference spot
 * tickers, centralized perp funding, off-chain perp venues).
 *
 * <p>{@code timeout} bounds one call: the wait for a local rate-limit permit, every attempt and the
 * backoff between them. A retry is started only when the rest of the budget still covers a permit
 * wait and a short attempt, and its backoff (exponential, full jitter) is cut to what the budget
 * leaves, so a call never takes longer than {@code timeout}. A reader that needs several calls (a
 * reading from two endpoints, the pages of a history) spends one such budget per call.
 *
 * @param requestsPerPeriod local rate limit: requests allowed per {@code ratePeriod} for every
 *     endpoint of the client together (venues limit per IP), kept below the venue's published limit
 * @param ratePeriod the rate limiter's refresh period
 * @param permitWait how long a call may wait for a local permit before it fails as rate-limited
 *     rather than queueing; part of {@code timeout}, so shorter than it
 * @param timeout the named timeout of one call
 * @param attempts tries per call, the first included
 * @param initialBackoff backoff cap before the second try; doubles per try up to {@code maxBackoff}
 * @param maxBackoff largest backoff cap
 * @param breakerFailures consecutive failed calls (HTTP 5xx or 408, I/O errors, timeouts) of one
 *     circuit that open it
 * @param breakerOpenFor how long an open circuit refuses calls before one probe is let through
 * @param rateLimitedPause how long no request leaves after a rate-limit reply that does not say how
 *     long ({@code Retry-After})
 * @param banBackoff how long to stay away after a ban that does not say how long; doubles for each
 *     ban that follows a ban without a normal reply between them
 * @param maxBanBackoff cap of the doubled ban backoff
 */
public record HttpPolicy(
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

  public static final int DEFAULT_REQUESTS_PER_PERIOD = 10;
  public static final Duration DEFAULT_RATE_PERIOD = Duration.ofSeconds(1);
  public static final Duration DEFAULT_PERMIT_WAIT = Duration.ofMillis(250);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
  public static final int DEFAULT_ATTEMPTS = 2;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(100);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(1);
  public static final int DEFAULT_BREAKER_FAILURES = 5;
  public static final Duration DEFAULT_BREAKER_OPEN_FOR = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RATE_LIMITED_PAUSE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_BAN_BACKOFF = Duration.ofMinutes(2);
  public static final Duration DEFAULT_MAX_BAN_BACKOFF = Duration.ofHours(1);

  /**
   * The defaults above: a starting point for a venue's policy, which sets at least its own rate
   * limit (the venue's published limit, with room to spare).
   */
  public static final HttpPolicy DEFAULT =
      new HttpPolicy(
          DEFAULT_REQUESTS_PER_PERIOD,
          DEFAULT_RATE_PERIOD,
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

  public HttpPolicy {
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

  public HttpPolicy withRateLimit(int requestsPerPeriod, Duration ratePeriod, Duration permitWait) {
    return with(
        d -> {
          d.requestsPerPeriod = requestsPerPeriod;
          d.ratePeriod = ratePeriod;
          d.permitWait = permitWait;
        });
  }

  /**
   * The same policy with another timeout; a permit wait that would no longer be shorter than it
   * becomes half of it, so that a short timeout can be asked for without restating the rate limit.
   */
  public HttpPolicy withTimeout(Duration timeout) {
    requirePositive("timeout", timeout);
    return with(
        d -> {
          d.timeout = timeout;
          if (permitWait.compareTo(timeout) >= 0) {
            d.permitWait = timeout.dividedBy(2);
          }
        });
  }

  public HttpPolicy withRetry(int attempts, Duration initialBackoff, Duration maxBackoff) {
    return with(
        d -> {
          d.attempts = attempts;
          d.initialBackoff = initialBackoff;
          d.maxBackoff = maxBackoff;
        });
  }

  public HttpPolicy withBreaker(int breakerFailures, Duration breakerOpenFor) {
    return with(
        d -> {
          d.breakerFailures = breakerFailures;
          d.breakerOpenFor = breakerOpenFor;
        });
  }

  public HttpPolicy withBackoffs(
      Duration rateLimitedPause, Duration banBackoff, Duration maxBanBackoff) {
    return with(
        d -> {
          d.rateLimitedPause = rateLimitedPause;
          d.banBackoff = banBackoff;
          d.maxBanBackoff = maxBanBackoff;
        });
  }

  /** A copy of this policy with {@code change} applied, validated as a whole. */
  private HttpPolicy with(Consumer<Draft> change) {
    Draft draft = new Draft(this);
    change.accept(draft);
    return draft.build();
  }

  /** The fields of a policy being changed by a {@code with...} method. */
  private static final class Draft {
    int requestsPerPeriod;
    Duration ratePeriod;
    Duration permitWait;
    Duration timeout;
    int attempts;
    Duration initialBackoff;
    Duration maxBackoff;
    int breakerFailures;
    Duration breakerOpenFor;
    Duration rateLimitedPause;
    Duration banBackoff;
    Duration maxBanBackoff;

    Draft(HttpPolicy p) {
      requestsPerPeriod = p.requestsPerPeriod;
      ratePeriod = p.ratePeriod;
      permitWait = p.permitWait;
      timeout = p.timeout;
      attempts = p.attempts;
      initialBackoff = p.initialBackoff;
      maxBackoff = p.maxBackoff;
      breakerFailures = p.breakerFailures;
      breakerOpenFor = p.breakerOpenFor;
      rateLimitedPause = p.rateLimitedPause;
      banBackoff = p.banBackoff;
      maxBanBackoff = p.maxBanBackoff;
    }

    HttpPolicy build() {
      return new HttpPolicy(
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
    return new IllegalArgumentException("HTTP policy: " + field + " " + rule + ", was " + value);
  }
}
