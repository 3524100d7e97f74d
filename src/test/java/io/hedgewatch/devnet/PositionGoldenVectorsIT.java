package io.hedgewatch.devnet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.hedgewatch.venue.GmxKeys;
import io.hedgewatch.venue.GmxV2Abi;
import io.hedgewatch.venue.SynthetixV3Abi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;

/**
 * Golden vectors of the position reads: the call data and return (or revert) data of the devnet's
 * Synthetix v3 PerpsMarketProxy and GMX v2 Reader stand-ins on a real anvil, kept in {@code
 * src/test/resources/golden/positions/*.json} for {@code PositionGoldenDecodingTest}. The contracts
 * are deployed directly, in a fixed order from a fixed account, and given positions whose values
 * depend on no clock, so every run reproduces the files; {@code -Dgolden.regenerate=true} rewrites
 * them.
 */
class PositionGoldenVectorsIT {

  private static final long GENESIS = 1_750_000_000L;
  private static final String ZERO = "0x" + "0".repeat(40);

  static final BigInteger LONG_ACCOUNT = BigInteger.valueOf(7);
  static final BigInteger SHORT_ACCOUNT = BigInteger.valueOf(8);
  static final BigInteger STALE_ACCOUNT = BigInteger.valueOf(9);
  static final String TRADER = "0x1111111111111111111111111111111111111111";

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

    String multicall = tx.deploy(deployer, "Multicall3");
    anvil.setCode(Devnet.CANONICAL_MULTICALL3, anvil.getCode(multicall));
    String pyth = tx.deploy(deployer, "MockPyth", new Uint256(60), new Uint256(1));
    String snx =
        tx.deploy(deployer, "SynthetixPerpsMarket", DevnetAbi.synthetixConstructor(pyth, 60));
    String dataStore = tx.deploy(deployer, "GmxDataStore");
    String reader = tx.deploy(deployer, "GmxReader");
    DevnetOps ops =
        new DevnetOps(
            tx,
            new DevnetContracts(
                Devnet.CANONICAL_MULTICALL3,
                multicall,
                ZERO,
                ZERO,
                ZERO,
                ZERO,
                ZERO,
                ZERO,
                ZERO,
                pyth,
                Devnet.PYTH_ETH_USD_ID,
                ZERO,
                ZERO,
                ZERO,
                deployer,
                snx,
                dataStore,
                reader,
                Devnet.GMX_ETH_MARKET,
                Devnet.GMX_BTC_MARKET));

    // ETH (100) at a stored index of 3000; BTC (200) priced by Pyth, which has no BTC price
    tx.send(
        deployer,
        snx,
        DevnetAbi.createSynthetixMarket(100, "Ether", "ETH", Devnet.PYTH_ETH_USD_ID));
    tx.send(
        deployer,
        snx,
        DevnetAbi.createSynthetixMarket(200, "Bitcoin", "BTC", Devnet.PYTH_BTC_USD_ID));
    ops.setSynthetixFundingParameters(100, d18("1000000"), d18("9"));
    ops.setSynthetixMarket(
        100, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, BigInteger.ZERO, d18("3000"));
    ops.setSynthetixPricedByPyth(200, true);
    for (long market : new long[] {100, 200}) {
      ops.setSynthetixLiquidationParameters(
          market, d18("2"), d18("0.02"), d18("0.5"), d18("0.0003"), d18("10"));
    }
    ops.setSynthetixCollateral(LONG_ACCOUNT, d18("10000"));
    ops.setSynthetixPosition(LONG_ACCOUNT, 100, d18("10"), d18("2900"), d18("-5"), d18("1"));
    ops.setSynthetixCollateral(SHORT_ACCOUNT, d18("100"));
    ops.setSynthetixPosition(SHORT_ACCOUNT, 100, d18("-2"), d18("2950"), d18("3"), BigInteger.ZERO);
    ops.setSynthetixCollateral(STALE_ACCOUNT, d18("1000"));
    ops.setSynthetixPosition(
        STALE_ACCOUNT, 200, d18("0.1"), d18("60000"), BigInteger.ZERO, BigInteger.ZERO);

    String eth = Devnet.GMX_ETH_MARKET;
    ops.setGmxPosition(
        new DevnetOps.GmxPosition(
            TRADER,
            eth,
            Devnet.GMX_WETH,
            true,
            usd(10_000),
            d18("4"),
            d18("1"),
            BigInteger.valueOf(11),
            BigInteger.valueOf(12),
            BigInteger.valueOf(13),
            BigInteger.valueOf(14),
            GENESIS - 600));
    ops.setGmxPosition(
        DevnetOps.GmxPosition.open(
            TRADER,
            eth,
            Devnet.GMX_USDC,
            false,
            usd(6_000),
            d18("2"),
            BigInteger.valueOf(2_000_000_000L),
            GENESIS - 300));
    String longKey = GmxKeys.positionKey(TRADER, eth, Devnet.GMX_WETH, true);

