package io.hedgewatch.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The catalogue entries of the market rules: ids, parameter types and the documented defaults. */
class MarketCatalogTest {

  private static ParamType type(String rule, String param) {
    return RuleCatalog.find(rule).orElseThrow().param(param).orElseThrow().type();
  }

  @Test
  void funding_spike_defaults() {
    RuleSettings s = RuleCatalog.defaults(FundingSpikeRule.ID);
    assertThat(s.duration("window")).isEqualTo(Duration.ofDays(7));
    assertThat(s.count("minPoints")).isEqualTo(24);
    assertThat(s.ratio("zWarn")).isEqualByComparingTo("3");
    assertThat(s.ratio("zCritical")).isEqualByComparingTo("5");
    assertThat(s.ratio("capWarn")).isEqualByComparingTo("0.8");
    assertThat(type("funding.spike", "window")).isEqualTo(ParamType.DURATION);
    assertThat(type("funding.spike", "minPoints")).isEqualTo(ParamType.COUNT);
    assertThat(type("funding.spike", "zWarn")).isEqualTo(ParamType.RATIO);
    assertThat(RuleCatalog.find("funding.spike").orElseThrow().param("warn")).isEmpty();
  }

  @Test
  void ratio_defaults_are_fractions() {
    RuleSettings divergence = RuleCatalog.defaults(FundingDivergenceRule.ID);
    assertThat(divergence.ratio("warn")).isEqualByComparingTo("0.1");
    assertThat(divergence.ratio("critical")).isEqualByComparingTo("0.3");
    RuleSettings basis = RuleCatalog.defaults(BasisWideRule.ID);
    assertThat(basis.ratio("warn")).isEqualByComparingTo("0.005");
    assertThat(basis.ratio("critical")).isEqualByComparingTo("0.015");
    RuleSettings oi = RuleCatalog.defaults(OpenInterestCapRule.ID);
    assertThat(oi.ratio("warn")).isEqualByComparingTo("0.8");
    assertThat(oi.ratio("critical")).isEqualByComparingTo("0.95");
    RuleSettings skew = RuleCatalog.defaults(SkewRule.ID);
    assertThat(skew.ratio("warn")).isEqualByComparingTo("0.5");
    assertThat(skew.ratio("critical")).isEqualByComparingTo("0.8");
  }

  @Test
  void the_rule_ids_match_the_catalogue() {
    for (String id :
        new String[] {
          FundingSpikeRule.ID,
          FundingDivergenceRule.ID,
          BasisWideRule.ID,
          OpenInterestCapRule.ID,
          SkewRule.ID,
          PlatformPausedRule.ID,
          MarketOracleStaleRule.ID
        }) {
      assertThat(RuleCatalog.find(id)).as(id).isPresent();
    }
  }
}
