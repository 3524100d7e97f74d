package io.hedgewatch.risk;

import static io.hedgewatch.risk.MarketRuleText.apr;
import static io.hedgewatch.risk.MarketRuleText.hourly;
import static io.hedgewatch.risk.MarketRuleText.number;
import static io.hedgewatch.risk.MarketRuleText.percent;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code funding.divergence}: the market's funding differs from the centralized perps' funding for
 * the same asset. Both sides are annualised from their per-hour rates (venues settle every 1, 4 or
 * 8 hours, and {@link CexFunding#rateHourly()} is already per hour), and the market is compared
 * with the median of the CEX references: gap = market APR - median APR. WARNING when |gap| &gt;
 * warn, CRITICAL when |gap| &gt; critical. {@code value} is |gap| and {@code threshold} the crossed
 * level, both in percent APR (10.0 = 10 % a year). Nothing without a current rate or without CEX
 * references.
 */
public final class FundingDivergenceRule {

  public static final String ID = "funding.divergence";

  private FundingDivergenceRule() {}

  /** Market APR minus the CEX median APR, as a fraction a year; empty when either is missing. */
  public static Optional<BigDecimal> gap(MarketSnapshot snapshot, List<CexFunding> cex) {
    if (cex.isEmpty()) {
      return Optional.empty();
    }
    return snapshot.fundingApr().map(a -> a.subtract(cexMedianApr(cex)));
  }

  public static List<Alert> evaluate(
      String marketId, MarketSnapshot snapshot, List<CexFunding> cex, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    Optional<BigDecimal> gap = gap(snapshot, cex);
    if (gap.isEmpty()) {
      return List.of();
    }
    BigDecimal magnitude = gap.get().abs();
    BigDecimal warn = settings.ratio("warn");
    BigDecimal critical = settings.ratio("critical");
    Optional<Breach> breach = Breach.above(magnitude, warn, critical);
    if (breach.isEmpty()) {
      return List.of();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    BigDecimal rate = snapshot.fundingRateHourly().orElseThrow();
    BigDecimal gapPct = percent(magnitude);
    BigDecimal levelPct = percent(level);
    boolean above = gap.get().signum() > 0;
    String message =
        "funding on market "
            + marketId
            + " is "
            + apr(snapshot.fundingApr().orElseThrow())
            + " ("
            + hourly(rate)
            + "), "
            + number(gapPct, levelPct)
            + " % APR "
            + (above ? "above" : "below")
            + " the "
            + (cex.size() == 1 ? "" : "median of the ")
            + "centralized perps' "
            + apr(cexMedianApr(cex))
            + " ("
            + cexText(cex)
            + "), beyond the "
            + MarketRuleText.severityLevel(severity)
            + " level of "
            + number(levelPct)
            + " % APR; "
            + (above
                ? "longs pay more (or receive less) here than on the centralized venues, shorts"
                    + " receive more"
                : "shorts pay more (or receive less) here than on the centralized venues, longs"
                    + " receive more");
    String costly = above ? "long" : "short";
    String action =
        (severity == Severity.CRITICAL
                ? "check the venue's funding and index before trusting them; "
                : "")
            + "if your hedge on this market is "
            + costly
            + ", compare its carry with holding it on a centralized venue; if it is the other"
            + " side, do not count on the gap lasting: it tends to close suddenly";
    return List.of(
        new Alert(
            ID,
            severity,
            MarketRuleText.marketSubject(marketId),
            message,
            gapPct.doubleValue(),
            levelPct.doubleValue(),
            action));
  }

  static BigDecimal cexMedianApr(List<CexFunding> cex) {
    return DecimalMath.median(cex.stream().map(CexFunding::rateHourly).toList())
        .multiply(MarketSnapshot.HOURS_PER_YEAR);
  }

  /** "binance ETHUSDT +10.95 % APR (+0.01 % per 8h), okx ETH-USDT-SWAP ...". */
  private static String cexText(List<CexFunding> cex) {
    return cex.stream()
        .map(
            c ->
                c.venue().configName()
                    + " "
                    + c.symbol()
                    + " "
                    + apr(c.apr())
                    + " ("
                    + signedPct(c.rateRaw())
                    + " per "
                    + MarketRuleText.interval(c.interval())
                    + ")")
        .collect(Collectors.joining(", "));
  }

  private static String signedPct(BigDecimal fraction) {
    return (fraction.signum() > 0 ? "+" : "") + MarketRuleText.pct(fraction);
  }
}
