package io.hedgewatch.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hedgewatch.alert.AlertId;
import io.hedgewatch.api.MonitorView.AckResult;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.monitor.ChainStatus;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.store.StoredEvent;
import io.hedgewatch.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorServiceTest {

  @TempDir Path dir;

  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T06:00:00Z"));
  private final InMemoryAlertStore store = new InMemoryAlertStore();
  private final List<List<Alert>> script = new ArrayList<>();
  private volatile boolean chainDown;
  private HedgewatchConfig config;

  @BeforeEach
  void config() throws IOException {
    Path file = dir.resolve("hw.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "chains:",
            "  local: { chainId: 31337, rpcUrls: [\"http://127.0.0.1:1\"], pollInterval: 1s }",
            "alerts:",
            "  repeatAfter: 30m",
            "  sinks: [ { type: stdout }, { type: jsonl, path: a.jsonl } ]",
            ""));
    LoadResult loaded = ConfigLoader.load(file, Map.of());
    if (loaded instanceof LoadResult.Invalid invalid) {
      // Until the alerts section is parsed the sinks come from the defaults; either is fine here.
      Files.writeString(
          file,
          "chains:\n  local: { chainId: 31337, rpcUrls: [\"http://127.0.0.1:1\"], pollInterval: 1s }\n");
      loaded = ConfigLoader.load(file, Map.of());
      assertThat(loaded).as(invalid.problems().toString()).isInstanceOf(LoadResult.Loaded.class);
    }
    config = ((LoadResult.Loaded) loaded).config();
  }

  private static Alert drift(Severity severity) {
    return new Alert(
        "oracle.drift", severity, "feed:eth-usd", "drift " + severity, 60.0, 50.0, "look");
  }

  private CheckReport report() {
    List<Alert> alerts = script.isEmpty() ? List.of() : script.remove(0);
    ChainStatus chain =
        new ChainStatus(
            "local",
            31337,
            Optional.empty(),
            Optional.empty(),
            chainDown ? Optional.of("connection refused") : Optional.empty(),
            "multicall3",
            1,
            3);
    return new CheckReport(
        clock.instant(),
        alerts.stream().map(Alert::severity).reduce(Severity.OK, Severity::worst),
        List.of(chain),
        List.of(),
        List.of(),
        List.of(),
        alerts);
  }

  private MonitorService service(MonitorService.Evaluation evaluation) {
    return MonitorService.builder(config)
        .evaluation(evaluation)
        .heads(chain -> 1)
        .store(store, store)
        .clock(clock)
        .metrics(new SimpleMeterRegistry())
        .build();
  }

  private List<String> types() {
    return store.events().stream().map(StoredEvent::type).toList();
  }

  @Test
  void opens_escalates_and_resolves_with_hysteresis_committing_every_event_for_every_sink() {
    MonitorService service = service(this::report);
    script.add(List.of(drift(Severity.WARNING)));
    script.add(List.of(drift(Severity.CRITICAL)));
    script.add(List.of());
    script.add(List.of());
    for (int i = 0; i < 4; i++) {
      service.runCycle();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(types()).containsExactly("alert.opened", "alert.updated", "alert.resolved");
    int sinks = config.alerts().sinks().size();
    assertThat(store.queued()).hasSize(3 * sinks);
    assertThat(store.events().get(0).body())
        .contains("\"type\":\"alert.opened\"", "\"rule\":\"oracle.drift\"");
  }

  @Test
  void times_the_lifecycle_the_store_commit_and_the_publish_of_each_cycle_apart() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<String> heard = new ArrayList<>();
    MonitorService service =
        MonitorService.builder(config)
            .evaluation(this::report)
            .heads(chain -> 1)
            .store(store, store)
            .clock(clock)
            .metrics(registry)
            .build();
    service.subscribe(e -> heard.add(e.type()));
    script.add(List.of(drift(Severity.WARNING)));
    service.runCycle();
    clock.advance(Duration.ofSeconds(1));
    service.runCycle();

    assertThat(heard).containsExactly("alert.opened");
    for (String stage : List.of("lifecycle", "store_commit", "publish")) {
      io.micrometer.core.instrument.Timer timer =
          registry.find("hedgewatch.cycle.stage").tag("stage", stage).timer();
      assertThat(timer).as(stage).isNotNull();
      assertThat(timer.count()).as(stage).isEqualTo(2);
      assertThat(timer.totalTime(TimeUnit.NANOSECONDS)).as(stage).isPositive();
    }
    // Registered up front, the checker's stages exist before the checker records any; without an
    // observation store there is nothing to store after the commit.
    assertThat(registry.find("hedgewatch.cycle.stage").tag("stage", "chain_rpc").timer().count())
        .isZero();
    assertThat(registry.find("hedgewatch.cycle.stage").tag("stage", "observations").timer().count())
        .isZero();
  }

  @Test
  void a_chain_that_cannot_be_read_neither_resolves_its_alerts_nor_counts_as_successful() {
    MonitorService service = service(this::report);
    script.add(
        List.of(new Alert("oracle.stale", Severity.WARNING, "chain:local", "x", null, null, null)));
    service.runCycle();
    assertThat(service.lastSuccessfulCycle().get("local")).isPresent();
    Instant firstSuccess = service.lastSuccessfulCycle().get("local").orElseThrow();
    chainDown = true;
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      service.runCycle();
    }
    assertThat(types()).containsExactly("alert.opened");
    assertThat(service.lastSuccessfulCycle().get("local")).contains(firstSuccess);
    assertThat(service.ready()).isFalse();
    chainDown = false;
    clock.advance(Duration.ofSeconds(1));
    service.runCycle();
    assertThat(service.ready()).isTrue();
  }

  @Test
  void a_failing_evaluation_raises_monitor_blind_after_three_cycles_and_resolves_nothing() {
    AtomicInteger calls = new AtomicInteger();
    MonitorService service =
        service(
            () -> {
              if (calls.incrementAndGet() > 1) {
                throw new IllegalStateException("boom");
              }
              return report();
            });
    script.add(List.of(drift(Severity.WARNING)));
    for (int i = 0; i < 4; i++) {
      service.runCycle();
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(store.events())
        .extracting(StoredEvent::type, StoredEvent::rule)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alert.opened", "oracle.drift"),
            org.assertj.core.groups.Tuple.tuple("alert.opened", "monitor.blind"));
    assertThat(store.events().get(1).subject()).isEqualTo("monitor");
  }

  @Test
  void a_refused_commit_leaves_the_lifecycle_in_place_and_the_next_cycle_emits_the_same_event_id() {
    MonitorService service = service(this::report);
    store.failCommits = true;
    script.add(List.of(drift(Severity.WARNING)));
    service.runCycle();
    assertThat(service.alerts().open()).isEmpty();
    store.failCommits = false;
    script.add(List.of(drift(Severity.WARNING)));
    service.runCycle();
    assertThat(types()).containsExactly("alert.opened");
    assertThat(store.events().get(0).id())
        .isEqualTo(AlertId.event(AlertId.of(drift(Severity.WARNING)), 1));
  }

  @Test
  void a_restarted_service_continues_from_the_stored_state_without_paging_again() {
    MonitorService first = service(this::report);
    script.add(List.of(drift(Severity.WARNING)));
    first.runCycle();
    first.stop();
    MonitorService second = service(this::report);
    assertThat(second.alerts().open()).hasSize(1);
    script.add(List.of(drift(Severity.WARNING)));
    script.add(List.of());
    script.add(List.of());
    for (int i = 0; i < 3; i++) {
      clock.advance(Duration.ofSeconds(1));
      second.runCycle();
    }
    assertThat(types()).containsExactly("alert.opened", "alert.resolved");
  }

  @Test
  void acknowledgement_is_committed_as_an_event_and_listeners_hear_events_in_commit_order()
      throws Exception {
    MonitorService service = service(this::report);
    List<String> heard = new ArrayList<>();
    AutoCloseable subscription = service.subscribe(e -> heard.add(e.type()));
    script.add(List.of(drift(Severity.WARNING)));
    service.runCycle();
    String id = AlertId.of(drift(Severity.WARNING));
    assertThat(service.acknowledge(id, "desk")).isEqualTo(AckResult.ACKNOWLEDGED);
    assertThat(service.acknowledge(id, "desk")).isEqualTo(AckResult.UNCHANGED);
    assertThat(service.acknowledge("nope", "desk")).isEqualTo(AckResult.NOT_OPEN);
    subscription.close();
    script.add(List.of());
    script.add(List.of());
    service.runCycle();
    service.runCycle();
    assertThat(heard).containsExactly("alert.opened", "alert.acknowledged");
    assertThat(types()).containsExactly("alert.opened", "alert.acknowledged", "alert.resolved");
  }

  @Test
  void heads_arriving_during_a_cycle_are_coalesced_into_one_more_cycle() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger evaluations = new AtomicInteger();
    AtomicLong head = new AtomicLong(1);
    MonitorService service =
        MonitorService.builder(config)
            .evaluation(
                () -> {
                  if (evaluations.incrementAndGet() == 1) {
                    entered.countDown();
                    try {
                      release.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  return report();
                })
            .heads(chain -> head.get())
            .store(store, store)
            .clock(clock)
            .idleInterval(Duration.ofHours(1))
            .metrics(new SimpleMeterRegistry())
            .build();
    service.start();
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    for (int i = 0; i < 50; i++) {
      head.incrementAndGet();
      service.requestCycle();
    }
    release.countDown();
    await().atMost(Duration.ofSeconds(10)).until(() -> service.cyclesCompleted() >= 2);
    service.stop();
    // the first cycle, then one for every head that came meanwhile (the head poller may add one
    // more if it saw a head after the second cycle started)
    assertThat(evaluations.get()).isBetween(2, 3);
  }
}
