package io.hedgewatch.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.alert.AlertEvent.Type;
import io.hedgewatch.alert.TrackedAlert.Phase;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.monitor.CheckJson;
import io.hedgewatch.risk.RuleCatalog;
import io.hedgewatch.risk.RuleSettings;
import io.hedgewatch.risk.RuleSettingsLookup;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The lifecycle step by step with a stub clock. Every scenario runs twice: straight through, and
 * with a restart before every step (the state written to JSON, read back, and given to a new
 * lifecycle), which must change nothing: no alert re-opened, no pending count forgotten.
 */
class AlertLifecycleTest {

  private static final String FEED = "feed:eth-usd";
  private static final Duration CYCLE = Duration.ofMinutes(1);

  /** oracle.drift with sustain 3, clearAfter 2; every other rule at its defaults (1 and 2). */
  private static final RuleSettingsLookup SETTINGS =
      RuleSettingsLookup.of(
          Map.of(
              "oracle.drift",
              RuleSettings.of(
                  RuleCatalog.find("oracle.drift").orElseThrow(),
                  Map.of("sustain", 3, "clearAfter", 2))));

  private static LifecycleHarness harness(boolean restart) {
    return new LifecycleHarness(SETTINGS, LifecyclePolicy.ofDefaults(), restart);
  }

  private static Alert drift(Severity severity) {
    return new Alert(
        "oracle.drift", severity, FEED, "drift " + severity, 62.0, 50.0, "check the feed");
  }

  private static Alert sequencerDown() {
    return new Alert(
        "sequencer.down", Severity.CRITICAL, "chain:arbitrum", "down", null, null, "stop");
  }

  private static List<Type> types(List<AlertEvent> events) {
    return events.stream().map(AlertEvent::type).toList();
  }

  @ParameterizedTest(name = "restart each step: {0}")
  @ValueSource(booleans = {false, true})
  void opens_only_after_sustain_consecutive_observations(boolean restart) {
    LifecycleHarness h = harness(restart);
    assertThat(h.cycle(drift(Severity.WARNING))).isEmpty();
    h.advance(CYCLE);
    assertThat(h.cycle(drift(Severity.WARNING))).isEmpty();
    assertThat(h.tracked(drift(Severity.WARNING)).phase()).isEqualTo(Phase.PENDING);
    assertThat(h.tracked(drift(Severity.WARNING)).held()).isEqualTo(2);
    h.advance(CYCLE);
    Instant third = h.now();
    List<AlertEvent> events = h.cycle(drift(Severity.WARNING));

    assertThat(types(events)).containsExactly(Type.OPENED);
    AlertEvent opened = events.get(0);
    assertThat(opened.alertId()).isEqualTo(AlertId.of("oracle.drift", FEED));
    assertThat(opened.since()).isEqualTo(third);
    assertThat(opened.at()).isEqualTo(third);
    assertThat(opened.alert()).isEqualTo(drift(Severity.WARNING));
    assertThat(opened.id()).isEqualTo(AlertId.event(opened.alertId(), 1));
  }

  @ParameterizedTest(name = "restart each step: {0}")
  @ValueSource(booleans = {false, true})
  void a_clear_observation_while_pending_starts_the_count_over(boolean restart) {
    LifecycleHarness h = harness(restart);
    h.cycle(drift(Severity.WARNING));
    h.cycle(drift(Severity.WARNING));
    assertThat(h.cycle()).isEmpty();
    assertThat(h.tracked(drift(Severity.WARNING)).phase()).isEqualTo(Phase.IDLE);
    h.cycle(drift(Severity.WARNING));
    assertThat(h.cycle(drift(Severity.WARNING))).isEmpty();
    assertThat(types(h.cycle(drift(Severity.WARNING)))).containsExactly(Type.OPENED);
  }

  @Test
  void a_rule_at_its_default_sustain_opens_on_the_first_observation() {
    LifecycleHarness h = harness(false);
    assertThat(types(h.cycle(sequencerDown()))).containsExactly(Type.OPENED);
  }

