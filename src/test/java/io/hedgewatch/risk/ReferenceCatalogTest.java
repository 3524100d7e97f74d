package io.hedgewatch.risk;

import static io.hedgewatch.risk.ReferenceFixtures.ETH_USD;
import static io.hedgewatch.risk.ReferenceFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.ReferencePrice;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The catalogue entries of the reference rules and the invariants of the reference records. */
class ReferenceCatalogTest {

  @Test
  void defaults_are_the_contracts() {
    RuleSettings drift = RuleCatalog.defaults("oracle.drift");
    assertThat(drift.ratio("warn")).isEqualByComparingTo("0.005");
    assertThat(drift.ratio("critical")).isEqualByComparingTo("0.015");
    RuleSettings divergence = RuleCatalog.defaults("reference.divergence");
    assertThat(divergence.ratio("warn")).isEqualByComparingTo("0.005");
    assertThat(divergence.ratio("critical")).isEqualByComparingTo("0.02");
    RuleSettings unavailable = RuleCatalog.defaults("reference.unavailable");
    assertThat(unavailable.duration("maxAge")).isEqualTo(Duration.ofSeconds(60));
    assertThat(RuleCatalog.find("reference.unavailable").orElseThrow().param("maxAge"))
        .hasValueSatisfying(p -> assertThat(p.type()).isEqualTo(ParamType.DURATION));
  }

  @Test
  void the_rule_ids_match_the_catalogue() {
    assertThat(RuleCatalog.find(OracleDriftRule.ID)).isPresent();
    assertThat(RuleCatalog.find(ReferenceDivergenceRule.ID)).isPresent();
    assertThat(RuleCatalog.find(ReferenceUnavailableRule.ID)).isPresent();
  }

  @Test
  void a_reference_has_a_price_or_a_reason_never_both() {
    assertThatThrownBy(
            () ->
                new ReferencePrice(
                    ETH_USD,
                    NOW,
                    Optional.of(BigDecimal.ONE),
                    List.of(),
                    Map.of(),
                    1,
                    Optional.empty(),
                    Optional.of("why")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new ReferencePrice(
                    ETH_USD,
                    NOW,
                    Optional.empty(),
                    List.of(),
                    Map.of(),
                    1,
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
    ReferencePrice none = ReferencePrice.unavailable(ETH_USD, NOW, 2, "no venue configured");
    assertThat(none.available()).isFalse();
    assertThat(none.usedPrices()).isEmpty();
    assertThat(none.unavailableReason()).hasValue("no venue configured");
  }
}
