package io.hedgewatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.risk.RuleSettingsLookup;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Drives an {@link AlertLifecycle} cycle by cycle with a stub clock. With {@code restartEachStep}
 * the state goes through its JSON form and a new lifecycle is built before every step, as after a
 * restart that loaded the state from the store; a scenario must then emit exactly what it emits
 * without restarts.
 */
final class LifecycleHarness {

  private final RuleSettingsLookup settings;
  private final LifecyclePolicy policy;
  private final boolean restartEachStep;
  private AlertLifecycle lifecycle;
  private AlertState state = AlertState.EMPTY;
  private Instant now = Instant.parse("2026-11-24T12:00:00Z");
  private final List<AlertEvent> all = new ArrayList<>();

  LifecycleHarness(RuleSettingsLookup settings, LifecyclePolicy policy, boolean restartEachStep) {
    this.settings = settings;
    this.policy = policy;
    this.restartEachStep = restartEachStep;
    this.lifecycle = new AlertLifecycle(settings, policy);
  }

  Instant now() {
    return now;
  }

  void advance(Duration by) {
    now = now.plus(by);
  }

  AlertState state() {
    return state;
  }

  List<AlertEvent> allEvents() {
    return List.copyOf(all);
  }

  /** One cycle at the current time in which exactly {@code holding} hold. */
  List<AlertEvent> cycle(Alert... holding) {
    return observe(Observation.of(now, List.of(holding)));
  }

  /** One cycle that could not see {@code subjects}; {@code holding} hold. */
  List<AlertEvent> blind(Set<String> subjects, Alert... holding) {
    return observe(new Observation(now, List.of(holding), subjects));
  }

  List<AlertEvent> observe(Observation observation) {
    restartIfAsked();
    AlertLifecycle.Transition t = lifecycle.step(state, observation);
    state = t.state();
    all.addAll(t.events());
    return t.events();
  }

  Optional<AlertEvent> acknowledge(String alertId, String by) {
    restartIfAsked();
    Optional<AlertLifecycle.Transition> t = lifecycle.acknowledge(state, alertId, by, now);
    t.ifPresent(
        tr -> {
          state = tr.state();
          all.addAll(tr.events());
        });
    return t.flatMap(tr -> tr.events().stream().findFirst());
  }

  TrackedAlert tracked(Alert alert) {
    return state.find(AlertId.of(alert)).orElseThrow();
  }

  private void restartIfAsked() {
    if (restartEachStep) {
      String stored = AlertStateJson.write(state);
      AlertState loaded = AlertStateJson.read(stored);
      assertThat(loaded).as("state reloaded from %s", stored).isEqualTo(state);
      state = loaded;
      lifecycle = new AlertLifecycle(settings, policy);
    }
  }
}
