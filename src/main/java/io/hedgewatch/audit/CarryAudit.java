package io.hedgewatch.audit;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.TimeRange;
import io.hedgewatch.risk.PositionMath;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The funding a hedge paid and received over a period on its venue and on centralized venues. Pure:
 * no I/O; {@link CarryHistory} gathers its inputs.
 *
 * <p>Each point of a {@link CarryAuditSeries} settles the interval that ends at its time. It is
 * charged with {@link PositionMath#carry(BigDecimal, BigDecimal, BigDecimal, Duration)}'s
 * convention (positive rate: longs pay shorts) on the notional at the settlement's price, for the
 * part of its interval inside {@code [from, to)}: a settlement whose interval straddles an edge of
 * the period is charged pro rata by time. So a 8 h settlement at 04:00 of a period starting at
 * 00:00 counts in full if its interval is 4 h, and for half of it if it is 8 h; a settlement at the
 * period's end whose interval began before it counts for the part before the end, and a settlement
 * exactly at {@code from} counts for nothing (its interval lies before the period).
 *
 * <p>Exact in {@link BigDecimal}; the APR's one division is to 34 digits.
 */
public final class CarryAudit {

  /**
   * Uncovered stretches shorter than this are not reported missing: settlement times drift by a few
   * milliseconds to seconds (Binance's {@code fundingTime}), as {@code FundingMath} allows.
   */
  public static final Duration GAP_TOLERANCE = Duration.ofMinutes(5);

  private static final MathContext MC = MathContext.DECIMAL128;

  private CarryAudit() {}

  /**
   * The hedge's carry over {@code [from, to)} on its own venue and each centralized venue.
   *
   * @param prices the price each settlement's notional is taken at
   */
  public static CarryAuditResult audit(
      CarryAuditHedge hedge,
      Instant from,
      Instant to,
      CarryAuditPrices prices,
      CarryAuditSeries hedgeVenue,
      List<CarryAuditSeries> cex) {
    Objects.requireNonNull(hedge, "hedge");
    Objects.requireNonNull(prices, "prices");
    Objects.requireNonNull(hedgeVenue, "hedgeVenue");
    Objects.requireNonNull(cex, "cex");
    if (!Objects.requireNonNull(from, "from").isBefore(Objects.requireNonNull(to, "to"))) {
      throw new IllegalArgumentException("audit period from " + from + " is not before to " + to);
    }
    CarryAuditVenue own = venue(hedge, from, to, prices, hedgeVenue);
    List<CarryAuditVenue> others =
        cex.stream().map(s -> venue(hedge, from, to, prices, s)).toList();
    return new CarryAuditResult(from, to, hedge, own, others, compare(own, others));
  }

  /** The hedge's carry on one venue over {@code [from, to)}. */
  public static CarryAuditVenue venue(
      CarryAuditHedge hedge,
      Instant from,
      Instant to,
      CarryAuditPrices prices,
      CarryAuditSeries series) {
    BigDecimal paid = BigDecimal.ZERO;
    BigDecimal received = BigDecimal.ZERO;
    BigDecimal notionalHours = BigDecimal.ZERO;
    int settlements = 0;
    int partial = 0;
    Optional<Instant> first = Optional.empty();
    Optional<Instant> last = Optional.empty();
    List<TimeRange> covered = new ArrayList<>();
    List<CarryAuditVenue.Step> cumulative = new ArrayList<>();
    Duration interval = series.interval();
    for (FundingPoint point : series.points()) {
      Instant start = latest(point.at().minus(interval), from);
      Instant end = earliest(point.at(), to);
      if (!start.isBefore(end)) {
        continue;
      }
      Duration charged = Duration.between(start, end);
      BigDecimal price = prices.at(point.at());
      BigDecimal cost = PositionMath.carry(hedge.signedSize(), price, point.rateHourly(), charged);
      if (cost.signum() > 0) {
        paid = paid.add(cost);
      } else {
        received = received.add(cost.negate());
      }
      notionalHours =
          notionalHours.add(hedge.size().multiply(price).multiply(PositionMath.hours(charged)));
      settlements++;
      if (charged.compareTo(interval) < 0) {
        partial++;
      }
      first = first.or(() -> Optional.of(point.at()));
      last = Optional.of(point.at());
      covered.add(new TimeRange(start, end));
      cumulative.add(
          new CarryAuditVenue.Step(
              end,
              received.subtract(paid),
              point.at(),
              point.rateHourly(),
              charged,
              hedge.size().multiply(price),
              cost.negate()));
    }
    BigDecimal net = received.subtract(paid);
    Optional<BigDecimal> apr =
        notionalHours.signum() == 0
            ? Optional.empty()
            : Optional.of(net.multiply(MarketSnapshot.HOURS_PER_YEAR).divide(notionalHours, MC));
    return new CarryAuditVenue(
        series.venue(),
        interval,
        paid,
        received,
        net,
        apr,
        notionalHours,
        settlements,
        partial,
        coverage(from, to, interval, covered, first, last),
        cumulative);
  }

  private static CarryAuditVenue.Coverage coverage(
      Instant from,
      Instant to,
      Duration interval,
      List<TimeRange> covered,
      Optional<Instant> first,
      Optional<Instant> last) {
    List<TimeRange> joined = TimeRange.union(covered);
    Duration coveredTime = Duration.ZERO;
    for (TimeRange r : joined) {
      coveredTime = coveredTime.plus(Duration.between(r.from(), r.to()));
    }
    List<TimeRange> missing = new ArrayList<>();
    long missingIntervals = 0;
    Instant cursor = from;
    List<TimeRange> bounds = new ArrayList<>(joined);
    bounds.add(new TimeRange(to, to));
    for (TimeRange r : bounds) {
      Duration gap = Duration.between(cursor, r.from());
      if (gap.compareTo(GAP_TOLERANCE) > 0) {
        missing.add(new TimeRange(cursor, r.from()));
        missingIntervals += ceilDiv(gap.toMillis(), interval.toMillis());
      }
      cursor = latest(cursor, r.to());
    }
    return new CarryAuditVenue.Coverage(first, last, coveredTime, missing, missingIntervals);
  }

  private static CarryAuditResult.Comparison compare(
      CarryAuditVenue own, List<CarryAuditVenue> cex) {
    List<CarryAuditVenue> priced =
        cex.stream()
            .filter(v -> v.netApr().isPresent())
            .sorted(Comparator.comparing((CarryAuditVenue v) -> v.netApr().get()).reversed())
            .toList();
    if (priced.isEmpty()) {
      Optional<BigDecimal> none = Optional.empty();
      return new CarryAuditResult.Comparison(Optional.empty(), none, none, none, none, none, none);
    }
    CarryAuditVenue cheapest = priced.get(0);
    BigDecimal cheapestApr = cheapest.netApr().get();
    int n = priced.size();
    BigDecimal medianApr =
        n % 2 == 1
            ? priced.get(n / 2).netApr().get()
            : priced
                .get(n / 2 - 1)
                .netApr()
                .get()
                .add(priced.get(n / 2).netApr().get())
                .divide(BigDecimal.valueOf(2), MC);
    Optional<BigDecimal> vsCheapest = own.netApr().map(cheapestApr::subtract);
    Optional<BigDecimal> vsMedian = own.netApr().map(medianApr::subtract);
    return new CarryAuditResult.Comparison(
        Optional.of(cheapest.venue()),
        Optional.of(cheapestApr),
        Optional.of(medianApr),
        vsCheapest,
        vsMedian,
        vsCheapest.map(a -> inMoney(a, own.notionalHours())),
        vsMedian.map(a -> inMoney(a, own.notionalHours())));
  }

  /** A yearly fraction of notional as money over {@code notionalHours}. */
  private static BigDecimal inMoney(BigDecimal apr, BigDecimal notionalHours) {
    return apr.multiply(notionalHours).divide(MarketSnapshot.HOURS_PER_YEAR, MC);
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }
}
