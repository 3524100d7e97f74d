package io.hedgewatch.risk;

import static io.hedgewatch.risk.PositionFixtures.buffer;
import static io.hedgewatch.risk.PositionFixtures.dec;
import static io.hedgewatch.risk.PositionFixtures.held;
import static io.hedgewatch.risk.PositionFixtures.position;
import static io.hedgewatch.risk.PositionFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.HedgedExposure;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Liquidation prices and the other figures of a position, against the formulas and worked examples
 * of each venue's documentation (the source is named at each example) and the contract's hand rule.
 */
class PositionMathTest {

  private static final MathContext MC = MathContext.DECIMAL128;
  private static final BigDecimal TINY = new BigDecimal("1e-25");

  private static BigDecimal liquidationPrice(PositionSnapshot p) {
    return PositionMath.liquidation(p).price().orElseThrow();
  }

  /** The margin at the liquidation price is zero or a hair below, never above. */
  private static void assertLiquidatedExactlyAt(MarginCurve curve) {
    BigDecimal move = curve.liquidationMove().orElseThrow();
    BigDecimal margin = curve.marginAfter(move);
    assertThat(margin.signum())
        .as("margin %s at the liquidation move", margin)
        .isLessThanOrEqualTo(0);
    assertThat(margin.abs()).isLessThan(TINY.multiply(curve.notional()));
  }

  @Nested
  class TheContractsHandRule {

    // design.md, positions: "for an isolated short, P = (collateral + size x entry) / (size x (1 +
    // mmr))"
    @ParameterizedTest(name = "marked at {0}")
    @CsvSource({"3000", "3200", "2500", "3500"})
    void an_isolated_short_is_liquidated_where_design_md_says(String mark) {
      PositionSnapshot p =
          position()
              .shorts()
              .size("10")
              .entry("3000")
              .collateral("6000")
              .mmr("0.01")
              .mark(mark)
              .build();
      BigDecimal hand =
          dec("6000")
              .add(dec("10").multiply(dec("3000")))
              .divide(dec("10").multiply(dec("1.01")), MC);
      assertThat(liquidationPrice(p)).isCloseTo(hand, within(TINY));
      assertThat(hand).isCloseTo(dec("3564.356435643564356435643564356436"), within(TINY));
      assertThat(PositionMath.liquidation(p).basis()).isEqualTo(PositionMath.Basis.MODEL);
      assertLiquidatedExactlyAt(PositionMath.curve(p));
    }

    // the same rule for a long: equity collateral + size (P − entry) = mmr x size x P
    @ParameterizedTest(name = "marked at {0}")
    @CsvSource({"3000", "2800", "3400"})
    void an_isolated_long_is_liquidated_at_entry_minus_its_collateral_per_unit(String mark) {
      PositionSnapshot p =
          position()
              .longs()
              .size("10")
              .entry("3000")
              .collateral("6000")
              .mmr("0.01")
              .mark(mark)
              .build();
      BigDecimal hand =
          dec("10")
              .multiply(dec("3000"))
              .subtract(dec("6000"))
              .divide(dec("10").multiply(dec("0.99")), MC);
      assertThat(liquidationPrice(p)).isCloseTo(hand, within(TINY));
      assertThat(hand).isCloseTo(dec("2424.242424242424242424242424242424"), within(TINY));
      assertLiquidatedExactlyAt(PositionMath.curve(p));
    }

    @Test
    void a_long_whose_equity_covers_its_notional_has_no_liquidation_price() {
      // 1x: the liquidation price would be (3000 − 3000) / 0.99 = 0; with more collateral, below 0
      PositionSnapshot oneX = position().longs().size("1").entry("3000").collateral("3000").build();
      PositionSnapshot overCollateralised =
          position().longs().size("1").entry("3000").collateral("3500").build();
      for (PositionSnapshot p : List.of(oneX, overCollateralised)) {
        PositionMath.Liquidation liq = PositionMath.liquidation(p);
        assertThat(liq.price()).isEmpty();
        assertThat(liq.distance()).isEmpty();
        assertThat(liq.liquidatableNow()).isFalse();
      }
      // just under 1x it has one, close to 0
      PositionSnapshot almost =
          position().longs().size("1").entry("3000").collateral("2999").build();
      assertThat(liquidationPrice(almost))
          .isCloseTo(dec("1").divide(dec("0.99"), MC), within(TINY));
    }

