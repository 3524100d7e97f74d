package io.hedgewatch.alert;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * What the lifecycle remembers of one identity (rule, subject) between cycles: a plain value, so
 * that the store can persist it and a restart continues where it stopped. Fields that only mean
 * something in some phases are null in the others.
 *
 * @param held consecutive observations the condition held while PENDING (0 when IDLE or OPEN)
 * @param cleared consecutive observations the condition was clear while OPEN
 * @param severity the severity last notified; OPEN only
 * @param last the latest observation that held; PENDING and OPEN
 * @param since when the alert opened; OPEN only
 * @param notifiedAt when the last opened, updated or reminder event was emitted; OPEN only
 * @param acknowledgement OPEN only, when acknowledged and not yet un-silenced
 * @param sequence how many events this identity has ever emitted; kept across resolutions so that
 *     event ids never repeat
 */
public record TrackedAlert(
    String id,
    String rule,
    String subject,
    Phase phase,
    int held,
    int cleared,
    Severity severity,
    Alert last,
    Instant since,
    Instant notifiedAt,
    Acknowledgement acknowledgement,
    long sequence) {

  public enum Phase {
    /** Nothing pending or open; kept only for its event sequence. */
    IDLE,
    /** The condition holds but not yet for {@code sustain} observations. */
    PENDING,
    /** Opened; resolves after {@code clearAfter} consecutive clear observations. */
    OPEN
  }

  public TrackedAlert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(phase, "phase");
    if (phase == Phase.OPEN
        && (severity == null || last == null || since == null || notifiedAt == null)) {
      throw new IllegalArgumentException(
          "open alert "
              + id
              + " ("
              + rule
              + " on "
              + subject
              + ") lacks severity, last, since or"
              + " notifiedAt");
    }
    if (phase == Phase.PENDING && last == null) {
      throw new IllegalArgumentException(
          "pending alert " + id + " (" + rule + " on " + subject + ") lacks its last observation");
    }
  }

  static TrackedAlert idle(String rule, String subject) {
    return new TrackedAlert(
        AlertId.of(rule, subject),
        rule,
        subject,
        Phase.IDLE,
        0,
        0,
        null,
        null,
        null,
        null,
        null,
        0);
  }

  public boolean open() {
    return phase == Phase.OPEN;
  }

  TrackedAlert pending(int newHeld, Alert observed) {
    return new TrackedAlert(
        id, rule, subject, Phase.PENDING, newHeld, 0, null, observed, null, null, null, sequence);
  }

  TrackedAlert toIdle(long newSequence) {
    return new TrackedAlert(
        id, rule, subject, Phase.IDLE, 0, 0, null, null, null, null, null, newSequence);
  }

  TrackedAlert opened(Alert observed, Instant at, long newSequence) {
    return new TrackedAlert(
        id,
        rule,
        subject,
        Phase.OPEN,
        0,
        0,
        observed.severity(),
        observed,
        at,
        at,
        null,
        newSequence);
  }

  TrackedAlert withOpen(
      int newCleared,
      Severity newSeverity,
      Alert newLast,
      Instant newNotifiedAt,
      Acknowledgement newAcknowledgement,
      long newSequence) {
    return new TrackedAlert(
        id,
        rule,
        subject,
        Phase.OPEN,
        0,
        newCleared,
        newSeverity,
        newLast,
        since,
        newNotifiedAt,
        newAcknowledgement,
        newSequence);
  }
}
