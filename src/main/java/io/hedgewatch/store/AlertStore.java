package io.hedgewatch.store;

import io.hedgewatch.alert.AlertState;
import java.util.List;

/**
 * Where {@code run} keeps its alert lifecycle: the state between cycles and every event it emitted.
 * A transition is committed in one transaction together with its outbox rows, so a crash either
 * loses the whole cycle (which is then evaluated again) or none of it: no event is ever emitted
 * without being queued for every sink.
 */
public interface AlertStore {

  /** The state last committed; {@link AlertState#EMPTY} for a new store. */
  AlertState alertState();

  /**
   * In one transaction: replaces the stored state with {@code state}, appends {@code events} (in
   * order, each given the next sequence number) and queues a PENDING delivery of each event to each
   * of {@code sinks}, due at once. An event id already stored is not appended again (nor queued
   * again): committing the same transition twice changes nothing the second time.
   *
   * @return the appended events with their sequence numbers
   */
  List<StoredEvent> commit(AlertState state, List<StoredEvent> events, List<String> sinks);

  /** Events with a sequence above {@code afterSequence}, oldest first, at most {@code limit}. */
  List<StoredEvent> eventsAfter(long afterSequence, int limit);

  /** The newest events of one alert, newest first, at most {@code limit}. */
  List<StoredEvent> eventsOf(String alertId, int limit);
}
