package io.hedgewatch.reference;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Funding on hedgewatch's one scale: a fraction per hour, sign kept (positive = longs pay shorts).
 * A venue's rate per interval becomes per hour by dividing by the interval's hours; per year is per
 * hour × 8760. Division is exact whenever the quotient has a finite decimal expansion (every
 * interval of 1, 2, 4 or 8 hours), else rounded to {@link #DIVISION} (34 significant digits).
 */
public final class FundingMath {

  /** Rounding for quotients without a finite decimal expansion (Kraken's absolute / price). */
  public static final MathContext DIVISION = MathContext.DECIMAL128;

  public static final Duration HOUR = Duration.ofHours(1);

  /** How far a settlement may sit from the whole hour its spacing is read as. */
  static final Duration SPACING_TOLERANCE = Duration.ofMinutes(5);

  private static final long HOUR_MILLIS = HOUR.toMillis();

  private FundingMath() {}

  /** {@code ratePerInterval} as a rate per hour. */
  public static BigDecimal perHour(BigDecimal ratePerInterval, Duration interval) {
    Objects.requireNonNull(ratePerInterval, "ratePerInterval");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("funding interval must be positive, was " + interval);
    }
    long millis = interval.toMillis();
    if (millis % HOUR_MILLIS == 0) {
      return divide(ratePerInterval, BigDecimal.valueOf(millis / HOUR_MILLIS));
    }
    return divide(
        ratePerInterval.multiply(BigDecimal.valueOf(HOUR_MILLIS)), BigDecimal.valueOf(millis));
  }

  /** An hourly rate annualised: × 8760. */
  public static BigDecimal apr(BigDecimal ratePerHour) {
    return ratePerHour.multiply(MarketSnapshot.HOURS_PER_YEAR);
  }

  /** {@code a / b}, exact when the quotient terminates, else to {@link #DIVISION}. */
  public static BigDecimal divide(BigDecimal a, BigDecimal b) {
    try {
      return a.divide(b);
    } catch (ArithmeticException nonTerminating) {
      return a.divide(b, DIVISION);
    }
  }

  /** One settled rate of a history, per the interval that ended at {@code at}. */
  record Settled(Instant at, BigDecimal rate) {
    Settled {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(rate, "rate");
    }
  }

  /**
   * A venue's settled rates (each per its own interval, any order) as hourly points, oldest first,
   * one per settlement time.
   *
   * <p>History endpoints give no interval, and a symbol's interval changes (Binance moves a symbol
   * to 4 h or 1 h after its rate hits the cap). So each settlement's interval is read from the
   * spacing of the settlements: the time since the one before it, else (the first row) the time to
   * the one after it, provided that is a whole number of hours between 1 h and {@code maxInterval};
   * failing both (a single row, a gap of missing rows) it is {@code fallback}, the symbol's current
   * interval, asked for only when needed.
   */
  static VenueReply<List<FundingPoint>> hourly(
      List<Settled> settled, Duration maxInterval, Supplier<VenueReply<Duration>> fallback) {
    Map<Instant, Settled> byTime = new LinkedHashMap<>();
    settled.stream()
        .sorted(Comparator.comparing(Settled::at))
        .forEach(s -> byTime.putIfAbsent(s.at(), s));
    List<Settled> rows = new ArrayList<>(byTime.values());
    List<FundingPoint> points = new ArrayList<>(rows.size());
    Duration current = null;
    for (int i = 0; i < rows.size(); i++) {
      Optional<Duration> interval =
          i > 0 ? spacing(rows.get(i - 1).at(), rows.get(i).at(), maxInterval) : Optional.empty();
      if (interval.isEmpty() && i + 1 < rows.size()) {
        interval = spacing(rows.get(i).at(), rows.get(i + 1).at(), maxInterval);
      }
      if (interval.isEmpty()) {
        if (current == null) {
          VenueReply<Duration> asked = fallback.get();
          if (asked instanceof VenueReply.Failed<Duration> failed) {
            return VenueReply.failed(failed.failure());
          }
          current = asked.asOptional().orElseThrow();
        }
        interval = Optional.of(current);
      }
      Settled row = rows.get(i);
      points.add(new FundingPoint(row.at(), perHour(row.rate(), interval.get())));
    }
    return VenueReply.ok(List.copyOf(points));
  }

  /**
   * The whole hours from {@code earlier} to {@code later}, within {@link #SPACING_TOLERANCE} of a
   * whole hour and between 1 h and {@code max}; empty otherwise.
   */
  static Optional<Duration> spacing(Instant earlier, Instant later, Duration max) {
    long gap = Duration.between(earlier, later).toMillis();
    long hours = Math.round((double) gap / HOUR_MILLIS);
    if (hours < 1 || Duration.ofHours(hours).compareTo(max) > 0) {
      return Optional.empty();
    }
    if (Math.abs(gap - hours * HOUR_MILLIS) > SPACING_TOLERANCE.toMillis()) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofHours(hours));
  }
}