  @ParameterizedTest(name = "restart each step: {0}")
  @ValueSource(booleans = {false, true})
  void escalates_and_de_escalates_in_place(boolean restart) {
    LifecycleHarness h = harness(restart);
    for (int i = 0; i < 3; i++) {
      h.cycle(drift(Severity.WARNING));
      h.advance(CYCLE);
    }
    Instant since = h.tracked(drift(Severity.WARNING)).since();

    List<AlertEvent> up = h.cycle(drift(Severity.CRITICAL));
    assertThat(types(up)).containsExactly(Type.UPDATED);
    assertThat(up.get(0).alert().severity()).isEqualTo(Severity.CRITICAL);
    assertThat(up.get(0).since()).isEqualTo(since);
    h.advance(CYCLE);
    assertThat(h.cycle(drift(Severity.CRITICAL))).isEmpty();
    h.advance(CYCLE);
    List<AlertEvent> down = h.cycle(drift(Severity.WARNING));
    assertThat(types(down)).containsExactly(Type.UPDATED);
    assertThat(down.get(0).alert().severity()).isEqualTo(Severity.WARNING);
    assertThat(down.get(0).since()).isEqualTo(since);
    assertThat(types(h.allEvents())).containsExactly(Type.OPENED, Type.UPDATED, Type.UPDATED);
    assertThat(h.allEvents()).extracting(AlertEvent::alertId).containsOnly(up.get(0).alertId());
  }

  @ParameterizedTest(name = "restart each step: {0}")
  @ValueSource(booleans = {false, true})
  void resolves_after_clear_after_consecutive_clear_observations(boolean restart) {
    LifecycleHarness h = harness(restart);
    for (int i = 0; i < 3; i++) {
      h.cycle(drift(Severity.CRITICAL));
      h.advance(CYCLE);
    }
    Instant since = h.tracked(drift(Severity.CRITICAL)).since();
    assertThat(h.cycle()).isEmpty();
    assertThat(h.tracked(drift(Severity.CRITICAL)).cleared()).isEqualTo(1);
    h.advance(CYCLE);
    List<AlertEvent> resolved = h.cycle();

    assertThat(types(resolved)).containsExactly(Type.RESOLVED);
    assertThat(resolved.get(0).since()).isEqualTo(since);
    assertThat(resolved.get(0).at()).isEqualTo(h.now());
    assertThat(resolved.get(0).alert()).isEqualTo(drift(Severity.CRITICAL));
    assertThat(h.tracked(drift(Severity.CRITICAL)).phase()).isEqualTo(Phase.IDLE);
    assertThat(h.cycle()).isEmpty();
  }

  @ParameterizedTest(name = "restart each step: {0}")
  @ValueSource(booleans = {false, true})
  void a_flapping_condition_neither_opens_nor_resolves_repeatedly(boolean restart) {
    LifecycleHarness h = harness(restart);
    for (int i = 0; i < 10; i++) {
      h.cycle(drift(Severity.WARNING));
      h.cycle();
    }
    assertThat(h.allEvents()).as("sustain 3 is never reached").isEmpty();

    for (int i = 0; i < 3; i++) {
      h.cycle(drift(Severity.WARNING));
    }
    for (int i = 0; i < 10; i++) {
      h.cycle();
      h.cycle(drift(Severity.WARNING));
    }
    assertThat(types(h.allEvents()))
        .as("one clear at a time never reaches clearAfter 2")
        .containsExactly(Type.OPENED);
    h.cycle();
    assertThat(types(h.cycle())).containsExactly(Type.RESOLVED);
  }

  @ParameterizedTest(name = "restart each step: {0}")
  @ValueSource(booleans = {false, true})
  void reminds_every_repeat_after_since_the_last_notification(boolean restart) {
    LifecycleHarness h = harness(restart);
    Duration tenMinutes = Duration.ofMinutes(10);
    h.cycle(sequencerDown());
    h.advance(tenMinutes);
    assertThat(h.cycle(sequencerDown())).isEmpty();
    h.advance(tenMinutes);
    assertThat(h.cycle(sequencerDown())).isEmpty();
    h.advance(tenMinutes);
    List<AlertEvent> reminder = h.cycle(sequencerDown());
    assertThat(types(reminder)).as("30m after opening").containsExactly(Type.REMINDER);
    assertThat(reminder.get(0).at()).isEqualTo(h.now());
    h.advance(Duration.ofMinutes(29));
    assertThat(h.cycle(sequencerDown())).isEmpty();
    h.advance(Duration.ofMinutes(1));
    assertThat(types(h.cycle(sequencerDown()))).containsExactly(Type.REMINDER);
  }

  @ParameterizedTest(name = "restart each step: {0}")
  @ValueSource(booleans = {false, true})
  void an_update_counts_as_a_notification_for_the_next_reminder(boolean restart) {
    LifecycleHarness h = harness(restart);
    for (int i = 0; i < 3; i++) {
      h.cycle(drift(Severity.WARNING));
    }
    h.advance(Duration.ofMinutes(20));
    assertThat(types(h.cycle(drift(Severity.CRITICAL)))).containsExactly(Type.UPDATED);
    h.advance(Duration.ofMinutes(20));
    assertThat(h.cycle(drift(Severity.CRITICAL))).isEmpty();
    h.advance(Duration.ofMinutes(10));
    assertThat(types(h.cycle(drift(Severity.CRITICAL)))).containsExactly(Type.REMINDER);
  }

