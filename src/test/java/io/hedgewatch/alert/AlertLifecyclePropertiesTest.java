package io.hedgewatch.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.alert.AlertEvent.Type;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.RuleCatalog;
import io.hedgewatch.risk.RuleSettings;
import io.hedgewatch.risk.RuleSettingsLookup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lifecycle over random sequences of observations, acknowledgements and restarts (seeded; the
 * build uses a fixed base, {@code -Dhedgewatch.seed=N} explores others; every assertion names its
 * seed). Each identity is checked against a model that keeps the whole observed history rather than
 * counters: an alert opens exactly when it is not open and its last {@code sustain} observed cycles
 * held, and resolves exactly when it is open and its last {@code clearAfter} observed cycles were
 * clear.
 */
class AlertLifecyclePropertiesTest {

  private static final long BASE = Long.getLong("hedgewatch.seed", 20261125L);
  private static final Severity[] SEVERITIES = {
    Severity.OK, Severity.UNKNOWN, Severity.WARNING, Severity.CRITICAL
  };

  static LongStream seeds() {
    Random r = new Random(BASE);
    return LongStream.generate(r::nextLong).limit(200);
  }

  private record Identity(String rule, String subject) {
    Alert at(Severity severity) {
      return new Alert(rule, severity, subject, rule + " " + severity, 1.0, 0.5, "act");
    }

    String id() {
      return AlertId.of(rule, subject);
    }
  }

  /** What the model remembers of one identity: every observed cycle (true = held) and more. */
  private static final class Model {
    final List<Boolean> observed = new ArrayList<>();
    boolean open;
    Severity severity;
    Severity acknowledgedAt;

