package io.hedgewatch.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint80;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.utils.Numeric;

/**
 * Golden ABI vectors: raw {@code eth_call} data and return (or revert) data produced by the devnet
 * contracts on a real anvil, kept in {@code src/test/resources/golden/*.json} for the decoder
 * tests. The chain is built the same way every run (fixed genesis time, fixed deployment order,
 * explicit timestamps), so by default this test checks that the live contracts still return exactly
 * what the files hold; {@code -Dgolden.regenerate=true} rewrites them.
 */
class GoldenVectorsIT {

  static final String REGENERATE_PROPERTY = "golden.regenerate";

  private static final long GENESIS = 1_750_000_000L;

  /** The last block is mined at this time, so every call below sees the same block.timestamp. */
  private static final long FINAL_BLOCK_TIME = GENESIS + 3_600;

  private static final BigInteger PHASE_1 = BigInteger.ONE.shiftLeft(64);
  private static final BigInteger PHASE_2 = BigInteger.TWO.shiftLeft(64);
  private static final BigInteger MIN = BigInteger.valueOf(1_000_000_000L);
  private static final BigInteger MAX = new BigInteger("100000000000000");
  private static final BigInteger SPREAD_MIN = BigInteger.valueOf(-1_000_000_000_000L);
  private static final BigInteger SPREAD_MAX = BigInteger.valueOf(1_000_000_000_000L);
  private static final String UNKNOWN_PYTH_ID =
      "0x0000000000000000000000000000000000000000000000000000000000000bad";
  private static final long PYTH_PUBLISH_TIME = GENESIS - 10_000;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static Anvil anvil;
  private static List<Vector> vectors;

  record Vector(String file, String call, String to, String data, String note) {}

  record Outcome(String result, boolean reverted) {}

