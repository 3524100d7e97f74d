package io.hedgewatch.risk;

import io.hedgewatch.domain.BufferBalance;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.HedgedExposure;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the position rules judge a {@link io.hedgewatch.domain.PositionSnapshot} with, gathered by
 * the caller for the same observation. Everything but the two unit names may be missing: a rule
 * whose input is missing says nothing (no buffer configured, no funding read, no candles), and
 * {@link PositionRules#metrics} leaves the figure empty.
 *
 * <p>Horizons and thresholds are not here but in the rule settings ({@code
 * position.liquidation-distance.horizon}, {@code funding.carry.horizon}, {@code
 * buffer.insufficient.adverseMove}), so that {@code check --json} and the alerts always use the
 * same ones.
 *
 * @param asset the market's base asset, naming sizes in messages ("ETH")
 * @param quote the market's quote currency, naming money in messages ("USDC", "USD")
 * @param exposure what the position hedges, of the same asset
 * @param exposureEntryPrice the exposure's average cost, for its PnL
 * @param hedgeTarget the target hedge ratio and its band
 * @param buffer the emergency buffer behind the position
 * @param fundingRateHourly the market's current funding per hour, positive when longs pay
 * @param fundingHistory the market's settled funding per hour, any order; {@code funding.carry}
 *     averages the points of its window before the snapshot
 * @param volatility realised volatility of the asset, for the distance in sigmas and the
 *     probability of touching the liquidation price
 * @param collateral the price and peg of the stablecoin the margin is held in
 */
public record PositionContext(
    String asset,
    String quote,
    Optional<HedgedExposure> exposure,
    Optional<BigDecimal> exposureEntryPrice,
    HedgeTarget hedgeTarget,
    Optional<BufferBalance> buffer,
    Optional<BigDecimal> fundingRateHourly,
    List<FundingPoint> fundingHistory,
    Optional<RealisedVolatility> volatility,
    Optional<CollateralPeg> collateral) {

  /**
   * @throws IllegalArgumentException when the exposure is of another asset (a wiring bug, not a
   *     finding)
   */
  public PositionContext {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(quote, "quote");
    Objects.requireNonNull(exposure, "exposure");
    Objects.requireNonNull(exposureEntryPrice, "exposureEntryPrice");
    Objects.requireNonNull(hedgeTarget, "hedgeTarget");
    Objects.requireNonNull(buffer, "buffer");
    Objects.requireNonNull(fundingRateHourly, "fundingRateHourly");
    fundingHistory = List.copyOf(fundingHistory);
    Objects.requireNonNull(volatility, "volatility");
    Objects.requireNonNull(collateral, "collateral");
    if (exposure.isPresent() && !exposure.get().asset().equals(asset)) {
      throw new IllegalArgumentException(
          "position context of " + asset + " has an exposure of " + exposure.get().asset());
    }
  }

  /** Only the unit names: every other input missing, the default hedge target. */
  public static PositionContext of(String asset, String quote) {
    return new PositionContext(
        asset,
        quote,
        Optional.empty(),
        Optional.empty(),
        HedgeTarget.DEFAULT,
        Optional.empty(),
        Optional.empty(),
        List.of(),
        Optional.empty(),
        Optional.empty());
  }

  public PositionContext withExposure(HedgedExposure value) {
    return new PositionContext(
        asset,
        quote,
        Optional.of(value),
        exposureEntryPrice,
        hedgeTarget,
        buffer,
        fundingRateHourly,
        fundingHistory,
        volatility,
        collateral);
  }

  public PositionContext withExposureEntryPrice(BigDecimal value) {
    return new PositionContext(
        asset,
        quote,
        exposure,
        Optional.of(value),
        hedgeTarget,
        buffer,
        fundingRateHourly,
        fundingHistory,
        volatility,
        collateral);
  }

  public PositionContext withHedgeTarget(HedgeTarget value) {
    return new PositionContext(
        asset,
        quote,
        exposure,
        exposureEntryPrice,
        value,
        buffer,
        fundingRateHourly,
        fundingHistory,
        volatility,
        collateral);
  }

  public PositionContext withBuffer(BufferBalance value) {
    return new PositionContext(
        asset,
        quote,
        exposure,
        exposureEntryPrice,
        hedgeTarget,
        Optional.of(value),
        fundingRateHourly,
        fundingHistory,
        volatility,
        collateral);
  }

  /** The current rate (when read) and the settled history. */
  public PositionContext withFunding(Optional<BigDecimal> rateHourly, List<FundingPoint> history) {
    return new PositionContext(
        asset,
        quote,
        exposure,
        exposureEntryPrice,
        hedgeTarget,
        buffer,
        rateHourly,
        history,
        volatility,
        collateral);
  }

  public PositionContext withVolatility(RealisedVolatility value) {
    return new PositionContext(
        asset,
        quote,
        exposure,
        exposureEntryPrice,
        hedgeTarget,
        buffer,
        fundingRateHourly,
        fundingHistory,
        Optional.of(value),
        collateral);
  }

  public PositionContext withCollateral(CollateralPeg value) {
    return new PositionContext(
        asset,
        quote,
        exposure,
        exposureEntryPrice,
        hedgeTarget,
        buffer,
        fundingRateHourly,
        fundingHistory,
        volatility,
        Optional.of(value));
  }
}