  @ParameterizedTest(name = "restart each step: {0}")
  @ValueSource(booleans = {false, true})
  void no_reminder_while_the_condition_is_clearing(boolean restart) {
    LifecycleHarness h = harness(restart);
    h.cycle(sequencerDown());
    h.advance(Duration.ofHours(1));
    assertThat(h.cycle()).isEmpty();
    h.advance(CYCLE);
    assertThat(types(h.cycle(sequencerDown()))).containsExactly(Type.REMINDER);
  }

  @ParameterizedTest(name = "restart each step: {0}")
  @ValueSource(booleans = {false, true})
  void acknowledgement_silences_reminders_until_severity_rises_above_it(boolean restart) {
    LifecycleHarness h = harness(restart);
    for (int i = 0; i < 3; i++) {
      h.cycle(drift(Severity.WARNING));
    }
    String id = AlertId.of(drift(Severity.WARNING));
    h.advance(CYCLE);
    AlertEvent ack = h.acknowledge(id, "alice").orElseThrow();
    assertThat(ack.type()).isEqualTo(Type.ACKNOWLEDGED);
    assertThat(ack.acknowledgement())
        .isEqualTo(new Acknowledgement("alice", h.now(), Severity.WARNING));

    for (int i = 0; i < 6; i++) {
      h.advance(Duration.ofMinutes(30));
      assertThat(h.cycle(drift(Severity.WARNING))).as("hour %s/2", i).isEmpty();
    }
    List<AlertEvent> rise = h.cycle(drift(Severity.CRITICAL));
    assertThat(types(rise)).containsExactly(Type.UPDATED);
    assertThat(h.tracked(drift(Severity.CRITICAL)).acknowledgement()).isNull();
    h.advance(Duration.ofMinutes(30));
    assertThat(types(h.cycle(drift(Severity.CRITICAL))))
        .as("un-silenced by the rise")
        .containsExactly(Type.REMINDER);
  }

  @ParameterizedTest(name = "restart each step: {0}")
  @ValueSource(booleans = {false, true})
  void returning_to_the_acknowledged_severity_stays_silent(boolean restart) {
    LifecycleHarness h = harness(restart);
    for (int i = 0; i < 3; i++) {
      h.cycle(drift(Severity.CRITICAL));
    }
    h.acknowledge(AlertId.of(drift(Severity.CRITICAL)), "bob").orElseThrow();
    assertThat(types(h.cycle(drift(Severity.WARNING)))).containsExactly(Type.UPDATED);
    assertThat(types(h.cycle(drift(Severity.CRITICAL)))).containsExactly(Type.UPDATED);
    h.advance(Duration.ofHours(2));
    assertThat(h.cycle(drift(Severity.CRITICAL))).isEmpty();
    assertThat(h.tracked(drift(Severity.CRITICAL)).acknowledgement().by()).isEqualTo("bob");
  }

  @Test
  void acknowledging_needs_an_open_alert_and_is_idempotent() {
    LifecycleHarness h = harness(false);
    String id = AlertId.of(drift(Severity.WARNING));
    assertThat(h.acknowledge(id, "alice")).as("unknown").isEmpty();
    h.cycle(drift(Severity.WARNING));
    assertThat(h.acknowledge(id, "alice")).as("pending").isEmpty();
    h.cycle(drift(Severity.WARNING));
    h.cycle(drift(Severity.WARNING));
    assertThat(h.acknowledge(id, "alice")).isPresent();
    AlertState acked = h.state();
    assertThat(h.acknowledge(id, "carol")).as("already acknowledged").isEmpty();
    assertThat(h.state()).isEqualTo(acked);
    h.cycle();
    h.cycle();
    assertThat(h.acknowledge(id, "alice")).as("resolved").isEmpty();
  }

