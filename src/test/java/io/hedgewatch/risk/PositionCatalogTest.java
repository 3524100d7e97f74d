package io.hedgewatch.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The catalogue entries of the position rules: ids, parameter types and documented defaults. */
class PositionCatalogTest {

  private static ParamType type(String rule, String param) {
    return RuleCatalog.find(rule).orElseThrow().param(param).orElseThrow().type();
  }

  @Test
  void the_rule_ids_are_the_contracts() {
    for (String id :
        new String[] {
          LiquidationDistanceRule.ID,
          MarginRatioRule.ID,
          LeverageRule.ID,
          CrossMarginRule.ID,
          HedgeRatioRule.ID,
          BufferRule.ID,
          FundingAgainstHedgeRule.ID,
          FundingCarryRule.ID,
          CollateralDepegRule.ID
        }) {
      assertThat(RuleCatalog.find(id)).as(id).isPresent();
    }
    assertThat(LiquidationDistanceRule.ID).isEqualTo("position.liquidation-distance");
    assertThat(MarginRatioRule.ID).isEqualTo("position.margin");
    assertThat(BufferRule.ID).isEqualTo("buffer.insufficient");
  }

  @Test
  void liquidation_distance_defaults() {
    RuleSettings s = RuleCatalog.defaults(LiquidationDistanceRule.ID);
    assertThat(s.ratio("warn")).isEqualByComparingTo("0.15");
    assertThat(s.ratio("critical")).isEqualByComparingTo("0.07");
    assertThat(s.ratio("probabilityWarn")).isEqualByComparingTo("0.05");
    assertThat(s.ratio("probabilityCritical")).isEqualByComparingTo("0.2");
    assertThat(s.duration("horizon")).isEqualTo(Duration.ofHours(24));
    assertThat(type(LiquidationDistanceRule.ID, "horizon")).isEqualTo(ParamType.DURATION);
    assertThat(type(LiquidationDistanceRule.ID, "probabilityWarn")).isEqualTo(ParamType.RATIO);
  }

  @Test
  void margin_leverage_hedge_and_buffer_defaults() {
    assertThat(RuleCatalog.defaults(MarginRatioRule.ID).ratio("warn")).isEqualByComparingTo("0.5");
    assertThat(RuleCatalog.defaults(MarginRatioRule.ID).ratio("critical"))
        .isEqualByComparingTo("0.8");
    assertThat(RuleCatalog.defaults(LeverageRule.ID).ratio("warn")).isEqualByComparingTo("3");
    assertThat(RuleCatalog.defaults(LeverageRule.ID).ratio("critical")).isEqualByComparingTo("5");
    assertThat(RuleCatalog.defaults(HedgeRatioRule.ID).ratio("criticalBelow"))
        .isEqualByComparingTo("0.25");
    assertThat(RuleCatalog.defaults(HedgeRatioRule.ID).ratio("criticalAbove"))
        .isEqualByComparingTo("1.5");
    RuleSettings buffer = RuleCatalog.defaults(BufferRule.ID);
    assertThat(buffer.ratio("adverseMove")).isEqualByComparingTo("0.2");
    assertThat(buffer.ratio("warn")).isEqualByComparingTo("1");
    assertThat(buffer.ratio("critical")).isEqualByComparingTo("0.5");
    assertThat(RuleCatalog.find(CrossMarginRule.ID).orElseThrow().params())
        .extracting(RuleCatalog.Param::name)
        .containsExactly("enabled", "sustain", "clearAfter");
  }

  @Test
  void funding_and_depeg_defaults() {
    RuleSettings carry = RuleCatalog.defaults(FundingCarryRule.ID);
    assertThat(carry.duration("horizon")).isEqualTo(Duration.ofDays(7));
    assertThat(carry.duration("window")).isEqualTo(Duration.ofDays(7));
    assertThat(carry.ratio("warn")).isEqualByComparingTo("0.005");
    assertThat(carry.ratio("critical")).isEqualByComparingTo("0.02");
    assertThat(RuleCatalog.defaults(FundingAgainstHedgeRule.ID).ratio("warn"))
        .isEqualByComparingTo("0.1");
    assertThat(RuleCatalog.defaults(FundingAgainstHedgeRule.ID).ratio("critical"))
        .isEqualByComparingTo("0.3");
    assertThat(RuleCatalog.defaults(CollateralDepegRule.ID).ratio("warn"))
        .isEqualByComparingTo("0.005");
    assertThat(RuleCatalog.defaults(CollateralDepegRule.ID).ratio("critical"))
        .isEqualByComparingTo("0.02");
  }
}
