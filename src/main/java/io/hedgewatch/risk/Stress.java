package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.HedgedExposure;
import io.hedgewatch.domain.PositionSnapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What-if for positions ({@code hedgewatch stress}): the state a position would be in after a
 * shock, judged by the same rules as a live one, and the smallest price move that liquidates it.
 * Pure.
 *
 * <p>A {@link Shock} moves the market price by {@code price} (the exposure is revalued at it), lets
 * the venue's mark drift a further {@code oracleDrift} <em>against</em> each position (a long sees
 * its mark lower, a short higher: the worst case for every position at once), and multiplies every
 * funding rate, current and settled, by {@code fundingMultiplier}. The position keeps its size and
 * margin; its equity and requirement follow its {@link MarginCurve} to the shocked mark. The buffer
 * and the collateral's price are left as they are. The venue's liquidation price is kept (it lies
 * on the same curve, so the shocked position is fitted to the same line); the venue's own verdict
 * is dropped, as it was about the unshocked state.
 */
public final class Stress {

  private static final MathContext DOWNWARDS = new MathContext(34, RoundingMode.FLOOR);
  private static final MathContext UPWARDS = new MathContext(34, RoundingMode.CEILING);

  /** −50 % to +50 % in steps of 10 %, zero included. */
  public static final List<BigDecimal> DEFAULT_PRICE_LADDER =
      List.of(
          new BigDecimal("-0.5"),
          new BigDecimal("-0.4"),
          new BigDecimal("-0.3"),
          new BigDecimal("-0.2"),
          new BigDecimal("-0.1"),
          BigDecimal.ZERO,
          new BigDecimal("0.1"),
          new BigDecimal("0.2"),
          new BigDecimal("0.3"),
          new BigDecimal("0.4"),
          new BigDecimal("0.5"));

  private Stress() {}

  /**
   * One scenario.
   *
   * @param price the market's relative move (−0.2: a 20 % fall), above −1
   * @param fundingMultiplier every funding rate is multiplied by it, not negative (1: unchanged)
   * @param oracleDrift how far the venue's mark drifts against each position, a fraction in [0, 1)
   */
  public record Shock(BigDecimal price, BigDecimal fundingMultiplier, BigDecimal oracleDrift) {

    public Shock {
      Objects.requireNonNull(price, "price");
      Objects.requireNonNull(fundingMultiplier, "fundingMultiplier");
      Objects.requireNonNull(oracleDrift, "oracleDrift");
      if (price.compareTo(BigDecimal.ONE.negate()) <= 0) {
        throw new IllegalArgumentException(
            "price shock must be above -100 %, was " + MarketRuleText.pct(price));
      }
      if (fundingMultiplier.signum() < 0) {
        throw new IllegalArgumentException(
            "funding multiplier must not be negative, was " + fundingMultiplier.toPlainString());
      }
      if (oracleDrift.signum() < 0 || oracleDrift.compareTo(BigDecimal.ONE) >= 0) {
        throw new IllegalArgumentException(
            "oracle drift must be at least 0 and below 100 %, was "
                + MarketRuleText.pct(oracleDrift));
      }
    }

    /** A price move alone. */
    public static Shock price(BigDecimal move) {
      return new Shock(move, BigDecimal.ONE, BigDecimal.ZERO);
    }
  }

  /**
   * The position after a shock.
   *
   * @param shock the scenario
   * @param position the shocked snapshot (mark, equity, maintenance, PnL at the shocked price)
   * @param context the shocked context (exposure revalued, funding multiplied)
   * @param markMove the mark's relative move, drift included
   * @param liquidated whether the shocked position is liquidatable: margin at or below zero, or the
   *     mark at or past the liquidation price
   * @param marginAfter equity above maintenance at the shocked mark (negative when liquidated)
   * @param bufferNeeded the margin to add beforehand for the position to survive this shock: max(0,
   *     −marginAfter)
   * @param alerts what the position rules say about the shocked state
   * @param metrics every figure of the shocked state
   */
  public record Result(
      Shock shock,
      PositionSnapshot position,
      PositionContext context,
      BigDecimal markMove,
      boolean liquidated,
      BigDecimal marginAfter,
      BigDecimal bufferNeeded,
      List<Alert> alerts,
      PositionMetrics metrics) {

    public Result {
      Objects.requireNonNull(shock, "shock");
      Objects.requireNonNull(position, "position");
      Objects.requireNonNull(context, "context");
      Objects.requireNonNull(markMove, "markMove");
      Objects.requireNonNull(marginAfter, "marginAfter");
      Objects.requireNonNull(bufferNeeded, "bufferNeeded");
      alerts = List.copyOf(alerts);
      Objects.requireNonNull(metrics, "metrics");
    }
  }

  /** The mark's relative move under {@code shock}: (1 + price) · (1 ∓ drift) − 1, against it. */
  public static BigDecimal markMove(PositionSnapshot p, Shock shock) {
    BigDecimal drift = PositionMath.adverseMove(p.side(), shock.oracleDrift());
    return BigDecimal.ONE
        .add(shock.price())
        .multiply(BigDecimal.ONE.add(drift))
        .subtract(BigDecimal.ONE);
  }

