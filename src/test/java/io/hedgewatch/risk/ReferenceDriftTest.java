package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleFixtures.T0;
import static io.hedgewatch.risk.OracleFixtures.chainlink;
import static io.hedgewatch.risk.OracleFixtures.chainlinkSpec;
import static io.hedgewatch.risk.OracleFixtures.pythSpec;
import static io.hedgewatch.risk.OracleFixtures.round;
import static io.hedgewatch.risk.ReferenceFixtures.coinbaseEthUsd;
import static io.hedgewatch.risk.ReferenceFixtures.dec;
import static io.hedgewatch.risk.ReferenceFixtures.ethUsd;
import static io.hedgewatch.risk.ReferenceFixtures.failed;
import static io.hedgewatch.risk.ReferenceFixtures.krakenEthUsd;
import static io.hedgewatch.risk.ReferenceFixtures.lookup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.PythPrice;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code oracle.drift} and {@code reference.unavailable} through {@link ReferenceRules}. */
class ReferenceDriftTest {

  /** ETH/USD reference of exactly 3000 from coinbase and kraken. */
  private static final ReferencePrice REF_3000 =
      ethUsd(2, coinbaseEthUsd("2999.5"), krakenEthUsd("3000.5"));

  /** rules: { oracle.drift: { warn: 0.5%, critical: 1.5% } } as the config loader types them. */
  private static final RuleSettingsLookup HALF_AND_ONE_HALF_PERCENT =
      lookup("oracle.drift", Map.of("warn", dec("0.005"), "critical", dec("0.015")));

  /** A Chainlink ETH/USD reading of {@code raw} at 8 decimals. */
  private static FeedReading.Chainlink feed(String raw) {
    return chainlink(round(new BigInteger(raw), T0));
  }

  private static List<Alert> judge(FeedReading reading, ReferencePrice ref, RuleSettingsLookup s) {
    return ReferenceRules.evaluate(chainlinkSpec(), reading, ref, s);
  }

