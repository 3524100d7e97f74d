package io.hedgewatch.monitor;

import io.hedgewatch.config.MarketConfig;
import io.hedgewatch.config.VenueConfig;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.MarketContext;
import java.util.Objects;
import java.util.Optional;

/**
 * One market in a check.
 *
 * @param historyProblem why the funding history could not be read, when it could not
 * @param fundingZScore the current funding's z-score against the history, when there is enough
 *     history
 * @param basisBps mark against index, in bps
 * @param historySource where the funding history came from; empty when the market was not read
 */
public record MarketReport(
    MarketConfig market,
    VenueConfig venue,
    Read<MarketSnapshot> snapshot,
    MarketContext context,
    Optional<String> historyProblem,
    Optional<Double> fundingZScore,
    Optional<Double> basisBps,
    Severity status,
    Optional<FundingHistory.Source> historySource) {

  public MarketReport {
    Objects.requireNonNull(historySource, "historySource");
  }

  /** A market whose funding history was not looked for (it could not be read). */
  public MarketReport(
      MarketConfig market,
      VenueConfig venue,
      Read<MarketSnapshot> snapshot,
      MarketContext context,
      Optional<String> historyProblem,
      Optional<Double> fundingZScore,
      Optional<Double> basisBps,
      Severity status) {
    this(
        market,
        venue,
        snapshot,
        context,
        historyProblem,
        fundingZScore,
        basisBps,
        status,
        Optional.empty());
  }
}
