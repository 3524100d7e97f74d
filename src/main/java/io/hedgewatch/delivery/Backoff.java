package io.hedgewatch.delivery;

import io.hedgewatch.config.DeliveryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long a sink waits after a failed attempt: exponential back-off with full jitter. After the
 * {@code n}th failed attempt of a delivery the wait is drawn uniformly from {@code [0, min(max,
 * initial x 2^(n-1))]}, so that sinks and restarts that failed together do not retry together; when
 * the receiver asked for a longer wait ({@code Retry-After}), that wait is taken instead, up to
 * {@link #MAX_RETRY_AFTER}.
 */
public final class Backoff {

  /** A receiver may ask for at most this; a longer {@code Retry-After} is taken as this. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofDays(1);

  private final long initialNanos;
  private final long maxNanos;
  private final RandomGenerator random;

  /**
   * @param random the jitter's source; calls are serialized on it, so a generator that is not
   *     thread-safe may be shared by the workers of one dispatcher
   */
  public Backoff(DeliveryPolicy policy, RandomGenerator random) {
    this.initialNanos = saturatedNanos(policy.initialBackoff());
    this.maxNanos = saturatedNanos(policy.maxBackoff());
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * The longest wait after {@code failedAttempts} failed attempts: {@code min(max, initial x
   * 2^(failedAttempts-1))}.
   */
  public Duration ceiling(int failedAttempts) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException(
          "failedAttempts must be at least 1, got " + failedAttempts);
    }
    int doublings = failedAttempts - 1;
    if (doublings >= Long.numberOfLeadingZeros(initialNanos)) {
      return Duration.ofNanos(maxNanos);
    }
    return Duration.ofNanos(Math.min(maxNanos, initialNanos << doublings));
  }

  /** A wait drawn uniformly from {@code [0, ceiling(failedAttempts)]}. */
  public Duration delay(int failedAttempts) {
    long ceiling = ceiling(failedAttempts).toNanos();
    long drawn;
    synchronized (random) {
      drawn = ceiling == Long.MAX_VALUE ? random.nextLong(ceiling) : random.nextLong(ceiling + 1);
    }
    return Duration.ofNanos(drawn);
  }

  /** {@link #delay(int)}, or the receiver's {@code retryAfter} when that is longer. */
  public Duration delay(int failedAttempts, Optional<Duration> retryAfter) {
    Duration jittered = delay(failedAttempts);
    if (retryAfter.isEmpty() || retryAfter.get().isNegative()) {
      return jittered;
    }
    Duration asked =
        retryAfter.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter.get();
    return asked.compareTo(jittered) > 0 ? asked : jittered;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
