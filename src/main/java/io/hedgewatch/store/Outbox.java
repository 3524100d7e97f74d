package io.hedgewatch.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue between committed alert events and the sinks. Each sink's deliveries are handed
 * out in event order and one at a time: the oldest PENDING delivery of a sink holds the ones after
 * it until it is delivered or dead, so a receiver sees {@code alert.opened} before {@code
 * alert.resolved}. Sinks are independent of each other.
 */
public interface Outbox {

  /** The sink's oldest PENDING delivery, if it is due at {@code now}. */
  Optional<Delivery> nextDue(String sink, Instant now);

  /** When the sink's oldest PENDING delivery is due (for the worker's wait); empty when none. */
  Optional<Instant> nextAttemptAt(String sink);

  void markDelivered(String sink, String eventId, Instant at);

  /** Records a failed attempt; the delivery stays PENDING until {@code nextAttemptAt}. */
  void markRetry(String sink, String eventId, int attempts, Instant nextAttemptAt, String error);

  /**
   * Records the last failed attempt: the delivery goes DEAD and the next one of the sink is due.
   */
  void markDead(String sink, String eventId, int attempts, Instant at, String error);

  /** Every configured sink's counts, in the order given. */
  List<OutboxStats> stats(List<String> sinks);

  /** Dead-lettered deliveries, newest first, at most {@code limit}. */
  List<Delivery> deadLetters(int limit);
}
