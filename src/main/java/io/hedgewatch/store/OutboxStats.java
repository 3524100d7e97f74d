package io.hedgewatch.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One sink's outbox at a moment, for {@code /metrics} and the API.
 *
 * @param pending deliveries not yet delivered nor dead
 * @param dead dead-lettered deliveries (still kept)
 * @param oldestPendingAt the time of the oldest pending event: the delivery lag is now minus this
 */
public record OutboxStats(String sink, long pending, long dead, Optional<Instant> oldestPendingAt) {
  public OutboxStats {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(oldestPendingAt, "oldestPendingAt");
  }
}
