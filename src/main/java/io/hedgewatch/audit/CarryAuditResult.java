package io.hedgewatch.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A hedge's carry over {@code [from, to)} on its own venue, and what the same hedge would have
 * carried on each centralized venue.
 *
 * @param hedgeVenue the carry on the hedge's own venue
 * @param cex the carry on each centralized venue, in the order asked
 * @param comparison the hedge's venue against the cheapest and the median centralized venue
 */
public record CarryAuditResult(
    Instant from,
    Instant to,
    CarryAuditHedge hedge,
    CarryAuditVenue hedgeVenue,
    List<CarryAuditVenue> cex,
    Comparison comparison) {

  public CarryAuditResult {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(hedge, "hedge");
    Objects.requireNonNull(hedgeVenue, "hedgeVenue");
    cex = List.copyOf(cex);
    Objects.requireNonNull(comparison, "comparison");
  }

  /**
   * The hedge's venue against the centralized ones, compared by net APR (each over its own covered
   * time, so a venue whose history is short is not made to look cheap). The cheapest venue is the
   * one with the highest net APR: where the hedge earned most or paid least. Empty without a
   * centralized venue with a covered APR, or without one for the hedge's venue.
   *
   * @param cheapestVenue the cheapest centralized venue
   * @param cheapestApr its net APR
   * @param medianApr the median net APR of the centralized venues (the mean of the middle two for
   *     an even count)
   * @param excessAprVsCheapest {@code cheapestApr − hedge's netApr}: how much a year, as a fraction
   *     of notional, the hedge's venue cost beyond the cheapest (negative: it was cheaper)
   * @param excessAprVsMedian {@code medianApr − hedge's netApr}
   * @param excessCostVsCheapest {@code excessAprVsCheapest} in money over the hedge venue's covered
   *     notional-hours: what the hedge paid beyond the cheapest venue in this period
   * @param excessCostVsMedian the same against the median
   */
  public record Comparison(
      Optional<String> cheapestVenue,
      Optional<BigDecimal> cheapestApr,
      Optional<BigDecimal> medianApr,
      Optional<BigDecimal> excessAprVsCheapest,
      Optional<BigDecimal> excessAprVsMedian,
      Optional<BigDecimal> excessCostVsCheapest,
      Optional<BigDecimal> excessCostVsMedian) {
    public Comparison {
      Objects.requireNonNull(cheapestVenue, "cheapestVenue");
      Objects.requireNonNull(cheapestApr, "cheapestApr");
      Objects.requireNonNull(medianApr, "medianApr");
      Objects.requireNonNull(excessAprVsCheapest, "excessAprVsCheapest");
      Objects.requireNonNull(excessAprVsMedian, "excessAprVsMedian");
      Objects.requireNonNull(excessCostVsCheapest, "excessCostVsCheapest");
      Objects.requireNonNull(excessCostVsMedian, "excessCostVsMedian");
    }
  }
}
