package io.hedgewatch.risk;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Every figure of one position for {@code check --json} and the table, computed with the same
 * settings as the position rules ({@link PositionRules#metrics}). Units as in {@link PositionMath}:
 * fractions, money in the quote currency, sizes in base units; the {@code *Pct} helpers give
 * percent for the contract's {@code ...Pct} fields.
 *
 * @param liquidation price, basis, whether liquidatable now, and the margin model
 * @param liquidationDistance {@link PositionMath.Liquidation#distance()}
 * @param liquidationSigmas the distance in standard deviations over {@code probabilityHorizon}
 * @param liquidationProbability the probability of touching the liquidation price within {@code
 *     probabilityHorizon}
 * @param probabilityHorizon {@code position.liquidation-distance}'s horizon
 * @param marginRatio maintenance / equity
 * @param leverage notional / equity
 * @param hedgeRatio perp notional / exposure value, positive when it hedges
 * @param netDelta exposure + signed size, in base units
 * @param perpPnl the perp's unrealised PnL
 * @param exposurePnl the exposure's unrealised PnL against its entry price
 * @param accruedFunding what the venue reports, positive when received
 * @param carry the projected funding over {@code funding.carry}'s horizon
 * @param buffer the buffer against {@code buffer.insufficient}'s adverse move
 */
public record PositionMetrics(
    PositionMath.Liquidation liquidation,
    Optional<BigDecimal> liquidationDistance,
    Optional<Double> liquidationSigmas,
    Optional<Double> liquidationProbability,
    Duration probabilityHorizon,
    Optional<BigDecimal> marginRatio,
    Optional<BigDecimal> leverage,
    Optional<BigDecimal> hedgeRatio,
    Optional<BigDecimal> netDelta,
    Optional<BigDecimal> perpPnl,
    Optional<BigDecimal> exposurePnl,
    Optional<BigDecimal> accruedFunding,
    FundingCarryRule.Projection carry,
    PositionMath.BufferCoverage buffer) {

  public PositionMetrics {
    Objects.requireNonNull(liquidation, "liquidation");
    Objects.requireNonNull(liquidationDistance, "liquidationDistance");
    Objects.requireNonNull(liquidationSigmas, "liquidationSigmas");
    Objects.requireNonNull(liquidationProbability, "liquidationProbability");
    Objects.requireNonNull(probabilityHorizon, "probabilityHorizon");
    Objects.requireNonNull(marginRatio, "marginRatio");
    Objects.requireNonNull(leverage, "leverage");
    Objects.requireNonNull(hedgeRatio, "hedgeRatio");
    Objects.requireNonNull(netDelta, "netDelta");
    Objects.requireNonNull(perpPnl, "perpPnl");
    Objects.requireNonNull(exposurePnl, "exposurePnl");
    Objects.requireNonNull(accruedFunding, "accruedFunding");
    Objects.requireNonNull(carry, "carry");
    Objects.requireNonNull(buffer, "buffer");
  }

  /** The distance to liquidation in percent of the mark, for {@code liquidationDistancePct}. */
  public Optional<Double> liquidationDistancePct() {
    return liquidationDistance.map(d -> MarketRuleText.percent(d).doubleValue());
  }

  /** The smallest price move that liquidates, in percent, signed (−12.5: a 12.5 % fall). */
  public Optional<Double> liquidationShockPct() {
    if (liquidation.liquidatableNow()) {
      return Optional.of(0.0);
    }
    return liquidation.move().map(m -> MarketRuleText.percent(m).doubleValue());
  }
}
