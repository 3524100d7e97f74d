package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleRuleText.bpsText;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code basis.wide}: the market's mark price is far from another price of the same asset. Three
 * comparisons, each basis = |mark - other| / other, compared exactly:
 *
 * <ol>
 *   <li>the venue's own index (oracle) price: what funding and liquidations are measured against;
 *   <li>the median of the centralized perps' mark prices (every {@link CexFunding} with a mark);
 *   <li>the spot reference composite of the asset, when it has a price.
 * </ol>
 *
 * Centralized marks are taken as quoted: a USDT-margined perp's mark counts as USD, as the DEX's
 * USDC or USD quote does; a stablecoin off its peg is {@code collateral.depeg}'s and {@code
 * reference.divergence}'s business. WARNING when a basis &gt; warn, CRITICAL when &gt; critical;
 * one alert per market with every comparison beyond a level, widest first. {@code value} and {@code
 * threshold} are the widest basis and its crossed level, in bps. Nothing without a positive mark; a
 * comparison without a positive other price is skipped.
 */
public final class BasisWideRule {

  public static final String ID = "basis.wide";

  private BasisWideRule() {}

  /** Signed (mark - index) / index in bps; empty without a positive mark and index. */
  public static Optional<BigDecimal> indexBasisBps(MarketSnapshot snapshot) {
    return basisBps(snapshot, snapshot.indexPrice());
  }

  /** Signed (mark - median CEX mark) / median in bps; empty without a mark on either side. */
  public static Optional<BigDecimal> cexBasisBps(MarketSnapshot snapshot, MarketContext context) {
    return basisBps(snapshot, cexMedianMark(context));
  }

  /** Signed (mark - reference) / reference in bps; empty without a mark or a reference price. */
  public static Optional<BigDecimal> referenceBasisBps(
      MarketSnapshot snapshot, MarketContext context) {
    return basisBps(snapshot, context.referencePrice());
  }

  public static List<Alert> evaluate(
      String marketId, MarketSnapshot snapshot, MarketContext context, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    Optional<BigDecimal> mark = snapshot.markPrice().filter(p -> p.signum() > 0);
    if (mark.isEmpty()) {
      return List.of();
    }
    BigDecimal warn = settings.ratio("warn");
    BigDecimal critical = settings.ratio("critical");
    List<Judged> judged = new ArrayList<>();
    judge(mark.get(), snapshot.indexPrice(), "the venue's index", "", warn, critical)
        .ifPresent(judged::add);
    if (!context.cexMarks().isEmpty()) {
      judge(
              mark.get(),
              cexMedianMark(context),
              context.cexMarks().size() == 1
                  ? "the centralized perp's mark"
                  : "the centralized perps' median mark",
              " (" + cexMarksText(context.cexMarks()) + ")",
              warn,
              critical)
          .ifPresent(judged::add);
    }
    if (context.referencePrice().isPresent()) {
      ReferencePrice reference = context.reference().orElseThrow();
      judge(
              mark.get(),
              reference.price(),
              "the " + reference.pair() + " spot reference",
              " (" + OracleDriftRule.sourcesText(reference) + ")",
              warn,
              critical)
          .ifPresent(judged::add);
    }
    List<OracleRuleText.Finding> findings =
        judged.stream()
            .sorted(Comparator.comparing(Judged::basisBps).reversed())
            .map(j -> j.finding(mark.get()))
            .toList();
    return OracleRuleText.merge(
        ID,
        MarketRuleText.marketSubject(marketId),
        "basis on market " + marketId + " is wide: ",
        findings);
  }

  private record Judged(
      String name,
      String detail,
      BigDecimal other,
      Severity severity,
      BigDecimal level,
      BigDecimal basisBps) {

    OracleRuleText.Finding finding(BigDecimal mark) {
      BigDecimal levelBps = OracleRuleText.bps(level);
      String message =
          "mark "
              + mark.toPlainString()
              + " is "
              + bpsText(basisBps, levelBps)
              + " "
              + (mark.compareTo(other) > 0 ? "above" : "below")
              + " "
              + name
              + " "
              + other.toPlainString()
              + detail
              + ", beyond the "
              + MarketRuleText.severityLevel(severity)
              + " level of "
              + bpsText(levelBps);
      String action =
          severity == Severity.CRITICAL
              ? "the venue prices this market far from elsewhere and liquidates at its own mark:"
                  + " check the hedge's liquidation price at this mark and the venue's oracle, and"
                  + " do not open or close size here until the gap closes unless you must"
              : "adjusting the hedge here costs this basis: check the venue's mark, index and book"
                  + " before trading, and watch whether the gap closes";
      return new OracleRuleText.Finding(
          severity, message, basisBps.doubleValue(), levelBps.doubleValue(), action);
    }
  }

  private static Optional<Judged> judge(
      BigDecimal mark,
      Optional<BigDecimal> other,
      String name,
      String detail,
      BigDecimal warn,
      BigDecimal critical) {
    Optional<BigDecimal> positive = other.filter(p -> p.signum() > 0);
    if (positive.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal o = positive.get();
    BigDecimal gap = mark.subtract(o).abs();
    Optional<Breach> breach = Breach.above(gap, warn, critical, o);
    if (breach.isEmpty()) {
      return Optional.empty();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    return Optional.of(
        new Judged(name, detail, o, severity, level, OracleRuleText.ratioBps(gap, o)));
  }

  private static Optional<BigDecimal> basisBps(
      MarketSnapshot snapshot, Optional<BigDecimal> other) {
    Optional<BigDecimal> mark = snapshot.markPrice().filter(p -> p.signum() > 0);
    Optional<BigDecimal> o = other.filter(p -> p.signum() > 0);
    if (mark.isEmpty() || o.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(OracleRuleText.ratioBps(mark.get().subtract(o.get()), o.get()));
  }

  private static Optional<BigDecimal> cexMedianMark(MarketContext context) {
    List<CexFunding> marks = context.cexMarks();
    if (marks.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        DecimalMath.median(marks.stream().map(c -> c.markPrice().orElseThrow()).toList()));
  }

  /** "binance ETHUSDT 3000.1, okx ETH-USDT-SWAP 3000.3". */
  private static String cexMarksText(List<CexFunding> marks) {
    return marks.stream()
        .map(
            c ->
                c.venue().configName()
                    + " "
                    + c.symbol()
                    + " "
                    + c.markPrice().orElseThrow().toPlainString())
        .collect(Collectors.joining(", "));
  }
}
