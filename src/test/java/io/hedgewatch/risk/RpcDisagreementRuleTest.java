package io.hedgewatch.risk;

import static io.hedgewatch.risk.RpcRulesFixtures.NOW;
import static io.hedgewatch.risk.RpcRulesFixtures.down;
import static io.hedgewatch.risk.RpcRulesFixtures.hash;
import static io.hedgewatch.risk.RpcRulesFixtures.onChain;
import static io.hedgewatch.risk.RpcRulesFixtures.probe;
import static io.hedgewatch.risk.RpcRulesFixtures.up;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.RpcProbe;
import io.hedgewatch.domain.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RpcDisagreementRuleTest {

  private static List<Alert> judge(RpcProbe probe) {
    return RpcDisagreementRule.evaluate(probe, RuleCatalog.defaults(RpcDisagreementRule.ID));
  }

  /** Best head 1000: compared at 995 (reorgDepth 5) and 936 (criticalDepth 64). */
  private static RpcProbe.Up at1000(int index, String at995, String at936) {
    return up(index, 1000, NOW, Map.of(995L, at995, 936L, at936));
  }

  @Test
  void comparison_heights_follow_the_best_head_and_stop_at_the_lowest_head_and_genesis() {
    assertThat(RpcProbe.comparisonHeight(1000, 1000, 5)).isEqualTo(995);
    assertThat(RpcProbe.comparisonHeight(1000, 990, 5)).isEqualTo(990);
    assertThat(RpcProbe.comparisonHeight(1000, 990, 64)).isEqualTo(936);
    assertThat(RpcProbe.comparisonHeight(10, 10, 64)).isZero();
    assertThat(probe(up(0, 1000), up(1, 990), down(2)).comparisonHeight(5)).hasValue(990);
    assertThat(probe(down(0)).comparisonHeight(5)).isEmpty();
  }

  @Test
  void the_prober_is_asked_for_both_depths_unless_the_rule_is_off() {
    assertThat(RpcRules.comparisonDepths(RuleSettingsLookup.defaults())).containsExactly(5, 64);
    assertThat(
            RpcRules.comparisonDepths(
                RuleSettingsLookup.of(
                    Map.of(
                        RpcDisagreementRule.ID,
                        RuleSettings.of(
                            RuleCatalog.find(RpcDisagreementRule.ID).orElseThrow(),
                            Map.of("enabled", false))))))
        .isEmpty();
  }

  @Test
  void endpoints_agreeing_at_the_compared_heights_are_quiet() {
    assertThat(judge(probe(at1000(0, hash(1), hash(2)), at1000(1, hash(1), hash(2))))).isEmpty();
  }

  @Test
  void different_hashes_beyond_the_reorg_depth_are_a_warning() {
    assertThat(
            judge(
                probe(
                    at1000(0, hash(1), hash(2)),
                    at1000(1, hash(9), hash(2)),
                    at1000(2, hash(1), hash(2)))))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo("rpc.disagreement");
              assertThat(a.subject()).isEqualTo("chain:arbitrum");
              assertThat(a.severity()).isEqualTo(Severity.WARNING);
              assertThat(a.value()).isEqualTo(5.0);
              assertThat(a.threshold()).isEqualTo(5.0);
              assertThat(a.message())
                  .contains("block 995 (5 below the best head 1000")
                  .contains("rpc[0] node0.example and rpc[2] node2.example have " + hash(1))
                  .contains("rpc[1] node1.example has " + hash(9));
            });
  }

  @Test
  void different_hashes_at_the_critical_depth_are_critical_and_reported_once() {
    assertThat(judge(probe(at1000(0, hash(1), hash(2)), at1000(1, hash(9), hash(8)))))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(a.value()).isEqualTo(64.0);
              assertThat(a.threshold()).isEqualTo(64.0);
              assertThat(a.message()).contains("block 936").doesNotContain("block 995");
            });
  }

  @Test
  void on_a_short_chain_genesis_is_the_critical_comparison() {
    RpcProbe p =
        probe(
            up(0, 10, NOW, Map.of(5L, hash(1), 0L, hash(3))),
            up(1, 10, NOW, Map.of(5L, hash(2), 0L, hash(4))));
    assertThat(judge(p))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(a.value()).isEqualTo(10.0);
              assertThat(a.message()).contains("block 0 (10 below");
            });
  }

  @Test
  void a_down_endpoint_or_one_without_the_block_never_disagrees() {
    assertThat(judge(probe(at1000(0, hash(1), hash(2)), down(1)))).isEmpty();
    assertThat(
            judge(
                probe(
                    at1000(0, hash(1), hash(2)),
                    at1000(1, hash(1), hash(2)),
                    up(2, 1000, NOW, Map.of()))))
        .isEmpty();
  }

  @Test
  void an_endpoint_on_another_chain_is_critical() {
    assertThat(judge(probe(at1000(0, hash(1), hash(2)), onChain(1, 1, 20_000_000))))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(a.message())
                  .contains("rpc[1] node1.example serves chain id 1 but the config says 42161");
              assertThat(a.value()).isNull();
            });
  }

  @Test
  void disabled_rule_is_quiet() {
    assertThat(
            RpcDisagreementRule.evaluate(
                probe(at1000(0, hash(1), hash(2)), onChain(1, 1, 5)),
                RuleSettings.of(
                    RuleCatalog.find(RpcDisagreementRule.ID).orElseThrow(),
                    Map.of("enabled", false))))
        .isEmpty();
  }

  @Test
  void rpc_rules_together() {
    RpcProbe p = probe(at1000(0, hash(1), hash(2)), up(1, 970, NOW, Map.of(936L, hash(2))));
    assertThat(RpcRules.evaluate(p, RuleSettingsLookup.defaults()))
        .extracting(Alert::rule)
        .containsExactly("rpc.lag");
  }
}
