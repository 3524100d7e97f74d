package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.TimeRange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed carries of a 2 ETH short at 3000 (notional 6000) over one day: the venue settles
 * hourly, the CEXes every 8 h.
 */
class CarryAuditTest {

  private static final Instant DAY = Instant.parse("2026-01-01T00:00:00Z");
  private static final CarryAuditHedge SHORT_2_ETH =
      new CarryAuditHedge(PositionSide.SHORT, new BigDecimal("2"));
  private static final CarryAuditPrices AT_3000 = CarryAuditPrices.constant(new BigDecimal("3000"));

  private static Instant h(int hours) {
    return DAY.plus(Duration.ofHours(hours));
  }

  private static BigDecimal d(String s) {
    return new BigDecimal(s);
  }

  /** Hourly points at 00:00..25:00: +0.00001/h up to 12:00, then -0.000005/h. */
  private static List<FundingPoint> hourly(List<Integer> skip) {
    List<FundingPoint> points = new ArrayList<>();
    for (int i = 0; i <= 25; i++) {
      if (!skip.contains(i)) {
        points.add(new FundingPoint(h(i), i <= 12 ? d("0.00001") : d("-0.000005")));
      }
    }
    return points;
  }

  private static CarryAuditSeries eightHourly(String venue, String rateHourly, int... at) {
    List<FundingPoint> points = new ArrayList<>();
    for (int i : at) {
      points.add(new FundingPoint(h(i), d(rateHourly)));
    }
    return new CarryAuditSeries(venue, points, Duration.ofHours(8));
  }

  private static CarryAuditSeries venue(List<Integer> skip) {
    return new CarryAuditSeries("hyperliquid", hourly(skip), Duration.ofHours(1));
  }