  @ParameterizedTest(name = "restart each step: {0}")
  @ValueSource(booleans = {false, true})
  void an_unobserved_cycle_neither_advances_nor_resets(boolean restart) {
    LifecycleHarness h = harness(restart);
    Set<String> blind = Set.of(FEED);
    h.cycle(drift(Severity.WARNING));
    h.cycle(drift(Severity.WARNING));
    for (int i = 0; i < 5; i++) {
      assertThat(h.blind(blind)).isEmpty();
    }
    assertThat(h.tracked(drift(Severity.WARNING)).held()).as("pending count kept").isEqualTo(2);
    assertThat(types(h.cycle(drift(Severity.WARNING)))).containsExactly(Type.OPENED);

    assertThat(h.cycle()).isEmpty();
    for (int i = 0; i < 5; i++) {
      h.advance(Duration.ofHours(1));
      assertThat(h.blind(blind)).as("no resolve, no reminder while blind").isEmpty();
    }
    assertThat(h.tracked(drift(Severity.WARNING)).cleared()).isEqualTo(1);
    assertThat(types(h.cycle())).containsExactly(Type.RESOLVED);
  }

  @Test
  void blindness_on_one_subject_leaves_others_to_clear() {
    LifecycleHarness h = harness(false);
    h.cycle(sequencerDown());
    h.blind(Set.of(FEED));
    assertThat(types(h.blind(Set.of(FEED)))).containsExactly(Type.RESOLVED);
  }

  @Test
  void a_rule_that_fires_on_an_unobserved_subject_counts_as_holding() {
    LifecycleHarness h = harness(false);
    assertThat(types(h.blind(Set.of("chain:arbitrum"), sequencerDown())))
        .containsExactly(Type.OPENED);
  }

  @Test
  void an_ok_observation_counts_as_clear() {
    LifecycleHarness h = harness(false);
    h.cycle(sequencerDown());
    Alert ok = new Alert("sequencer.down", Severity.OK, "chain:arbitrum", "up", null, null, null);
    h.cycle(ok);
    assertThat(types(h.cycle(ok))).containsExactly(Type.RESOLVED);
  }

  @Test
  void one_identity_twice_in_one_observation_is_refused_by_name() {
    LifecycleHarness h = harness(false);
    assertThatThrownBy(() -> h.cycle(drift(Severity.WARNING), drift(Severity.CRITICAL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("oracle.drift on feed:eth-usd twice");
  }

  @Test
  void a_reopened_alert_keeps_its_id_and_never_reuses_an_event_id() {
    LifecycleHarness h = harness(true);
    for (int round = 0; round < 3; round++) {
      h.cycle(sequencerDown());
      h.cycle();
      h.cycle();
    }
    assertThat(types(h.allEvents()))
        .containsExactly(
            Type.OPENED, Type.RESOLVED, Type.OPENED, Type.RESOLVED, Type.OPENED, Type.RESOLVED);
    assertThat(h.allEvents())
        .extracting(AlertEvent::alertId)
        .containsOnly(AlertId.of(sequencerDown()));
    assertThat(h.allEvents()).extracting(AlertEvent::id).doesNotHaveDuplicates();
  }

  @Test
  void replaying_a_cycle_from_the_stored_state_emits_the_same_event_ids() {
    AlertLifecycle lifecycle = new AlertLifecycle(SETTINGS, LifecyclePolicy.ofDefaults());
    Instant at = Instant.parse("2026-11-24T12:00:00Z");
    String stored = AlertStateJson.write(AlertState.EMPTY);
    Observation cycle = Observation.of(at, List.of(sequencerDown()));

    List<AlertEvent> first = lifecycle.step(AlertStateJson.read(stored), cycle).events();
    List<AlertEvent> replayed = lifecycle.step(AlertStateJson.read(stored), cycle).events();

    assertThat(first).hasSize(1).isEqualTo(replayed);
  }

  @Test
  void the_alert_id_is_the_one_check_prints() {
    Alert alert = drift(Severity.WARNING);
    // The first 8 bytes of SHA-256("oracle.drift|feed:eth-usd"): ids scripts already follow.
    assertThat(AlertId.of(alert)).isEqualTo("e6cf34a36741761f").isEqualTo(CheckJson.alertId(alert));
    assertThat(AlertId.of("oracle.drift", FEED)).isEqualTo(AlertId.of(alert));
    assertThat(AlertId.of(sequencerDown())).isNotEqualTo(AlertId.of(alert));
  }

  @Test
  void a_stored_state_that_is_not_json_is_refused_with_a_clear_error() {
    assertThatThrownBy(() -> AlertStateJson.read("{\"alerts\": [{\"id\": 1, \"bogus\": true}]}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("stored alert state is not readable");
  }

  @Test
  void repeat_after_must_be_positive() {
    assertThatThrownBy(() -> new LifecyclePolicy(Duration.ZERO))
        .hasMessageContaining("alerts.repeatAfter must be a positive duration");
  }
}
