package io.hedgewatch.risk;

import static io.hedgewatch.domain.CexFundingVenue.BINANCE;
import static io.hedgewatch.domain.CexFundingVenue.BYBIT;
import static io.hedgewatch.domain.CexFundingVenue.OKX;
import static io.hedgewatch.risk.MarketFixtures.MARKET;
import static io.hedgewatch.risk.MarketFixtures.SUBJECT;
import static io.hedgewatch.risk.MarketFixtures.cex;
import static io.hedgewatch.risk.MarketFixtures.dec;
import static io.hedgewatch.risk.MarketFixtures.settings;
import static io.hedgewatch.risk.MarketFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code funding.divergence}: the DEX's funding against the CEX median, annualised. */
class MarketFundingDivergenceTest {

  private static final RuleSettings DEFAULTS = RuleCatalog.defaults(FundingDivergenceRule.ID);

  /**
   * 0.01 % per 8 h on Binance and OKX, 0.00125 % per 1 h on Bybit: all three 0.00125 %/h once
   * normalised, 10.95 % APR.
   */
  private static final List<CexFunding> CEX =
      List.of(
          cex(BINANCE, "ETHUSDT", "0.0001", 8),
          cex(OKX, "ETH-USDT-SWAP", "0.0001", 8),
          cex(BYBIT, "ETHUSDT", "0.0000125", 1));

  private static List<Alert> judge(String dexHourly, List<CexFunding> cex, RuleSettings s) {
    return FundingDivergenceRule.evaluate(MARKET, snapshot().funding(dexHourly).build(), cex, s);
  }

  @Test
  void cex_intervals_of_8h_and_1h_are_compared_per_hour() {
    assertThat(CEX).allSatisfy(c -> assertThat(c.rateHourly()).isEqualByComparingTo("0.0000125"));
    assertThat(FundingDivergenceRule.cexMedianApr(CEX)).isEqualByComparingTo("0.1095");
    // the DEX at the same hourly rate does not diverge, though its raw rate is 8x smaller than
    // Binance's per-8h figure
    assertThat(judge("0.0000125", CEX, DEFAULTS)).isEmpty();
    assertThat(FundingDivergenceRule.gap(snapshot().funding("0.0000125").build(), CEX))
        .hasValueSatisfying(g -> assertThat(g).isEqualByComparingTo("0"));
  }

  // warn 10 % APR = 0.0000114155.. per hour over the CEX 0.0000125
  @ParameterizedTest(name = "dex {0} -> {1}")
  @CsvSource({
    "0.0000125, OK",
    "0.0000239155, OK",
    "0.0000239156, WARNING",
    "0.0000010845, OK",
    "0.0000010844, WARNING",
    "0.0000467465, WARNING",
    "0.0000467466, CRITICAL",
    "-0.0000217465, WARNING",
    "-0.0000217466, CRITICAL"
  })
  void fires_strictly_beyond_10_and_30_percent_apr(String dex, Severity expected) {
    assertThat(OracleRules.worst(judge(dex, CEX, DEFAULTS))).isEqualTo(expected);
    RuleSettings written =
        settings(FundingDivergenceRule.ID, Map.of("warn", dec("0.1"), "critical", dec("0.3")));
    assertThat(OracleRules.worst(judge(dex, CEX, written))).isEqualTo(expected);
  }

  /** warn: 8.76%, critical: 26.28% are exactly 0.001 % and 0.003 % per hour. */
  @ParameterizedTest(name = "dex {0} -> {1}")
  @CsvSource({
    "0.0000225, OK",
    "0.000022500001, WARNING",
    "0.000002500001, OK",
    "0.0000025, OK",
    "0.000002499999, WARNING",
    "0.0000425, WARNING",
    "0.000042500001, CRITICAL"
  })
  void at_the_level_is_quiet(String dex, Severity expected) {
    RuleSettings exact =
        settings(
            FundingDivergenceRule.ID, Map.of("warn", dec("0.0876"), "critical", dec("0.2628")));
    assertThat(OracleRules.worst(judge(dex, CEX, exact))).isEqualTo(expected);
  }

  @Test
  void the_alert_names_the_venues_and_their_aprs_in_percent() {
    // 0.005 %/h = 43.8 % APR, 32.85 % APR above the CEX's 10.95 %
    Alert a = judge("0.00005", CEX, DEFAULTS).get(0);
    assertThat(a.rule()).isEqualTo("funding.divergence");
    assertThat(a.subject()).isEqualTo(SUBJECT);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.value()).isCloseTo(32.85, within(1e-9));
    assertThat(a.threshold()).isEqualTo(30.0);
    assertThat(a.message())
        .isEqualTo(
            "funding on market eth-perp is +43.8 % APR (+0.005 %/h), 32.85 % APR above the median"
                + " of the centralized perps' +10.95 % APR (binance ETHUSDT +10.95 % APR (+0.01 %"
                + " per 8h), okx ETH-USDT-SWAP +10.95 % APR (+0.01 % per 8h), bybit ETHUSDT +10.95"
                + " % APR (+0.00125 % per 1h)), beyond the critical level of 30 % APR; longs pay"
                + " more (or receive less) here than on the centralized venues, shorts receive"
                + " more");
    assertThat(a.action()).contains("if your hedge on this market is long");
  }

  @Test
  void below_the_cex_the_short_side_pays_more() {
    Alert a = judge("-0.00001", CEX, DEFAULTS).get(0);
    assertThat(a.severity()).isEqualTo(Severity.WARNING);
    assertThat(a.value()).isCloseTo(19.71, within(1e-9));
    assertThat(a.message()).contains("19.71 % APR below").contains("shorts pay more");
  }

  @Test
  void the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
    List<CexFunding> two =
        List.of(cex(BINANCE, "ETHUSDT", "0.0001", 8), cex(BYBIT, "ETHUSDT", "0.0003", 8));
    // 0.0000125 and 0.0000375 per hour: median 0.000025, 21.9 % APR
    assertThat(FundingDivergenceRule.cexMedianApr(two)).isEqualByComparingTo("0.219");
    List<CexFunding> one = List.of(cex(BINANCE, "ETHUSDT", "0.0001", 8));
    assertThat(judge("0.00005", one, DEFAULTS).get(0).message())
        .contains("above the centralized perps' +10.95 % APR (binance");
  }

  @Test
  void nothing_without_cex_references_or_a_current_rate() {
    assertThat(judge("0.01", List.of(), DEFAULTS)).isEmpty();
    assertThat(FundingDivergenceRule.evaluate(MARKET, snapshot().build(), CEX, DEFAULTS)).isEmpty();
    assertThat(FundingDivergenceRule.gap(snapshot().build(), CEX)).isEmpty();
  }

  @Test
  void a_disabled_rule_is_silent() {
    assertThat(judge("0.01", CEX, settings(FundingDivergenceRule.ID, Map.of("enabled", false))))
        .isEmpty();
  }

  @Test
  void apr_is_per_hour_times_8760() {
    BigDecimal hourly = dec("0.0000125");
    assertThat(snapshot().funding(hourly).build().fundingApr().orElseThrow())
        .isEqualByComparingTo("0.1095");
  }
}
