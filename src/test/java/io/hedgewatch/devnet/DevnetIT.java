package io.hedgewatch.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int192;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Int32;
import org.web3j.abi.datatypes.generated.Int64;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.abi.datatypes.generated.Uint80;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.utils.Numeric;

/** The devnet read back with plain web3j eth_calls, as a monitor would read a real chain. */
@SuppressWarnings("rawtypes") // web3j's FunctionReturnDecoder returns a raw List<Type>
class DevnetIT {

  private static final String IMPLEMENTATION_SLOT =
      "0x360894a13ba1a3210667c828492db98dca3e2076cc3735a920a3ca505d382bbc";
  private static final String ADMIN_SLOT =
      "0xb53127684a568b3173ae13b9f8a6016e243e63b6e8ee1178d6a717850b5d6103";
  private static final BigInteger PHASE_1 = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger PHASE_2 = BigInteger.TWO.shiftLeft(64);

  private static Devnet devnet;
  private static DevnetContracts c;
  private static Web3j web3j;
  private static long deployedAt;
  private String snapshot;

  @BeforeAll
  static void startDevnet() {
    devnet = Devnet.start();
    c = devnet.contracts();
    web3j = devnet.web3j();
    deployedAt = devnet.anvil().latestBlockTimestamp();
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  // every test starts from the freshly deployed state
  @BeforeEach
  void takeSnapshot() {
    snapshot = devnet.anvil().snapshot();
  }

  @AfterEach
  void restoreSnapshot() {
    devnet.anvil().revert(snapshot);
  }

  @Test
  void eth_usd_proxy_reads_like_a_chainlink_feed() throws IOException {
    List<Type> round = call(c.ethUsdProxy(), latestRoundData());
    BigInteger roundId = uint(round.get(0));
    assertThat(roundId).isEqualTo(PHASE_1.add(BigInteger.ONE));
    assertThat(uint(round.get(1)))
        .isEqualTo(Devnet.ETH_USD_ANSWER)
        .isEqualTo(new BigInteger("300000000000"));
    assertThat(uint(round.get(2))).isEqualTo(uint(round.get(3)));
    assertThat(uint(round.get(3)).longValueExact()).isBetween(deployedAt - 60, deployedAt);
    assertThat(uint(round.get(4))).isEqualTo(roundId);

    assertThat(
            call(c.ethUsdProxy(), fn("decimals", new TypeReference<Uint8>() {})).get(0).getValue())
        .isEqualTo(BigInteger.valueOf(8));
    assertThat(
            call(c.ethUsdProxy(), fn("description", new TypeReference<Utf8String>() {}))
                .get(0)
                .getValue())
        .isEqualTo("ETH / USD");
    assertThat(
            address(
                call(c.ethUsdProxy(), fn("aggregator", new TypeReference<Address>() {})).get(0)))
        .isEqualTo(c.ethUsdAggregator());
    assertThat(
            call(c.ethUsdProxy(), fn("phaseId", new TypeReference<Uint16>() {})).get(0).getValue())
        .isEqualTo(BigInteger.ONE);
    assertThat(
            address(
                call(c.ethUsdProxy(), fn("proposedAggregator", new TypeReference<Address>() {}))
                    .get(0)))
        .isEqualTo("0x0000000000000000000000000000000000000000");
    assertThat(
            call(c.ethUsdAggregator(), fn("minAnswer", new TypeReference<Int192>() {}))
                .get(0)
                .getValue())
        .isEqualTo(Devnet.ETH_USD_MIN_ANSWER);
    assertThat(
            call(c.ethUsdAggregator(), fn("maxAnswer", new TypeReference<Int192>() {}))
                .get(0)
                .getValue())
        .isEqualTo(Devnet.ETH_USD_MAX_ANSWER);
  }

  @Test
  void btc_and_usdc_feeds_have_their_own_answers() throws IOException {
    assertThat(uint(call(c.btcUsdProxy(), latestRoundData()).get(1)))
        .isEqualTo(new BigInteger("6000000000000"));
    assertThat(uint(call(c.usdcUsdProxy(), latestRoundData()).get(1)))
        .isEqualTo(new BigInteger("100000000"));
    assertThat(
            call(c.btcUsdProxy(), fn("description", new TypeReference<Utf8String>() {}))
                .get(0)
                .getValue())
        .isEqualTo("BTC / USD");
  }

  @Test
  void pyth_returns_the_eth_usd_price_struct() throws IOException {
    List<Type> price = call(c.pyth(), pythPrice("getPriceUnsafe", 0));
    assertThat(price.get(0).getValue()).isEqualTo(BigInteger.valueOf(300_000_000_000L));
    assertThat(price.get(1).getValue()).isEqualTo(BigInteger.valueOf(150_000_000L));
    assertThat(price.get(2).getValue()).isEqualTo(BigInteger.valueOf(-8));
    assertThat(uint(price.get(3)).longValueExact()).isBetween(deployedAt - 60, deployedAt);

    List<Type> ema = call(c.pyth(), pythPrice("getEmaPriceUnsafe", 0));
    assertThat(ema.get(0).getValue()).isEqualTo(BigInteger.valueOf(299_800_000_000L));
    assertThat(c.pythEthUsdId()).isEqualTo(Devnet.PYTH_ETH_USD_ID);
  }

  @Test
  void pyth_no_older_than_reverts_with_stale_price_once_time_moves() throws IOException {
    assertThat(
            ethCall(c.pyth(), FunctionEncoder.encode(pythPrice("getPriceNoOlderThan", 60)))
                .hasError())
        .isFalse();

    devnet.anvil().increaseTime(120);
    devnet.anvil().mine();

    EthCall stale = ethCall(c.pyth(), FunctionEncoder.encode(pythPrice("getPriceNoOlderThan", 60)));
    assertThat(stale.hasError()).isTrue();
    assertThat(stale.getError().getData()).contains("0x19abf40e");
  }

  @Test
  void pyth_unknown_id_reverts_with_price_feed_not_found() throws IOException {
    Function f = new Function("getPriceUnsafe", List.of(new Bytes32(new byte[32])), List.of());
    EthCall missing = ethCall(c.pyth(), FunctionEncoder.encode(f));
    assertThat(missing.hasError()).isTrue();
    assertThat(missing.getError().getData()).contains("0x14aebe68");
  }

  @Test
  void upgradeable_proxy_keeps_implementation_and_admin_in_the_eip1967_slots() throws IOException {
    assertThat(slotAddress(c.upgradeableProxy(), IMPLEMENTATION_SLOT))
        .isEqualTo(c.proxyImplementation());
    assertThat(slotAddress(c.upgradeableProxy(), ADMIN_SLOT)).isEqualTo(c.proxyAdmin());
    assertThat(
            address(
                call(c.upgradeableProxy(), fn("owner", new TypeReference<Address>() {})).get(0)))
        .isEqualTo(c.deployer());
    assertThat(
            call(c.upgradeableProxy(), fn("paused", new TypeReference<Bool>() {}))
                .get(0)
                .getValue())
        .isEqualTo(false);
  }

  @Test
  void multicall3_code_is_at_the_canonical_address_and_aggregates() throws IOException {
    assertThat(c.multicall3()).isEqualTo("0xca11bde05977b3631167028862be2a173976ca11");
    String code = devnet.anvil().getCode(c.multicall3());
    assertThat(code).isNotEqualTo("0x").isEqualTo(devnet.anvil().getCode(c.multicall3Deployment()));
    BigInteger timestamp =
        uint(
            call(c.multicall3(), fn("getCurrentBlockTimestamp", new TypeReference<Uint256>() {}))
                .get(0));
    assertThat(timestamp.longValueExact()).isEqualTo(devnet.anvil().latestBlockTimestamp());
  }

  @Test
  void sequencer_is_up_since_a_day_before_deployment() throws IOException {
    List<Type> round = call(c.sequencerFeed(), latestRoundData());
    assertThat(uint(round.get(1))).isZero();
    assertThat(uint(round.get(2)).longValueExact())
        .isBetween(deployedAt - 86_400 - 60, deployedAt - 86_400);
    assertThat(
            call(c.sequencerFeed(), fn("decimals", new TypeReference<Uint8>() {}))
                .get(0)
                .getValue())
        .isEqualTo(BigInteger.ZERO);
  }

  @Test
  void sequencer_outage_opens_a_new_round_and_a_repeated_status_only_refreshes_updated_at()
      throws IOException {
    long downAt = deployedAt + 5;
    devnet.ops().setSequencer(true, downAt);
    List<Type> down = call(c.sequencerFeed(), latestRoundData());
    assertThat(uint(down.get(0))).isEqualTo(BigInteger.TWO);
    assertThat(uint(down.get(1))).isEqualTo(BigInteger.ONE);
    assertThat(uint(down.get(2)).longValueExact()).isEqualTo(downAt);

    devnet.anvil().increaseTime(30);
    devnet.ops().setSequencer(true, downAt + 30);
    List<Type> still = call(c.sequencerFeed(), latestRoundData());
    assertThat(uint(still.get(0))).isEqualTo(BigInteger.TWO);
    assertThat(uint(still.get(2)).longValueExact()).isEqualTo(downAt);
    assertThat(uint(still.get(3))).isGreaterThan(uint(down.get(3)));
  }

  @Test
  void post_round_through_the_proxy_accepts_a_bound_and_rejects_beyond_it() throws IOException {
    long t = deployedAt + 10;
    devnet.ops().postRound(c.ethUsdProxy(), Devnet.ETH_USD_MAX_ANSWER, t);
    List<Type> round = call(c.ethUsdProxy(), latestRoundData());
    assertThat(uint(round.get(0))).isEqualTo(PHASE_1.add(BigInteger.TWO));
    assertThat(uint(round.get(1))).isEqualTo(Devnet.ETH_USD_MAX_ANSWER);
    assertThat(uint(round.get(3)).longValueExact()).isEqualTo(t);

    assertThatThrownBy(
            () ->
                devnet
                    .ops()
                    .postRound(
                        c.ethUsdProxy(), Devnet.ETH_USD_MAX_ANSWER.add(BigInteger.ONE), t + 1))
        .isInstanceOf(DevnetException.class)
        .hasMessageContaining("median is out of min-max range");
  }

  @Test
  void raw_rounds_can_be_incomplete_or_answered_in_an_older_round() throws IOException {
    devnet.ops().postRawRound(c.ethUsdProxy(), BigInteger.ZERO, deployedAt, 0, BigInteger.ONE);
    List<Type> round = call(c.ethUsdProxy(), latestRoundData());
    assertThat(uint(round.get(0))).isEqualTo(PHASE_1.add(BigInteger.TWO));
    assertThat(uint(round.get(1))).isZero();
    assertThat(uint(round.get(3))).isZero();
    assertThat(uint(round.get(4))).isEqualTo(PHASE_1.add(BigInteger.ONE));
  }

  @Test
  void confirming_a_new_aggregator_moves_the_proxy_to_the_next_phase() throws IOException {
    String next =
        devnet
            .ops()
            .deployAggregator(8, "ETH / USD", Devnet.ETH_USD_MIN_ANSWER, Devnet.ETH_USD_MAX_ANSWER);
    devnet.ops().proposeAggregator(c.ethUsdProxy(), next);
    assertThat(
            address(
                call(c.ethUsdProxy(), fn("proposedAggregator", new TypeReference<Address>() {}))
                    .get(0)))
        .isEqualTo(next);
    devnet.ops().confirmAggregator(c.ethUsdProxy(), next);
    devnet.ops().postRound(c.ethUsdProxy(), new BigInteger("310000000000"), deployedAt + 20);

    assertThat(
            call(c.ethUsdProxy(), fn("phaseId", new TypeReference<Uint16>() {})).get(0).getValue())
        .isEqualTo(BigInteger.TWO);
    assertThat(
            address(
                call(c.ethUsdProxy(), fn("aggregator", new TypeReference<Address>() {})).get(0)))
        .isEqualTo(next);
    assertThat(devnet.ops().phaseAggregator(c.ethUsdProxy(), 1)).isEqualTo(c.ethUsdAggregator());
    List<Type> round = call(c.ethUsdProxy(), latestRoundData());
    assertThat(uint(round.get(0))).isEqualTo(PHASE_2.add(BigInteger.ONE));
    assertThat(uint(round.get(1))).isEqualTo(new BigInteger("310000000000"));
    // the previous phase's rounds stay readable through the proxy
    Function phase1Round1 =
        new Function(
            "getRoundData", List.of(new Uint80(PHASE_1.add(BigInteger.ONE))), roundOutputs());
    assertThat(uint(call(c.ethUsdProxy(), phase1Round1).get(1))).isEqualTo(Devnet.ETH_USD_ANSWER);
  }

  @Test
  void aggregators_deployed_in_a_batch_are_distinct_feeds_owned_by_the_deployer_with_their_rounds()
      throws IOException {
    int count = 45; // three factory transactions: 20, 20 and 5
    List<BigInteger> answers = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      answers.add(BigInteger.valueOf(100_000_000L + i));
    }
    List<String> aggregators =
        devnet
            .ops()
            .deployAggregators(
                count, 8, "X", BigInteger.ONE, BigInteger.TEN.pow(20), answers, deployedAt);

    assertThat(aggregators).hasSize(count).doesNotHaveDuplicates();
    String deployer = c.deployer();
    for (int i : new int[] {0, 19, 20, 44}) {
      String a = aggregators.get(i);
      // the aggregator's own code (equal but for its immutables: decimals and bounds)
      assertThat(web3j.ethGetCode(a, DefaultBlockParameterName.LATEST).send().getCode())
          .hasSameSizeAs(ContractArtifacts.load("ChainlinkAggregator").deployedBytecode());
      assertThat(call(a, fn("description", new TypeReference<Utf8String>() {})).get(0).getValue())
          .isEqualTo("X" + i);
      assertThat(call(a, fn("decimals", new TypeReference<Uint8>() {})).get(0).getValue())
          .isEqualTo(BigInteger.valueOf(8));
      assertThat(address(call(a, fn("owner", new TypeReference<Address>() {})).get(0)))
          .isEqualTo(deployer);
      List<Type> round = call(a, latestRoundData());
      assertThat(uint(round.get(0))).isEqualTo(BigInteger.ONE);
      assertThat(uint(round.get(1))).isEqualTo(answers.get(i));
      assertThat(uint(round.get(3)).longValueExact()).isEqualTo(deployedAt);
    }
    // the deployer writes the next round itself, as on an aggregator it deployed alone
    devnet.ops().postRound(aggregators.get(44), BigInteger.TWO, deployedAt + 1);
    assertThat(uint(call(aggregators.get(44), latestRoundData()).get(1))).isEqualTo(BigInteger.TWO);
    assertThatThrownBy(
            () ->
                devnet
                    .ops()
                    .deployAggregators(
                        1,
                        8,
                        "Y",
                        BigInteger.ONE,
                        BigInteger.TEN,
                        List.of(BigInteger.TEN.pow(3)),
                        0))
        .hasMessageContaining("median is out of min-max range");
    assertThat(devnet.ops().deployAggregators(2, 8, "Z", BigInteger.ONE, BigInteger.TEN))
        .allSatisfy(
            a -> assertThat(uint(call(a, latestRoundData()).get(0))).isEqualTo(BigInteger.ZERO));
  }

