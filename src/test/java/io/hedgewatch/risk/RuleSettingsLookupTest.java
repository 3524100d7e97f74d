package io.hedgewatch.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings are resolved once: rules look them up on every observation. */
class RuleSettingsLookupTest {

  @Test
  void the_catalogue_gives_the_same_defaults_instance_on_every_lookup() {
    for (RuleCatalog.RuleSpec spec : RuleCatalog.all()) {
      RuleSettings first = RuleCatalog.defaults(spec.id());
      assertThat(RuleCatalog.defaults(spec.id())).isSameAs(first);
      assertThat(RuleSettingsLookup.defaults().forRule(spec.id())).isSameAs(first);
      // Built once, still every default of the spec.
      assertThat(first).isEqualTo(RuleSettings.of(spec, Map.of()));
    }
  }

  @Test
  void the_cached_defaults_cannot_be_changed_by_a_caller() {
    RuleSettings drift = RuleCatalog.defaults("oracle.drift");
    assertThatThrownBy(() -> drift.values().put("warn", BigDecimal.ONE))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(RuleCatalog.defaults("oracle.drift").ratio("warn")).isEqualByComparingTo("0.005");
  }

  @Test
  void a_configured_rule_wins_and_every_other_rule_gets_the_cached_defaults() {
    RuleSettings drift =
        RuleSettings.of(
            RuleCatalog.find("oracle.drift").orElseThrow(),
            Map.of("warn", new BigDecimal("0.008")));
    RuleSettingsLookup lookup = RuleSettingsLookup.of(Map.of("oracle.drift", drift));
    assertThat(lookup.forRule("oracle.drift")).isSameAs(drift);
    assertThat(lookup.forRule("oracle.drift").ratio("warn")).isEqualByComparingTo("0.008");
    assertThat(lookup.forRule("oracle.stale")).isSameAs(RuleCatalog.defaults("oracle.stale"));
  }

  @Test
  void an_unknown_rule_id_is_named_in_the_error() {
    assertThatThrownBy(() -> RuleCatalog.defaults("oracle.nonsense"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown rule id: oracle.nonsense");
  }
}
