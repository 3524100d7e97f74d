package io.hedgewatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.config.DeliveryPolicy;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BackoffTest {

  static LongStream seeds() {
    long base = new Random().nextLong();
    return LongStream.range(0, 200).map(i -> base + i);
  }

  /**
   * For random policies and attempt counts, every delay lies in {@code [0, min(max, initial x
   * 2^(n-1))]}, the bound computed here with exact integers.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void every_delay_lies_between_zero_and_the_capped_exponential(long seed) {
    SplittableRandom gen = new SplittableRandom(seed);
    Duration initial = Duration.ofNanos(gen.nextLong(1, Duration.ofSeconds(30).toNanos()));
    Duration max = initial.plusNanos(gen.nextLong(0, Duration.ofHours(1).toNanos()));
    DeliveryPolicy policy = new DeliveryPolicy(Duration.ofSeconds(1), 10, initial, max);
    Backoff backoff = new Backoff(policy, new SplittableRandom(gen.nextLong()));

    for (int i = 0; i < 50; i++) {
      int failed = gen.nextInt(1, 200);
      BigInteger exponential = BigInteger.valueOf(initial.toNanos()).shiftLeft(failed - 1);
      long bound = exponential.min(BigInteger.valueOf(max.toNanos())).longValueExact();

      Duration delay = backoff.delay(failed);

      assertThat(delay.toNanos())
          .as("seed %d, initial %s, max %s, failed attempts %d", seed, initial, max, failed)
          .isBetween(0L, bound);
      assertThat(backoff.ceiling(failed).toNanos()).as("seed %d", seed).isEqualTo(bound);
    }
  }

  @Test
  void the_ceiling_doubles_from_the_initial_backoff_until_the_maximum() {
    Backoff backoff = new Backoff(DeliveryPolicy.ofDefaults(), new SplittableRandom(1));

    assertThat(
            LongStream.rangeClosed(1, 11)
                .mapToObj(n -> backoff.ceiling((int) n).toSeconds())
                .toList())
        .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L, 256L, 300L, 300L);
    assertThat(backoff.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void the_jitter_spreads_over_the_whole_range() {
    DeliveryPolicy policy =
        new DeliveryPolicy(Duration.ofSeconds(1), 5, Duration.ofSeconds(1), Duration.ofSeconds(1));
    Backoff backoff = new Backoff(policy, new SplittableRandom(7));

    long[] millis =
        LongStream.range(0, 2000).map(i -> backoff.delay(1).toMillis()).sorted().toArray();

    assertThat(millis[0]).isLessThan(50);
    assertThat(millis[millis.length - 1]).isGreaterThan(950);
    assertThat(millis[millis.length / 2]).isBetween(400L, 600L);
  }

  @Test
  void a_longer_retry_after_wins_a_shorter_one_does_not_and_a_huge_one_is_capped() {
    DeliveryPolicy policy =
        new DeliveryPolicy(
            Duration.ofSeconds(1), 5, Duration.ofMillis(100), Duration.ofMillis(100));
    Backoff backoff = new Backoff(policy, new SplittableRandom(3));

    assertThat(backoff.delay(1, Optional.of(Duration.ofSeconds(30))))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.delay(1, Optional.of(Duration.ZERO)))
        .isLessThanOrEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(1, Optional.of(Duration.ofDays(365))))
        .isEqualTo(Backoff.MAX_RETRY_AFTER);
  }
}
