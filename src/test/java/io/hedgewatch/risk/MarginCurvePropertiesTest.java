package io.hedgewatch.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the margin model over random positions (seeded; each assertion names its seed): the
 * equity at the computed liquidation price equals the maintenance there, the contract's hand rule
 * holds, a venue's price is fitted back exactly, and the actions' amounts reach their target.
 */
class MarginCurvePropertiesTest {

  private static final MathContext MC = MathContext.DECIMAL128;

  static LongStream seeds() {
    return Seeds.seeds(250);
  }

  private static BigDecimal decimal(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_EVEN);
  }

  /** A position described by hand: random side, size, entry, mark, collateral (1x to 50x), mmr. */
  private record Hand(
      PositionSide side,
      BigDecimal size,
      BigDecimal entry,
      BigDecimal mark,
      BigDecimal collateral,
      BigDecimal mmr) {

    static Hand random(Random r) {
      PositionSide side = r.nextBoolean() ? PositionSide.LONG : PositionSide.SHORT;
      BigDecimal size =
          decimal(Math.pow(10, -2 + 5 * r.nextDouble()), 4).max(new BigDecimal("0.0001"));
      BigDecimal entry =
          decimal(Math.pow(10, -1 + 5 * r.nextDouble()), 4).max(new BigDecimal("0.0001"));
      BigDecimal mark = entry.multiply(decimal(0.8 + 0.4 * r.nextDouble(), 6));
      BigDecimal leverage = decimal(1 + 49 * r.nextDouble(), 3);
      BigDecimal collateral = size.multiply(entry).divide(leverage, 8, RoundingMode.HALF_EVEN);
      BigDecimal mmr = decimal(0.001 + 0.15 * r.nextDouble(), 5);
      return new Hand(side, size, entry, mark, collateral, mmr);
    }

    PositionSnapshot snapshot() {
      BigDecimal equity = collateral.add(side.sign().multiply(size).multiply(mark.subtract(entry)));
      return new PositionSnapshot(
          "p",
          "m",
          "hand",
          PositionFixtures.NOW,
          side,
          size,
          Optional.of(entry),
          mark,
          MarginMode.ISOLATED,
          equity,
          mmr.multiply(size).multiply(mark),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }

    /**
     * design.md: short (collateral + size·entry) / (size (1 + mmr)); long with the signs flipped.
     */
    BigDecimal handPrice() {
      BigDecimal s = side.sign();
      return size.multiply(entry)
          .multiply(s)
          .subtract(collateral)
          .multiply(s)
          .divide(size.multiply(BigDecimal.ONE.subtract(s.multiply(mmr))), MC);
    }
  }

  private static BigDecimal tolerance(MarginCurve c) {
    return c.notional().add(c.equity().abs()).multiply(new BigDecimal("1e-30"));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void equity_at_the_liquidation_price_equals_maintenance(long seed) {
    Hand h = Hand.random(new Random(seed));
    PositionSnapshot p = h.snapshot();
    MarginCurve curve = PositionMath.curve(p);
    Optional<BigDecimal> move = curve.liquidationMove();
    BigDecimal hand = h.handPrice();
    if (hand.signum() <= 0) {
      assertThat(move).as("seed %d: no positive liquidation price", seed).isEmpty();
      return;
    }
    BigDecimal price = curve.priceAfter(move.orElseThrow());
    assertThat(price)
        .as("seed %d", seed)
        .isCloseTo(hand, within(hand.multiply(new BigDecimal("1e-30"))));
    // at the price itself equity meets maintenance, and the model never leaves a hair of margin
    BigDecimal equity = p.equity().add(p.signedSize().multiply(price.subtract(p.markPrice())));
    BigDecimal maintenance = h.mmr().multiply(h.size()).multiply(price);
    assertThat(equity.subtract(maintenance))
        .as("seed %d", seed)
        .isCloseTo(BigDecimal.ZERO, within(tolerance(curve)));
    assertThat(curve.marginAfter(move.get()).signum()).as("seed %d", seed).isLessThanOrEqualTo(0);
    if (!curve.liquidatable()) {
      BigDecimal justBefore = move.get().multiply(new BigDecimal("0.999999"));
      assertThat(curve.marginAfter(justBefore).signum()).as("seed %d", seed).isPositive();
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void a_venue_price_from_a_known_formula_is_fitted_back_to_that_formula(long seed) {
    Random r = new Random(seed);
    PositionSnapshot p = Hand.random(r).snapshot();
    BigDecimal fixed = p.maintenanceMargin().multiply(decimal(r.nextDouble(), 6));
    MarginCurve venue = MarginCurve.withFixedMaintenance(p, fixed);
    Optional<BigDecimal> price = venue.liquidationPrice();
    if (price.isEmpty() || venue.liquidatable()) {
      return;
    }
    PositionSnapshot reported =
        new PositionSnapshot(
            p.positionId(),
            p.marketId(),
            p.source(),
            p.at(),
            p.side(),
            p.size(),
            p.entryPrice(),
            p.markPrice(),
            p.marginMode(),
            p.equity(),
            p.maintenanceMargin(),
            price,
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    MarginCurve fitted = PositionMath.curve(reported);
    BigDecimal scale = p.maintenanceMargin().add(p.notional()).multiply(new BigDecimal("1e-25"));
    assertThat(fitted.fixedMaintenance()).as("seed %d", seed).isCloseTo(fixed, within(scale));
    assertThat(fitted.liquidationPrice().orElseThrow())
        .as("seed %d", seed)
        .isCloseTo(price.get(), within(price.get().multiply(new BigDecimal("1e-25"))));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void the_line_is_the_same_seen_from_a_shocked_price(long seed) {
    Random r = new Random(seed);
    MarginCurve curve = PositionMath.curve(Hand.random(r).snapshot());
    BigDecimal shock = decimal(-0.5 + r.nextDouble(), 4);
    MarginCurve shifted = curve.shifted(shock);
    assertThat(shifted.margin()).as("seed %d", seed).isEqualByComparingTo(curve.marginAfter(shock));
    Optional<BigDecimal> before = curve.liquidationPrice();
    Optional<BigDecimal> after = shifted.liquidationPrice();
    assertThat(after.isPresent()).as("seed %d", seed).isEqualTo(before.isPresent());
    before.ifPresent(
        b ->
            assertThat(after.get())
                .as("seed %d", seed)
                .isCloseTo(b, within(b.multiply(new BigDecimal("1e-28")))));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void margin_and_size_from_the_action_solvers_reach_the_target_distance(long seed) {
    Random r = new Random(seed);
    PositionSnapshot p = Hand.random(r).snapshot();
    MarginCurve curve = PositionMath.curve(p);
    BigDecimal target = decimal(0.01 + 0.3 * r.nextDouble(), 4);

    BigDecimal add = curve.marginToReach(target);
    MarginCurve funded = curve.withEquity(curve.equity().add(add));
    assertThat(funded.liquidatable()).as("seed %d", seed).isFalse();
    funded
        .liquidationMove()
        .ifPresent(
            m ->
                assertThat(m.abs())
                    .as("seed %d, add %s", seed, add)
                    .isGreaterThanOrEqualTo(target));
    if (add.signum() > 0) {
      // and not more than needed: a thousandth less falls short
      MarginCurve less =
          curve.withEquity(curve.equity().add(add.multiply(new BigDecimal("0.999"))));
      boolean short_ =
          less.liquidatable()
              || less.liquidationMove().map(m -> m.abs().compareTo(target) < 0).orElse(false);
      assertThat(short_).as("seed %d: %s is the least margin", seed, add).isTrue();
    }

    BigDecimal keep = curve.sizeToReach(target);
    assertThat(keep).as("seed %d", seed).isLessThanOrEqualTo(p.size());
    if (keep.signum() > 0) {
      MarginCurve smaller = curve.withSize(keep);
      assertThat(smaller.liquidatable()).as("seed %d", seed).isFalse();
      smaller
          .liquidationMove()
          .ifPresent(
              m ->
                  assertThat(m.abs())
                      .as("seed %d, size %s", seed, keep)
                      .isGreaterThanOrEqualTo(target.subtract(new BigDecimal("1e-28"))));
    }
  }
}