    @Test
    void an_over_collateralised_short_still_has_a_liquidation_price() {
      // a short loses without bound as the price rises: (100000 + 3000) / 1.01
      PositionSnapshot p = position().shorts().size("1").entry("3000").collateral("100000").build();
      assertThat(liquidationPrice(p))
          .isCloseTo(dec("103000").divide(dec("1.01"), MC), within(TINY));
      assertThat(PositionMath.liquidation(p).distance().orElseThrow())
          .isCloseTo(dec("103000").divide(dec("3030"), MC).subtract(BigDecimal.ONE), within(TINY));
    }

    @Test
    void a_position_at_or_below_maintenance_is_liquidatable_now_and_past_its_price() {
      // short 10 at 3000 with 6000: marked at 3600 its equity is 0, maintenance 360
      PositionSnapshot p = position().shorts().collateral("6000").mark("3600").build();
      PositionMath.Liquidation liq = PositionMath.liquidation(p);
      assertThat(liq.liquidatableNow()).isTrue();
      assertThat(liq.distance().orElseThrow().signum()).isLessThan(0);
      assertThat(liq.price().orElseThrow())
          .isCloseTo(dec("3564.356435643564356435643564356436"), within(TINY));
      // exactly at maintenance counts as liquidatable
      PositionSnapshot atMaintenance = snapshot(PositionSide.LONG, "1", "1000", "10", "10");
      assertThat(PositionMath.liquidation(atMaintenance).liquidatableNow()).isTrue();
      assertThat(PositionMath.liquidation(atMaintenance).distance().orElseThrow()).isZero();
    }

    @Test
    void the_venues_verdict_makes_it_liquidatable_now() {
      PositionSnapshot p = position().venueSaysLiquidatable(true).build();
      assertThat(PositionMath.liquidation(p).liquidatableNow()).isTrue();
    }

    @Test
    void distance_is_signed_towards_danger_for_both_sides() {
      // long liquidated at 2424.24 from 3000: 19.19 % below; short at 3564.36: 18.81 % above
      PositionSnapshot lng = position().longs().build();
      PositionSnapshot shrt = position().shorts().build();
      assertThat(PositionMath.liquidation(lng).distance().orElseThrow())
          .isCloseTo(dec("0.1919191919191919191919191919191919"), within(TINY));
      assertThat(PositionMath.liquidation(lng).move().orElseThrow().signum()).isNegative();
      assertThat(PositionMath.liquidation(shrt).distance().orElseThrow())
          .isCloseTo(dec("0.1881188118811881188118811881188119"), within(TINY));
      assertThat(PositionMath.liquidation(shrt).move().orElseThrow().signum()).isPositive();
    }
  }

  @Nested
  class Hyperliquid {

    /**
     * Hyperliquid docs, Trading / Liquidations, "Computing liquidation price": liq_price = price −
     * side × margin_available / position_size / (1 − l × side), l = 1 / maintenance leverage,
     * margin_available = isolated_margin − maintenance_margin_required; maintenance margin is half
     * the initial margin at max leverage. Numbers ours: ETH at 25x max leverage (l = 1/50), 2 ETH
     * at 3000 with 1500 of isolated margin, so 120 of maintenance and 1380 available.
     */
    @Test
    void the_docs_formula_for_isolated_long_and_short() {
      PositionSnapshot lng = snapshot(PositionSide.LONG, "2", "3000", "1500", "120");
      PositionSnapshot shrt = snapshot(PositionSide.SHORT, "2", "3000", "1500", "120");
      BigDecimal l = dec("0.02");
      BigDecimal perUnit = dec("1380").divide(dec("2"), MC);
      BigDecimal docsLong = dec("3000").subtract(perUnit.divide(BigDecimal.ONE.subtract(l), MC));
      BigDecimal docsShort = dec("3000").add(perUnit.divide(BigDecimal.ONE.add(l), MC));
      assertThat(liquidationPrice(lng)).isCloseTo(docsLong, within(TINY));
      assertThat(liquidationPrice(shrt)).isCloseTo(docsShort, within(TINY));
      assertThat(docsLong).isCloseTo(dec("2295.918367346938775510204081632653"), within(TINY));
      assertThat(docsShort).isCloseTo(dec("3676.470588235294117647058823529412"), within(TINY));
    }

