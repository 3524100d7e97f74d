package io.hedgewatch.reference;

import static io.hedgewatch.domain.ReferenceVenue.BINANCE;
import static io.hedgewatch.domain.ReferenceVenue.BYBIT;
import static io.hedgewatch.domain.ReferenceVenue.COINBASE;
import static io.hedgewatch.domain.ReferenceVenue.KRAKEN;
import static io.hedgewatch.domain.ReferenceVenue.OKX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.reference.VenueListings.Listing;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class VenueListingsTest {

  private static final VenueListings STANDARD = VenueListings.standard();

  private static Optional<String> preferred(ReferenceVenue venue, String target) {
    return STANDARD.preferredMarket(venue, Pair.of(target)).map(VenueMarket::nativeSymbol);
  }

  @Test
  void kraken_btc_is_xbt_and_answers_under_the_legacy_key_too() {
    VenueMarket btcUsd = STANDARD.market(KRAKEN, Pair.of("BTC/USD")).orElseThrow();
    assertThat(btcUsd.nativeSymbol()).isEqualTo("XBTUSD");
    assertThat(STANDARD.replySymbols(KRAKEN, btcUsd)).containsExactly("XBTUSD", "XXBTZUSD");
    assertThat(STANDARD.market(KRAKEN, Pair.of("BTC/USDT")).orElseThrow().nativeSymbol())
        .isEqualTo("XBTUSDT");
  }

  @ParameterizedTest(name = "{0} = {1}, answered as {2}")
  @CsvSource({
    "ETH/USD, ETHUSD, XETHZUSD",
    "XRP/USD, XRPUSD, XXRPZUSD",
    "DOGE/USD, XDGUSD, XXDGZUSD",
    "USDT/USD, USDTUSD, USDTZUSD",
  })
  void kraken_legacy_result_keys(String pair, String request, String legacy) {
    VenueMarket m = STANDARD.market(KRAKEN, Pair.of(pair)).orElseThrow();
    assertThat(m.nativeSymbol()).isEqualTo(request);
    assertThat(STANDARD.replySymbols(KRAKEN, m)).containsExactly(request, legacy);
  }

  @Test
  void kraken_newer_pairs_answer_under_their_request_name_only() {
    for (String pair : List.of("SOL/USD", "USDC/USD", "USDC/USDT", "ETH/USDT", "BTC/USDT")) {
      VenueMarket m = STANDARD.market(KRAKEN, Pair.of(pair)).orElseThrow();
      assertThat(STANDARD.replySymbols(KRAKEN, m)).containsExactly(m.nativeSymbol());
    }
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
    "BINANCE, ETH/USD, ETHUSDT",
    "BINANCE, BTC/USD, BTCUSDT",
    "BINANCE, BNB/USD, BNBUSDT",
    "COINBASE, ETH/USD, ETH-USD",
    "COINBASE, BTC/USD, BTC-USD",
    "KRAKEN, ETH/USD, ETHUSD",
    "KRAKEN, BTC/USD, XBTUSD",
    "KRAKEN, DOGE/USD, XDGUSD",
    "OKX, ETH/USD, ETH-USDT",
    "OKX, ARB/USD, ARB-USDT",
    "BYBIT, ETH/USD, ETHUSDT",
    "BYBIT, OP/USD, OPUSDT",
  })
  void preferred_market_is_usd_then_usdt(ReferenceVenue venue, String target, String symbol) {
    assertThat(preferred(venue, target)).contains(symbol);
  }

  @Test
  void preference_order_is_usd_then_usdt_then_usdc() {
    Listing usd = Listing.of(OKX, "ETH-USD", "ETH/USD");
    Listing usdt = Listing.of(OKX, "ETH-USDT", "ETH/USDT");
    Listing usdc = Listing.of(OKX, "ETH-USDC", "ETH/USDC");
    Pair ethUsd = Pair.of("ETH/USD");

    assertThat(VenueListings.of(List.of(usdc, usdt, usd)).preferredMarket(OKX, ethUsd))
        .contains(usd.market());
    assertThat(VenueListings.of(List.of(usdc, usdt)).preferredMarket(OKX, ethUsd))
        .contains(usdt.market());
    assertThat(VenueListings.of(List.of(usdc)).preferredMarket(OKX, ethUsd))
        .contains(usdc.market());
    assertThat(VenueListings.of(List.of()).preferredMarket(OKX, ethUsd)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "ETH/USD, ETH/USD ETH/USDT ETH/USDC",
    "USDT/USD, USDT/USD",
    "USDC/USD, USDC/USD USDC/USDT",
    "ETH/USDT, ETH/USDT",
    "ETH/BTC, ETH/BTC",
  })
  void candidates(String target, String expected) {
    assertThat(VenueListings.candidates(Pair.of(target)))
        .extracting(Pair::toString)
        .containsExactly(expected.split(" "));
  }

  @Test
  void usdt_usd_comes_only_from_venues_that_list_it_directly() {
    assertThat(preferred(KRAKEN, "USDT/USD")).contains("USDTUSD");
    assertThat(preferred(COINBASE, "USDT/USD")).contains("USDT-USD");
    assertThat(preferred(BINANCE, "USDT/USD")).isEmpty();
    assertThat(preferred(OKX, "USDT/USD")).isEmpty();
    assertThat(preferred(BYBIT, "USDT/USD")).isEmpty();
  }

  @Test
  void usdc_usd_is_direct_where_listed_else_usdc_usdt() {
    assertThat(preferred(KRAKEN, "USDC/USD")).contains("USDCUSD");
    assertThat(preferred(BINANCE, "USDC/USD")).contains("USDCUSDT");
    assertThat(preferred(OKX, "USDC/USD")).contains("USDC-USDT");
    assertThat(preferred(BYBIT, "USDC/USD")).contains("USDCUSDT");
    assertThat(preferred(COINBASE, "USDC/USD")).isEmpty(); // Coinbase treats USDC as USD
  }

  @Test
  void venues_without_an_asset_give_no_market() {
    assertThat(preferred(COINBASE, "BNB/USD")).isEmpty();
    assertThat(preferred(KRAKEN, "BNB/USD")).isEmpty();
    assertThat(preferred(BINANCE, "PEPE/USD")).isEmpty();
    assertThat(STANDARD.lists(BINANCE, Pair.of("ETH/USD"))).isFalse();
    assertThat(STANDARD.lists(BINANCE, Pair.of("ETH/USDT"))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(ReferenceVenue.class)
  void every_venue_prices_eth_and_btc_in_usd_somehow(ReferenceVenue venue) {
    assertThat(preferred(venue, "ETH/USD")).isPresent();
    assertThat(preferred(venue, "BTC/USD")).isPresent();
  }

  @Test
  void every_known_asset_is_priced_by_at_least_three_venues() {
    for (String asset :
        List.of("ETH", "BTC", "SOL", "LINK", "ARB", "OP", "AVAX", "DOGE", "XRP", "BNB")) {
      long venues =
          List.of(ReferenceVenue.values()).stream()
              .filter(v -> preferred(v, asset + "/USD").isPresent())
              .count();
      assertThat(venues).as(asset).isGreaterThanOrEqualTo(3);
    }
  }

  /**
   * Checks the hand-written table against each venue's naming convention. The convention is only
   * used here, to catch a typo; the table is never derived from it.
   */
  @Test
  void every_symbol_follows_its_venues_convention() {
    Map<String, String> krakenAsset = Map.of("BTC", "XBT", "DOGE", "XDG");
    for (Listing l : STANDARD.listings()) {
      Pair p = l.market().pair();
      String expected =
          switch (l.venue()) {
            case BINANCE, BYBIT -> p.base() + p.quote();
            case COINBASE, OKX -> p.base() + "-" + p.quote();
            case KRAKEN -> krakenAsset.getOrDefault(p.base(), p.base()) + p.quote();
          };
      assertThat(l.market().nativeSymbol()).as(l.venue() + " " + p).isEqualTo(expected);
    }
  }

  @Test
  void markets_are_in_table_order_and_unmodifiable() {
    List<VenueMarket> binance = STANDARD.markets(BINANCE);
    assertThat(binance.get(0)).isEqualTo(new VenueMarket("ETHUSDT", Pair.of("ETH/USDT")));
    assertThat(binance).hasSize(14);
    assertThatThrownBy(() -> binance.add(binance.get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(STANDARD.listings()).hasSize(14 + 12 + 14 + 14 + 14);
  }

  @Test
  void market_for_symbol_is_exact() {
    assertThat(STANDARD.marketForSymbol(KRAKEN, "XBTUSD"))
        .contains(new VenueMarket("XBTUSD", Pair.of("BTC/USD")));
    assertThat(STANDARD.marketForSymbol(KRAKEN, "XXBTZUSD"))
        .isEmpty(); // a reply name, not a request
    assertThat(STANDARD.marketForSymbol(KRAKEN, "xbtusd")).isEmpty();
  }

  @Test
  void reply_symbols_of_an_unknown_market_are_its_request_symbol() {
    VenueMarket m = new VenueMarket("FOOUSD", Pair.of("FOO/USD"));
    assertThat(STANDARD.replySymbols(KRAKEN, m)).isEqualTo(Set.of("FOOUSD"));
    // same symbol, different pair: not the listed market
    VenueMarket mislabelled = new VenueMarket("XBTUSD", Pair.of("ETH/USD"));
    assertThat(STANDARD.replySymbols(KRAKEN, mislabelled)).isEqualTo(Set.of("XBTUSD"));
  }

  @Test
  void a_table_may_not_list_a_pair_or_a_reply_name_twice_on_one_venue() {
    assertThatThrownBy(
            () ->
                VenueListings.of(
                    List.of(
                        Listing.of(KRAKEN, "XBTUSD", "BTC/USD"),
                        Listing.of(KRAKEN, "XXBTZUSD", "BTC/USD"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kraken lists BTC/USD twice: XBTUSD and XXBTZUSD");
    assertThatThrownBy(
            () ->
                VenueListings.of(
                    List.of(
                        Listing.of(KRAKEN, "XBTUSD", "BTC/USD", "XXBTZUSD"),
                        Listing.of(KRAKEN, "XXBTZUSD", "BTC/USDT"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kraken symbol XXBTZUSD names both BTC/USD and BTC/USDT");
    // the same symbol on two venues is fine
    assertThat(
            VenueListings.of(
                    List.of(
                        Listing.of(BINANCE, "ETHUSDT", "ETH/USDT"),
                        Listing.of(BYBIT, "ETHUSDT", "ETH/USDT")))
                .listings())
        .hasSize(2);
  }

  @Test
  void a_listing_must_accept_its_own_request_symbol() {
    assertThatThrownBy(
            () ->
                new Listing(
                    KRAKEN, new VenueMarket("XBTUSD", Pair.of("BTC/USD")), Set.of("XXBTZUSD")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must contain the request symbol");
  }
}