  @BeforeAll
  static void buildChain() {
    anvil = Anvil.builder().genesisTimestamp(GENESIS).start();
    DevnetTransactor tx = new DevnetTransactor(anvil);
    String deployer = tx.account(0);
    String eoa = tx.account(5);

    String multicall = tx.deploy(deployer, "Multicall3");
    anvil.setCode(Devnet.CANONICAL_MULTICALL3, anvil.getCode(multicall));
    String mc3 = Devnet.CANONICAL_MULTICALL3.toLowerCase();

    String phase1 =
        tx.deploy(
            deployer,
            "ChainlinkAggregator",
            DevnetAbi.aggregatorConstructor(8, "ETH / USD", MIN, MAX));
    String proxy = tx.deploy(deployer, "ChainlinkAggregatorProxy", new Address(phase1));
    tx.send(deployer, phase1, DevnetAbi.transmit(usd("2990"), GENESIS - 7_200));
    tx.send(deployer, phase1, DevnetAbi.transmit(usd("2995.5"), GENESIS - 3_600));
    String phase2 =
        tx.deploy(
            deployer,
            "ChainlinkAggregator",
            DevnetAbi.aggregatorConstructor(8, "ETH / USD", MIN, MAX));
    tx.send(deployer, proxy, DevnetAbi.proposeAggregator(phase2));
    tx.send(deployer, proxy, DevnetAbi.confirmAggregator(phase2));
    tx.send(deployer, phase2, DevnetAbi.transmit(usd("2999"), GENESIS - 1_800));
    tx.send(deployer, phase2, DevnetAbi.transmit(usd("3000.12345678"), GENESIS - 60));

    String spread =
        tx.deploy(
            deployer,
            "ChainlinkAggregator",
            DevnetAbi.aggregatorConstructor(8, "SPREAD / USD", SPREAD_MIN, SPREAD_MAX));
    tx.send(deployer, spread, DevnetAbi.transmit(BigInteger.valueOf(-123_456_789L), GENESIS - 30));

    String pyth = tx.deploy(deployer, "MockPyth", new Uint256(60), new Uint256(1));
    tx.send(
        deployer,
        pyth,
        DevnetAbi.setPythPrice(
            "setPrice",
            Devnet.PYTH_ETH_USD_ID,
            300_012_345_678L,
            150_000_000L,
            -8,
            PYTH_PUBLISH_TIME));
    tx.send(
        deployer,
        pyth,
        DevnetAbi.setPythPrice(
            "setEmaPrice",
            Devnet.PYTH_ETH_USD_ID,
            299_800_000_000L,
            140_000_000L,
            -8,
            PYTH_PUBLISH_TIME));

    String sequencer =
        tx.deploy(
            deployer,
            "SequencerUptimeFeed",
            DevnetAbi.sequencerConstructor(false, GENESIS - 86_400));
    anvil.setNextBlockTimestamp(FINAL_BLOCK_TIME);
    tx.send(deployer, sequencer, DevnetAbi.updateStatus(true, FINAL_BLOCK_TIME - 120));

    String latestRound = PHASE_2.add(BigInteger.TWO).toString();
    vectors =
        List.of(
            vector(
                "chainlink-latestRoundData",
                "latestRoundData()",
                proxy,
                encode("latestRoundData"),
                "ETH / USD proxy in phase 2 (one aggregator swap), aggregator round 2: roundId = (2 << 64) | 2 = "
                    + latestRound
                    + ", answer 300012345678 (3000.12345678 at 8 decimals), startedAt = updatedAt = "
                    + (GENESIS - 60)
                    + ", answeredInRound = roundId"),
            vector(
                "chainlink-getRoundData",
                "getRoundData(uint80)",
                proxy,
                encode("getRoundData", new Uint80(PHASE_1.add(BigInteger.ONE))),
                "the same proxy, round (1 << 64) | 1 = "
                    + PHASE_1.add(BigInteger.ONE)
                    + " of the first aggregator: answer 299000000000 (2990), startedAt = updatedAt = "
                    + (GENESIS - 7_200)
                    + ", answeredInRound = roundId"),
            vector(
                "chainlink-getRoundData-unknown",
                "getRoundData(uint80)",
                proxy,
                encode("getRoundData", new Uint80(PHASE_2.add(BigInteger.valueOf(99)))),
                "a round the aggregator never had: reverts Error(string) \"No data present\""),
            vector("chainlink-decimals", "decimals()", proxy, encode("decimals"), "uint8 8"),
            vector(
                "chainlink-description",
                "description()",
                proxy,
                encode("description"),
                "string \"ETH / USD\""),
            vector(
                "chainlink-version",
                "version()",
                proxy,
                encode("version"),
                "uint256 4 (OCR aggregator)"),
            vector(
                "chainlink-aggregator",
                "aggregator()",
                proxy,
                encode("aggregator"),
                "address of the phase-2 aggregator " + phase2),
            vector("chainlink-phaseId", "phaseId()", proxy, encode("phaseId"), "uint16 2"),
            vector(
                "chainlink-phaseAggregators",
                "phaseAggregators(uint16)",
                proxy,
                encode("phaseAggregators", new Uint16(1)),
                "phase 1's aggregator " + phase1),
            vector(
                "chainlink-proposedAggregator",
                "proposedAggregator()",
                proxy,
                encode("proposedAggregator"),
                "the zero address: no swap pending"),
            vector(
                "chainlink-minAnswer",
                "minAnswer()",
                phase2,
                encode("minAnswer"),
                "int192 " + MIN + " (10 USD at 8 decimals), read on the aggregator"),
            vector(
                "chainlink-maxAnswer",
                "maxAnswer()",
                phase2,
                encode("maxAnswer"),
                "int192 " + MAX + " (1,000,000 USD at 8 decimals), read on the aggregator"),
            vector(
                "chainlink-minAnswer-negative",
                "minAnswer()",
                spread,
                encode("minAnswer"),
                "int192 " + SPREAD_MIN + ": a negative int192, sign-extended to 32 bytes"),
            vector(
                "chainlink-latestRoundData-negative",
                "latestRoundData()",
                spread,
                encode("latestRoundData"),
                "an aggregator read directly (no phase in the ids): roundId 1, answer -123456789, startedAt = updatedAt = "
                    + (GENESIS - 30)
                    + ", answeredInRound 1"),
            vector(
                "sequencer-latestRoundData-down",
                "latestRoundData()",
                sequencer,
                encode("latestRoundData"),
                "L2 sequencer uptime feed, down: roundId 2, answer 1, startedAt "
                    + (FINAL_BLOCK_TIME - 120)
                    + " (when it went down), updatedAt "
                    + FINAL_BLOCK_TIME
                    + ", answeredInRound 2"),
            vector(
                "pyth-getPriceUnsafe",
                "getPriceUnsafe(bytes32)",
                pyth,
                encode("getPriceUnsafe", ethId()),
                "Price{price 300012345678, conf 150000000, expo -8, publishTime "
                    + PYTH_PUBLISH_TIME
                    + "} for the ETH/USD id"),
            vector(
                "pyth-getEmaPriceUnsafe",
                "getEmaPriceUnsafe(bytes32)",
                pyth,
                encode("getEmaPriceUnsafe", ethId()),
                "Price{price 299800000000, conf 140000000, expo -8, publishTime "
                    + PYTH_PUBLISH_TIME
                    + "}"),
            vector(
                "pyth-queryPriceFeed",
                "queryPriceFeed(bytes32)",
                pyth,
                encode("queryPriceFeed", ethId()),
                "PriceFeed{id, price, emaPrice}: the id, then the two Price structs above, inline (all static)"),
            vector(
                "pyth-getPriceNoOlderThan-stale",
                "getPriceNoOlderThan(bytes32,uint256)",
                pyth,
                encode("getPriceNoOlderThan", ethId(), new Uint256(60)),
                "publishTime is "
                    + (FINAL_BLOCK_TIME - PYTH_PUBLISH_TIME)
                    + " s before the block: reverts StalePrice() "
                    + "0x19abf40e"),
            vector(
                "pyth-getPriceUnsafe-notFound",
                "getPriceUnsafe(bytes32)",
                pyth,
                encode(
                    "getPriceUnsafe", new Bytes32(Numeric.hexStringToByteArray(UNKNOWN_PYTH_ID))),
                "an id with no feed: reverts PriceFeedNotFound() 0x14aebe68"),
            vector(
                "multicall3-aggregate3-mixed",
                "aggregate3((address,bool,bytes)[])",
                mc3,
                encode(
                    "aggregate3",
                    new DynamicArray<>(
                        Call3.class,
                        List.of(
                            new Call3(proxy, false, encode("latestRoundData")),
                            new Call3(
                                pyth,
                                true,
                                encode("getPriceNoOlderThan", ethId(), new Uint256(60))),
                            new Call3(proxy, true, encode("decimals")),
                            new Call3(
                                pyth,
                                true,
                                encode(
                                    "getPriceUnsafe",
                                    new Bytes32(Numeric.hexStringToByteArray(UNKNOWN_PYTH_ID)))),
                            new Call3(eoa, true, encode("description"))))),
                "Result[5]: (true, latestRoundData as in chainlink-latestRoundData), (false, 0x19abf40e StalePrice), "
                    + "(true, decimals 8), (false, 0x14aebe68 PriceFeedNotFound), (true, 0x) from an account without "
                    + "code"),
            vector(
                "multicall3-aggregate3-failed",
                "aggregate3((address,bool,bytes)[])",
                mc3,
                encode(
                    "aggregate3",
                    new DynamicArray<>(
                        Call3.class,
                        List.of(
                            new Call3(proxy, true, encode("latestRoundData")),
                            new Call3(
                                pyth,
                                false,
                                encode("getPriceNoOlderThan", ethId(), new Uint256(60)))))),
                "a failing call without allowFailure: the batch reverts Error(string) \"Multicall3: call failed\""),
            vector(
                "multicall3-getCurrentBlockTimestamp",
                "getCurrentBlockTimestamp()",
                mc3,
                encode("getCurrentBlockTimestamp"),
                "uint256 " + FINAL_BLOCK_TIME));
  }