    /**
     * The recorded mainnet clearinghouseState of the Python SDK's cassette (2023-03-27, see
     * shared/fixtures/venues/README.md): a cross account worth 1182.312496 with a BTC short of
     * 0.00785 (positionValue 211.64542, so marked at 26961.2) whose liquidationPx is
     * 173198.69592357. The old shape has no crossMaintenanceMarginUsed; every short of the capture
     * satisfies (liq − mark) × size = accountValue − totalNtlPos / 100 to nine digits, so the
     * account's maintenance was 1 % of its total notional, 34.34815334, and the venue held it still
     * as BTC moved.
     */
    @Test
    void
        a_recorded_cross_account_its_liquidation_price_wins_and_the_fit_finds_the_fixed_requirement() {
      PositionSnapshot btc =
          new PositionSnapshot(
              "btc-hedge",
              "btc-perp",
              "hyperliquid clearinghouseState",
              PositionFixtures.NOW,
              PositionSide.SHORT,
              dec("0.00785"),
              Optional.of(dec("26951.0")),
              dec("26961.2"),
              MarginMode.CROSS,
              dec("1182.312496"),
              dec("34.34815334"),
              Optional.of(dec("173198.69592357")),
              Optional.of(dec("-0.08007")),
              Optional.empty(),
              Optional.empty());
      PositionMath.Liquidation liq = PositionMath.liquidation(btc);
      assertThat(liq.basis()).isEqualTo(PositionMath.Basis.VENUE);
      assertThat(liq.price()).hasValue(dec("173198.69592357"));
      assertThat(liq.distance().orElseThrow())
          .isCloseTo(
              dec("173198.69592357").divide(dec("26961.2"), MC).subtract(BigDecimal.ONE),
              within(TINY));
      // the line through the venue's price keeps the requirement still: all of it fixed
      MarginCurve curve = liq.curve();
      assertThat(curve.variableMaintenance().abs()).isLessThan(dec("0.0001"));
      assertThat(curve.fixedMaintenance()).isCloseTo(dec("34.34815334"), within(dec("0.0001")));
      assertThat(curve.liquidationPrice().orElseThrow())
          .isCloseTo(dec("173198.69592357"), within(dec("1e-20")));
      // scaling the account's whole requirement with the BTC price instead would put it far lower
      BigDecimal proportional = MarginCurve.proportional(btc).liquidationPrice().orElseThrow();
      assertThat(proportional).isLessThan(dec("153000")).isGreaterThan(dec("152000"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
      "ATOM, 0.45, 4.86, 2561.83187333",
      "DYDX, 121.2, 287.244, 11.841653",
      "APE, 131.8, 509.5388, 12.57589638",
      "OP, 76.4, 156.238, 17.0707113"
    })
    void every_short_of_the_recording_fits_the_same_account(
        String coin, String size, String positionValue, String liquidationPx) {
      BigDecimal mark = dec(positionValue).divide(dec(size), MC);
      PositionSnapshot p =
          new PositionSnapshot(
              coin,
              coin,
              "recorded",
              PositionFixtures.NOW,
              PositionSide.SHORT,
              dec(size),
              Optional.empty(),
              mark,
              MarginMode.CROSS,
              dec("1182.312496"),
              dec("34.34815334"),
              Optional.of(dec(liquidationPx)),
              Optional.empty(),
              Optional.empty(),
              Optional.empty());
      MarginCurve curve = PositionMath.curve(p);
      assertThat(curve.fixedMaintenance()).isCloseTo(dec("34.34815334"), within(dec("0.00001")));
    }

    @Test
    void the_recorded_eth_long_has_no_liquidation_price_as_the_venue_says() {
      // same capture: ETH long 0.1334 (positionValue 227.675114), liquidationPx null
      PositionSnapshot eth =
          new PositionSnapshot(
              "eth",
              "eth-perp",
              "recorded",
              PositionFixtures.NOW,
              PositionSide.LONG,
              dec("0.1334"),
              Optional.empty(),
              dec("227.675114").divide(dec("0.1334"), MC),
              MarginMode.CROSS,
              dec("1182.312496"),
              dec("34.34815334"),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty());
      assertThat(PositionMath.liquidation(eth).price()).isEmpty();
    }
  }

