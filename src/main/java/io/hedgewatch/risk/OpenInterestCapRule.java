package io.hedgewatch.risk;

import static io.hedgewatch.risk.MarketRuleText.number;
import static io.hedgewatch.risk.MarketRuleText.percent;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * {@code liquidity.oi-cap}: a side's open interest is near the venue's cap for that side (GMX's and
 * Synthetix's per-side maximum open interest), so a hedge on that side may not be increased, or
 * reopened once closed. Per side, utilisation = OI / cap, compared exactly: WARNING when &gt; warn,
 * CRITICAL when &gt; critical. A side with no cap in the snapshot is skipped, as is a side whose OI
 * is not reported; a cap of 0 means the venue takes no new positions on that side (how GMX v2 and
 * Synthetix v3 read a zero maximum) and is CRITICAL with no value. Both sides merge into one alert,
 * the fuller side first; {@code value} and {@code threshold} are its utilisation and crossed level
 * in percent of the cap.
 */
public final class OpenInterestCapRule {

  public static final String ID = "liquidity.oi-cap";

  private OpenInterestCapRule() {}

  /** OI / cap of one side in percent; empty without both, or with a cap of 0. */
  public static Optional<BigDecimal> utilisationPct(
      Optional<BigDecimal> openInterest, Optional<BigDecimal> cap) {
    if (openInterest.isEmpty() || cap.isEmpty() || cap.get().signum() <= 0) {
      return Optional.empty();
    }
    return Optional.of(
        DecimalMath.divide(percent(openInterest.get()), cap.get(), MathContext.DECIMAL64));
  }

  public static List<Alert> evaluate(
      String marketId, MarketSnapshot snapshot, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    BigDecimal warn = settings.ratio("warn");
    BigDecimal critical = settings.ratio("critical");
    List<Side> sides = new ArrayList<>();
    judge("long", snapshot.openInterestLong(), snapshot.maxOpenInterestLong(), warn, critical)
        .ifPresent(sides::add);
    judge("short", snapshot.openInterestShort(), snapshot.maxOpenInterestShort(), warn, critical)
        .ifPresent(sides::add);
    List<OracleRuleText.Finding> findings =
        sides.stream()
            .sorted(Comparator.comparing(Side::sortKey).reversed())
            .map(Side::finding)
            .toList();
    return OracleRuleText.merge(
        ID,
        MarketRuleText.marketSubject(marketId),
        "open interest on market " + marketId + " is near its cap: ",
        findings);
  }

  private record Side(
      String side,
      BigDecimal openInterest,
      BigDecimal cap,
      Severity severity,
      BigDecimal level,
      Optional<BigDecimal> utilisationPct) {

    /** A closed side (cap 0) sorts before any utilisation. */
    BigDecimal sortKey() {
      return utilisationPct.orElse(BigDecimal.valueOf(Long.MAX_VALUE));
    }

    OracleRuleText.Finding finding() {
      BigDecimal levelPct = percent(level);
      if (utilisationPct.isEmpty()) {
        return new OracleRuleText.Finding(
            severity,
            side
                + " cap is 0, so the venue takes no new "
                + side
                + " positions ("
                + side
                + " open interest "
                + openInterest.toPlainString()
                + ")",
            null,
            null,
            action(side, severity));
      }
      String message =
          side
              + " open interest "
              + openInterest.toPlainString()
              + " is "
              + number(utilisationPct.get(), levelPct)
              + " % of the "
              + side
              + " cap "
              + cap.toPlainString()
              + " (room for "
              + cap.subtract(openInterest).max(BigDecimal.ZERO).toPlainString()
              + " more), beyond the "
              + MarketRuleText.severityLevel(severity)
              + " level of "
              + number(levelPct)
              + " %";
      return new OracleRuleText.Finding(
          severity,
          message,
          utilisationPct.get().doubleValue(),
          levelPct.doubleValue(),
          action(side, severity));
    }
  }

  private static Optional<Side> judge(
      String side,
      Optional<BigDecimal> openInterest,
      Optional<BigDecimal> cap,
      BigDecimal warn,
      BigDecimal critical) {
    if (openInterest.isEmpty() || cap.isEmpty() || cap.get().signum() < 0) {
      return Optional.empty();
    }
    BigDecimal oi = openInterest.get();
    BigDecimal c = cap.get();
    if (c.signum() == 0) {
      return Optional.of(new Side(side, oi, c, Severity.CRITICAL, critical, Optional.empty()));
    }
    Optional<Breach> breach = Breach.above(oi, warn, critical, c);
    if (breach.isEmpty()) {
      return Optional.empty();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    return Optional.of(new Side(side, oi, c, severity, level, utilisationPct(openInterest, cap)));
  }

  private static String action(String side, Severity severity) {
    return severity == Severity.CRITICAL
        ? "a "
            + side
            + " hedge on this market may not be increased, or reopened once closed: keep the"
            + " margin to hold it, and line up another venue before you need to adjust it"
        : "the "
            + side
            + " side is filling up: if your hedge is "
            + side
            + ", make the adjustments you expect to need soon, or line up another venue";
  }
}
