package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The value types of the {@code positions} section, in {@link ConfigValues}. */
class PositionValuesTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "10, 10",
    "2.50, 2.5",
    "-3, -3",
    "+4, 4",
    ".5, 0.5",
    "1e3, 1000",
    "2.5E-2, 0.025",
    "' 7 ', 7",
    "3000.123456789012345678901, 3000.123456789012345678901"
  })
  void reads_exact_decimals(String text, String expected) throws Exception {
    BigDecimal value = ConfigValues.parseDecimal(text);
    assertThat(value).isEqualTo(new BigDecimal(expected));
    assertThat(value.toPlainString()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ten", "1,000", "1_000", "10 ETH", "0x10", "1.", "--1", "1e99999", "NaN"})
  void refuses_what_is_not_a_decimal(String text) {
    assertThatThrownBy(() -> ConfigValues.parseDecimal(text))
        .isInstanceOf(InvalidValueException.class)
        .hasMessage("'" + text + "' is not a number; expected a decimal such as 10 or 2.5");
  }

  @Test
  void an_empty_decimal_says_what_is_expected() {
    assertThatThrownBy(() -> ConfigValues.parseDecimal(" "))
        .hasMessage("empty value; expected a number such as 10 or 2.5");
  }

  @Test
  void reads_asset_symbols_and_suggests_upper_case() throws Exception {
    assertThat(ConfigValues.parseAsset(" ETH ")).isEqualTo("ETH");
    assertThat(ConfigValues.parseAsset("1000PEPE")).isEqualTo("1000PEPE");
    assertThatThrownBy(() -> ConfigValues.parseAsset("Eth"))
        .hasMessage(
            "'Eth' is not an asset symbol: expected upper-case letters and digits as in a"
                + " reference pair's base, such as ETH; did you mean 'ETH'?");
    assertThatThrownBy(() -> ConfigValues.parseAsset("ETH/USD"))
        .hasMessage(
            "'ETH/USD' is not an asset symbol: expected upper-case letters and digits as in a"
                + " reference pair's base, such as ETH");
    assertThatThrownBy(() -> ConfigValues.parseAsset("ABCDEFGHIJKLMNOP"))
        .hasMessageStartingWith("'ABCDEFGHIJKLMNOP' is not an asset symbol");
  }

  @Test
  void a_dydx_account_may_be_a_32_byte_address() throws Exception {
    // a CosmWasm contract address on a dYdX chain (ElixirProtocol/dydx-contracts examples)
    String contract = "dydx14hj2tavq8fpesdwxxcu44rty3hh90vhujrvcmstl4zr3txmfvw9s2de90j";
    assertThat(ConfigValues.parseDydxAccount(contract + "/2"))
        .isEqualTo(new PositionAccount.DydxSubaccount(contract, 2));
  }

  @Test
  void a_dydx_account_of_another_length_or_prefix_is_refused() {
    assertThatThrownBy(
            () -> ConfigValues.parseDydxAccount("dydx1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyey74pr"))
        .hasMessage(
            "'dydx1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyey74pr' is not a dYdX address: it holds 21"
                + " bytes, where an account has 20 (dydx1 and 38 characters) or 32");
    // alice's account under the Cosmos Hub's prefix: valid bech32, not a dYdX address
    assertThatThrownBy(
            () -> ConfigValues.parseDydxAccount("cosmos199tqg4wdlnu4qjlxchpd7seg454937hj20akuz"))
        .hasMessage(
            "'cosmos199tqg4wdlnu4qjlxchpd7seg454937hj20akuz' is not a dYdX address: expected the"
                + " owner's address, dydx1 and 38 characters, optionally with /N for subaccount N"
                + " (0 to 128000, default 0)");
    assertThatThrownBy(() -> ConfigValues.parseDydxAccount(""))
        .hasMessageStartingWith("empty value; expected the owner's address, dydx1");
  }

  @Test
  void a_synthetix_account_id_is_a_uint128() throws Exception {
    BigInteger max = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
    assertThat(ConfigValues.parseSynthetixAccountId(max.toString())).isEqualTo(max);
    assertThat(ConfigValues.parseSynthetixAccountId("1")).isEqualTo(BigInteger.ONE);
    assertThatThrownBy(() -> ConfigValues.parseSynthetixAccountId(""))
        .hasMessage(
            "empty value: expected the perps account's numeric id (a uint128, the id of its"
                + " AccountProxy NFT)");
    assertThatThrownBy(() -> ConfigValues.parseSynthetixAccountId("-1"))
        .hasMessageStartingWith("'-1' is not a Synthetix v3 account id");
  }
}
