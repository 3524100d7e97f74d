package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigValuesTest {

  @Nested
  class Durations {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
      "500ms, PT0.5S",
      "1ms, PT0.001S",
      "30s, PT30S",
      "5m, PT5M",
      "24h, PT24H",
      "7d, PT168H",
      "1h30m, PT1H30M",
      "1d12h, PT36H",
      "2m30s500ms, PT2M30.5S",
      "0s, PT0S",
      "0, PT0S",
      "30, PT30S",
      "86400, PT24H",
      "' 10s ', PT10S"
    })
    void reads_units_combinations_and_bare_seconds(String text, Duration expected)
        throws Exception {
      assertThat(ConfigValues.parseDuration(text)).isEqualTo(expected);
    }

    @Test
    void rejects_an_unknown_unit_and_names_it() {
      assertThatThrownBy(() -> ConfigValues.parseDuration("24hours"))
          .isInstanceOf(InvalidValueException.class)
          .hasMessageContaining("'24hours'")
          .hasMessageContaining("unknown unit 'hours'")
          .hasMessageContaining("500ms, 30s, 5m, 24h, 7d or 1h30m");
    }

    @ParameterizedTest
    @ValueSource(strings = {"30S", "5M", "1w", "10us", "3y", "2 s"})
    void rejects_units_it_does_not_know(String text) {
      assertThatThrownBy(() -> ConfigValues.parseDuration(text))
          .hasMessageContaining("unknown unit");
    }

    @Test
    void rejects_negative_durations() {
      assertThatThrownBy(() -> ConfigValues.parseDuration("-5s"))
          .hasMessageContaining("'-5s' is negative");
    }

    @Test
    void rejects_fractions_and_says_how_to_combine_units() {
      assertThatThrownBy(() -> ConfigValues.parseDuration("1.5h"))
          .hasMessageContaining("1h30m, not 1.5h");
      assertThatThrownBy(() -> ConfigValues.parseDuration("1.5"))
          .hasMessageContaining("fractions are not allowed");
    }

    @Test
    void rejects_units_out_of_order_or_repeated() {
      assertThatThrownBy(() -> ConfigValues.parseDuration("30m1h"))
          .hasMessageContaining("largest to the smallest");
      assertThatThrownBy(() -> ConfigValues.parseDuration("1h1h"))
          .hasMessageContaining("each at most once");
    }

    @Test
    void rejects_a_trailing_number_without_unit() {
      assertThatThrownBy(() -> ConfigValues.parseDuration("1h30"))
          .hasMessageContaining("'30' has no unit");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "h", "s30", "abc", "1h-30m", "PT5S", "1e3"})
    void rejects_garbage(String text) {
      assertThatThrownBy(() -> ConfigValues.parseDuration(text))
          .isInstanceOf(InvalidValueException.class);
    }

    @Test
    void rejects_a_duration_too_long_to_represent() {
      assertThatThrownBy(() -> ConfigValues.parseDuration("99999999999999999999999d"))
          .hasMessageContaining("too long");
      assertThatThrownBy(() -> ConfigValues.parseDuration("9223372036854775807d"))
          .hasMessageContaining("too long");
    }
  }

  @Nested
  class Ratios {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
      "0.05%, 0.0005",
      "0.5%, 0.005",
      "1.5%, 0.015",
      "100%, 1",
      "0%, 0",
      ".5%, 0.005",
      "50bps, 0.005",
      "1bps, 0.0001",
      "0.5bps, 0.00005",
      "10000bps, 1",
      "50 bps, 0.005",
      "0.005, 0.005",
      "0.0005, 0.0005",
      "3, 3",
      "5e-3, 0.005",
      "0.10, 0.1"
    })
    void reads_percent_basis_points_and_bare_fractions_exactly(String text, String expected)
        throws Exception {
      BigDecimal value = ConfigValues.parseRatio(text);
      assertThat(value).isEqualTo(new BigDecimal(expected)); // equals, so the scale is exact too
    }

    @Test
    void five_hundredths_of_a_percent_is_exactly_five_ten_thousandths() throws Exception {
      assertThat(ConfigValues.parseRatio("0.05%"))
          .isEqualTo(new BigDecimal("0.0005"))
          .hasScaleOf(4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-0.5%", "-50bps", "-0.005", "-0"})
    void rejects_negative_ratios(String text) {
      assertThatThrownBy(() -> ConfigValues.parseRatio(text)).hasMessageContaining("is negative");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "",
          "%",
          "bps",
          "five%",
          "0.5 percent",
          "0.5%%",
          "1,5%",
          "0x10",
          "1e3%",
          "NaN",
          "Infinity"
        })
    void rejects_garbage_and_says_what_is_allowed(String text) {
      assertThatThrownBy(() -> ConfigValues.parseRatio(text))
          .isInstanceOf(InvalidValueException.class)
          .hasMessageContaining("0.5%, 50bps");
    }
  }

  @Nested
  class Addresses {

    @Test
    void accepts_a_correctly_checksummed_mixed_case_address_and_stores_it_lower_case()
        throws Exception {
      assertThat(ConfigValues.parseAddress("0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612"))
          .isEqualTo("0x639fe6ab55c921f74e7fac1ee960c0b6293ba612");
    }

    @Test
    void accepts_all_lower_case_and_all_upper_case_without_a_checksum() throws Exception {
      assertThat(ConfigValues.parseAddress("0x639fe6ab55c921f74e7fac1ee960c0b6293ba613"))
          .isEqualTo("0x639fe6ab55c921f74e7fac1ee960c0b6293ba613");
      assertThat(ConfigValues.parseAddress("0x639FE6AB55C921F74E7FAC1EE960C0B6293BA613"))
          .isEqualTo("0x639fe6ab55c921f74e7fac1ee960c0b6293ba613");
    }

    @Test
    void rejects_a_mixed_case_address_with_a_bad_checksum_and_shows_the_checksummed_form() {
      // last letter's case flipped
      assertThatThrownBy(
              () -> ConfigValues.parseAddress("0xFdB631F5EE196F0ed6FAa767959853A9F217697d"))
          .hasMessageContaining("EIP-55")
          .hasMessageContaining("0xFdB631F5EE196F0ed6FAa767959853A9F217697D");
    }

    @Test
    void rejects_wrong_lengths_with_the_count_of_digits() {
      assertThatThrownBy(
              () -> ConfigValues.parseAddress("0x639fe6ab55c921f74e7fac1ee960c0b6293ba6"))
          .hasMessageContaining("40 hex digits, got 38");
      assertThatThrownBy(() -> ConfigValues.parseAddress("0x")).hasMessageContaining("got 0");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "639fe6ab55c921f74e7fac1ee960c0b6293ba612",
          "0X639fe6ab55c921f74e7fac1ee960c0b6293ba612"
        })
    void requires_the_0x_prefix(String text) {
      assertThatThrownBy(() -> ConfigValues.parseAddress(text))
          .hasMessageContaining("must start with 0x");
    }

    @Test
    void rejects_non_hex_characters() {
      assertThatThrownBy(
              () -> ConfigValues.parseAddress("0x639fe6ab55c921f74e7fac1ee960c0b6293ba61g"))
          .hasMessageContaining("only hex digits");
    }

    @Test
    void reads_a_pyth_price_id_of_32_bytes_in_lower_case() throws Exception {
      assertThat(
              ConfigValues.parsePriceId(
                  "0xFF61491A931112DDF1BD8147CD1B641375F79F5825126D665480874634FD0ACE"))
          .isEqualTo("0xff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace");
      assertThatThrownBy(
              () -> ConfigValues.parsePriceId("0x639fe6ab55c921f74e7fac1ee960c0b6293ba612"))
          .hasMessageContaining("64 hex digits, got 40");
    }
  }

  @Nested
  class Others {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "https://arb1.arbitrum.io/rpc",
          "http://127.0.0.1:8545",
          "wss://node.example/ws",
          "WS://h",
          "http://my_node:8545"
        })
    void accepts_rpc_urls_with_a_usable_scheme_and_host(String url) throws Exception {
      assertThat(ConfigValues.parseUrl(url, ConfigValues.RPC_URL_SCHEMES)).isEqualTo(url);
    }

    @Test
    void rejects_urls_with_another_scheme_or_no_host() {
      assertThatThrownBy(() -> ConfigValues.parseUrl("ftp://h", ConfigValues.RPC_URL_SCHEMES))
          .hasMessageContaining("http, https, ws, wss, got ftp");
      assertThatThrownBy(
              () -> ConfigValues.parseUrl("arb1.arbitrum.io/rpc", ConfigValues.RPC_URL_SCHEMES))
          .hasMessageContaining("scheme must be one of");
      assertThatThrownBy(() -> ConfigValues.parseUrl("https:///rpc", ConfigValues.RPC_URL_SCHEMES))
          .hasMessageContaining("no host");
      assertThatThrownBy(() -> ConfigValues.parseUrl("wss://h", ConfigValues.HTTP_URL_SCHEMES))
          .hasMessageContaining("http, https, got wss");
      assertThatThrownBy(
              () -> ConfigValues.parseUrl("https://bad host", ConfigValues.RPC_URL_SCHEMES))
          .hasMessageContaining("is not a URL");
    }

    @Test
    void reads_a_positive_chain_id_only() throws Exception {
      assertThat(ConfigValues.parseChainId("42161")).isEqualTo(42161L);
      assertThatThrownBy(() -> ConfigValues.parseChainId("0"))
          .hasMessageContaining("must be positive");
      assertThatThrownBy(() -> ConfigValues.parseChainId("-1"))
          .hasMessageContaining("positive whole number");
      assertThatThrownBy(() -> ConfigValues.parseChainId("0xa4b1"))
          .hasMessageContaining("positive whole number");
      assertThatThrownBy(() -> ConfigValues.parseChainId("99999999999999999999"))
          .hasMessageContaining("too large");
    }

    @Test
    void reads_counts_from_zero() throws Exception {
      assertThat(ConfigValues.parseCount("0")).isZero();
      assertThat(ConfigValues.parseCount("3")).isEqualTo(3);
      assertThatThrownBy(() -> ConfigValues.parseCount("-1")).hasMessageContaining("negative");
      assertThatThrownBy(() -> ConfigValues.parseCount("1.5")).hasMessageContaining("not a count");
      assertThatThrownBy(() -> ConfigValues.parseCount("3000000000"))
          .hasMessageContaining("too large");
    }

    @Test
    void reads_booleans_including_yaml_1_1_words() throws Exception {
      assertThat(ConfigValues.parseBoolean("true")).isTrue();
      assertThat(ConfigValues.parseBoolean("False")).isFalse();
      assertThat(ConfigValues.parseBoolean("no")).isFalse();
      assertThat(ConfigValues.parseBoolean("on")).isTrue();
      assertThatThrownBy(() -> ConfigValues.parseBoolean("maybe"))
          .hasMessageContaining("expected true or false");
    }

    @Test
    void reads_base_quote_symbols_in_upper_case() throws Exception {
      assertThat(ConfigValues.parseSymbol("ETH/USD")).isEqualTo("ETH/USD");
      assertThat(ConfigValues.parseSymbol("1INCH/USD")).isEqualTo("1INCH/USD");
      assertThatThrownBy(() -> ConfigValues.parseSymbol("eth/usd"))
          .hasMessageContaining("BASE/QUOTE");
      assertThatThrownBy(() -> ConfigValues.parseSymbol("ETHUSD"))
          .hasMessageContaining("BASE/QUOTE");
      assertThatThrownBy(() -> ConfigValues.parseSymbol("ETH/USD/X"))
          .hasMessageContaining("BASE/QUOTE");
    }

    @Test
    void refuses_a_symbol_whose_asset_is_longer_than_a_pair_allows() {
      assertThatThrownBy(() -> ConfigValues.parseSymbol("ABCDEFGHIJKLMNOPQ/USD"))
          .isInstanceOf(InvalidValueException.class)
          .hasMessage(
              "'ABCDEFGHIJKLMNOPQ/USD' is not a symbol: the base and the quote have at most 15"
                  + " characters each");
      // the loader threw on such a reference (Pair.of in the listing check) instead of naming it
      LoadResult result =
          ConfigLoader.parse(
              "references:\n  binance: {}\n  kraken: {}\nvenues:\n  hl: { type: hyperliquid }\n"
                  + "markets:\n  m: { venue: hl, market: ETH, reference: { symbol:"
                  + " ABCDEFGHIJKLMNOPQ/USD } }\n",
              Path.of("t.yaml"),
              Map.of());
      assertThat(((LoadResult.Invalid) result).problems())
          .extracting(ConfigProblem::toString)
          .containsExactly(
              "markets.m.reference.symbol: 'ABCDEFGHIJKLMNOPQ/USD' is not a symbol: the base and"
                  + " the quote have at most 15 characters each");
    }

    @Test
    void accepts_ids_of_lower_case_letters_digits_dots_dashes_and_underscores() {
      assertThat(ConfigValues.isValidId("eth-usd")).isTrue();
      assertThat(ConfigValues.isValidId("base.sepolia_2")).isTrue();
      assertThat(ConfigValues.isValidId("0chain")).isTrue();
      assertThat(ConfigValues.isValidId("Arbitrum")).isFalse();
      assertThat(ConfigValues.isValidId("-x")).isFalse();
      assertThat(ConfigValues.isValidId("eth usd")).isFalse();
      assertThat(ConfigValues.isValidId("")).isFalse();
    }
  }

  @Nested
  class MarketKeys {

    @ParameterizedTest
    @ValueSource(strings = {"ETH", "BTC", "kPEPE", "1000BONK", "xyz:TSLA", " ETH "})
    void reads_hyperliquid_coins(String coin) throws Exception {
      assertThat(ConfigValues.parseHyperliquidCoin(coin)).isEqualTo(coin.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"ETH-USD", "ETH-USDT", "1INCH-USD", "SHIB-USD"})
    void reads_dydx_tickers(String ticker) throws Exception {
      assertThat(ConfigValues.parseDydxTicker(ticker)).isEqualTo(ticker);
    }

    @Test
    void reads_synthetix_market_ids_as_plain_decimals() throws Exception {
      assertThat(ConfigValues.parseSynthetixMarketId("100")).isEqualTo("100");
      assertThat(ConfigValues.parseSynthetixMarketId("00200")).isEqualTo("200");
      String max = java.math.BigInteger.TWO.pow(128).subtract(java.math.BigInteger.ONE).toString();
      assertThat(ConfigValues.parseSynthetixMarketId(max)).isEqualTo(max);
      assertThatThrownBy(() -> ConfigValues.parseSynthetixMarketId(""))
          .hasMessageStartingWith("empty value");
      assertThatThrownBy(() -> ConfigValues.parseSynthetixMarketId("1e2"))
          .hasMessageContaining("is not a Synthetix v3 market id");
    }

    @Test
    void reads_gmx_markets_as_lower_case_addresses() throws Exception {
      assertThat(ConfigValues.parseGmxMarket("0x70d95587d40A2caf56bd97485aB3Eec10Bee6336"))
          .isEqualTo("0x70d95587d40a2caf56bd97485ab3eec10bee6336");
      assertThatThrownBy(() -> ConfigValues.parseGmxMarket("ETH/USD"))
          .hasMessageContaining("market token's address");
    }

    @Test
    void an_empty_key_is_refused_for_every_venue() {
      assertThatThrownBy(() -> ConfigValues.parseHyperliquidCoin(" "))
          .hasMessageStartingWith("empty value");
      assertThatThrownBy(() -> ConfigValues.parseDydxTicker(""))
          .hasMessageStartingWith("empty value");
    }
  }

  @Nested
  class StorageUrls {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "jdbc:sqlite:hedgewatch.db",
          "jdbc:sqlite:C:/data/hw.db",
          "jdbc:postgresql://localhost/hw",
          "jdbc:postgresql://[::1]:5740/hw"
        })
    void accepts_sqlite_and_postgresql_urls(String url) throws Exception {
      assertThat(ConfigValues.parseStorageUrl(" " + url + " ")).isEqualTo(url);
    }

    @Test
    void refuses_an_empty_url_and_a_bare_prefix() {
      assertThatThrownBy(() -> ConfigValues.parseStorageUrl(""))
          .hasMessageStartingWith("empty value; expected jdbc:sqlite:FILE");
      assertThatThrownBy(() -> ConfigValues.parseStorageUrl("jdbc:postgresql:"))
          .hasMessageContaining("names no database");
    }
  }
}
