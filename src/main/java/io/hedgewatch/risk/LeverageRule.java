package io.hedgewatch.risk;

import static io.hedgewatch.risk.PositionRuleText.amount;
import static io.hedgewatch.risk.PositionRuleText.money;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;

/**
 * {@code position.leverage}: effective leverage = notional at the mark / equity. Even 2-3x can be
 * liquidated in a squeeze. WARNING when &gt; warn, CRITICAL when &gt; critical or when the equity
 * is not positive. {@code value} and {@code threshold} are plain multiples (3.0 = 3x). The action
 * adds margin or cuts the position (its margin kept) until leverage is back to {@code warn}.
 */
public final class LeverageRule {

  public static final String ID = "position.leverage";

  private LeverageRule() {}

  public static List<Alert> evaluate(PositionSnapshot p, PositionContext ctx, RuleSettings s) {
    if (!s.enabled()) {
      return List.of();
    }
    BigDecimal warn = s.ratio("warn");
    BigDecimal critical = s.ratio("critical");
    String lead = PositionRuleText.named(p, ctx.asset()) + " ";
    String subject = PositionRuleText.positionSubject(p.positionId());
    if (p.equity().signum() <= 0) {
      return List.of(
          new Alert(
              ID,
              Severity.CRITICAL,
              subject,
              lead
                  + "has no positive equity behind its notional of "
                  + money(p.notional(), ctx.quote())
                  + " (equity "
                  + money(p.equity(), ctx.quote())
                  + "): its leverage is unbounded",
              null,
              critical.doubleValue(),
              action(p, ctx, warn)));
    }
    BigDecimal leverage = PositionMath.leverage(p).orElseThrow();
    Optional<Breach> breach = Breach.above(leverage, warn, critical);
    if (breach.isEmpty()) {
      return List.of();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    String message =
        lead
            + "runs at "
            + MarketRuleText.number(leverage, level)
            + "x leverage (notional "
            + money(p.notional(), ctx.quote())
            + " on equity "
            + money(p.equity(), ctx.quote())
            + "), beyond the "
            + MarketRuleText.severityLevel(severity)
            + " level of "
            + MarketRuleText.number(level)
            + "x";
    return List.of(
        new Alert(
            ID,
            severity,
            subject,
            message,
            leverage.doubleValue(),
            level.doubleValue(),
            action(p, ctx, warn)));
  }

  private static String action(PositionSnapshot p, PositionContext ctx, BigDecimal warn) {
    String side = PositionRuleText.side(p);
    if (warn.signum() <= 0) {
      return "close the "
          + side
          + ": no leverage is at or below "
          + MarketRuleText.number(warn)
          + "x";
    }
    // notional / (equity + a) <= warn
    BigDecimal add =
        PositionRuleText.up(PositionRuleText.ceilDiv(p.notional(), warn).subtract(p.equity()));
    // size·mark / equity <= warn, the margin kept
    BigDecimal keep =
        p.size()
            .min(PositionRuleText.floorDiv(warn.multiply(p.equity()), p.markPrice()))
            .max(BigDecimal.ZERO);
    BigDecimal cut = PositionRuleText.cut(p.size().subtract(keep), p.size());
    return "add "
        + amount(add, ctx.quote())
        + " of margin or "
        + PositionRuleText.cutOrClose(p, ctx, cut)
        + " to bring its leverage back to "
        + MarketRuleText.number(warn)
        + "x";
  }
}
