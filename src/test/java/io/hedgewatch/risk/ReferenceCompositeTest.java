package io.hedgewatch.risk;

import static io.hedgewatch.risk.ReferenceFixtures.BINANCE;
import static io.hedgewatch.risk.ReferenceFixtures.BYBIT;
import static io.hedgewatch.risk.ReferenceFixtures.COINBASE;
import static io.hedgewatch.risk.ReferenceFixtures.ETH_USD;
import static io.hedgewatch.risk.ReferenceFixtures.KRAKEN;
import static io.hedgewatch.risk.ReferenceFixtures.NOW;
import static io.hedgewatch.risk.ReferenceFixtures.OKX;
import static io.hedgewatch.risk.ReferenceFixtures.USDC_USD;
import static io.hedgewatch.risk.ReferenceFixtures.USDT_USD;
import static io.hedgewatch.risk.ReferenceFixtures.binanceEthUsdt;
import static io.hedgewatch.risk.ReferenceFixtures.bybitEthUsdt;
import static io.hedgewatch.risk.ReferenceFixtures.coinbaseEthUsd;
import static io.hedgewatch.risk.ReferenceFixtures.coinbaseUsdtUsd;
import static io.hedgewatch.risk.ReferenceFixtures.compute;
import static io.hedgewatch.risk.ReferenceFixtures.dec;
import static io.hedgewatch.risk.ReferenceFixtures.ethUsd;
import static io.hedgewatch.risk.ReferenceFixtures.failed;
import static io.hedgewatch.risk.ReferenceFixtures.krakenEthUsd;
import static io.hedgewatch.risk.ReferenceFixtures.krakenUsdtUsd;
import static io.hedgewatch.risk.ReferenceFixtures.lookup;
import static io.hedgewatch.risk.ReferenceFixtures.okxEthUsdt;
import static io.hedgewatch.risk.ReferenceFixtures.quote;
import static io.hedgewatch.risk.ReferenceFixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.ConversionRate;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.ReferenceSource;
import io.hedgewatch.domain.SourceState;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ReferenceCompositeTest {

  private static BigDecimal price(ReferencePrice r) {
    assertThat(r.unavailableReason()).isEmpty();
    return r.price().orElseThrow();
  }

  @Nested
  class Median {

    @Test
    void odd_count_is_the_middle_price() {
      ReferencePrice r =
          ethUsd(
              2,
              coinbaseEthUsd("3001"),
              krakenEthUsd("3000"),
              quote(OKX, "ETH-USD", "ETH/USD", "3002.5"));
      assertThat(price(r)).isEqualByComparingTo("3001");
      assertThat(r.used()).hasSize(3);
    }

    @Test
    void even_count_is_the_mean_of_the_two_middle_prices() {
      ReferencePrice r =
          ethUsd(
              2,
              coinbaseEthUsd("3001"),
              krakenEthUsd("3000"),
              quote(OKX, "ETH-USD", "ETH/USD", "3002.5"),
              quote(BYBIT, "ETHUSD", "ETH/USD", "3003"));
      assertThat(price(r).toPlainString()).isEqualTo("3001.75");
    }

    @Test
    void median_is_exact_and_stripped() {
      assertThat(DecimalMath.median(List.of(dec("3000.10"))).toPlainString()).isEqualTo("3000.1");
      assertThat(DecimalMath.median(List.of(dec("2"), dec("1"))).toPlainString()).isEqualTo("1.5");
      assertThat(
              DecimalMath.median(List.of(dec("0.000000000000000001"), dec("0.000000000000000002")))
                  .toPlainString())
          .isEqualTo("0.0000000000000000015");
      assertThat(DecimalMath.median(List.of(dec("5"), dec("1"), dec("3"), dec("100"))))
          .isEqualByComparingTo("4");
      assertThatThrownBy(() -> DecimalMath.median(List.of()))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_single_source_is_enough_at_min_sources_one() {
      ReferencePrice r = ethUsd(1, coinbaseEthUsd("3000.5"));
      assertThat(price(r)).isEqualByComparingTo("3000.5");
      assertThat(r.usedPrices()).containsOnlyKeys(COINBASE);
      assertThat(source(r, COINBASE, "ETH-USD").deviationBps()).hasValue(BigDecimal.ZERO);
    }
  }

  @Nested
  class Conversion {

    @Test
    void usdt_price_times_usdt_usd_exactly() {
      ReferencePrice r = ethUsd(1, binanceEthUsdt("3000.30"), krakenUsdtUsd("0.9999"));
      ReferenceSource binance = source(r, BINANCE, "ETHUSDT");
      assertThat(binance.state()).isEqualTo(SourceState.USED);
      assertThat(binance.nativePrice()).hasValue(dec("3000.30"));
      assertThat(binance.conversionRate())
          .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.9999"));
      assertThat(binance.convertedPrice().orElseThrow().toPlainString()).isEqualTo("2999.99997");
      assertThat(price(r).toPlainString()).isEqualTo("2999.99997");
      assertThat(binance.note()).contains("3000.30 USDT x 0.9999 USDT/USD");

      ConversionRate usdt = r.conversions().get(USDT_USD);
      assertThat(usdt.rate()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.9999"));
      assertThat(source(usdt.sources(), KRAKEN, "USDTZUSD").state()).isEqualTo(SourceState.USED);
      assertThat(usdt.via()).isEmpty();
    }

    @Test
    void usdt_usd_is_the_median_of_the_venues_that_list_it() {
      ReferencePrice r =
          ethUsd(1, binanceEthUsdt("3000.30"), coinbaseUsdtUsd("0.9998"), krakenUsdtUsd("1.0000"));
      assertThat(r.conversions().get(USDT_USD).rate())
          .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.9999"));
      assertThat(price(r)).isEqualByComparingTo("2999.99997");
      // the stablecoin markets are conversion sources, not sources of the ETH/USD price
      assertThat(r.sources()).extracting(s -> s.market().pair()).containsOnly(Pair.of("ETH/USDT"));
    }

    @Test
    void never_one_to_one_without_a_usdt_usd_rate() {
      ReferencePrice r = ethUsd(1, binanceEthUsdt("3000"), coinbaseEthUsd("3001"));
      ReferenceSource binance = source(r, BINANCE, "ETHUSDT");
      assertThat(binance.state()).isEqualTo(SourceState.NO_CONVERSION);
      assertThat(binance.convertedPrice()).isEmpty();
      assertThat(binance.note()).startsWith("no USDT/USD rate: no venue quoted USDT/USD");
      assertThat(price(r)).isEqualByComparingTo("3001");
      assertThat(r.conversions().get(USDT_USD).unavailableReason()).isPresent();
    }

    @Test
    void only_usdt_sources_and_no_rate_leaves_the_reference_unavailable() {
      ReferencePrice r = ethUsd(1, binanceEthUsdt("3000"), okxEthUsdt("3000.5"));
      assertThat(r.price()).isEmpty();
      assertThat(r.unavailableReason().orElseThrow())
          .startsWith("0 of 2 venues gave a usable ETH/USD price, fewer than minSources 1")
          .contains("binance ETHUSDT no conversion: no USDT/USD rate")
          .contains("okx ETH-USDT no conversion");
    }

    @Test
    void usdc_usd_from_direct_quotes_first() {
      ReferencePrice r =
          ethUsd(
              1,
              quote(BINANCE, "ETHUSDC", "ETH/USDC", "3000"),
              quote(KRAKEN, "USDCUSD", "USDC/USD", "0.9997"),
              quote(BINANCE, "USDCUSDT", "USDC/USDT", "1.0001"),
              krakenUsdtUsd("0.9999"));
      ConversionRate usdc = r.conversions().get(USDC_USD);
      assertThat(usdc.rate()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.9997"));
      assertThat(usdc.via()).isEmpty();
      assertThat(price(r)).isEqualByComparingTo("2999.1");
    }

    @Test
    void usdc_usd_chained_through_usdt_when_no_venue_quotes_it() {
      ReferencePrice r =
          ethUsd(
              1,
              quote(BINANCE, "ETHUSDC", "ETH/USDC", "3000"),
              quote(BINANCE, "USDCUSDT", "USDC/USDT", "1.0001"),
              krakenUsdtUsd("0.9999"));
      ConversionRate usdc = r.conversions().get(USDC_USD);
      assertThat(usdc.rate().orElseThrow().toPlainString()).isEqualTo("0.99999999");
      assertThat(usdc.via())
          .extracting(ConversionRate::pair)
          .containsExactly(Pair.of("USDC/USDT"), USDT_USD);
      assertThat(price(r).toPlainString()).isEqualTo("2999.99997");
    }

    @Test
    void no_usdc_rate_by_any_path_names_both() {
      ReferencePrice r =
          ethUsd(1, quote(BINANCE, "ETHUSDC", "ETH/USDC", "3000"), coinbaseEthUsd("3000"));
      assertThat(source(r, BINANCE, "ETHUSDC").note())
          .contains("no USDC/USD rate: no venue quoted USDC/USD")
          .contains("nor via USDT: no venue quoted USDC/USDT");
    }

    @Test
    void an_inverse_market_converts_as_one_over_its_price() {
      // ETH/USDT reference from a USD market: USD/USDT = 1 / (USDT/USD)
      ReferencePrice r =
          compute(Pair.of("ETH/USDT"), 1, coinbaseEthUsd("3000"), krakenUsdtUsd("0.9999"));
      BigDecimal usdInUsdt = BigDecimal.ONE.divide(dec("0.9999"), MathContext.DECIMAL128);
      ConversionRate rate = r.conversions().get(Pair.of("USD/USDT"));
      assertThat(rate.rate())
          .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(usdInUsdt));
      assertThat(price(r)).isEqualByComparingTo(dec("3000").multiply(usdInUsdt));
      assertThat(source(rate.sources(), KRAKEN, "USDTZUSD").note()).contains("1 / 0.9999 USDT/USD");
    }

    @Test
    void a_stablecoin_off_its_peg_on_one_venue_is_left_out_and_named() {
      ReferencePrice r =
          ethUsd(
              2,
              binanceEthUsdt("3000"),
              coinbaseEthUsd("3000"),
              krakenEthUsd("3000"),
              coinbaseUsdtUsd("0.9999"),
              krakenUsdtUsd("0.95"),
              quote(OKX, "USDT-USD", "USDT/USD", "1.0001"));
      ConversionRate usdt = r.conversions().get(USDT_USD);
      ReferenceSource kraken = source(usdt.sources(), KRAKEN, "USDTZUSD");
      assertThat(kraken.state()).isEqualTo(SourceState.OUTLIER);
      assertThat(kraken.note()).contains("from the median 0.9999").contains("left out");
      assertThat(usdt.rate()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1"));
      assertThat(usdt.freshMedian())
          .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.9999"));
      assertThat(price(r)).isEqualByComparingTo("3000");
      assertThat(source(r, BINANCE, "ETHUSDT").state()).isEqualTo(SourceState.USED);
    }

    @Test
    void conversion_quotes_are_screened_for_freshness() {
      ReferencePrice r =
          ethUsd(
              1,
              binanceEthUsdt("3000"),
              quote(KRAKEN, "USDTZUSD", "USDT/USD", "0.9999", NOW.minusSeconds(600)));
      ConversionRate usdt = r.conversions().get(USDT_USD);
      assertThat(source(usdt.sources(), KRAKEN, "USDTZUSD").state()).isEqualTo(SourceState.STALE);
      assertThat(source(r, BINANCE, "ETHUSDT").state()).isEqualTo(SourceState.NO_CONVERSION);
      assertThat(r.price()).isEmpty();
    }
  }

  @Nested
  class Outliers {

    @Test
    void a_venue_far_from_the_median_is_left_out_and_the_median_recomputed() {
      ReferencePrice r =
          ethUsd(
              2,
              binanceEthUsdt("3150"),
              krakenUsdtUsd("1"),
              coinbaseEthUsd("3000"),
              krakenEthUsd("3001"),
              quote(OKX, "ETH-USD", "ETH/USD", "2999"),
              quote(BYBIT, "ETHUSD", "ETH/USD", "3000.5"));
      ReferenceSource binance = source(r, BINANCE, "ETHUSDT");
      assertThat(binance.state()).isEqualTo(SourceState.OUTLIER);
      assertThat(r.freshMedian())
          .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("3000.5"));
      assertThat(binance.deviationBps().orElseThrow().doubleValue())
          .isCloseTo(498.25, org.assertj.core.api.Assertions.within(0.01));
      assertThat(binance.note())
          .contains("+498.25 bps from the median 3000.5")
          .contains("left out");
      assertThat(price(r)).isEqualByComparingTo("3000.25");
      assertThat(r.usedPrices()).containsOnlyKeys(COINBASE, KRAKEN, OKX, BYBIT);
    }

    @Test
    void exactly_at_the_band_is_used_just_beyond_is_an_outlier() {
      ReferencePrice at =
          ethUsd(
              2,
              coinbaseEthUsd("3000"),
              krakenEthUsd("3000"),
              quote(OKX, "ETH-USD", "ETH/USD", "3015"));
      assertThat(source(at, OKX, "ETH-USD").state()).isEqualTo(SourceState.USED);
      ReferencePrice beyond =
          ethUsd(
              2,
              coinbaseEthUsd("3000"),
              krakenEthUsd("3000"),
              quote(OKX, "ETH-USD", "ETH/USD", "3015.00000001"));
      assertThat(source(beyond, OKX, "ETH-USD").state()).isEqualTo(SourceState.OUTLIER);
      ReferencePrice below =
          ethUsd(
              2,
              coinbaseEthUsd("3000"),
              krakenEthUsd("3000"),
              quote(OKX, "ETH-USD", "ETH/USD", "2984.99999999"));
      assertThat(source(below, OKX, "ETH-USD").state()).isEqualTo(SourceState.OUTLIER);
    }

    @Test
    void the_band_is_reference_divergence_warn_as_users_write_it() {
      // rules: { reference.divergence: { warn: 1% } }
      ReferencePrice r =
          ReferenceComposite.compute(
              ETH_USD,
              List.of(
                  coinbaseEthUsd("3000"),
                  krakenEthUsd("3000"),
                  quote(OKX, "ETH-USD", "ETH/USD", "3029.99")),
              2,
              NOW,
              lookup("reference.divergence", Map.of("warn", dec("0.01"))));
      assertThat(source(r, OKX, "ETH-USD").state()).isEqualTo(SourceState.USED);
    }

    @Test
    void two_venues_further_apart_than_twice_the_band_are_both_outliers() {
      ReferencePrice r = ethUsd(1, coinbaseEthUsd("3000"), krakenEthUsd("3031"));
      assertThat(r.sources()).extracting(ReferenceSource::state).containsOnly(SourceState.OUTLIER);
      assertThat(r.price()).isEmpty();
      assertThat(r.unavailableReason().orElseThrow())
          .startsWith("0 of 2 venues gave a usable ETH/USD price, fewer than minSources 1")
          .contains("coinbase ETH-USD outlier: -51.4 bps from the median 3015.5")
          .contains("kraken XETHZUSD outlier: +51.4 bps");
    }

    @Test
    void two_venues_within_twice_the_band_are_both_used() {
      ReferencePrice r = ethUsd(2, coinbaseEthUsd("3000"), krakenEthUsd("3029"));
      assertThat(price(r)).isEqualByComparingTo("3014.5");
    }
  }

  @Nested
  class Availability {

    @Test
    void fewer_than_min_sources_names_how_many_answered_and_why_the_others_did_not() {
      ReferencePrice r =
          ethUsd(
              2,
              coinbaseEthUsd("3000"),
              failed(
                  KRAKEN,
                  "XETHZUSD",
                  "ETH/USD",
                  new QuoteFailure.Timeout("kraken.ticker", Duration.ofSeconds(2))),
              failed(
                  OKX,
                  "ETH-USDT",
                  "ETH/USDT",
                  new QuoteFailure.VenueError("51001", "Instrument ID does not exist")));
      assertThat(r.price()).isEmpty();
      assertThat(r.available()).isFalse();
      assertThat(r.unavailableReason().orElseThrow())
          .isEqualTo(
              "1 of 3 venues gave a usable ETH/USD price, fewer than minSources 2; used: coinbase;"
                  + " kraken XETHZUSD failed: no reply within 2000 ms (kraken.ticker);"
                  + " okx ETH-USDT failed: venue error 51001: Instrument ID does not exist");
      assertThat(source(r, KRAKEN, "XETHZUSD").state()).isEqualTo(SourceState.FAILED);
      assertThat(r.minSources()).isEqualTo(2);
    }

    @Test
    void enough_sources_give_a_price() {
      ReferencePrice r = ethUsd(2, coinbaseEthUsd("3000"), krakenEthUsd("3001"));
      assertThat(price(r)).isEqualByComparingTo("3000.5");
    }

    @Test
    void min_sources_counts_venues_not_markets() {
      ReferencePrice r =
          ethUsd(
              2,
              coinbaseEthUsd("3000"),
              quote(COINBASE, "ETH-USDT", "ETH/USDT", "3001"),
              coinbaseUsdtUsd("1"));
      assertThat(r.price()).isEmpty();
      assertThat(source(r, COINBASE, "ETH-USDT").state()).isEqualTo(SourceState.SUPERSEDED);
    }

    @Test
    void no_market_at_all() {
      ReferencePrice r = ethUsd(1, quote(BINANCE, "BTCUSDT", "BTC/USDT", "90000"));
      assertThat(r.sources()).isEmpty();
      assertThat(r.unavailableReason())
          .hasValue("no venue quoted ETH/USD (none of the sources lists a market for it)");
    }

    @Test
    void min_sources_below_one_is_a_wiring_bug() {
      assertThatThrownBy(() -> ethUsd(0, coinbaseEthUsd("3000")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("minSources");
    }

    @Test
    void a_non_positive_price_is_a_failure() {
      ReferencePrice r = ethUsd(1, coinbaseEthUsd("0"), krakenEthUsd("3000"));
      ReferenceSource coinbase = source(r, COINBASE, "ETH-USD");
      assertThat(coinbase.state()).isEqualTo(SourceState.FAILED);
      assertThat(coinbase.note()).isEqualTo("non-positive price 0");
      assertThat(price(r)).isEqualByComparingTo("3000");
    }
  }

  @Nested
  class Freshness {

    @Test
    void older_than_max_age_is_stale_exactly_max_age_is_fresh() {
      ReferencePrice r =
          ethUsd(
              1,
              quote(COINBASE, "ETH-USD", "ETH/USD", "3100", NOW.minusSeconds(61)),
              quote(KRAKEN, "XETHZUSD", "ETH/USD", "3000", NOW.minusSeconds(60)));
      ReferenceSource coinbase = source(r, COINBASE, "ETH-USD");
      assertThat(coinbase.state()).isEqualTo(SourceState.STALE);
      assertThat(coinbase.note())
          .isEqualTo(
              "quote of 2026-03-24T11:58:59Z is 61 s (1m 01s) old, beyond maxAge 60 s (1m 00s)");
      assertThat(coinbase.deviationBps()).isEmpty();
      assertThat(source(r, KRAKEN, "XETHZUSD").state()).isEqualTo(SourceState.USED);
      assertThat(price(r)).isEqualByComparingTo("3000");
    }

    @Test
    void max_age_as_users_write_it() {
      // rules: { reference.unavailable: { maxAge: 30s } }
      ReferencePrice r =
          ReferenceComposite.compute(
              ETH_USD,
              List.of(quote(KRAKEN, "XETHZUSD", "ETH/USD", "3000", NOW.minusSeconds(31))),
              1,
              NOW,
              lookup("reference.unavailable", Map.of("maxAge", Duration.ofSeconds(30))));
      assertThat(source(r, KRAKEN, "XETHZUSD").state()).isEqualTo(SourceState.STALE);
      assertThat(r.price()).isEmpty();
    }

    @Test
    void a_quote_dated_after_now_counts_as_fresh() {
      ReferencePrice r =
          ethUsd(1, quote(KRAKEN, "XETHZUSD", "ETH/USD", "3000", NOW.plusSeconds(5)));
      assertThat(price(r)).isEqualByComparingTo("3000");
    }

    @Test
    void a_stale_market_yields_to_the_venues_fresh_one() {
      ReferencePrice r =
          ethUsd(
              1,
              quote(COINBASE, "ETH-USD", "ETH/USD", "3000", NOW.minusSeconds(300)),
              quote(COINBASE, "ETH-USDT", "ETH/USDT", "3001"),
              krakenUsdtUsd("1"));
      assertThat(source(r, COINBASE, "ETH-USD").state()).isEqualTo(SourceState.STALE);
      assertThat(source(r, COINBASE, "ETH-USDT").state()).isEqualTo(SourceState.USED);
      assertThat(price(r)).isEqualByComparingTo("3001");
    }
  }

  @Nested
  class OnePricePerVenue {

    @Test
    void the_market_in_the_targets_quote_comes_first() {
      ReferencePrice r =
          ethUsd(
              1,
              quote(COINBASE, "ETH-USDT", "ETH/USDT", "3001"),
              coinbaseEthUsd("3000"),
              coinbaseUsdtUsd("1"));
      ReferenceSource usdt = source(r, COINBASE, "ETH-USDT");
      assertThat(usdt.state()).isEqualTo(SourceState.SUPERSEDED);
      assertThat(usdt.note()).isEqualTo("coinbase's price is taken from its market ETH-USD");
      assertThat(r.usedPrices()).containsExactly(Map.entry(COINBASE, dec("3000")));
    }

    @Test
    void usdt_before_usdc() {
      ReferencePrice r =
          ethUsd(
              1,
              quote(BINANCE, "ETHUSDC", "ETH/USDC", "3002"),
              binanceEthUsdt("3001"),
              krakenUsdtUsd("1"),
              quote(KRAKEN, "USDCUSD", "USDC/USD", "1"));
      assertThat(source(r, BINANCE, "ETHUSDT").state()).isEqualTo(SourceState.USED);
      assertThat(source(r, BINANCE, "ETHUSDC").state()).isEqualTo(SourceState.SUPERSEDED);
    }

    @Test
    void sources_are_listed_by_venue_then_market() {
      ReferencePrice r =
          ethUsd(
              1,
              bybitEthUsdt("3000"),
              krakenEthUsd("3000"),
              binanceEthUsdt("3000"),
              coinbaseEthUsd("3000"),
              okxEthUsdt("3000"),
              krakenUsdtUsd("1"));
      assertThat(r.sources())
          .extracting(ReferenceSource::venue)
          .containsExactly(BINANCE, COINBASE, KRAKEN, OKX, BYBIT);
      assertThat(r.at()).isEqualTo(NOW);
    }
  }
}
