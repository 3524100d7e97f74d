package io.hedgewatch.risk;

import static io.hedgewatch.risk.PositionActions.addMargin;
import static io.hedgewatch.risk.PositionActions.cut;
import static io.hedgewatch.risk.PositionActions.fires;
import static io.hedgewatch.risk.PositionActions.only;
import static io.hedgewatch.risk.PositionActions.required;
import static io.hedgewatch.risk.PositionActions.resize;
import static io.hedgewatch.risk.PositionActions.topUp;
import static io.hedgewatch.risk.PositionFixtures.NOW;
import static io.hedgewatch.risk.PositionFixtures.SUBJECT;
import static io.hedgewatch.risk.PositionFixtures.buffer;
import static io.hedgewatch.risk.PositionFixtures.context;
import static io.hedgewatch.risk.PositionFixtures.dec;
import static io.hedgewatch.risk.PositionFixtures.held;
import static io.hedgewatch.risk.PositionFixtures.lookup;
import static io.hedgewatch.risk.PositionFixtures.position;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BufferBalance;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.HedgedExposure;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each position rule fires, escalates and clears; its value and threshold are in the documented
 * unit; and doing what its action says (the numbers read out of the text) clears it.
 */
class PositionRulesTest {

  private static final RuleSettingsLookup DEFAULTS = RuleSettingsLookup.defaults();

  private static List<Alert> alerts(PositionSnapshot p, PositionContext ctx) {
    return PositionRules.evaluate(p, ctx, DEFAULTS);
  }

  private static List<Alert> alerts(PositionSnapshot p) {
    return alerts(p, context());
  }

  private static Severity severity(List<Alert> alerts, String rule) {
    return OracleRules.worst(alerts.stream().filter(a -> a.rule().equals(rule)).toList());
  }

  private static RealisedVolatility volatility(double annualised) {
    return new RealisedVolatility(annualised, 168, Duration.ofHours(1), "binance ETHUSDT 1h");
  }

  @Nested
  class LiquidationDistance {

    private static final String RULE = LiquidationDistanceRule.ID;

    // short 10 ETH at 3000, 1 % maintenance: liquidated at (C + 30000) / 10.1
    @ParameterizedTest(name = "collateral {0} -> {1}")
    @CsvSource({
      "6000, OK", // 3564.36: 18.8 %
      "4845, OK", // 3450: exactly 15 %, not closer
      "4844.99, WARNING",
      "4000, WARNING", // 3366.34: 12.2 %
      "3000, WARNING", // 3267.33: 8.9 %
      "2000, CRITICAL" // 3168.32: 5.6 %
    })
    void fires_strictly_closer_than_15_and_7_percent(String collateral, Severity expected) {
      assertThat(severity(alerts(position().collateral(collateral).build()), RULE))
          .isEqualTo(expected);
    }

    @Test
    void the_alert_gives_distance_in_percent_and_says_where_the_price_comes_from() {
      Alert a = only(alerts(position().collateral("4000").build()), RULE);
      assertThat(a.subject()).isEqualTo(SUBJECT);
      assertThat(a.value()).isCloseTo(12.2112211221, within(1e-9));
      assertThat(a.threshold()).isEqualTo(15.0);
      assertThat(a.message())
          .startsWith(
              "position eth-hedge (short 10 ETH at 3,000 (isolated)) is 12.21 % from its liquidation price of 3,366.34")
          .contains("estimated from equity and maintenance")
          .contains("closer than the warning level of 15 %");
      Alert venue =
          only(alerts(position().collateral("4000").venueLiquidationPrice("3360").build()), RULE);
      assertThat(venue.message()).contains("liquidation price of 3,360 (the venue's)");
    }

