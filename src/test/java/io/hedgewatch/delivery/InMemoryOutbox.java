package io.hedgewatch.delivery;

import io.hedgewatch.store.Delivery;
import io.hedgewatch.store.Outbox;
import io.hedgewatch.store.OutboxStats;
import io.hedgewatch.store.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Outbox} contract in memory: per sink, deliveries in event order, the oldest PENDING
 * one holding the rest until it is delivered or dead. Marking a delivery that is not the sink's
 * PENDING one fails, as it would be a dispatcher bug. {@link #failNext} makes the next calls throw,
 * as a locked or failing database would.
 */
final class InMemoryOutbox implements Outbox {

  private static final class Entry {
    final StoredEvent event;
    Delivery.State state = Delivery.State.PENDING;
    int attempts;
    Instant nextAttemptAt;
    String lastError;
    Instant finishedAt;

    Entry(StoredEvent event, Instant due) {
      this.event = event;
      this.nextAttemptAt = due;
    }

    Delivery snapshot(String sink) {
      return new Delivery(
          sink,
          event,
          state,
          attempts,
          nextAttemptAt,
          Optional.ofNullable(lastError),
          Optional.ofNullable(finishedAt));
    }
  }

  private final Map<String, List<Entry>> bySink = new LinkedHashMap<>();
  private final AtomicInteger failures = new AtomicInteger();
  private final List<String> marks = new ArrayList<>();

  /** Queues {@code event} for each sink, due at once (at the event's time). */
  synchronized void add(StoredEvent event, String... sinks) {
    for (String sink : sinks) {
      bySink.computeIfAbsent(sink, s -> new ArrayList<>()).add(new Entry(event, event.at()));
    }
  }

  /** The next {@code count} calls of any method throw. */
  void failNext(int count) {
    failures.set(count);
  }

  private void maybeFail() {
    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("database is locked (simulated)");
    }
  }

  private Optional<Entry> head(String sink) {
    return bySink.getOrDefault(sink, List.of()).stream()
        .filter(e -> e.state == Delivery.State.PENDING)
        .findFirst();
  }

  private Entry pending(String sink, String eventId) {
    Entry head =
        head(sink).orElseThrow(() -> new IllegalStateException("nothing pending for " + sink));
    if (!head.event.id().equals(eventId)) {
      throw new IllegalStateException(
          "marked " + eventId + " but the pending delivery of " + sink + " is " + head.event.id());
    }
    return head;
  }

  @Override
  public synchronized Optional<Delivery> nextDue(String sink, Instant now) {
    maybeFail();
    return head(sink).filter(e -> !e.nextAttemptAt.isAfter(now)).map(e -> e.snapshot(sink));
  }

  @Override
  public synchronized Optional<Instant> nextAttemptAt(String sink) {
    maybeFail();
    return head(sink).map(e -> e.nextAttemptAt);
  }

  @Override
  public synchronized void markDelivered(String sink, String eventId, Instant at) {
    maybeFail();
    Entry entry = pending(sink, eventId);
    entry.state = Delivery.State.DELIVERED;
    entry.finishedAt = at;
    marks.add(sink + " delivered " + eventId);
  }

  @Override
  public synchronized void markRetry(
      String sink, String eventId, int attempts, Instant nextAttemptAt, String error) {
    maybeFail();
    Entry entry = pending(sink, eventId);
    entry.attempts = attempts;
    entry.nextAttemptAt = nextAttemptAt;
    entry.lastError = error;
    marks.add(sink + " retry " + eventId + " #" + attempts);
  }

  @Override
  public synchronized void markDead(
      String sink, String eventId, int attempts, Instant at, String error) {
    maybeFail();
    Entry entry = pending(sink, eventId);
    entry.state = Delivery.State.DEAD;
    entry.attempts = attempts;
    entry.lastError = error;
    entry.finishedAt = at;
    marks.add(sink + " dead " + eventId + " #" + attempts);
  }

  @Override
  public synchronized List<OutboxStats> stats(List<String> sinks) {
    maybeFail();
    List<OutboxStats> stats = new ArrayList<>();
    for (String sink : sinks) {
      List<Entry> entries = bySink.getOrDefault(sink, List.of());
      long pending = entries.stream().filter(e -> e.state == Delivery.State.PENDING).count();
      long dead = entries.stream().filter(e -> e.state == Delivery.State.DEAD).count();
      Optional<Instant> oldest =
          entries.stream()
              .filter(e -> e.state == Delivery.State.PENDING)
              .map(e -> e.event.at())
              .min(Comparator.naturalOrder());
      stats.add(new OutboxStats(sink, pending, dead, oldest));
    }
    return stats;
  }

  @Override
  public synchronized List<Delivery> deadLetters(int limit) {
    maybeFail();
    List<Delivery> dead = new ArrayList<>();
    bySink.forEach(
        (sink, entries) ->
            entries.stream()
                .filter(e -> e.state == Delivery.State.DEAD)
                .forEach(e -> dead.add(e.snapshot(sink))));
    dead.sort(Comparator.comparing((Delivery d) -> d.finishedAt().orElseThrow()).reversed());
    return dead.subList(0, Math.min(limit, dead.size()));
  }

  /** Every delivery of {@code sink}, in event order. */
  synchronized List<Delivery> deliveries(String sink) {
    return bySink.getOrDefault(sink, List.of()).stream().map(e -> e.snapshot(sink)).toList();
  }

  /** What the dispatcher recorded, in order: {@code sink delivered|retry|dead id [#attempts]}. */
  synchronized List<String> marks() {
    return List.copyOf(marks);
  }
}
