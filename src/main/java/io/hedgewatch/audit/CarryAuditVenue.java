package io.hedgewatch.audit;

import io.hedgewatch.domain.TimeRange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The hedge's carry on one venue over the period. Money is in the quote currency (USD); {@code
 * paid}, {@code received} are both zero or positive and {@code net = received − paid} (positive:
 * the hedge earned funding).
 *
 * @param venue the venue's name
 * @param interval the settlement interval the venue's points were read with
 * @param paid funding the hedge paid
 * @param received funding the hedge received
 * @param net {@code received − paid}
 * @param netApr net as a yearly fraction of the average notional, over the covered time only (0.05
 *     = 5 % a year earned); empty when nothing of the period is covered
 * @param notionalHours the sum of notional × hours charged: the average notional times the covered
 *     hours
 * @param settlements the settlements charged, partial ones included
 * @param partialSettlements those of them whose interval reaches past an edge of the period
 * @param coverage which part of the period the venue's points cover
 * @param cumulative the running net after each settlement, oldest first (for a chart)
 */
public record CarryAuditVenue(
    String venue,
    Duration interval,
    BigDecimal paid,
    BigDecimal received,
    BigDecimal net,
    Optional<BigDecimal> netApr,
    BigDecimal notionalHours,
    int settlements,
    int partialSettlements,
    Coverage coverage,
    List<Step> cumulative) {

  public CarryAuditVenue {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(paid, "paid");
    Objects.requireNonNull(received, "received");
    Objects.requireNonNull(net, "net");
    Objects.requireNonNull(netApr, "netApr");
    Objects.requireNonNull(notionalHours, "notionalHours");
    Objects.requireNonNull(coverage, "coverage");
    cumulative = List.copyOf(cumulative);
  }

  /**
   * What the venue's points cover of the period.
   *
   * @param first the first settlement charged, when any
   * @param last the last settlement charged, when any
   * @param covered the time of the period some settlement covers
   * @param missing the stretches of the period no settlement covers (longer than the tolerance),
   *     oldest first: before the venue's history begins, settlements missing, after its last one
   * @param missingIntervals the settlement intervals missing, the stretches' length in intervals,
   *     rounded up
   */
  public record Coverage(
      Optional<Instant> first,
      Optional<Instant> last,
      Duration covered,
      List<TimeRange> missing,
      long missingIntervals) {
    public Coverage {
      Objects.requireNonNull(first, "first");
      Objects.requireNonNull(last, "last");
      Objects.requireNonNull(covered, "covered");
      missing = List.copyOf(missing);
    }

    public boolean complete() {
      return missing.isEmpty();
    }
  }

  /**
   * One settlement charged, and the running net carry after it.
   *
   * @param at the end of the part of its interval charged: the settlement's time, capped at the
   *     period's end
   * @param net the running net carry after it ({@code received − paid} so far)
   * @param settledAt the settlement's own time, as the venue gives it
   * @param rateHourly the venue's hourly rate at it (positive: longs pay shorts)
   * @param charged the part of its interval inside the period
   * @param notional the hedge's notional it was charged on: size × the price at it
   * @param payment what the hedge received from it (negative: paid)
   */
  public record Step(
      Instant at,
      BigDecimal net,
      Instant settledAt,
      BigDecimal rateHourly,
      Duration charged,
      BigDecimal notional,
      BigDecimal payment) {
    public Step {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(net, "net");
      Objects.requireNonNull(settledAt, "settledAt");
      Objects.requireNonNull(rateHourly, "rateHourly");
      Objects.requireNonNull(charged, "charged");
      Objects.requireNonNull(notional, "notional");
      Objects.requireNonNull(payment, "payment");
    }
  }
}
