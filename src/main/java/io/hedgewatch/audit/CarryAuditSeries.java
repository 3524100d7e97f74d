package io.hedgewatch.audit;

import io.hedgewatch.domain.FundingPoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One venue's funding over (and a little around) the audited period.
 *
 * <p>Each {@link FundingPoint} is read as the settlement of the {@code interval} that ends at its
 * time, at its hourly rate: so a Binance point at 08:00 with 0.0000125 / h is the 8 h from 00:00
 * (0.01 % charged), an hourly venue's point covers the hour before it, and an on-chain sample
 * (hourly, taken by {@code run}) stands for the hour before it was taken.
 *
 * @param venue the venue's name in the report ({@code hyperliquid}, {@code binance})
 * @param points oldest first after construction; one per time
 * @param interval the settlement interval each point stands for
 */
public record CarryAuditSeries(String venue, List<FundingPoint> points, Duration interval) {

  /** The longest settlement interval any venue uses. */
  public static final Duration MAX_INTERVAL = Duration.ofHours(24);

  public CarryAuditSeries {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero() || interval.compareTo(MAX_INTERVAL) > 0) {
      throw new IllegalArgumentException(
          venue + ": settlement interval must be above 0 and at most 24h, was " + interval);
    }
    List<FundingPoint> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparing(FundingPoint::at));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).at().equals(sorted.get(i - 1).at())) {
        throw new IllegalArgumentException(venue + ": two funding points at " + sorted.get(i).at());
      }
    }
    points = List.copyOf(sorted);
  }

  /**
   * A series whose interval is read from its points: the median spacing of consecutive points,
   * rounded to whole hours (1 h to 24 h), so a missing settlement or two does not stretch it;
   * {@code fallback} when there are fewer than two points.
   */
  public static CarryAuditSeries inferred(
      String venue, List<FundingPoint> points, Duration fallback) {
    List<FundingPoint> sorted =
        points.stream().sorted(Comparator.comparing(FundingPoint::at)).toList();
    if (sorted.size() < 2) {
      return new CarryAuditSeries(venue, sorted, fallback);
    }
    List<Long> spacings = new ArrayList<>();
    for (int i = 1; i < sorted.size(); i++) {
      spacings.add(Duration.between(sorted.get(i - 1).at(), sorted.get(i).at()).toMillis());
    }
    spacings.sort(Comparator.naturalOrder());
    long median = spacings.get((spacings.size() - 1) / 2);
    long hours = Math.max(1, Math.min(24, Math.round(median / 3_600_000.0)));
    return new CarryAuditSeries(venue, sorted, Duration.ofHours(hours));
  }
}