  @Test
  void upgrading_and_pausing_the_proxy_target_show_in_slot_and_reads() throws IOException {
    String v2 = devnet.ops().deployImplementation(2);
    devnet.ops().upgradeProxy(v2);
    assertThat(slotAddress(c.upgradeableProxy(), IMPLEMENTATION_SLOT)).isEqualTo(v2);
    assertThat(
            call(c.upgradeableProxy(), fn("revision", new TypeReference<Uint256>() {}))
                .get(0)
                .getValue())
        .isEqualTo(BigInteger.TWO);

    devnet.ops().pauseTarget();
    assertThat(
            call(c.upgradeableProxy(), fn("paused", new TypeReference<Bool>() {}))
                .get(0)
                .getValue())
        .isEqualTo(true);
  }

  @Test
  void new_pyth_prices_are_read_back() throws IOException {
    long t = devnet.anvil().latestBlockTimestamp();
    devnet.ops().setPythPrice(Devnet.PYTH_ETH_USD_ID, 290_000_000_000L, 900_000_000L, -8, t);
    List<Type> price = call(c.pyth(), pythPrice("getPriceNoOlderThan", 60));
    assertThat(price.get(0).getValue()).isEqualTo(BigInteger.valueOf(290_000_000_000L));
    assertThat(price.get(1).getValue()).isEqualTo(BigInteger.valueOf(900_000_000L));
    assertThat(uint(price.get(3)).longValueExact()).isEqualTo(t);
  }

