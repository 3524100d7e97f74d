package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleFixtures.T0;
import static io.hedgewatch.risk.OracleFixtures.chainlink;
import static io.hedgewatch.risk.OracleFixtures.chainlinkSpec;
import static io.hedgewatch.risk.OracleFixtures.round;
import static io.hedgewatch.risk.ReferenceFixtures.BINANCE;
import static io.hedgewatch.risk.ReferenceFixtures.BTC_USD;
import static io.hedgewatch.risk.ReferenceFixtures.BYBIT;
import static io.hedgewatch.risk.ReferenceFixtures.COINBASE;
import static io.hedgewatch.risk.ReferenceFixtures.ETH_USD;
import static io.hedgewatch.risk.ReferenceFixtures.KRAKEN;
import static io.hedgewatch.risk.ReferenceFixtures.NOW;
import static io.hedgewatch.risk.ReferenceFixtures.OKX;
import static io.hedgewatch.risk.ReferenceFixtures.binanceEthUsdt;
import static io.hedgewatch.risk.ReferenceFixtures.bybitEthUsdt;
import static io.hedgewatch.risk.ReferenceFixtures.coinbaseEthUsd;
import static io.hedgewatch.risk.ReferenceFixtures.coinbaseUsdtUsd;
import static io.hedgewatch.risk.ReferenceFixtures.compute;
import static io.hedgewatch.risk.ReferenceFixtures.dec;
import static io.hedgewatch.risk.ReferenceFixtures.ethUsd;
import static io.hedgewatch.risk.ReferenceFixtures.krakenEthUsd;
import static io.hedgewatch.risk.ReferenceFixtures.krakenUsdtUsd;
import static io.hedgewatch.risk.ReferenceFixtures.lookup;
import static io.hedgewatch.risk.ReferenceFixtures.okxEthUsdt;
import static io.hedgewatch.risk.ReferenceFixtures.quote;
import static io.hedgewatch.risk.ReferenceFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.domain.SourceState;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code reference.divergence}, and the two incidents it exists for. */
class ReferenceDivergenceRuleTest {

  /**
   * rules: { reference.divergence: { warn: 0.5%, critical: 2% } } as the config loader types them.
   */
  private static final RuleSettingsLookup HALF_AND_TWO_PERCENT =
      lookup("reference.divergence", Map.of("warn", dec("0.005"), "critical", dec("0.02")));

  /** Three venues at 3000 and okx at {@code okx}: the median stays 3000. */
  private static ReferencePrice withOkxAt(String okx) {
    return ethUsd(
        2,
        coinbaseEthUsd("3000"),
        krakenEthUsd("3000"),
        quote(BYBIT, "ETHUSD", "ETH/USD", "3000"),
        quote(OKX, "ETH-USD", "ETH/USD", okx));
  }

  // 0.5 % of 3000 is 15, 2 % is 60
  @ParameterizedTest(name = "okx {0} -> {1}")
  @CsvSource({
    "3000, OK",
    "3015, OK",
    "3015.00000001, WARNING",
    "2984.99999999, WARNING",
    "3060, WARNING",
    "3060.00000001, CRITICAL",
    "2939.99999999, CRITICAL"
  })
  void fires_strictly_beyond_50_and_200_bps(String okx, Severity expected) {
    ReferencePrice r = withOkxAt(okx);
    assertThat(OracleRules.worst(ReferenceRules.evaluateSources(r, HALF_AND_TWO_PERCENT)))
        .isEqualTo(expected);
    assertThat(OracleRules.worst(ReferenceRules.evaluateSources(r, RuleSettingsLookup.defaults())))
        .isEqualTo(expected);
    assertThat(source(r, OKX, "ETH-USD").state())
        .isEqualTo(expected == Severity.OK ? SourceState.USED : SourceState.OUTLIER);
  }

  @Test
  void value_threshold_subject_and_message() {
    Alert a = ReferenceRules.evaluateSources(withOkxAt("3030"), HALF_AND_TWO_PERCENT).get(0);
    assertThat(a.rule()).isEqualTo("reference.divergence");
    assertThat(a.subject()).isEqualTo("reference:okx");
    assertThat(a.severity()).isEqualTo(Severity.WARNING);
    assertThat(a.value()).isCloseTo(100.0, within(1e-9));
    assertThat(a.threshold()).isEqualTo(50.0);
    assertThat(a.message())
        .isEqualTo(
            "reference venue okx is far from the other venues and left out of the reference"
                + " price: okx ETH-USD at 3030 USD is 100 bps above the ETH/USD median 3000 of the"
                + " fresh venues, beyond the warning level of 50 bps");
    assertThat(a.action()).contains("okx ETH-USD");
  }

  @Test
  void venue_depeg_binance_usdt_market_5_percent_high_is_named_and_the_feed_does_not_drift() {
    // USDT is cheap on binance, so its ETHUSDT book prices ETH 5 % above everyone else
    ReferencePrice r =
        ethUsd(
            2,
            binanceEthUsdt("3150"),
            coinbaseEthUsd("3000.1"),
            krakenEthUsd("3000"),
            okxEthUsdt("2999.8"),
            bybitEthUsdt("3000.2"),
            coinbaseUsdtUsd("0.9999"),
            krakenUsdtUsd("1.0001"));
    assertThat(source(r, BINANCE, "ETHUSDT").state()).isEqualTo(SourceState.OUTLIER);
    assertThat(r.price()).hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("3000.05"));

