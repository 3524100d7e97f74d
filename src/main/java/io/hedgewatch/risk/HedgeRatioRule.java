package io.hedgewatch.risk;

import static io.hedgewatch.risk.PositionRuleText.amount;
import static io.hedgewatch.risk.PositionRuleText.pct;
import static io.hedgewatch.risk.PositionRuleText.ratio;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.HedgedExposure;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;

/**
 * {@code hedge.ratio}: the hedge ratio ({@link PositionMath#hedgeRatio}) is outside the position's
 * band ({@link HedgeTarget}): WARNING. CRITICAL when it is below {@code criticalBelow} × target or
 * above {@code criticalAbove} × target (a perp on the exposure's own side has a negative ratio),
 * and when the exposure is zero, so the perp hedges nothing. Needs an exposure; a ratio on the
 * band's edge is inside it. {@code value} and {@code threshold} are plain ratios: the hedge ratio
 * and the crossed bound.
 *
 * <p>The action resizes the perp to the target ratio, rounded so that the new ratio stays inside
 * the band, and says how much margin a larger hedge needs to stay {@code
 * position.liquidation-distance}'s warn distance from liquidation.
 */
public final class HedgeRatioRule {

  public static final String ID = "hedge.ratio";

  private HedgeRatioRule() {}

  /**
   * @param distance {@code position.liquidation-distance}'s settings: a resized hedge should keep
   *     clear of that rule
   */
  public static List<Alert> evaluate(
      PositionSnapshot p, PositionContext ctx, RuleSettings s, RuleSettings distance) {
    if (!s.enabled() || ctx.exposure().isEmpty()) {
      return List.of();
    }
    HedgedExposure exposure = ctx.exposure().get();
    HedgeTarget target = ctx.hedgeTarget();
    String subject = PositionRuleText.positionSubject(p.positionId());
    String side = PositionRuleText.side(p);
    String lead = PositionRuleText.named(p, ctx.asset()) + " ";
    if (exposure.amount().signum() == 0) {
      return List.of(
          new Alert(
              ID,
              Severity.CRITICAL,
              subject,
              lead
                  + "hedges an exposure of 0 "
                  + ctx.asset()
                  + " ("
                  + exposure.source()
                  + "): the "
                  + side
                  + " is a bet of its own, not a hedge",
              null,
              null,
              "close the "
                  + side
                  + " ("
                  + amount(DecimalMath.normalized(p.size()), ctx.asset())
                  + "), or bring back the exposure it hedges"));
    }
    BigDecimal hedgeRatio = PositionMath.hedgeRatio(p, exposure).orElseThrow();
    BigDecimal criticalLow = s.ratio("criticalBelow").multiply(target.ratio());
    BigDecimal criticalHigh = s.ratio("criticalAbove").multiply(target.ratio());
    Severity severity;
    BigDecimal bound;
    String where;
    if (hedgeRatio.compareTo(criticalLow) < 0) {
      severity = Severity.CRITICAL;
      bound = criticalLow;
      where = "below the critical level of " + ratio(criticalLow);
    } else if (hedgeRatio.compareTo(criticalHigh) > 0) {
      severity = Severity.CRITICAL;
      bound = criticalHigh;
      where = "above the critical level of " + ratio(criticalHigh);
    } else if (hedgeRatio.compareTo(target.low()) < 0) {
      severity = Severity.WARNING;
      bound = target.low();
      where = "below its band " + band(target);
    } else if (hedgeRatio.compareTo(target.high()) > 0) {
      severity = Severity.WARNING;
      bound = target.high();
      where = "above its band " + band(target);
    } else {
      return List.of();
    }
    BigDecimal netDelta = PositionMath.netDelta(p, exposure);
    String message =
        lead
            + (hedgeRatio.signum() < 0
                ? "adds to the exposure it should hedge: hedge ratio "
                : "has a hedge ratio of ")
            + MarketRuleText.number(hedgeRatio, bound)
            + " against "
            + amount(DecimalMath.normalized(exposure.amount()), ctx.asset())
            + " ("
            + exposure.source()
            + "; net delta "
            + (netDelta.signum() > 0 ? "+" : "")
            + amount(DecimalMath.normalized(netDelta), ctx.asset())
            + "), "
            + where;
    return List.of(
        new Alert(
            ID,
            severity,
            subject,
            message,
            hedgeRatio.doubleValue(),
            bound.doubleValue(),
            action(p, ctx, exposure, target, distance)));
  }

  /** ", and add 1,250 USDC of margin with it to stay 15 % from liquidation", or nothing. */
  private static String marginNote(MarginCurve resized, PositionContext ctx, RuleSettings s) {
    BigDecimal distance = LiquidationDistanceRule.targetDistance(resized, ctx, s);
    BigDecimal more = PositionRuleText.up(resized.marginToReach(distance));
    if (more.signum() <= 0) {
      return "";
    }
    return ", and add "
        + amount(more, ctx.quote())
        + " of margin with it to stay "
        + pct(distance)
        + " from liquidation";
  }

  /** The position closed and reopened on {@code side} at {@code size}, the margin kept. */
  private static MarginCurve flipped(MarginCurve curve, PositionSide side, BigDecimal size) {
    MarginCurve resized = curve.withSize(size);
    return new MarginCurve(
        side,
        size,
        curve.mark(),
        curve.equity(),
        resized.fixedMaintenance(),
        resized.variableMaintenance());
  }

  private static String band(HedgeTarget target) {
    return "[" + ratio(target.low()) + ", " + ratio(target.high()) + "]";
  }

  private static String action(
      PositionSnapshot p,
      PositionContext ctx,
      HedgedExposure exposure,
      HedgeTarget target,
      RuleSettings distance) {
    BigDecimal held = exposure.amount().abs();
    PositionSide hedgeSide =
        exposure.amount().signum() > 0 ? PositionSide.SHORT : PositionSide.LONG;
    String hedgeSideName = hedgeSide.name().toLowerCase(Locale.ROOT);
    BigDecimal lowSize = target.low().multiply(held);
    BigDecimal highSize = target.high().multiply(held);
    BigDecimal targetSize = target.ratio().multiply(held);
    String goal = " to restore a " + ratio(target.ratio()) + " hedge ratio";
    if (p.side() != hedgeSide) {
      BigDecimal open = PositionRuleText.within(targetSize, lowSize, highSize);
      return "close the "
          + PositionRuleText.side(p)
          + " ("
          + amount(DecimalMath.normalized(p.size()), ctx.asset())
          + ") and open a "
          + hedgeSideName
          + " of "
          + amount(open, ctx.asset())
          + goal
          + marginNote(flipped(PositionMath.curve(p), hedgeSide, open), ctx, distance);
    }
    BigDecimal change =
        PositionRuleText.within(
            targetSize.subtract(p.size()), lowSize.subtract(p.size()), highSize.subtract(p.size()));
    BigDecimal newSize = p.size().add(change);
    if (change.signum() >= 0) {
      return "raise the "
          + hedgeSideName
          + " by "
          + amount(change, ctx.asset())
          + goal
          + marginNote(PositionMath.curve(p).withSize(newSize), ctx, distance);
    }
    if (newSize.signum() <= 0) {
      return "close the " + hedgeSideName + goal;
    }
    return "cut the " + hedgeSideName + " by " + amount(change.negate(), ctx.asset()) + goal;
  }
}
