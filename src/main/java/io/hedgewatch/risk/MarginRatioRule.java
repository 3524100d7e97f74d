package io.hedgewatch.risk;

import static io.hedgewatch.risk.PositionRuleText.amount;
import static io.hedgewatch.risk.PositionRuleText.money;
import static io.hedgewatch.risk.PositionRuleText.pct;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * {@code position.margin}: the maintenance margin takes a large share of the equity backing the
 * position (margin ratio = maintenance / equity, 100 % at liquidation; Hyperliquid's "cross margin
 * ratio"). WARNING when &gt; warn, CRITICAL when &gt; critical or when the equity is not positive.
 * {@code value} and {@code threshold} in percent. The action adds margin or cuts the position (its
 * margin kept) until the ratio is back to {@code warn}.
 */
public final class MarginRatioRule {

  public static final String ID = "position.margin";

  private MarginRatioRule() {}

  public static List<Alert> evaluate(PositionSnapshot p, PositionContext ctx, RuleSettings s) {
    if (!s.enabled()) {
      return List.of();
    }
    BigDecimal warn = s.ratio("warn");
    BigDecimal critical = s.ratio("critical");
    String lead = PositionRuleText.named(p, ctx.asset()) + " ";
    if (p.equity().signum() <= 0) {
      return List.of(
          new Alert(
              ID,
              Severity.CRITICAL,
              PositionRuleText.positionSubject(p.positionId()),
              lead
                  + "has an equity of "
                  + money(p.equity(), ctx.quote())
                  + " against a maintenance margin of "
                  + money(p.maintenanceMargin(), ctx.quote()),
              null,
              MarketRuleText.percent(critical).doubleValue(),
              action(p, ctx, warn)));
    }
    BigDecimal ratio = PositionMath.marginRatio(p).orElseThrow();
    Optional<Breach> breach = Breach.above(ratio, warn, critical);
    if (breach.isEmpty()) {
      return List.of();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    BigDecimal ratioPct = MarketRuleText.percent(ratio);
    BigDecimal levelPct = MarketRuleText.percent(level);
    String message =
        lead
            + "has a margin ratio of "
            + MarketRuleText.number(ratioPct, levelPct)
            + " % (maintenance "
            + money(p.maintenanceMargin(), ctx.quote())
            + " of equity "
            + money(p.equity(), ctx.quote())
            + "; liquidated at 100 %), beyond the "
            + MarketRuleText.severityLevel(severity)
            + " level of "
            + MarketRuleText.number(levelPct)
            + " %";
    return List.of(
        new Alert(
            ID,
            severity,
            PositionRuleText.positionSubject(p.positionId()),
            message,
            ratioPct.doubleValue(),
            levelPct.doubleValue(),
            action(p, ctx, warn)));
  }

  private static String action(PositionSnapshot p, PositionContext ctx, BigDecimal warn) {
    String goal = " to bring its margin ratio back to " + pct(warn);
    if (warn.signum() <= 0) {
      return "close the "
          + PositionRuleText.side(p)
          + ": no margin ratio is at or below "
          + pct(warn);
    }
    // maintenance / (equity + a) <= warn
    BigDecimal add =
        PositionRuleText.up(
            PositionRuleText.ceilDiv(p.maintenanceMargin(), warn).subtract(p.equity()));
    MarginCurve curve = PositionMath.curve(p);
    // (fixed + r·variable) / equity <= warn, the margin kept
    BigDecimal room = warn.multiply(p.equity()).subtract(curve.fixedMaintenance());
    String cutText = "";
    if (curve.variableMaintenance().signum() > 0 && room.signum() > 0) {
      BigDecimal keep =
          p.size()
              .min(PositionRuleText.floorDiv(p.size().multiply(room), curve.variableMaintenance()));
      BigDecimal cut = PositionRuleText.cut(p.size().subtract(keep), p.size());
      cutText = " or " + PositionRuleText.cutOrClose(p, ctx, cut);
    }
    return "add " + amount(add, ctx.quote()) + " of margin" + cutText + goal;
  }
}
