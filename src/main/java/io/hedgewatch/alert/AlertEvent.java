package io.hedgewatch.alert;

import io.hedgewatch.domain.Alert;
import java.time.Instant;
import java.util.Objects;

/**
 * Something a sink should deliver. {@code id} is stable (see {@link AlertId#event}): the same
 * transition always carries the same id, so at-least-once delivery can be deduplicated.
 *
 * @param alert the latest observation of the condition (for {@code alert.resolved}, the last one
 *     that held), at the alert's current severity
 * @param since when the alert opened
 * @param at the cycle (or acknowledgement) that produced the event
 * @param acknowledgement set for {@code alert.acknowledged}, null otherwise
 */
public record AlertEvent(
    String id,
    Type type,
    String alertId,
    Alert alert,
    Instant since,
    Instant at,
    Acknowledgement acknowledgement) {

  public AlertEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(at, "at");
  }

  public enum Type {
    OPENED("alert.opened"),
    UPDATED("alert.updated"),
    REMINDER("alert.reminder"),
    ACKNOWLEDGED("alert.acknowledged"),
    RESOLVED("alert.resolved");

    private final String wireName;

    Type(String wireName) {
      this.wireName = wireName;
    }

    /** The event's {@code type} in the webhook's JSON. */
    public String wireName() {
      return wireName;
    }
  }
}
