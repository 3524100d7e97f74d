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
 */
public record FeedObservation(
    String feedId,
    long block,
    Instant at,
    Optional<BigDecimal> price,
    Optional<Instant> updatedAt,
    Severity status) {

  public FeedObservation {
    Objects.requireNonNull(feedId, "feedId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(status, "status");
  }
}
