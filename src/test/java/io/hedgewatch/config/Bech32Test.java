package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Bech32 decoding against the test vectors of BIP-173 ("Test vectors", bech32 section). */
class Bech32Test {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "A12UEL5L",
        "a12uel5l",
        "an83characterlonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1tt5tgs",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw",
        "11qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqc8247j",
        "split1checkupstagehandshakeupstreamerranterredcaperred2y9e3w",
        "?1ezyfcl"
      })
  void accepts_the_valid_checksums_of_bip_173(String text) throws Exception {
    Bech32.Decoded decoded = Bech32.decode(text);
    assertThat(decoded.hrp()).isEqualTo(text.substring(0, text.lastIndexOf('1')).toLowerCase());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "pzry9x0s0muk | it has no human-readable part before the separator 1",
        "1pzry9x0s0muk | it has no human-readable part before the separator 1",
        "x1b4n0q5v | 'b' is not a bech32 character",
        "li1dgmt3 | it is too short to hold a checksum",
        "A1G7SGD8 | it fails its bech32 checksum",
        "10a06t8 | it has no human-readable part before the separator 1",
        "1qzzfhee | it has no human-readable part before the separator 1",
        "an84characterslonghumanreadablepartthatcontainsthenumber1andtheexcludedcharactersbio1569pvx"
            + " | it is longer than bech32's 90 characters",
        "aBcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw | it mixes upper- and lower-case letters",
        "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxq | it fails its bech32 checksum",
      })
  void refuses_the_invalid_strings_of_bip_173_and_altered_valid_ones(String text, String reason) {
    assertThatThrownBy(() -> Bech32.decode(text))
        .isInstanceOf(Bech32.Invalid.class)
        .hasMessageContaining(reason);
  }

  @Test
  void refuses_a_prefix_character_outside_the_printable_range() {
    assertThatThrownBy(() -> Bech32.decode("\u00201nwldj5"))
        .hasMessage("its prefix holds a character bech32 does not allow");
    assertThatThrownBy(() -> Bech32.decode("\u007f1axkwrx"))
        .hasMessage("its prefix holds a character bech32 does not allow");
  }

  @Test
  void regroups_an_address_into_twenty_bytes() throws Exception {
    // dYdX's local-testnet account alice (dydxprotocol/v4-chain testing scripts)
    Bech32.Decoded alice = Bech32.decode("dydx199tqg4wdlnu4qjlxchpd7seg454937hjrknju4");
    assertThat(alice.hrp()).isEqualTo("dydx");
    assertThat(alice.words()).hasSize(32);
    assertThat(alice.bytes()).get().satisfies(b -> assertThat(b).hasSize(20));
    // BIP-173's "abcdef" vector holds the 32 words 0..31 in order: 160 bits, 20 bytes
    byte[] bytes = Bech32.decode("abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw").bytes().get();
    assertThat(bytes[0]).isEqualTo((byte) 0x00);
    assertThat(bytes[1]).isEqualTo((byte) 0x44);
    assertThat(bytes[19]).isEqualTo((byte) 0xdf);
  }

  @Test
  void regroups_only_with_zero_padding() throws Exception {
    // two words are 10 bits: one byte and 2 bits of padding, which must be zero (BIP-173)
    assertThat(Bech32.decode("a1lqp8xm7s").bytes()).get().isEqualTo(new byte[] {(byte) 0xf8});
    assertThat(Bech32.decode("a1llttal5m").bytes()).isEmpty();
    assertThat(Bech32.decode("a12uel5l").bytes()).get().isEqualTo(new byte[0]);
  }
}
