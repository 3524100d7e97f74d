package io.hedgewatch.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.web3j.crypto.Hash;

/**
 * The compiled devnet contracts expose the real contracts' read ABI: same signatures, selectors and
 * return types.
 */
class ContractArtifactsTest {

  static Stream<Arguments> selectors() {
    return Stream.of(
        // contract, function, canonical signature, selector (venues.md), return types
        Arguments.of(
            "ChainlinkAggregatorProxy",
            "latestRoundData",
            "latestRoundData()",
            "0xfeaf968c",
            "uint80,int256,uint256,uint256,uint80"),
        Arguments.of(
            "ChainlinkAggregatorProxy",
            "getRoundData",
            "getRoundData(uint80)",
            "0x9a6fc8f5",
            "uint80,int256,uint256,uint256,uint80"),
        Arguments.of("ChainlinkAggregatorProxy", "decimals", "decimals()", "0x313ce567", "uint8"),
        Arguments.of(
            "ChainlinkAggregatorProxy", "description", "description()", "0x7284e416", "string"),
        Arguments.of("ChainlinkAggregatorProxy", "version", "version()", "0x54fd4d50", "uint256"),
        Arguments.of(
            "ChainlinkAggregatorProxy", "aggregator", "aggregator()", "0x245a7bfc", "address"),
        Arguments.of("ChainlinkAggregatorProxy", "phaseId", "phaseId()", "0x58303b10", "uint16"),
        Arguments.of(
            "ChainlinkAggregatorProxy",
            "phaseAggregators",
            "phaseAggregators(uint16)",
            "0xc1597304",
            "address"),
        Arguments.of(
            "ChainlinkAggregatorProxy",
            "proposedAggregator",
            "proposedAggregator()",
            "0xe8c4be30",
            "address"),
        Arguments.of(
            "ChainlinkAggregatorProxy",
            "proposedLatestRoundData",
            "proposedLatestRoundData()",
            "0x8f6b4d91",
            "uint80,int256,uint256,uint256,uint80"),
        Arguments.of(
            "ChainlinkAggregatorProxy",
            "accessController",
            "accessController()",
            "0xbc43cbaf",
            "address"),
        Arguments.of("ChainlinkAggregatorProxy", "owner", "owner()", "0x8da5cb5b", "address"),
        Arguments.of(
            "ChainlinkAggregator",
            "latestRoundData",
            "latestRoundData()",
            "0xfeaf968c",
            "uint80,int256,uint256,uint256,uint80"),
        Arguments.of("ChainlinkAggregator", "minAnswer", "minAnswer()", "0x22adbc78", "int192"),
        Arguments.of("ChainlinkAggregator", "maxAnswer", "maxAnswer()", "0x70da2f67", "int192"),
        Arguments.of(
            "ChainlinkAggregator", "typeAndVersion", "typeAndVersion()", "0x181f5a77", "string"),
        Arguments.of(
            "SequencerUptimeFeed",
            "latestRoundData",
            "latestRoundData()",
            "0xfeaf968c",
            "uint80,int256,uint256,uint256,uint80"),
        Arguments.of(
            "MockPyth",
            "getPriceUnsafe",
            "getPriceUnsafe(bytes32)",
            "0x96834ad3",
            "(int64,uint64,int32,uint256)"),
        Arguments.of(
            "MockPyth",
            "getPriceNoOlderThan",
            "getPriceNoOlderThan(bytes32,uint256)",
            "0xa4ae35e0",
            "(int64,uint64,int32,uint256)"),
        Arguments.of(
            "MockPyth",
            "getEmaPriceUnsafe",
            "getEmaPriceUnsafe(bytes32)",
            "0x9474f45b",
            "(int64,uint64,int32,uint256)"),
        Arguments.of(
            "MockPyth",
            "getEmaPriceNoOlderThan",
            "getEmaPriceNoOlderThan(bytes32,uint256)",
            "0x711a2e28",
            "(int64,uint64,int32,uint256)"),
        Arguments.of("MockPyth", "getUpdateFee", "getUpdateFee(bytes[])", "0xd47eed45", "uint256"),
        Arguments.of(
            "MockPyth",
            "queryPriceFeed",
            "queryPriceFeed(bytes32)",
            "0xcaaf43f1",
            "(bytes32,(int64,uint64,int32,uint256),(int64,uint64,int32,uint256))"),
        Arguments.of(
            "Multicall3",
            "aggregate3",
            "aggregate3((address,bool,bytes)[])",
            "0x82ad56cb",
            "(bool,bytes)[]"),
        Arguments.of(
            "Multicall3",
            "aggregate3Value",
            "aggregate3Value((address,bool,uint256,bytes)[])",
            "0x174dea71",
            "(bool,bytes)[]"),
        Arguments.of(
            "Multicall3",
            "tryAggregate",
            "tryAggregate(bool,(address,bytes)[])",
            "0xbce38bd7",
            "(bool,bytes)[]"),
        Arguments.of(
            "Multicall3",
            "tryBlockAndAggregate",
            "tryBlockAndAggregate(bool,(address,bytes)[])",
            "0x399542e9",
            "uint256,bytes32,(bool,bytes)[]"),
        Arguments.of(
            "Multicall3",
            "getCurrentBlockTimestamp",
            "getCurrentBlockTimestamp()",
            "0x0f28c97d",
            "uint256"),
        Arguments.of("Multicall3", "getBlockNumber", "getBlockNumber()", "0x42cbb15c", "uint256"),
        Arguments.of(
            "Multicall3", "getEthBalance", "getEthBalance(address)", "0x4d2301cc", "uint256"),
        Arguments.of("Multicall3", "getChainId", "getChainId()", "0x3408e470", "uint256"),
        Arguments.of("PausableTarget", "paused", "paused()", "0x5c975abb", "bool"),
        Arguments.of("PausableTarget", "owner", "owner()", "0x8da5cb5b", "address"));
  }