  public static Result apply(
      PositionSnapshot p, PositionContext ctx, Shock shock, RuleSettingsLookup settings) {
    Objects.requireNonNull(p, "snapshot");
    Objects.requireNonNull(ctx, "context");
    Objects.requireNonNull(shock, "shock");
    Objects.requireNonNull(settings, "settings");
    PositionMath.Liquidation liq = PositionMath.liquidation(p);
    MarginCurve curve = liq.curve();
    BigDecimal move = markMove(p, shock);
    BigDecimal mark = curve.priceAfter(move);
    BigDecimal margin = curve.marginAfter(move);
    boolean pastPrice =
        liq.move()
            .filter(m -> !liq.liquidatableNow())
            .map(m -> m.signum() < 0 ? move.compareTo(m) <= 0 : move.compareTo(m) >= 0)
            .orElse(false);
    boolean liquidated = margin.signum() <= 0 || pastPrice;

    PositionSnapshot shocked =
        new PositionSnapshot(
            p.positionId(),
            p.marketId(),
            p.source() + ", stressed",
            p.at(),
            p.side(),
            p.size(),
            p.entryPrice(),
            mark,
            p.marginMode(),
            curve.equityAfter(move),
            curve.maintenanceAfter(move),
            p.venueLiquidationPrice(),
            shockedPnl(p, mark),
            p.accruedFunding(),
            Optional.empty(),
            p.accountOpenPositions());
    PositionContext shockedContext = shockContext(ctx, shock);
    return new Result(
        shock,
        shocked,
        shockedContext,
        move,
        liquidated,
        margin,
        margin.negate().max(BigDecimal.ZERO),
        PositionRules.evaluate(shocked, shockedContext, settings),
        PositionRules.metrics(shocked, shockedContext, settings));
  }

  /** {@link #apply} for each price move of {@code prices}, with the same funding and drift. */
  public static List<Result> ladder(
      PositionSnapshot p,
      PositionContext ctx,
      List<BigDecimal> prices,
      BigDecimal fundingMultiplier,
      BigDecimal oracleDrift,
      RuleSettingsLookup settings) {
    return prices.stream()
        .map(x -> apply(p, ctx, new Shock(x, fundingMultiplier, oracleDrift), settings))
        .toList();
  }

  /**
   * The smallest market move that liquidates the position, exact from its liquidation price (not
   * searched): with the mark drifting {@code oracleDrift} against it, the move x with (1 + x)(1 ∓
   * drift) = liquidation price / mark. Signed (−0.125: a 12.5 % fall; every larger fall liquidates
   * too, and a positive value for a long means the drift alone liquidates it); 0 when it is
   * liquidatable already; empty when no price liquidates it. Rounded towards the liquidation, so
   * that a shock of exactly this move liquidates.
   */
  public static Optional<BigDecimal> liquidationShock(PositionSnapshot p, BigDecimal oracleDrift) {
    PositionMath.Liquidation liq = PositionMath.liquidation(p);
    if (liq.liquidatableNow()) {
      return Optional.of(BigDecimal.ZERO);
    }
    if (liq.move().isEmpty()) {
      return Optional.empty();
    }
    BigDecimal driftFactor = BigDecimal.ONE.add(PositionMath.adverseMove(p.side(), oracleDrift));
    BigDecimal liquidationMove = liq.move().get();
    BigDecimal x =
        BigDecimal.ONE
            .add(liquidationMove)
            .subtract(driftFactor)
            .divide(driftFactor, liquidationMove.signum() < 0 ? DOWNWARDS : UPWARDS);
    return Optional.of(x);
  }

  private static Optional<BigDecimal> shockedPnl(PositionSnapshot p, BigDecimal mark) {
    if (p.entryPrice().isPresent()) {
      return Optional.of(p.signedSize().multiply(mark.subtract(p.entryPrice().get())));
    }
    return p.unrealizedPnl()
        .map(pnl -> pnl.add(p.signedSize().multiply(mark.subtract(p.markPrice()))));
  }

  private static PositionContext shockContext(PositionContext ctx, Shock shock) {
    BigDecimal priceFactor = BigDecimal.ONE.add(shock.price());
    BigDecimal k = shock.fundingMultiplier();
    PositionContext out =
        ctx.withFunding(
            ctx.fundingRateHourly().map(r -> r.multiply(k)),
            ctx.fundingHistory().stream()
                .map(f -> new FundingPoint(f.at(), f.rateHourly().multiply(k)))
                .toList());
    if (ctx.exposure().isPresent()) {
      HedgedExposure e = ctx.exposure().get();
      out =
          out.withExposure(
              new HedgedExposure(
                  e.asset(),
                  e.amount(),
                  e.price().map(pr -> pr.multiply(priceFactor)),
                  e.source()));
    }
    return out;
  }
}