  /**
   * Synthetix v3 perps: Synthetix-Gitbook-v3 for-perp-integrators/perps-v3.md, "Liquidation
   * Margins" (maintenance = initial margin × maintenanceMarginScalar, initial margin ratio = size /
   * skewScale × initialMarginRatio + minimumInitialMarginRatio, plus the liquidation reward as a
   * share of the notional), with PerpsMarketConfiguration.calculateRequiredMargins adding the
   * market's minimumPositionMargin. Parameters of KAITO on Base from SCCP-394: minimum initial
   * margin ratio 5 %, initialMarginRatio 4.079, maintenanceMarginScalar 0.263, skewScale 8,000,000,
   * minimumPositionMargin 15, flagRewardRatio 3 bp. A long of 10,000 KAITO at 1.5 with 1,000 of
   * margin.
   */
  @Test
  void synthetix_v3_maintenance_has_a_fixed_minimum_and_its_liquidation_price_follows() {
    BigDecimal impactOnSkew = dec("10000").divide(dec("8000000"), MC);
    BigDecimal imr = impactOnSkew.multiply(dec("4.079")).add(dec("0.05"));
    BigDecimal mmr = imr.multiply(dec("0.263"));
    assertThat(mmr).isEqualByComparingTo("0.01449097125");
    BigDecimal notional = dec("15000");
    BigDecimal maintenance =
        notional.multiply(mmr).add(dec("15")).add(notional.multiply(dec("0.0003")));
    assertThat(maintenance).isEqualByComparingTo("236.86456875");
    PositionSnapshot p = snapshot(PositionSide.LONG, "10000", "1.5", "1000", "236.86456875");
    MarginCurve synthetix = MarginCurve.withFixedMaintenance(p, dec("15"));
    // 1000 + 10000 (P − 1.5) = 10000 P (mmr + 0.0003) + 15
    BigDecimal hand =
        dec("14015")
            .divide(dec("10000").subtract(mmr.add(dec("0.0003")).multiply(dec("10000"))), MC);
    assertThat(synthetix.liquidationPrice().orElseThrow()).isCloseTo(hand, within(TINY));
    assertLiquidatedExactlyAt(synthetix);
    // a reader that hands this price over as the venue's gets the same split back
    PositionSnapshot withPrice =
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
            synthetix.liquidationPrice(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThat(PositionMath.curve(withPrice).fixedMaintenance())
        .isCloseTo(dec("15"), within(dec("1e-20")));
  }

  /**
   * GMX v2: gmx-synthetics contracts/position/PositionUtils.sol, isPositionLiquidatable: a position
   * is liquidatable when its remaining collateral (collateral + PnL − costs) is below sizeInUsd ×
   * minCollateralFactor, sizeInUsd being its size in USD at opening, so the requirement does not
   * move with the price. A long of 10 ETH opened at 3000 (sizeInUsd 30,000) with 3,000 USDC, factor
   * 0.5 %, marked at 2900: 2,000 remains against 150.
   */
  @Test
  void gmx_min_collateral_is_fixed_so_the_long_goes_at_2715() {
    PositionSnapshot p = snapshot(PositionSide.LONG, "10", "2900", "2000", "150");
    MarginCurve gmx = MarginCurve.withFixedMaintenance(p, dec("150"));
    // 3000 + 10 (P − 3000) = 150
    assertThat(gmx.liquidationPrice().orElseThrow()).isCloseTo(dec("2715"), within(TINY));
    assertLiquidatedExactlyAt(gmx);
    // the proportional rule would say 2900 (1 − 1850 / 28850), a little lower
    assertThat(MarginCurve.proportional(p).liquidationPrice().orElseThrow())
        .isCloseTo(dec("2714.038128249566724436741767764298"), within(TINY));
    assertThatThrownBy(() -> MarginCurve.withFixedMaintenance(p, dec("151")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 0 and the maintenance margin 150");
  }

  /**
   * dYdX v4: docs "Margin" (Maintenance Margin Requirement = abs(S × P × M), Total Account Value =
   * Q + Σ S × P, liquidation below the requirement); ETH-USD's maintenanceMarginFraction 0.012 and
   * oraclePrice 3103.01 from the recorded indexer reply
   * (fixtures/venues/dydx-v4-perpetualMarkets.json).
   */
  @Test
  void dydx_maintenance_fraction_long_and_short() {
    BigDecimal oracle = dec("3103.01");
    BigDecimal mmf = dec("0.012");
    // long 2 ETH with a USDC balance of −5000: Q + 2P = 2P·M  →  P = 5000 / (2 (1 − M))
    BigDecimal longValue = dec("-5000").add(dec("2").multiply(oracle));
    PositionSnapshot lng =
        snapshot(
            PositionSide.LONG,
            "2",
            "3103.01",
            longValue.toPlainString(),
            dec("2").multiply(oracle).multiply(mmf).toPlainString());
    assertThat(liquidationPrice(lng))
        .isCloseTo(
            dec("5000").divide(dec("2").multiply(BigDecimal.ONE.subtract(mmf)), MC), within(TINY));
    // short 2 ETH with 8000: 8000 − 2P = 2P·M  →  P = 8000 / (2 (1 + M))
    BigDecimal shortValue = dec("8000").subtract(dec("2").multiply(oracle));
    PositionSnapshot shrt =
        snapshot(
            PositionSide.SHORT,
            "2",
            "3103.01",
            shortValue.toPlainString(),
            dec("2").multiply(oracle).multiply(mmf).toPlainString());
    assertThat(liquidationPrice(shrt))
        .isCloseTo(dec("3952.569169960474308300395256916996"), within(TINY));
    assertThat(liquidationPrice(lng))
        .isCloseTo(dec("2530.364372469635627530364372469636"), within(TINY));
  }

  @Nested
  class VenuePrice {

    @Test
    void a_venue_price_that_cannot_be_fitted_is_still_reported_and_the_model_shapes_the_rest() {
      // short 10 at 3000 with 6000: at 4000 the equity would be −4000, no line goes there
      PositionSnapshot p = position().venueLiquidationPrice("4000").build();
      PositionMath.Liquidation liq = PositionMath.liquidation(p);
      assertThat(liq.basis()).isEqualTo(PositionMath.Basis.VENUE);
      assertThat(liq.price()).hasValue(dec("4000"));
      assertThat(liq.curve()).isEqualTo(MarginCurve.proportional(p));
    }

    @Test
    void a_non_positive_venue_price_is_ignored() {
      PositionSnapshot p = position().venueLiquidationPrice("0").build();
      assertThat(PositionMath.liquidation(p).basis()).isEqualTo(PositionMath.Basis.MODEL);
    }
  }

  @Nested
  class Figures {

    @Test
    void margin_ratio_and_leverage() {
      PositionSnapshot p = snapshot(PositionSide.SHORT, "10", "3000", "6000", "300");
      assertThat(PositionMath.marginRatio(p))
          .hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("0.05"));
      assertThat(PositionMath.leverage(p))
          .hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("5"));
      PositionSnapshot broke = snapshot(PositionSide.SHORT, "10", "3000", "-1", "300");
      assertThat(PositionMath.marginRatio(broke)).isEmpty();
      assertThat(PositionMath.leverage(broke)).isEmpty();
    }

    @Test
    void hedge_ratio_is_positive_when_the_perp_offsets_the_exposure() {
      PositionSnapshot shrt = snapshot(PositionSide.SHORT, "9", "3000", "6000", "300");
      assertThat(PositionMath.hedgeRatio(shrt, held("10")))
          .hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("0.9"));
      assertThat(PositionMath.netDelta(shrt, held("10"))).isEqualByComparingTo("1");
      // a long against a short exposure hedges it too
      PositionSnapshot lng = snapshot(PositionSide.LONG, "5", "3000", "6000", "300");
      assertThat(PositionMath.hedgeRatio(lng, held("-10")))
          .hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("0.5"));
      // a long against a long holding adds to it
      assertThat(PositionMath.hedgeRatio(lng, held("10")))
          .hasValueSatisfying(r -> assertThat(r).isEqualByComparingTo("-0.5"));
      assertThat(PositionMath.netDelta(lng, held("10"))).isEqualByComparingTo("15");
      assertThat(PositionMath.hedgeRatio(shrt, held("0"))).isEmpty();
    }

