package io.hedgewatch.risk;

import static io.hedgewatch.risk.RpcRulesFixtures.NOW;
import static io.hedgewatch.risk.RpcRulesFixtures.down;
import static io.hedgewatch.risk.RpcRulesFixtures.onChain;
import static io.hedgewatch.risk.RpcRulesFixtures.probe;
import static io.hedgewatch.risk.RpcRulesFixtures.up;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.RpcProbe;
import io.hedgewatch.domain.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpcLagRuleTest {

  private static List<Alert> judge(RpcProbe probe) {
    return RpcLagRule.evaluate(probe, RuleCatalog.defaults(RpcLagRule.ID));
  }

  private static List<Alert> judge(RpcProbe probe, Map<String, Object> overrides) {
    return RpcLagRule.evaluate(
        probe, RuleSettings.of(RuleCatalog.find(RpcLagRule.ID).orElseThrow(), overrides));
  }

  @Test
  void endpoints_at_the_same_fresh_head_are_quiet() {
    assertThat(judge(probe(up(0, 1000), up(1, 1000), up(2, 999)))).isEmpty();
  }

  @ParameterizedTest(name = "{0} blocks behind -> {1}")
  @CsvSource({"5, OK, 0", "6, WARNING, 5", "20, WARNING, 5", "21, CRITICAL, 20"})
  void an_endpoint_behind_the_best_head_fires_strictly_beyond_the_block_thresholds(
      long behind, Severity expected, double threshold) {
    List<Alert> alerts = judge(probe(up(0, 1000), up(1, 1000 - behind)));
    if (expected == Severity.OK) {
      assertThat(alerts).isEmpty();
      return;
    }
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo("rpc.lag");
              assertThat(a.subject()).isEqualTo("chain:arbitrum");
              assertThat(a.severity()).isEqualTo(expected);
              assertThat(a.value()).isEqualTo((double) behind);
              assertThat(a.threshold()).isEqualTo(threshold);
              assertThat(a.message())
                  .contains(
                      "rpc[1] node1.example is " + behind + " blocks behind rpc[0] node0.example");
            });
  }

  @ParameterizedTest(name = "head {0} s old -> {1}")
  @CsvSource({"60, OK, 0", "61, WARNING, 60", "300, WARNING, 60", "301, CRITICAL, 300"})
  void the_best_head_old_against_the_clock_fires_strictly_beyond_the_durations(
      long ageSeconds, Severity expected, double threshold) {
    RpcProbe p =
        probe(
            up(0, 1000, NOW.minusSeconds(ageSeconds), Map.of()),
            up(1, 1000, NOW.minusSeconds(ageSeconds), Map.of()));
    List<Alert> alerts = judge(p);
    if (expected == Severity.OK) {
      assertThat(alerts).isEmpty();
      return;
    }
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(expected);
              assertThat(a.value()).isEqualTo((double) ageSeconds);
              assertThat(a.threshold()).isEqualTo(threshold);
              assertThat(a.message())
                  .contains("the newest head, block 1000")
                  .contains(ageSeconds + " s");
            });
  }

  @Test
  void a_head_from_the_future_counts_as_fresh() {
    assertThat(judge(probe(up(0, 10, NOW.plusSeconds(30), Map.of())))).isEmpty();
  }

  @Test
  void lag_and_head_age_merge_into_one_alert_at_the_worst_severity() {
    RpcProbe p =
        probe(
            up(0, 1000, NOW.minusSeconds(90), Map.of()),
            up(1, 970, NOW.minusSeconds(400), Map.of()));
    assertThat(judge(p))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(a.value()).isEqualTo(30.0);
              assertThat(a.threshold()).isEqualTo(20.0);
              assertThat(a.message()).contains("newest head").contains("30 blocks behind");
            });
  }

  @Test
  void a_down_endpoint_is_not_lag_but_is_named_when_something_fires() {
    assertThat(judge(probe(up(0, 1000), down(1)))).isEmpty();
    assertThat(judge(probe(up(0, 1000), up(1, 990), down(2))))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.message())
                    .contains("rpc[2] node2.example did not answer (connection refused)"));
  }

  @Test
  void nothing_to_judge_when_every_endpoint_is_down() {
    assertThat(judge(probe(down(0), down(1)))).isEmpty();
  }

  @Test
  void an_endpoint_on_another_chain_is_not_compared_for_lag() {
    assertThat(judge(probe(up(0, 1000), onChain(1, 1, 20_000_000)))).isEmpty();
  }

  @Test
  void thresholds_are_configurable_for_fast_chains() {
    RpcProbe p = probe(up(0, 1000), up(1, 950));
    assertThat(judge(p, Map.of("warnBlocks", 100, "criticalBlocks", 400))).isEmpty();
    assertThat(judge(p, Map.of("enabled", false))).isEmpty();
    assertThat(judge(p, Map.of("warn", Duration.ofSeconds(5)))).hasSize(1);
  }

  private static List<Alert> judgeWithChainLimit(RpcProbe probe, Duration maxHeadAge) {
    return RpcLagRule.evaluate(
        probe, RuleCatalog.defaults(RpcLagRule.ID), java.util.Optional.of(maxHeadAge));
  }

  @ParameterizedTest(name = "maxHeadAge 10m, head {0} s old -> {1}")
  @CsvSource({"600, OK, 0", "601, WARNING, 600", "3000, WARNING, 600", "3001, CRITICAL, 3000"})
  void a_chains_own_head_age_limit_replaces_warn_and_scales_critical_alike(
      long ageSeconds, Severity expected, double threshold) {
    List<Alert> alerts =
        judgeWithChainLimit(
            probe(up(0, 1000, NOW.minusSeconds(ageSeconds), Map.of())), Duration.ofMinutes(10));
    if (expected == Severity.OK) {
      assertThat(alerts).isEmpty();
      return;
    }
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(expected);
              assertThat(a.value()).isEqualTo((double) ageSeconds);
              assertThat(a.threshold()).isEqualTo(threshold);
              assertThat(a.message()).contains("set for this chain");
            });
  }

  @Test
  void a_chain_limit_tighter_than_the_rule_fires_sooner() {
    RpcProbe p = probe(up(0, 1000, NOW.minusSeconds(20), Map.of()));
    assertThat(judge(p)).isEmpty();
    assertThat(judgeWithChainLimit(p, Duration.ofSeconds(15)))
        .singleElement()
        .satisfies(a -> assertThat(a.threshold()).isEqualTo(15.0));
  }

  @Test
  void head_age_off_leaves_an_old_head_alone_but_still_judges_blocks_behind() {
    RpcProbe idle =
        probe(
            up(0, 1000, NOW.minus(Duration.ofDays(3)), Map.of()),
            up(1, 1000, NOW.minus(Duration.ofDays(3)), Map.of()));
    assertThat(judge(idle)).singleElement().satisfies(a -> assertThat(a.value()).isPositive());
    assertThat(judgeWithChainLimit(idle, Duration.ZERO)).isEmpty();

    RpcProbe behind =
        probe(
            up(0, 1000, NOW.minus(Duration.ofDays(3)), Map.of()),
            up(1, 990, NOW.minus(Duration.ofDays(3)), Map.of()));
    assertThat(judgeWithChainLimit(behind, Duration.ZERO))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(Severity.WARNING);
              assertThat(a.value()).isEqualTo(10.0);
              assertThat(a.message()).doesNotContain("newest head");
            });
  }
}
