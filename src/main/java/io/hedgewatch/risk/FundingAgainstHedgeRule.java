package io.hedgewatch.risk;

import static io.hedgewatch.risk.PositionRuleText.money;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code funding.against-hedge}: the position is on the side that pays funding (a long when the
 * rate is positive, a short when it is negative) and the current rate, annualised (× 8760), is
 * beyond warn / critical. Nothing without a current rate. {@code value} and {@code threshold} in
 * percent APR (10.0 = 10 % a year). The action states what the position pays per day and over
 * {@code funding.carry}'s horizon at this rate; cutting the position does not change the rate, so
 * the alert clears only when the rate falls.
 */
public final class FundingAgainstHedgeRule {

  public static final String ID = "funding.against-hedge";

  private FundingAgainstHedgeRule() {}

  /**
   * @param carryHorizon the horizon the action states the cost over ({@code funding.carry}'s)
   */
  public static List<Alert> evaluate(
      PositionSnapshot p, PositionContext ctx, RuleSettings s, Duration carryHorizon) {
    if (!s.enabled() || ctx.fundingRateHourly().isEmpty()) {
      return List.of();
    }
    BigDecimal rate = ctx.fundingRateHourly().get();
    if (p.side().sign().multiply(rate).signum() <= 0) {
      return List.of();
    }
    BigDecimal apr = rate.abs().multiply(MarketSnapshot.HOURS_PER_YEAR);
    BigDecimal warn = s.ratio("warn");
    BigDecimal critical = s.ratio("critical");
    Optional<Breach> breach = Breach.above(apr, warn, critical);
    if (breach.isEmpty()) {
      return List.of();
    }
    Severity severity = breach.get().severity();
    BigDecimal level = breach.get().level();
    BigDecimal aprPct = MarketRuleText.percent(apr);
    BigDecimal levelPct = MarketRuleText.percent(level);
    String side = PositionRuleText.side(p);
    String message =
        "the "
            + side
            + " of position "
            + p.positionId()
            + " ("
            + PositionRuleText.describe(p, ctx.asset())
            + ") pays funding at "
            + MarketRuleText.hourly(rate)
            + " ("
            + MarketRuleText.payer(rate)
            + "), "
            + MarketRuleText.number(aprPct, levelPct)
            + " % a year, beyond the "
            + MarketRuleText.severityLevel(severity)
            + " level of "
            + MarketRuleText.number(levelPct)
            + " % APR";
    BigDecimal daily = PositionMath.carry(p, rate, Duration.ofHours(24));
    BigDecimal overHorizon = PositionMath.carry(p, rate, carryHorizon);
    String action =
        "at this rate the "
            + side
            + " pays "
            + money(daily, ctx.quote())
            + " a day ("
            + money(overHorizon, ctx.quote())
            + " over "
            + PositionRuleText.horizon(carryHorizon)
            + "): if the rate holds past the next settlement, price that into the hedge or move it"
            + " to a venue where the "
            + side
            + " is paid";
    return List.of(
        new Alert(
            ID,
            severity,
            PositionRuleText.positionSubject(p.positionId()),
            message,
            aprPct.doubleValue(),
            levelPct.doubleValue(),
            action));
  }
}
