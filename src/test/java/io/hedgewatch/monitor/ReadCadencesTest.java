package io.hedgewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.hedgewatch.monitor.ReadCadences.Kind;
import io.hedgewatch.testing.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ReadCadencesTest {

  private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");

  private final MovableClock clock = new MovableClock(START);
  private final ReadCadences cadences = ReadCadences.defaults(clock);
  private final AtomicInteger reads = new AtomicInteger();

  /** A source whose every read is counted and answers the next value of {@code answers}. */
  private Supplier<String> source(String... answers) {
    return () -> answers[Math.min(reads.getAndIncrement(), answers.length - 1)];
  }

  private static boolean failed(String value) {
    return value.startsWith("failed");
  }

  private String read(Kind kind, Object key, Supplier<String> source) {
    return cadences.read(kind, key, source, ReadCadencesTest::failed);
  }

  @Test
  void a_value_is_served_while_younger_than_its_kinds_ttl_and_read_again_at_it() {
    Supplier<String> source = source("3000", "3001");

    assertThat(read(Kind.SPOT_QUOTES, "binance ETHUSDT", source)).isEqualTo("3000");
    clock.advance(Duration.ofSeconds(9));
    assertThat(read(Kind.SPOT_QUOTES, "binance ETHUSDT", source)).isEqualTo("3000");
    assertThat(reads).hasValue(1);

    clock.advance(Duration.ofSeconds(1)); // exactly 10 s old: expired
    assertThat(read(Kind.SPOT_QUOTES, "binance ETHUSDT", source)).isEqualTo("3001");
    assertThat(reads).hasValue(2);
    assertThat(cadences.stats(Kind.SPOT_QUOTES)).isEqualTo(new ReadCadences.Stats(3, 1));
    assertThat(cadences.stats(Kind.SPOT_QUOTES).read()).isEqualTo(2);
  }

  @Test
  void each_kind_keeps_its_own_default_ttl() {
    assertThat(cadences.ttl(Kind.SPOT_QUOTES)).isEqualTo(Duration.ofSeconds(10));
    assertThat(cadences.ttl(Kind.CEX_FUNDING)).isEqualTo(Duration.ofSeconds(60));
    assertThat(cadences.ttl(Kind.VENUE_SNAPSHOTS)).isEqualTo(Duration.ofSeconds(10));
    assertThat(cadences.ttl(Kind.CANDLES)).isEqualTo(Duration.ofMinutes(15));
    assertThat(cadences.ttl(Kind.FUNDING_HISTORY)).isEqualTo(Duration.ofMinutes(15));

    Supplier<String> source = source("a", "b", "c");
    read(Kind.CANDLES, "ETH/USD", source);
    clock.advance(Duration.ofMinutes(14));
    assertThat(read(Kind.CANDLES, "ETH/USD", source)).isEqualTo("a");
    clock.advance(Duration.ofMinutes(1));
    assertThat(read(Kind.CANDLES, "ETH/USD", source)).isEqualTo("b");
  }

  @Test
  void keys_and_kinds_are_kept_apart() {
    read(Kind.SPOT_QUOTES, "binance ETHUSDT", source("x"));
    read(Kind.SPOT_QUOTES, "kraken ETHUSD", source("x"));
    read(Kind.CEX_FUNDING, "binance ETHUSDT", source("x"));
    assertThat(reads).hasValue(3);
  }

  @Test
  void a_failure_is_served_as_the_failure_only_for_the_failure_ttl_then_asked_again() {
    Supplier<String> source = source("failed: 503", "3000");

    assertThat(read(Kind.CEX_FUNDING, "okx ETH", source)).isEqualTo("failed: 503");
    clock.advance(Duration.ofSeconds(4));
    assertThat(read(Kind.CEX_FUNDING, "okx ETH", source)).isEqualTo("failed: 503");
    assertThat(reads).hasValue(1);

    clock.advance(Duration.ofSeconds(1)); // 5 s: the venue is asked again, and has recovered
    assertThat(read(Kind.CEX_FUNDING, "okx ETH", source)).isEqualTo("3000");
    clock.advance(Duration.ofSeconds(59));
    assertThat(read(Kind.CEX_FUNDING, "okx ETH", source)).isEqualTo("3000");
    assertThat(reads).hasValue(2);
  }

  @Test
  void a_failed_refresh_is_served_as_a_failure_never_as_the_last_success() {
    Supplier<String> source = source("3000", "failed: timeout", "3002");

    read(Kind.SPOT_QUOTES, "coinbase ETH-USD", source);
    clock.advance(Duration.ofSeconds(10));
    assertThat(read(Kind.SPOT_QUOTES, "coinbase ETH-USD", source)).isEqualTo("failed: timeout");
    clock.advance(Duration.ofSeconds(1));
    assertThat(read(Kind.SPOT_QUOTES, "coinbase ETH-USD", source)).isEqualTo("failed: timeout");
    clock.advance(Duration.ofSeconds(4));
    assertThat(read(Kind.SPOT_QUOTES, "coinbase ETH-USD", source)).isEqualTo("3002");
  }

  @Test
  void the_failure_ttl_is_capped_by_the_kinds_own() {
    ReadCadences short_ =
        ReadCadences.custom(
            clock, Map.of(Kind.SPOT_QUOTES, Duration.ofSeconds(2)), Duration.ofSeconds(5));
    assertThat(short_.failureTtl(Kind.SPOT_QUOTES)).isEqualTo(Duration.ofSeconds(2));
    assertThat(short_.failureTtl(Kind.CANDLES)).isEqualTo(Duration.ofSeconds(5));
    assertThat(short_.ttl(Kind.CANDLES)).isEqualTo(ReadCadences.DEFAULT_CANDLES);
  }

  @Test
  void a_read_that_throws_is_not_kept_and_an_expired_value_is_not_served_after_it() {
    read(Kind.SPOT_QUOTES, "k", source("3000"));
    clock.advance(Duration.ofSeconds(10));
    assertThatThrownBy(
            () ->
                read(
                    Kind.SPOT_QUOTES,
                    "k",
                    () -> {
                      throw new IllegalStateException("bug");
                    }))
        .hasMessage("bug");
    assertThat(read(Kind.SPOT_QUOTES, "k", () -> "3005")).isEqualTo("3005");
  }

  @Test
  void two_cycles_asking_at_once_read_once() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Supplier<String> slow =
        () -> {
          reads.incrementAndGet();
          started.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return "3000";
        };
    List<AtomicReference<String>> answers =
        List.of(new AtomicReference<>(), new AtomicReference<>());
    Thread first = new Thread(() -> answers.get(0).set(read(Kind.SPOT_QUOTES, "k", slow)));
    Thread second = new Thread(() -> answers.get(1).set(read(Kind.SPOT_QUOTES, "k", slow)));
    first.start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    second.start();
    // The second waits for the first's answer rather than asking itself.
    await().atMost(Duration.ofSeconds(10)).until(() -> second.getState() == Thread.State.WAITING);
    release.countDown();
    first.join(10_000);
    second.join(10_000);

    assertThat(reads).hasValue(1);
    assertThat(answers).extracting(AtomicReference::get).containsExactly("3000", "3000");
  }

  @Test
  void different_keys_are_read_concurrently() throws Exception {
    CountDownLatch bothStarted = new CountDownLatch(2);
    Supplier<String> meeting =
        () -> {
          bothStarted.countDown();
          try {
            // Each read waits for the other to start: it can only end if they run side by side.
            return bothStarted.await(10, TimeUnit.SECONDS) ? "met" : "alone";
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
          }
        };
    AtomicReference<String> a = new AtomicReference<>();
    Thread other = new Thread(() -> a.set(read(Kind.SPOT_QUOTES, "a", meeting)));
    other.start();
    String b = read(Kind.SPOT_QUOTES, "b", meeting);
    other.join(10_000);
    assertThat(List.of(a.get(), b)).containsExactly("met", "met");
  }

  @Test
  void none_asks_every_time_and_makes_a_client_per_lease_that_the_lease_releases() {
    ReadCadences none = ReadCadences.none();
    Supplier<String> source = source("a", "b", "c");
    assertThat(none.read(Kind.SPOT_QUOTES, "k", source, ReadCadencesTest::failed)).isEqualTo("a");
    assertThat(none.read(Kind.SPOT_QUOTES, "k", source, ReadCadencesTest::failed)).isEqualTo("b");
    assertThat(none.caches()).isFalse();
    assertThat(none.ttl(Kind.CANDLES)).isZero();

    List<String> released = new ArrayList<>();
    AtomicInteger made = new AtomicInteger();
    try (ReadCadences.Lease<String> one =
            none.client("http", () -> "client" + made.incrementAndGet(), released::add);
        ReadCadences.Lease<String> two =
            none.client("http", () -> "client" + made.incrementAndGet(), released::add)) {
      assertThat(one.get()).isNotEqualTo(two.get());
    }
    assertThat(released).containsExactlyInAnyOrder("client1", "client2");
    none.close();
    assertThat(none.read(Kind.SPOT_QUOTES, "k", source, ReadCadencesTest::failed)).isEqualTo("c");
  }

  @Test
  void kept_clients_live_until_the_cadences_close_and_are_released_last_made_first() {
    List<String> released = new ArrayList<>();
    AtomicInteger made = new AtomicInteger();
    String first;
    try (ReadCadences.Lease<String> lease =
        cadences.client(
            "http",
            () -> {
              // a client whose maker needs another client
              cadences.client("pool", () -> "pool", released::add).close();
              return "http" + made.incrementAndGet();
            },
            released::add)) {
      first = lease.get();
    }
    try (ReadCadences.Lease<String> again =
        cadences.client("http", () -> "http" + made.incrementAndGet(), released::add)) {
      assertThat(again.get()).isEqualTo(first);
    }
    assertThat(released).isEmpty();

    cadences.close();
    assertThat(released).containsExactly("http1", "pool");
    assertThatThrownBy(() -> read(Kind.SPOT_QUOTES, "k", source("x")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    cadences.close(); // twice is harmless
  }

  @Test
  void a_ttl_that_is_not_positive_is_refused_naming_the_kind() {
    assertThatThrownBy(
            () ->
                ReadCadences.custom(
                    clock, Map.of(Kind.CANDLES, Duration.ZERO), Duration.ofSeconds(5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time-to-live of CANDLES must be positive, was PT0S");
    assertThatThrownBy(() -> ReadCadences.custom(clock, Map.of(), Duration.ofSeconds(-1)))
        .hasMessage("time-to-live of a failed read must be positive, was PT-1S");
  }
}
