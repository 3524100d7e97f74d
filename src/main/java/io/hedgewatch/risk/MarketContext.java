package io.hedgewatch.risk;

import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.ReferencePrice;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the market rules compare one market's snapshot with, gathered by the caller for the same
 * observation.
 *
 * @param fundingHistory the market's settled funding, per hour, in any order; {@code funding.spike}
 *     takes the points of its window before the snapshot's time
 * @param cexFunding the centralized perps of the market's asset (funding per hour with each venue's
 *     interval, and their marks for {@code basis.wide}); already filtered for freshness by the
 *     caller; all of one base asset
 * @param reference the spot reference composite of the market's asset, when it has one
 */
public record MarketContext(
    List<FundingPoint> fundingHistory,
    List<CexFunding> cexFunding,
    Optional<ReferencePrice> reference) {

  public static final MarketContext EMPTY =
      new MarketContext(List.of(), List.of(), Optional.empty());

  /**
   * @throws IllegalArgumentException when the CEX references or the reference composite are not all
   *     of one base asset (a wiring bug, not a finding)
   */
  public MarketContext {
    fundingHistory = List.copyOf(fundingHistory);
    cexFunding = List.copyOf(cexFunding);
    Objects.requireNonNull(reference, "reference");
    String base = null;
    for (CexFunding c : cexFunding) {
      base = sameBase(base, c.pair().base(), c.venue().configName() + " " + c.symbol());
    }
    if (reference.isPresent()) {
      sameBase(base, reference.get().pair().base(), "reference " + reference.get().pair());
    }
  }

  private static String sameBase(String expected, String actual, String what) {
    if (expected != null && !expected.equals(actual)) {
      throw new IllegalArgumentException(
          "market context mixes assets: " + what + " is " + actual + ", not " + expected);
    }
    return actual;
  }

  /** The CEX perps that gave a positive mark price, in {@link #cexFunding()} order. */
  public List<CexFunding> cexMarks() {
    return cexFunding.stream()
        .filter(c -> c.markPrice().filter(p -> p.signum() > 0).isPresent())
        .toList();
  }

  /** The reference composite's price, when there is a composite and it has a price. */
  public Optional<BigDecimal> referencePrice() {
    return reference.flatMap(ReferencePrice::price);
  }
}
