package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One perp position as its venue showed it at one moment (or as the config describes it), on one
 * scale whatever the venue: sizes in base-asset units, money in the market's quote currency (USD or
 * USDC).
 *
 * <p>Margin is given as the two amounts every venue's liquidation comes down to: the {@code equity}
 * backing the position at {@code markPrice} (an isolated position's margin plus its unrealised PnL;
 * for cross margin, the account's value) and the {@code maintenanceMargin} that equity must stay
 * above (the venue's own figure, liquidation reward included where the venue adds one). The
 * position is liquidatable when equity is at or below maintenance.
 *
 * @param positionId the config id ({@code positions.<id>})
 * @param marketId the config id of its market ({@code markets.<id>})
 * @param source where the figures come from, for people: "hyperliquid clearinghouseState of 0x…",
 *     "synthetix-v3 account 170141…", "described in config"
 * @param at the venue's time of the figures (block time on chain)
 * @param side long or short
 * @param size the absolute size in base units, positive
 * @param entryPrice the average entry price, where the venue gives it
 * @param markPrice the price the venue values the position at now
 * @param marginMode isolated or cross
 * @param equity margin backing the position at {@code markPrice}, unrealised PnL included
 * @param maintenanceMargin what {@code equity} must stay above at {@code markPrice}
 * @param venueLiquidationPrice the venue's own liquidation price, where it reports one
 * @param unrealizedPnl unrealised PnL at {@code markPrice}, where known
 * @param accruedFunding funding accrued since the position opened (or last changed), positive when
 *     the position received it; where the venue reports it
 * @param venueSaysLiquidatable the venue's own verdict ({@code canLiquidate}, {@code
 *     isPositionLiquidatable}), where it has one
 * @param accountOpenPositions how many positions the margin account holds, this one included, where
 *     the venue says (Synthetix's {@code getAccountOpenPositions}): on cross margin, a position
 *     alone in its account shares its equity with nothing
 */
public record PositionSnapshot(
    String positionId,
    String marketId,
    String source,
    Instant at,
    PositionSide side,
    BigDecimal size,
    Optional<BigDecimal> entryPrice,
    BigDecimal markPrice,
    MarginMode marginMode,
    BigDecimal equity,
    BigDecimal maintenanceMargin,
    Optional<BigDecimal> venueLiquidationPrice,
    Optional<BigDecimal> unrealizedPnl,
    Optional<BigDecimal> accruedFunding,
    Optional<Boolean> venueSaysLiquidatable,
    Optional<Integer> accountOpenPositions) {

  /** A snapshot whose venue does not say how many positions the account holds. */
  public PositionSnapshot(
      String positionId,
      String marketId,
      String source,
      Instant at,
      PositionSide side,
      BigDecimal size,
      Optional<BigDecimal> entryPrice,
      BigDecimal markPrice,
      MarginMode marginMode,
      BigDecimal equity,
      BigDecimal maintenanceMargin,
      Optional<BigDecimal> venueLiquidationPrice,
      Optional<BigDecimal> unrealizedPnl,
      Optional<BigDecimal> accruedFunding,
      Optional<Boolean> venueSaysLiquidatable) {
    this(
        positionId,
        marketId,
        source,
        at,
        side,
        size,
        entryPrice,
        markPrice,
        marginMode,
        equity,
        maintenanceMargin,
        venueLiquidationPrice,
        unrealizedPnl,
        accruedFunding,
        venueSaysLiquidatable,
        Optional.empty());
  }

  public PositionSnapshot {
    Objects.requireNonNull(positionId, "positionId");
    Objects.requireNonNull(marketId, "marketId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(entryPrice, "entryPrice");
    Objects.requireNonNull(marginMode, "marginMode");
    Objects.requireNonNull(venueLiquidationPrice, "venueLiquidationPrice");
    Objects.requireNonNull(unrealizedPnl, "unrealizedPnl");
    Objects.requireNonNull(accruedFunding, "accruedFunding");
    Objects.requireNonNull(venueSaysLiquidatable, "venueSaysLiquidatable");
    Objects.requireNonNull(accountOpenPositions, "accountOpenPositions");
    if (accountOpenPositions.isPresent() && accountOpenPositions.get() < 1) {
      throw new IllegalArgumentException(
          "accountOpenPositions counts this position, so it is at least 1, was "
              + accountOpenPositions.get());
    }
    if (size.signum() <= 0) {
      throw new IllegalArgumentException("size must be positive, was " + size);
    }
    if (markPrice.signum() <= 0) {
      throw new IllegalArgumentException("markPrice must be positive, was " + markPrice);
    }
    if (maintenanceMargin.signum() < 0) {
      throw new IllegalArgumentException(
          "maintenanceMargin must not be negative, was " + maintenanceMargin);
    }
  }

  /** Size x mark price, in the quote currency. */
  public BigDecimal notional() {
    return size.multiply(markPrice);
  }

  /** Size with its sign: positive long, negative short. */
  public BigDecimal signedSize() {
    return side.sign().multiply(size);
  }
}
