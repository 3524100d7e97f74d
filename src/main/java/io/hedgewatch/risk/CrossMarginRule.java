package io.hedgewatch.risk;

import static io.hedgewatch.risk.PositionRuleText.amount;
import static io.hedgewatch.risk.PositionRuleText.money;
import static io.hedgewatch.risk.PositionRuleText.pct;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.util.List;

/**
 * {@code position.cross-margin}: the hedge is on cross margin, so the account's other positions and
 * the hedge can liquidate each other. A fact: WARNING, {@code value} and {@code threshold} null.
 * Where the venue says the account holds this position alone ({@link
 * PositionSnapshot#accountOpenPositions()} 1, as Synthetix's {@code getAccountOpenPositions}
 * tells), nothing shares its equity and the rule is quiet; where the venue does not say, it warns.
 * The action gives the isolated margin that keeps the position clear of {@code
 * position.liquidation-distance} at today's mark (its warn distance, or further when the touch
 * probability asks), counting the account's whole maintenance margin as the position's own (the
 * snapshot cannot split it), so it is enough, not the least.
 */
public final class CrossMarginRule {

  public static final String ID = "position.cross-margin";

  private CrossMarginRule() {}

  /**
   * @param distance {@code position.liquidation-distance}'s settings: the isolated margin should
   *     keep clear of that rule
   */
  public static List<Alert> evaluate(
      PositionSnapshot p, PositionContext ctx, RuleSettings s, RuleSettings distance) {
    if (!s.enabled()
        || p.marginMode() != MarginMode.CROSS
        || p.accountOpenPositions().map(n -> n <= 1).orElse(false)) {
      return List.of();
    }
    MarginCurve curve = PositionMath.curve(p);
    BigDecimal targetDistance = LiquidationDistanceRule.targetDistance(curve, ctx, distance);
    BigDecimal isolated = PositionRuleText.up(curve.equityToReach(targetDistance));
    String side = PositionRuleText.side(p);
    String message =
        PositionRuleText.named(p, ctx.asset())
            + " is on cross margin: the account's equity of "
            + money(p.equity(), ctx.quote())
            + " backs it together with every other position of the account, so a loss elsewhere"
            + " can liquidate the hedge, and the hedge's loss the rest";
    String action =
        "move the "
            + side
            + " to isolated margin with "
            + amount(isolated, ctx.quote())
            + ": that keeps it "
            + pct(targetDistance)
            + " from liquidation at today's mark even if the account's whole maintenance margin of "
            + money(p.maintenanceMargin(), ctx.quote())
            + " were its own";
    return List.of(
        new Alert(
            ID,
            Severity.WARNING,
            PositionRuleText.positionSubject(p.positionId()),
            message,
            null,
            null,
            action));
  }
}
