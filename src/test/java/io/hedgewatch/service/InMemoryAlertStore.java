package io.hedgewatch.service;

import io.hedgewatch.alert.AlertState;
import io.hedgewatch.store.AlertStore;
import io.hedgewatch.store.Delivery;
import io.hedgewatch.store.Outbox;
import io.hedgewatch.store.OutboxStats;
import io.hedgewatch.store.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An alert store in memory with the SQL store's commit semantics (idempotent by event id), and an
 * outbox that only counts; {@link #failCommits} makes commits throw as a broken database would.
 */
final class InMemoryAlertStore implements AlertStore, Outbox {

  private AlertState state = AlertState.EMPTY;
  private final List<StoredEvent> events = new ArrayList<>();
  private final List<String> queued = new ArrayList<>();
  volatile boolean failCommits;

  @Override
  public synchronized AlertState alertState() {
    return state;
  }

  @Override
  public synchronized List<StoredEvent> commit(
      AlertState newState, List<StoredEvent> newEvents, List<String> sinks) {
    if (failCommits) {
      throw new IllegalStateException("database is locked");
    }
    List<StoredEvent> appended = new ArrayList<>();
    for (StoredEvent e : newEvents) {
      if (events.stream().anyMatch(s -> s.id().equals(e.id()))) {
        continue;
      }
      StoredEvent sequenced =
          new StoredEvent(
              events.size() + 1L,
              e.id(),
              e.type(),
              e.alertId(),
              e.rule(),
              e.subject(),
              e.severity(),
              e.at(),
              e.body());
      events.add(sequenced);
      appended.add(sequenced);
      sinks.forEach(s -> queued.add(s + "/" + e.id()));
    }
    state = newState;
    return appended;
  }

  synchronized List<StoredEvent> events() {
    return List.copyOf(events);
  }

  synchronized List<String> queued() {
    return List.copyOf(queued);
  }

  @Override
  public synchronized List<StoredEvent> eventsAfter(long afterSequence, int limit) {
    return events.stream().filter(e -> e.sequence() > afterSequence).limit(limit).toList();
  }

  @Override
  public synchronized List<StoredEvent> eventsOf(String alertId, int limit) {
    return events.stream().filter(e -> e.alertId().equals(alertId)).limit(limit).toList();
  }

  @Override
  public Optional<Delivery> nextDue(String sink, Instant now) {
    return Optional.empty();
  }

  @Override
  public Optional<Instant> nextAttemptAt(String sink) {
    return Optional.empty();
  }

  @Override
  public void markDelivered(String sink, String eventId, Instant at) {}

  @Override
  public void markRetry(
      String sink, String eventId, int attempts, Instant nextAttemptAt, String error) {}

  @Override
  public void markDead(String sink, String eventId, int attempts, Instant at, String error) {}

  @Override
  public synchronized List<OutboxStats> stats(List<String> sinks) {
    return sinks.stream()
        .map(
            s ->
                new OutboxStats(
                    s,
                    queued.stream().filter(q -> q.startsWith(s + "/")).count(),
                    0,
                    Optional.empty()))
        .toList();
  }

  @Override
  public List<Delivery> deadLetters(int limit) {
    return List.of();
  }
}
