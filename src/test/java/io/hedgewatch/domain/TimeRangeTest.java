package io.hedgewatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

  private static final Instant T0 = Instant.parse("2026-11-24T00:00:00Z");

  private static Instant h(long hours) {
    return T0.plus(Duration.ofHours(hours));
  }

  private static TimeRange r(long fromHour, long toHour) {
    return new TimeRange(h(fromHour), h(toHour));
  }

  @Test
  void a_range_may_not_end_before_it_starts() {
    assertThatThrownBy(() -> r(2, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("after to");
    assertThat(r(1, 1).contains(h(1))).isTrue();
  }

  @Test
  void an_empty_store_misses_the_whole_window() {
    assertThat(TimeRange.gaps(r(0, 192), List.of())).containsExactly(r(0, 192));
  }

  @Test
  void a_window_covered_up_to_the_last_check_misses_only_the_time_since() {
    // Checked at hour 190 over [-2, 190]: the next check at hour 192 asks only for [190, 192].
    assertThat(TimeRange.gaps(r(0, 192), List.of(r(-2, 190)))).containsExactly(r(190, 192));
  }

  @Test
  void a_wholly_covered_window_has_no_gap() {
    assertThat(TimeRange.gaps(r(0, 192), List.of(r(-10, 192)))).isEmpty();
    assertThat(TimeRange.gaps(r(0, 192), List.of(r(0, 100), r(100, 192)))).isEmpty();
    assertThat(TimeRange.gaps(r(5, 5), List.of(r(0, 10)))).isEmpty();
  }

  @Test
  void gaps_at_the_head_in_the_middle_and_at_the_tail_keep_their_meeting_instants() {
    assertThat(TimeRange.gaps(r(0, 100), List.of(r(10, 20), r(50, 60))))
        .containsExactly(r(0, 10), r(20, 50), r(60, 100));
  }

  @Test
  void ranges_outside_the_window_do_not_count() {
    assertThat(TimeRange.gaps(r(0, 100), List.of(r(-50, -1), r(101, 200))))
        .containsExactly(r(0, 100));
  }

  @Test
  void a_covered_range_ending_where_the_window_starts_still_leaves_the_window_to_ask() {
    assertThat(TimeRange.gaps(r(0, 100), List.of(r(-50, 0)))).containsExactly(r(0, 100));
  }

  @Test
  void covered_ranges_in_any_order_and_overlapping_are_joined_first() {
    assertThat(TimeRange.union(List.of(r(50, 60), r(0, 10), r(5, 20), r(20, 30), r(70, 80))))
        .containsExactly(r(0, 30), r(50, 60), r(70, 80));
    assertThat(TimeRange.gaps(r(0, 100), List.of(r(50, 60), r(5, 20), r(0, 10), r(55, 100))))
        .containsExactly(r(20, 50));
  }

  /**
   * Property: the gaps and the covered ranges together hold every instant of the window, and no gap
   * holds an instant strictly inside a covered range. Membership only changes at the ends of the
   * ranges, so it is checked there, a second either side, and halfway between neighbouring ends.
   */
  @RepeatedTest(200)
  void gaps_and_covered_ranges_hold_the_window_between_them(RepetitionInfo info) {
    long seed = 0x5eedL * info.getCurrentRepetition();
    Random random = new Random(seed);
    long windowFrom = random.nextInt(100);
    TimeRange window = r(windowFrom, windowFrom + random.nextInt(100));
    List<TimeRange> covered = new ArrayList<>();
    for (int i = random.nextInt(6); i > 0; i--) {
      long from = random.nextInt(220) - 10;
      covered.add(r(from, from + random.nextInt(40)));
    }
    List<TimeRange> gaps = TimeRange.gaps(window, covered);
    String why = "seed " + seed + ", window " + window + ", covered " + covered + ", gaps " + gaps;

    TreeSet<Instant> ends = new TreeSet<>();
    for (TimeRange range : concat(List.of(window), covered, gaps)) {
      for (Instant end : List.of(range.from(), range.to())) {
        ends.addAll(List.of(end.minusSeconds(1), end, end.plusSeconds(1)));
      }
    }
    List<Instant> probes = new ArrayList<>(ends);
    for (int i = 1; i < probes.size(); i++) {
      Instant a = probes.get(i - 1);
      ends.add(a.plus(Duration.between(a, probes.get(i)).dividedBy(2)));
    }
    for (Instant at : ends.subSet(window.from(), true, window.to(), true)) {
      boolean inGap = gaps.stream().anyMatch(g -> g.contains(at));
      boolean inCovered = covered.stream().anyMatch(c -> c.contains(at));
      boolean strictlyInside =
          covered.stream().anyMatch(c -> at.isAfter(c.from()) && at.isBefore(c.to()));
      assertThat(inGap || inCovered).as(why + " at " + at).isTrue();
      assertThat(inGap && strictlyInside).as(why + " at " + at).isFalse();
    }
    for (TimeRange g : gaps) {
      assertThat(window.contains(g.from()) && window.contains(g.to())).as(why).isTrue();
    }
  }

  @SafeVarargs
  private static List<TimeRange> concat(List<TimeRange>... lists) {
    List<TimeRange> all = new ArrayList<>();
    for (List<TimeRange> l : lists) {
      all.addAll(l);
    }
    return all;
  }
}
