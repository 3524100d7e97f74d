package io.hedgewatch.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.crypto.Hash;

/**
 * The compiled devnet stand-ins expose the real position reads: the signatures, selectors and
 * return types of Synthetix v3's IPerpsAccountModule, ILiquidationModule and
 * IMarketConfigurationModule, and of GMX v2's deployed Reader (deployments/arbitrum/Reader.json)
 * and DataStore. Selectors are venues.md's where it lists them.
 */
class PositionContractArtifactsTest {

  private static final String POSITION_PROPS =
      "((address,address,address),"
          + "(uint256,uint256,uint256,int256,uint256,uint256,uint256,uint256,uint256,uint256),"
          + "(bool))";

  static Stream<Arguments> functions() {
    return Stream.of(
        // contract, canonical signature, selector (venues.md, or "" when it lists none), returns
        Arguments.of(
            "SynthetixPerpsMarket",
            "getOpenPosition(uint128,uint128)",
            "0x22a73967",
            "int256,int256,int128,uint256"),
        Arguments.of(
            "SynthetixPerpsMarket", "getOpenPositionSize(uint128,uint128)", "0x6fa1b1a0", "int128"),
        Arguments.of("SynthetixPerpsMarket", "getAvailableMargin(uint128)", "0x0a7dad2d", "int256"),
        Arguments.of(
            "SynthetixPerpsMarket",
            "getRequiredMargins(uint128)",
            "0x3c0f0753",
            "uint256,uint256,uint256"),
        Arguments.of("SynthetixPerpsMarket", "canLiquidate(uint128)", "0x9b922bba", "bool"),
        Arguments.of(
            "SynthetixPerpsMarket",
            "getCollateralAmount(uint128,uint128)",
            "0x5dbd5c9b",
            "uint256"),
        Arguments.of(
            "SynthetixPerpsMarket",
            "getLiquidationParameters(uint128)",
            "0xf94363a6",
            "uint256,uint256,uint256,uint256,uint256"),
        Arguments.of("SynthetixPerpsMarket", "getAccountOpenPositions(uint128)", "", "uint256[]"),
        Arguments.of(
            "GmxReader",
            "getAccountPositions(address,address,uint256,uint256)",
            "0x77cfb162",
            POSITION_PROPS + "[]"),
        Arguments.of("GmxReader", "getPosition(address,bytes32)", "", POSITION_PROPS),
        Arguments.of("GmxDataStore", "containsBytes32(bytes32,bytes32)", "", "bool"),
        Arguments.of("GmxDataStore", "getBytes32Count(bytes32)", "", "uint256"),
        Arguments.of(
            "GmxDataStore", "getBytes32ValuesAt(bytes32,uint256,uint256)", "", "bytes32[]"),
        Arguments.of("GmxDataStore", "getUint(bytes32)", "0xbd02d0f5", "uint256"));
  }

  @ParameterizedTest(name = "{0}.{1}")
  @MethodSource("functions")
  void function_has_the_real_signature_selector_and_return_types(
      String contract, String signature, String selector, String returns) {
    String name = signature.substring(0, signature.indexOf('('));
    JsonNode entry = ContractArtifacts.load(contract).function(name).orElseThrow();
    assertThat(entry.path("name").asText() + "(" + types(entry.path("inputs")) + ")")
        .isEqualTo(signature);
    if (!selector.isEmpty()) {
      assertThat(Hash.sha3String(signature).substring(0, 10)).isEqualTo(selector);
    }
    assertThat(types(entry.path("outputs"))).isEqualTo(returns);
    assertThat(entry.path("stateMutability").asText()).isIn("view", "pure");
  }

  private static String types(JsonNode params) {
    List<String> types = new ArrayList<>();
    for (JsonNode p : params) {
      String type = p.path("type").asText();
      types.add(
          type.startsWith("tuple")
              ? "(" + types(p.path("components")) + ")" + type.substring("tuple".length())
              : type);
    }
    return String.join(",", types);
  }
}
