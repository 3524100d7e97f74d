package io.hedgewatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hedgewatch.config.DeliveryPolicy;
import io.hedgewatch.store.Delivery;
import io.hedgewatch.store.StoredEvent;
import io.hedgewatch.testing.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {

  /** A running clock an hour after the test events, so that every event is due. */
  private static final Clock RUNNING =
      Clock.offset(
          Clock.systemUTC(), Duration.between(Instant.now(), Events.AT.plus(Duration.ofHours(1))));

  /** Fast retries: 1 to 20 ms. */
  private static final DeliveryPolicy FAST =
      new DeliveryPolicy(Duration.ofSeconds(1), 5, Duration.ofMillis(1), Duration.ofMillis(20));

  /** A long idle poll, so that only due times and wake() can move a worker along. */
  private static final Duration IDLE_POLL = Duration.ofSeconds(30);

  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Dispatcher> started = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    started.forEach(Dispatcher::close);
  }

  private Dispatcher dispatcher(DeliveryPolicy policy, Clock clock, AlertSink... sinks) {
    Map<String, DeliveryPolicy> policies =
        Arrays.stream(sinks).collect(Collectors.toMap(AlertSink::name, s -> policy));
    Dispatcher dispatcher =
        new Dispatcher(
            outbox,
            List.of(sinks),
            policies,
            clock,
            new SplittableRandom(42),
            registry,
            IDLE_POLL,
            Duration.ofMillis(20));
    started.add(dispatcher);
    return dispatcher;
  }

  private List<StoredEvent> queue(int count, String... sinks) {
    List<StoredEvent> events = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      StoredEvent event = Events.opened(i);
      outbox.add(event, sinks);
      events.add(event);
    }
    return events;
  }

  private static List<String> ids(List<StoredEvent> events) {
    return events.stream().map(StoredEvent::id).toList();
  }

  private double count(String sink, String outcome) {
    return registry
        .get("hedgewatch.deliveries")
        .tag("sink", sink)
        .tag("outcome", outcome)
        .counter()
        .count();
  }

  private double gauge(String name, String sink) {
    return registry.get(name).tag("sink", sink).gauge().value();
  }

  @Test
  void delivers_every_due_event_once_in_order_on_the_sinks_own_daemon_thread() {
    ScriptedSink sink = new ScriptedSink("ops");
    List<StoredEvent> events = queue(5, "ops");

    dispatcher(FAST, RUNNING, sink).start();

    await().atMost(Duration.ofSeconds(5)).until(() -> sink.delivered().size() == 5);
    assertThat(sink.delivered()).isEqualTo(ids(events));
    assertThat(sink.attempts()).isEqualTo(ids(events));
    assertThat(sink.threads())
        .allSatisfy(
            t -> {
              assertThat(t.getName()).isEqualTo("hedgewatch-sink-ops");
              assertThat(t.isDaemon()).isTrue();
            });
    await().until(() -> count("ops", "delivered") == 5);
    assertThat(outbox.deliveries("ops"))
        .allSatisfy(d -> assertThat(d.state()).isEqualTo(Delivery.State.DELIVERED));
  }

  @Test
  void retries_a_failing_event_and_holds_the_later_ones_so_each_is_delivered_once_in_order() {
    ScriptedSink sink =
        new ScriptedSink("ops")
            .then(DeliveryOutcome.retry("HTTP 500 from bot.example: oops"))
            .then(DeliveryOutcome.retry("HTTP 500 from bot.example: oops"));
    List<StoredEvent> events = queue(3, "ops");

    dispatcher(FAST, RUNNING, sink).start();

    await().atMost(Duration.ofSeconds(5)).until(() -> sink.delivered().size() == 3);
    String first = events.get(0).id();
    assertThat(sink.attempts())
        .containsExactly(first, first, first, events.get(1).id(), events.get(2).id());
    assertThat(sink.delivered()).isEqualTo(ids(events));
    await().until(() -> outbox.marks().size() == 5);
    assertThat(outbox.marks())
        .containsExactly(
            "ops retry " + first + " #1",
            "ops retry " + first + " #2",
            "ops delivered " + first,
            "ops delivered " + events.get(1).id(),
            "ops delivered " + events.get(2).id());
    assertThat(count("ops", "retry")).isEqualTo(2);
    assertThat(count("ops", "delivered")).isEqualTo(3);
  }

  @Test
  void records_the_attempt_the_reason_and_a_next_attempt_within_the_backoff() {
    MovableClock clock = new MovableClock(Events.AT.plusSeconds(3600));
    DeliveryPolicy policy =
        new DeliveryPolicy(Duration.ofSeconds(1), 5, Duration.ofSeconds(10), Duration.ofMinutes(5));
    ScriptedSink sink = new ScriptedSink("ops").otherwise(DeliveryOutcome.retry("HTTP 503 from x"));
    queue(1, "ops");

    dispatcher(policy, clock, sink).start();

    await().until(() -> outbox.deliveries("ops").get(0).attempts() == 1);
    Delivery delivery = outbox.deliveries("ops").get(0);
    assertThat(delivery.state()).isEqualTo(Delivery.State.PENDING);
    assertThat(delivery.lastError()).contains("HTTP 503 from x");
    assertThat(delivery.nextAttemptAt())
        .isBetween(clock.instant(), clock.instant().plusSeconds(10));
  }

  @Test
  void waits_out_the_receivers_retry_after_when_it_is_longer() {
    MovableClock clock = new MovableClock(Events.AT.plusSeconds(3600));
    ScriptedSink sink =
        new ScriptedSink("ops")
            .then(new DeliveryOutcome.Retry("HTTP 429 from x", Optional.of(Duration.ofMinutes(2))));
    queue(1, "ops");
    Dispatcher dispatcher = dispatcher(FAST, clock, sink);

    dispatcher.start();

    await().until(() -> outbox.deliveries("ops").get(0).attempts() == 1);
    assertThat(outbox.deliveries("ops").get(0).nextAttemptAt())
        .isEqualTo(clock.instant().plus(Duration.ofMinutes(2)));
    clock.advance(Duration.ofSeconds(119));
    dispatcher.wake();
    await().during(Duration.ofMillis(200)).until(() -> sink.attempts().size() == 1);
    clock.advance(Duration.ofSeconds(1));
    dispatcher.wake();
    await().atMost(Duration.ofSeconds(5)).until(() -> sink.delivered().size() == 1);
  }

  @Test
  void dead_letters_after_max_attempts_and_moves_on_to_the_next_event() {
    DeliveryPolicy threeTries =
        new DeliveryPolicy(Duration.ofSeconds(1), 3, Duration.ofMillis(1), Duration.ofMillis(5));
    ScriptedSink sink =
        new ScriptedSink("ops")
            .then(DeliveryOutcome.retry("down 1"))
            .then(DeliveryOutcome.retry("down 2"))
            .then(DeliveryOutcome.retry("down 3"));
    List<StoredEvent> events = queue(2, "ops");

    dispatcher(threeTries, RUNNING, sink).start();

    await().atMost(Duration.ofSeconds(5)).until(() -> sink.delivered().size() == 1);
    String first = events.get(0).id();
    assertThat(outbox.marks())
        .containsExactly(
            "ops retry " + first + " #1",
            "ops retry " + first + " #2",
            "ops dead " + first + " #3",
            "ops delivered " + events.get(1).id());
    Delivery dead = outbox.deadLetters(10).get(0);
    assertThat(dead.event().id()).isEqualTo(first);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastError()).contains("down 3");
    assertThat(count("ops", "dead")).isEqualTo(1);
    assertThat(count("ops", "retry")).isEqualTo(2);
  }

  @Test
  void a_rejected_event_is_dead_at_once() {
    ScriptedSink sink =
        new ScriptedSink("ops").then(new DeliveryOutcome.Rejected("HTTP 404 from x: no_service"));
    List<StoredEvent> events = queue(2, "ops");

    dispatcher(FAST, RUNNING, sink).start();

    await().atMost(Duration.ofSeconds(5)).until(() -> outbox.marks().size() == 2);
    assertThat(outbox.marks())
        .containsExactly(
            "ops dead " + events.get(0).id() + " #1", "ops delivered " + events.get(1).id());
    assertThat(outbox.deadLetters(1).get(0).lastError()).contains("HTTP 404 from x: no_service");
  }

  @Test
  void a_sink_that_throws_is_retried_with_the_exceptions_class_and_message() {
    ScriptedSink sink =
        new ScriptedSink("ops")
            .then(
                e -> {
                  throw new IllegalStateException("boom\nsecond line");
                });
    queue(1, "ops");

    dispatcher(FAST, RUNNING, sink).start();

    await().atMost(Duration.ofSeconds(5)).until(() -> sink.delivered().size() == 1);
    assertThat(outbox.marks().get(0)).endsWith(" #1").contains("retry");
    assertThat(sink.attempts()).hasSize(2);
  }

  @Test
  void the_reason_of_a_thrown_exception_is_its_class_and_message_on_one_line() {
    MovableClock clock = new MovableClock(Events.AT.plusSeconds(3600));
    ScriptedSink sink =
        new ScriptedSink("ops")
            .otherwise(
                (Function<StoredEvent, DeliveryOutcome>)
                    e -> {
                      throw new IllegalStateException("boom\nsecond line");
                    });
    queue(1, "ops");

    dispatcher(FAST, clock, sink).start();

    await().until(() -> outbox.deliveries("ops").get(0).attempts() == 1);
    assertThat(outbox.deliveries("ops").get(0).lastError())
        .contains("IllegalStateException: boom second line");
  }

  @Test
  void a_hanging_sink_never_delays_another() {
    ScriptedSink hanging = new ScriptedSink("stuck").otherwise(ScriptedSink.hangUntil(release));
    ScriptedSink prompt = new ScriptedSink("ops");
    List<StoredEvent> events = queue(3, "stuck", "ops");

    dispatcher(FAST, RUNNING, hanging, prompt).start();

    await().atMost(Duration.ofSeconds(2)).until(() -> prompt.delivered().size() == 3);
    assertThat(prompt.delivered()).isEqualTo(ids(events));
    assertThat(hanging.attempts()).containsExactly(events.get(0).id());
    assertThat(hanging.delivered()).isEmpty();
  }

  @Test
  void a_failing_outbox_is_logged_counted_and_tried_again_without_losing_the_worker() {
    ScriptedSink sink = new ScriptedSink("ops");
    List<StoredEvent> events = queue(2, "ops");
    outbox.failNext(6);

    dispatcher(FAST, RUNNING, sink).start();

    await().atMost(Duration.ofSeconds(5)).until(() -> sink.delivered().size() == 2);
    assertThat(sink.delivered()).isEqualTo(ids(events));
    assertThat(registry.get("hedgewatch.outbox.errors").tag("sink", "ops").counter().count())
        .isEqualTo(6);
  }

  @Test
  void wake_delivers_a_new_event_without_waiting_for_the_idle_poll() {
    ScriptedSink sink = new ScriptedSink("ops");
    Dispatcher dispatcher = dispatcher(FAST, RUNNING, sink);
    dispatcher.start();
    await().until(() -> !Double.isNaN(gauge("hedgewatch.outbox.depth", "ops")));

    StoredEvent event = Events.opened(1);
    outbox.add(event, "ops");
    dispatcher.wake();

    await().atMost(Duration.ofSeconds(2)).until(() -> sink.delivered().equals(List.of(event.id())));
  }

  @Test
  void waits_for_the_next_due_time_instead_of_polling() {
    CountingOutbox counting = new CountingOutbox(outbox);
    DeliveryPolicy slow =
        new DeliveryPolicy(
            Duration.ofSeconds(1), 5, Duration.ofMillis(400), Duration.ofMillis(400));
    ScriptedSink sink =
        new ScriptedSink("ops")
            .then(new DeliveryOutcome.Retry("x", Optional.of(Duration.ofMillis(400))));
    queue(1, "ops");
    Dispatcher dispatcher =
        new Dispatcher(
            counting,
            List.of(sink),
            Map.of("ops", slow),
            RUNNING,
            new SplittableRandom(1),
            registry,
            IDLE_POLL,
            Duration.ofMillis(20));
    started.add(dispatcher);

    dispatcher.start();

    await().atMost(Duration.ofSeconds(3)).until(() -> sink.delivered().size() == 1);
    // the first look, one after the wait for the retry (maybe one early by the timer's grain), the
    // delivery, and the look that finds nothing more
    assertThat(counting.nextDueCalls.get()).isBetween(3, 6);
  }

  @Test
  void publishes_depth_dead_and_lag_per_sink_from_the_cached_counts() {
    MovableClock clock = new MovableClock(Events.AT.plusSeconds(100));
    ScriptedSink sink =
        new ScriptedSink("ops")
            .then(new DeliveryOutcome.Rejected("HTTP 410 from x"))
            .otherwise(DeliveryOutcome.retry("HTTP 503 from x"));
    queue(3, "ops");
    DeliveryPolicy patient =
        new DeliveryPolicy(Duration.ofSeconds(1), 5, Duration.ofMinutes(1), Duration.ofMinutes(1));

    dispatcher(patient, clock, sink).start();

    await()
        .until(
            () ->
                gauge("hedgewatch.outbox.dead", "ops") == 1.0
                    && gauge("hedgewatch.outbox.depth", "ops") == 2.0);
    // the oldest pending event is the second, at AT + 2 s
    assertThat(gauge("hedgewatch.delivery.lag", "ops")).isEqualTo(98.0);
    clock.advance(Duration.ofSeconds(10));
    assertThat(gauge("hedgewatch.delivery.lag", "ops")).isEqualTo(108.0);
    assertThat(registry.get("hedgewatch.delivery.duration").tag("sink", "ops").timer().count())
        .isEqualTo(2);
  }

  @Test
  void gauges_are_unknown_before_the_first_read_and_the_scrape_reads_no_database() {
    CountingOutbox counting = new CountingOutbox(outbox);
    new Dispatcher(
        counting,
        List.of(new ScriptedSink("ops")),
        Map.of("ops", FAST),
        RUNNING,
        new SplittableRandom(1),
        registry);

    assertThat(gauge("hedgewatch.outbox.depth", "ops")).isNaN();
    assertThat(gauge("hedgewatch.delivery.lag", "ops")).isNaN();
    assertThat(counting.calls.get()).isZero();
  }

  @Test
  void drain_delivers_everything_due_then_stops_the_workers() {
    ScriptedSink sink = new ScriptedSink("ops").then(DeliveryOutcome.retry("blip"));
    ScriptedSink other = new ScriptedSink("file");
    List<StoredEvent> events = queue(4, "ops", "file");
    Dispatcher dispatcher = dispatcher(FAST, RUNNING, sink, other);

    boolean drained = dispatcher.drain(Duration.ofSeconds(5));

    assertThat(drained).isTrue();
    assertThat(sink.delivered()).isEqualTo(ids(events));
    assertThat(other.delivered()).isEqualTo(ids(events));
    assertThat(sink.threads().get(0).isAlive()).isFalse();
    assertThat(other.threads().get(0).isAlive()).isFalse();
  }

  @Test
  void drain_gives_up_at_its_deadline_when_a_sink_hangs() {
    ScriptedSink hanging = new ScriptedSink("stuck").otherwise(ScriptedSink.hangUntil(release));
    ScriptedSink prompt = new ScriptedSink("ops");
    List<StoredEvent> events = queue(2, "stuck", "ops");
    Dispatcher dispatcher = dispatcher(FAST, RUNNING, hanging, prompt);
    dispatcher.start();

    long start = System.nanoTime();
    boolean drained = dispatcher.drain(Duration.ofMillis(300));

    assertThat(drained).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(prompt.delivered()).isEqualTo(ids(events));
    assertThat(outbox.deliveries("stuck").get(0).state()).isEqualTo(Delivery.State.PENDING);
  }

  @Test
  void drain_does_not_wait_for_a_retry_due_after_its_deadline_and_says_so() {
    DeliveryPolicy minute =
        new DeliveryPolicy(Duration.ofSeconds(1), 5, Duration.ofMinutes(1), Duration.ofMinutes(1));
    ScriptedSink sink =
        new ScriptedSink("ops")
            .then(new DeliveryOutcome.Retry("HTTP 503", Optional.of(Duration.ofMinutes(1))));
    queue(1, "ops");
    Dispatcher dispatcher = dispatcher(minute, RUNNING, sink);

    long start = System.nanoTime();
    boolean drained = dispatcher.drain(Duration.ofSeconds(10));

    assertThat(drained).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(outbox.deliveries("ops").get(0).state()).isEqualTo(Delivery.State.PENDING);
  }

  @Test
  void drain_with_nothing_to_deliver_is_immediate_and_clean() {
    Dispatcher dispatcher = dispatcher(FAST, RUNNING, new ScriptedSink("ops"));
    dispatcher.start();

    long start = System.nanoTime();
    assertThat(dispatcher.drain(Duration.ofSeconds(10))).isTrue();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void refuses_sinks_without_a_policy_or_with_the_same_name() {
    assertThatThrownBy(
            () ->
                new Dispatcher(
                    outbox,
                    List.of(new ScriptedSink("ops")),
                    Map.of(),
                    RUNNING,
                    new SplittableRandom(1),
                    registry))
        .hasMessage("no delivery policy for sink ops");
    assertThatThrownBy(
            () ->
                new Dispatcher(
                    outbox,
                    List.of(new ScriptedSink("ops"), new ScriptedSink("ops")),
                    Map.of("ops", FAST),
                    RUNNING,
                    new SplittableRandom(1),
                    registry))
        .hasMessage("two sinks are named ops");
  }

  /** Counts the calls to an outbox. */
  private static final class CountingOutbox implements io.hedgewatch.store.Outbox {
    final io.hedgewatch.store.Outbox inner;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger nextDueCalls = new AtomicInteger();

    CountingOutbox(io.hedgewatch.store.Outbox inner) {
      this.inner = inner;
    }

    @Override
    public Optional<Delivery> nextDue(String sink, Instant now) {
      calls.incrementAndGet();
      nextDueCalls.incrementAndGet();
      return inner.nextDue(sink, now);
    }

    @Override
    public Optional<Instant> nextAttemptAt(String sink) {
      calls.incrementAndGet();
      return inner.nextAttemptAt(sink);
    }

    @Override
    public void markDelivered(String sink, String eventId, Instant at) {
      calls.incrementAndGet();
      inner.markDelivered(sink, eventId, at);
    }

    @Override
    public void markRetry(String sink, String eventId, int attempts, Instant next, String error) {
      calls.incrementAndGet();
      inner.markRetry(sink, eventId, attempts, next, error);
    }

    @Override
    public void markDead(String sink, String eventId, int attempts, Instant at, String error) {
      calls.incrementAndGet();
      inner.markDead(sink, eventId, attempts, at, error);
    }

    @Override
    public List<io.hedgewatch.store.OutboxStats> stats(List<String> sinks) {
      calls.incrementAndGet();
      return inner.stats(sinks);
    }

    @Override
    public List<Delivery> deadLetters(int limit) {
      calls.incrementAndGet();
      return inner.deadLetters(limit);
    }
  }
}