  @ParameterizedTest(name = "{0}.{2} = {3}")
  @MethodSource("selectors")
  void function_has_the_real_signature_selector_and_return_types(
      String contract, String function, String signature, String selector, String returns) {
    JsonNode entry = ContractArtifacts.load(contract).function(function).orElseThrow();
    assertThat(signature(entry)).isEqualTo(signature);
    assertThat(Hash.sha3String(signature).substring(0, 10)).isEqualTo(selector);
    assertThat(types(entry.path("outputs"))).isEqualTo(returns);
  }

  static Stream<Arguments> errorsAndEvents() {
    return Stream.of(
        Arguments.of("MockPyth", "error", "StalePrice()", "0x19abf40e"),
        Arguments.of("MockPyth", "error", "PriceFeedNotFound()", "0x14aebe68"),
        Arguments.of(
            "MockPyth",
            "event",
            "PriceFeedUpdate(bytes32,uint64,int64,uint64)",
            "0xd06a6b7f4918494b3719217d1802786c1f5112a6c1d88fe2cfec00b4584f6aec"),
        Arguments.of(
            "ChainlinkAggregator",
            "event",
            "AnswerUpdated(int256,uint256,uint256)",
            "0x0559884fd3a460db3073b7fc896cc77986f16e378210ded43186175bf646fc5f"),
        Arguments.of(
            "ChainlinkAggregator",
            "event",
            "NewRound(uint256,address,uint256)",
            "0x0109fc6f55cf40689f02fbaad7af7fe7bbac8a3d2186600afc7d3e10cac60271"),
        Arguments.of(
            "ChainlinkAggregatorProxy",
            "event",
            "AggregatorProposed(address,address)",
            "0xc0f151710f03d713b71d9970cee0d5b11ddc9a7552abaa3f6ee818010f21600d"),
        Arguments.of(
            "ChainlinkAggregatorProxy",
            "event",
            "AggregatorConfirmed(address,address)",
            "0x33745f67a407dcb785417f9c123dd3641479a102674b6e35c1f10975625b90e9"),
        Arguments.of(
            "UpgradeableProxy",
            "event",
            "Upgraded(address)",
            "0xbc7cd75a20ee27fd9adebab32041f755214dbc6bffa90cc0225b39da2e5c2d3b"),
        Arguments.of(
            "UpgradeableProxy",
            "event",
            "AdminChanged(address,address)",
            "0x7e644d79422f17c01e4894b5f4f588d331ebfa28653d42ae832dc59e38c9798f"),
        Arguments.of(
            "PausableTarget",
            "event",
            "Paused(address)",
            "0x62e78cea01bee320cd4e420270b5ea74000d11b0c9f74754ebdbfc544b05a258"),
        Arguments.of(
            "PausableTarget",
            "event",
            "Unpaused(address)",
            "0x5db9ee0a495bf2e6ff9c91a7834c1ba4fdd244a5e8aa4e537bd38aeae4b073aa"),
        Arguments.of(
            "PausableTarget",
            "event",
            "OwnershipTransferred(address,address)",
            "0x8be0079c531659141344cd1fd0a4f28419497f9722a3daafe3b4186f6b6457e0"));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @MethodSource("errorsAndEvents")
  void errors_and_events_match_the_real_ones(
      String contract, String kind, String signature, String topicOrSelector) {
    List<String> declared = new ArrayList<>();
    for (JsonNode entry : ContractArtifacts.load(contract).abi()) {
      if (kind.equals(entry.path("type").asText())) {
        declared.add(signature(entry));
      }
    }
    assertThat(declared).contains(signature);
    String hash = Hash.sha3String(signature);
    assertThat(kind.equals("error") ? hash.substring(0, 10) : hash).isEqualTo(topicOrSelector);
  }

  @Test
  void event_indexing_matches_the_real_events() {
    JsonNode upgraded = event("UpgradeableProxy", "Upgraded");
    assertThat(upgraded.path("inputs").get(0).path("indexed").asBoolean()).isTrue();
    JsonNode adminChanged = event("UpgradeableProxy", "AdminChanged");
    assertThat(adminChanged.path("inputs")).allMatch(i -> !i.path("indexed").asBoolean());
    JsonNode paused = event("PausableTarget", "Paused");
    assertThat(paused.path("inputs").get(0).path("indexed").asBoolean()).isFalse();
    JsonNode update = event("MockPyth", "PriceFeedUpdate");
    assertThat(update.path("inputs").get(0).path("indexed").asBoolean()).isTrue();
    assertThat(update.path("inputs").get(1).path("indexed").asBoolean()).isFalse();
  }

  @Test
  void artifacts_carry_creation_and_runtime_code() {
    ContractArtifacts.Artifact multicall = ContractArtifacts.load("Multicall3");
    assertThat(multicall.contractName()).isEqualTo("Multicall3");
    assertThat(multicall.bytecode()).startsWith("0x").hasSizeGreaterThan(100);
    assertThat(multicall.deployedBytecode()).startsWith("0x").hasSizeGreaterThan(100);
  }

  @Test
  void a_missing_artifact_says_how_to_build_it() {
    assertThatThrownBy(() -> ContractArtifacts.load("NoSuchContract"))
        .isInstanceOf(DevnetException.class)
        .hasMessageContaining("contracts/NoSuchContract.json")
        .hasMessageContaining(
            "contract artifacts are compiled by solcjs during generate-resources");
  }

  private static JsonNode event(String contract, String name) {
    for (JsonNode entry : ContractArtifacts.load(contract).abi()) {
      if ("event".equals(entry.path("type").asText()) && name.equals(entry.path("name").asText())) {
        return entry;
      }
    }
    throw new AssertionError(contract + " has no event " + name);
  }

  private static String signature(JsonNode entry) {
    return entry.path("name").asText() + "(" + types(entry.path("inputs")) + ")";
  }

  private static String types(JsonNode params) {
    List<String> types = new ArrayList<>();
    for (JsonNode p : params) {
      types.add(type(p));
    }
    return String.join(",", types);
  }

  private static String type(JsonNode param) {
    String type = param.path("type").asText();
    if (type.startsWith("tuple")) {
      return "(" + types(param.path("components")) + ")" + type.substring("tuple".length());
    }
    return type;
  }
}