  @Test
  void written_config_names_the_devnet_chain_and_its_feeds(@TempDir Path dir) throws IOException {
    Path file = devnet.writeConfig(dir.resolve("hedgewatch.yaml"));
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());

    JsonNode chain = root.path("chains").path("devnet");
    assertThat(chain.path("chainId").asLong()).isEqualTo(31337L);
    assertThat(chain.path("rpcUrls").get(0).asText()).isEqualTo(devnet.rpcUrl());
    assertThat(chain.path("multicall3").asText())
        .isEqualTo("0xcA11bde05977b3631167028862bE2a173976CA11");
    assertThat(chain.path("sequencerUptimeFeed").asText()).isEqualToIgnoringCase(c.sequencerFeed());
    // anvil mines only for transactions: an idle devnet's old head is no stall
    assertThat(chain.path("maxHeadAge").asText()).isEqualTo("off");
    // A written config keeps its store next to itself; the devnet's own (configYaml) is elsewhere.
    assertThat(root.path("storage").path("url").asText())
        .isEqualTo("jdbc:sqlite:" + dir.resolve("hedgewatch.db").toAbsolutePath())
        .isNotEqualTo(devnet.storageUrl());

    JsonNode eth = root.path("feeds").path("eth-usd");
    assertThat(eth.path("chain").asText()).isEqualTo("devnet");
    assertThat(eth.path("type").asText()).isEqualTo("chainlink");
    assertThat(eth.path("address").asText()).isEqualToIgnoringCase(c.ethUsdProxy());
    assertThat(eth.path("heartbeat").asText()).isEqualTo("1h");
    assertThat(eth.path("deviationThreshold").asText()).isEqualTo("0.5%");
    assertThat(eth.path("marketHours").asText()).isEqualTo("crypto");
    assertThat(root.path("feeds").path("btc-usd").path("address").asText())
        .isEqualToIgnoringCase(c.btcUsdProxy());
    assertThat(root.path("feeds").path("usdc-usd").path("address").asText())
        .isEqualToIgnoringCase(c.usdcUsdProxy());