    vectors =
        List.of(
            vector(
                "synthetix-getOpenPosition-long",
                SynthetixV3Abi.GET_OPEN_POSITION,
                snx,
                SynthetixV3Abi.getOpenPosition(LONG_ACCOUNT, BigInteger.valueOf(100)),
                "account 7, market 100: long 10 ETH filled at 2900, index 3000: totalPnl 994 (price PnL 1000,"
                    + " accruedFunding -5, owedInterest 1), positionSize 10, owedInterest 1, D18"),
            vector(
                "synthetix-getOpenPosition-short",
                SynthetixV3Abi.GET_OPEN_POSITION,
                snx,
                SynthetixV3Abi.getOpenPosition(SHORT_ACCOUNT, BigInteger.valueOf(100)),
                "account 8: short 2 ETH filled at 2950, index 3000: totalPnl -97 (price PnL -100,"
                    + " accruedFunding 3), positionSize -2 (a negative int128), owedInterest 0"),
            vector(
                "synthetix-getOpenPositionSize",
                SynthetixV3Abi.GET_OPEN_POSITION_SIZE,
                snx,
                SynthetixV3Abi.getOpenPositionSize(SHORT_ACCOUNT, BigInteger.valueOf(100)),
                "account 8 in market 100: int128 -2e18"),
            vector(
                "synthetix-getAvailableMargin",
                SynthetixV3Abi.GET_AVAILABLE_MARGIN,
                snx,
                SynthetixV3Abi.getAvailableMargin(LONG_ACCOUNT),
                "account 7: 10000 collateral + 994 = 10994, D18"),
            vector(
                "synthetix-getRequiredMargins",
                SynthetixV3Abi.GET_REQUIRED_MARGINS,
                snx,
                SynthetixV3Abi.getRequiredMargins(LONG_ACCOUNT),
                "account 7: notional 30000, initial ratio 10 / 1e6 x 2 + 0.02 = 0.02002, maintenance"
                    + " 0.01001; reward 9: (600.6 + 10 + 9, 300.3 + 10 + 9, 9) = (619.6, 319.3, 9)"),
            vector(
                "synthetix-canLiquidate-false",
                SynthetixV3Abi.CAN_LIQUIDATE,
                snx,
                SynthetixV3Abi.canLiquidate(LONG_ACCOUNT),
                "account 7: 10994 available against 319.3"),
            vector(
                "synthetix-canLiquidate-true",
                SynthetixV3Abi.CAN_LIQUIDATE,
                snx,
                SynthetixV3Abi.canLiquidate(SHORT_ACCOUNT),
                "account 8: 100 - 97 = 3 available against 6000 x 0.010002 + 10 + 1.8 = 71.812"),
            vector(
                "synthetix-getOpenPosition-stale",
                SynthetixV3Abi.GET_OPEN_POSITION,
                snx,
                SynthetixV3Abi.getOpenPosition(STALE_ACCOUNT, BigInteger.valueOf(200)),
                "market 200 is priced by Pyth, which has no BTC/USD price: reverts"
                    + " OracleDataRequired(pyth "
                    + pyth
                    + ", abi.encode(uint8 1, uint64 60, bytes32[] [BTC/USD id]))"),
            vector(
                "gmx-getAccountPositions",
                GmxV2Abi.GET_ACCOUNT_POSITIONS,
                reader,
                GmxV2Abi.getAccountPositions(dataStore, TRADER, 0, 100),
                "two positions of "
                    + TRADER
                    + " in ETH/USD: a long of 10000 USD, 4 ETH, on 1 WETH (borrowingFactor 11,"
                    + " fundingFeeAmountPerSize 12, claimable 13 and 14, increasedAtTime "
                    + (GENESIS - 600)
                    + ") and a short of 6000 USD, 2 ETH, on 2000 USDC (increasedAtTime "
                    + (GENESIS - 300)
                    + "); pendingImpactAmount and decreasedAtTime 0"),
            vector(
                "gmx-getAccountPositions-empty",
                GmxV2Abi.GET_ACCOUNT_POSITIONS,
                reader,
                GmxV2Abi.getAccountPositions(dataStore, TRADER, 2, 100),
                "the same account from index 2: an empty array"),
            vector(
                "gmx-getPosition",
                GmxV2Abi.GET_POSITION,
                reader,
                GmxV2Abi.getPosition(dataStore, longKey),
                "the long by its key " + longKey),
            vector(
                "gmx-getPosition-unknown",
                GmxV2Abi.GET_POSITION,
                reader,
                GmxV2Abi.getPosition(dataStore, "0x" + "ab".repeat(32)),
                "a key in no position list: all fields zero"));
  }

  @AfterAll
  static void stopChain() {
    if (anvil != null) {
      anvil.close();
    }
  }

  @TestFactory
  Stream<DynamicTest> live_contracts_return_what_the_golden_files_hold() {
    boolean regenerate = Boolean.getBoolean(GoldenVectorsIT.REGENERATE_PROPERTY);
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
                          .as(
                              "golden file missing; create it with -D%s=true",
                              GoldenVectorsIT.REGENERATE_PROPERTY)
                          .exists();
                      JsonNode golden = JSON.readTree(file.toFile());
                      String stale =
                          "golden vector "
                              + file.getFileName()
                              + " no longer matches the live contract; if the change is intended,"
                              + " regenerate with -D"
                              + GoldenVectorsIT.REGENERATE_PROPERTY
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
        .resolve("src/test/resources/golden/positions");
  }

  private static Vector vector(String file, String call, String to, String data, String note) {
    return new Vector(file, call, to.toLowerCase(), data, note);
  }

  private static BigInteger d18(String value) {
    return new BigDecimal(value).movePointRight(18).toBigIntegerExact();
  }

  private static BigInteger usd(long dollars) {
    return BigInteger.valueOf(dollars).multiply(BigInteger.TEN.pow(30));
  }
}
