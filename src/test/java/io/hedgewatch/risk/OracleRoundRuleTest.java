package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleFixtures.PHASE_6_ROUND;
import static io.hedgewatch.risk.OracleFixtures.T0;
import static io.hedgewatch.risk.OracleFixtures.block;
import static io.hedgewatch.risk.OracleFixtures.chainlink;
import static io.hedgewatch.risk.OracleFixtures.defaults;
import static io.hedgewatch.risk.OracleFixtures.disabled;
import static io.hedgewatch.risk.OracleFixtures.pyth;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.ChainlinkRound;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.PythPrice;
import io.hedgewatch.domain.Severity;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OracleRoundRuleTest {

  private static final BigInteger T = BigInteger.valueOf(T0.getEpochSecond());

  private static List<Alert> judge(ChainlinkRound round, Instant blockTime) {
    return OracleRoundRule.evaluate(chainlink(round), block(blockTime), defaults("oracle.round"));
  }

  private static List<Alert> judge(ChainlinkRound round) {
    return judge(round, T0.plusSeconds(60));
  }

  private static ChainlinkRound round(
      long answer, BigInteger startedAt, BigInteger updatedAt, BigInteger answeredIn) {
    return new ChainlinkRound(
        PHASE_6_ROUND, BigInteger.valueOf(answer), startedAt, updatedAt, answeredIn);
  }

  @Nested
  class Chainlink {
    @Test
    void healthy_round_is_silent() {
      assertThat(judge(round(300_000_000_000L, T, T, PHASE_6_ROUND))).isEmpty();
    }

    @ParameterizedTest(name = "raw answer {0} -> {1}")
    @CsvSource({"-100000000, CRITICAL", "-1, CRITICAL", "0, CRITICAL", "1, OK", "300000000000, OK"})
    void non_positive_answer_is_critical(long answer, Severity expected) {
      List<Alert> alerts = judge(round(answer, T, T, PHASE_6_ROUND));
      assertThat(OracleRules.worst(alerts)).isEqualTo(expected);
      if (expected == Severity.CRITICAL) {
        assertThat(alerts.get(0).message())
            .contains("non-positive answer")
            .contains("raw " + answer);
      }
    }

    @Test
    void negative_answer_is_shown_as_a_price() {
      assertThat(judge(round(-100_000_000L, T, T, PHASE_6_ROUND)).get(0).message())
          .contains("-1.00000000");
    }

    @Test
    void incomplete_round_is_critical() {
      assertThat(judge(round(300_000_000_000L, T, BigInteger.ZERO, PHASE_6_ROUND)))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.message()).contains("incomplete round").contains("updatedAt 0");
              });
      assertThat(judge(round(300_000_000_000L, BigInteger.ZERO, T, PHASE_6_ROUND)))
          .singleElement()
          .extracting(Alert::severity)
          .isEqualTo(Severity.CRITICAL);
    }

    @ParameterizedTest(name = "answeredInRound = roundId {0} -> {1}")
    @CsvSource({"-1, WARNING", "0, OK", "1, OK"})
    void carried_over_answer_is_a_warning(long offset, Severity expected) {
      List<Alert> alerts =
          judge(round(300_000_000_000L, T, T, PHASE_6_ROUND.add(BigInteger.valueOf(offset))));
      assertThat(OracleRules.worst(alerts)).isEqualTo(expected);
      if (expected == Severity.WARNING) {
        assertThat(alerts.get(0).message())
            .contains("round " + PHASE_6_ROUND + " (phase 6, aggregator round 1234)")
            .contains(
                "carried over from round "
                    + PHASE_6_ROUND.subtract(BigInteger.ONE)
                    + " (phase 6, aggregator round 1233)");
      }
    }

    @ParameterizedTest(name = "updatedAt = block {0} s -> {1}")
    @CsvSource({"-1, OK", "0, OK", "1, WARNING", "3600, WARNING"})
    void future_dated_round_is_a_warning(long offset, Severity expected) {
      List<Alert> alerts =
          judge(round(300_000_000_000L, T, T, PHASE_6_ROUND), T0.minusSeconds(offset));
      assertThat(OracleRules.worst(alerts)).isEqualTo(expected);
    }

    @Test
    void future_date_is_reported_with_both_times() {
      Alert a = judge(round(300_000_000_000L, T, T, PHASE_6_ROUND), T0.minusSeconds(90)).get(0);
      assertThat(a.message())
          .contains(
              "updatedAt 2025-01-08T12:00:00Z is 90 s (1m 30s) after block 123456 (2025-01-08T11:58:30Z)");
    }

    @Test
    void several_conditions_make_one_alert_at_the_worst_severity() {
      List<Alert> alerts = judge(round(0, T, T, PHASE_6_ROUND.subtract(BigInteger.TEN)));
      assertThat(alerts)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.message()).contains("non-positive answer").contains("carried over");
                assertThat(a.subject()).isEqualTo("feed:eth-usd");
                assertThat(a.value()).isNull();
                assertThat(a.threshold()).isNull();
                assertThat(a.action()).isNotBlank();
              });
    }

    @Test
    void disabled_rule_is_silent() {
      assertThat(
              OracleRoundRule.evaluate(
                  chainlink(round(0, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO)),
                  block(T0),
                  disabled("oracle.round")))
          .isEmpty();
    }
  }

  @Nested
  class Pyth {
    @ParameterizedTest(name = "raw price {0} -> {1}")
    @CsvSource({"-5, CRITICAL", "0, CRITICAL", "1, OK", "300000000000, OK"})
    void non_positive_price_is_critical(long price, Severity expected) {
      List<Alert> alerts = OracleRoundRule.evaluate(pyth(price, 0, T0), defaults("oracle.round"));
      assertThat(OracleRules.worst(alerts)).isEqualTo(expected);
    }

    @Test
    void never_published_price_is_critical() {
      FeedReading.Pyth never =
          new FeedReading.Pyth(
              "eth-usd-pyth",
              OracleFixtures.PYTH_ID,
              new PythPrice(300_000_000_000L, 1, -8, 0),
              Optional.empty());
      assertThat(OracleRoundRule.evaluate(never, defaults("oracle.round")))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.message()).contains("publishTime is 0");
                assertThat(a.subject()).isEqualTo("feed:eth-usd-pyth");
              });
    }

    @Test
    void disabled_rule_is_silent() {
      assertThat(OracleRoundRule.evaluate(pyth(0, 0, T0), disabled("oracle.round"))).isEmpty();
    }
  }
}
