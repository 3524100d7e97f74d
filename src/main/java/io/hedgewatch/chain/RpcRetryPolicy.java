package io.hedgewatch.chain;

import java.time.Duration;

/**
 * How hard one endpoint is tried before the next one is: {@code attemptsPerEndpoint} tries with
 * exponential backoff and full jitter between {@code initialBackoff} and {@code maxBackoff}; an
 * endpoint that keeps failing is skipped for {@code quarantine} before it is tried again.
 */
public record RpcRetryPolicy(
    int attemptsPerEndpoint, Duration initialBackoff, Duration maxBackoff, Duration quarantine) {

  public static final RpcRetryPolicy DEFAULT =
      new RpcRetryPolicy(3, Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofSeconds(30));

  public RpcRetryPolicy {
    if (attemptsPerEndpoint < 1) {
      throw new IllegalArgumentException(
          "attemptsPerEndpoint must be at least 1, was " + attemptsPerEndpoint);
    }
    if (initialBackoff.isNegative() || initialBackoff.isZero()) {
      throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException(
          "maxBackoff must be at least initialBackoff, was " + maxBackoff);
    }
    if (quarantine.isNegative() || quarantine.isZero()) {
      throw new IllegalArgumentException("quarantine must be positive, was " + quarantine);
    }
  }
}
