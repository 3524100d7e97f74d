package io.hedgewatch.risk;

import io.hedgewatch.domain.BufferBalance;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.HedgedExposure;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The figures of one position and its hedge, exact in {@link BigDecimal} (one {@link
 * MathContext#DECIMAL128} division where a quotient is needed). The margin model is {@link
 * MarginCurve}; {@link #curve} picks it for a snapshot.
 *
 * <p>Conventions: a fraction is a plain ratio (0.15 = 15 %); a price move is relative to the mark
 * (−0.2 = a 20 % fall); money is in the market's quote currency; sizes and amounts in base-asset
 * units; funding per hour, positive when longs pay; carry positive when the position pays.
 */
public final class PositionMath {

  private static final MathContext MC = MathContext.DECIMAL128;
  private static final MathContext AWAY_FROM_ZERO = new MathContext(34, RoundingMode.UP);
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);

  private PositionMath() {}

  /** Where a liquidation price comes from. */
  public enum Basis {
    /** The venue reported it ({@code liquidationPx}, or a reader's venue formula). */
    VENUE,
    /** hedgewatch solved it from equity and maintenance ({@link MarginCurve}). */
    MODEL
  }

  /**
   * When a position is liquidated.
   *
   * @param price the liquidation price; empty when no positive price liquidates it (a long whose
   *     equity covers its notional), or when it is liquidatable at every price
   * @param move the same as a relative move from the mark, signed (−0.125: a 12.5 % fall)
   * @param basis the venue's price or hedgewatch's model
   * @param liquidatableNow equity at or below maintenance at the mark, or the venue says so
   * @param curve the margin model the figures and suggested actions use: fitted through the venue's
   *     price where there is one and it can be fitted
   */
  public record Liquidation(
      Optional<BigDecimal> price,
      Optional<BigDecimal> move,
      Basis basis,
      boolean liquidatableNow,
      MarginCurve curve) {

    public Liquidation {
      Objects.requireNonNull(price, "price");
      Objects.requireNonNull(move, "move");
      Objects.requireNonNull(basis, "basis");
      Objects.requireNonNull(curve, "curve");
    }

    /**
     * The distance to liquidation as a fraction of the mark, signed towards danger: how far the
     * price can move before the position is liquidated (positive), or, when it is liquidatable
     * already, how far it has gone past (zero or negative). Empty without a liquidation price.
     */
    public Optional<BigDecimal> distance() {
      return move.map(m -> liquidatableNow ? m.abs().negate() : m.abs());
    }
  }

  /**
   * The margin model of a snapshot: fitted through the venue's liquidation price when the venue
   * gives one that a straight line fits ({@link MarginCurve#throughLiquidationPrice}), otherwise
   * with the whole requirement moving with the price ({@link MarginCurve#proportional}).
   */
  public static MarginCurve curve(PositionSnapshot p) {
    return p.venueLiquidationPrice()
        .flatMap(price -> MarginCurve.throughLiquidationPrice(p, price))
        .orElseGet(() -> MarginCurve.proportional(p));
  }

  /**
   * The position's liquidation. The venue's own price wins when it gives a positive one (a venue
   * that reports none is not trusted to mean "never": Hyperliquid's null and a reader that cannot
   * tell look the same, so the model decides then). The position is liquidatable now when its
   * equity is at or below its maintenance margin, or when the venue says so.
   */
  public static Liquidation liquidation(PositionSnapshot p) {
    MarginCurve curve = curve(p);
    boolean now = curve.liquidatable() || p.venueSaysLiquidatable().orElse(false);
    Optional<BigDecimal> venuePrice = p.venueLiquidationPrice().filter(v -> v.signum() > 0);
    if (venuePrice.isPresent()) {
      BigDecimal price = venuePrice.get();
      BigDecimal move =
          DecimalMath.divide(price.subtract(p.markPrice()), p.markPrice(), AWAY_FROM_ZERO);
      return new Liquidation(venuePrice, Optional.of(move), Basis.VENUE, now, curve);
    }
    Optional<BigDecimal> move = curve.liquidationMove();
    return new Liquidation(
        move.map(curve::priceAfter).map(DecimalMath::normalized), move, Basis.MODEL, now, curve);
  }

  /** Maintenance / equity: 1 at liquidation. Empty when the equity is not positive. */
  public static Optional<BigDecimal> marginRatio(PositionSnapshot p) {
    if (p.equity().signum() <= 0) {
      return Optional.empty();
    }
    return Optional.of(DecimalMath.divide(p.maintenanceMargin(), p.equity(), MC));
  }

  /** Notional / equity. Empty when the equity is not positive. */
  public static Optional<BigDecimal> leverage(PositionSnapshot p) {
    if (p.equity().signum() <= 0) {
      return Optional.empty();
    }
    return Optional.of(DecimalMath.divide(p.notional(), p.equity(), MC));
  }

  /**
   * Perp notional / exposure value, positive when the perp hedges the exposure (a short against a
   * long holding). Both legs are valued at the one price, so the ratio is that of the sizes and the
   * perp's basis to spot does not move it ({@code basis.wide} watches that). Negative when the perp
   * adds to the exposure; empty for a zero exposure, which nothing hedges.
   */
  public static Optional<BigDecimal> hedgeRatio(PositionSnapshot p, HedgedExposure exposure) {
    if (exposure.amount().signum() == 0) {
      return Optional.empty();
    }
    return Optional.of(DecimalMath.divide(p.signedSize().negate(), exposure.amount(), MC));
  }

  /** Exposure + signed perp size, in base units: what the pair gains per unit of price. */
  public static BigDecimal netDelta(PositionSnapshot p, HedgedExposure exposure) {
    return exposure.amount().add(p.signedSize());
  }

  /** The perp's unrealised PnL: the venue's figure, else side × size × (mark − entry). */
  public static Optional<BigDecimal> perpPnl(PositionSnapshot p) {
    if (p.unrealizedPnl().isPresent()) {
      return p.unrealizedPnl();
    }
    return p.entryPrice().map(entry -> p.signedSize().multiply(p.markPrice().subtract(entry)));
  }

  /**
   * The exposure's unrealised PnL at its price against {@code entryPrice}; empty without either.
   */
  public static Optional<BigDecimal> exposurePnl(
      HedgedExposure exposure, Optional<BigDecimal> entryPrice) {
    if (exposure.price().isEmpty() || entryPrice.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        exposure.amount().multiply(exposure.price().get().subtract(entryPrice.get())));
  }

  /**
   * The funding the position pays over {@code horizon} at an hourly {@code rate} held constant, on
   * its notional at the mark: positive is a cost (a long when the rate is positive), negative an
   * income.
   */
  public static BigDecimal carry(PositionSnapshot p, BigDecimal rateHourly, Duration horizon) {
    return carry(p.signedSize(), p.markPrice(), rateHourly, horizon);
  }

  /**
   * The funding a position of {@code signedSize} (negative for a short) pays over {@code horizon}
   * at an hourly {@code rate} on its notional at {@code price}: positive is a cost, negative an
   * income, as {@link #carry(PositionSnapshot, BigDecimal, Duration)}.
   */
  public static BigDecimal carry(
      BigDecimal signedSize, BigDecimal price, BigDecimal rateHourly, Duration horizon) {
    return DecimalMath.normalized(
        signedSize.multiply(price).multiply(rateHourly).multiply(hours(horizon)));
  }

  /** A duration in hours, exact where it divides, else to 34 digits. */
  public static BigDecimal hours(Duration d) {
    BigDecimal seconds = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9));
    return DecimalMath.normalized(DecimalMath.divide(seconds, SECONDS_PER_HOUR, MC));
  }

  /**
   * The mean hourly rate of the points in {@code [at − window, at)}: the funding that settled
   * before the snapshot; empty without points.
   */
  public static Optional<BigDecimal> meanRate(
      List<FundingPoint> history, Instant at, Duration window) {
    return mean(ratesIn(history, at, window));
  }

  /** The hourly rates of the points in {@code [at − window, at)}, in the history's order. */
  static List<BigDecimal> ratesIn(List<FundingPoint> history, Instant at, Duration window) {
    Instant from = at.minus(window);
    List<BigDecimal> rates = new ArrayList<>(history.size());
    for (FundingPoint f : history) {
      if (!f.at().isBefore(from) && f.at().isBefore(at)) {
        rates.add(f.rateHourly());
      }
    }
    return rates;
  }

  /** Their mean in DECIMAL128, summed in order; empty without rates. */
  static Optional<BigDecimal> mean(List<BigDecimal> rates) {
    if (rates.isEmpty()) {
      return Optional.empty();
    }
    BigDecimal sum = BigDecimal.ZERO;
    for (BigDecimal r : rates) {
      sum = sum.add(r);
    }
    return Optional.of(DecimalMath.divide(sum, BigDecimal.valueOf(rates.size()), MC));
  }

  /** The relative price move of {@code fraction} against the position: down for a long. */
  public static BigDecimal adverseMove(PositionSide side, BigDecimal fraction) {
    return side.sign().negate().multiply(fraction);
  }

  /**
   * The margin that must be added for the position to survive a move of {@code fraction} against it
   * without liquidation: max(0, maintenance − equity) at the shocked price.
   */
  public static BigDecimal marginNeeded(PositionSnapshot p, BigDecimal fraction) {
    return curve(p).marginAfter(adverseMove(p.side(), fraction)).negate().max(BigDecimal.ZERO);
  }

  /**
   * How well the buffer covers the margin an adverse move needs.
   *
   * @param adverseMove the move against the position, as a fraction (0.2 = 20 %)
   * @param needed the margin to add to survive it; 0 when the position survives it as it is
   * @param bufferValue the buffer's value in the quote currency; empty without a buffer or its
   *     price
   * @param coverage buffer value / needed; empty when nothing is needed (coverage is then
   *     unlimited) or the buffer has no value
   */
  public record BufferCoverage(
      BigDecimal adverseMove,
      BigDecimal needed,
      Optional<BigDecimal> bufferValue,
      Optional<BigDecimal> coverage) {

    public BufferCoverage {
      Objects.requireNonNull(adverseMove, "adverseMove");
      Objects.requireNonNull(needed, "needed");
      Objects.requireNonNull(bufferValue, "bufferValue");
      Objects.requireNonNull(coverage, "coverage");
    }

    /** Whether the position needs any margin at all to survive the move. */
    public boolean isNeeded() {
      return needed.signum() > 0;
    }
  }

  public static BufferCoverage bufferCoverage(
      PositionSnapshot p, Optional<BufferBalance> buffer, BigDecimal adverseMove) {
    BigDecimal needed = marginNeeded(p, adverseMove);
    Optional<BigDecimal> value = buffer.flatMap(BufferBalance::value);
    Optional<BigDecimal> coverage =
        needed.signum() > 0 ? value.map(v -> DecimalMath.divide(v, needed, MC)) : Optional.empty();
    return new BufferCoverage(adverseMove, needed, value, coverage);
  }
}