  @Test
  void the_reference_is_3000() {
    assertThat(REF_3000.price())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("3000"));
  }

  // 0.5 % of 3000 is 15, 1.5 % is 45
  @ParameterizedTest(name = "feed {0} -> {1}")
  @CsvSource({
    "300000000000, OK",
    "301500000000, OK",
    "301500000001, WARNING",
    "298500000000, OK",
    "298499999999, WARNING",
    "304500000000, WARNING",
    "304500000001, CRITICAL",
    "295500000000, WARNING",
    "295499999999, CRITICAL",
    "600000000000, CRITICAL"
  })
  void fires_strictly_beyond_50_and_150_bps(String raw, Severity expected) {
    assertThat(OracleRules.worst(judge(feed(raw), REF_3000, HALF_AND_ONE_HALF_PERCENT)))
        .isEqualTo(expected);
    assertThat(OracleRules.worst(judge(feed(raw), REF_3000, RuleSettingsLookup.defaults())))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "feed {0} -> {1}")
  @CsvSource({"300300000000, OK", "300300000001, WARNING"})
  void user_written_ten_bps(String raw, Severity expected) {
    // rules: { oracle.drift: { warn: 10bps } }
    RuleSettingsLookup tenBps = lookup("oracle.drift", Map.of("warn", dec("0.0010")));
    assertThat(OracleRules.worst(judge(feed(raw), REF_3000, tenBps))).isEqualTo(expected);
  }

  @Test
  void value_and_threshold_are_bps_and_the_message_gives_both_prices_the_sources_and_the_sign() {
    Alert above = judge(feed("301860000000"), REF_3000, HALF_AND_ONE_HALF_PERCENT).get(0);
    assertThat(above.rule()).isEqualTo("oracle.drift");
    assertThat(above.subject()).isEqualTo("feed:eth-usd");
    assertThat(above.severity()).isEqualTo(Severity.WARNING);
    assertThat(above.value()).isCloseTo(62.0, within(1e-9));
    assertThat(above.threshold()).isEqualTo(50.0);
    assertThat(above.message())
        .startsWith("oracle above the market by 62 bps: feed eth-usd reads 3018.60000000")
        .contains("the ETH/USD reference is 3000 (median of coinbase 2999.5, kraken 3000.5)")
        .contains("beyond the warning level of 50 bps");
    assertThat(above.action()).isNotBlank();

    Alert below = judge(feed("294000000000"), REF_3000, HALF_AND_ONE_HALF_PERCENT).get(0);
    assertThat(below.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(below.value()).isEqualTo(200.0);
    assertThat(below.threshold()).isEqualTo(150.0);
    assertThat(below.message())
        .startsWith("oracle below the market by 200 bps")
        .contains("critical level of 150 bps");
  }

  @Test
  void just_beyond_the_threshold_does_not_read_as_equal_to_it() {
    Alert a = judge(feed("301500000001"), REF_3000, HALF_AND_ONE_HALF_PERCENT).get(0);
    assertThat(a.message()).startsWith("oracle above the market by 50.00000003 bps");
  }

  @Test
  void the_message_names_the_venues_left_out() {
    ReferencePrice ref =
        ethUsd(
            1,
            coinbaseEthUsd("3000"),
            failed(
                ReferenceVenue.KRAKEN,
                "XETHZUSD",
                "ETH/USD",
                new QuoteFailure.Unavailable("HTTP 503")));
    Alert a = judge(feed("310000000000"), ref, RuleSettingsLookup.defaults()).get(0);
    assertThat(a.message()).contains("(from coinbase 3000; left out: kraken XETHZUSD (failed))");
  }

  @Test
  void pyth_price_is_judged_too() {
    FeedReading.Pyth pyth =
        new FeedReading.Pyth(
            "eth-usd-pyth",
            OracleFixtures.PYTH_ID,
            new PythPrice(301_860_000_000L, 1, -8, T0.getEpochSecond()),
            Optional.empty());
    List<Alert> alerts =
        ReferenceRules.evaluate(
            pythSpec(java.time.Duration.ofMinutes(1), io.hedgewatch.domain.MarketHours.CRYPTO),
            pyth,
            REF_3000,
            RuleSettingsLookup.defaults());
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.subject()).isEqualTo("feed:eth-usd-pyth");
              assertThat(a.severity()).isEqualTo(Severity.WARNING);
            });
    assertThat(ReferenceRules.driftBps(pyth, REF_3000))
        .hasValueSatisfying(d -> assertThat(d).isCloseTo(62.0, within(1e-9)));
  }

  @Test
  void drift_bps_is_signed() {
    assertThat(ReferenceRules.driftBps(feed("301860000000"), REF_3000))
        .hasValueSatisfying(d -> assertThat(d).isCloseTo(62.0, within(1e-9)));
    assertThat(ReferenceRules.driftBps(feed("298140000000"), REF_3000))
        .hasValueSatisfying(d -> assertThat(d).isCloseTo(-62.0, within(1e-9)));
    assertThat(ReferenceRules.driftBps(feed("300000000000"), REF_3000)).hasValue(0.0);
  }

  @Test
  void unavailable_reference_makes_the_feed_unknown_with_the_reason() {
    ReferencePrice gone =
        ethUsd(
            2,
            coinbaseEthUsd("3000"),
            failed(
                ReferenceVenue.KRAKEN,
                "XETHZUSD",
                "ETH/USD",
                new QuoteFailure.RateLimited(Optional.empty(), "EAPI:Rate limit exceeded")));
    List<Alert> alerts = judge(feed("400000000000"), gone, RuleSettingsLookup.defaults());
    assertThat(alerts)
        .extracting(Alert::rule)
        .containsExactly("oracle.drift", "reference.unavailable");
    assertThat(alerts).extracting(Alert::severity).containsOnly(Severity.UNKNOWN);
    assertThat(alerts).extracting(Alert::subject).containsOnly("feed:eth-usd");
    assertThat(OracleRules.worstBySubject(alerts))
        .containsExactly(Map.entry("feed:eth-usd", Severity.UNKNOWN));

    Alert drift = alerts.get(0);
    assertThat(drift.message())
        .isEqualTo(
            "drift of feed eth-usd not judged: no ETH/USD reference price: 1 of 2 venues gave a"
                + " usable ETH/USD price, fewer than minSources 2; used: coinbase; kraken XETHZUSD"
                + " failed: rate-limited: EAPI:Rate limit exceeded");
    assertThat(drift.value()).isNull();
    assertThat(drift.threshold()).isNull();
    assertThat(drift.action()).isNotBlank();

    Alert unavailable = alerts.get(1);
    assertThat(unavailable.message())
        .startsWith("no ETH/USD reference price for feed eth-usd: 1 of 2 venues");
    assertThat(unavailable.value()).isEqualTo(1.0);
    assertThat(unavailable.threshold()).isEqualTo(2.0);
    assertThat(ReferenceRules.driftBps(feed("400000000000"), gone)).isEmpty();
  }

  @Test
  void an_unreadable_feed_gets_no_drift_alert_but_its_reference_is_still_judged() {
    FeedReading unreadable =
        new FeedReading.Unreadable("eth-usd", new ReadFailure.Unavailable("connection refused"));
    assertThat(judge(unreadable, REF_3000, RuleSettingsLookup.defaults())).isEmpty();
    assertThat(ReferenceRules.driftBps(unreadable, REF_3000)).isEmpty();
    ReferencePrice gone = ethUsd(3, coinbaseEthUsd("3000"));
    assertThat(judge(unreadable, gone, RuleSettingsLookup.defaults()))
        .extracting(Alert::rule)
        .containsExactly("reference.unavailable");
  }

  @Test
  void a_non_positive_price_is_left_to_oracle_round() {
    assertThat(judge(feed("0"), REF_3000, RuleSettingsLookup.defaults())).isEmpty();
    assertThat(judge(feed("-300000000000"), REF_3000, RuleSettingsLookup.defaults())).isEmpty();
    assertThat(ReferenceRules.driftBps(feed("0"), REF_3000)).isEmpty();
  }

  @Test
  void disabled_rules_are_silent() {
    RuleSettingsLookup off =
        RuleSettingsLookup.of(
            Map.of(
                "oracle.drift",
                OracleFixtures.disabled("oracle.drift"),
                "reference.unavailable",
                OracleFixtures.disabled("reference.unavailable")));
    assertThat(judge(feed("400000000000"), REF_3000, off)).isEmpty();
    assertThat(judge(feed("400000000000"), ethUsd(3, coinbaseEthUsd("3000")), off)).isEmpty();
  }

  @Test
  void a_reading_of_another_feed_is_a_wiring_bug() {
    FeedReading other =
        new FeedReading.Unreadable("btc-usd", new ReadFailure.Unavailable("connection refused"));
    assertThatThrownBy(() -> judge(other, REF_3000, RuleSettingsLookup.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("btc-usd");
  }

  static LongStream seeds() {
    return Seeds.seeds(300);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void severity_matches_integer_cross_multiplication(long seed) {
    Random r = new Random(seed);
    long refCents = 1 + (long) (r.nextDouble() * 1e9);
    int warnBps = r.nextInt(300);
    int criticalBps = warnBps + r.nextInt(300);
    long gapCents =
        r.nextBoolean()
            ? (long) (r.nextDouble() * refCents * 0.05)
            : refCents * (r.nextBoolean() ? warnBps : criticalBps) / 10_000 + r.nextInt(3) - 1;
    gapCents = Math.max(0, Math.min(gapCents, refCents - 1));
    long feedCents = r.nextBoolean() ? refCents + gapCents : refCents - gapCents;
    ReferencePrice ref = ethUsd(1, coinbaseEthUsd(BigDecimal.valueOf(refCents, 2).toPlainString()));
    FeedReading reading =
        feed(BigInteger.valueOf(feedCents).multiply(BigInteger.TEN.pow(6)).toString());
    RuleSettingsLookup s =
        lookup(
            "oracle.drift",
            Map.of(
                "warn",
                BigDecimal.valueOf(warnBps, 4),
                "critical",
                BigDecimal.valueOf(criticalBps, 4)));
    BigInteger gap =
        BigInteger.valueOf(Math.abs(feedCents - refCents)).multiply(BigInteger.valueOf(10_000));
    Severity expected =
        gap.compareTo(BigInteger.valueOf(criticalBps).multiply(BigInteger.valueOf(refCents))) > 0
            ? Severity.CRITICAL
            : gap.compareTo(BigInteger.valueOf(warnBps).multiply(BigInteger.valueOf(refCents))) > 0
                ? Severity.WARNING
                : Severity.OK;
    assertThat(OracleRules.worst(judge(reading, ref, s))).as("seed %d", seed).isEqualTo(expected);
  }
}