    @Test
    void pnl_of_both_legs() {
      PositionSnapshot p = position().shorts().size("10").entry("3000").mark("2800").build();
      assertThat(PositionMath.perpPnl(p))
          .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("2000"));
      HedgedExposure spot =
          new HedgedExposure("ETH", dec("10"), Optional.of(dec("2800")), "config");
      assertThat(PositionMath.exposurePnl(spot, Optional.of(dec("2900"))))
          .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("-1000"));
      assertThat(PositionMath.exposurePnl(spot, Optional.empty())).isEmpty();
    }

    @Test
    void carry_is_what_the_position_pays_positive_as_a_cost() {
      PositionSnapshot shrt = snapshot(PositionSide.SHORT, "10", "3000", "6000", "300");
      PositionSnapshot lng = snapshot(PositionSide.LONG, "10", "3000", "6000", "300");
      // 0.00125 %/h on 30,000 for 168 h = 63; shorts receive at a positive rate
      assertThat(PositionMath.carry(lng, dec("0.0000125"), Duration.ofDays(7)))
          .isEqualByComparingTo("63");
      assertThat(PositionMath.carry(shrt, dec("0.0000125"), Duration.ofDays(7)))
          .isEqualByComparingTo("-63");
      assertThat(PositionMath.carry(shrt, dec("-0.0000125"), Duration.ofDays(7)))
          .isEqualByComparingTo("63");
    }

    @Test
    void the_mean_rate_takes_the_window_before_the_snapshot() {
      java.time.Instant at = PositionFixtures.NOW;
      List<FundingPoint> history =
          List.of(
              new FundingPoint(at.minus(Duration.ofDays(8)), dec("1")),
              new FundingPoint(at.minus(Duration.ofDays(7)), dec("0.0002")),
              new FundingPoint(at.minusSeconds(3600), dec("0.0004")),
              new FundingPoint(at, dec("1")));
      assertThat(PositionMath.meanRate(history, at, Duration.ofDays(7)))
          .hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("0.0003"));
      assertThat(PositionMath.meanRate(List.of(), at, Duration.ofDays(7))).isEmpty();
    }

    @Test
    void buffer_coverage_against_an_adverse_move() {
      // short 10 at 3000 with 6000 and 1 %: at +20 % (3600) equity 0, maintenance 360
      PositionSnapshot p = position().build();
      PositionMath.BufferCoverage c =
          PositionMath.bufferCoverage(p, Optional.of(buffer("540")), dec("0.2"));
      assertThat(c.needed()).isEqualByComparingTo("360");
      assertThat(c.coverage()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1.5"));
      // a 10 % move needs nothing: coverage is unlimited, not a number
      PositionMath.BufferCoverage small =
          PositionMath.bufferCoverage(p, Optional.of(buffer("540")), dec("0.1"));
      assertThat(small.isNeeded()).isFalse();
      assertThat(small.coverage()).isEmpty();
      // without a buffer the need is still known
      assertThat(PositionMath.bufferCoverage(p, Optional.empty(), dec("0.2")).needed())
          .isEqualByComparingTo("360");
    }
  }
}
