package io.hedgewatch.risk;

import static io.hedgewatch.risk.MarketRuleText.number;
import static io.hedgewatch.risk.MarketRuleText.percent;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Optional;

/**
 * {@code liquidity.skew}: open interest is lopsided. share = |skew| / total OI, compared exactly,
 * where skew is the venue's own (long - short, as Synthetix reports it) or, without one, long -
 * short from the two sides, and total OI is the venue's total or, without one, long + short.
 * WARNING when share &gt; warn, CRITICAL when share &gt; critical; {@code value} and {@code
 * threshold} in percent. Nothing without a skew or with no open interest.
 *
 * <p>Synthetix's funding velocity follows skew / skewScale, but the snapshot carries no skewScale:
 * the rule stays with what every venue reports, the split of open interest.
 */
public final class SkewRule {

  public static final String ID = "liquidity.skew";

  private SkewRule() {}

  /** Long minus short open interest in base units, as the venue reports it or from both sides. */
  public static Optional<BigDecimal> skew(MarketSnapshot snapshot) {
    if (snapshot.skew().isPresent()) {
      return snapshot.skew();
    }
    if (snapshot.openInterestLong().isPresent() && snapshot.openInterestShort().isPresent()) {
      return Optional.of(
          snapshot.openInterestLong().get().subtract(snapshot.openInterestShort().get()));
    }
    return Optional.empty();
  }

  /** Total open interest in base units, as the venue reports it or long + short. */
  public static Optional<BigDecimal> totalOpenInterest(MarketSnapshot snapshot) {
    if (snapshot.openInterest().isPresent()) {
      return snapshot.openInterest();
    }
    if (snapshot.openInterestLong().isPresent() && snapshot.openInterestShort().isPresent()) {
      return Optional.of(snapshot.openInterestLong().get().add(snapshot.openInterestShort().get()));
    }
    return Optional.empty();
  }

  /** |skew| / total OI in percent; empty without a skew or with no open interest. */
  public static Optional<BigDecimal> sharePct(MarketSnapshot snapshot) {
    Optional<BigDecimal> skew = skew(snapshot);
    Optional<BigDecimal> total = totalOpenInterest(snapshot).filter(t -> t.signum() > 0);
    if (skew.isEmpty() || total.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        DecimalMath.divide(percent(skew.get().abs()), total.get(), MathContext.DECIMAL64));
  }

  public static List<Alert> evaluate(
      String marketId, MarketSnapshot snapshot, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    Optional<BigDecimal> skew = skew(snapshot);
    Optional<BigDecimal> total = totalOpenInterest(snapshot).filter(t -> t.signum() > 0);
    if (skew.isEmpty() || total.isEmpty()) {
      return List.of();
    }
    BigDecimal magnitude = skew.get().abs();
    BigDecimal warn = settings.ratio("warn");
    BigDecimal critical = settings.ratio("critical");
    Optional<Breach> breach = Breach.above(magnitude, warn, critical, total.get());
    if (breach.isEmpty()) {
      return List.of();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    BigDecimal sharePct = sharePct(snapshot).orElseThrow();
    BigDecimal levelPct = percent(level);
    String crowded = skew.get().signum() > 0 ? "long" : "short";
    String other = skew.get().signum() > 0 ? "short" : "long";
    String message =
        "open interest on market "
            + marketId
            + " is lopsided to the "
            + crowded
            + " side: net "
            + crowded
            + " "
            + magnitude.toPlainString()
            + " of "
            + total.get().toPlainString()
            + " open in all, "
            + number(sharePct, levelPct)
            + " %, beyond the "
            + MarketRuleText.severityLevel(severity)
            + " level of "
            + number(levelPct)
            + " %; the "
            + crowded
            + " side tends to pay funding and price impact here";
    String action =
        "if your hedge is "
            + crowded
            + ", expect its funding to rise and its exit to move the price; if it is "
            + other
            + ", it is likely to be paid funding"
            + (severity == Severity.CRITICAL
                ? "; either way keep extra margin: a crowded side unwinding moves the mark sharply"
                : "");
    return List.of(
        new Alert(
            ID,
            severity,
            MarketRuleText.marketSubject(marketId),
            message,
            sharePct.doubleValue(),
            levelPct.doubleValue(),
            action));
  }
}
