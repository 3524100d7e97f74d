package io.hedgewatch.config;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard one sink tries: each attempt is bounded by {@code timeout}; a failed attempt is retried
 * after an exponential back-off from {@code initialBackoff} up to {@code maxBackoff}, with full
 * jitter; after {@code maxAttempts} failed attempts the delivery is dead-lettered (kept, visible in
 * the API and metrics, never retried on its own).
 */
public record DeliveryPolicy(
    Duration timeout, int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  public static final int DEFAULT_MAX_ATTEMPTS = 12;
  public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
  public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(5);

  public DeliveryPolicy {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive, got " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff " + maxBackoff + " is below initialBackoff " + initialBackoff);
    }
  }

  public static DeliveryPolicy ofDefaults() {
    return new DeliveryPolicy(
        DEFAULT_TIMEOUT, DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
  }
}
