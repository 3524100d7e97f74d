package io.hedgewatch.store;

import static io.hedgewatch.store.Fixtures.FEED;
import static io.hedgewatch.store.Fixtures.MARKET;
import static io.hedgewatch.store.Fixtures.T0;
import static io.hedgewatch.store.Fixtures.event;
import static io.hedgewatch.store.Fixtures.idle;
import static io.hedgewatch.store.Fixtures.opened;
import static io.hedgewatch.store.Fixtures.pending;
import static io.hedgewatch.store.Fixtures.state;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.alert.AlertId;
import io.hedgewatch.alert.AlertState;
import io.hedgewatch.domain.Severity;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class AlertStoreTest {

  private static final Instant NOW = T0.plus(Duration.ofHours(1));
  private static final List<String> SINKS = List.of("webhook", "stdout");

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
    return Store.open(StoreSettings.of(url), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @Test
  void a_new_store_has_the_empty_state_and_no_events() {
    assertThat(store.alertState()).isEqualTo(AlertState.EMPTY);
    assertThat(store.eventsAfter(0, 10)).isEmpty();
  }

  @Test
  void a_commit_replaces_the_state_identity_by_identity() throws Exception {
    AlertState first =
        state(opened(FEED, Severity.CRITICAL, 3), pending(MARKET, 1), idle("feed:btc-usd", 2));
    store.commit(first, List.of(), SINKS);
    assertThat(store.alertState()).isEqualTo(first);

    // btc-usd is no longer tracked, the market's alert moved on, the feed's did not.
    AlertState second = state(opened(FEED, Severity.CRITICAL, 3), pending(MARKET, 2));
    store.commit(second, List.of(), SINKS);

    assertThat(store.alertState()).isEqualTo(second);
    assertThat(
            Backend.query(url, "SELECT alert_id || ' ' || phase FROM alert_state ORDER BY phase"))
        .containsExactlyInAnyOrder(
            AlertId.of(Fixtures.RULE, FEED) + " OPEN",
            AlertId.of(Fixtures.RULE, MARKET) + " PENDING");
  }

  @Test
  void events_are_numbered_in_commit_order_and_read_back_after_a_sequence() {
    List<StoredEvent> first =
        store.commit(
            state(opened(FEED, Severity.WARNING, 2)),
            List.of(
                event(FEED, 1, "alert.opened", T0),
                event(FEED, 2, "alert.updated", T0.plusSeconds(60))),
            SINKS);
    List<StoredEvent> second =
        store.commit(
            state(idle(FEED, 3)),
            List.of(event(FEED, 3, "alert.resolved", T0.plusSeconds(120))),
            SINKS);

    assertThat(first)
        .extracting(StoredEvent::type)
        .containsExactly("alert.opened", "alert.updated");
    long s1 = first.get(0).sequence();
    long s2 = first.get(1).sequence();
    long s3 = second.get(0).sequence();
    assertThat(s1).isPositive();
    assertThat(s2).isGreaterThan(s1);
    assertThat(s3).isGreaterThan(s2);

    List<StoredEvent> all = store.eventsAfter(0, 100);
    assertThat(all).containsExactly(first.get(0), first.get(1), second.get(0));
    assertThat(all.get(0))
        .isEqualTo(
            new StoredEvent(
                s1,
                AlertId.event(AlertId.of(Fixtures.RULE, FEED), 1),
                "alert.opened",
                AlertId.of(Fixtures.RULE, FEED),
                Fixtures.RULE,
                FEED,
                "WARNING",
                T0,
                event(FEED, 1, "alert.opened", T0).body()));
    assertThat(store.eventsAfter(s1, 1)).containsExactly(first.get(1));
    assertThat(store.eventsAfter(s3, 10)).isEmpty();
  }

  @Test
  void the_events_of_one_alert_come_newest_first() {
    store.commit(
        state(opened(FEED, Severity.WARNING, 2), opened(MARKET, Severity.WARNING, 1)),
        List.of(
            event(FEED, 1, "alert.opened", T0),
            event(MARKET, 1, "alert.opened", T0),
            event(FEED, 2, "alert.reminder", T0.plusSeconds(3600))),
        SINKS);

    assertThat(store.eventsOf(AlertId.of(Fixtures.RULE, FEED), 10))
        .extracting(StoredEvent::type)
        .containsExactly("alert.reminder", "alert.opened");
    assertThat(store.eventsOf(AlertId.of(Fixtures.RULE, FEED), 1))
        .extracting(StoredEvent::type)
        .containsExactly("alert.reminder");
    assertThat(store.eventsOf("no-such-alert", 10)).isEmpty();
  }

  @Test
  void committing_the_same_transition_again_appends_and_queues_nothing() {
    AlertState opened = state(opened(FEED, Severity.WARNING, 1));
    List<StoredEvent> events = List.of(event(FEED, 1, "alert.opened", T0));
    assertThat(store.commit(opened, events, SINKS)).hasSize(1);

    assertThat(store.commit(opened, events, SINKS)).isEmpty();

    assertThat(store.eventsAfter(0, 10)).hasSize(1);
    assertThat(store.stats(SINKS)).extracting(OutboxStats::pending).containsExactly(1L, 1L);

    // A transition that repeats a stored event and adds one: only the new one is queued.
    List<StoredEvent> appended =
        store.commit(
            state(opened(FEED, Severity.CRITICAL, 2)),
            List.of(event(FEED, 1, "alert.opened", T0), event(FEED, 2, "alert.updated", NOW)),
            SINKS);
    assertThat(appended).extracting(StoredEvent::type).containsExactly("alert.updated");
    assertThat(store.stats(SINKS)).extracting(OutboxStats::pending).containsExactly(2L, 2L);
  }

  @Test
  void a_commit_that_fails_half_way_leaves_state_events_and_outbox_as_they_were() {
    AlertState before = state(opened(FEED, Severity.WARNING, 1));
    store.commit(before, List.of(event(FEED, 1, "alert.opened", T0)), SINKS);

    // The second delivery row of each event collides with the first: the state and the event are
    // written by then, and must be rolled back with it.
    AlertState after = state(opened(FEED, Severity.CRITICAL, 2), pending(MARKET, 1));
    List<StoredEvent> update = List.of(event(FEED, 2, "alert.updated", NOW));
    assertThatThrownBy(() -> store.commit(after, update, List.of("webhook", "webhook")))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> assertThat(e.getMessage()).contains("committing 1 alert events failed"));

    assertThat(store.alertState()).isEqualTo(before);
    assertThat(store.eventsAfter(0, 10))
        .extracting(StoredEvent::type)
        .containsExactly("alert.opened");
    assertThat(store.stats(List.of("webhook")))
        .extracting(OutboxStats::pending)
        .containsExactly(1L);

    // The store is usable after the rollback, and the event id was not used up.
    assertThat(store.commit(after, update, SINKS)).hasSize(1);
    assertThat(store.alertState()).isEqualTo(after);
  }

  @Test
  void a_closed_store_commits_nothing() {
    store.commit(state(pending(FEED, 1)), List.of(), SINKS);
    store.close();

    assertThatThrownBy(
            () ->
                store.commit(
                    state(opened(FEED, Severity.WARNING, 1)),
                    List.of(event(FEED, 1, "alert.opened", T0)),
                    SINKS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");

    store = openStore();
    assertThat(store.alertState()).isEqualTo(state(pending(FEED, 1)));
    assertThat(store.eventsAfter(0, 10)).isEmpty();
  }

  @Test
  void state_events_and_pending_deliveries_survive_a_restart() {
    AlertState opened = state(opened(FEED, Severity.CRITICAL, 2), idle(MARKET, 4));
    List<StoredEvent> committed =
        store.commit(
            opened,
            List.of(event(FEED, 1, "alert.opened", T0), event(FEED, 2, "alert.updated", NOW)),
            SINKS);
    store.markDelivered("stdout", committed.get(0).id(), NOW);
    store.markRetry("webhook", committed.get(0).id(), 1, NOW.plusSeconds(30), "HTTP 503");
    store.close();

    store = openStore();

    assertThat(store.alertState()).isEqualTo(opened);
    assertThat(store.eventsAfter(0, 10)).isEqualTo(committed);
    assertThat(store.nextDue("webhook", NOW)).isEmpty();
    assertThat(store.nextDue("webhook", NOW.plusSeconds(30)))
        .get()
        .satisfies(
            d -> {
              assertThat(d.event()).isEqualTo(committed.get(0));
              assertThat(d.attempts()).isEqualTo(1);
              assertThat(d.lastError()).contains("HTTP 503");
            });
    assertThat(store.nextDue("stdout", NOW))
        .get()
        .extracting(Delivery::event)
        .isEqualTo(committed.get(1));
    // The same transition replayed after the restart (the cycle evaluated again) changes nothing.
    assertThat(
            store.commit(
                opened,
                List.of(event(FEED, 1, "alert.opened", T0), event(FEED, 2, "alert.updated", NOW)),
                SINKS))
        .isEmpty();
  }

  @Test
  void sequence_numbers_are_not_reused_after_the_newest_events_are_pruned() {
    Instant old = NOW.minus(Duration.ofDays(200));
    List<StoredEvent> first =
        store.commit(state(idle(FEED, 2)), List.of(event(FEED, 1, "alert.opened", old)), List.of());
    assertThat(store.applyRetention().alertEvents()).isEqualTo(1);
    assertThat(store.eventsAfter(0, 10)).isEmpty();
    store.close();
    store = openStore();

    List<StoredEvent> next =
        store.commit(state(idle(FEED, 2)), List.of(event(FEED, 2, "alert.resolved", NOW)), SINKS);

    assertThat(next.get(0).sequence()).isGreaterThan(first.get(0).sequence());
  }

  @Test
  void an_unreadable_stored_state_is_named_by_its_alert() throws Exception {
    store.commit(state(pending(FEED, 1)), List.of(), SINKS);
    Backend.execute(url, "UPDATE alert_state SET state_json = '{\"id\": 1, \"bogus\": true}'");

    assertThatThrownBy(() -> store.alertState())
        .isInstanceOfSatisfying(
            StoreException.class,
            e ->
                assertThat(e.getMessage())
                    .doesNotContain("\n")
                    .contains("stored state of alert " + AlertId.of(Fixtures.RULE, FEED))
                    .contains("not readable"));
  }
}
