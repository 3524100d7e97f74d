package io.hedgewatch.store;

import static io.hedgewatch.store.Fixtures.FEED;
import static io.hedgewatch.store.Fixtures.MARKET;
import static io.hedgewatch.store.Fixtures.T0;
import static io.hedgewatch.store.Fixtures.event;
import static io.hedgewatch.store.Fixtures.idle;
import static io.hedgewatch.store.Fixtures.opened;
import static io.hedgewatch.store.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.alert.AlertState;
import io.hedgewatch.domain.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class OutboxTest {

  private static final Instant NOW = T0.plus(Duration.ofDays(100));
  private static final Duration RETENTION = Duration.ofDays(30);
  private static final String HOOK = "webhook";
  private static final String SLACK = "slack";
  private static final List<String> SINKS = List.of(HOOK, SLACK);
  private static final AlertState STATE = state(opened(FEED, Severity.WARNING, 3));

  @Parameter Backend backend;
  @TempDir Path dir;
  private String url;
  private Store store;

  @BeforeEach
  void open() {
    url = backend.newUrl(dir);
    store = openStore();
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Store openStore() {
    return Store.open(
        StoreSettings.of(url).withRetention(RETENTION), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** Three events of the feed's alert at NOW - 3, - 2, - 1 minutes, queued for both sinks. */
  private List<StoredEvent> threeEvents() {
    return store.commit(
        STATE,
        List.of(
            event(FEED, 1, "alert.opened", NOW.minusSeconds(180)),
            event(FEED, 2, "alert.updated", NOW.minusSeconds(120)),
            event(FEED, 3, "alert.resolved", NOW.minusSeconds(60))),
        SINKS);
  }

  @Test
  void a_committed_delivery_is_due_at_once_and_carries_its_event() {
    List<StoredEvent> events = threeEvents();

    Optional<Delivery> next = store.nextDue(HOOK, NOW);

    assertThat(next)
        .get()
        .satisfies(
            d -> {
              assertThat(d.sink()).isEqualTo(HOOK);
              assertThat(d.event()).isEqualTo(events.get(0));
              assertThat(d.state()).isEqualTo(Delivery.State.PENDING);
              assertThat(d.attempts()).isZero();
              assertThat(d.lastError()).isEmpty();
              assertThat(d.finishedAt()).isEmpty();
            });
    // Due by the event's own time too, so a worker on the cycle's clock is not held back.
    assertThat(store.nextDue(HOOK, events.get(0).at())).isPresent();
    assertThat(store.nextAttemptAt(HOOK)).contains(events.get(0).at());
  }

  @Test
  void an_event_dated_after_the_store_clock_is_due_by_the_store_clock() {
    store.commit(STATE, List.of(event(FEED, 1, "alert.opened", NOW.plusSeconds(600))), SINKS);
    assertThat(store.nextDue(HOOK, NOW)).isPresent();
  }

  @Test
  void a_sink_is_handed_its_oldest_pending_delivery_and_nothing_behind_it() {
    List<StoredEvent> events = threeEvents();

    store.markRetry(HOOK, events.get(0).id(), 1, NOW.plusSeconds(10), "HTTP 500");

    // The head waits for its retry; the two due behind it wait with it, in order.
    assertThat(store.nextDue(HOOK, NOW)).isEmpty();
    assertThat(store.nextDue(HOOK, NOW.plusSeconds(9))).isEmpty();
    assertThat(store.nextAttemptAt(HOOK)).contains(NOW.plusSeconds(10));
    assertThat(store.nextDue(HOOK, NOW.plusSeconds(10)))
        .get()
        .satisfies(
            d -> {
              assertThat(d.event().id()).isEqualTo(events.get(0).id());
              assertThat(d.attempts()).isEqualTo(1);
              assertThat(d.lastError()).contains("HTTP 500");
              assertThat(d.nextAttemptAt()).isEqualTo(NOW.plusSeconds(10));
            });
    // Another sink is not held back by the failing one.
    assertThat(store.nextDue(SLACK, NOW))
        .get()
        .extracting(d -> d.event().id())
        .isEqualTo(events.get(0).id());

    store.markDelivered(HOOK, events.get(0).id(), NOW.plusSeconds(10));
    assertThat(store.nextDue(HOOK, NOW.plusSeconds(10)))
        .get()
        .extracting(d -> d.event().id())
        .isEqualTo(events.get(1).id());
    store.markDelivered(HOOK, events.get(1).id(), NOW.plusSeconds(11));
    store.markDelivered(HOOK, events.get(2).id(), NOW.plusSeconds(12));
    assertThat(store.nextDue(HOOK, NOW.plusSeconds(60))).isEmpty();
    assertThat(store.nextAttemptAt(HOOK)).isEmpty();
    assertThat(store.nextDue(SLACK, NOW)).isPresent();
  }

  @Test
  void a_dead_delivery_is_kept_and_releases_the_next_one() {
    List<StoredEvent> events = threeEvents();
    store.markRetry(HOOK, events.get(0).id(), 1, NOW.plusSeconds(1), "HTTP 500");
    store.markRetry(HOOK, events.get(0).id(), 2, NOW.plusSeconds(5), "HTTP 502");

    store.markDead(HOOK, events.get(0).id(), 3, NOW.plusSeconds(5), "timeout after 10 s");

    assertThat(store.nextDue(HOOK, NOW.plusSeconds(5)))
        .get()
        .extracting(d -> d.event().id())
        .isEqualTo(events.get(1).id());
    assertThat(store.deadLetters(10))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.sink()).isEqualTo(HOOK);
              assertThat(d.event()).isEqualTo(events.get(0));
              assertThat(d.state()).isEqualTo(Delivery.State.DEAD);
              assertThat(d.attempts()).isEqualTo(3);
              assertThat(d.lastError()).contains("timeout after 10 s");
              assertThat(d.finishedAt()).contains(NOW.plusSeconds(5));
            });
  }

  @Test
  void stats_count_pending_and_dead_per_sink_with_the_oldest_pending_event() {
    List<StoredEvent> events = threeEvents();
    store.markDead(HOOK, events.get(0).id(), 5, NOW, "HTTP 404");
    store.markDelivered(SLACK, events.get(0).id(), NOW);
    store.markDelivered(SLACK, events.get(1).id(), NOW);

    assertThat(store.stats(List.of(SLACK, "stdout", HOOK)))
        .containsExactly(
            new OutboxStats(SLACK, 1, 0, Optional.of(events.get(2).at())),
            new OutboxStats("stdout", 0, 0, Optional.empty()),
            new OutboxStats(HOOK, 2, 1, Optional.of(events.get(1).at())));
  }

  @Test
  void dead_letters_come_newest_first_and_limited() {
    List<StoredEvent> events = threeEvents();
    store.markDead(SLACK, events.get(0).id(), 5, NOW.plusSeconds(1), "e1");
    store.markDead(SLACK, events.get(1).id(), 5, NOW.plusSeconds(3), "e2");
    store.markDead(HOOK, events.get(0).id(), 5, NOW.plusSeconds(2), "e3");

    assertThat(store.deadLetters(10))
        .extracting(d -> d.lastError().orElseThrow())
        .containsExactly("e2", "e3", "e1");
    assertThat(store.deadLetters(2))
        .extracting(d -> d.lastError().orElseThrow())
        .containsExactly("e2", "e3");
    assertThatThrownBy(() -> store.deadLetters(0)).hasMessageContaining("limit");
  }

  @Test
  void recording_an_outcome_twice_changes_nothing_and_an_unknown_delivery_is_an_error() {
    List<StoredEvent> events = threeEvents();
    store.markDelivered(HOOK, events.get(0).id(), NOW);

    store.markDelivered(HOOK, events.get(0).id(), NOW.plusSeconds(99));
    store.markDead(HOOK, events.get(0).id(), 9, NOW.plusSeconds(99), "late");

    assertThat(store.deadLetters(10)).isEmpty();
    assertThat(store.stats(List.of(HOOK))).extracting(OutboxStats::pending).containsExactly(2L);
    assertThatThrownBy(() -> store.markDelivered("nowhere", events.get(0).id(), NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nowhere")
        .hasMessageContaining(events.get(0).id());
    assertThatThrownBy(() -> store.markRetry(HOOK, events.get(1).id(), 0, NOW, "x"))
        .hasMessageContaining("attempts");
  }

  @Test
  void the_last_error_is_kept_as_one_bounded_line() {
    List<StoredEvent> events = threeEvents();
    store.markRetry(HOOK, events.get(0).id(), 1, NOW, "HTTP 500\n<html>\n" + "x".repeat(5000));

    String kept = store.nextDue(HOOK, NOW).orElseThrow().lastError().orElseThrow();
    assertThat(kept).startsWith("HTTP 500; <html>; xxx").doesNotContain("\n");
    assertThat(kept.length()).isLessThanOrEqualTo(SqlOutbox.MAX_ERROR_LENGTH + 3);
  }

  @Test
  void retention_prunes_old_events_whose_deliveries_are_all_finished_and_nothing_else() {
    Instant old = NOW.minus(RETENTION).minusSeconds(60);
    Instant young = NOW.minus(RETENTION).plusSeconds(60);
    AlertState state = state(idle(FEED, 4), opened(MARKET, Severity.WARNING, 1));
    List<StoredEvent> events =
        store.commit(
            state,
            List.of(
                event(FEED, 1, "alert.opened", old), // delivered to both: pruned
                event(FEED, 2, "alert.resolved", old), // dead for one, delivered: pruned
                event(FEED, 3, "alert.opened", old), // still pending for one sink: kept whole
                event(FEED, 4, "alert.resolved", young), // finished but young: kept
                event(MARKET, 1, "alert.opened", young)), // pending and young: kept
            SINKS);
    for (String sink : SINKS) {
      store.markDelivered(sink, events.get(0).id(), old);
      store.markDelivered(sink, events.get(3).id(), young);
    }
    store.markDead(HOOK, events.get(1).id(), 5, old, "HTTP 410");
    store.markDelivered(SLACK, events.get(1).id(), old);
    store.markDelivered(SLACK, events.get(2).id(), old);

    Pruned pruned = store.applyRetention();

    assertThat(pruned.alertEvents()).isEqualTo(2);
    assertThat(pruned.deliveries()).isEqualTo(4);
    assertThat(store.eventsAfter(0, 10))
        .extracting(StoredEvent::id)
        .containsExactly(events.get(2).id(), events.get(3).id(), events.get(4).id());
    assertThat(store.alertState()).isEqualTo(state);
    assertThat(store.deadLetters(10)).isEmpty();
    // The old event still pending for the webhook is its head, as before; its slack row stays.
    assertThat(store.nextDue(HOOK, NOW))
        .get()
        .extracting(d -> d.event().id())
        .isEqualTo(events.get(2).id());
    assertThat(store.stats(SINKS))
        .containsExactly(
            new OutboxStats(HOOK, 2, 0, Optional.of(old)),
            new OutboxStats(SLACK, 1, 0, Optional.of(young)));
    assertThat(store.applyRetention().total()).isZero();
  }
}
