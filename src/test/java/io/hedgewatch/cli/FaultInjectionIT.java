package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hedgewatch.chain.FailoverRpcService;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.devnet.Anvil;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.devnet.DevnetDemo;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.monitor.Checker;
import io.hedgewatch.monitor.ReadCadences;
import io.hedgewatch.service.MonitorService;
import io.hedgewatch.store.Store;
import io.hedgewatch.store.StoreSettings;
import io.hedgewatch.store.StoredEvent;
import io.hedgewatch.testing.FaultyRpcProxy;
import io.hedgewatch.testing.FaultyRpcProxy.Fault;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * Faults injected under a monitor that runs in-process on a devnet with the demo hedges, cycle by
 * cycle: a JSON-RPC endpoint that breaks in every way a provider breaks ({@link FaultyRpcProxy}), a
 * reorganisation, anvil killed and restarted, reference venues that time out, rate-limit or answer
 * garbage. Each test checks what the user sees (the alert, the metric, the log line) and that the
 * alert events stay a clean story: per (rule, subject) opened, then updates, then resolved, never a
 * second opened while one is open, every event committed to the store once and published once.
 *
 * <p>Lines starting {@code FIGURE} are the figures of docs/reliability.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultInjectionIT {

  /**
   * Short backoff and quarantine so that a cycle against a broken endpoint takes well under 1 s.
   */
  private static final RpcRetryPolicy FAST =
      new RpcRetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(1));

  private static final String CHAIN = "chain:" + Devnet.CHAIN_ID_KEY;
  private static final String BLIND = "monitor.blind";

  private static Devnet devnet;
  @TempDir static Path dir;

  private FaultyRpcProxy proxy;
  private Monitor monitor;
  private ListAppender<ILoggingEvent> rpcLog;

  @BeforeAll
  static void startDevnet() {
    devnet = Devnet.start();
    DevnetDemo.openPositions(devnet);
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @BeforeEach
  void startProxy() throws IOException {
    refreshFeeds();
    proxy = new FaultyRpcProxy(devnet.rpcUrl());
    rpcLog = new ListAppender<>();
    rpcLog.start();
    ((Logger) LoggerFactory.getLogger(FailoverRpcService.class)).addAppender(rpcLog);
  }

  @AfterEach
  void stopAll() {
    ((Logger) LoggerFactory.getLogger(FailoverRpcService.class)).detachAppender(rpcLog);
    if (monitor != null) {
      monitor.close();
    }
    proxy.close();
    for (ReferenceVenue v : ReferenceVenue.values()) {
      devnet.exchanges().recover(v);
      devnet.exchanges().delay(v, Duration.ZERO);
    }
  }

  /** Fresh rounds on every feed, so that nothing but the fault under test raises an alert. */
  private static void refreshFeeds() {
    DevnetContracts c = devnet.contracts();
    long t = devnet.anvil().latestBlockTimestamp();
    devnet.ops().postRound(c.ethUsdProxy(), Devnet.ETH_USD_ANSWER, t);
    devnet.ops().postRound(c.btcUsdProxy(), Devnet.BTC_USD_ANSWER, t);
    devnet.ops().postRound(c.usdcUsdProxy(), Devnet.USDC_USD_ANSWER, t);
    devnet
        .ops()
        .setPythPrice(
            c.pythEthUsdId(),
            Devnet.PYTH_ETH_USD_PRICE,
            Devnet.PYTH_ETH_USD_CONF,
            Devnet.PYTH_EXPO,
            t);
  }

  private static void figure(String what) {
    System.out.println("FIGURE " + what);
  }

  // ---------------------------------------------------------------- JSON-RPC faults

  @Order(1)
  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Fault.class,
      names = {"DROP", "RATE_LIMITED", "SERVER_ERROR", "TRUNCATED", "GARBAGE"})
  void a_broken_rpc_endpoint_opens_monitor_blind_on_the_chain_once_and_resolves_it_once(Fault fault)
      throws Exception {
    monitor = new Monitor("rpc-" + fault, proxy.url(), "");
    monitor.cycles(1);
    assertThat(monitor.opened(BLIND, CHAIN)).isZero();

    proxy.fault(fault);
    long started = System.nanoTime();
    int toOpen = monitor.cycleUntil(m -> m.opened(BLIND, CHAIN) == 1, 10);
    Duration openAfter = Duration.ofNanos(System.nanoTime() - started);
    assertThat(monitor.openAlerts()).as("hedgewatch_alerts_open counts it").isPositive();
    assertThat(rpcLog.list)
        .as("the log names the endpoint and the failure")
        .anySatisfy(
            e ->
                assertThat(e.getFormattedMessage())
                    .contains("RPC endpoint rpc[0] 127.0.0.1:")
                    .contains(logReason(fault)));
    monitor.cycles(1);
    assertThat(monitor.opened(BLIND, CHAIN)).as("still one alert while the fault lasts").isOne();

    proxy.fault(Fault.NONE);
    started = System.nanoTime();
    int toResolve = monitor.cycleUntil(m -> m.resolved(BLIND, CHAIN) == 1, 10);
    Duration resolveAfter = Duration.ofNanos(System.nanoTime() - started);
    monitor.cycles(1);
    assertThat(monitor.opened(BLIND, CHAIN)).isOne();
    assertThat(monitor.resolved(BLIND, CHAIN)).isOne();
    monitor.assertCleanStory();
    figure(
        "rpc "
            + fault
            + ": blind opens after "
            + toOpen
            + " cycles ("
            + openAfter.toMillis()
            + " ms), resolves after "
            + toResolve
            + " cycles ("
            + resolveAfter.toMillis()
            + " ms), faulted requests "
            + proxy.faulted());
  }

  private static String logReason(Fault fault) {
    switch (fault) {
      case DROP:
        return "I/O error";
      case RATE_LIMITED:
        return "HTTP 429 (Retry-After 1)";
      case SERVER_ERROR:
        return "HTTP 503";
      case TRUNCATED:
      case GARBAGE:
        return "reply is not JSON";
      default:
        throw new IllegalArgumentException(fault.name());
    }
  }

  @Order(2)
  @Test
  void a_batch_reply_with_wrong_ids_is_never_misread_as_the_answer_to_another_call()
      throws Exception {
    monitor = new Monitor("wrong-ids", proxy.url(), "");
    monitor.cycles(1);
    proxy.fault(Fault.WRONG_BATCH_IDS);
    monitor.cycles(3);
    assertThat(proxy.faulted()).as("batches were answered with the wrong ids").isPositive();
    assertThat(monitor.openedExcept(Set.of(BLIND)))
        .as("a value read from a reply meant for another call would raise a false alert")
        .isEmpty();
    proxy.fault(Fault.NONE);
    monitor.cycles(1);
    monitor.assertCleanStory();
    figure(
        "rpc WRONG_BATCH_IDS: "
            + proxy.faulted()
            + " batch replies with shifted ids over 3 cycles, alerts opened: "
            + monitor.openedExcept(Set.of()));
  }

  @Order(3)
  @Test
  void a_slow_endpoint_within_the_timeout_raises_nothing() throws Exception {
    monitor = new Monitor("slow", proxy.url(), "");
    monitor.cycles(1);
    long before = System.nanoTime();
    monitor.cycles(2);
    Duration normal = Duration.ofNanos((System.nanoTime() - before) / 2);
    proxy.delay(Duration.ofMillis(50));
    int requestsBefore = proxy.requests();
    before = System.nanoTime();
    monitor.cycles(2);
    Duration slow = Duration.ofNanos((System.nanoTime() - before) / 2);
    assertThat(monitor.openedRule(BLIND)).isZero();
    // every request of those cycles waited the delay (a cycle's length is not compared: on a
    // loaded machine its spread is larger than 8 requests x 50 ms)
    assertThat(proxy.requests())
        .as("the slow cycles read through the delay")
        .isGreaterThan(requestsBefore);
    monitor.assertCleanStory();
    figure(
        "rpc delay 50 ms per request: cycle "
            + normal.toMillis()
            + " ms -> "
            + slow.toMillis()
            + " ms, JSON-RPC calls per cycle (hedgewatch_rpc_calls mean) "
            + Math.round(monitor.rpcCallsPerCycle())
            + ", no alert");
  }

  @Order(4)
  @Test
  void a_stale_node_raises_rpc_lag_once_and_resolves_when_it_catches_up() throws Exception {
    monitor = new Monitor("stale", proxy.url(), "maxHeadAge: 3s");
    Predicate<Monitor> mined =
        m -> {
          devnet.anvil().mine();
          return true;
        };
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> mined.test(monitor) && monitor.cycle() >= 0 && monitor.cyclesRun() >= 3);
    assertThat(monitor.opened("rpc.lag", CHAIN)).as("a fresh head is no lag").isZero();

    long frozenAt = proxy.freezeHead();
    long started = System.nanoTime();
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(300))
        .until(
            () ->
                mined.test(monitor)
                    && monitor.cycle() >= 0
                    && monitor.opened("rpc.lag", CHAIN) == 1);
    Duration openAfter = Duration.ofNanos(System.nanoTime() - started);
    assertThat(devnet.anvil().blockNumber()).isGreaterThan(frozenAt);

    proxy.unfreezeHead();
    int toResolve = 0;
    while (monitor.resolved("rpc.lag", CHAIN) == 0) {
      assertThat(++toResolve)
          .as("rpc.lag resolves within 5 cycles" + monitor.describe())
          .isLessThanOrEqualTo(5);
      devnet.anvil().mine();
      monitor.cycle();
    }
    // one more cycle on a fresh head (without a block a slow cycle would itself outlast
    // maxHeadAge, and rpc.lag would rightly open again)
    devnet.anvil().mine();
    monitor.cycle();
    assertThat(monitor.opened("rpc.lag", CHAIN)).isOne();
    monitor.assertCleanStory();
    figure(
        "stale node, maxHeadAge 3s: rpc.lag opens "
            + openAfter.toMillis()
            + " ms after the head froze, resolves "
            + toResolve
            + " cycle(s) after it moves");
  }

  @Order(5)
  @Test
  void a_reorg_under_a_running_monitor_keeps_it_cycling_without_duplicate_events()
      throws Exception {
    monitor = new Monitor("reorg", proxy.url(), "");
    monitor.cycles(2);
    String snapshot = devnet.anvil().snapshot();
    DevnetContracts c = devnet.contracts();
    long t = devnet.anvil().latestBlockTimestamp();
    // the abandoned branch moves ETH 3.3 % off the reference: an alert that the reorg takes back
    devnet
        .ops()
        .postRound(
            c.ethUsdProxy(),
            Devnet.ETH_USD_ANSWER
                .multiply(java.math.BigInteger.valueOf(1033))
                .divide(java.math.BigInteger.valueOf(1000)),
            t);
    for (int i = 0; i < 3; i++) {
      devnet.anvil().mine();
    }
    monitor.cycles(2);
    long orphanHead = devnet.anvil().blockNumber();
    devnet.anvil().revert(snapshot);
    refreshFeeds();
    for (int i = 0; i < 5; i++) {
      devnet.anvil().mine();
    }
    long cyclesBefore = monitor.cyclesRun();
    monitor.cycles(4);
    assertThat(monitor.cyclesRun()).isEqualTo(cyclesBefore + 4);
    assertThat(monitor.opened(BLIND, CHAIN)).as("a reorg is no blindness").isZero();
    monitor.assertCleanStory();
    figure(
        "reorg: abandoned head "
            + orphanHead
            + ", new head "
            + devnet.anvil().blockNumber()
            + ": events "
            + monitor.events().stream()
                .map(e -> e.type() + " " + e.rule() + " " + e.subject())
                .toList());
  }

  // ---------------------------------------------------------------- reference venue faults

  @Order(6)
  @Test
  void a_venue_that_times_out_is_counted_and_left_out_without_an_alert() throws Exception {
    monitor = new Monitor("venue-timeout", proxy.url(), "");
    monitor.cycles(1);
    devnet.exchanges().delay(ReferenceVenue.BINANCE, Duration.ofSeconds(4));
    long started = System.nanoTime();
    monitor.cycles(1);
    Duration cycle = Duration.ofNanos(System.nanoTime() - started);
    assertThat(monitor.referenceErrors("binance"))
        .as("hedgewatch_reference_errors_total")
        .isPositive();
    assertThat(monitor.openedRule("reference.unavailable")).isZero();
    assertThat(monitor.openedRule(BLIND)).isZero();
    monitor.assertCleanStory();
    figure(
        "binance 4 s late: errors "
            + monitor.referenceErrorKinds("binance")
            + ", cycle "
            + cycle.toMillis()
            + " ms, no alert");
  }

  @Order(7)
  @Test
  void a_rate_limited_venue_is_left_alone_until_its_retry_after_has_passed() throws Exception {
    monitor = new Monitor("venue-429", proxy.url(), "");
    monitor.cycles(1);
    devnet
        .exchanges()
        .failWithRetryAfter(
            ReferenceVenue.BINANCE, 429, "{\"code\":-1003,\"msg\":\"Too many requests\"}", "30");
    int before = devnet.exchanges().requests(ReferenceVenue.BINANCE);
    monitor.cycles(1);
    int firstCycle = devnet.exchanges().requests(ReferenceVenue.BINANCE) - before;
    monitor.cycles(4);
    int later = devnet.exchanges().requests(ReferenceVenue.BINANCE) - before - firstCycle;
    assertThat(firstCycle).isPositive();
    assertThat(later).as("Retry-After: 30 holds every request for 30 s").isZero();
    assertThat(monitor.referenceErrorKinds("binance")).containsKey("RateLimited");
    assertThat(monitor.openedRule("reference.unavailable")).isZero();
    monitor.assertCleanStory();
    figure(
        "binance 429 Retry-After 30: "
            + firstCycle
            + " request(s) in the cycle that met it, "
            + later
            + " in the 4 cycles after; errors "
            + monitor.referenceErrorKinds("binance"));
  }

  @Order(8)
  @Test
  void every_venue_answering_malformed_json_opens_reference_unavailable_once_and_resolves_it()
      throws Exception {
    monitor = new Monitor("venue-garbage", proxy.url(), "");
    monitor.cycles(1);
    for (ReferenceVenue v : ReferenceVenue.values()) {
      devnet.exchanges().fail(v, 200, "{\"price\": 30");
    }
    int toOpen = monitor.cycleUntil(m -> m.openedRule("reference.unavailable") > 0, 6);
    monitor.cycles(2);
    Map<String, Long> opened = monitor.openedBySubject("reference.unavailable");
    assertThat(opened.values()).as("one alert per feed, not one per cycle").containsOnly(1L);
    assertThat(monitor.referenceErrorKinds("binance")).isNotEmpty();
    for (ReferenceVenue v : ReferenceVenue.values()) {
      devnet.exchanges().recover(v);
    }
    int toResolve =
        monitor.cycleUntil(
            m -> m.resolvedRule("reference.unavailable") == m.openedRule("reference.unavailable"),
            6);
    monitor.cycles(1);
    monitor.assertCleanStory();
    figure(
        "all venues malformed JSON: reference.unavailable on "
            + opened.keySet()
            + " after "
            + toOpen
            + " cycle(s), resolved "
            + toResolve
            + " cycle(s) after recovery; errors "
            + monitor.referenceErrorKinds("binance"));
  }

  // ---------------------------------------------------------------- anvil killed (last: it ends
  // the devnet's own anvil)

  @Order(100)
  @Test
  void anvil_killed_and_restarted_with_its_state_opens_monitor_blind_once_and_resolves_it_once()
      throws Exception {
    monitor = new Monitor("kill-anvil", proxy.url(), "");
    monitor.cycles(1);
    // what a node that persists its state keeps over a crash (anvil --state does the same on disk)
    Object state = devnet.anvil().rpc("anvil_dumpState");
    long head = devnet.anvil().blockNumber();
    devnet.anvil().processHandle().destroyForcibly();
    devnet.anvil().processHandle().onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
    long started = System.nanoTime();
    int toOpen = monitor.cycleUntil(m -> m.opened(BLIND, CHAIN) == 1, 10);
    Duration openAfter = Duration.ofNanos(System.nanoTime() - started);

    try (Anvil restarted = Anvil.builder().chainId(devnet.chainId()).noMining().start()) {
      restarted.rpc("anvil_loadState", state);
      assertThat(restarted.blockNumber()).isGreaterThanOrEqualTo(head);
      proxy.upstream(restarted.rpcUrl());
      started = System.nanoTime();
      int toResolve = monitor.cycleUntil(m -> m.resolved(BLIND, CHAIN) == 1, 10);
      Duration resolveAfter = Duration.ofNanos(System.nanoTime() - started);
      monitor.cycles(1);
      assertThat(monitor.opened(BLIND, CHAIN)).isOne();
      assertThat(monitor.resolved(BLIND, CHAIN)).isOne();
      monitor.assertCleanStory();
      figure(
          "anvil kill -9: blind after "
              + toOpen
              + " cycles ("
              + openAfter.toMillis()
              + " ms); restarted with its state: resolved after "
              + toResolve
              + " cycle(s) ("
              + resolveAfter.toMillis()
              + " ms)");
      monitor.close();
      monitor = null;
    }
  }

  // ---------------------------------------------------------------- the monitor under test

  /** The service on the demo config with its RPC URL behind the proxy, run one cycle at a time. */
  private static final class Monitor implements AutoCloseable {
    private final Store store;
    private final ReadCadences cadences;
    private final MonitorService service;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<StoredEvent> events = new CopyOnWriteArrayList<>();
    private final AtomicInteger ran = new AtomicInteger();

    Monitor(String name, String rpcUrl, String chainLine) throws IOException {
      Path file = DevnetDemo.writeConfig(devnet, dir.resolve(name + ".yaml"));
      String yaml =
          Files.readString(file).replace("\"" + devnet.rpcUrl() + "\"", "\"" + rpcUrl + "\"");
      if (!chainLine.isEmpty()) {
        yaml = yaml.replaceAll("(?m)^    maxHeadAge: .*$", "    " + chainLine);
      }
      Files.writeString(file, yaml);
      StringWriter errors = new StringWriter();
      HedgewatchConfig cfg =
          CheckCommand.load(file, new PrintWriter(errors, true))
              .orElseThrow(() -> new AssertionError("config: " + errors));
      Clock clock = Clock.systemUTC();
      store = Store.open(StoreSettings.of(cfg.storage().url()), clock);
      // as run keeps them (clients, their Retry-After and breakers, metrics), but every venue is
      // asked at every cycle: a cycle here stands for many seconds of a real run
      Map<ReadCadences.Kind, Duration> everyCycle =
          new java.util.EnumMap<>(ReadCadences.Kind.class);
      for (ReadCadences.Kind kind : ReadCadences.Kind.values()) {
        everyCycle.put(kind, Duration.ofMillis(1));
      }
      cadences = ReadCadences.custom(clock, everyCycle, Duration.ofMillis(1)).withMetrics(registry);
      service =
          MonitorService.builder(cfg)
              .evaluation(new Checker(cfg, FAST, clock, cadences)::check)
              .headsOverRpc(FAST)
              .store(store, store)
              .observations(store)
              .clock(clock)
              .metrics(registry)
              .build();
      service.subscribe(events::add);
    }

    /** Runs one cycle; returns the cycles completed. */
    long cycle() {
      long before = service.cyclesCompleted();
      service.requestCycle();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(10))
          .until(() -> service.cyclesCompleted() > before);
      ran.incrementAndGet();
      return service.cyclesCompleted();
    }

    void cycles(int n) {
      for (int i = 0; i < n; i++) {
        cycle();
      }
    }

    long cyclesRun() {
      return ran.get();
    }

    /** Runs cycles until {@code done} (at most {@code max}); returns how many it took. */
    int cycleUntil(Predicate<Monitor> done, int max) {
      for (int i = 1; i <= max; i++) {
        cycle();
        if (done.test(this)) {
          return i;
        }
      }
      throw new AssertionError("not within " + max + " cycles; events:" + describe());
    }

    List<StoredEvent> events() {
      return List.copyOf(events);
    }

    private long count(String type, String rule, String subject) {
      return events.stream()
          .filter(e -> e.type().equals(type) && e.rule().equals(rule))
          .filter(e -> subject == null || e.subject().equals(subject))
          .count();
    }

    long opened(String rule, String subject) {
      return count("alert.opened", rule, subject);
    }

    long resolved(String rule, String subject) {
      return count("alert.resolved", rule, subject);
    }

    long openedRule(String rule) {
      return count("alert.opened", rule, null);
    }

    long resolvedRule(String rule) {
      return count("alert.resolved", rule, null);
    }

    List<String> subjectsOpened(String rule) {
      return events.stream()
          .filter(e -> e.type().equals("alert.opened") && e.rule().equals(rule))
          .map(StoredEvent::subject)
          .distinct()
          .toList();
    }

    Map<String, Long> openedBySubject(String rule) {
      return events.stream()
          .filter(e -> e.type().equals("alert.opened") && e.rule().equals(rule))
          .collect(Collectors.groupingBy(StoredEvent::subject, Collectors.counting()));
    }

    List<String> openedExcept(Set<String> rules) {
      return events.stream()
          .filter(e -> e.type().equals("alert.opened") && !rules.contains(e.rule()))
          .map(e -> e.rule() + " " + e.subject())
          .toList();
    }

    double openAlerts() {
      return registry.find("hedgewatch.alerts.open").gauges().stream()
          .mapToDouble(g -> g.value())
          .sum();
    }

    double referenceErrors(String venue) {
      return registry.find("hedgewatch.reference.errors").tag("venue", venue).counters().stream()
          .mapToDouble(Counter::count)
          .sum();
    }

    double rpcCallsPerCycle() {
      return registry.find("hedgewatch.rpc.calls").summaries().stream()
          .mapToDouble(s -> s.mean())
          .sum();
    }

    Map<String, Long> referenceErrorKinds(String venue) {
      Map<String, Long> out = new HashMap<>();
      for (Counter c :
          registry.find("hedgewatch.reference.errors").tag("venue", venue).counters()) {
        out.put(c.getId().getTag("kind"), (long) c.count());
      }
      return out;
    }

    /**
     * Per (rule, subject): opened, then updates or acknowledgements, then resolved, and again;
     * every event id published once and committed to the store once, and the store holds nothing
     * that was not published.
     */
    void assertCleanStory() {
      Map<String, Boolean> open = new HashMap<>();
      for (StoredEvent e : events) {
        String key = e.rule() + " " + e.subject();
        boolean isOpen = open.getOrDefault(key, false);
        switch (e.type()) {
          case "alert.opened" -> {
            assertThat(isOpen).as("second opened while open: " + key + describe()).isFalse();
            open.put(key, true);
          }
          case "alert.resolved" -> {
            assertThat(isOpen).as("resolved while not open: " + key + describe()).isTrue();
            open.put(key, false);
          }
          default ->
              assertThat(isOpen).as(e.type() + " while not open: " + key + describe()).isTrue();
        }
      }
      List<String> published = events.stream().map(StoredEvent::id).toList();
      assertThat(new HashSet<>(published)).as("published once each").hasSize(published.size());
      List<String> stored = store.eventsAfter(0, 100_000).stream().map(StoredEvent::id).toList();
      assertThat(new HashSet<>(stored)).as("committed once each").hasSize(stored.size());
      assertThat(stored).containsExactlyInAnyOrderElementsOf(published);
    }

    String describe() {
      List<String> lines = new ArrayList<>();
      for (StoredEvent e : events) {
        lines.add(e.type() + " " + e.rule() + " " + e.subject() + " " + e.severity());
      }
      return lines.stream().collect(Collectors.joining("\n  ", "\n  ", "\n"));
    }

    @Override
    public void close() {
      try {
        service.close();
        cadences.close();
      } finally {
        store.close();
      }
    }
  }
}
