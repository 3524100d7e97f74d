package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.PositionSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The position and hedge rules of one observation, all on subject {@code position:ID}: {@code
 * position.liquidation-distance}, {@code position.margin}, {@code position.leverage}, {@code
 * position.cross-margin}, {@code hedge.ratio}, {@code buffer.insufficient}, {@code
 * funding.against-hedge}, {@code funding.carry} and {@code collateral.depeg}, in that order. Pure;
 * the conventions of {@link OracleRules} hold (strictly beyond a threshold, one alert per (rule,
 * subject), a disabled rule yields nothing, a rule whose input the context lacks says nothing).
 *
 * <p>Every alert carries an action with numbers, computed on the position's {@link MarginCurve} and
 * rounded in the direction that keeps it sufficient: doing what it says clears the alert (for the
 * funding rules and the depeg, which only the market can clear, the action gives the cost to plan
 * for instead).
 *
 * <p>How a checker uses it, per position and observation:
 *
 * <pre>
 *   PositionContext ctx = PositionContext.of("ETH", "USDC").withExposure(...).withBuffer(...)
 *       .withFunding(market.fundingRateHourly(), history).withVolatility(...);
 *   List&lt;Alert&gt; alerts = PositionRules.evaluate(snapshot, ctx, config::rule);
 *   PositionMetrics figures = PositionRules.metrics(snapshot, ctx, config::rule);   // for JSON
 * </pre>
 *
 * {@link Stress} applies the same rules to a shocked copy of the position.
 */
public final class PositionRules {

  private PositionRules() {}

  public static String subject(String positionId) {
    return PositionRuleText.positionSubject(positionId);
  }

  public static List<Alert> evaluate(
      PositionSnapshot p, PositionContext ctx, RuleSettingsLookup settings) {
    Objects.requireNonNull(p, "snapshot");
    Objects.requireNonNull(ctx, "context");
    Objects.requireNonNull(settings, "settings");
    RuleSettings distance = settings.forRule(LiquidationDistanceRule.ID);
    Duration carryHorizon = settings.forRule(FundingCarryRule.ID).duration("horizon");
    List<Alert> alerts = new ArrayList<>();
    alerts.addAll(LiquidationDistanceRule.evaluate(p, ctx, distance));
    alerts.addAll(MarginRatioRule.evaluate(p, ctx, settings.forRule(MarginRatioRule.ID)));
    alerts.addAll(LeverageRule.evaluate(p, ctx, settings.forRule(LeverageRule.ID)));
    alerts.addAll(CrossMarginRule.evaluate(p, ctx, settings.forRule(CrossMarginRule.ID), distance));
    alerts.addAll(HedgeRatioRule.evaluate(p, ctx, settings.forRule(HedgeRatioRule.ID), distance));
    alerts.addAll(BufferRule.evaluate(p, ctx, settings.forRule(BufferRule.ID)));
    alerts.addAll(
        FundingAgainstHedgeRule.evaluate(
            p, ctx, settings.forRule(FundingAgainstHedgeRule.ID), carryHorizon));
    alerts.addAll(FundingCarryRule.evaluate(p, ctx, settings.forRule(FundingCarryRule.ID)));
    alerts.addAll(CollateralDepegRule.evaluate(p, ctx, settings.forRule(CollateralDepegRule.ID)));
    return List.copyOf(alerts);
  }

  /**
   * Every figure of the position, with the horizons and the adverse move of the rule settings
   * (whether or not those rules are enabled), so the JSON agrees with the alerts.
   */
  public static PositionMetrics metrics(
      PositionSnapshot p, PositionContext ctx, RuleSettingsLookup settings) {
    Objects.requireNonNull(p, "snapshot");
    Objects.requireNonNull(ctx, "context");
    Objects.requireNonNull(settings, "settings");
    PositionMath.Liquidation liq = PositionMath.liquidation(p);
    Duration horizon = settings.forRule(LiquidationDistanceRule.ID).duration("horizon");
    return new PositionMetrics(
        liq,
        liq.distance(),
        LiquidationDistanceRule.sigmas(p, liq, ctx.volatility(), horizon),
        LiquidationDistanceRule.probability(p, liq, ctx.volatility(), horizon),
        horizon,
        PositionMath.marginRatio(p),
        PositionMath.leverage(p),
        ctx.exposure().flatMap(e -> PositionMath.hedgeRatio(p, e)),
        ctx.exposure().map(e -> PositionMath.netDelta(p, e)),
        PositionMath.perpPnl(p),
        ctx.exposure().flatMap(e -> PositionMath.exposurePnl(e, ctx.exposureEntryPrice())),
        p.accruedFunding(),
        FundingCarryRule.project(p, ctx, settings.forRule(FundingCarryRule.ID)),
        PositionMath.bufferCoverage(
            p, ctx.buffer(), settings.forRule(BufferRule.ID).ratio("adverseMove")));
  }
}
