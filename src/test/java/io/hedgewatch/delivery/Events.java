package io.hedgewatch.delivery;

import io.hedgewatch.alert.Acknowledgement;
import io.hedgewatch.alert.AlertEvent;
import io.hedgewatch.alert.AlertId;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.monitor.EventJson;
import io.hedgewatch.store.StoredEvent;
import java.time.Instant;

/** Stored events with the real webhook document, as the service commits them. */
final class Events {

  static final Instant AT = Instant.parse("2026-11-24T12:00:00Z");

  static final Alert DRIFT =
      new Alert(
          "oracle.drift",
          Severity.CRITICAL,
          "feed:eth-usd",
          "eth-usd is 62 bps away from the reference price (3001.50 vs 2983.10)",
          62.0,
          50.0,
          "Stop trusting the feed for margin decisions until it converges");

  private Events() {}

  static StoredEvent opened(long sequence) {
    return of(sequence, AlertEvent.Type.OPENED, DRIFT, null);
  }

  static StoredEvent of(long sequence, AlertEvent.Type type, Alert alert, Acknowledgement ack) {
    String alertId = AlertId.of(alert);
    AlertEvent event =
        new AlertEvent(
            AlertId.event(alertId, sequence),
            type,
            alertId,
            alert,
            AT.minusSeconds(600),
            AT.plusSeconds(sequence),
            ack);
    StoredEvent stored = EventJson.stored(event);
    return new StoredEvent(
        sequence,
        stored.id(),
        stored.type(),
        stored.alertId(),
        stored.rule(),
        stored.subject(),
        stored.severity(),
        stored.at(),
        stored.body());
  }
}
