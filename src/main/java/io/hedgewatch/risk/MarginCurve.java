package io.hedgewatch.risk;

import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A position's margin as a function of the price, around its mark: the model behind every
 * liquidation price, distance, stress result and suggested action in hedgewatch.
 *
 * <p>Prices are expressed as relative moves from the mark: {@code x = P / mark - 1} (−0.2 is a 20 %
 * fall). With s = +1 for a long and −1 for a short, q the size and M the mark:
 *
 * <pre>
 *   equity(x)      = equity + s·q·M·x                     (the position's PnL moves the equity)
 *   maintenance(x) = max(0, fixed + variable·(1 + x))     (the venue's requirement at that price)
 *   margin(x)      = equity(x) − maintenance(x)           (liquidatable at or below 0)
 * </pre>
 *
 * The requirement is split in a part that moves with the price and a part that does not, because
 * venues differ: Hyperliquid and dYdX charge a fraction of the notional at the current price (all
 * variable), GMX v2 a fraction of the position's size in USD at entry (all fixed), Synthetix v3 a
 * fraction of the notional plus a fixed minimum position margin. Without a venue formula the whole
 * requirement is taken as variable ({@link #proportional}), which is the contract's rule for a
 * position described by hand: the equity falls to maintenanceMarginRatio × size × price. For an
 * isolated short that gives {@code P = (collateral + size·entry) / (size·(1 + mmr))}, for an
 * isolated long {@code P = (size·entry − collateral) / (size·(1 − mmr))}.
 *
 * <p>For a cross-margined position the equity and the requirement are the account's, and the
 * account's other positions are held still: only this position's price moves.
 *
 * <p>Arithmetic is exact except for one division per quantity, in {@link MathContext#DECIMAL128}:
 * the requirement at a shocked price is {@code fixed + variable·(1 + x)}, a product, so a margin
 * that should be exactly zero is.
 *
 * @param side long or short
 * @param size the absolute size in base units, positive
 * @param mark the price the position is valued at, positive
 * @param equity margin plus unrealised PnL at the mark (the account's value for cross margin)
 * @param fixedMaintenance the part of the requirement that does not move with the price (may be
 *     negative only for a curve fitted through a venue's liquidation price)
 * @param variableMaintenance the part proportional to the price, as it is at the mark
 */
public record MarginCurve(
    PositionSide side,
    BigDecimal size,
    BigDecimal mark,
    BigDecimal equity,
    BigDecimal fixedMaintenance,
    BigDecimal variableMaintenance) {

  private static final MathContext MC = MathContext.DECIMAL128;

  /**
   * Liquidation moves are rounded so that the margin at the reported liquidation price is zero or
   * below, never a hair above: away from the mark for a position that is not liquidatable (a stress
   * shock of exactly that move liquidates), towards it for one that is (the way back to safety ends
   * where it is still liquidatable).
   */
  private static final MathContext AWAY_FROM_MARK = new MathContext(34, RoundingMode.UP);

  private static final MathContext TOWARDS_MARK = new MathContext(34, RoundingMode.DOWN);

  /** Largest sizes are rounded down: the size found must keep the condition it was solved for. */
  private static final MathContext SMALLER = new MathContext(34, RoundingMode.DOWN);

  private static final BigDecimal MINUS_ONE = BigDecimal.ONE.negate();

  public MarginCurve {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(equity, "equity");
    Objects.requireNonNull(fixedMaintenance, "fixedMaintenance");
    Objects.requireNonNull(variableMaintenance, "variableMaintenance");
    if (size.signum() <= 0) {
      throw new IllegalArgumentException("size must be positive, was " + size);
    }
    if (mark.signum() <= 0) {
      throw new IllegalArgumentException("mark must be positive, was " + mark);
    }
  }

  /** The whole requirement moves with the price: the rule for a position described by hand. */
  public static MarginCurve proportional(PositionSnapshot p) {
    return new MarginCurve(
        p.side(), p.size(), p.markPrice(), p.equity(), BigDecimal.ZERO, p.maintenanceMargin());
  }

  /**
   * {@code fixed} of the requirement does not move with the price, the rest does: GMX v2 (all of it
   * fixed: {@code sizeInUsd × minCollateralFactor}), Synthetix v3 (its {@code
   * minimumPositionMargin}). A reader that knows its venue's formula fills the snapshot's venue
   * liquidation price from this curve.
   *
   * @throws IllegalArgumentException when {@code fixed} is negative or above the requirement
   */
  public static MarginCurve withFixedMaintenance(PositionSnapshot p, BigDecimal fixed) {
    if (fixed.signum() < 0 || fixed.compareTo(p.maintenanceMargin()) > 0) {
      throw new IllegalArgumentException(
          "fixed maintenance must be between 0 and the maintenance margin "
              + p.maintenanceMargin().toPlainString()
              + ", was "
              + fixed.toPlainString());
    }
    return new MarginCurve(
        p.side(),
        p.size(),
        p.markPrice(),
        p.equity(),
        fixed,
        p.maintenanceMargin().subtract(fixed));
  }

  /**
   * The curve that keeps the snapshot's equity and requirement at the mark and reaches zero margin
   * exactly at {@code liquidationPrice}, the venue's own: the split between fixed and variable
   * requirement is chosen to fit it. For a Hyperliquid cross account, whose liquidation price holds
   * the other positions' requirement still, this recovers that split. Empty when the price is not
   * positive, equals the mark, or lies where the equity would be negative (the venue counts margin
   * the snapshot does not show), so no straight line fits.
   */
  public static Optional<MarginCurve> throughLiquidationPrice(
      PositionSnapshot p, BigDecimal liquidationPrice) {
    BigDecimal mark = p.markPrice();
    if (liquidationPrice.signum() <= 0 || liquidationPrice.compareTo(mark) == 0) {
      return Optional.empty();
    }
    BigDecimal priceChange = liquidationPrice.subtract(mark);
    BigDecimal signedSize = p.side().sign().multiply(p.size());
    BigDecimal equityThere = p.equity().add(signedSize.multiply(priceChange));
    if (equityThere.signum() < 0) {
      return Optional.empty();
    }
    // margin(x_liq) = 0 with x_liq = change / mark: (equity − maintenance) + x_liq·(s·q·M − V) = 0
    BigDecimal variable =
        signedSize
            .multiply(mark)
            .add(
                DecimalMath.divide(
                    p.equity().subtract(p.maintenanceMargin()).multiply(mark), priceChange, MC));
    return Optional.of(
        new MarginCurve(
            p.side(),
            p.size(),
            mark,
            p.equity(),
            p.maintenanceMargin().subtract(variable),
            variable));
  }

  public BigDecimal maintenance() {
    return fixedMaintenance.add(variableMaintenance);
  }

  /** Size × mark. */
  public BigDecimal notional() {
    return size.multiply(mark);
  }

  /** Equity above the requirement at the mark; liquidatable at or below 0. */
  public BigDecimal margin() {
    return equity.subtract(maintenanceAfter(BigDecimal.ZERO));
  }

  public boolean liquidatable() {
    return margin().signum() <= 0;
  }

  public BigDecimal priceAfter(BigDecimal move) {
    return mark.multiply(BigDecimal.ONE.add(move));
  }

  /** The relative move from the mark to {@code price}. */
  public BigDecimal moveTo(BigDecimal price) {
    return DecimalMath.divide(price.subtract(mark), mark, MC);
  }

  public BigDecimal equityAfter(BigDecimal move) {
    return equity.add(signedNotional().multiply(move));
  }

  public BigDecimal maintenanceAfter(BigDecimal move) {
    return fixedMaintenance
        .add(variableMaintenance.multiply(BigDecimal.ONE.add(move)))
        .max(BigDecimal.ZERO);
  }

  public BigDecimal marginAfter(BigDecimal move) {
    return equityAfter(move).subtract(maintenanceAfter(move));
  }

  /**
   * The move at which the position is liquidated: the nearest move (by size) where the margin
   * reaches zero, either because equity meets the requirement or, where a fitted requirement would
   * be negative, because the equity itself runs out. Empty when no positive price does it: a long
   * whose equity covers its whole notional, or a requirement that moves exactly with the equity.
   * For a position liquidatable already it is the move back to where it would not be.
   */
  public Optional<BigDecimal> liquidationMove() {
    if (liquidatable()) {
      return zero(unclampedMargin(), slope(), TOWARDS_MARK).filter(x -> x.compareTo(MINUS_ONE) > 0);
    }
    Optional<BigDecimal> onRequirement = zero(unclampedMargin(), slope(), AWAY_FROM_MARK);
    Optional<BigDecimal> onEquity = zero(equity, signedNotional(), AWAY_FROM_MARK);
    Optional<BigDecimal> nearest = Optional.empty();
    for (Optional<BigDecimal> candidate : List.of(onRequirement, onEquity)) {
      if (candidate.isPresent()
          && candidate.get().compareTo(MINUS_ONE) > 0
          && (nearest.isEmpty() || candidate.get().abs().compareTo(nearest.get().abs()) < 0)) {
        nearest = candidate;
      }
    }
    return nearest;
  }

  public Optional<BigDecimal> liquidationPrice() {
    return liquidationMove().map(this::priceAfter);
  }

  /**
   * The smallest amount of margin to add so that the nearest liquidation is at least {@code
   * distance} (a fraction of the mark) away: 0 when it already is. Exact but for one division.
   */
  public BigDecimal marginToReach(BigDecimal distance) {
    BigDecimal needed = equityToReach(distance).subtract(equity).max(BigDecimal.ZERO);
    return liquidatable() ? needed.max(margin().negate()) : needed;
  }

  /**
   * The least equity with which the nearest liquidation is at least {@code distance} away: each
   * line's zero is that far iff its value at the mark is at least distance × |its slope|, so
   * max(requirement + distance·|s·q·M − variable|, distance·q·M).
   */
  public BigDecimal equityToReach(BigDecimal distance) {
    return maintenance().add(distance.multiply(slope().abs())).max(distance.multiply(notional()));
  }

  /**
   * The largest size, at most the current one, whose margin is still at least {@code -shortfall}
   * after {@code move}: the size that a buffer of {@code shortfall} carries through that move.
   * Equity and fixed requirement are kept, the variable requirement scales with the size; 0 when no
   * size short of closing does it.
   */
  public BigDecimal sizeToSurvive(BigDecimal move, BigDecimal shortfall) {
    // E + r·s·q·M·x − F − r·V·(1 + x) ≥ −S  ⇔  r·(V·(1 + x) − s·q·M·x) ≤ E − F + S
    BigDecimal perFullSize =
        variableMaintenance
            .multiply(BigDecimal.ONE.add(move))
            .subtract(signedNotional().multiply(move));
    BigDecimal available = equity.subtract(fixedMaintenance).add(shortfall);
    return size.min(largestSize(available, perFullSize)).max(BigDecimal.ZERO);
  }

  /**
   * The largest size, at most the current one, at which the nearest liquidation is at least {@code
   * distance} away, keeping the equity (the margin stays in the position) and the fixed
   * requirement, and scaling the variable requirement with the size; 0 when no size short of
   * closing does it.
   */
  public BigDecimal sizeToReach(BigDecimal distance) {
    BigDecimal best = size;
    // equity − fixed − r·V ≥ distance·r·|s·q·M − V|  ⇔  r ≤ (equity − fixed) / (V + distance·|g|)
    BigDecimal free = equity.subtract(fixedMaintenance);
    BigDecimal perUnit = variableMaintenance.add(distance.multiply(slope().abs()));
    best = best.min(largestSize(free, perUnit));
    // equity ≥ distance·r·q·M
    best = best.min(largestSize(equity, distance.multiply(notional())));
    return best.max(BigDecimal.ZERO);
  }

  /**
   * Whether a falling price is what brings the position towards liquidation: the margin grows with
   * the price (a long, as a rule). Decided by the line's slope, so it holds on both sides of the
   * liquidation price; by the side for a flat line.
   */
  public boolean dangerIsAFall() {
    int slope = slope().signum();
    return slope == 0 ? side == PositionSide.LONG : slope > 0;
  }

  /** The same position with {@code newEquity} (margin added or removed). */
  public MarginCurve withEquity(BigDecimal newEquity) {
    return new MarginCurve(side, size, mark, newEquity, fixedMaintenance, variableMaintenance);
  }

  /**
   * The same position at {@code newSize}, its margin kept: the variable requirement scales with the
   * size, the fixed one stays (an account's minimum, another position's requirement).
   */
  public MarginCurve withSize(BigDecimal newSize) {
    return new MarginCurve(
        side,
        newSize,
        mark,
        equity,
        fixedMaintenance,
        DecimalMath.divide(variableMaintenance.multiply(newSize), size, MC));
  }

  /** The same line seen from the price after {@code move}: the position at a shocked mark. */
  public MarginCurve shifted(BigDecimal move) {
    return new MarginCurve(
        side,
        size,
        priceAfter(move),
        equityAfter(move),
        fixedMaintenance,
        variableMaintenance.multiply(BigDecimal.ONE.add(move)));
  }

  /** d margin / d move, where the requirement is not clamped at 0: s·q·M − variable. */
  BigDecimal slope() {
    return signedNotional().subtract(variableMaintenance);
  }

  private BigDecimal signedNotional() {
    return side.sign().multiply(notional());
  }

  private BigDecimal unclampedMargin() {
    return equity.subtract(maintenance());
  }

  /** The zero of value + slope·x; empty for a flat line. */
  private static Optional<BigDecimal> zero(BigDecimal value, BigDecimal slope, MathContext mc) {
    if (slope.signum() == 0) {
      return Optional.empty();
    }
    return Optional.of(DecimalMath.divide(value.negate(), slope, mc));
  }

  /** size × r for the largest r with r·perFullSize ≤ available (no bound for perFullSize ≤ 0). */
  private BigDecimal largestSize(BigDecimal available, BigDecimal perFullSize) {
    if (perFullSize.signum() <= 0) {
      return available.signum() >= 0 ? size : BigDecimal.ZERO;
    }
    return DecimalMath.divide(size.multiply(available), perFullSize, SMALLER);
  }
}
