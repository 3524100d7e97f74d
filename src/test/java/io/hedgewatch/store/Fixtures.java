package io.hedgewatch.store;

import io.hedgewatch.alert.Acknowledgement;
import io.hedgewatch.alert.AlertId;
import io.hedgewatch.alert.AlertState;
import io.hedgewatch.alert.TrackedAlert;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.ContractState;
import io.hedgewatch.domain.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Test values shared by the store tests. */
final class Fixtures {

  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

  private Fixtures() {}

  static ContractState baseline(String subject, String address, long block) {
    return new ContractState(
        subject,
        "arbitrum",
        address,
        block,
        T0.plusSeconds(block),
        Optional.of("0x1111111111111111111111111111111111111111"),
        Optional.empty(),
        Optional.of("0x2222222222222222222222222222222222222222"),
        Optional.empty(),
        Optional.of("0x" + "ab".repeat(32)));
  }

  static final String RULE = "oracle.drift";
  static final String FEED = "feed:eth-usd";
  static final String MARKET = "market:gmx-eth";

  static Alert alert(String subject, Severity severity) {
    return new Alert(RULE, severity, subject, "drift 1.2% > 1%", 0.012, 0.01, "check the feed");
  }

  /** An open alert on {@code subject} that has emitted {@code sequence} events. */
  static TrackedAlert opened(String subject, Severity severity, long sequence) {
    return new TrackedAlert(
        AlertId.of(RULE, subject),
        RULE,
        subject,
        TrackedAlert.Phase.OPEN,
        0,
        1,
        severity,
        alert(subject, severity),
        T0,
        T0.plusSeconds(60),
        new Acknowledgement("ops@example", T0.plusSeconds(30), Severity.WARNING),
        sequence);
  }

  static TrackedAlert pending(String subject, int held) {
    return new TrackedAlert(
        AlertId.of(RULE, subject),
        RULE,
        subject,
        TrackedAlert.Phase.PENDING,
        held,
        0,
        null,
        alert(subject, Severity.WARNING),
        null,
        null,
        null,
        0);
  }

  static TrackedAlert idle(String subject, long sequence) {
    return new TrackedAlert(
        AlertId.of(RULE, subject),
        RULE,
        subject,
        TrackedAlert.Phase.IDLE,
        0,
        0,
        null,
        null,
        null,
        null,
        null,
        sequence);
  }

  static AlertState state(TrackedAlert... alerts) {
    return new AlertState(List.of(alerts));
  }

  /** The {@code n}th event of the alert on {@code subject}, at {@code at}. */
  static StoredEvent event(String subject, long n, String type, Instant at) {
    String alertId = AlertId.of(RULE, subject);
    String id = AlertId.event(alertId, n);
    return StoredEvent.unsequenced(
        id,
        type,
        alertId,
        RULE,
        subject,
        "WARNING",
        at,
        "{\"id\":\"" + id + "\",\"type\":\"" + type + "\"}");
  }
}
