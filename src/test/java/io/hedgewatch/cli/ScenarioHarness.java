package io.hedgewatch.cli;

import static org.awaitility.Awaitility.await;

import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetDemo;
import io.hedgewatch.devnet.scenario.Scenario;
import io.hedgewatch.devnet.scenario.ScenarioLibrary;
import io.hedgewatch.devnet.scenario.ScenarioRunner;
import io.hedgewatch.monitor.Checker;
import io.hedgewatch.monitor.ReadCadences;
import io.hedgewatch.service.MonitorService;
import io.hedgewatch.store.Store;
import io.hedgewatch.store.StoreSettings;
import io.hedgewatch.store.StoredEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A scenario played in-process on a devnet with the demo hedges, against the service's lifecycle:
 * the monitor is not started, the harness runs one cycle per {@code cycleEvery} of scenario time,
 * so that "within N cycles of the step" is exact and the play takes as long as its cycles do.
 */
final class ScenarioHarness implements AutoCloseable {

  /** An event with the cycle it came in (1-based) and the last step played before that cycle. */
  record Fired(StoredEvent event, long cycle, int afterStep) {
    String rule() {
      return event.rule();
    }

    String type() {
      return event.type();
    }

    @Override
    public String toString() {
      return "cycle "
          + cycle
          + " (after step "
          + afterStep
          + "): "
          + event.type()
          + " "
          + event.rule()
          + " "
          + event.subject()
          + " "
          + event.severity();
    }
  }

  /** What a play showed: the events, and the cycle count when each step was applied. */
  record Played(List<Fired> events, List<Long> stepCycles, long cycles) {
    List<Fired> opened() {
      return events.stream().filter(f -> f.type().equals("alert.opened")).toList();
    }

    List<Fired> ofRule(String rule) {
      return events.stream().filter(f -> f.rule().equals(rule)).toList();
    }

    /** The first event of {@code type} for (rule, subject); fails with every event if none. */
    Fired first(String type, String rule, String subject) {
      return events.stream()
          .filter(
              f ->
                  f.type().equals(type)
                      && f.rule().equals(rule)
                      && f.event().subject().equals(subject))
          .findFirst()
          .orElseThrow(
              () -> new AssertionError("no " + type + " " + rule + " " + subject + describe()));
    }

    /** How many cycles after step {@code step} was applied {@code fired} came (1: the next). */
    long cyclesAfterStep(Fired fired, int step) {
      return fired.cycle() - stepCycles.get(step);
    }

    /** Events before the first step was applied: the calm prefix's. */
    List<Fired> duringCalm() {
      return events.stream().filter(f -> f.cycle() <= stepCycles.get(0)).toList();
    }

    List<String> openedRules() {
      return opened().stream().map(Fired::rule).distinct().toList();
    }

    String describe() {
      return events.stream().map(Fired::toString).collect(Collectors.joining("\n", "\n", "\n"));
    }
  }

  private final Devnet devnet;
  private final Store store;
  private final ReadCadences cadences;
  private final MonitorService service;
  private final List<StoredEvent> events = new CopyOnWriteArrayList<>();

  ScenarioHarness(Path dir) {
    devnet = Devnet.start();
    try {
      DevnetDemo.openPositions(devnet);
      Path file = DevnetDemo.writeConfig(devnet, dir.resolve("devnet.yaml"));
      StringWriter errors = new StringWriter();
      HedgewatchConfig cfg =
          CheckCommand.load(file, new PrintWriter(errors, true))
              .orElseThrow(() -> new AssertionError("devnet config: " + errors));
      Clock clock = Clock.systemUTC();
      store = Store.open(StoreSettings.of(cfg.storage().url()), clock);
      // every venue asked at every cycle: a scenario cycle stands for many seconds of story
      cadences = ReadCadences.none();
      service =
          MonitorService.builder(cfg)
              .evaluation(new Checker(cfg, RpcRetryPolicy.DEFAULT, clock, cadences)::check)
              .headsOverRpc(RpcRetryPolicy.DEFAULT)
              .store(store, store)
              .observations(store)
              .clock(clock)
              .metrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry())
              .build();
      service.subscribe(events::add);
    } catch (RuntimeException | Error e) {
      devnet.close();
      throw e;
    }
  }

  Devnet devnet() {
    return devnet;
  }

  /** Plays the shipped scenario {@code name}, a cycle every {@code cycleEvery} of its time. */
  Played play(String name, Duration cycleEvery) throws InterruptedException {
    Scenario scenario =
        ScenarioLibrary.load(name).orElseThrow(() -> new AssertionError("no scenario " + name));
    List<Fired> fired = new ArrayList<>();
    List<Long> stepCycles = new ArrayList<>();
    int[] lastStep = {-1};
    Duration[] played = {Duration.ZERO};
    ScenarioRunner.Pacer pacer =
        at -> {
          while (played[0].compareTo(at) < 0) {
            long before = service.cyclesCompleted();
            int seen = events.size();
            service.requestCycle();
            await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> service.cyclesCompleted() > before);
            for (StoredEvent e : events.subList(seen, events.size())) {
              fired.add(new Fired(e, service.cyclesCompleted(), lastStep[0]));
            }
            played[0] = played[0].plus(cycleEvery);
          }
        };
    new ScenarioRunner(devnet)
        .play(
            scenario,
            pacer,
            (index, step) -> {
              lastStep[0] = index;
              stepCycles.add(service.cyclesCompleted());
            });
    return new Played(fired, stepCycles, service.cyclesCompleted());
  }

  @Override
  public void close() {
    try {
      service.close();
      cadences.close();
      store.close();
    } finally {
      devnet.close();
    }
  }
}
