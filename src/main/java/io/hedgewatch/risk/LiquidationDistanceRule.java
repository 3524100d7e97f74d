package io.hedgewatch.risk;

import static io.hedgewatch.risk.PositionRuleText.amount;
import static io.hedgewatch.risk.PositionRuleText.money;
import static io.hedgewatch.risk.PositionRuleText.pct;
import static io.hedgewatch.risk.PositionRuleText.price;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code position.liquidation-distance}: the position is close to liquidation, by price or by
 * probability. Findings, merged into one alert on {@code position:ID}:
 *
 * <ul>
 *   <li><b>now</b>: equity at or below maintenance, or the venue says it can be liquidated:
 *       CRITICAL.
 *   <li><b>distance</b> ({@link PositionMath.Liquidation#distance()}, a fraction of the mark):
 *       WARNING when &lt; warn, CRITICAL when &lt; critical.
 *   <li><b>probability</b> of touching the liquidation price within {@code horizon} under a
 *       driftless random walk with the asset's realised volatility ({@link Volatility}): WARNING
 *       when &gt; probabilityWarn, CRITICAL when &gt; probabilityCritical. Needs a volatility.
 * </ul>
 *
 * {@code value} and {@code threshold} are in percent: the distance (or, when the probability sets
 * the severity, the probability). The action adds margin or cuts the position until the distance is
 * back to {@code warn} and the probability back to {@code probabilityWarn}, whichever needs the
 * larger distance; a cut keeps the margin in the position.
 */
public final class LiquidationDistanceRule {

  public static final String ID = "position.liquidation-distance";

  /** Probability targets are rounded outwards at this precision, beyond double's own error. */
  private static final MathContext TARGET = new MathContext(10, RoundingMode.UP);

  private LiquidationDistanceRule() {}

  /**
   * The position's distance to liquidation in standard deviations of its asset over {@code
   * horizon}, positive while not liquidatable (negative past it); empty without a liquidation price
   * or a volatility.
   */
  public static Optional<Double> sigmas(
      PositionSnapshot p,
      PositionMath.Liquidation liq,
      Optional<RealisedVolatility> volatility,
      Duration horizon) {
    if (liq.price().isEmpty() || volatility.isEmpty()) {
      return Optional.empty();
    }
    double s = Volatility.sigmas(p.markPrice(), liq.price().get(), volatility.get(), horizon);
    return Optional.of(liq.liquidatableNow() ? -s : s);
  }

  /**
   * The probability that the price touches the liquidation price within {@code horizon}: 1 when
   * liquidatable now; empty without a liquidation price or a volatility.
   */
  public static Optional<Double> probability(
      PositionSnapshot p,
      PositionMath.Liquidation liq,
      Optional<RealisedVolatility> volatility,
      Duration horizon) {
    if (liq.liquidatableNow() && volatility.isPresent()) {
      return Optional.of(1.0);
    }
    return sigmas(p, liq, volatility, horizon).map(Volatility::touchProbability);
  }

  public static List<Alert> evaluate(PositionSnapshot p, PositionContext ctx, RuleSettings s) {
    if (!s.enabled()) {
      return List.of();
    }
    PositionMath.Liquidation liq = PositionMath.liquidation(p);
    BigDecimal warn = s.ratio("warn");
    BigDecimal critical = s.ratio("critical");
    Duration horizon = s.duration("horizon");
    Optional<Double> probability = probability(p, liq, ctx.volatility(), horizon);

    List<Finding> findings = new ArrayList<>();
    if (liq.liquidatableNow()) {
      findings.add(
          new Finding(
              Severity.CRITICAL,
              nowText(p, ctx, liq),
              liq.distance().map(d -> MarketRuleText.percent(d).doubleValue()).orElse(null),
              MarketRuleText.percent(critical).doubleValue()));
    } else {
      liq.distance().flatMap(d -> distanceFinding(d, liq, warn, critical)).ifPresent(findings::add);
      probability
          .flatMap(
              pr ->
                  probabilityFinding(
                      pr,
                      s.ratio("probabilityWarn"),
                      s.ratio("probabilityCritical"),
                      horizon,
                      p,
                      liq,
                      ctx))
          .ifPresent(findings::add);
    }
    if (findings.isEmpty()) {
      return List.of();
    }
    String action = action(p, ctx, liq, targetDistance(liq.curve(), ctx, s), warn, s);
    String lead = PositionRuleText.named(p, ctx.asset()) + " ";
    String context = "";
    boolean hasProbabilityFinding = findings.stream().anyMatch(Finding::probability);
    if (!liq.liquidatableNow() && !hasProbabilityFinding && probability.isPresent()) {
      context =
          "; "
              + PositionRuleText.probability(probability.get())
              + " chance of touching it within "
              + PositionRuleText.horizon(horizon)
              + sigmaText(p, liq, ctx, horizon);
    }
    Alert alert =
        OracleRuleText.merge(
                ID,
                PositionRuleText.positionSubject(p.positionId()),
                lead,
                findings.stream().map(f -> f.toOracleFinding(action)).toList())
            .get(0);
    return List.of(alert.withMessage(alert.message() + context));
  }

  /**
   * The distance the action aims for: {@code warn}, or further when the touch probability at {@code
   * warn} would still exceed {@code probabilityWarn}.
   */
  static BigDecimal targetDistance(MarginCurve curve, PositionContext ctx, RuleSettings s) {
    BigDecimal warn = s.ratio("warn");
    BigDecimal pWarn = s.ratio("probabilityWarn");
    if (ctx.volatility().isEmpty() || pWarn.signum() <= 0 || pWarn.compareTo(BigDecimal.ONE) >= 0) {
      return warn;
    }
    double logDistance =
        Volatility.logDistanceFor(
            pWarn.doubleValue(), ctx.volatility().get(), s.duration("horizon"));
    boolean falls = curve.dangerIsAFall();
    double fraction = falls ? -Math.expm1(-logDistance) : Math.expm1(logDistance);
    if (!(fraction > 0) || Double.isInfinite(fraction)) {
      return warn;
    }
    return warn.max(new BigDecimal(fraction).round(TARGET));
  }

  private record Finding(
      Severity severity, String message, Double value, Double threshold, boolean probability) {
    Finding(Severity severity, String message, Double value, Double threshold) {
      this(severity, message, value, threshold, false);
    }

    OracleRuleText.Finding toOracleFinding(String action) {
      return new OracleRuleText.Finding(severity, message, value, threshold, action);
    }
  }

  private static Optional<Finding> distanceFinding(
      BigDecimal distance, PositionMath.Liquidation liq, BigDecimal warn, BigDecimal critical) {
    Optional<Breach> breach = Breach.below(distance, warn, critical);
    if (breach.isEmpty()) {
      return Optional.empty();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    BigDecimal distancePct = MarketRuleText.percent(distance);
    BigDecimal levelPct = MarketRuleText.percent(level);
    String message =
        "is "
            + MarketRuleText.number(distancePct, levelPct)
            + " % from its liquidation price of "
            + price(liq.price().orElseThrow())
            + " ("
            + basisText(liq)
            + "), closer than the "
            + MarketRuleText.severityLevel(severity)
            + " level of "
            + MarketRuleText.number(levelPct)
            + " %";
    return Optional.of(
        new Finding(severity, message, distancePct.doubleValue(), levelPct.doubleValue()));
  }

  private static Optional<Finding> probabilityFinding(
      double probability,
      BigDecimal warn,
      BigDecimal critical,
      Duration horizon,
      PositionSnapshot p,
      PositionMath.Liquidation liq,
      PositionContext ctx) {
    Severity severity;
    BigDecimal level;
    if (probability > critical.doubleValue()) {
      severity = Severity.CRITICAL;
      level = critical;
    } else if (probability > warn.doubleValue()) {
      severity = Severity.WARNING;
      level = warn;
    } else {
      return Optional.empty();
    }
    String message =
        "has a "
            + PositionRuleText.probability(probability)
            + " chance of touching its liquidation price of "
            + price(liq.price().orElseThrow())
            + " within "
            + PositionRuleText.horizon(horizon)
            + sigmaText(p, liq, ctx, horizon)
            + ", above the "
            + MarketRuleText.severityLevel(severity)
            + " level of "
            + pct(level);
    return Optional.of(
        new Finding(
            severity,
            message,
            probability * 100,
            MarketRuleText.percent(level).doubleValue(),
            true));
  }

  private static String sigmaText(
      PositionSnapshot p, PositionMath.Liquidation liq, PositionContext ctx, Duration horizon) {
    Optional<Double> sigmas = sigmas(p, liq, ctx.volatility(), horizon);
    if (sigmas.isEmpty()) {
      return "";
    }
    return " ("
        + MarketRuleText.number(BigDecimal.valueOf(sigmas.get()))
        + " standard deviations at "
        + MarketRuleText.number(BigDecimal.valueOf(ctx.volatility().get().annualised() * 100))
        + " % annualised volatility)";
  }

  private static String nowText(
      PositionSnapshot p, PositionContext ctx, PositionMath.Liquidation liq) {
    String margin =
        "its equity of "
            + money(p.equity(), ctx.quote())
            + " is "
            + (p.equity().compareTo(p.maintenanceMargin()) <= 0 ? "at or below" : "above")
            + " its maintenance margin of "
            + money(p.maintenanceMargin(), ctx.quote());
    boolean venue = p.venueSaysLiquidatable().orElse(false);
    return "can be liquidated now: "
        + (venue ? "the venue reports it liquidatable; " : "")
        + margin
        + liq.price()
            .map(pr -> " (liquidation price " + price(pr) + ", " + basisText(liq) + ")")
            .orElse("");
  }

  private static String basisText(PositionMath.Liquidation liq) {
    return liq.basis() == PositionMath.Basis.VENUE
        ? "the venue's"
        : "estimated from equity and maintenance";
  }

  private static String action(
      PositionSnapshot p,
      PositionContext ctx,
      PositionMath.Liquidation liq,
      BigDecimal target,
      BigDecimal warn,
      RuleSettings s) {
    MarginCurve curve = liq.curve();
    BigDecimal add = PositionRuleText.up(curve.marginToReach(target));
    if (add.signum() == 0) {
      return "the venue reports the position liquidatable although its equity is above its"
          + " maintenance margin: check it on the venue and add margin there if it confirms";
    }
    String side = PositionRuleText.side(p);
    BigDecimal cut = PositionRuleText.cut(p.size().subtract(curve.sizeToReach(target)), p.size());
    StringBuilder text =
        new StringBuilder("add ").append(amount(add, ctx.quote())).append(" of margin");
    ctx.buffer()
        .flatMap(b -> b.value())
        .ifPresent(
            value ->
                text.append(
                    value.compareTo(add) >= 0
                        ? " (the buffer holds " + money(value, ctx.quote()) + ": move it in)"
                        : " (the buffer holds only " + money(value, ctx.quote()) + ")"));
    text.append(" or ");
    if (cut.compareTo(p.size()) >= 0) {
      text.append("close the ")
          .append(side)
          .append(" (")
          .append(amount(DecimalMath.normalized(p.size()), ctx.asset()))
          .append(")");
    } else {
      text.append("cut the ")
          .append(side)
          .append(" by ")
          .append(amount(cut, ctx.asset()))
          .append(" (keeping its margin")
          .append(PositionRuleText.hedgeAfter(p, ctx, cut))
          .append(")");
    }
    text.append(" to get back to ")
        .append(pct(target.equals(warn) ? warn : target))
        .append(" from liquidation");
    if (target.compareTo(warn) > 0) {
      text.append(", which keeps the chance of touching it within ")
          .append(PositionRuleText.horizon(s.duration("horizon")))
          .append(" under ")
          .append(pct(s.ratio("probabilityWarn")));
    }
    return text.toString();
  }
}
