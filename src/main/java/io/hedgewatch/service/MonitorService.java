package io.hedgewatch.service;

import io.hedgewatch.alert.AlertLifecycle;
import io.hedgewatch.alert.AlertState;
import io.hedgewatch.alert.LifecyclePolicy;
import io.hedgewatch.alert.Observation;
import io.hedgewatch.alert.TrackedAlert;
import io.hedgewatch.api.MonitorView;
import io.hedgewatch.chain.RpcTraffic;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.SinkConfig;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.monitor.ChainStatus;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.monitor.CycleStages;
import io.hedgewatch.monitor.CycleStages.Stage;
import io.hedgewatch.monitor.EventJson;
import io.hedgewatch.store.AlertStore;
import io.hedgewatch.store.Delivery;
import io.hedgewatch.store.FeedObservation;
import io.hedgewatch.store.MarketObservation;
import io.hedgewatch.store.ObservationStore;
import io.hedgewatch.store.Outbox;
import io.hedgewatch.store.OutboxStats;
import io.hedgewatch.store.StoredEvent;
import io.hedgewatch.support.ThrottledLog;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hedgewatch run}'s monitor: evaluates the config once per new block (any chain's head
 * advancing asks for a cycle; heads that advance while a cycle runs are coalesced into one next
 * cycle, never queued), and at least every {@link #idleInterval} when no block comes; feeds each
 * cycle through the alert lifecycle and commits the transition with its outbox rows in one store
 * transaction before anyone hears of it.
 *
 * <p>A cycle that fails as a whole raises {@code monitor.blind} on {@code monitor}; one that cannot
 * be committed leaves the lifecycle where it was, so the next cycle emits the events again (their
 * ids are stable, so a receiver never sees two different ids for one transition).
 */
public final class MonitorService implements MonitorView, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MonitorService.class);

  /** One full evaluation: {@code Checker::check} in production. */
  @FunctionalInterface
  public interface Evaluation {
    CheckReport evaluate();
  }

  /** A chain's newest block number ({@code eth_blockNumber}). */
  @FunctionalInterface
  public interface HeadSource {
    long head(String chain) throws IOException;
  }

  /** How long a cycle in progress may take to finish at shutdown. */
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(60);

  /** A chain is ready when it had a successful cycle within this many of its poll intervals. */
  static final int READY_INTERVALS = 3;

  private final HedgewatchConfig config;
  private final Evaluation evaluation;
  private final HeadSource heads;
  private final AlertStore alertStore;
  private final Outbox outbox;
  private final ObservationStore observations;
  private final AlertLifecycle lifecycle;
  private final List<String> sinks;
  private final Runnable afterCommit;
  private final Clock clock;
  private final Duration idleInterval;
  private final Instant startedAt;

  private final ReentrantLock stateLock = new ReentrantLock();
  private AlertState state;
  private volatile CheckReport latest;
  private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastHead = new ConcurrentHashMap<>();
  private final List<Consumer<StoredEvent>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean cycleRequested = new AtomicBoolean();
  private final AtomicLong cyclesCompleted = new AtomicLong();
  private volatile Instant lastCycleStart = Instant.EPOCH;
  private volatile boolean stopping;
  private final ThrottledLog headLog;

  private final ScheduledExecutorService scheduler;
  private final ExecutorService cycles;

  private final Timer cycleTimer;
  private final CycleStages stages;
  private final MeterRegistry metrics;

  private MonitorService(Builder b) {
    this.config = b.config;
    this.evaluation = b.evaluation;
    this.heads = b.heads;
    this.alertStore = b.alertStore;
    this.outbox = b.outbox;
    this.observations = b.observations;
    this.clock = b.clock;
    this.afterCommit = b.afterCommit;
    this.metrics = b.metrics;
    this.lifecycle =
        new AlertLifecycle(config::rule, new LifecyclePolicy(config.alerts().repeatAfter()));
    this.sinks = config.alerts().sinks().stream().map(SinkConfig::name).toList();
    this.idleInterval = b.idleInterval != null ? b.idleInterval : idleInterval(config);
    this.startedAt = clock.instant();
    this.state = alertStore.alertState();
    this.headLog = new ThrottledLog(LOG, Duration.ofSeconds(30));
    this.scheduler =
        Executors.newScheduledThreadPool(
            1,
            r -> {
              Thread t = new Thread(r, "hedgewatch-heads");
              t.setDaemon(true);
              return t;
            });
    this.cycles =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "hedgewatch-cycle");
              t.setDaemon(true);
              return t;
            });
    this.cycleTimer =
        Timer.builder("hedgewatch.cycle.duration")
            .description("one evaluation cycle, reads and rules and commit")
            .publishPercentiles(0.5, 0.99)
            .register(metrics);
    this.stages = CycleStages.on(metrics);
    for (Severity severity : List.of(Severity.WARNING, Severity.CRITICAL, Severity.UNKNOWN)) {
      Gauge.builder("hedgewatch.alerts.open", () -> openCount(severity))
          .description("open alerts by severity")
          .tag("severity", severity.name())
          .register(metrics);
    }
    for (String chain : config.chains().keySet()) {
      AtomicLong head = lastHead.computeIfAbsent(chain, c -> new AtomicLong(-1));
      Gauge.builder("hedgewatch.chain.head", head, AtomicLong::get)
          .description("the newest block number seen")
          .tag("chain", chain)
          .register(metrics);
    }
  }

  public static Builder builder(HedgewatchConfig config) {
    return new Builder(config);
  }

  /**
   * The longest stretch without a cycle when no block comes: twice the shortest poll interval (so a
   * chain stays within {@link #READY_INTERVALS} of them), and 10 s without chains.
   */
  static Duration idleInterval(HedgewatchConfig config) {
    return config.chains().values().stream()
        .map(ChainConfig::pollInterval)
        .min(Duration::compareTo)
        .map(d -> d.multipliedBy(2))
        .orElse(Duration.ofSeconds(10));
  }

  /** Starts polling heads and the idle timer; the first cycle is asked for at once. */
  public void start() {
    for (ChainConfig chain : config.chains().values()) {
      long every = Math.max(50, chain.pollInterval().toMillis());
      scheduler.scheduleWithFixedDelay(() -> pollHead(chain.id()), 0, every, TimeUnit.MILLISECONDS);
    }
    long idle = Math.max(50, idleInterval.toMillis());
    scheduler.scheduleWithFixedDelay(
        this::idleTick, idle, Math.min(idle, 1000), TimeUnit.MILLISECONDS);
    requestCycle();
  }

  private void pollHead(String chain) {
    try {
      long head = heads.head(chain);
      long previous = lastHead.get(chain).getAndSet(head);
      if (head != previous) {
        requestCycle();
      }
    } catch (IOException | RuntimeException e) {
      // The cycle judges the chain (monitor.blind, rpc.lag); here it is only a missed trigger.
      headLog.warn(chain, "cannot poll the head of chain {}: {}", chain, e.getMessage());
    }
  }

  private void idleTick() {
    if (Duration.between(lastCycleStart, clock.instant()).compareTo(idleInterval) >= 0) {
      requestCycle();
    }
  }

  /** Asks for a cycle; one already asked for and not started absorbs this one. */
  public void requestCycle() {
    if (!stopping && cycleRequested.compareAndSet(false, true)) {
      try {
        cycles.execute(this::runCycle);
      } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
        cycleRequested.set(false);
      }
    }
  }

  /** Runs one cycle on the calling thread (the cycle thread in service; tests call it directly). */
  void runCycle() {
    cycleRequested.set(false);
    if (stopping) {
      return;
    }
    Instant at = clock.instant();
    lastCycleStart = at;
    long started = System.nanoTime();
    CheckReport report = null;
    Observation observation;
    Map<RpcTraffic.Endpoint, Long> trafficBefore = RpcTraffic.snapshot();
    long judged;
    try {
      report = evaluation.evaluate();
      judged = System.nanoTime();
      observation = CycleObservation.of(report, at);
    } catch (RuntimeException e) {
      LOG.warn("evaluation cycle failed: {}", e.toString(), e);
      judged = System.nanoTime();
      observation = CycleObservation.failed(currentState(), e.toString(), at);
    }
    boolean committed = advance(observation, judged);
    if (report != null) {
      latest = report;
      if (committed) {
        recordSuccess(report, at);
        recordObservations(report);
      }
    }
    recordTraffic(RpcTraffic.since(trafficBefore, RpcTraffic.snapshot()));
    cyclesCompleted.incrementAndGet();
    cycleTimer.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
  }

  private void recordSuccess(CheckReport report, Instant at) {
    Map<String, ChainStatus> byId = new LinkedHashMap<>();
    report.chains().forEach(c -> byId.put(c.id(), c));
    for (String chain : config.chains().keySet()) {
      ChainStatus status = byId.get(chain);
      if (status == null || status.error().isEmpty()) {
        lastSuccess.put(chain, at);
      }
    }
  }

  /**
   * JSON-RPC calls per cycle by endpoint: everything sent while the cycle ran (its reads on every
   * reader, the endpoint probes, and the head polls of that interval), for the configured chains.
   */
  private void recordTraffic(Map<RpcTraffic.Endpoint, Long> calls) {
    calls.forEach(
        (endpoint, n) -> {
          if (config.chains().containsKey(endpoint.chain())) {
            DistributionSummary.builder("hedgewatch.rpc.calls")
                .description("JSON-RPC calls sent during one cycle, by chain and endpoint")
                .tag("chain", endpoint.chain())
                .tag("endpoint", endpoint.label())
                .register(metrics)
                .record(n);
          }
        });
  }

  /** Keeps what the cycle saw; a store that refuses only costs history, never the cycle. */
  private void recordObservations(CheckReport report) {
    if (observations == null) {
      return;
    }
    long storing = System.nanoTime();
    try {
      observations.recordFeeds(CycleRecords.feeds(report));
      observations.recordMarkets(CycleRecords.markets(report));
    } catch (RuntimeException e) {
      LOG.warn("cannot store the cycle's observations: {}", e.getMessage());
    }
    stages.since(Stage.OBSERVATIONS, storing);
  }

  /** Steps the lifecycle and commits; false (state unchanged) when the store refused the commit. */
  private boolean advance(Observation observation, long judgedNanos) {
    stateLock.lock();
    try {
      AlertLifecycle.Transition transition = lifecycle.step(state, observation);
      stages.since(Stage.LIFECYCLE, judgedNanos);
      return commit(transition, stages);
    } finally {
      stateLock.unlock();
    }
  }

  /** Commits {@code transition}, timing its store and publish stages on {@code timed}. */
  private boolean commit(AlertLifecycle.Transition transition, CycleStages timed) {
    long storing = System.nanoTime();
    List<StoredEvent> events = transition.events().stream().map(EventJson::stored).toList();
    List<StoredEvent> committed;
    try {
      committed = alertStore.commit(transition.state(), events, sinks);
      timed.since(Stage.STORE_COMMIT, storing);
    } catch (RuntimeException e) {
      LOG.error(
          "cannot store the cycle's alert state ({} events); the next cycle emits them again: {}",
          events.size(),
          e.getMessage());
      return false;
    }
    state = transition.state();
    long publishing = System.nanoTime();
    for (StoredEvent event : committed) {
      for (Consumer<StoredEvent> listener : listeners) {
        try {
          listener.accept(event);
        } catch (RuntimeException e) {
          LOG.warn("an event listener failed on {}: {}", event.id(), e.toString());
        }
      }
    }
    if (!committed.isEmpty()) {
      afterCommit.run();
    }
    timed.since(Stage.PUBLISH, publishing);
    return true;
  }

  private AlertState currentState() {
    stateLock.lock();
    try {
      return state;
    } finally {
      stateLock.unlock();
    }
  }

  private double openCount(Severity severity) {
    return currentState().open().stream().filter(a -> a.severity() == severity).count();
  }

  /** Cycles completed since start, successful or not (tests and the status line). */
  public long cyclesCompleted() {
    return cyclesCompleted.get();
  }

  /**
   * Stops asking for cycles and waits (up to {@link #SHUTDOWN_GRACE}) for the one in progress to
   * finish and commit; the caller then drains the outbox.
   */
  public void stop() {
    stopping = true;
    scheduler.shutdownNow();
    cycles.shutdown();
    try {
      if (!cycles.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("the cycle in progress did not finish within {}; stopping anyway", SHUTDOWN_GRACE);
        cycles.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      cycles.shutdownNow();
    }
    if (heads instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        LOG.debug("closing the head pollers: {}", e.toString());
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  // ---- MonitorView

  @Override
  public Optional<CheckReport> latest() {
    return Optional.ofNullable(latest);
  }

  @Override
  public AlertState alerts() {
    return currentState();
  }

  @Override
  public List<StoredEvent> eventsAfter(long afterSequence, int limit) {
    return alertStore.eventsAfter(afterSequence, limit);
  }

  @Override
  public AutoCloseable subscribe(Consumer<StoredEvent> listener) {
    Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  @Override
  public AckResult acknowledge(String alertId, String by) {
    stateLock.lock();
    try {
      Optional<AlertLifecycle.Transition> transition =
          lifecycle.acknowledge(state, alertId, by, clock.instant());
      if (transition.isEmpty()) {
        return AckResult.NOT_OPEN;
      }
      if (transition.get().events().isEmpty()) {
        return AckResult.UNCHANGED;
      }
      // An acknowledgement is not a cycle: its commit is not a cycle stage.
      if (!commit(transition.get(), CycleStages.none())) {
        throw new IllegalStateException("the store refused the acknowledgement; try again");
      }
      return AckResult.ACKNOWLEDGED;
    } finally {
      stateLock.unlock();
    }
  }

  @Override
  public Map<String, Optional<Instant>> lastSuccessfulCycle() {
    Map<String, Optional<Instant>> out = new LinkedHashMap<>();
    for (String chain : config.chains().keySet()) {
      out.put(chain, Optional.ofNullable(lastSuccess.get(chain)));
    }
    return out;
  }

  @Override
  public boolean ready() {
    if (latest == null) {
      return false;
    }
    Instant now = clock.instant();
    for (ChainConfig chain : config.chains().values()) {
      Instant success = lastSuccess.get(chain.id());
      Duration window = chain.pollInterval().multipliedBy(READY_INTERVALS);
      // A window shorter than a cycle's idle interval would flap on an idle chain.
      if (window.compareTo(idleInterval.plus(chain.pollInterval())) < 0) {
        window = idleInterval.plus(chain.pollInterval());
      }
      if (success == null || Duration.between(success, now).compareTo(window) > 0) {
        return false;
      }
    }
    return true;
  }

  @Override
  public List<OutboxStats> outbox() {
    return outbox.stats(sinks);
  }

  @Override
  public List<Delivery> deadLetters(int limit) {
    return outbox.deadLetters(limit);
  }

  @Override
  public List<FeedObservation> feedHistory(String feedId, Instant from, Instant to, int limit) {
    if (observations == null || !config.feeds().containsKey(feedId)) {
      return List.of();
    }
    return newest(observations.feedObservations(feedId, from, to), limit);
  }

  @Override
  public List<MarketObservation> marketHistory(
      String marketId, Instant from, Instant to, int limit) {
    if (observations == null || !config.markets().containsKey(marketId)) {
      return List.of();
    }
    return newest(observations.marketObservations(marketId, from, to), limit);
  }

  private static <T> List<T> newest(List<T> oldestFirst, int limit) {
    return oldestFirst.size() <= limit
        ? oldestFirst
        : List.copyOf(oldestFirst.subList(oldestFirst.size() - limit, oldestFirst.size()));
  }

  @Override
  public Instant startedAt() {
    return startedAt;
  }

  @Override
  public io.hedgewatch.risk.RuleSettingsLookup rules() {
    return config::rule;
  }

  /** Open alerts now, for the shutdown summary. */
  public List<TrackedAlert> openAlerts() {
    return new ArrayList<>(currentState().open());
  }

  public static final class Builder {
    private final HedgewatchConfig config;
    private Evaluation evaluation;
    private HeadSource heads;
    private AlertStore alertStore;
    private Outbox outbox;
    private ObservationStore observations;
    private Clock clock = Clock.systemUTC();
    private Runnable afterCommit = () -> {};
    private MeterRegistry metrics;
    private Duration idleInterval;

    private Builder(HedgewatchConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    public Builder evaluation(Evaluation value) {
      this.evaluation = value;
      return this;
    }

    public Builder heads(HeadSource value) {
      this.heads = value;
      return this;
    }

    /** Polls each configured chain's RPC endpoints for {@code eth_blockNumber}. */
    public Builder headsOverRpc(io.hedgewatch.chain.RpcRetryPolicy policy) {
      this.heads = new ChainHeads(config.chains(), policy);
      return this;
    }

    public Builder store(AlertStore alerts, Outbox deliveries) {
      this.alertStore = alerts;
      this.outbox = deliveries;
      return this;
    }

    /** Where each successful cycle's feed and market observations are kept (optional). */
    public Builder observations(ObservationStore value) {
      this.observations = value;
      return this;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    /** Called after a commit that appended events (the dispatcher's wake-up). */
    public Builder afterCommit(Runnable value) {
      this.afterCommit = value;
      return this;
    }

    public Builder metrics(MeterRegistry value) {
      this.metrics = value;
      return this;
    }

    public Builder idleInterval(Duration value) {
      this.idleInterval = value;
      return this;
    }

    public MonitorService build() {
      Objects.requireNonNull(evaluation, "evaluation");
      Objects.requireNonNull(heads, "heads");
      Objects.requireNonNull(alertStore, "alert store");
      Objects.requireNonNull(outbox, "outbox");
      Objects.requireNonNull(metrics, "metrics");
      return new MonitorService(this);
    }
  }
}
