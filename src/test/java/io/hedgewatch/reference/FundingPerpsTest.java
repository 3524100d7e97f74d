package io.hedgewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.Pair;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FundingPerpsTest {

  private final FundingPerps perps = FundingPerps.standard();

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "BINANCE, ETH, ETHUSDT, ETH/USDT, LINEAR",
    "BINANCE, BTC, BTCUSDT, BTC/USDT, LINEAR",
    "BINANCE, SOL, SOLUSDT, SOL/USDT, LINEAR",
    "BYBIT, ETH, ETHUSDT, ETH/USDT, LINEAR",
    "BYBIT, BTC, BTCUSDT, BTC/USDT, LINEAR",
    "BYBIT, SOL, SOLUSDT, SOL/USDT, LINEAR",
    "OKX, ETH, ETH-USDT-SWAP, ETH/USDT, LINEAR",
    "OKX, BTC, BTC-USDT-SWAP, BTC/USDT, LINEAR",
    "OKX, SOL, SOL-USDT-SWAP, SOL/USDT, LINEAR",
    "DERIBIT, ETH, ETH-PERPETUAL, ETH/USD, INVERSE",
    "DERIBIT, BTC, BTC-PERPETUAL, BTC/USD, INVERSE",
    "DERIBIT, SOL, SOL_USDC-PERPETUAL, SOL/USDC, LINEAR",
    "KRAKEN_FUTURES, ETH, PF_ETHUSD, ETH/USD, LINEAR",
    "KRAKEN_FUTURES, BTC, PF_XBTUSD, BTC/USD, LINEAR",
    "KRAKEN_FUTURES, SOL, PF_SOLUSD, SOL/USD, LINEAR",
  })
  void each_venues_main_perp_per_asset_is_written_out(
      CexFundingVenue venue, String base, String symbol, String pair, FundingPerp.Contract c) {
    FundingPerp expected = new FundingPerp(venue, symbol, Pair.of(pair), c);

    assertThat(perps.preferred(venue, base)).contains(expected);
    assertThat(perps.perp(venue, Pair.of(pair))).contains(expected);
    assertThat(perps.perpForSymbol(venue, symbol)).contains(expected);
  }

  @Test
  void deribit_lists_its_usdc_linear_perps_after_the_inverse_ones() {
    assertThat(perps.perp(CexFundingVenue.DERIBIT, Pair.of("ETH/USDC")))
        .contains(FundingPerp.linear(CexFundingVenue.DERIBIT, "ETH_USDC-PERPETUAL", "ETH/USDC"));
    assertThat(perps.preferred(CexFundingVenue.DERIBIT, "ETH").orElseThrow().symbol())
        .isEqualTo("ETH-PERPETUAL");
  }

  @Test
  void every_venue_has_eth_and_btc() {
    for (CexFundingVenue venue : CexFundingVenue.values()) {
      assertThat(perps.preferred(venue, "ETH")).as(venue + " ETH").isPresent();
      assertThat(perps.preferred(venue, "BTC")).as(venue + " BTC").isPresent();
      assertThat(perps.perps(venue)).allSatisfy(p -> assertThat(p.venue()).isEqualTo(venue));
    }
  }

  @Test
  void unknown_pairs_and_symbols_are_absent_and_lookups_are_exact() {
    assertThat(perps.perp(CexFundingVenue.BINANCE, Pair.of("ETH/USD"))).isEmpty();
    assertThat(perps.perp(CexFundingVenue.KRAKEN_FUTURES, Pair.of("ETH/USDT"))).isEmpty();
    assertThat(perps.perpForSymbol(CexFundingVenue.BINANCE, "ethusdt")).isEmpty();
    assertThat(perps.perpForSymbol(CexFundingVenue.KRAKEN_FUTURES, "PF_BTCUSD"))
        .as("Kraken Futures calls BTC XBT")
        .isEmpty();
    assertThat(perps.preferred(CexFundingVenue.OKX, "PEPE")).isEmpty();
  }

  @Test
  void a_venue_naming_a_pair_or_a_symbol_twice_is_refused() {
    FundingPerp eth = FundingPerp.linear(CexFundingVenue.BINANCE, "ETHUSDT", "ETH/USDT");

    assertThatThrownBy(
            () ->
                FundingPerps.of(
                    List.of(
                        eth,
                        FundingPerp.linear(CexFundingVenue.BINANCE, "ETHUSDT_PERP", "ETH/USDT"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binance lists ETH/USDT twice");
    assertThatThrownBy(
            () ->
                FundingPerps.of(
                    List.of(
                        eth, FundingPerp.linear(CexFundingVenue.BINANCE, "ETHUSDT", "ETH/USDC"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binance lists ETHUSDT twice");
    assertThat(
            FundingPerps.of(
                    List.of(eth, FundingPerp.linear(CexFundingVenue.BYBIT, "ETHUSDT", "ETH/USDT")))
                .perps())
        .as("the same symbol on two venues is fine")
        .hasSize(2);
    assertThatThrownBy(() -> FundingPerp.linear(CexFundingVenue.OKX, " ", "ETH/USDT"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
