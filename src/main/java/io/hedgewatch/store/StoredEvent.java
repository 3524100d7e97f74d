package io.hedgewatch.store;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert event as committed: {@code sequence} orders every event of the store (the SSE stream's
 * {@code id}, so a client can resume with {@code Last-Event-ID}); {@code body} is the contract's
 * webhook document, rendered once at commit so that every sink and every retry sends the same
 * bytes.
 *
 * @param id the event id ({@code X-Hedgewatch-Event-Id})
 * @param type the wire type, {@code alert.opened} ...
 */
public record StoredEvent(
    long sequence,
    String id,
    String type,
    String alertId,
    String rule,
    String subject,
    String severity,
    Instant at,
    String body) {

  public StoredEvent {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(body, "body");
  }

  /** The same event before the store has given it a sequence number. */
  public static StoredEvent unsequenced(
      String id,
      String type,
      String alertId,
      String rule,
      String subject,
      String severity,
      Instant at,
      String body) {
    return new StoredEvent(0, id, type, alertId, rule, subject, severity, at, body);
  }
}