    List<Alert> divergence = ReferenceRules.evaluateSources(r, RuleSettingsLookup.defaults());
    assertThat(divergence)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.subject()).isEqualTo("reference:binance");
              assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(a.message())
                  .contains("binance ETHUSDT at 3150 USD (3150 USDT x 1)")
                  .contains("above the ETH/USD median 3000.1");
              assertThat(a.value()).isCloseTo(499.65, within(0.01));
            });

    // the feed at the market's 3000 has no drift: binance is not in the reference
    List<Alert> feed =
        ReferenceRules.evaluate(
            chainlinkSpec(),
            chainlink(round(new BigInteger("300000000000"), T0)),
            r,
            RuleSettingsLookup.defaults());
    assertThat(feed).isEmpty();
  }

  @Test
  void one_alert_per_venue_across_pairs_and_conversions_at_the_worst_severity() {
    List<QuoteOutcome> outcomes = new ArrayList<>();
    outcomes.addAll(
        List.of(
            coinbaseEthUsd("3000"),
            krakenEthUsd("3030"), // +100 bps: WARNING
            quote(OKX, "ETH-USD", "ETH/USD", "3000"),
            quote(BYBIT, "ETHUSD", "ETH/USD", "3000"),
            quote(COINBASE, "BTC-USD", "BTC/USD", "90000"),
            quote(KRAKEN, "XXBTZUSD", "BTC/USD", "93000"), // +333 bps: CRITICAL
            quote(OKX, "BTC-USD", "BTC/USD", "90000"),
            quote(BINANCE, "BTCUSDT", "BTC/USDT", "90000"),
            coinbaseUsdtUsd("1"),
            krakenUsdtUsd("0.99"), // -100 bps: WARNING
            quote(OKX, "USDT-USD", "USDT/USD", "1")));
    ReferencePrice eth = compute(ETH_USD, 2, outcomes);
    ReferencePrice btc = compute(BTC_USD, 2, outcomes);

    List<Alert> alerts =
        ReferenceRules.evaluateSources(List.of(eth, btc), RuleSettingsLookup.defaults());
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.subject()).isEqualTo("reference:kraken");
              assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(a.value()).isCloseTo(333.33, within(0.01));
              assertThat(a.threshold()).isEqualTo(200.0);
              // largest distance first; the USDT/USD shared by both references counted once
              assertThat(a.message())
                  .isEqualTo(
                      "reference venue kraken is far from the other venues and left out of the"
                          + " reference price: kraken XXBTZUSD at 93000 USD is 333.33 bps above the"
                          + " BTC/USD median 90000 of the fresh venues, beyond the critical level of"
                          + " 200 bps; kraken XETHZUSD at 3030 USD is 100 bps above the ETH/USD median"
                          + " 3000 of the fresh venues, beyond the warning level of 50 bps; kraken"
                          + " USDTZUSD at 0.99 USD is 100 bps below the USDT/USD median 1 of the fresh"
                          + " venues, beyond the warning level of 50 bps");
              assertThat(a.message().split("USDTZUSD", -1)).hasSize(2);
            });
  }

  @Test
  void the_same_reference_twice_is_counted_once() {
    ReferencePrice r = withOkxAt("3030");
    List<Alert> alerts =
        ReferenceRules.evaluateSources(List.of(r, r), RuleSettingsLookup.defaults());
    assertThat(alerts)
        .singleElement()
        .satisfies(a -> assertThat(a.message().split("ETH-USD at", -1)).hasSize(2));
  }

  @Test
  void a_stablecoin_off_its_peg_on_one_venue_is_named() {
    ReferencePrice r =
        ethUsd(
            2,
            binanceEthUsdt("3000"),
            coinbaseEthUsd("3000"),
            coinbaseUsdtUsd("0.9999"),
            krakenUsdtUsd("0.95"),
            quote(OKX, "USDT-USD", "USDT/USD", "1.0001"));
    List<Alert> alerts = ReferenceRules.evaluateSources(r, RuleSettingsLookup.defaults());
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.subject()).isEqualTo("reference:kraken");
              assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(a.message())
                  .contains(
                      "kraken USDTZUSD at 0.95 USD is 499.05 bps below the USDT/USD median 0.9999");
            });
    assertThat(r.price()).hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("3000"));
  }

  @Test
  void two_venues_apart_are_both_named() {
    ReferencePrice r = ethUsd(2, coinbaseEthUsd("3000"), krakenEthUsd("3100"));
    assertThat(ReferenceRules.evaluateSources(r, RuleSettingsLookup.defaults()))
        .extracting(Alert::subject)
        .containsExactly("reference:coinbase", "reference:kraken");
    assertThat(r.price()).isEmpty();
  }

  @Test
  void stale_and_failed_venues_are_not_divergent() {
    ReferencePrice r =
        ethUsd(
            1,
            coinbaseEthUsd("3000"),
            quote(KRAKEN, "XETHZUSD", "ETH/USD", "3500", NOW.minusSeconds(3600)));
    assertThat(ReferenceRules.evaluateSources(r, RuleSettingsLookup.defaults())).isEmpty();
  }

  @Test
  void disabled_rule_is_silent_but_the_outlier_stays_out() {
    RuleSettingsLookup off =
        RuleSettingsLookup.of(
            Map.of("reference.divergence", OracleFixtures.disabled("reference.divergence")));
    ReferencePrice r =
        ReferenceComposite.compute(
            ETH_USD,
            List.of(
                coinbaseEthUsd("3000"),
                krakenEthUsd("3000"),
                quote(OKX, "ETH-USD", "ETH/USD", "3300")),
            2,
            NOW,
            off);
    assertThat(source(r, OKX, "ETH-USD").state()).isEqualTo(SourceState.OUTLIER);
    assertThat(ReferenceRules.evaluateSources(r, off)).isEmpty();
  }
}