  @Test
  void short_receives_positive_hourly_funding_and_pays_negative() {
    CarryAuditVenue v = CarryAudit.venue(SHORT_2_ETH, h(0), h(24), AT_3000, venue(List.of()));

    // 01:00..12:00: 12 × 2 × 3000 × 0.00001 = 0.72 received; 13:00..24:00: 12 × 0.03 paid.
    assertThat(v.received()).isEqualByComparingTo("0.72");
    assertThat(v.paid()).isEqualByComparingTo("0.36");
    assertThat(v.net()).isEqualByComparingTo("0.36");
    assertThat(v.notionalHours()).isEqualByComparingTo("144000");
    // 0.36 × 8760 / 144000
    assertThat(v.netApr()).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("0.0219"));
    // The point at 00:00 settles the hour before the period, the one at 25:00 the hour after it.
    assertThat(v.settlements()).isEqualTo(24);
    assertThat(v.partialSettlements()).isZero();
    assertThat(v.coverage().first()).contains(h(1));
    assertThat(v.coverage().last()).contains(h(24));
    assertThat(v.coverage().complete()).isTrue();
    assertThat(v.coverage().covered()).isEqualTo(Duration.ofHours(24));
    assertThat(v.cumulative()).hasSize(24);
    assertThat(v.cumulative().get(11).net()).isEqualByComparingTo("0.72");
    assertThat(v.cumulative().get(23))
        .satisfies(
            s -> {
              assertThat(s.at()).isEqualTo(h(24));
              assertThat(s.net()).isEqualByComparingTo("0.36");
            });
  }

  @Test
  void a_long_pays_what_the_short_receives() {
    CarryAuditVenue v =
        CarryAudit.venue(SHORT_2_ETH.flipped(), h(0), h(24), AT_3000, venue(List.of()));

    assertThat(v.paid()).isEqualByComparingTo("0.72");
    assertThat(v.received()).isEqualByComparingTo("0.36");
    assertThat(v.net()).isEqualByComparingTo("-0.36");
  }

  @Test
  void eight_hour_settlements_are_charged_for_their_whole_interval() {
    CarryAuditVenue v =
        CarryAudit.venue(
            SHORT_2_ETH, h(0), h(24), AT_3000, eightHourly("binance", "0.0000125", 0, 8, 16, 24));

    // 3 × 2 × 3000 × 0.0000125 × 8 = 3 × 0.6
    assertThat(v.received()).isEqualByComparingTo("1.8");
    assertThat(v.paid()).isEqualByComparingTo("0");
    assertThat(v.settlements()).isEqualTo(3);
    assertThat(v.netApr()).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("0.1095"));
  }

  @Test
  void settlements_straddling_the_period_edges_count_pro_rata() {
    CarryAuditSeries binance = eightHourly("binance", "0.0000125", 0, 8, 16, 24);

    // [04:00, 20:00): 4 h of the 08:00 settlement, all of 16:00, 4 h of 24:00.
    CarryAuditVenue v = CarryAudit.venue(SHORT_2_ETH, h(4), h(20), AT_3000, binance);

    assertThat(v.received()).isEqualByComparingTo("1.2");
    assertThat(v.settlements()).isEqualTo(3);
    assertThat(v.partialSettlements()).isEqualTo(2);
    assertThat(v.notionalHours()).isEqualByComparingTo("96000");
    assertThat(v.coverage().complete()).isTrue();
    assertThat(v.cumulative().get(0).net()).isEqualByComparingTo("0.3");
    // The last step is capped at the period's end, not at the settlement after it.
    assertThat(v.cumulative().get(2).at()).isEqualTo(h(20));
  }

  @Test
  void a_cex_whose_history_starts_late_reports_the_missing_half() {
    CarryAuditVenue okx =
        CarryAudit.venue(SHORT_2_ETH, h(0), h(24), AT_3000, eightHourly("okx", "0.00002", 16, 24));

    // 2 × 2 × 3000 × 0.00002 × 8 = 1.92 over 16 covered hours.
    assertThat(okx.net()).isEqualByComparingTo("1.92");
    assertThat(okx.coverage().first()).contains(h(16));
    assertThat(okx.coverage().missing()).containsExactly(new TimeRange(h(0), h(8)));
    assertThat(okx.coverage().missingIntervals()).isEqualTo(1);
    assertThat(okx.coverage().covered()).isEqualTo(Duration.ofHours(16));
    // APR over what is covered: 1.92 × 8760 / 96000
    assertThat(okx.netApr()).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("0.1752"));
  }

  @Test
  void missing_settlements_inside_the_period_are_gaps_charged_nothing() {
    CarryAuditVenue v = CarryAudit.venue(SHORT_2_ETH, h(0), h(24), AT_3000, venue(List.of(10, 11)));

    assertThat(v.coverage().missing()).containsExactly(new TimeRange(h(9), h(11)));
    assertThat(v.coverage().missingIntervals()).isEqualTo(2);
    assertThat(v.settlements()).isEqualTo(22);
    assertThat(v.received()).isEqualByComparingTo("0.6");
    assertThat(v.notionalHours()).isEqualByComparingTo("132000");
  }

  @Test
  void a_venue_with_nothing_in_the_period_has_no_apr_and_is_wholly_missing() {
    CarryAuditVenue v =
        CarryAudit.venue(
            SHORT_2_ETH,
            h(0),
            h(24),
            AT_3000,
            new CarryAuditSeries("gmx", List.of(), Duration.ofHours(1)));

    assertThat(v.net()).isEqualByComparingTo("0");
    assertThat(v.netApr()).isEmpty();
    assertThat(v.coverage().missing()).containsExactly(new TimeRange(h(0), h(24)));
    assertThat(v.coverage().missingIntervals()).isEqualTo(24);
    assertThat(v.coverage().first()).isEmpty();
  }

  @Test
  void each_settlement_is_charged_on_the_notional_at_its_price() {
    CarryAuditPrices prices =
        CarryAuditPrices.series(Map.of(h(0), d("3000"), h(12), d("3100"), h(20), d("3200")));

    CarryAuditVenue v =
        CarryAudit.venue(
            SHORT_2_ETH, h(0), h(24), prices, eightHourly("binance", "0.0000125", 8, 16, 24));

    // 2 × 8 × 0.0000125 × (3000 + 3100 + 3200)
    assertThat(v.received()).isEqualByComparingTo("1.86");
    assertThat(v.notionalHours()).isEqualByComparingTo("148800");
  }

  @Test
  void compares_the_hedge_venue_with_the_cheapest_and_median_cex() {
    CarryAuditResult r =
        CarryAudit.audit(
            SHORT_2_ETH,
            h(0),
            h(24),
            AT_3000,
            venue(List.of()),
            List.of(
                eightHourly("binance", "0.0000125", 8, 16, 24),
                eightHourly("okx", "0.00002", 16, 24),
                eightHourly("bybit", "0.00000625", 8, 16, 24)));

    CarryAuditResult.Comparison c = r.comparison();
    // APRs: hedge venue 0.0219, binance 0.1095, okx 0.1752, bybit 0.05475.
    assertThat(c.cheapestVenue()).contains("okx");
    assertThat(c.cheapestApr())
        .hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("0.1752"));
    assertThat(c.medianApr()).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("0.1095"));
    assertThat(c.excessAprVsCheapest())
        .hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("0.1533"));
    // On the hedge's 144000 notional-hours: okx would have earned 2.88, the venue earned 0.36.
    assertThat(c.excessCostVsCheapest())
        .hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("2.52"));
    // binance, the median, would have earned 1.8.
    assertThat(c.excessCostVsMedian())
        .hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("1.44"));
    assertThat(r.cex())
        .extracting(CarryAuditVenue::venue)
        .containsExactly("binance", "okx", "bybit");
  }

  @Test
  void the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
    CarryAuditResult r =
        CarryAudit.audit(
            SHORT_2_ETH,
            h(0),
            h(24),
            AT_3000,
            venue(List.of()),
            List.of(
                eightHourly("binance", "0.0000125", 8, 16, 24),
                eightHourly("bybit", "0.00000625", 8, 16, 24)));

    assertThat(r.comparison().medianApr())
        .hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("0.082125"));
  }

  @Test
  void without_a_priced_cex_there_is_no_comparison() {
    CarryAuditResult r =
        CarryAudit.audit(SHORT_2_ETH, h(0), h(24), AT_3000, venue(List.of()), List.of());

    assertThat(r.comparison().cheapestVenue()).isEmpty();
    assertThat(r.comparison().excessCostVsMedian()).isEmpty();
  }

  @Test
  void infers_the_settlement_interval_from_the_median_spacing() {
    List<FundingPoint> points =
        List.of(
            new FundingPoint(h(0), d("0")),
            new FundingPoint(h(8), d("0")),
            new FundingPoint(h(16), d("0")),
            new FundingPoint(h(32), d("0")));

    assertThat(CarryAuditSeries.inferred("binance", points, Duration.ofHours(1)).interval())
        .isEqualTo(Duration.ofHours(8));
    assertThat(
            CarryAuditSeries.inferred("binance", points.subList(0, 1), Duration.ofHours(4))
                .interval())
        .isEqualTo(Duration.ofHours(4));
  }

  @Test
  void rejects_an_empty_period_and_a_zero_size() {
    assertThatThrownBy(
            () -> CarryAudit.audit(SHORT_2_ETH, h(2), h(2), AT_3000, venue(List.of()), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not before to");
    assertThatThrownBy(() -> new CarryAuditHedge(PositionSide.LONG, BigDecimal.ZERO))
        .hasMessageContaining("hedge size must be above 0");
    assertThatThrownBy(
            () ->
                new CarryAuditSeries(
                    "x",
                    List.of(new FundingPoint(h(1), d("0")), new FundingPoint(h(1), d("0"))),
                    Duration.ofHours(1)))
        .hasMessageContaining("two funding points at");
  }
}
