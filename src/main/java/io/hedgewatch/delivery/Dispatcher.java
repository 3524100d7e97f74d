package io.hedgewatch.delivery;

import io.hedgewatch.config.DeliveryPolicy;
import io.hedgewatch.store.Delivery;
import io.hedgewatch.store.Outbox;
import io.hedgewatch.store.OutboxStats;
import io.hedgewatch.store.StoredEvent;
import io.hedgewatch.support.ThrottledLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToLongFunction;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves committed events from the {@link Outbox} to the sinks: one daemon thread per sink ({@code
 * hedgewatch-sink-NAME}), so that a failing or hanging sink never delays another.
 *
 * <p>Each worker takes its sink's oldest due delivery, makes one attempt and records the outcome:
 * delivered; a retry after {@link Backoff} (the {@code n}th failure waits a uniformly drawn time up
 * to {@code min(maxBackoff, initialBackoff x 2^(n-1))}, or the receiver's {@code Retry-After} when
 * longer); or dead, after the policy's {@code maxAttempts} failed attempts or at once when the sink
 * rejects the event. A sink that throws counts as a retry, with the exception's class and message
 * as the reason. When nothing is due, the worker waits for the next due time, a {@link #wake()} (an
 * event was committed) or at most the idle poll, whichever comes first. A failure of the outbox
 * itself is logged (the first, then every 30 s per sink), counted, and tried again after a pause:
 * it never ends a worker.
 *
 * <p>Metrics, per sink (tag {@code sink}): {@code hedgewatch.deliveries} (tag {@code outcome}:
 * {@code delivered}, {@code retry}, {@code dead}), {@code hedgewatch.delivery.duration}, {@code
 * hedgewatch.outbox.errors}, and the gauges {@code hedgewatch.outbox.depth} (pending), {@code
 * hedgewatch.outbox.dead} and {@code hedgewatch.delivery.lag} (seconds since the oldest pending
 * event). The gauges read counts each worker refreshes (after its attempts, at most once a second,
 * and whenever it goes idle), so a scrape never touches the database; they are NaN until the first
 * refresh.
 *
 * <p>The dispatcher neither opens nor closes the sinks: whoever built them closes them after {@link
 * #close()}.
 */
public final class Dispatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  /** The longest a worker waits without looking at the outbox, woken or not. */
  public static final Duration DEFAULT_IDLE_POLL = Duration.ofSeconds(5);

  /** The pause after the outbox failed, before the worker tries it again. */
  public static final Duration DEFAULT_STORE_PAUSE = Duration.ofSeconds(1);

  private static final Duration STATS_INTERVAL = Duration.ofSeconds(1);
  private static final Duration LOG_INTERVAL = Duration.ofSeconds(30);
  private static final Duration STOP_WAIT = Duration.ofSeconds(2);

  /** Keeps a worker from spinning should the outbox call a delivery due it does not hand out. */
  private static final long MIN_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private static final int MAX_REASON_CHARS = 500;

  private final Outbox outbox;
  private final Clock clock;
  private final RandomGenerator random;
  private final long idlePollNanos;
  private final long storePauseNanos;
  private final List<Worker> workers;
  private final ThrottledLog throttled = new ThrottledLog(LOG, LOG_INTERVAL);
  private final CountDownLatch finished;

  private final Object lifecycle = new Object();
  private boolean started; // guarded by lifecycle
  private boolean stopped; // guarded by lifecycle

  private volatile boolean stopping;

  /**
   * While draining, on the dispatcher's clock: deliveries due later are left for the next start.
   */
  private volatile Instant drainUntil;

  /**
   * @param sinks the sinks, each with a unique name
   * @param policies each sink's delivery policy, by sink name (see {@link Sinks#policies})
   * @param random the jitter's source
   * @param registry where the metrics go; give each dispatcher a registry of its own or share it
   *     across restarts of one, since meters are registered once per name and sink
   */
  public Dispatcher(
      Outbox outbox,
      List<AlertSink> sinks,
      Map<String, DeliveryPolicy> policies,
      Clock clock,
      RandomGenerator random,
      MeterRegistry registry) {
    this(outbox, sinks, policies, clock, random, registry, DEFAULT_IDLE_POLL, DEFAULT_STORE_PAUSE);
  }

  Dispatcher(
      Outbox outbox,
      List<AlertSink> sinks,
      Map<String, DeliveryPolicy> policies,
      Clock clock,
      RandomGenerator random,
      MeterRegistry registry,
      Duration idlePoll,
      Duration storePause) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.random = Objects.requireNonNull(random, "random");
    Objects.requireNonNull(registry, "registry");
    this.idlePollNanos = idlePoll.toNanos();
    this.storePauseNanos = storePause.toNanos();
    Set<String> names = new HashSet<>();
    List<Worker> all = new ArrayList<>();
    for (AlertSink sink : sinks) {
      if (!names.add(sink.name())) {
        throw new IllegalArgumentException("two sinks are named " + sink.name());
      }
      DeliveryPolicy policy = policies.get(sink.name());
      if (policy == null) {
        throw new IllegalArgumentException("no delivery policy for sink " + sink.name());
      }
      all.add(new Worker(sink, policy, registry));
    }
    this.workers = List.copyOf(all);
    this.finished = new CountDownLatch(workers.size());
  }

  /** Starts one worker per sink. */
  public void start() {
    synchronized (lifecycle) {
      if (started || stopped) {
        throw new IllegalStateException("the dispatcher has already been started");
      }
      startWorkers();
    }
  }

  /** An event was committed: every idle worker looks at the outbox now. */
  public void wake() {
    for (Worker worker : workers) {
      worker.wake();
    }
  }

  /**
   * The sinks' outbox counts as last read by their workers, in the sinks' order; a sink whose
   * worker has not read them yet is left out.
   */
  public List<OutboxStats> stats() {
    List<OutboxStats> stats = new ArrayList<>();
    for (Worker worker : workers) {
      OutboxStats known = worker.stats;
      if (known != null) {
        stats.add(known);
      }
    }
    return List.copyOf(stats);
  }

  /**
   * For shutdown: keeps delivering what is due, retries that fall due before the deadline included,
   * until no sink has anything due before {@code max} has passed, then stops the workers. Starts
   * them first if they were not running.
   *
   * @return whether every sink got there within {@code max} with everything it attempted delivered;
   *     false when a worker was still busy at the deadline or an event attempted during the drain
   *     is still pending or went dead
   */
  public boolean drain(Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    synchronized (lifecycle) {
      if (stopped) {
        return false;
      }
      drainUntil = clock.instant().plus(max);
      if (!started) {
        startWorkers();
      }
    }
    wake();
    try {
      finished.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    close();
    boolean clean = true;
    for (Worker worker : workers) {
      // an ended thread's writes are visible here; a hung one is not clean whatever it wrote
      if (worker.thread.isAlive() || !worker.drainedClean()) {
        LOG.warn("Sink {} left deliveries in the outbox at shutdown", worker.name);
        clean = false;
      }
    }
    return clean;
  }

  /** Stops the workers, giving each a moment to finish its attempt; a hung one is left behind. */
  @Override
  public void close() {
    synchronized (lifecycle) {
      if (stopped) {
        return;
      }
      stopped = true;
      if (!started) {
        return;
      }
    }
    stopping = true;
    wake();
    if (!joinAll(STOP_WAIT)) {
      for (Worker worker : workers) {
        worker.thread.interrupt();
      }
      if (!joinAll(STOP_WAIT)) {
        for (Worker worker : workers) {
          if (worker.thread.isAlive()) {
            LOG.warn(
                "Sink {} did not stop within {} s; its thread is left to end on its own",
                worker.name,
                2 * STOP_WAIT.toSeconds());
          }
        }
      }
    }
  }

  private void startWorkers() {
    started = true;
    for (Worker worker : workers) {
      Thread thread = new Thread(worker, "hedgewatch-sink-" + worker.name);
      thread.setDaemon(true);
      thread.setUncaughtExceptionHandler(
          (t, e) ->
              LOG.error("Delivery worker {} died; sink {} stops", t.getName(), worker.name, e));
      worker.thread = thread;
      thread.start();
    }
  }

  /** Whether every worker's thread ended within {@code wait}. */
  private boolean joinAll(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    try {
      for (Worker worker : workers) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          TimeUnit.NANOSECONDS.timedJoin(worker.thread, left);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return workers.stream().noneMatch(w -> w.thread.isAlive());
  }

  private static String reason(String text) {
    return EventText.shorten(EventText.oneLine(text), MAX_REASON_CHARS);
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return duration.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** One sink's loop; everything but {@link #stats} and the lock's state is its thread's own. */
  private final class Worker implements Runnable {

    final AlertSink sink;
    final String name;
    final DeliveryPolicy policy;
    final Backoff backoff;
    final ReentrantLock lock = new ReentrantLock();
    final Condition changed = lock.newCondition();
    boolean woken; // guarded by lock

    final Counter delivered;
    final Counter retried;
    final Counter dead;
    final Counter outboxErrors;
    final Timer duration;

    volatile OutboxStats stats;
    long statsReadAt;
    Thread thread;

    /** Events attempted during a drain that are still pending; a dead one spoils it for good. */
    final Set<String> failedInDrain = new HashSet<>();

    boolean deadInDrain;
    boolean drained;

    Worker(AlertSink sink, DeliveryPolicy policy, MeterRegistry registry) {
      this.sink = sink;
      this.name = sink.name();
      this.policy = policy;
      this.backoff = new Backoff(policy, random);
      this.delivered = outcomes(registry, "delivered");
      this.retried = outcomes(registry, "retry");
      this.dead = outcomes(registry, "dead");
      this.outboxErrors =
          Counter.builder("hedgewatch.outbox.errors")
              .description("Failed reads and writes of the outbox by a sink's worker")
              .tag("sink", name)
              .register(registry);
      this.duration =
          Timer.builder("hedgewatch.delivery.duration")
              .description("How long one delivery attempt took")
              .tag("sink", name)
              .register(registry);
      gauge(
          registry,
          "hedgewatch.outbox.depth",
          "Deliveries not yet delivered nor dead",
          null,
          OutboxStats::pending);
      gauge(
          registry, "hedgewatch.outbox.dead", "Dead-lettered deliveries", null, OutboxStats::dead);
      Gauge.builder("hedgewatch.delivery.lag", this, Worker::lagSeconds)
          .description("Seconds since the oldest pending event of the sink, 0 when none")
          .baseUnit("seconds")
          .tag("sink", name)
          .strongReference(true)
          .register(registry);
    }

    private Counter outcomes(MeterRegistry registry, String outcome) {
      return Counter.builder("hedgewatch.deliveries")
          .description("Delivery attempts by outcome")
          .tag("sink", name)
          .tag("outcome", outcome)
          .register(registry);
    }

    private void gauge(
        MeterRegistry registry,
        String meter,
        String description,
        String unit,
        ToLongFunction<OutboxStats> value) {
      Gauge.builder(
              meter,
              this,
              w -> {
                OutboxStats known = w.stats;
                return known == null ? Double.NaN : value.applyAsLong(known);
              })
          .description(description)
          .baseUnit(unit)
          .tag("sink", name)
          .strongReference(true)
          .register(registry);
    }

    double lagSeconds() {
      OutboxStats known = stats;
      if (known == null) {
        return Double.NaN;
      }
      return known
          .oldestPendingAt()
          .map(at -> Math.max(0, Duration.between(at, clock.instant()).toMillis() / 1000.0))
          .orElse(0.0);
    }

    void wake() {
      lock.lock();
      try {
        woken = true;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    boolean drainedClean() {
      return drained && failedInDrain.isEmpty() && !deadInDrain;
    }

    @Override
    public void run() {
      try {
        while (!stopping) {
          try {
            if (!cycle()) {
              return;
            }
          } catch (RuntimeException e) {
            outboxFailed(e);
            pause(storePauseNanos);
          }
        }
      } finally {
        finished.countDown();
      }
    }

    /** One look at the outbox; false when a drain is over for this sink. */
    private boolean cycle() {
      Optional<Delivery> due = outbox.nextDue(name, clock.instant());
      if (due.isPresent()) {
        attempt(due.get());
        refreshStats(false);
        return true;
      }
      refreshStats(true);
      Optional<Instant> next = outbox.nextAttemptAt(name);
      Instant until = drainUntil;
      if (until != null && (next.isEmpty() || next.get().isAfter(until))) {
        drained = true;
        return false;
      }
      awaitChange(next);
      return true;
    }

    private void attempt(Delivery delivery) {
      StoredEvent event = delivery.event();
      int attempts = delivery.attempts() + 1;
      long start = System.nanoTime();
      DeliveryOutcome outcome = deliverSafely(event);
      duration.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      Instant now = clock.instant();
      if (outcome instanceof DeliveryOutcome.Delivered) {
        outbox.markDelivered(name, event.id(), now);
        delivered.increment();
        failedInDrain.remove(event.id());
        if (delivery.attempts() > 0) {
          LOG.info(
              "Sink {} delivered event {} after {} failed attempts",
              name,
              event.id(),
              delivery.attempts());
        }
      } else if (outcome instanceof DeliveryOutcome.Rejected rejected) {
        giveUp(event, attempts, now, reason(rejected.reason()), "it was rejected");
      } else {
        DeliveryOutcome.Retry retry = (DeliveryOutcome.Retry) outcome;
        String reason = reason(retry.reason());
        if (attempts >= policy.maxAttempts()) {
          giveUp(event, attempts, now, reason, "the last of " + attempts + " attempts failed");
          return;
        }
        Instant next = now.plus(backoff.delay(attempts, retry.retryAfter()));
        outbox.markRetry(name, event.id(), attempts, next, reason);
        retried.increment();
        if (drainUntil != null) {
          failedInDrain.add(event.id());
        }
        throttled.warn(
            "retry:" + name,
            "Sink {} could not deliver event {} (attempt {} of {}): {}; next attempt at {}",
            name,
            event.id(),
            attempts,
            policy.maxAttempts(),
            reason,
            next);
      }
    }

    private void giveUp(StoredEvent event, int attempts, Instant now, String reason, String why) {
      outbox.markDead(name, event.id(), attempts, now, reason);
      dead.increment();
      failedInDrain.remove(event.id());
      if (drainUntil != null) {
        deadInDrain = true;
      }
      throttled.warn(
          "dead:" + name,
          "Sink {} dead-lettered event {} ({} of {}): {}: {}",
          name,
          event.id(),
          event.type(),
          event.alertId(),
          why,
          reason);
    }

    private DeliveryOutcome deliverSafely(StoredEvent event) {
      try {
        DeliveryOutcome outcome = sink.deliver(event);
        return outcome == null ? DeliveryOutcome.retry("the sink gave no outcome") : outcome;
      } catch (Exception e) {
        String type =
            e.getClass().getSimpleName().isEmpty()
                ? e.getClass().getName()
                : e.getClass().getSimpleName();
        return DeliveryOutcome.retry(type + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      }
    }

    private void refreshStats(boolean force) {
      long now = System.nanoTime();
      if (!force && stats != null && now - statsReadAt < STATS_INTERVAL.toNanos()) {
        return;
      }
      try {
        List<OutboxStats> read = outbox.stats(List.of(name));
        if (!read.isEmpty()) {
          stats = read.get(0);
          statsReadAt = now;
        }
      } catch (RuntimeException e) {
        outboxFailed(e);
      }
    }

    private void outboxFailed(RuntimeException e) {
      outboxErrors.increment();
      throttled.warn(
          "outbox:" + name,
          "The outbox failed for sink {}: {}; trying again in {} ms",
          name,
          e.getMessage() == null ? e.getClass().getName() : reason(e.getMessage()),
          TimeUnit.NANOSECONDS.toMillis(storePauseNanos));
      LOG.debug("Outbox failure for sink {}", name, e);
    }

    /** Until {@code next} (at most the idle poll), a {@link #wake()} or a stop. */
    private void awaitChange(Optional<Instant> next) {
      long nanos = idlePollNanos;
      if (next.isPresent()) {
        long untilDue = saturatedNanos(Duration.between(clock.instant(), next.get()));
        nanos = Math.min(nanos, Math.max(MIN_WAIT_NANOS, untilDue));
      }
      lock.lock();
      try {
        while (!woken && !stopping && nanos > 0) {
          nanos = changed.awaitNanos(nanos);
        }
        woken = false;
      } catch (InterruptedException e) {
        // only close() interrupts, after setting stopping, which the loop checks next
      } finally {
        lock.unlock();
      }
    }

    /**
     * {@code nanos} unless stopped: a wake does not cut it short, so a failing outbox is not
     * hammered.
     */
    private void pause(long nanos) {
      lock.lock();
      try {
        long left = nanos;
        while (!stopping && left > 0) {
          left = changed.awaitNanos(left);
        }
      } catch (InterruptedException e) {
        // as in awaitChange
      } finally {
        lock.unlock();
      }
    }
  }
}
