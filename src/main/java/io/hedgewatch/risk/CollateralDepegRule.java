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
 * {@code collateral.depeg}: the stablecoin the position's margin is held in is off its peg, by its
 * feed's price: |price − peg| / peg beyond warn / critical, compared exactly. Nothing without a
 * collateral price.
 *
 * <p>The subject is the position ({@code position:ID}), not the stablecoin's feed: what matters to
 * a hedge is what the depeg does to its margin, and each position needs its own top-up; the feed
 * itself is judged against the market by {@code oracle.drift}. {@code value} and {@code threshold}
 * in bps. The action sizes the margin to hold in another asset: the equity's change in value at the
 * feed's price, taking the equity as held in the stablecoin.
 */
public final class CollateralDepegRule {

  public static final String ID = "collateral.depeg";

  private CollateralDepegRule() {}

  public static List<Alert> evaluate(PositionSnapshot p, PositionContext ctx, RuleSettings s) {
    if (!s.enabled() || ctx.collateral().isEmpty()) {
      return List.of();
    }
    CollateralPeg collateral = ctx.collateral().get();
    BigDecimal deviation = collateral.deviation();
    BigDecimal magnitude = deviation.abs();
    BigDecimal warn = s.ratio("warn");
    BigDecimal critical = s.ratio("critical");
    Optional<Breach> breach = Breach.above(magnitude, warn, critical);
    if (breach.isEmpty()) {
      return List.of();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    BigDecimal bps = OracleRuleText.bps(magnitude);
    BigDecimal levelBps = OracleRuleText.bps(level);
    String token = collateral.token();
    String message =
        "the collateral of position "
            + p.positionId()
            + ", "
            + token
            + ", is at "
            + collateral.price().toPlainString()
            + " ("
            + collateral.source()
            + "), "
            + OracleRuleText.bpsText(bps, levelBps)
            + (deviation.signum() < 0 ? " below" : " above")
            + " its peg of "
            + collateral.peg().toPlainString()
            + ", beyond the "
            + MarketRuleText.severityLevel(severity)
            + " level of "
            + OracleRuleText.bpsText(levelBps);
    return List.of(
        new Alert(
            ID,
            severity,
            PositionRuleText.positionSubject(p.positionId()),
            message,
            bps.doubleValue(),
            levelBps.doubleValue(),
            action(p, ctx, collateral, deviation)));
  }

  private static String action(
      PositionSnapshot p, PositionContext ctx, CollateralPeg collateral, BigDecimal deviation) {
    String token = collateral.token();
    if (p.equity().signum() <= 0) {
      return "the position has no positive equity left: add margin in another asset than " + token;
    }
    BigDecimal change = PositionRuleText.up(p.equity().multiply(deviation.abs()));
    if (deviation.signum() < 0) {
      return "if the venue values "
          + token
          + " at this price, the equity of "
          + money(p.equity(), ctx.quote())
          + " is worth "
          + amount(change, ctx.quote())
          + " less: add "
          + amount(change, ctx.quote())
          + " of margin in another asset, or swap the margin out of "
          + token;
    }
    return "the equity of "
        + money(p.equity(), ctx.quote())
        + " counts "
        + amount(change, ctx.quote())
        + " more than at the peg: keep "
        + amount(change, ctx.quote())
        + " of margin in reserve for when "
        + token
        + " returns to it";
  }
}
