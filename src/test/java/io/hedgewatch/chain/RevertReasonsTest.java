package io.hedgewatch.chain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RevertReasonsTest {

  @Test
  void decodes_error_string() {
    String data =
        "0x08c379a0"
            + "0000000000000000000000000000000000000000000000000000000000000020"
            + "000000000000000000000000000000000000000000000000000000000000000f"
            + "4e6f20646174612070726573656e740000000000000000000000000000000000";
    assertThat(RevertReasons.describe(data)).isEqualTo("Error(\"No data present\")");
  }

  @Test
  void names_pyth_custom_errors() {
    assertThat(RevertReasons.describe("0x19abf40e")).isEqualTo("StalePrice()");
    assertThat(RevertReasons.describe("0x14aebe68")).isEqualTo("PriceFeedNotFound()");
  }

  @Test
  void decodes_panic_codes() {
    assertThat(RevertReasons.describe("0x4e487b71" + "0".repeat(62) + "11"))
        .isEqualTo("Panic(0x11)");
  }

  @Test
  void describes_empty_short_and_unknown_revert_data() {
    assertThat(RevertReasons.describe("0x")).isEqualTo("revert without reason");
    assertThat(RevertReasons.describe("0xabcd")).isEqualTo("revert with malformed data 0xabcd");
    assertThat(RevertReasons.describe("0xdeadbeef")).isEqualTo("custom error 0xdeadbeef");
    assertThat(RevertReasons.describe("0x08c379a0ffff"))
        .isEqualTo("Error(string) with malformed data");
  }

  /**
   * Found by OracleDecodersFuzzTest: a Panic selector followed by 64 characters that are not hex
   * escaped as NumberFormatException.
   */
  @Test
  void describes_revert_data_that_is_not_hex_without_throwing() {
    assertThat(RevertReasons.describe("0x4e487b71" + "0".repeat(30) + "\u00da" + "0".repeat(33)))
        .isEqualTo("revert with data that is not hex");
    assertThat(RevertReasons.describe("0x4e487b71" + " ".repeat(64)))
        .isEqualTo("revert with data that is not hex");
    assertThat(RevertReasons.describe("0xzz")).isEqualTo("revert with data that is not hex");
  }
}
