package io.hedgewatch.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One event's delivery to one sink, as the outbox keeps it.
 *
 * @param attempts failed attempts so far
 * @param nextAttemptAt when a PENDING delivery may be tried (again)
 * @param lastError why the last attempt failed, one line (never a secret)
 * @param finishedAt when it was DELIVERED or went DEAD
 */
public record Delivery(
    String sink,
    StoredEvent event,
    State state,
    int attempts,
    Instant nextAttemptAt,
    Optional<String> lastError,
    Optional<Instant> finishedAt) {

  public enum State {
    PENDING,
    DELIVERED,
    /** Gave up after the sink's maxAttempts; kept for the API and metrics. */
    DEAD
  }

  public Delivery {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }
}
