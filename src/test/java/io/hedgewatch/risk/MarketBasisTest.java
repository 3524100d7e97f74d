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
import static io.hedgewatch.risk.ReferenceFixtures.coinbaseEthUsd;
import static io.hedgewatch.risk.ReferenceFixtures.ethUsd;
import static io.hedgewatch.risk.ReferenceFixtures.krakenEthUsd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.Severity;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code basis.wide}: mark vs index, vs the CEX marks, vs the spot reference; one alert. */
class MarketBasisTest {

  private static final RuleSettings DEFAULTS = RuleCatalog.defaults(BasisWideRule.ID);

  /** rules: { basis.wide: { warn: 0.5%, critical: 1.5% } } as the config loader types them. */
  private static final RuleSettings HALF_AND_ONE_AND_HALF =
      settings(BasisWideRule.ID, Map.of("warn", dec("0.005"), "critical", dec("0.015")));

  private static List<Alert> judge(MarketSnapshot s, MarketContext c, RuleSettings settings) {
    return BasisWideRule.evaluate(MARKET, s, c, settings);
  }

  // 0.5 % of 3000 is 15, 1.5 % is 45
  @ParameterizedTest(name = "mark {0} -> {1}")
  @CsvSource({
    "3000, OK",
    "3015, OK",
    "3014.9999999, OK",
    "3015.0000001, WARNING",
    "2984.9999999, WARNING",
    "3045, WARNING",
    "3045.0000001, CRITICAL",
    "2954.9999999, CRITICAL"
  })
  void mark_vs_index_fires_strictly_beyond_50_and_150_bps(String mark, Severity expected) {
    MarketSnapshot s = snapshot().mark(mark).index("3000").build();
    assertThat(OracleRules.worst(judge(s, MarketContext.EMPTY, HALF_AND_ONE_AND_HALF)))
        .isEqualTo(expected);
    assertThat(OracleRules.worst(judge(s, MarketContext.EMPTY, DEFAULTS))).isEqualTo(expected);
  }

  @Test
  void mark_vs_the_median_cex_mark() {
    MarketContext cex =
        MarketFixtures.cexOnly(
            cex(BINANCE, "ETHUSDT", "0.0001", 8, "2990"),
            cex(OKX, "ETH-USDT-SWAP", "0.0001", 8, "3000"),
            cex(BYBIT, "ETHUSDT", "0.0000125", 1, "3010"),
            cex(BYBIT, "ETHPERP", "0.0000125", 1));
    assertThat(OracleRules.worst(judge(snapshot().mark("3045").build(), cex, DEFAULTS)))
        .isEqualTo(Severity.WARNING);
    Alert a = judge(snapshot().mark("3045.0000001").build(), cex, DEFAULTS).get(0);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.subject()).isEqualTo(SUBJECT);
    assertThat(a.threshold()).isEqualTo(150.0);
    assertThat(a.message())
        .isEqualTo(
            "basis on market eth-perp is wide: mark 3045.0000001 is 150.0000003 bps above the"
                + " centralized perps' median mark 3000 (binance ETHUSDT 2990, okx ETH-USDT-SWAP"
                + " 3000, bybit ETHUSDT 3010), beyond the critical level of 150 bps");
    assertThat(BasisWideRule.cexBasisBps(snapshot().mark("3030").build(), cex))
        .hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("100"));
  }

  @Test
  void mark_vs_the_spot_reference() {
    ReferencePrice spot = ethUsd(2, coinbaseEthUsd("3000"), krakenEthUsd("3000"));
    MarketContext ctx = new MarketContext(List.of(), List.of(), Optional.of(spot));
    assertThat(judge(snapshot().mark("2985").build(), ctx, DEFAULTS)).isEmpty();
    Alert a = judge(snapshot().mark("2984").build(), ctx, DEFAULTS).get(0);
    assertThat(a.severity()).isEqualTo(Severity.WARNING);
    assertThat(a.value()).isCloseTo(53.333333, within(1e-5));
    assertThat(a.message())
        .contains("mark 2984 is 53.33 bps below the ETH/USD spot reference 3000 (median of")
        .contains("beyond the warning level of 50 bps");
    assertThat(BasisWideRule.referenceBasisBps(snapshot().mark("2970").build(), ctx))
        .hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("-100"));
  }

  @Test
  void a_reference_without_a_price_is_skipped() {
    ReferencePrice none =
        ReferencePrice.unavailable(MarketFixtures.ETH_USD, MarketFixtures.NOW, 2, "no venue");
    MarketContext ctx = new MarketContext(List.of(), List.of(), Optional.of(none));
    assertThat(judge(snapshot().mark("9000").build(), ctx, DEFAULTS)).isEmpty();
  }

  @Test
  void every_comparison_merges_into_one_alert_widest_first() {
    ReferencePrice spot = ethUsd(2, coinbaseEthUsd("3000"), krakenEthUsd("3000"));
    MarketContext ctx =
        new MarketContext(
            List.of(), List.of(cex(BINANCE, "ETHUSDT", "0.0001", 8, "3020")), Optional.of(spot));
    // vs index 3030: 66 bps WARNING; vs binance 3020: 99.34 bps WARNING; vs spot: 166.67 CRITICAL
    List<Alert> alerts = judge(snapshot().mark("3050").index("3030").build(), ctx, DEFAULTS);
    assertThat(alerts).hasSize(1);
    Alert a = alerts.get(0);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.value()).isCloseTo(166.666667, within(1e-5));
    assertThat(a.threshold()).isEqualTo(150.0);
    String m = a.message();
    assertThat(m.indexOf("spot reference")).isLessThan(m.indexOf("centralized perp's mark"));
    assertThat(m.indexOf("centralized perp's mark")).isLessThan(m.indexOf("the venue's index"));
  }

  @Test
  void basis_bps_is_signed_mark_over_index() {
    assertThat(BasisWideRule.indexBasisBps(snapshot().mark("2970").index("3000").build()))
        .hasValueSatisfying(b -> assertThat(b).isEqualByComparingTo("-100"));
    assertThat(BasisWideRule.indexBasisBps(snapshot().mark("3000").build())).isEmpty();
    assertThat(BasisWideRule.indexBasisBps(snapshot().mark("3000").index("0").build())).isEmpty();
  }

  @Test
  void nothing_without_a_mark() {
    assertThat(judge(snapshot().index("3000").build(), MarketContext.EMPTY, DEFAULTS)).isEmpty();
    assertThat(judge(snapshot().mark("0").index("3000").build(), MarketContext.EMPTY, DEFAULTS))
        .isEmpty();
  }

  @Test
  void a_disabled_rule_is_silent() {
    assertThat(
            judge(
                snapshot().mark("4000").index("3000").build(),
                MarketContext.EMPTY,
                settings(BasisWideRule.ID, Map.of("enabled", false))))
        .isEmpty();
  }
}