    @Test
    void adding_the_suggested_margin_clears_it_and_so_does_the_suggested_cut() {
      PositionSnapshot p = position().collateral("4000").build();
      Alert a = only(alerts(p), RULE);
      // 15 % from 3000 is 3450: equity must be 300 + 0.15 x 30300 = 4845, so 845 more
      assertThat(a.action())
          .startsWith("add 845 USDC of margin or cut the short by ")
          .endsWith("(keeping its margin) to get back to 15 % from liquidation");
      BigDecimal add = required(a.action(), "add ", " USDC of margin");
      BigDecimal cut = required(a.action(), "cut the short by ", " ETH");
      assertThat(cut).isEqualByComparingTo("1.75");
      assertThat(fires(alerts(addMargin(p, add)), RULE)).isFalse();
      assertThat(fires(alerts(cut(p, cut)), RULE)).isFalse();
      // and a little less of either does not
      assertThat(fires(alerts(addMargin(p, add.subtract(dec("0.01")))), RULE)).isTrue();
      assertThat(fires(alerts(cut(p, cut.subtract(dec("0.01")))), RULE)).isTrue();
    }

    @Test
    void a_long_is_judged_the_same_way() {
      // long 10 at 3000 with 4000: liquidated at 26000 / 9.9 = 2626.26, 12.46 % below
      PositionSnapshot p = position().longs().collateral("4000").build();
      Alert a = only(alerts(p), RULE);
      assertThat(a.value()).isCloseTo(12.4579124579, within(1e-9));
      assertThat(fires(alerts(addMargin(p, required(a.action(), "add ", " USDC"))), RULE))
          .isFalse();
      assertThat(fires(alerts(cut(p, required(a.action(), "cut the long by ", " ETH"))), RULE))
          .isFalse();
    }

