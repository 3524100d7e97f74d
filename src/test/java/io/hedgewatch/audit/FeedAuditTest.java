package io.hedgewatch.audit;

import static io.hedgewatch.audit.AuditData.at;
import static io.hedgewatch.audit.AuditData.candle;
import static io.hedgewatch.audit.AuditData.incomplete;
import static io.hedgewatch.audit.AuditData.raw;
import static io.hedgewatch.audit.AuditData.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.audit.FeedAuditFindings.Bound;
import io.hedgewatch.audit.FeedAuditFindings.BoundHit;
import io.hedgewatch.audit.FeedAuditFindings.BoundPosition;
import io.hedgewatch.audit.FeedAuditFindings.DeviationMiss;
import io.hedgewatch.audit.FeedAuditFindings.DriftEpisode;
import io.hedgewatch.audit.FeedAuditFindings.Gap;
import io.hedgewatch.audit.FeedAuditFindings.Reason;
import io.hedgewatch.audit.FeedAuditFindings.ReasonKind;
import io.hedgewatch.audit.FeedAuditFindings.Trust;
import io.hedgewatch.domain.AnswerBounds;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.domain.TimeRange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FeedAuditTest {

  private static final FeedAuditParams HOURLY =
      FeedAuditParams.defaults(Duration.ofHours(1), new BigDecimal("0.005"));

  private static BigDecimal bps(String value) {
    return new BigDecimal(value);
  }

  /** Reference at {@code price} for every minute of [first, last]. */
  private static List<ReferencePoint> flat(int first, int last, String price) {
    List<ReferencePoint> candles = new ArrayList<>();
    for (int m = first; m <= last; m++) {
      candles.add(candle(m, price));
    }
    return candles;
  }

  @Test
  void measures_gaps_from_the_answer_in_force_at_from_to_the_end_of_the_period() {
    FeedAuditParams params =
        FeedAuditParams.defaults(Duration.ofMinutes(10), new BigDecimal("0.005"));
    List<FeedUpdate> updates =
        List.of(
            update(-5, "100"),
            update(5, "100"),
            update(12, "100"),
            update(30, "100"),
            update(35, "100"));

    FeedAuditFindings f = FeedAudit.audit(at(0), at(60), updates, flat(0, 59, "100"), params);

    // -5→5 is exactly the heartbeat (not over), 12→30 is 18 min, 35→60 is 25 min.
    assertThat(f.heartbeat().gaps())
        .extracting(Gap::length)
        .containsExactly(
            Duration.ofMinutes(10),
            Duration.ofMinutes(7),
            Duration.ofMinutes(18),
            Duration.ofMinutes(5),
            Duration.ofMinutes(25));
    assertThat(f.heartbeat().gaps().get(0).startsAtUpdate()).isTrue();
    assertThat(f.heartbeat().gaps().get(4).endsAtUpdate()).isFalse();
    assertThat(f.heartbeat().overHeartbeat()).isEqualTo(2);
    assertThat(f.heartbeat().overHeartbeatShare()).isEqualTo(2.0 / 5);
    assertThat(f.heartbeat().timeInGapsOverHeartbeat()).isEqualTo(Duration.ofMinutes(43));
    assertThat(f.heartbeat().timeInGapsOverHeartbeatShare()).isCloseTo(43.0 / 60, within(1e-12));
    // Stale from 12+10 to 30 and from 35+10 to 60.
    assertThat(f.heartbeat().staleTime()).isEqualTo(Duration.ofMinutes(8 + 15));
    assertThat(f.heartbeat().staleWindows())
        .containsExactly(new TimeRange(at(22), at(30)), new TimeRange(at(45), at(60)));
    // Two heartbeats (oracle.stale's default) after 35 is 55.
    assertThat(f.heartbeat().criticalStaleWindows()).containsExactly(new TimeRange(at(55), at(60)));
    assertThat(f.heartbeat().largest()).extracting(Gap::start).startsWith(at(35), at(12), at(-5));
    assertThat(f.heartbeat().maxGap().length()).isEqualTo(Duration.ofMinutes(25));
    assertThat(f.updates().total()).isEqualTo(4);
    assertThat(f.updates().inForceAtFrom()).contains(updates.get(0));
    assertThat(f.updates().first()).contains(updates.get(1));
    assertThat(f.updates().last()).contains(updates.get(4));

    assertThat(f.verdict().trust()).isEqualTo(Trust.UNTRUSTWORTHY);
    assertThat(f.verdict().untrusted()).containsExactly(new TimeRange(at(55), at(60)));
    assertThat(f.verdict().degraded())
        .containsExactly(new TimeRange(at(22), at(30)), new TimeRange(at(45), at(60)));
  }

  @Test
  void flags_a_move_beyond_the_deviation_threshold_without_a_round_within_the_tolerance() {
    // 50 bps threshold, 2 min tolerance, answer 100 throughout.
    List<FeedUpdate> updates = List.of(update(-1, "100"), update(11, "100"), update(25, "100"));
    List<ReferencePoint> reference = new ArrayList<>(flat(0, 29, "100"));
    reference.set(9, candle(9, "100.60")); // closes at 10: 60 bps, round at 11 is on time
    for (int m = 19; m <= 29; m++) {
      reference.set(m, candle(m, "101")); // closes at 20: 100 bps, no round until 25
    }
    reference.set(21, candle(21, "101.50")); // closes at 22: the peak, 150 bps

    FeedAuditFindings f = FeedAudit.audit(at(0), at(30), updates, reference, HOURLY);

    assertThat(f.deviation().triggers()).isEqualTo(3);
    assertThat(f.deviation().met()).isEqualTo(1);
    assertThat(f.deviation().undetermined()).isZero();
    List<DeviationMiss> misses = f.deviation().misses();
    assertThat(misses).hasSize(2);
    assertThat(misses.get(0).start()).isEqualTo(at(20));
    assertThat(misses.get(0).end()).contains(at(25));
    assertThat(misses.get(0).answerId()).isEqualTo("r11.0");
    assertThat(misses.get(0).peakMoveBps()).isEqualByComparingTo(bps("150"));
    assertThat(misses.get(0).peakAt()).isEqualTo(at(22));
    // The round at 25 repeats 100 while the reference is at 101: owed again, never comes.
    assertThat(misses.get(1).start()).isEqualTo(at(25));
    assertThat(misses.get(1).end()).isEmpty();
    assertThat(misses.get(1).peakMoveBps()).isEqualByComparingTo(bps("100"));

    Reason missed = reason(f, ReasonKind.DEVIATION_MISSED);
    assertThat(missed.when())
        .containsExactly(new TimeRange(at(20), at(25)), new TimeRange(at(25), at(30)));
  }

  @Test
  void a_move_whose_deadline_falls_after_the_period_is_undetermined_not_missed() {
    List<ReferencePoint> reference = new ArrayList<>(flat(0, 29, "100"));
    reference.set(28, candle(28, "101")); // closes at 29, deadline 31 is past to = 30

    FeedAuditFindings f =
        FeedAudit.audit(at(0), at(30), List.of(update(-1, "100")), reference, HOURLY);

    assertThat(f.deviation().triggers()).isZero();
    assertThat(f.deviation().undetermined()).isEqualTo(1);
    assertThat(f.deviation().misses()).isEmpty();
  }

  @Test
  void drift_percentiles_are_nearest_rank_over_the_magnitudes() {
    // Drift k bps for k = 1..20 against a flat reference of 100, planted in a shuffled order and
    // with signs alternating: the percentiles are of |drift|.
    int[] order = {7, 20, 3, 15, 1, 12, 18, 5, 10, 2, 19, 9, 14, 4, 16, 8, 11, 6, 17, 13};
    List<FeedUpdate> updates = new ArrayList<>();
    for (int m = 0; m < order.length; m++) {
      BigDecimal offset = new BigDecimal(order[m]).movePointLeft(2);
      BigDecimal price =
          m % 2 == 0 ? new BigDecimal("100").add(offset) : new BigDecimal("100").subtract(offset);
      updates.add(update(m + 0.5, price.toPlainString()));
    }

    FeedAuditFindings f = FeedAudit.audit(at(0), at(20), updates, flat(0, 19, "100"), HOURLY);

    var p = f.drift().distribution().orElseThrow();
    assertThat(p.samples()).isEqualTo(20);
    assertThat(p.p50()).isEqualByComparingTo(bps("10")); // rank ceil(10) = 10
    assertThat(p.p95()).isEqualByComparingTo(bps("19")); // rank ceil(19) = 19
    assertThat(p.p99()).isEqualByComparingTo(bps("20")); // rank ceil(19.8) = 20
    assertThat(p.max()).isEqualByComparingTo(bps("20"));
    assertThat(f.drift().samples().get(1).driftBps()).isEqualByComparingTo(bps("-20"));
    assertThat(f.drift().timeAboveWarn()).isZero();
    assertThat(f.verdict().trust()).isEqualTo(Trust.TRUSTWORTHY);
    assertThat(f.verdict().reasons()).isEmpty();
  }

  @Test
  void merges_adjacent_candles_above_warn_into_episodes_ranked_by_peak_then_length() {
    // Reference 100; drift per candle (bps): 0 60 70 0 60 -200 60 0 80 | gap at 9 | 80 80
    String[] answers = {
      "100", "100.60", "100.70", "100", "100.60", "98", "100.60", "100", "100.80", null, "100.80",
      "100.80"
    };
    List<FeedUpdate> updates = new ArrayList<>();
    List<ReferencePoint> reference = new ArrayList<>();
    for (int m = 0; m < answers.length; m++) {
      if (answers[m] != null) {
        updates.add(update(m + 0.5, answers[m]));
        reference.add(candle(m, "100"));
      }
    }

    FeedAuditFindings f = FeedAudit.audit(at(0), at(12), updates, reference, HOURLY);

    List<DriftEpisode> episodes = f.drift().episodes();
    assertThat(episodes)
        .extracting(DriftEpisode::start, DriftEpisode::end, DriftEpisode::samples)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(at(1), at(3), 2),
            org.assertj.core.groups.Tuple.tuple(at(4), at(7), 3),
            org.assertj.core.groups.Tuple.tuple(at(8), at(9), 1),
            org.assertj.core.groups.Tuple.tuple(at(10), at(12), 2));
    assertThat(episodes.get(1).peakDriftBps()).isEqualByComparingTo(bps("-200"));
    assertThat(episodes.get(1).peakAt()).isEqualTo(at(6));
    assertThat(episodes.get(1).severity()).isEqualTo(Severity.CRITICAL);
    assertThat(episodes.get(0).severity()).isEqualTo(Severity.WARNING);
    assertThat(f.drift().worst())
        .extracting(DriftEpisode::start)
        .containsExactly(at(4), at(10), at(8), at(1));
    assertThat(f.drift().timeAboveWarn()).isEqualTo(Duration.ofMinutes(8));
    assertThat(f.drift().timeAboveCritical()).isEqualTo(Duration.ofMinutes(1));
    assertThat(f.drift().covered()).isEqualTo(Duration.ofMinutes(11));
    assertThat(f.drift().uncovered()).containsExactly(new TimeRange(at(9), at(10)));

    assertThat(f.verdict().trust()).isEqualTo(Trust.UNTRUSTWORTHY);
    assertThat(reason(f, ReasonKind.DRIFT_CRITICAL).when())
        .containsExactly(new TimeRange(at(4), at(7)));
    assertThat(reason(f, ReasonKind.DRIFT_WARN).when())
        .containsExactly(
            new TimeRange(at(1), at(3)),
            new TimeRange(at(8), at(9)),
            new TimeRange(at(10), at(12)));
    // the text counts what the ranges cover: the three warning-level episodes, 5 of the 8
    // minutes above the warning level (the other 3 are the critical episode's)
    assertThat(reason(f, ReasonKind.DRIFT_WARN).summary())
        .contains(", short of critical, for 5m in 3 episode(s)");
    // 11 of 12 minutes covered is above the 90 % default.
    assertThat(f.verdict().reasons())
        .extracting(Reason::kind)
        .doesNotContain(ReasonKind.REFERENCE_MISSING);
  }

  @Test
  void names_rounds_at_past_and_within_one_percent_of_a_bound() {
    // Bounds 1000..2000: near means within 10 raw of the min, 20 of the max.
    FeedAuditParams params =
        HOURLY.withBounds(new AnswerBounds(BigInteger.valueOf(1000), BigInteger.valueOf(2000)));
    List<FeedUpdate> updates =
        List.of(
            raw(1, 1500),
            raw(2, 1000),
            raw(3, 1010),
            raw(4, 1011),
            raw(5, 1995),
            raw(6, 2000),
            raw(7, 2001),
            raw(8, 999),
            incomplete(9),
            raw(10, 1500));

    FeedAuditFindings f = FeedAudit.audit(at(0), at(20), updates, List.of(), params);

    assertThat(f.bounds())
        .extracting(h -> h.update().at(), BoundHit::bound, BoundHit::position, BoundHit::distance)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                at(2), Bound.MIN, BoundPosition.AT, BigInteger.ZERO),
            org.assertj.core.groups.Tuple.tuple(
                at(3), Bound.MIN, BoundPosition.NEAR, BigInteger.TEN),
            org.assertj.core.groups.Tuple.tuple(
                at(5), Bound.MAX, BoundPosition.NEAR, BigInteger.valueOf(5)),
            org.assertj.core.groups.Tuple.tuple(
                at(6), Bound.MAX, BoundPosition.AT, BigInteger.ZERO),
            org.assertj.core.groups.Tuple.tuple(
                at(7), Bound.MAX, BoundPosition.PAST, BigInteger.valueOf(-1)),
            org.assertj.core.groups.Tuple.tuple(
                at(8), Bound.MIN, BoundPosition.PAST, BigInteger.valueOf(-1)));
    assertThat(f.updates().incomplete()).isEqualTo(1);
    assertThat(f.updates().complete()).isEqualTo(9);
    // At a bound from the round until the next priced round; 999 at 8 lasts until 10, the
    // incomplete round at 9 does not replace it.
    assertThat(reason(f, ReasonKind.AT_BOUND).when())
        .containsExactly(
            new TimeRange(at(2), at(3)),
            new TimeRange(at(6), at(7)),
            new TimeRange(at(7), at(8)),
            new TimeRange(at(8), at(10)));
    assertThat(reason(f, ReasonKind.INCOMPLETE_ROUNDS).when())
        .containsExactly(new TimeRange(at(9), at(9)));
    assertThat(f.verdict().untrusted())
        .containsExactly(new TimeRange(at(2), at(3)), new TimeRange(at(6), at(10)));
  }

  @Test
  void a_price_far_from_a_low_min_answer_is_not_near_it_however_wide_the_band() {
    // The devnet ETH / USD bounds: 10 .. 1,000,000 USD; 1 % of the band would be 9,999.9 USD.
    FeedAuditParams params =
        HOURLY.withBounds(
            new AnswerBounds(
                BigInteger.valueOf(10_00000000L), BigInteger.valueOf(1_000_000_00000000L)));
    List<FeedUpdate> updates =
        List.of(raw(1, 3_000_00000000L), raw(2, 10_20000000L), raw(3, 10_10000000L));

    FeedAuditFindings f = FeedAudit.audit(at(0), at(20), updates, List.of(), params);

    assertThat(f.bounds())
        .extracting(h -> h.update().at(), BoundHit::position)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(at(3), BoundPosition.NEAR));
  }

  @Test
  void unbounded_sentinels_are_no_bounds() {
    FeedAuditParams params =
        HOURLY.withBounds(new AnswerBounds(BigInteger.ONE, BigInteger.TWO.pow(176)));
    FeedAuditFindings f =
        FeedAudit.audit(at(0), at(10), List.of(raw(1, 1), raw(2, 2)), List.of(), params);
    assertThat(f.bounds()).isEmpty();
  }

  @Test
  void a_period_without_updates_or_reference_is_one_open_gap_and_unjudged_drift() {
    FeedAuditFindings f = FeedAudit.audit(at(0), at(180), List.of(), List.of(), HOURLY);

    assertThat(f.updates().total()).isZero();
    assertThat(f.heartbeat().gaps()).containsExactly(new Gap(at(0), at(180), false, false));
    assertThat(f.heartbeat().staleWindows()).containsExactly(new TimeRange(at(60), at(180)));
    assertThat(f.heartbeat().criticalStaleWindows())
        .containsExactly(new TimeRange(at(120), at(180)));
    assertThat(f.drift().samples()).isEmpty();
    assertThat(f.drift().distribution()).isEmpty();
    assertThat(f.drift().uncovered()).containsExactly(new TimeRange(at(0), at(180)));
    assertThat(f.verdict().trust()).isEqualTo(Trust.UNTRUSTWORTHY);
    assertThat(reason(f, ReasonKind.REFERENCE_MISSING).summary()).contains("0.0 %");
  }

  @Test
  void a_single_update_splits_the_period_in_two_gaps_and_prices_only_the_candles_after_it() {
    FeedAuditFindings f =
        FeedAudit.audit(at(0), at(10), List.of(update(4.5, "100")), flat(0, 9, "100"), HOURLY);

    assertThat(f.heartbeat().gaps())
        .containsExactly(
            new Gap(at(0), at(4.5), false, true), new Gap(at(4.5), at(10), true, false));
    // Candles closing at 5..10 (opening at 4..9) have an answer in force; those closing at 1..4
    // do not.
    assertThat(f.drift().samples()).hasSize(6);
    assertThat(f.drift().uncovered()).containsExactly(new TimeRange(at(0), at(4)));
    assertThat(f.verdict().trust()).isEqualTo(Trust.DEGRADED);
    assertThat(f.verdict().reasons())
        .extracting(Reason::kind)
        .containsExactly(ReasonKind.REFERENCE_MISSING);
  }

  @Test
  void the_answer_in_force_at_from_prices_the_first_candles_and_later_updates_are_ignored() {
    List<FeedUpdate> updates =
        List.of(update(-30, "90"), update(-10, "101"), update(12, "100"), update(20, "50"));

    FeedAuditFindings f = FeedAudit.audit(at(0), at(20), updates, flat(0, 19, "100"), HOURLY);

    assertThat(f.updates().total()).isEqualTo(1);
    assertThat(f.updates().inForceAtFrom()).contains(updates.get(1));
    assertThat(f.drift().samples().get(0).answerId()).isEqualTo("r-10.0");
    assertThat(f.drift().samples().get(0).driftBps()).isEqualByComparingTo(bps("100"));
    // Candle [11, 12) closes at 12, when the round at 12 is in force.
    assertThat(f.drift().samples().get(11).driftBps()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(f.drift().samples().get(10).driftBps()).isEqualByComparingTo(bps("100"));
    assertThat(f.heartbeat().gaps().get(0)).isEqualTo(new Gap(at(-10), at(12), true, true));
    assertThat(f.drift().samples())
        .extracting(s -> s.answer().toPlainString())
        .doesNotContain("50");
  }

  @Test
  void rejects_updates_out_of_order_naming_them() {
    assertThatThrownBy(
            () ->
                FeedAudit.audit(
                    at(0), at(10), List.of(update(5, "1"), update(3, "1")), List.of(), HOURLY))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("update 1 (r3.0 at 2024-03-01T00:03:00Z) comes before update 0");
  }

  @Test
  void rejects_overlapping_candles_and_an_empty_period() {
    assertThatThrownBy(
            () ->
                FeedAudit.audit(
                    at(0),
                    at(10),
                    List.of(),
                    List.of(candle(1, "1"), new ReferencePoint(at(1.5), at(3), BigDecimal.ONE, 1)),
                    HOURLY))
        .hasMessageContaining("candle 1 opens at 2024-03-01T00:01:30Z");
    assertThatThrownBy(() -> FeedAudit.audit(at(5), at(5), List.of(), List.of(), HOURLY))
        .hasMessageContaining("is empty");
  }

  @Test
  void rejects_a_critical_drift_level_below_warn() {
    assertThatThrownBy(
            () ->
                new FeedAuditParams(
                    Duration.ofHours(1),
                    new BigDecimal("0.005"),
                    Duration.ZERO,
                    Optional.empty(),
                    BigDecimal.ZERO,
                    new BigDecimal("0.01"),
                    new BigDecimal("0.005"),
                    2,
                    BigDecimal.ONE,
                    1,
                    1))
        .hasMessage(
            "feed audit setting driftCritical is 0.005: must be a fraction >= driftWarn 0.01");
  }

  @Test
  void takes_the_drift_levels_from_the_rule_catalogue() {
    assertThat(HOURLY.driftWarn()).isEqualByComparingTo("0.005");
    assertThat(HOURLY.driftCritical()).isEqualByComparingTo("0.015");
    assertThat(HOURLY.criticalHeartbeats()).isEqualTo(2);
  }

  private static Reason reason(FeedAuditFindings f, ReasonKind kind) {
    return f.verdict().reasons().stream()
        .filter(r -> r.kind() == kind)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in " + f.verdict().reasons()));
  }
}
