package io.hedgewatch.risk;

import static io.hedgewatch.risk.PositionActions.fires;
import static io.hedgewatch.risk.PositionActions.only;
import static io.hedgewatch.risk.PositionFixtures.context;
import static io.hedgewatch.risk.PositionFixtures.dec;
import static io.hedgewatch.risk.PositionFixtures.held;
import static io.hedgewatch.risk.PositionFixtures.position;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Stress on a known portfolio: the exact liquidation shock of each position, the shocked state on
 * either side of it, the default ladder, drift and funding multiplier.
 */
class StressTest {

  private static final MathContext MC = MathContext.DECIMAL128;
  private static final RuleSettingsLookup DEFAULTS = RuleSettingsLookup.defaults();
  private static final BigDecimal TINY = new BigDecimal("1e-30");
  private static final BigDecimal HAIR = new BigDecimal("1e-12");

  /** Short 10 ETH at 3000 with 6000 and 1 %: liquidated at 36000 / 10.1, 18.81 % up. */
  private static final PositionSnapshot SHORT = position().shorts().build();

  /** Long 10 ETH at 3000 with 6000 and 1 %: liquidated at 24000 / 9.9, 19.19 % down. */
  private static final PositionSnapshot LONG = position().longs().build();

  /**
   * GMX long of 10 ETH marked at 2900 with 2000 remaining against a fixed 150 (see
   * PositionMathTest): the reader hands over 2715 as the venue's liquidation price.
   */
  private static final PositionSnapshot GMX =
      new PositionSnapshot(
          "gmx-long",
          "eth-gmx",
          "gmx-v2",
          PositionFixtures.NOW,
          PositionSide.LONG,
          dec("10"),
          Optional.empty(),
          dec("2900"),
          io.hedgewatch.domain.MarginMode.ISOLATED,
          dec("2000"),
          dec("150"),
          Optional.of(dec("2715")),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());

  private static Stress.Result at(PositionSnapshot p, String move) {
    return Stress.apply(p, context(), Stress.Shock.price(dec(move)), DEFAULTS);
  }

  private static Stress.Result at(PositionSnapshot p, BigDecimal move) {
    return Stress.apply(p, context(), Stress.Shock.price(move), DEFAULTS);
  }

  @Test
  void the_liquidation_shock_of_each_position_is_exact() {
    BigDecimal shortShock = Stress.liquidationShock(SHORT, BigDecimal.ZERO).orElseThrow();
    BigDecimal longShock = Stress.liquidationShock(LONG, BigDecimal.ZERO).orElseThrow();
    BigDecimal gmxShock = Stress.liquidationShock(GMX, BigDecimal.ZERO).orElseThrow();
    assertThat(shortShock).isCloseTo(dec("5700").divide(dec("30300"), MC), within(TINY));
    assertThat(longShock).isCloseTo(dec("-5700").divide(dec("29700"), MC), within(TINY));
    assertThat(gmxShock)
        .isCloseTo(dec("2715").divide(dec("2900"), MC).subtract(BigDecimal.ONE), within(TINY));
    // a long that no price liquidates, and one that is liquidatable already
    assertThat(
            Stress.liquidationShock(
                position().longs().collateral("30000").build(), BigDecimal.ZERO))
        .isEmpty();
    assertThat(Stress.liquidationShock(position().mark("3600").build(), BigDecimal.ZERO))
        .hasValue(BigDecimal.ZERO);
  }

  @Test
  void exactly_that_shock_liquidates_and_a_hair_less_does_not() {
    for (PositionSnapshot p : List.of(SHORT, LONG, GMX)) {
      BigDecimal x = Stress.liquidationShock(p, BigDecimal.ZERO).orElseThrow();
      BigDecimal before = x.subtract(HAIR.multiply(BigDecimal.valueOf(x.signum())));
      assertThat(at(p, x).liquidated()).as("%s at %s", p.positionId(), x).isTrue();
      assertThat(at(p, before).liquidated()).as("%s at %s", p.positionId(), before).isFalse();
      assertThat(at(p, before).marginAfter().signum()).isPositive();
    }
  }

