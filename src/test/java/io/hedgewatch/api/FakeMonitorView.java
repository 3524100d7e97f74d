package io.hedgewatch.api;

import io.hedgewatch.alert.Acknowledgement;
import io.hedgewatch.alert.AlertState;
import io.hedgewatch.alert.TrackedAlert;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.store.Delivery;
import io.hedgewatch.store.OutboxStats;
import io.hedgewatch.store.StoredEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A monitor as the API sees it, held in memory. Events are committed in one order: the store's
 * sequence is assigned and the listeners are told under one lock, as the service does after its
 * transaction commits.
 */
final class FakeMonitorView implements MonitorView {

  volatile Optional<CheckReport> latest = Optional.empty();
  volatile AlertState alerts = AlertState.EMPTY;
  volatile boolean ready;
  volatile Map<String, Optional<Instant>> lastSuccessfulCycle = new LinkedHashMap<>();
  volatile List<OutboxStats> outbox = List.of();
  volatile List<Delivery> deadLetters = List.of();
  volatile List<io.hedgewatch.store.FeedObservation> feedHistory = List.of();
  volatile List<io.hedgewatch.store.MarketObservation> marketHistory = List.of();
  volatile io.hedgewatch.risk.RuleSettingsLookup rules =
      io.hedgewatch.risk.RuleSettingsLookup.defaults();
  final Instant startedAt;

  /** Runs inside eventsAfter, before and after it takes its snapshot (to race the replay). */
  volatile Runnable beforeRead = () -> {};

  volatile Runnable afterRead = () -> {};

  private final List<StoredEvent> events = new ArrayList<>();
  private final List<Consumer<StoredEvent>> listeners = new CopyOnWriteArrayList<>();
  final List<String> acknowledgements = new CopyOnWriteArrayList<>();
  volatile int reads;

  FakeMonitorView(Instant startedAt) {
    this.startedAt = startedAt;
  }

  /** Commits an event: gives it the next sequence, then tells every subscriber. */
  synchronized StoredEvent commit(String type, String alertId) {
    long sequence = events.size() + 1;
    StoredEvent event =
        new StoredEvent(
            sequence,
            "evt-" + sequence,
            type,
            alertId,
            "oracle.stale",
            "feed:eth-usd",
            "WARNING",
            Instant.parse("2026-11-25T12:00:00Z").plusSeconds(sequence),
            "{\"type\":\"" + type + "\",\"id\":\"evt-" + sequence + "\",\"seq\":" + sequence + "}");
    events.add(event);
    listeners.forEach(l -> l.accept(event));
    return event;
  }

  int subscribers() {
    return listeners.size();
  }

  @Override
  public Optional<CheckReport> latest() {
    return latest;
  }

  @Override
  public AlertState alerts() {
    return alerts;
  }

  @Override
  public List<StoredEvent> eventsAfter(long afterSequence, int limit) {
    reads++;
    beforeRead.run();
    List<StoredEvent> page;
    synchronized (this) {
      page =
          events.stream()
              .filter(e -> e.sequence() > afterSequence)
              .limit(limit)
              .collect(Collectors.toList());
    }
    afterRead.run();
    return page;
  }

  @Override
  public AutoCloseable subscribe(Consumer<StoredEvent> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** As the lifecycle does: only an open alert; the same severity twice changes nothing. */
  @Override
  public synchronized AckResult acknowledge(String alertId, String by) {
    acknowledgements.add(alertId + " by " + by);
    Optional<TrackedAlert> found = alerts.find(alertId).filter(TrackedAlert::open);
    if (found.isEmpty()) {
      return AckResult.NOT_OPEN;
    }
    TrackedAlert a = found.get();
    if (a.acknowledgement() != null && a.acknowledgement().severity() == a.severity()) {
      return AckResult.UNCHANGED;
    }
    TrackedAlert acknowledged =
        new TrackedAlert(
            a.id(),
            a.rule(),
            a.subject(),
            a.phase(),
            a.held(),
            a.cleared(),
            a.severity(),
            a.last(),
            a.since(),
            a.notifiedAt(),
            new Acknowledgement(by, Instant.parse("2026-11-25T12:30:00Z"), a.severity()),
            a.sequence() + 1);
    List<TrackedAlert> all = new ArrayList<>(alerts.alerts());
    all.replaceAll(t -> t.id().equals(alertId) ? acknowledged : t);
    alerts = new AlertState(all);
    return AckResult.ACKNOWLEDGED;
  }

  @Override
  public Map<String, Optional<Instant>> lastSuccessfulCycle() {
    return lastSuccessfulCycle;
  }

  @Override
  public boolean ready() {
    return ready;
  }

  @Override
  public List<OutboxStats> outbox() {
    return outbox;
  }

  @Override
  public List<Delivery> deadLetters(int limit) {
    return deadLetters.stream().limit(limit).toList();
  }

  @Override
  public Instant startedAt() {
    return startedAt;
  }

  @Override
  public io.hedgewatch.risk.RuleSettingsLookup rules() {
    return rules;
  }

  @Override
  public List<io.hedgewatch.store.FeedObservation> feedHistory(
      String feedId, Instant from, Instant to, int limit) {
    List<io.hedgewatch.store.FeedObservation> kept =
        feedHistory.stream()
            .filter(o -> o.feedId().equals(feedId))
            .filter(o -> !o.at().isBefore(from) && !o.at().isAfter(to))
            .toList();
    return kept.subList(Math.max(0, kept.size() - limit), kept.size());
  }

  @Override
  public List<io.hedgewatch.store.MarketObservation> marketHistory(
      String marketId, Instant from, Instant to, int limit) {
    List<io.hedgewatch.store.MarketObservation> kept =
        marketHistory.stream()
            .filter(o -> o.marketId().equals(marketId))
            .filter(o -> !o.at().isBefore(from) && !o.at().isAfter(to))
            .toList();
    return kept.subList(Math.max(0, kept.size() - limit), kept.size());
  }
}
