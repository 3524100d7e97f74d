package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleFixtures.T0;
import static io.hedgewatch.risk.OracleFixtures.block;
import static io.hedgewatch.risk.OracleFixtures.disabled;
import static io.hedgewatch.risk.OracleFixtures.sequencer;
import static io.hedgewatch.risk.OracleFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.SequencerStatus;
import io.hedgewatch.domain.Severity;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SequencerRulesTest {

  private final OracleRules rules = new OracleRules();

  private List<Alert> judge(SequencerStatus status, Instant blockTime) {
    return rules.evaluateSequencer(
        "arbitrum", status, block(blockTime), RuleSettingsLookup.defaults());
  }

  private static SequencerStatus raw(long answer, long startedAt) {
    return new SequencerStatus(
        BigInteger.valueOf(answer),
        BigInteger.valueOf(startedAt),
        BigInteger.valueOf(startedAt),
        BigInteger.ONE);
  }

  @Nested
  class Down {
    @Test
    void up_for_long_is_silent() {
      assertThat(judge(sequencer(0, T0.minusSeconds(86_400)), T0)).isEmpty();
    }

    @Test
    void down_is_critical_with_the_downtime_in_seconds() {
      assertThat(judge(sequencer(1, T0.minusSeconds(1_200)), T0))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("sequencer.down");
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.subject()).isEqualTo("chain:arbitrum");
                assertThat(a.value()).isEqualTo(1200.0);
                assertThat(a.threshold()).isNull();
                assertThat(a.message())
                    .contains(
                        "sequencer of chain arbitrum is down since 2025-01-08T11:40:00Z: 1200 s (20m 00s) at block 123456");
                assertThat(a.action()).isNotBlank();
              });
    }

    @Test
    void down_since_this_very_block_is_critical() {
      assertThat(OracleRules.worst(judge(sequencer(1, T0), T0))).isEqualTo(Severity.CRITICAL);
    }

    @ParameterizedTest(name = "answer {0}, startedAt {1} -> UNKNOWN")
    @CsvSource({"0, 0", "1, 0", "2, 1736337600", "-1, 1736337600"})
    void invalid_status_round_is_unknown(long answer, long startedAt) {
      assertThat(judge(raw(answer, startedAt), T0))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("sequencer.down");
                assertThat(a.severity()).isEqualTo(Severity.UNKNOWN);
                assertThat(a.message())
                    .contains("no valid status round")
                    .contains("answer " + answer);
              });
    }

    @Test
    void disabled_rule_is_silent() {
      RuleSettingsLookup lookup =
          RuleSettingsLookup.of(Map.of("sequencer.down", disabled("sequencer.down")));
      assertThat(
              rules.evaluateSequencer(
                  "arbitrum", sequencer(1, T0.minusSeconds(60)), block(T0), lookup))
          .isEmpty();
      assertThat(rules.evaluateSequencer("arbitrum", raw(0, 0), block(T0), lookup)).isEmpty();
    }
  }

  @Nested
  class Grace {
    // Chainlink's reference consumer reverts while timeSinceUp <= GRACE_PERIOD_TIME (3600 s)
    @ParameterizedTest(name = "up for {0} s -> {1}")
    @CsvSource({
      "0, WARNING",
      "1, WARNING",
      "3599, WARNING",
      "3600, WARNING",
      "3601, OK",
      "86400, OK"
    })
    void default_period_of_3600_s_includes_its_edge(long upFor, Severity expected) {
      assertThat(OracleRules.worst(judge(sequencer(0, T0.minusSeconds(upFor)), T0)))
          .isEqualTo(expected);
    }

    @Test
    void value_and_threshold_are_seconds() {
      assertThat(judge(sequencer(0, T0.minusSeconds(3600)), T0))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("sequencer.grace");
                assertThat(a.severity()).isEqualTo(Severity.WARNING);
                assertThat(a.subject()).isEqualTo("chain:arbitrum");
                assertThat(a.value()).isEqualTo(3600.0);
                assertThat(a.threshold()).isEqualTo(3600.0);
                assertThat(a.message())
                    .contains("restarted at 2025-01-08T11:00:00Z")
                    .contains(
                        "within its 3600 s (1h 00m) grace period, which ends at 2025-01-08T12:00:00Z");
              });
    }

    @ParameterizedTest(name = "up for {0} s -> {1}")
    @CsvSource({"1800, WARNING", "1801, OK"})
    void user_written_period_30m(long upFor, Severity expected) {
      RuleSettingsLookup lookup =
          RuleSettingsLookup.of(
              Map.of(
                  "sequencer.grace",
                  settings("sequencer.grace", Map.of("period", Duration.ofMinutes(30)))));
      List<Alert> alerts =
          rules.evaluateSequencer(
              "arbitrum", sequencer(0, T0.minusSeconds(upFor)), block(T0), lookup);
      assertThat(OracleRules.worst(alerts)).isEqualTo(expected);
    }

    @Test
    void restart_after_the_block_is_in_grace_with_zero_elapsed() {
      assertThat(judge(sequencer(0, T0.plusSeconds(30)), T0))
          .singleElement()
          .satisfies(a -> assertThat(a.value()).isEqualTo(0.0));
    }

    @Test
    void down_is_not_grace() {
      assertThat(judge(sequencer(1, T0.minusSeconds(10)), T0))
          .extracting(Alert::rule)
          .containsExactly("sequencer.down");
    }

    @Test
    void disabled_rule_is_silent() {
      RuleSettingsLookup lookup =
          RuleSettingsLookup.of(Map.of("sequencer.grace", disabled("sequencer.grace")));
      assertThat(
              rules.evaluateSequencer(
                  "arbitrum", sequencer(0, T0.minusSeconds(10)), block(T0), lookup))
          .isEmpty();
    }
  }

  @Nested
  class Context {
    private SequencerContext context(SequencerStatus status) {
      return OracleRules.sequencerContext(
          "arbitrum", status, block(T0), RuleSettingsLookup.defaults());
    }

    @Test
    void states() {
      assertThat(context(sequencer(0, T0.minusSeconds(3601))).state())
          .isEqualTo(SequencerContext.State.UP);
      assertThat(context(sequencer(0, T0.minusSeconds(3600))).state())
          .isEqualTo(SequencerContext.State.GRACE);
      assertThat(context(sequencer(1, T0.minusSeconds(10))).state())
          .isEqualTo(SequencerContext.State.DOWN);
      assertThat(context(raw(0, 0)).state()).isEqualTo(SequencerContext.State.UNKNOWN);
    }

    @Test
    void suffixes() {
      assertThat(context(sequencer(1, T0.minusSeconds(600))).messageSuffix())
          .contains("; sequencer down since 2025-01-08T11:50:00Z: on-chain prices may be stale");
      assertThat(context(sequencer(0, T0.minusSeconds(600))).messageSuffix())
          .contains("; sequencer restarted at 2025-01-08T11:50:00Z, within its grace period");
      assertThat(context(sequencer(0, T0.minusSeconds(7200))).messageSuffix()).isEmpty();
      assertThat(context(raw(2, 0)).messageSuffix()).isEmpty();
    }

    @Test
    void grace_follows_the_configured_period_even_when_the_rule_is_disabled() {
      RuleSettingsLookup lookup =
          RuleSettingsLookup.of(
              Map.of(
                  "sequencer.grace",
                  settings(
                      "sequencer.grace",
                      Map.of("period", Duration.ofMinutes(5), "enabled", false))));
      assertThat(
              OracleRules.sequencerContext(
                      "arbitrum", sequencer(0, T0.minusSeconds(300)), block(T0), lookup)
                  .state())
          .isEqualTo(SequencerContext.State.GRACE);
      assertThat(
              OracleRules.sequencerContext(
                      "arbitrum", sequencer(0, T0.minusSeconds(301)), block(T0), lookup)
                  .state())
          .isEqualTo(SequencerContext.State.UP);
    }
  }
}
