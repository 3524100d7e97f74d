package io.hedgewatch.api;

import io.hedgewatch.alert.AlertState;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.store.Delivery;
import io.hedgewatch.store.OutboxStats;
import io.hedgewatch.store.StoredEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the API reads of a running monitor and the one thing it may change (acknowledgements). The
 * service implements it; API tests use a fake.
 */
public interface MonitorView {

  /** The last completed cycle's report; empty before the first cycle completes. */
  Optional<CheckReport> latest();

  /** The lifecycle's current state (open, pending and idle identities). */
  AlertState alerts();

  /** Committed events after {@code afterSequence}, oldest first (SSE replay). */
  List<StoredEvent> eventsAfter(long afterSequence, int limit);

  /**
   * Registers a listener for every event committed from now on, in commit order; the returned
   * handle unregisters it. Called on the committing thread: a listener must not block.
   */
  AutoCloseable subscribe(Consumer<StoredEvent> listener);

  /** Acknowledges an open alert; the outcome says whether it was found open. */
  AckResult acknowledge(String alertId, String by);

  enum AckResult {
    ACKNOWLEDGED,
    /** Already acknowledged at this severity: nothing changed. */
    UNCHANGED,
    NOT_OPEN
  }

  /** When each chain last completed a cycle successfully (absent: never), by chain id. */
  Map<String, Optional<Instant>> lastSuccessfulCycle();

  /** Whether every chain has had a successful cycle within 3 of its poll intervals. */
  boolean ready();

  /** The outbox per configured sink. */
  List<OutboxStats> outbox();

  List<Delivery> deadLetters(int limit);

  /**
   * What the cycles saw of one feed between {@code from} and {@code to} (block times), oldest
   * first, at most {@code limit} (the newest kept when there are more); empty for an unknown feed.
   */
  List<io.hedgewatch.store.FeedObservation> feedHistory(
      String feedId, Instant from, Instant to, int limit);

  /**
   * What the cycles saw of one market between {@code from} and {@code to}, as {@link #feedHistory}.
   */
  List<io.hedgewatch.store.MarketObservation> marketHistory(
      String marketId, Instant from, Instant to, int limit);

  /** When the monitor started. */
  Instant startedAt();

  /** The rules' effective settings: the catalogue's defaults overridden by the config. */
  io.hedgewatch.risk.RuleSettingsLookup rules();
}
