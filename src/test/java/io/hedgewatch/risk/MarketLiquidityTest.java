package io.hedgewatch.risk;

import static io.hedgewatch.risk.MarketFixtures.MARKET;
import static io.hedgewatch.risk.MarketFixtures.SUBJECT;
import static io.hedgewatch.risk.MarketFixtures.dec;
import static io.hedgewatch.risk.MarketFixtures.settings;
import static io.hedgewatch.risk.MarketFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code liquidity.oi-cap} and {@code liquidity.skew}. */
class MarketLiquidityTest {

  private static final RuleSettings OI_DEFAULTS = RuleCatalog.defaults(OpenInterestCapRule.ID);
  private static final RuleSettings SKEW_DEFAULTS = RuleCatalog.defaults(SkewRule.ID);

  private static List<Alert> oi(MarketSnapshot s, RuleSettings settings) {
    return OpenInterestCapRule.evaluate(MARKET, s, settings);
  }

  private static List<Alert> skew(MarketSnapshot s, RuleSettings settings) {
    return SkewRule.evaluate(MARKET, s, settings);
  }

  // caps of 1000 on each side: 80 % is 800, 95 % is 950
  @ParameterizedTest(name = "long {0} short {1} -> {2}")
  @CsvSource({
    "0, 0, OK",
    "800, 0, OK",
    "800.000001, 0, WARNING",
    "0, 800.000001, WARNING",
    "950, 10, WARNING",
    "950.000001, 10, CRITICAL",
    "10, 1200, CRITICAL"
  })
  void oi_cap_fires_strictly_beyond_80_and_95_percent(
      String longs, String shorts, Severity expected) {
    MarketSnapshot s = snapshot().openInterest(longs, shorts).caps("1000", "1000").build();
    assertThat(OracleRules.worst(oi(s, OI_DEFAULTS))).isEqualTo(expected);
    RuleSettings written =
        settings(OpenInterestCapRule.ID, Map.of("warn", dec("0.8"), "critical", dec("0.95")));
    assertThat(OracleRules.worst(oi(s, written))).isEqualTo(expected);
  }

  @Test
  void oi_cap_value_is_percent_of_the_cap_and_both_sides_merge_fuller_first() {
    MarketSnapshot s = snapshot().openInterest("850", "960").caps("1000", "1000").build();
    List<Alert> alerts = oi(s, OI_DEFAULTS);
    assertThat(alerts).hasSize(1);
    Alert a = alerts.get(0);
    assertThat(a.rule()).isEqualTo("liquidity.oi-cap");
    assertThat(a.subject()).isEqualTo(SUBJECT);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.value()).isCloseTo(96.0, within(1e-9));
    assertThat(a.threshold()).isEqualTo(95.0);
    assertThat(a.message())
        .isEqualTo(
            "open interest on market eth-perp is near its cap: short open interest 960 is 96 % of"
                + " the short cap 1000 (room for 40 more), beyond the critical level of 95 %; long"
                + " open interest 850 is 85 % of the long cap 1000 (room for 150 more), beyond the"
                + " warning level of 80 %");
    assertThat(a.action()).contains("short hedge");
  }

  @Test
  void a_side_without_a_cap_is_skipped_and_a_zero_cap_is_closed() {
    assertThat(oi(snapshot().openInterest("999", "999").build(), OI_DEFAULTS)).isEmpty();
    assertThat(oi(snapshot().openInterest("999", "999").caps(null, "1000").build(), OI_DEFAULTS))
        .singleElement()
        .satisfies(a -> assertThat(a.message()).contains("short open interest 999"));
    assertThat(oi(snapshot().totalOpenInterest("999").caps("1000", "1000").build(), OI_DEFAULTS))
        .isEmpty();

    Alert closed =
        oi(snapshot().openInterest("0", "5").caps("0", "1000").build(), OI_DEFAULTS).get(0);
    assertThat(closed.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(closed.value()).isNull();
    assertThat(closed.message())
        .contains("long cap is 0, so the venue takes no new long positions");
    assertThat(OpenInterestCapRule.utilisationPct(Optional.of(dec("5")), Optional.of(dec("0"))))
        .isEmpty();
  }

  // skew as a share of total OI: 50 % and 80 %
  @ParameterizedTest(name = "long {0} short {1} -> {2}")
  @CsvSource({
    "500, 500, OK",
    "750, 250, OK",
    "750.000001, 250, WARNING",
    "250, 750.000001, WARNING",
    "900, 100, WARNING",
    "900.000001, 100, CRITICAL",
    "0, 10, CRITICAL"
  })
  void skew_fires_strictly_beyond_50_and_80_percent(
      String longs, String shorts, Severity expected) {
    MarketSnapshot s = snapshot().openInterest(longs, shorts).build();
    assertThat(OracleRules.worst(skew(s, SKEW_DEFAULTS))).isEqualTo(expected);
    RuleSettings written =
        settings(SkewRule.ID, Map.of("warn", dec("0.5"), "critical", dec("0.8")));
    assertThat(OracleRules.worst(skew(s, written))).isEqualTo(expected);
  }

  @Test
  void skew_uses_the_venues_own_skew_and_total_when_given() {
    // Synthetix reports skew and size (the total), not the sides
    MarketSnapshot synthetix = snapshot().skew("-600").totalOpenInterest("1000").build();
    Alert a = skew(synthetix, SKEW_DEFAULTS).get(0);
    assertThat(a.rule()).isEqualTo("liquidity.skew");
    assertThat(a.subject()).isEqualTo(SUBJECT);
    assertThat(a.severity()).isEqualTo(Severity.WARNING);
    assertThat(a.value()).isCloseTo(60.0, within(1e-9));
    assertThat(a.threshold()).isEqualTo(50.0);
    assertThat(a.message())
        .isEqualTo(
            "open interest on market eth-perp is lopsided to the short side: net short 600 of"
                + " 1000 open in all, 60 %, beyond the warning level of 50 %; the short side tends"
                + " to pay funding and price impact here");
    assertThat(SkewRule.sharePct(synthetix))
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("60"));
  }

  @Test
  void skew_needs_a_skew_and_some_open_interest() {
    assertThat(skew(snapshot().totalOpenInterest("1000").build(), SKEW_DEFAULTS)).isEmpty();
    assertThat(skew(snapshot().openInterest("0", "0").build(), SKEW_DEFAULTS)).isEmpty();
    assertThat(skew(snapshot().skew("5").totalOpenInterest("0").build(), SKEW_DEFAULTS)).isEmpty();
  }

  @Test
  void disabled_rules_are_silent() {
    MarketSnapshot s = snapshot().openInterest("1000", "0").caps("1000", "1000").build();
    assertThat(oi(s, settings(OpenInterestCapRule.ID, Map.of("enabled", false)))).isEmpty();
    assertThat(skew(s, settings(SkewRule.ID, Map.of("enabled", false)))).isEmpty();
  }
}
