package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleFixtures.defaults;
import static io.hedgewatch.risk.OracleFixtures.disabled;
import static io.hedgewatch.risk.OracleFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.AnswerBounds;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OracleBoundsRuleTest {

  // 8 decimals: min 1.00000000, max 10000.00000000
  private static final long MIN = 100_000_000L;
  private static final long MAX = 1_000_000_000_000L;
  private static final BigInteger UINT176_MAX = BigInteger.TWO.pow(176).subtract(BigInteger.ONE);

  private static List<Alert> judge(long answer, long min, long max, RuleSettings s) {
    return judge(BigInteger.valueOf(answer), BigInteger.valueOf(min), BigInteger.valueOf(max), s);
  }

  private static List<Alert> judge(
      BigInteger answer, BigInteger min, BigInteger max, RuleSettings s) {
    return OracleBoundsRule.evaluate("eth-usd", answer, 8, new AnswerBounds(min, max), s);
  }

  private static Severity severity(long answer, RuleSettings s) {
    return OracleRules.worst(judge(answer, MIN, MAX, s));
  }

  @Nested
  class NearMin {
    // default margin 0.5 % = 50 bps of minAnswer: 1.00500000 is exactly 50 bps above
    @ParameterizedTest(name = "answer {0} -> {1}")
    @CsvSource({
      "300000000000, OK",
      "100500001, OK",
      "100500000, OK",
      "100499999, WARNING",
      "100000001, WARNING",
      "100000000, CRITICAL",
      "99999999, CRITICAL",
      "50000000, CRITICAL"
    })
    void fifty_bps_default_margin(long answer, Severity expected) {
      assertThat(severity(answer, defaults("oracle.bounds"))).isEqualTo(expected);
    }

    @Test
    void warning_carries_the_distance_and_margin_in_bps() {
      Alert a = judge(100_499_999L, MIN, MAX, defaults("oracle.bounds")).get(0);
      assertThat(a.value()).isCloseTo(49.99990, within(1e-9));
      assertThat(a.threshold()).isEqualTo(50.0);
      assertThat(a.message())
          .contains("answers 1.00499999")
          .contains("49.9999 bps above its circuit-breaker minAnswer 1.00000000")
          .contains("within the 50 bps margin");
    }

    @Test
    void at_the_bound_is_critical_with_distance_zero() {
      Alert a = judge(MIN, MIN, MAX, defaults("oracle.bounds")).get(0);
      assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
      assertThat(a.value()).isEqualTo(0.0);
      assertThat(a.threshold()).isEqualTo(0.0);
      assertThat(a.message()).contains("at its circuit-breaker minAnswer 1.00000000");
      assertThat(a.action()).isNotBlank();
    }

    @Test
    void past_the_bound_has_a_negative_distance() {
      Alert a = judge(99_000_000L, MIN, MAX, defaults("oracle.bounds")).get(0);
      assertThat(a.value()).isEqualTo(-100.0);
      assertThat(a.message()).contains("100 bps past its circuit-breaker minAnswer");
    }

    @Test
    void luna_at_minAnswer() {
      // 2022-05: Chainlink LUNA/USD held at its minAnswer of about $0.107 while the market traded
      // near $0.01
      assertThat(judge(10_700_000L, 10_700_000L, 1_000_000_000_000L, defaults("oracle.bounds")))
          .singleElement()
          .extracting(Alert::severity)
          .isEqualTo(Severity.CRITICAL);
    }
  }

  @Nested
  class NearMax {
    // 50 bps below 10000 is 9950.00000000
    @ParameterizedTest(name = "answer {0} -> {1}")
    @CsvSource({
      "994999999999, OK",
      "995000000000, OK",
      "995000000001, WARNING",
      "999999999999, WARNING",
      "1000000000000, CRITICAL",
      "1000000000001, CRITICAL"
    })
    void fifty_bps_default_margin(long answer, Severity expected) {
      assertThat(severity(answer, defaults("oracle.bounds"))).isEqualTo(expected);
    }

    @Test
    void warning_says_below_the_max() {
      assertThat(judge(995_000_000_001L, MIN, MAX, defaults("oracle.bounds")).get(0).message())
          .contains("below its circuit-breaker maxAnswer 10000.00000000");
    }
  }

  @Nested
  class UserWrittenMargin {
    @ParameterizedTest(name = "answer {0} -> {1}")
    @CsvSource({"101000000, OK", "100999999, WARNING"})
    void margin_of_one_percent_is_100_bps(long answer, Severity expected) {
      // rules: { oracle.bounds: { margin: 1% } }
      RuleSettings s = settings("oracle.bounds", Map.of("margin", new BigDecimal("0.01")));
      assertThat(severity(answer, s)).isEqualTo(expected);
      if (expected == Severity.WARNING) {
        assertThat(judge(answer, MIN, MAX, s).get(0).threshold()).isEqualTo(100.0);
      }
    }

    @Test
    void zero_margin_warns_never_but_the_bound_stays_critical() {
      RuleSettings s = settings("oracle.bounds", Map.of("margin", BigDecimal.ZERO));
      assertThat(severity(MIN + 1, s)).isEqualTo(Severity.OK);
      assertThat(severity(MIN, s)).isEqualTo(Severity.CRITICAL);
    }
  }

  @Nested
  class NoBound {
    @Test
    void chainlink_sentinels_min_1_and_max_uint176_are_no_bounds() {
      assertThat(judge(BigInteger.ONE, BigInteger.ONE, UINT176_MAX, defaults("oracle.bounds")))
          .isEmpty();
      assertThat(judge(UINT176_MAX, BigInteger.ONE, UINT176_MAX, defaults("oracle.bounds")))
          .isEmpty();
    }

    @ParameterizedTest(name = "min {0} is no bound")
    @CsvSource({"1", "0", "-1", "-100000000"})
    void min_at_or_below_one_is_ignored(long min) {
      assertThat(
              judge(
                  BigInteger.valueOf(min),
                  BigInteger.valueOf(min),
                  BigInteger.valueOf(MAX),
                  defaults("oracle.bounds")))
          .isEmpty();
    }

    @Test
    void max_from_two_to_the_175_is_ignored_and_just_below_it_counts() {
      BigInteger limit = OracleBoundsRule.NO_UPPER_BOUND;
      assertThat(judge(limit, BigInteger.valueOf(MIN), limit, defaults("oracle.bounds"))).isEmpty();
      BigInteger justBelow = limit.subtract(BigInteger.ONE);
      assertThat(judge(justBelow, BigInteger.valueOf(MIN), justBelow, defaults("oracle.bounds")))
          .singleElement()
          .extracting(Alert::severity)
          .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void int192_max_is_no_bound() {
      BigInteger int192Max = BigInteger.TWO.pow(191).subtract(BigInteger.ONE);
      assertThat(judge(int192Max, BigInteger.valueOf(MIN), int192Max, defaults("oracle.bounds")))
          .isEmpty();
    }

    @Test
    void one_real_bound_is_still_checked() {
      assertThat(judge(MAX, 1, MAX, defaults("oracle.bounds")))
          .singleElement()
          .extracting(Alert::severity)
          .isEqualTo(Severity.CRITICAL);
      assertThat(
              OracleRules.worst(
                  judge(MIN, MIN, UINT176_MAX.longValue(), defaults("oracle.bounds"))))
          .isEqualTo(Severity.CRITICAL);
    }
  }

  @Test
  void nearer_bound_decides_when_both_are_close() {
    // bounds 1.00 and 1.01: 1.004 is 40 bps above min and ~59 bps below max
    Alert a = judge(100_400_000L, 100_000_000L, 101_000_000L, defaults("oracle.bounds")).get(0);
    assertThat(a.severity()).isEqualTo(Severity.WARNING);
    assertThat(a.value()).isCloseTo(40.0, within(1e-9));
    assertThat(a.message()).contains("minAnswer");
  }

  @Test
  void disabled_rule_is_silent() {
    assertThat(judge(MIN, MIN, MAX, disabled("oracle.bounds"))).isEmpty();
  }

  static LongStream seeds() {
    return Seeds.seeds(300);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void severity_matches_integer_cross_multiplication(long seed) {
    Random r = new Random(seed);
    long min = 2 + r.nextInt(1_000_000);
    long max = min + 1 + r.nextInt(1_000_000);
    int marginBps = r.nextInt(500);
    // answers cluster around both bounds so that the edges get hit
    long around = r.nextBoolean() ? min : max;
    long answer =
        around
            + r.nextInt(2 * (int) Math.max(1, around * marginBps / 10_000) + 3)
            - Math.max(1, around * marginBps / 10_000)
            - 1;
    RuleSettings s = settings("oracle.bounds", Map.of("margin", BigDecimal.valueOf(marginBps, 4)));

    long dMin = answer - min;
    long dMax = max - answer;
    Severity expected;
    if (dMin <= 0 || dMax <= 0) {
      expected = Severity.CRITICAL;
    } else if (dMin * 10_000 < (long) marginBps * min || dMax * 10_000 < (long) marginBps * max) {
      expected = Severity.WARNING;
    } else {
      expected = Severity.OK;
    }
    assertThat(severity(answer, min, max, s))
        .as("seed %d: answer %d in [%d, %d], margin %d bps", seed, answer, min, max, marginBps)
        .isEqualTo(expected);
  }

  private static Severity severity(long answer, long min, long max, RuleSettings s) {
    return OracleRules.worst(judge(answer, min, max, s));
  }
}
