package io.hedgewatch.store;

import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one cycle saw of one feed: the kept record behind audits and the dashboard's charts.
 *
 * @param feedId the config's feed id
 * @param block the block the feed was read at
 * @param at that block's timestamp (what contracts see), not the wall clock
 * @param price the feed's answer, scaled by its decimals; empty when it could not be read
 * @param updatedAt the oracle's own update time of that answer
 * @param status the feed's status in that cycle
 * @param referencePrice the reference composite of the feed's pair at that cycle; empty without a
 *     reference block or when the reference had no price
 * @param driftBps the answer against the reference, in basis points; empty when not judged
 */
public record FeedObservation(
    String feedId,
    long block,
    Instant at,
    Optional<BigDecimal> price,
    Optional<Instant> updatedAt,
    Severity status,
    Optional<BigDecimal> referencePrice,
    Optional<Double> driftBps) {

  /** An observation of a feed without a reference. */
  public FeedObservation(
      String feedId,
      long block,
      Instant at,
      Optional<BigDecimal> price,
      Optional<Instant> updatedAt,
      Severity status) {
    this(feedId, block, at, price, updatedAt, status, Optional.empty(), Optional.empty());
  }

  public FeedObservation {
    Objects.requireNonNull(referencePrice, "referencePrice");
    Objects.requireNonNull(driftBps, "driftBps");
    Objects.requireNonNull(feedId, "feedId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(status, "status");
  }
}