  @Test
  void the_shocked_state_of_the_short() {
    // +20 %: marked at 3600, equity 6000 − 6000 = 0 against 360 of maintenance
    Stress.Result up = at(SHORT, "0.2");
    assertThat(up.liquidated()).isTrue();
    assertThat(up.position().markPrice()).isEqualByComparingTo("3600");
    assertThat(up.position().equity()).isEqualByComparingTo("0");
    assertThat(up.position().maintenanceMargin()).isEqualByComparingTo("360");
    assertThat(up.marginAfter()).isEqualByComparingTo("-360");
    assertThat(up.bufferNeeded()).isEqualByComparingTo("360");
    assertThat(up.position().unrealizedPnl())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("-6000"));
    assertThat(only(up.alerts(), "position.liquidation-distance").severity())
        .isEqualTo(Severity.CRITICAL);
    // −10 %: 2700, equity 9000 against 270
    Stress.Result down = at(SHORT, "-0.1");
    assertThat(down.liquidated()).isFalse();
    assertThat(down.marginAfter()).isEqualByComparingTo("8730");
    assertThat(down.bufferNeeded()).isEqualByComparingTo("0");
    assertThat(fires(down.alerts(), "position.liquidation-distance")).isFalse();
  }

  @Test
  void the_default_ladder_liquidates_each_position_from_its_first_rung_past_the_shock() {
    assertThat(Stress.DEFAULT_PRICE_LADDER).hasSize(11);
    assertThat(Stress.DEFAULT_PRICE_LADDER.get(0)).isEqualByComparingTo("-0.5");
    assertThat(Stress.DEFAULT_PRICE_LADDER.get(10)).isEqualByComparingTo("0.5");
    List<Boolean> shortLiquidated =
        Stress.ladder(
                SHORT,
                context(),
                Stress.DEFAULT_PRICE_LADDER,
                BigDecimal.ONE,
                BigDecimal.ZERO,
                DEFAULTS)
            .stream()
            .map(Stress.Result::liquidated)
            .toList();
    List<Boolean> longLiquidated =
        Stress.ladder(
                LONG,
                context(),
                Stress.DEFAULT_PRICE_LADDER,
                BigDecimal.ONE,
                BigDecimal.ZERO,
                DEFAULTS)
            .stream()
            .map(Stress.Result::liquidated)
            .toList();
    // short: liquidated from +20 %; long: down to −20 %
    assertThat(shortLiquidated)
        .containsExactly(false, false, false, false, false, false, false, true, true, true, true);
    assertThat(longLiquidated)
        .containsExactly(true, true, true, true, false, false, false, false, false, false, false);
  }

  @Test
  void a_venue_price_keeps_its_requirement_shape_under_stress() {
    // GMX's requirement does not move with the price: at −6 % (2726) 2000 − 1740 − 150 = 110
    // remains
    Stress.Result r = at(GMX, "-0.06");
    assertThat(r.liquidated()).isFalse();
    assertThat(r.marginAfter()).isCloseTo(dec("110"), within(dec("1e-20")));
    assertThat(r.position().venueLiquidationPrice()).hasValue(dec("2715"));
    assertThat(r.metrics().liquidation().price()).hasValue(dec("2715"));
    Stress.Result worse = at(GMX, "-0.1");
    assertThat(worse.liquidated()).isTrue();
    assertThat(worse.bufferNeeded()).isCloseTo(dec("1050"), within(dec("1e-20")));
  }

  @Test
  void oracle_drift_moves_the_mark_against_each_position() {
    Stress.Shock drift = new Stress.Shock(BigDecimal.ZERO, BigDecimal.ONE, dec("0.02"));
    Stress.Result shortDrift = Stress.apply(SHORT, context(), drift, DEFAULTS);
    Stress.Result longDrift = Stress.apply(LONG, context(), drift, DEFAULTS);
    assertThat(shortDrift.position().markPrice()).isEqualByComparingTo("3060");
    assertThat(longDrift.position().markPrice()).isEqualByComparingTo("2940");
    assertThat(shortDrift.marginAfter()).isEqualByComparingTo("5094");
    // with the mark 2 % against it, the short goes at a market move of 1.1881 / 1.02 − 1
    BigDecimal x = Stress.liquidationShock(SHORT, dec("0.02")).orElseThrow();
    assertThat(x)
        .isCloseTo(
            dec("36000")
                .divide(dec("10.1"), MC)
                .divide(dec("3000").multiply(dec("1.02")), MC)
                .subtract(BigDecimal.ONE),
            within(dec("1e-28")));
    assertThat(
            Stress.apply(
                    SHORT, context(), new Stress.Shock(x, BigDecimal.ONE, dec("0.02")), DEFAULTS)
                .liquidated())
        .isTrue();
    BigDecimal before = x.subtract(HAIR);
    assertThat(
            Stress.apply(
                    SHORT,
                    context(),
                    new Stress.Shock(before, BigDecimal.ONE, dec("0.02")),
                    DEFAULTS)
                .liquidated())
        .isFalse();
  }

  @Test
  void the_funding_multiplier_and_the_exposure_follow_the_shock() {
    PositionContext ctx =
        context().withExposure(held("10")).withFunding(Optional.of(dec("-0.00002")), List.of());
    // the short pays 17.52 % APR: a warning; three times that is critical
    assertThat(
            only(PositionRules.evaluate(SHORT, ctx, DEFAULTS), "funding.against-hedge").severity())
        .isEqualTo(Severity.WARNING);
    Stress.Result tripled =
        Stress.apply(SHORT, ctx, new Stress.Shock(dec("0.1"), dec("3"), BigDecimal.ZERO), DEFAULTS);
    assertThat(only(tripled.alerts(), "funding.against-hedge").severity())
        .isEqualTo(Severity.CRITICAL);
    assertThat(tripled.context().fundingRateHourly())
        .hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("-0.00006"));
    // the exposure is revalued with the market, so the hedge ratio does not move
    assertThat(tripled.context().exposure().orElseThrow().price())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("3300"));
    assertThat(tripled.metrics().hedgeRatio())
        .hasValueSatisfying(h -> assertThat(h).isEqualByComparingTo("1"));
  }

  @Test
  void a_shock_is_validated() {
    assertThatThrownBy(() -> Stress.Shock.price(dec("-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("above -100 %");
    assertThatThrownBy(() -> new Stress.Shock(BigDecimal.ZERO, dec("-1"), BigDecimal.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("funding multiplier must not be negative");
    assertThatThrownBy(() -> new Stress.Shock(BigDecimal.ZERO, BigDecimal.ONE, dec("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("oracle drift must be at least 0 and below 100 %");
  }

  @Test
  void a_position_given_by_equity_and_maintenance_keeps_its_pnl_relative() {
    PositionSnapshot p =
        new PositionSnapshot(
            "x",
            "m",
            "venue",
            PositionFixtures.NOW,
            PositionSide.LONG,
            dec("2"),
            Optional.empty(),
            dec("100"),
            io.hedgewatch.domain.MarginMode.ISOLATED,
            dec("50"),
            dec("4"),
            Optional.empty(),
            Optional.of(dec("-7")),
            Optional.empty(),
            Optional.of(true));
    Stress.Result r = at(p, "0.1");
    assertThat(r.position().unrealizedPnl())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("13"));
    assertThat(r.position().venueSaysLiquidatable()).isEmpty();
  }
}