  @AfterAll
  static void stopChain() {
    if (anvil != null) {
      anvil.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> live_contracts_return_what_the_golden_files_hold() {
    boolean regenerate = Boolean.getBoolean(REGENERATE_PROPERTY);
    long block = anvil.blockNumber();
    return vectors.stream()
        .map(
            v ->
                DynamicTest.dynamicTest(
                    v.file(),
                    () -> {
                      Outcome live = call(v, block);
                      Path file = goldenDir().resolve(v.file() + ".json");
                      if (regenerate) {
                        write(file, v, live);
                      }
                      assertThat(file)
                          .as("golden file missing; create it with -D%s=true", REGENERATE_PROPERTY)
                          .exists();
                      JsonNode golden = JSON.readTree(file.toFile());
                      String stale =
                          "golden vector "
                              + file.getFileName()
                              + " no longer matches the live contract; if the "
                              + "change is intended, regenerate with -D"
                              + REGENERATE_PROPERTY
                              + "=true and review the diff";
                      assertThat(golden.path("call").asText()).as(stale).isEqualTo(v.call());
                      assertThat(golden.path("to").asText()).as(stale).isEqualTo(v.to());
                      assertThat(golden.path("data").asText()).as(stale).isEqualTo(v.data());
                      assertThat(golden.path("reverted").asBoolean())
                          .as(stale)
                          .isEqualTo(live.reverted());
                      assertThat(golden.path("result").asText()).as(stale).isEqualTo(live.result());
                    }));
  }

  @Test
  void every_golden_file_is_produced_by_this_generator() throws IOException {
    Set<String> expected =
        vectors.stream()
            .map(v -> v.file() + ".json")
            .collect(Collectors.toCollection(TreeSet::new));
    try (Stream<Path> files = Files.list(goldenDir())) {
      Set<String> present =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".json"))
              .collect(Collectors.toCollection(TreeSet::new));
      assertThat(present).as("files in %s", goldenDir()).isEqualTo(expected);
    }
  }

