package io.hedgewatch.devnet.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The demo's pacer follows its clock, compressed by the speed. */
class ClockPacerTest {

  private static final class MovableClock extends Clock {
    final AtomicReference<Instant> now =
        new AtomicReference<>(Instant.parse("2026-11-25T00:00:00Z"));

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    void advance(Duration d) {
      now.updateAndGet(i -> i.plus(d));
    }
  }

  @Test
  void at_speed_10_a_scenario_offset_of_30s_is_reached_after_3s_of_the_clock() {
    MovableClock clock = new MovableClock();
    ScenarioRunner.Pacer pacer = ScenarioRunner.clockPacer(clock, 10);
    CompletableFuture<Void> reached =
        CompletableFuture.runAsync(
            () -> {
              try {
                pacer.awaitOffset(Duration.ofSeconds(30));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    clock.advance(Duration.ofMillis(2_900));
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> !reached.isDone());
    clock.advance(Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(2)).until(reached::isDone);
    assertThat(reached).isCompleted();
  }

  @Test
  void an_offset_already_past_returns_at_once() throws InterruptedException {
    MovableClock clock = new MovableClock();
    ScenarioRunner.Pacer pacer = ScenarioRunner.clockPacer(clock, 2);
    clock.advance(Duration.ofMinutes(1));
    long start = System.nanoTime();
    pacer.awaitOffset(Duration.ofSeconds(90));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
  }

  @Test
  void a_speed_that_is_not_positive_is_refused() {
    assertThatThrownBy(() -> ScenarioRunner.clockPacer(Clock.systemUTC(), 0))
        .hasMessage("speed must be a positive number, was 0.0");
    assertThatThrownBy(() -> ScenarioRunner.clockPacer(Clock.systemUTC(), Double.NaN))
        .hasMessage("speed must be a positive number, was NaN");
  }
}
