package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoundBoundaryTest {

  /** A fake phase: times[r - 1] is round r's updatedAt; -1 marks a round without a time. */
  private record Outcome(long boundary, int steps, int probes) {}

  private static Outcome search(long[] times, long target, int budget) {
    RoundBoundary search = new RoundBoundary(target, times.length);
    int steps = 0;
    int probes = 0;
    while (!search.done()) {
      List<Long> next = search.next(budget);
      assertThat(next).isNotEmpty().hasSizeLessThanOrEqualTo(budget).isSorted();
      steps++;
      probes += next.size();
      for (long r : next) {
        long t = times[(int) r - 1];
        search.learn(r, t < 0 ? OptionalLong.empty() : OptionalLong.of(t));
      }
      assertThat(steps).as("search must terminate").isLessThan(10_000);
    }
    return new Outcome(search.boundary(), steps, probes);
  }

  /** The answer by a linear scan: the first answered round at or after target. */
  private static long expected(long[] times, long target) {
    for (int i = 0; i < times.length; i++) {
      if (times[i] >= 0 && times[i] >= target) {
        return i + 1;
      }
    }
    return times.length + 1;
  }

  private static long[] evenlySpaced(int n, long start, long step) {
    long[] times = new long[n];
    for (int i = 0; i < n; i++) {
      times[i] = start + i * step;
    }
    return times;
  }

  @Test
  void one_probe_a_step_is_a_binary_search_over_3000_rounds() {
    long[] times = evenlySpaced(3000, 1_000, 60);
    Outcome o = search(times, 1_000 + 1234 * 60, 1);
    assertThat(o.boundary()).isEqualTo(1235);
    assertThat(o.steps()).isLessThanOrEqualTo(13); // ceil(log2(3001))
  }

  @Test
  void a_batch_of_probes_a_step_needs_few_steps() {
    long[] times = evenlySpaced(10_000, 1_000, 60);
    Outcome o = search(times, 1_000 + 7777 * 60 - 30, 250);
    assertThat(o.boundary()).isEqualTo(7778);
    assertThat(o.steps()).isLessThanOrEqualTo(3);
  }

  @Test
  void a_target_before_every_round_is_round_one_and_after_every_round_is_latest_plus_one() {
    long[] times = evenlySpaced(100, 1_000, 60);
    assertThat(search(times, 0, 3).boundary()).isEqualTo(1);
    assertThat(search(times, 1_000_000, 3).boundary()).isEqualTo(101);
    assertThat(search(new long[0], 5, 3).boundary()).isEqualTo(1);
  }

  @Test
  void equal_times_put_the_boundary_on_the_first_round_with_that_time() {
    long[] times = {10, 20, 20, 20, 30};
    assertThat(search(times, 20, 1).boundary()).isEqualTo(2);
    assertThat(search(times, 21, 1).boundary()).isEqualTo(5);
  }

  @Test
  void timeless_rounds_fall_with_the_answered_round_before_them() {
    // rounds 3 and 4 have no time: they follow round 2 (t = 20), so they are before t = 25
    long[] times = {10, 20, -1, -1, 30, 40};
    assertThat(search(times, 25, 1).boundary()).isEqualTo(5);
    assertThat(search(times, 20, 1).boundary()).isEqualTo(2);
    long[] allTimeless = {-1, -1, -1};
    assertThat(search(allTimeless, 25, 1).boundary()).isEqualTo(4);
  }

  @Test
  void random_phases_with_gaps_and_timeless_rounds_match_a_linear_scan() {
    Random random = new Random(8);
    for (int trial = 0; trial < 500; trial++) {
      int n = random.nextInt(400);
      long[] times = new long[n];
      long t = 1_000;
      for (int i = 0; i < n; i++) {
        t += random.nextInt(3) == 0 ? 0 : random.nextInt(200);
        times[i] = random.nextInt(10) == 0 ? -1 : t;
      }
      long target = 900 + random.nextInt((int) (t - 800));
      int budget = 1 + random.nextInt(40);
      Outcome o = search(times, target, budget);
      assertThat(o.boundary())
          .as("trial %d: n=%d target=%d budget=%d", trial, n, target, budget)
          .isEqualTo(expected(times, target));
    }
  }

  @Test
  void probes_never_repeat_a_round() {
    long[] times = evenlySpaced(2000, 0, 10);
    for (int i = 0; i < 2000; i += 7) {
      times[i] = -1;
    }
    RoundBoundary search = new RoundBoundary(12_345, times.length);
    List<Long> seen = new ArrayList<>();
    while (!search.done()) {
      for (long r : search.next(16)) {
        assertThat(seen).doesNotContain(r);
        seen.add(r);
        long time = times[(int) r - 1];
        search.learn(r, time < 0 ? OptionalLong.empty() : OptionalLong.of(time));
      }
    }
    assertThat(search.boundary()).isEqualTo(expected(times, 12_345));
  }
}