  @Test
  void the_vectors_cover_successes_and_each_kind_of_revert() {
    List<Outcome> outcomes = new ArrayList<>();
    long block = anvil.blockNumber();
    for (Vector v : vectors) {
      outcomes.add(call(v, block));
    }
    assertThat(outcomes)
        .filteredOn(Outcome::reverted)
        .extracting(Outcome::result)
        .anyMatch(r -> r.equals("0x19abf40e"))
        .anyMatch(r -> r.equals("0x14aebe68"))
        .anyMatch(r -> r.startsWith("0x08c379a0"));
    assertThat(vectors)
        .extracting(Vector::data)
        .allMatch(d -> d.matches("0x[0-9a-f]{8}([0-9a-f]{64})*"));
  }

  private static Outcome call(Vector v, long block) {
    try {
      EthCall response =
          anvil
              .web3j()
              .ethCall(
                  Transaction.createEthCallTransaction(null, v.to(), v.data()),
                  DefaultBlockParameter.valueOf(BigInteger.valueOf(block)))
              .send();
      if (response.hasError()) {
        String data = response.getError().getData();
        return new Outcome(data == null ? "0x" : data.replace("\"", "").toLowerCase(), true);
      }
      return new Outcome(response.getValue().toLowerCase(), false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, Vector v, Outcome live) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("call", v.call());
    json.put("to", v.to());
    json.put("data", v.data());
    json.put("result", live.result());
    json.put("reverted", live.reverted());
    json.put("note", v.note());
    Files.createDirectories(file.getParent());
    Files.writeString(file, JSON.writeValueAsString(json) + "\n", StandardCharsets.UTF_8);
  }

  private static Path goldenDir() {
    return Path.of(System.getProperty(Anvil.HOME_PROPERTY, "."))
        .resolve("src/test/resources/golden");
  }

  private static Vector vector(String file, String call, String to, String data, String note) {
    return new Vector(file, call, to.toLowerCase(), data, note);
  }

  private static String encode(String name, Type<?>... args) {
    return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
  }

  private static Bytes32 ethId() {
    return new Bytes32(Numeric.hexStringToByteArray(Devnet.PYTH_ETH_USD_ID));
  }

  private static BigInteger usd(String amount) {
    return new BigDecimal(amount).movePointRight(8).toBigIntegerExact();
  }

  /** Multicall3's {@code Call3 {address target; bool allowFailure; bytes callData;}}. */
  public static final class Call3 extends DynamicStruct {
    public Call3(Address target, Bool allowFailure, DynamicBytes callData) {
      super(target, allowFailure, callData);
    }

    Call3(String target, boolean allowFailure, String callData) {
      this(
          new Address(target),
          new Bool(allowFailure),
          new DynamicBytes(Numeric.hexStringToByteArray(callData)));
    }
  }
}