    @Test
    void liquidatable_now_is_critical_and_says_why() {
      PositionSnapshot p = position().mark("3600").build();
      Alert a = only(alerts(p), RULE);
      assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(a.message())
          .contains(
              "can be liquidated now: its equity of 0.00 USDC is at or below its maintenance margin of 360.00 USDC");
      assertThat(a.value()).isNegative();
      assertThat(fires(alerts(addMargin(p, required(a.action(), "add ", " USDC"))), RULE))
          .isFalse();

      Alert venue = only(alerts(position().venueSaysLiquidatable(true).build()), RULE);
      assertThat(venue.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(venue.message()).contains("the venue reports it liquidatable");
      assertThat(venue.action()).contains("check it on the venue");
    }

    @Test
    void a_long_that_no_price_can_liquidate_is_quiet() {
      assertThat(fires(alerts(position().longs().collateral("30000").build()), RULE)).isFalse();
    }

    @Test
    void probability_of_touching_the_price_in_a_squeeze() {
      // 18.8 % away is 1.1 standard deviations over a day at 300 % a year: 27 % chance of a touch
      PositionSnapshot p = position().build();
      PositionContext calm = context().withVolatility(volatility(0.6));
      PositionContext squeeze = context().withVolatility(volatility(3.0));
      assertThat(fires(alerts(p, calm), RULE)).isFalse();
      Alert a = only(alerts(p, squeeze), RULE);
      assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
      double sigmas = Math.log(36000 / 10.1 / 3000) / (3.0 * Math.sqrt(1 / 365.0));
      double expected = 2 * NormalDistribution.upperTail(sigmas);
      assertThat(a.value()).isCloseTo(expected * 100, within(1e-9));
      assertThat(a.threshold()).isEqualTo(20.0);
      assertThat(a.message())
          .contains("chance of touching its liquidation price of 3,564.36 within 1d");
      // the action aims for the distance at which a touch is only 5 % likely, and it gets there
      double log = NormalDistribution.upperTailInverse(0.025) * 3.0 * Math.sqrt(1 / 365.0);
      assertThat(a.action())
          .contains("to get back to " + MarketRuleText.pct(new BigDecimal(Math.expm1(log))))
          .contains("under 5 %");
      PositionSnapshot funded = addMargin(p, required(a.action(), "add ", " USDC"));
      assertThat(fires(alerts(funded, squeeze), RULE)).isFalse();
      PositionSnapshot smaller = cut(p, required(a.action(), "cut the short by ", " ETH"));
      assertThat(fires(alerts(smaller, squeeze), RULE)).isFalse();
    }

    @Test
    void probability_levels_and_horizon_are_settings() {
      PositionSnapshot p = position().build();
      PositionContext ctx = context().withVolatility(volatility(1.5));
      // about 2.8 % over a day: quiet by default, a warning at a 2 % level, critical over a week
      assertThat(fires(alerts(p, ctx), RULE)).isFalse();
      RuleSettingsLookup strict = lookup(RULE, Map.of("probabilityWarn", dec("0.02")));
      assertThat(severity(PositionRules.evaluate(p, ctx, strict), RULE))
          .isEqualTo(Severity.WARNING);
      RuleSettingsLookup week = lookup(RULE, Map.of("horizon", Duration.ofDays(7)));
      assertThat(severity(PositionRules.evaluate(p, ctx, week), RULE)).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void the_action_mentions_the_buffer_and_what_a_cut_does_to_the_hedge() {
      PositionSnapshot p = position().collateral("4000").build();
      PositionContext rich = context().withBuffer(buffer("3000")).withExposure(held("10"));
      assertThat(only(alerts(p, rich), RULE).action())
          .contains("add 845 USDC of margin (the buffer holds 3,000.00 USDC: move it in)")
          .contains("(keeping its margin; hedge ratio then 0.825)");
      PositionContext poor = context().withBuffer(buffer("500"));
      assertThat(only(alerts(p, poor), RULE).action())
          .contains("(the buffer holds only 500.00 USDC)");
    }

    @Test
    void disabled_it_says_nothing() {
      RuleSettingsLookup off = lookup(RULE, Map.of("enabled", false));
      assertThat(
              fires(PositionRules.evaluate(position().mark("3600").build(), context(), off), RULE))
          .isFalse();
    }
  }

  @Nested
  class Margin {

    private static final String RULE = MarginRatioRule.ID;

    private PositionSnapshot withEquity(String equity) {
      return PositionFixtures.snapshot(PositionSide.SHORT, "10", "3000", equity, "300");
    }

    @ParameterizedTest(name = "equity {0} -> {1}")
    @CsvSource({"600, OK", "599.99, WARNING", "375, WARNING", "374.99, CRITICAL", "0, CRITICAL"})
    void fires_strictly_above_50_and_80_percent(String equity, Severity expected) {
      assertThat(severity(alerts(withEquity(equity)), RULE)).isEqualTo(expected);
    }

    @Test
    void value_is_percent_and_the_actions_clear_it() {
      PositionSnapshot p = withEquity("500");
      Alert a = only(alerts(p), RULE);
      assertThat(a.value()).isCloseTo(60.0, within(1e-12));
      assertThat(a.threshold()).isEqualTo(50.0);
      assertThat(a.message())
          .contains("margin ratio of 60 % (maintenance 300.00 USDC of equity 500.00 USDC");
      // 300 / (500 + a) <= 0.5: a = 100; 0.01 x q x 3000 / 500 <= 0.5: q <= 8.33
      assertThat(a.action())
          .isEqualTo(
              "add 100 USDC of margin or cut the short by 1.67 ETH (keeping its margin) to bring its margin ratio back to 50 %");
      assertThat(fires(alerts(addMargin(p, required(a.action(), "add ", " USDC"))), RULE))
          .isFalse();
      assertThat(fires(alerts(cut(p, required(a.action(), "by ", " ETH"))), RULE)).isFalse();
      Alert broke = only(alerts(withEquity("-5")), RULE);
      assertThat(broke.value()).isNull();
      assertThat(broke.message())
          .contains("equity of -5.00 USDC against a maintenance margin of 300.00 USDC");
    }
  }

  @Nested
  class Leverage {

    private static final String RULE = LeverageRule.ID;

    @ParameterizedTest(name = "collateral {0} -> {1}")
    @CsvSource({"10000, OK", "9999.99, WARNING", "6000, WARNING", "5999.99, CRITICAL"})
    void fires_strictly_above_3x_and_5x(String collateral, Severity expected) {
      assertThat(severity(alerts(position().collateral(collateral).build()), RULE))
          .isEqualTo(expected);
    }

    @Test
    void value_is_a_plain_multiple_and_the_actions_clear_it() {
      PositionSnapshot p = position().collateral("6000").build();
      Alert a = only(alerts(p, context().withExposure(held("10"))), RULE);
      assertThat(a.value()).isEqualTo(5.0);
      assertThat(a.threshold()).isEqualTo(3.0);
      assertThat(a.message())
          .contains("runs at 5x leverage (notional 30,000.00 USDC on equity 6,000.00 USDC)");
      assertThat(a.action())
          .isEqualTo(
              "add 4,000 USDC of margin or cut the short by 4 ETH (keeping its margin; hedge ratio then 0.6) to bring its leverage back to 3x");
      assertThat(fires(alerts(addMargin(p, required(a.action(), "add ", " USDC"))), RULE))
          .isFalse();
      assertThat(fires(alerts(cut(p, required(a.action(), "by ", " ETH"))), RULE)).isFalse();
    }

    @Test
    void the_level_is_a_setting() {
      RuleSettingsLookup two = lookup(RULE, Map.of("warn", dec("2")));
      PositionSnapshot p = position().collateral("12000").build(); // 2.5x
      assertThat(fires(alerts(p), RULE)).isFalse();
      assertThat(severity(PositionRules.evaluate(p, context(), two), RULE))
          .isEqualTo(Severity.WARNING);
    }
  }

  @Nested
  class CrossMargin {

    private static final String RULE = CrossMarginRule.ID;

    @Test
    void a_hedge_on_cross_margin_warns_and_isolating_it_as_suggested_keeps_it_safe() {
      PositionSnapshot p = position().cross().collateral("10000").build();
      Alert a = only(alerts(p), RULE);
      assertThat(a.severity()).isEqualTo(Severity.WARNING);
      assertThat(a.value()).isNull();
      assertThat(a.message()).contains("is on cross margin").contains("10,000.00 USDC");
      // 15 % from liquidation needs 300 + 0.15 x 30300 = 4845 of isolated margin, 4,850 at three
      // digits
      assertThat(a.action())
          .startsWith(
              "move the short to isolated margin with 4,850 USDC: that keeps it 15 % from liquidation");
      BigDecimal isolated = required(a.action(), "isolated margin with ", " USDC");
      PositionSnapshot moved =
          new PositionSnapshot(
              p.positionId(),
              p.marketId(),
              p.source(),
              p.at(),
              p.side(),
              p.size(),
              p.entryPrice(),
              p.markPrice(),
              MarginMode.ISOLATED,
              isolated,
              p.maintenanceMargin(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty());
      List<Alert> after = alerts(moved);
      assertThat(fires(after, RULE)).isFalse();
      assertThat(fires(after, LiquidationDistanceRule.ID)).isFalse();
      assertThat(fires(alerts(position().isolated().collateral("10000").build()), RULE)).isFalse();
    }

    @Test
    void a_cross_position_alone_in_its_account_is_quiet_and_one_among_others_warns() {
      assertThat(
              fires(
                  alerts(position().cross().collateral("10000").accountOpenPositions(1).build()),
                  RULE))
          .as("alone: nothing else shares the account's equity")
          .isFalse();
      assertThat(
              fires(
                  alerts(position().cross().collateral("10000").accountOpenPositions(2).build()),
                  RULE))
          .isTrue();
      // a venue that does not say how many the account holds: the rule keeps warning
      assertThat(fires(alerts(position().cross().collateral("10000").build()), RULE)).isTrue();
    }

    @Test
    void an_account_count_below_one_is_a_wiring_bug() {
      assertThatThrownBy(() -> position().cross().accountOpenPositions(0).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("accountOpenPositions");
    }
  }

  @Nested
  class HedgeRatio {

    private static final String RULE = HedgeRatioRule.ID;

    private PositionSnapshot shortOf(String size) {
      return position().size(size).collateral("100000").build();
    }

    @ParameterizedTest(name = "short {0} against 10 held -> {1}")
    @CsvSource({
      "10, OK",
      "5, OK",
      "4.99, WARNING",
      "2.5, WARNING",
      "2.49, CRITICAL",
      "10.01, WARNING",
      "15, WARNING",
      "15.01, CRITICAL"
    })
    void fires_outside_the_band_and_is_critical_far_outside(String size, Severity expected) {
      assertThat(severity(alerts(shortOf(size), context().withExposure(held("10"))), RULE))
          .isEqualTo(expected);
    }

    @Test
    void an_under_hedge_is_raised_to_the_target_with_the_margin_it_needs() {
      // short 4 against 10 held, 2000 of margin: ratio 0.4
      PositionSnapshot p = position().size("4").collateral("2000").build();
      PositionContext ctx = context().withExposure(held("10"));
      Alert a = only(alerts(p, ctx), RULE);
      assertThat(a.value()).isCloseTo(0.4, within(1e-12));
      assertThat(a.threshold()).isEqualTo(0.5);
      assertThat(a.message())
          .contains(
              "hedge ratio of 0.4 against 10 ETH (config; net delta +6 ETH), below its band [0.5, 1]");
      // at 10 ETH the position needs 300 + 0.15 x 30300 = 4845 of equity: 2845 more, rounded up
      assertThat(a.action())
          .isEqualTo(
              "raise the short by 6 ETH to restore a 1 hedge ratio, and add 2,850 USDC of margin with it to stay 15 % from liquidation");
      PositionSnapshot raised =
          resize(p, p.size().add(required(a.action(), "raise the short by ", " ETH")));
      raised = addMargin(raised, required(a.action(), "add ", " USDC"));
      List<Alert> after = alerts(raised, ctx);
      assertThat(fires(after, RULE)).isFalse();
      assertThat(fires(after, LiquidationDistanceRule.ID)).isFalse();
    }

    @Test
    void an_over_hedge_is_cut_and_a_wrong_side_perp_is_turned_round() {
      PositionContext ctx = context().withExposure(held("10"));
      PositionSnapshot over = shortOf("12");
      Alert a = only(alerts(over, ctx), RULE);
      assertThat(a.message()).contains("above its band [0.5, 1]");
      assertThat(a.action()).isEqualTo("cut the short by 2 ETH to restore a 1 hedge ratio");
      assertThat(fires(alerts(cut(over, required(a.action(), "by ", " ETH")), ctx), RULE))
          .isFalse();

      PositionSnapshot wrong = position().longs().size("5").collateral("100000").build();
      Alert w = only(alerts(wrong, ctx), RULE);
      assertThat(w.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(w.value()).isCloseTo(-0.5, within(1e-12));
      assertThat(w.message()).contains("adds to the exposure it should hedge");
      assertThat(w.action())
          .startsWith(
              "close the long (5 ETH) and open a short of 10 ETH to restore a 1 hedge ratio");
    }

    @Test
    void a_target_below_one_and_rounding_that_stays_in_the_band() {
      // target 0.9, band [0.45, 0.9]: short 8 against 20 is 0.4; raise by 10 to 18
      PositionContext ctx =
          context().withExposure(held("20")).withHedgeTarget(HedgeTarget.ofTarget(dec("0.9")));
      PositionSnapshot p = position().size("8").collateral("100000").build();
      Alert a = only(alerts(p, ctx), RULE);
      assertThat(a.message()).contains("below its band [0.45, 0.9]");
      assertThat(a.action()).isEqualTo("raise the short by 10 ETH to restore a 0.9 hedge ratio");
      // 1.7655 to reach 3 of 3 held would round to 1.77 and overshoot the band's top: 1.76 instead
      PositionContext three = context().withExposure(held("3"));
      PositionSnapshot small = position().size("1.2345").collateral("100000").build();
      Alert s = only(alerts(small, three), RULE);
      BigDecimal raise = required(s.action(), "raise the short by ", " ETH");
      assertThat(raise).isEqualByComparingTo("1.76");
      assertThat(fires(alerts(resize(small, small.size().add(raise)), three), RULE)).isFalse();
    }

    @Test
    void nothing_hedged_is_critical_and_no_exposure_is_no_judgement() {
      Alert a = only(alerts(shortOf("10"), context().withExposure(held("0"))), RULE);
      assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(a.message()).contains("hedges an exposure of 0 ETH (config)");
      assertThat(a.action())
          .isEqualTo("close the short (10 ETH), or bring back the exposure it hedges");
      assertThat(fires(alerts(shortOf("1")), RULE)).isFalse();
    }

    @Test
    void the_band_must_contain_the_target() {
      assertThatThrownBy(() -> new HedgeTarget(dec("1"), dec("0.5"), dec("0.9")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("must be non-negative and contain the target 1");
      assertThat(HedgeTarget.DEFAULT.low()).isEqualByComparingTo("0.5");
      assertThat(HedgeTarget.DEFAULT.high()).isEqualByComparingTo("1");
    }
  }

  @Nested
  class Buffer {

    private static final String RULE = BufferRule.ID;

    // short 10 at 3000 with 6000: at +20 % (3600) equity 0 against 360 of maintenance
    @ParameterizedTest(name = "buffer {0} -> {1}")
    @CsvSource({"360, OK", "359.99, WARNING", "180, WARNING", "179.99, CRITICAL"})
    void fires_when_coverage_is_strictly_below_1_and_half(String usdc, Severity expected) {
      assertThat(severity(alerts(position().build(), context().withBuffer(buffer(usdc))), RULE))
          .isEqualTo(expected);
    }

    @Test
    void every_one_of_the_three_actions_restores_the_coverage() {
      PositionSnapshot p = position().build();
      BufferBalance b = buffer("300");
      Alert a = only(alerts(p, context().withBuffer(b)), RULE);
      assertThat(a.value()).isCloseTo(300 / 360.0, within(1e-12));
      assertThat(a.threshold()).isEqualTo(1.0);
      assertThat(a.message())
          .contains(
              "needs 360.00 USDC more margin to survive a 20 % move against it (to 3,600) and its buffer holds 300.00 USDC");
      assertThat(a.action())
          .startsWith(
              "add 60 USDC to the buffer, or 60 USDC of margin from elsewhere now, or cut the short by ");
      BigDecimal topUp = required(a.action(), "add ", " USDC to the buffer");
      BigDecimal margin = required(a.action(), "or ", " USDC of margin from elsewhere");
      BigDecimal cut = required(a.action(), "cut the short by ", " ETH");
      assertThat(fires(alerts(p, context().withBuffer(topUp(b, topUp))), RULE)).isFalse();
      assertThat(fires(alerts(addMargin(p, margin), context().withBuffer(b)), RULE)).isFalse();
      assertThat(fires(alerts(cut(p, cut), context().withBuffer(b)), RULE)).isFalse();
    }

    @Test
    void the_adverse_move_is_a_setting_and_nothing_needed_is_quiet() {
      PositionSnapshot p = position().build();
      PositionContext ctx = context().withBuffer(buffer("10"));
      RuleSettingsLookup ten = lookup(RULE, Map.of("adverseMove", dec("0.1")));
      assertThat(fires(PositionRules.evaluate(p, ctx, ten), RULE)).isFalse();
      assertThat(fires(alerts(p, ctx), RULE)).isTrue();
      // no buffer configured, or a buffer without a price: no judgement
      assertThat(fires(alerts(p), RULE)).isFalse();
      BufferBalance unpriced =
          new BufferBalance("0xabc", "0xb0ff", dec("10"), Optional.empty(), "t");
      assertThat(fires(alerts(p, context().withBuffer(unpriced)), RULE)).isFalse();
    }
  }

  @Nested
  class FundingAgainstHedge {

    private static final String RULE = FundingAgainstHedgeRule.ID;

    private PositionContext rate(String hourly) {
      return context().withFunding(Optional.of(dec(hourly)), List.of());
    }

    // 10 % APR is 0.0000114155.../h; 30 % is 0.0000342465.../h
    @ParameterizedTest(name = "short at {0}/h -> {1}")
    @CsvSource({
      "0.0001, OK",
      "-0.00001, OK",
      "-0.0000115, WARNING",
      "-0.00003, WARNING",
      "-0.000035, CRITICAL"
    })
    void the_short_pays_when_the_rate_is_negative(String hourly, Severity expected) {
      assertThat(severity(alerts(position().build(), rate(hourly)), RULE)).isEqualTo(expected);
    }

    @Test
    void a_long_pays_at_a_positive_rate_and_the_action_gives_the_cost() {
      PositionSnapshot p = position().longs().build();
      Alert a = only(alerts(p, rate("0.00002")), RULE);
      assertThat(a.value()).isCloseTo(17.52, within(1e-9));
      assertThat(a.threshold()).isEqualTo(10.0);
      assertThat(a.message())
          .contains("pays funding at +0.002 %/h (longs pay shorts), 17.52 % a year");
      // 30,000 x 0.00002 x 24 = 14.40 a day, 100.80 a week
      assertThat(a.action())
          .startsWith("at this rate the long pays 14.40 USDC a day (100.80 USDC over 7d)");
      assertThat(fires(alerts(p, rate("-0.00002")), RULE)).isFalse();
      assertThat(fires(alerts(p), RULE)).isFalse();
    }
  }

  @Nested
  class FundingCarry {

    private static final String RULE = FundingCarryRule.ID;

    private static List<FundingPoint> history(String hourly, int hours) {
      List<FundingPoint> points = new ArrayList<>();
      for (int h = 1; h <= hours; h++) {
        points.add(new FundingPoint(NOW.minus(Duration.ofHours(h)), dec(hourly)));
      }
      return points;
    }

    @ParameterizedTest(name = "short at {0}/h for 7d -> {1}")
    @CsvSource({
      "-0.00002, OK", // 0.336 % of notional
      "-0.0000297619, OK", // just under 0.5 %
      "-0.00003, WARNING", // 0.504 %
      "-0.000119, WARNING", // 1.9992 %
      "-0.00012, CRITICAL", // 2.016 %
      "0.001, OK" // an income
    })
    void judges_carry_over_the_horizon_in_percent_of_notional(String hourly, Severity expected) {
      PositionContext ctx = context().withFunding(Optional.of(dec(hourly)), List.of());
      assertThat(severity(alerts(position().build(), ctx), RULE)).isEqualTo(expected);
    }

    @Test
    void the_recent_mean_counts_when_it_costs_more_than_the_current_rate() {
      // current rate harmless, but the last week averaged −0.01 %/h: 1.68 % over the next week
      PositionContext ctx =
          context().withFunding(Optional.of(dec("0.00001")), history("-0.0001", 168));
      Alert a = only(alerts(position().build(), ctx), RULE);
      assertThat(a.severity()).isEqualTo(Severity.WARNING);
      assertThat(a.value()).isCloseTo(1.68, within(1e-9));
      assertThat(a.message())
          .contains(
              "would pay 504.00 USDC of funding over 7d at the mean rate of the last 7d (-0.01 %/h over 168 points)")
          .contains("; at the current rate -50.40 USDC");
      assertThat(a.action())
          .startsWith(
              "the budget of 0.5 % of the notional is 150.00 USDC over 7d, exceeded by 354.00 USDC; the hedge costs 72.00 USDC a day");
      // without any rate there is nothing to project
      assertThat(fires(alerts(position().build()), RULE)).isFalse();
    }

    @Test
    void horizon_and_window_are_settings() {
      PositionContext ctx = context().withFunding(Optional.empty(), history("-0.0001", 168));
      RuleSettingsLookup day = lookup(RULE, Map.of("horizon", Duration.ofDays(1)));
      assertThat(fires(PositionRules.evaluate(position().build(), ctx, day), RULE)).isFalse();
      RuleSettingsLookup nothingYet = lookup(RULE, Map.of("window", Duration.ofMinutes(30)));
      assertThat(fires(PositionRules.evaluate(position().build(), ctx, nothingYet), RULE))
          .isFalse();
    }
  }

  @Nested
  class CollateralDepeg {

    private static final String RULE = CollateralDepegRule.ID;

    private PositionContext usdc(String price) {
      return context().withCollateral(CollateralPeg.usd("USDC", dec(price), "feed usdc-usd"));
    }

    @ParameterizedTest(name = "USDC at {0} -> {1}")
    @CsvSource({
      "1, OK",
      "0.995, OK", // exactly 50 bps
      "0.9949, WARNING",
      "0.98, WARNING", // exactly 200 bps
      "0.97, CRITICAL",
      "1.0051, WARNING"
    })
    void fires_strictly_beyond_50_and_200_bps(String price, Severity expected) {
      assertThat(severity(alerts(position().build(), usdc(price)), RULE)).isEqualTo(expected);
    }

    @Test
    void on_the_position_in_bps_with_the_margin_to_hold_elsewhere() {
      Alert a = only(alerts(position().build(), usdc("0.99")), RULE);
      assertThat(a.subject()).isEqualTo(SUBJECT);
      assertThat(a.value()).isCloseTo(100.0, within(1e-9));
      assertThat(a.threshold()).isEqualTo(50.0);
      assertThat(a.message())
          .contains("USDC, is at 0.99 (feed usdc-usd), 100 bps below its peg of 1");
      assertThat(a.action())
          .contains(
              "the equity of 6,000.00 USDC is worth 60 USDC less: add 60 USDC of margin in another asset");
      // 60 of margin in another asset restores the equity's worth at the peg: 6000 x 0.99 + 60
      BigDecimal add = required(a.action(), "add ", " USDC of margin");
      assertThat(dec("6000").multiply(dec("0.99")).add(add)).isEqualByComparingTo("6000");
      Alert above = only(alerts(position().build(), usdc("1.01")), RULE);
      assertThat(above.message()).contains("above its peg");
      assertThat(above.action()).contains("keep 60 USDC of margin in reserve");
    }
  }

  @Nested
  class Together {

    @Test
    void every_rule_runs_in_catalogue_order_on_the_position() {
      PositionSnapshot p = position().cross().collateral("500").build();
      PositionContext ctx =
          context()
              .withExposure(held("25"))
              .withBuffer(buffer("100"))
              .withFunding(Optional.of(dec("-0.0001")), List.of())
              .withVolatility(volatility(0.6))
              .withCollateral(CollateralPeg.usd("USDC", dec("0.97"), "feed usdc-usd"));
      List<Alert> alerts = alerts(p, ctx);
      assertThat(alerts)
          .extracting(Alert::rule)
          .containsExactly(
              "position.liquidation-distance",
              "position.margin",
              "position.leverage",
              "position.cross-margin",
              "hedge.ratio",
              "buffer.insufficient",
              "funding.against-hedge",
              "funding.carry",
              "collateral.depeg");
      assertThat(alerts).extracting(Alert::subject).containsOnly(SUBJECT);
      assertThat(alerts).allSatisfy(a -> assertThat(a.action()).isNotBlank());
    }

    @Test
    void a_healthy_hedge_has_no_alerts_and_its_figures_are_all_there() {
      PositionSnapshot p = position().collateral("12000").build();
      HedgedExposure spot =
          new HedgedExposure("ETH", dec("10"), Optional.of(dec("3000")), "config");
      PositionContext ctx =
          context()
              .withExposure(spot)
              .withExposureEntryPrice(dec("2500"))
              .withBuffer(buffer("5000"))
              .withFunding(Optional.of(dec("0.0000125")), List.of())
              .withVolatility(volatility(0.6));
      assertThat(alerts(p, ctx)).isEmpty();
      PositionMetrics m = PositionRules.metrics(p, ctx, DEFAULTS);
      // (12000 + 30000) / 10.1 = 4158.42: 38.6 % away
      assertThat(m.liquidationDistancePct().orElseThrow()).isCloseTo(38.6138613861, within(1e-9));
      assertThat(m.liquidationSigmas().orElseThrow())
          .isCloseTo(Math.log(42000 / 30300.0) / (0.6 * Math.sqrt(1 / 365.0)), within(1e-9));
      assertThat(m.liquidationProbability().orElseThrow()).isLessThan(1e-9);
      assertThat(m.leverage().orElseThrow()).isEqualByComparingTo("2.5");
      assertThat(m.hedgeRatio().orElseThrow()).isEqualByComparingTo("1");
      assertThat(m.netDelta().orElseThrow()).isEqualByComparingTo("0");
      assertThat(m.exposurePnl().orElseThrow()).isEqualByComparingTo("5000");
      assertThat(m.carry().atCurrent().orElseThrow()).isEqualByComparingTo("-63");
      assertThat(m.buffer().isNeeded()).isFalse();
      assertThat(m.liquidationShockPct().orElseThrow()).isCloseTo(38.6138613861, within(1e-9));
    }

    @Test
    void an_exposure_of_another_asset_is_a_wiring_bug() {
      HedgedExposure btc = new HedgedExposure("BTC", dec("1"), Optional.empty(), "config");
      assertThatThrownBy(() -> context().withExposure(btc))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("position context of ETH has an exposure of BTC");
    }
  }
}
