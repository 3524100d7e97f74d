package io.hedgewatch.alert;

import io.hedgewatch.alert.TrackedAlert.Phase;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.RuleSettings;
import io.hedgewatch.risk.RuleSettingsLookup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The alert lifecycle of {@code run} as a pure function from (state, observation) to (state,
 * events); it does no I/O and reads no clock, so the caller persists the state and the events
 * together and a restart continues from the stored state.
 *
 * <p>Per identity (rule, subject):
 *
 * <ul>
 *   <li>it opens once the condition has held for the rule's {@code sustain} consecutive
 *       observations ({@code alert.opened});
 *   <li>while open, a different severity is notified in place ({@code alert.updated}), and an
 *       unacknowledged alert still holding {@code repeatAfter} after its last notification is
 *       notified again ({@code alert.reminder});
 *   <li>it resolves once the condition has been clear for the rule's {@code clearAfter} consecutive
 *       observations ({@code alert.resolved}); a single clear observation while pending starts the
 *       count over;
 *   <li>a cycle that did not observe the subject changes nothing;
 *   <li>an acknowledgement silences reminders until the severity rises above the acknowledged one.
 * </ul>
 *
 * {@code sustain} and {@code clearAfter} below 1 count as 1.
 */
public final class AlertLifecycle {

  private final RuleSettingsLookup settings;
  private final LifecyclePolicy policy;

  public AlertLifecycle(RuleSettingsLookup settings, LifecyclePolicy policy) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.policy = Objects.requireNonNull(policy, "policy");
  }

  /** The new state and the events to deliver, in alert id order. */
  public record Transition(AlertState state, List<AlertEvent> events) {
    public Transition {
      Objects.requireNonNull(state, "state");
      events = List.copyOf(events);
    }
  }

  public Transition step(AlertState state, Observation observation) {
    Map<String, Alert> holding = new LinkedHashMap<>();
    for (Alert alert : observation.holding()) {
      if (alert.severity() == Severity.OK) {
        continue;
      }
      Alert previous = holding.putIfAbsent(AlertId.of(alert), alert);
      if (previous != null) {
        throw new IllegalArgumentException(
            "one observation holds "
                + alert.rule()
                + " on "
                + alert.subject()
                + " twice: the monitor must join alerts of one identity");
      }
    }
    Map<String, TrackedAlert> next = new TreeMap<>();
    state.alerts().forEach(t -> next.put(t.id(), t));
    holding.forEach(
        (id, alert) -> next.putIfAbsent(id, TrackedAlert.idle(alert.rule(), alert.subject())));
    List<AlertEvent> events = new ArrayList<>();
    for (Map.Entry<String, TrackedAlert> entry : next.entrySet()) {
      TrackedAlert tracked = entry.getValue();
      Alert observed = holding.get(entry.getKey());
      if (observed == null && observation.unobserved().contains(tracked.subject())) {
        continue;
      }
      entry.setValue(
          observed != null
              ? held(tracked, observed, observation.at(), events)
              : clear(tracked, observation.at(), events));
    }
    return new Transition(new AlertState(List.copyOf(next.values())), events);
  }

  /**
   * Acknowledges the open alert {@code alertId}; empty when no alert of that id is open. A second
   * acknowledgement at the same severity changes nothing and emits nothing.
   */
  public Optional<Transition> acknowledge(AlertState state, String alertId, String by, Instant at) {
    Optional<TrackedAlert> found = state.find(alertId).filter(TrackedAlert::open);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    TrackedAlert tracked = found.get();
    if (tracked.acknowledgement() != null
        && !tracked.severity().isWorseThan(tracked.acknowledgement().severity())) {
      return Optional.of(new Transition(state, List.of()));
    }
    Acknowledgement ack = new Acknowledgement(by, at, tracked.severity());
    long sequence = tracked.sequence() + 1;
    TrackedAlert acked =
        tracked.withOpen(
            tracked.cleared(),
            tracked.severity(),
            tracked.last(),
            tracked.notifiedAt(),
            ack,
            sequence);
    List<TrackedAlert> alerts = new ArrayList<>(state.alerts());
    alerts.replaceAll(t -> t.id().equals(alertId) ? acked : t);
    AlertEvent event =
        new AlertEvent(
            AlertId.event(alertId, sequence),
            AlertEvent.Type.ACKNOWLEDGED,
            alertId,
            tracked.last(),
            tracked.since(),
            at,
            ack);
    return Optional.of(new Transition(new AlertState(alerts), List.of(event)));
  }

  private TrackedAlert held(
      TrackedAlert tracked, Alert observed, Instant at, List<AlertEvent> events) {
    if (tracked.phase() != Phase.OPEN) {
      int held = tracked.held() + 1;
      if (held < sustain(tracked.rule())) {
        return tracked.pending(held, observed);
      }
      long sequence = tracked.sequence() + 1;
      TrackedAlert opened = tracked.opened(observed, at, sequence);
      events.add(event(opened, AlertEvent.Type.OPENED, at));
      return opened;
    }
    Acknowledgement ack = tracked.acknowledgement();
    if (observed.severity() != tracked.severity()) {
      if (ack != null && observed.severity().isWorseThan(ack.severity())) {
        ack = null;
      }
      TrackedAlert updated =
          tracked.withOpen(0, observed.severity(), observed, at, ack, tracked.sequence() + 1);
      events.add(event(updated, AlertEvent.Type.UPDATED, at));
      return updated;
    }
    if (ack == null
        && Duration.between(tracked.notifiedAt(), at).compareTo(policy.repeatAfter()) >= 0) {
      TrackedAlert reminded =
          tracked.withOpen(0, tracked.severity(), observed, at, null, tracked.sequence() + 1);
      events.add(event(reminded, AlertEvent.Type.REMINDER, at));
      return reminded;
    }
    return tracked.withOpen(
        0, tracked.severity(), observed, tracked.notifiedAt(), ack, tracked.sequence());
  }

  private TrackedAlert clear(TrackedAlert tracked, Instant at, List<AlertEvent> events) {
    switch (tracked.phase()) {
      case IDLE:
        return tracked;
      case PENDING:
        return tracked.toIdle(tracked.sequence());
      default:
        int cleared = tracked.cleared() + 1;
        if (cleared < clearAfter(tracked.rule())) {
          return tracked.withOpen(
              cleared,
              tracked.severity(),
              tracked.last(),
              tracked.notifiedAt(),
              tracked.acknowledgement(),
              tracked.sequence());
        }
        long sequence = tracked.sequence() + 1;
        events.add(
            new AlertEvent(
                AlertId.event(tracked.id(), sequence),
                AlertEvent.Type.RESOLVED,
                tracked.id(),
                tracked.last(),
                tracked.since(),
                at,
                null));
        return tracked.toIdle(sequence);
    }
  }

  private static AlertEvent event(TrackedAlert tracked, AlertEvent.Type type, Instant at) {
    return new AlertEvent(
        AlertId.event(tracked.id(), tracked.sequence()),
        type,
        tracked.id(),
        tracked.last(),
        tracked.since(),
        at,
        null);
  }

  private int sustain(String rule) {
    return Math.max(1, rule(rule).sustain());
  }

  private int clearAfter(String rule) {
    return Math.max(1, rule(rule).count("clearAfter"));
  }

  private RuleSettings rule(String rule) {
    return settings.forRule(rule);
  }
}