    boolean lastAre(int n, boolean value) {
      if (observed.size() < n) {
        return false;
      }
      return observed.subList(observed.size() - n, observed.size()).stream()
          .allMatch(b -> b == value);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void opens_and_resolves_exactly_as_the_history_says_with_unique_event_ids(long seed) {
    Random r = new Random(seed);
    List<Identity> identities =
        List.of(
            new Identity("oracle.drift", "feed:eth-usd"),
            new Identity("oracle.drift", "feed:btc-usd"),
            new Identity("funding.spike", "market:eth-perp"));
    Map<String, Integer> sustain = new HashMap<>();
    Map<String, Integer> clearAfter = new HashMap<>();
    Map<String, RuleSettings> settings = new HashMap<>();
    for (String rule : List.of("oracle.drift", "funding.spike")) {
      sustain.put(rule, 1 + r.nextInt(3));
      clearAfter.put(rule, 1 + r.nextInt(3));
      settings.put(
          rule,
          RuleSettings.of(
              RuleCatalog.find(rule).orElseThrow(),
              Map.of("sustain", sustain.get(rule), "clearAfter", clearAfter.get(rule))));
    }
    Duration repeatAfter = Duration.ofMinutes(5 + r.nextInt(60));
    LifecycleHarness h =
        new LifecycleHarness(
            RuleSettingsLookup.of(settings), new LifecyclePolicy(repeatAfter), false);
    Map<String, Model> models = new LinkedHashMap<>();
    identities.forEach(i -> models.put(i.id(), new Model()));
    Set<String> eventIds = new HashSet<>();
    String where = "seed " + seed;

    for (int cycle = 0; cycle < 150; cycle++) {
      h.advance(Duration.ofMinutes(r.nextInt(20)));
      if (r.nextInt(10) == 0) {
        Identity target = identities.get(r.nextInt(identities.size()));
        Model m = models.get(target.id());
        var ack = h.acknowledge(target.id(), "op");
        if (m.open && (m.acknowledgedAt == null || m.severity.isWorseThan(m.acknowledgedAt))) {
          assertThat(ack).as("%s: ack of an open alert at cycle %s", where, cycle).isPresent();
          m.acknowledgedAt = m.severity;
          assertThat(eventIds.add(ack.get().id())).as("%s: unique ack id", where).isTrue();
        } else {
          assertThat(ack).as("%s: ack emits nothing at cycle %s", where, cycle).isEmpty();
        }
      }
      if (r.nextInt(8) == 0) {
        String stored = AlertStateJson.write(h.state());
        assertThat(AlertStateJson.read(stored)).as("%s: reload", where).isEqualTo(h.state());
      }
      List<Alert> holding = new ArrayList<>();
      Set<String> unobserved = new HashSet<>();
      Map<String, Severity> held = new HashMap<>();
      for (Identity identity : identities) {
        int roll = r.nextInt(10);
        if (roll < 5) {
          Severity s = SEVERITIES[r.nextInt(SEVERITIES.length)];
          holding.add(identity.at(s));
          if (s != Severity.OK) {
            held.put(identity.id(), s);
          }
        } else if (roll < 7) {
          unobserved.add(identity.subject());
        }
      }
      List<AlertEvent> events = h.observe(new Observation(h.now(), holding, unobserved));

      for (Identity identity : identities) {
        Model m = models.get(identity.id());
        String at = where + ", cycle " + cycle + ", " + identity;
        List<Type> mine =
            events.stream()
                .filter(e -> e.alertId().equals(identity.id()))
                .map(AlertEvent::type)
                .toList();
        boolean blind = unobserved.contains(identity.subject()) && !held.containsKey(identity.id());
        if (blind) {
          assertThat(mine).as("%s: unobserved emits nothing", at).isEmpty();
          continue;
        }
        Severity s = held.get(identity.id());
        m.observed.add(s != null);
        List<Type> expected = new ArrayList<>();
        if (!m.open && m.lastAre(sustain.get(identity.rule()), true)) {
          expected.add(Type.OPENED);
          m.open = true;
          m.severity = s;
          m.acknowledgedAt = null;
        } else if (m.open && m.lastAre(clearAfter.get(identity.rule()), false)) {
          expected.add(Type.RESOLVED);
          m.open = false;
        } else if (m.open && s != null && s != m.severity) {
          expected.add(Type.UPDATED);
          m.severity = s;
          if (m.acknowledgedAt != null && s.isWorseThan(m.acknowledgedAt)) {
            m.acknowledgedAt = null;
          }
        }
        if (mine.contains(Type.REMINDER)) {
          assertThat(m.open && s != null && m.acknowledgedAt == null)
              .as("%s: a reminder only for a holding, unacknowledged open alert", at)
              .isTrue();
          expected.add(Type.REMINDER);
        }
        assertThat(mine).as(at).containsExactlyElementsOf(expected);
      }
      for (AlertEvent e : events) {
        assertThat(eventIds.add(e.id())).as("%s: event id %s unique", where, e.id()).isTrue();
      }
    }

    Map<String, Boolean> open = new HashMap<>();
    for (AlertEvent e : h.allEvents()) {
      boolean wasOpen = open.getOrDefault(e.alertId(), false);
      switch (e.type()) {
        case OPENED -> {
          assertThat(wasOpen)
              .as("%s: no second open before a resolve of %s", where, e.alertId())
              .isFalse();
          open.put(e.alertId(), true);
        }
        case RESOLVED -> {
          assertThat(wasOpen).as("%s: resolved %s had an opened", where, e.alertId()).isTrue();
          open.put(e.alertId(), false);
        }
        default -> assertThat(wasOpen).as("%s: %s only while open", where, e.type()).isTrue();
      }
    }
    for (Identity identity : identities) {
      assertThat(h.state().find(identity.id()).map(TrackedAlert::open).orElse(false))
          .as("%s: state agrees with the model for %s", where, identity)
          .isEqualTo(models.get(identity.id()).open);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void restarting_before_every_step_changes_nothing(long seed) {
    List<AlertEvent> straight = run(seed, false);
    List<AlertEvent> restarted = run(seed, true);
    assertThat(restarted).as("seed %s", seed).isEqualTo(straight);
  }

  private static List<AlertEvent> run(long seed, boolean restart) {
    Random r = new Random(seed);
    Identity identity = new Identity("oracle.drift", "feed:eth-usd");
    RuleSettings drift =
        RuleSettings.of(
            RuleCatalog.find("oracle.drift").orElseThrow(),
            Map.of("sustain", 1 + r.nextInt(3), "clearAfter", 1 + r.nextInt(3)));
    LifecycleHarness h =
        new LifecycleHarness(
            RuleSettingsLookup.of(Map.of("oracle.drift", drift)),
            new LifecyclePolicy(Duration.ofMinutes(30)),
            restart);
    for (int cycle = 0; cycle < 100; cycle++) {
      h.advance(Duration.ofMinutes(r.nextInt(15)));
      int roll = r.nextInt(10);
      if (roll == 0) {
        h.acknowledge(identity.id(), "op");
      } else if (roll < 5) {
        h.cycle(identity.at(SEVERITIES[1 + r.nextInt(3)]));
      } else if (roll < 7) {
        h.blind(Set.of(identity.subject()));
      } else {
        h.cycle();
      }
    }
    return h.allEvents();
  }
}
