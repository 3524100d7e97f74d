package io.hedgewatch.platform;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether one chain's RPC nodes run {@link CodeOwnerProbe}'s deployless eth_call. Kept by whoever
 * outlives a cycle (the chain's session): after a refusal, which is logged, the chain's reads go
 * straight to {@code eth_getCode} for {@link #DEFAULT_RETRY_AFTER}, so a node that refuses calls
 * without {@code to} costs one failed call an hour, not one a cycle. The refusal expires rather
 * than lasting the run because not every refusal is the node's nature: a provider's in-batch rate
 * limit or internal error looks the same from here, and should not cost a day's bandwidth.
 */
public final class CodeProbeSupport {

  /**
   * How long a refusal sends the chain's reads to {@code eth_getCode} before the probe is tried.
   */
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofHours(1);

  private static final Logger LOG = LoggerFactory.getLogger(CodeProbeSupport.class);

  private record Refusal(String reason, Instant until) {}

  private final Clock clock;
  private final Duration retryAfter;
  private volatile Refusal refusal;

  public CodeProbeSupport() {
    this(Clock.systemUTC(), DEFAULT_RETRY_AFTER);
  }

  public CodeProbeSupport(Clock clock, Duration retryAfter) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative() || retryAfter.isZero()) {
      throw new IllegalArgumentException("retryAfter must be positive, got " + retryAfter);
    }
  }

  /** True while a refusal is younger than the retry period. */
  public boolean refused() {
    return refusal().isPresent();
  }

  /** The node's answer to the probe, while its refusal stands. */
  public Optional<String> refusal() {
    Refusal r = refusal;
    if (r == null || !clock.instant().isBefore(r.until())) {
      return Optional.empty();
    }
    return Optional.of(r.reason());
  }

  synchronized void refuse(String chain, String reason) {
    boolean logged = refusal != null && refusal.reason().equals(reason);
    refusal = new Refusal(reason, clock.instant().plus(retryAfter));
    if (!logged) {
      LOG.warn(
          "chain {}: the RPC node refused an eth_call without 'to' ({}); watched contracts' code"
              + " is read with eth_getCode, one call per contract, for {} before the probe is"
              + " tried again",
          chain,
          reason,
          retryAfter);
    }
  }
}
