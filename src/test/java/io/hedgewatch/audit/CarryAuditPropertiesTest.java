package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.TimeRange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded properties of {@link CarryAudit} over random periods, intervals, rates, gaps and prices:
 * the seed is in the test's name and in every assertion's description.
 */
class CarryAuditPropertiesTest {

  private static final long BASE_SEED = 0x5EED_CA77L;
  private static final Instant EPOCH = Instant.parse("2026-03-01T00:00:00Z");

  static LongStream seeds() {
    return LongStream.range(0, 300).map(i -> BASE_SEED + i);
  }

  private record Case(
      CarryAuditHedge hedge,
      Instant from,
      Instant to,
      CarryAuditPrices prices,
      CarryAuditSeries s) {}

  private static Case generate(long seed) {
    Random rnd = new Random(seed);
    long[] hours = {1, 2, 4, 8};
    Duration interval = Duration.ofHours(hours[rnd.nextInt(hours.length)]);
    Instant from = EPOCH.plus(Duration.ofMinutes(rnd.nextInt(24 * 60)));
    Instant to = from.plus(Duration.ofMinutes(1 + rnd.nextInt(7 * 24 * 60)));
    List<FundingPoint> points = new ArrayList<>();
    Instant at = EPOCH.minus(interval);
    // Points from before the period to past its end, some missing, as a venue's history would be.
    while (!at.isAfter(to.plus(interval))) {
      if (rnd.nextInt(10) != 0) {
        BigDecimal rate = BigDecimal.valueOf(rnd.nextInt(20_001) - 10_000, 8);
        points.add(new FundingPoint(at, rate));
      }
      at = at.plus(interval);
    }
    Map<Instant, BigDecimal> marks = new TreeMap<>();
    for (int i = 0; i < 1 + rnd.nextInt(20); i++) {
      marks.put(
          EPOCH.plus(Duration.ofMinutes(rnd.nextInt(8 * 24 * 60))),
          BigDecimal.valueOf(100_000 + rnd.nextInt(500_000), 2));
    }
    PositionSide side = rnd.nextBoolean() ? PositionSide.LONG : PositionSide.SHORT;
    BigDecimal size = BigDecimal.valueOf(1 + rnd.nextInt(1_000_000), rnd.nextInt(5));
    return new Case(
        new CarryAuditHedge(side, size),
        from,
        to,
        CarryAuditPrices.series(marks),
        new CarryAuditSeries("venue", points, interval));
  }

  private static CarryAuditVenue run(Case c, CarryAuditHedge hedge) {
    return CarryAudit.venue(hedge, c.from(), c.to(), c.prices(), c.s());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void net_is_received_minus_paid_and_the_last_cumulative_step(long seed) {
    Case c = generate(seed);
    CarryAuditVenue v = run(c, c.hedge());

    assertThat(v.paid().signum()).as("seed %d: paid", seed).isGreaterThanOrEqualTo(0);
    assertThat(v.received().signum()).as("seed %d: received", seed).isGreaterThanOrEqualTo(0);
    assertThat(v.net()).as("seed %d", seed).isEqualByComparingTo(v.received().subtract(v.paid()));
    if (v.settlements() > 0) {
      assertThat(v.cumulative().get(v.cumulative().size() - 1).net())
          .as("seed %d", seed)
          .isEqualByComparingTo(v.net());
    }
    assertThat(v.cumulative()).as("seed %d", seed).hasSize(v.settlements());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void scaling_the_size_scales_the_carry_and_keeps_the_apr(long seed) {
    Case c = generate(seed);
    BigDecimal k = BigDecimal.valueOf(2 + new Random(seed ^ 0xABCDL).nextInt(999), 1);
    CarryAuditVenue one = run(c, c.hedge());
    CarryAuditVenue scaled =
        run(c, new CarryAuditHedge(c.hedge().side(), c.hedge().size().multiply(k)));

    assertThat(scaled.paid()).as("seed %d", seed).isEqualByComparingTo(one.paid().multiply(k));
    assertThat(scaled.received())
        .as("seed %d", seed)
        .isEqualByComparingTo(one.received().multiply(k));
    assertThat(scaled.net()).as("seed %d", seed).isEqualByComparingTo(one.net().multiply(k));
    assertThat(scaled.netApr().map(BigDecimal::stripTrailingZeros))
        .as("seed %d", seed)
        .isEqualTo(one.netApr().map(BigDecimal::stripTrailingZeros));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void flipping_the_side_swaps_paid_and_received(long seed) {
    Case c = generate(seed);
    CarryAuditVenue one = run(c, c.hedge());
    CarryAuditVenue flipped = run(c, c.hedge().flipped());

    assertThat(flipped.paid()).as("seed %d", seed).isEqualByComparingTo(one.received());
    assertThat(flipped.received()).as("seed %d", seed).isEqualByComparingTo(one.paid());
    assertThat(flipped.net()).as("seed %d", seed).isEqualByComparingTo(one.net().negate());
    assertThat(flipped.coverage()).as("seed %d", seed).isEqualTo(one.coverage());
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void covered_and_missing_time_tile_the_period_up_to_the_tolerance(long seed) {
    Case c = generate(seed);
    CarryAuditVenue v = run(c, c.hedge());

    Duration missing = Duration.ZERO;
    Instant previousEnd = c.from();
    for (TimeRange r : v.coverage().missing()) {
      assertThat(r.from())
          .as("seed %d: missing ranges ordered, inside", seed)
          .isAfterOrEqualTo(previousEnd);
      assertThat(r.to()).as("seed %d", seed).isBeforeOrEqualTo(c.to());
      missing = missing.plus(Duration.between(r.from(), r.to()));
      previousEnd = r.to();
    }
    Duration period = Duration.between(c.from(), c.to());
    Duration tiled = v.coverage().covered().plus(missing);
    assertThat(tiled).as("seed %d", seed).isLessThanOrEqualTo(period);
    assertThat(tiled)
        .as("seed %d", seed)
        .isGreaterThanOrEqualTo(period.minus(CarryAudit.GAP_TOLERANCE.multipliedBy(2)));
  }
}
