package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleFixtures.T0;
import static io.hedgewatch.risk.OracleFixtures.defaults;
import static io.hedgewatch.risk.OracleFixtures.disabled;
import static io.hedgewatch.risk.OracleFixtures.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.PythPrice;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OracleConfidenceRuleTest {

  /** $2000.00000000 at expo -8. */
  private static final long PRICE = 200_000_000_000L;

  private static List<Alert> judge(long price, long conf, RuleSettings s) {
    return OracleConfidenceRule.evaluate(
        "eth-usd-pyth", new PythPrice(price, conf, -8, T0.getEpochSecond()), s);
  }

  /** rules: { oracle.confidence: { warn: 0.5%, critical: 2% } } as the config loader types them. */
  private static RuleSettings halfAndTwoPercent() {
    return settings(
        "oracle.confidence",
        Map.of("warn", new BigDecimal("0.005"), "critical", new BigDecimal("0.02")));
  }

  // 50 bps of $2000 is $10 = 1_000_000_000 raw; 200 bps is $40 = 4_000_000_000 raw
  @ParameterizedTest(name = "conf {0} -> {1}")
  @CsvSource({
    "0, OK",
    "999999999, OK",
    "1000000000, OK",
    "1000000001, WARNING",
    "3999999999, WARNING",
    "4000000000, WARNING",
    "4000000001, CRITICAL"
  })
  void fires_strictly_beyond_50_and_200_bps(long conf, Severity expected) {
    assertThat(OracleRules.worst(judge(PRICE, conf, halfAndTwoPercent()))).isEqualTo(expected);
    assertThat(OracleRules.worst(judge(PRICE, conf, defaults("oracle.confidence"))))
        .isEqualTo(expected);
  }

  @Test
  void value_and_threshold_are_bps() {
    Alert w = judge(PRICE, 1_000_000_001L, halfAndTwoPercent()).get(0);
    assertThat(w.value()).isCloseTo(50.00000005, within(1e-9));
    assertThat(w.threshold()).isEqualTo(50.0);
    Alert c = judge(PRICE, 5_000_000_000L, halfAndTwoPercent()).get(0);
    assertThat(c.value()).isEqualTo(250.0);
    assertThat(c.threshold()).isEqualTo(200.0);
  }

  @Test
  void message_shows_conf_price_and_ratio() {
    Alert w = judge(PRICE, 1_000_000_001L, halfAndTwoPercent()).get(0);
    assertThat(w.rule()).isEqualTo("oracle.confidence");
    assertThat(w.subject()).isEqualTo("feed:eth-usd-pyth");
    assertThat(w.message())
        .contains("+/-10.00000001 on price 2000.00000000")
        .contains("50.00000005 bps of the price")
        .contains("warning level of 50 bps");
    assertThat(w.action()).isNotBlank();
  }

  @ParameterizedTest(name = "conf {0} -> {1}")
  @CsvSource({"200000000, OK", "200000001, WARNING"})
  void user_written_ten_bps(long conf, Severity expected) {
    // rules: { oracle.confidence: { warn: 10bps } }
    RuleSettings s = settings("oracle.confidence", Map.of("warn", new BigDecimal("0.0010")));
    assertThat(OracleRules.worst(judge(PRICE, conf, s))).isEqualTo(expected);
  }

  @Test
  void negative_price_uses_its_magnitude() {
    assertThat(OracleRules.worst(judge(-PRICE, 1_000_000_001L, halfAndTwoPercent())))
        .isEqualTo(Severity.WARNING);
  }

  @Test
  void zero_price_has_no_ratio() {
    assertThat(judge(0, 5, halfAndTwoPercent())).isEmpty();
  }

  @Test
  void conf_is_unsigned() {
    // uint64 max arrives as -1 in a Java long
    Alert a = judge(PRICE, -1L, halfAndTwoPercent()).get(0);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.message()).contains("+/-184467440737.09551615");
  }

  @Test
  void disabled_rule_is_silent() {
    assertThat(judge(PRICE, 4_000_000_001L, disabled("oracle.confidence"))).isEmpty();
  }

  static LongStream seeds() {
    return Seeds.seeds(300);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void severity_matches_integer_cross_multiplication(long seed) {
    Random r = new Random(seed);
    long price = (r.nextBoolean() ? 1 : -1) * (1 + (long) (r.nextDouble() * 1e12));
    int warnBps = r.nextInt(300);
    int criticalBps = warnBps + r.nextInt(300);
    long magnitude = Math.abs(price);
    long conf =
        r.nextBoolean()
            ? (long) (r.nextDouble() * magnitude * 0.1)
            : magnitude * (r.nextBoolean() ? warnBps : criticalBps) / 10_000 + r.nextInt(3) - 1;
    conf = Math.max(0, conf);
    RuleSettings s =
        settings(
            "oracle.confidence",
            Map.of(
                "warn",
                BigDecimal.valueOf(warnBps, 4),
                "critical",
                BigDecimal.valueOf(criticalBps, 4)));
    BigInteger scaledConf = BigInteger.valueOf(conf).multiply(BigInteger.valueOf(10_000));
    Severity expected =
        scaledConf.compareTo(
                    BigInteger.valueOf(criticalBps).multiply(BigInteger.valueOf(magnitude)))
                > 0
            ? Severity.CRITICAL
            : scaledConf.compareTo(
                        BigInteger.valueOf(warnBps).multiply(BigInteger.valueOf(magnitude)))
                    > 0
                ? Severity.WARNING
                : Severity.OK;
    assertThat(OracleRules.worst(judge(price, conf, s)))
        .as(
            "seed %d: price %d conf %d warn %d bps critical %d bps",
            seed, price, conf, warnBps, criticalBps)
        .isEqualTo(expected);
  }
}