    JsonNode pyth = root.path("feeds").path("eth-usd-pyth");
    assertThat(pyth.path("type").asText()).isEqualTo("pyth");
    assertThat(pyth.path("address").asText()).isEqualToIgnoringCase(c.pyth());
    assertThat(pyth.path("priceId").asText()).isEqualTo(Devnet.PYTH_ETH_USD_ID);
    assertThat(pyth.path("heartbeat").asText()).isEqualTo("60s");
  }

  private static Function latestRoundData() {
    return new Function("latestRoundData", List.of(), roundOutputs());
  }

  private static List<TypeReference<?>> roundOutputs() {
    return List.of(
        new TypeReference<Uint80>() {},
        new TypeReference<Int256>() {},
        new TypeReference<Uint256>() {},
        new TypeReference<Uint256>() {},
        new TypeReference<Uint80>() {});
  }

  /** Pyth's Price is a static struct: its ABI encoding is its four fields in a row. */
  private static Function pythPrice(String name, long age) {
    List<Type> args =
        name.endsWith("NoOlderThan")
            ? List.of(
                new Bytes32(Numeric.hexStringToByteArray(Devnet.PYTH_ETH_USD_ID)), new Uint256(age))
            : List.of(new Bytes32(Numeric.hexStringToByteArray(Devnet.PYTH_ETH_USD_ID)));
    return new Function(
        name,
        args,
        List.of(
            new TypeReference<Int64>() {},
            new TypeReference<Uint64>() {},
            new TypeReference<Int32>() {},
            new TypeReference<Uint256>() {}));
  }

  private static Function fn(String name, TypeReference<?> output) {
    return new Function(name, List.of(), List.of(output));
  }

  private static List<Type> call(String to, Function f) throws IOException {
    EthCall response = ethCall(to, FunctionEncoder.encode(f));
    assertThat(response.hasError())
        .as(
            "%s on %s: %s",
            f.getName(), to, response.hasError() ? response.getError().getMessage() : "")
        .isFalse();
    return FunctionReturnDecoder.decode(response.getValue(), f.getOutputParameters());
  }

  private static EthCall ethCall(String to, String data) throws IOException {
    return web3j
        .ethCall(
            Transaction.createEthCallTransaction(null, to, data), DefaultBlockParameterName.LATEST)
        .send();
  }

  private static String slotAddress(String contract, String slot) throws IOException {
    String word =
        web3j
            .ethGetStorageAt(contract, Numeric.toBigInt(slot), DefaultBlockParameterName.LATEST)
            .send()
            .getData();
    return "0x" + Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(word), 64).substring(24);
  }

  private static BigInteger uint(Type<?> value) {
    return (BigInteger) value.getValue();
  }

  private static String address(Type<?> value) {
    return ((Address) value).getValue().toLowerCase();
  }
}
