package io.hedgewatch.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.BlockReads;
import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.config.MarketConfig;
import io.hedgewatch.config.VenueConfig;
import io.hedgewatch.devnet.ContractArtifacts;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.testing.JsonRpcProxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The Synthetix v3 reader against the devnet's PerpsMarketProxy stand-in on a real anvil, read
 * exactly as a real proxy is read: through Multicall3, one eth_call per cycle.
 */
class SynthetixV3ReaderIT {

  private static Devnet devnet;
  private static DevnetContracts c;
  private static JsonRpcProxy proxy;
  private static Web3jChainReader chain;
  private static SynthetixV3Reader reader;
  private String snapshot;

  private static final String ETH = Long.toString(Devnet.SYNTHETIX_ETH_MARKET_ID);
  private static final String BTC = Long.toString(Devnet.SYNTHETIX_BTC_MARKET_ID);

  @BeforeAll
  static void start() throws Exception {
    devnet = Devnet.start();
    c = devnet.contracts();
    proxy = new JsonRpcProxy(devnet.rpcUrl());
    chain =
        Web3jChainReader.connect(
            new ChainConfig(
                "devnet",
                devnet.chainId(),
                List.of(proxy.url()),
                Devnet.CANONICAL_MULTICALL3,
                Optional.empty(),
                Duration.ofSeconds(1),
                Duration.ofSeconds(10)),
            RpcRetryPolicy.DEFAULT);
    reader = new SynthetixV3Reader("snx", chain, c.synthetixPerpsMarket());
  }

  @AfterAll
  static void stop() throws Exception {
    if (chain != null) {
      chain.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  @BeforeEach
  void takeSnapshot() {
    snapshot = devnet.anvil().snapshot();
    proxy.reset();
  }

  @AfterEach
  void restoreSnapshot() {
    devnet.anvil().revert(snapshot);
  }

  private static MarketSnapshot ok(Read<MarketSnapshot> read) {
    assertThat(read.failureIfAny()).isEmpty();
    return read.asOptional().orElseThrow();
  }

  private static BigDecimal d18(BigInteger value) {
    return new BigDecimal(value, 18);
  }

  private static BigDecimal at10(BigDecimal value) {
    return value.setScale(10, RoundingMode.HALF_EVEN);
  }

  @Test
  void both_markets_are_read_in_one_eth_call_on_the_common_scales() {
    List<Read<MarketSnapshot>> reads = reader.snapshots(List.of(ETH, BTC));

    assertThat(proxy.methodLog()).containsExactly("eth_blockNumber", "eth_call");
    MarketSnapshot eth = ok(reads.get(0));
    assertThat(eth.marketKey()).isEqualTo("100");
    assertThat(eth.at().getEpochSecond()).isEqualTo(devnet.anvil().latestBlockTimestamp());
    assertThat(eth.indexPrice())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("3000"));
    assertThat(eth.openInterest())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(d18(Devnet.SNX_ETH_SIZE)));
    assertThat(eth.skew())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(d18(Devnet.SNX_ETH_SKEW)));
    assertThat(eth.openInterestLong())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("6400"));
    assertThat(eth.openInterestShort())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("5600"));
    assertThat(eth.maxOpenInterestLong())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("60000"));
    // 0.0003 per day
    assertThat(at10(eth.fundingRateHourly().orElseThrow())).isEqualByComparingTo("0.0000125000");
    assertThat(eth.status().restricted()).isFalse();
    assertThat(eth.oracleProblem()).isEmpty();

    MarketSnapshot btc = ok(reads.get(1));
    assertThat(btc.indexPrice())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("60000"));
    assertThat(btc.skew()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("-40"));
    // -0.0001 per day: shorts pay
    assertThat(btc.fundingRateHourly().orElseThrow()).isNegative();
    assertThat(at10(btc.fundingRateHourly().orElseThrow())).isEqualByComparingTo("-0.0000041667");
    // 150M USD / 60,000 USD binds before 3,000 BTC
    assertThat(btc.maxOpenInterestLong())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("2500"));
  }

  @Test
  void funding_of_0_001_per_day_reads_as_0_0000416667_per_hour() {
    devnet
        .ops()
        .setSynthetixMarket(
            Devnet.SYNTHETIX_ETH_MARKET_ID,
            Devnet.SNX_ETH_SKEW,
            Devnet.SNX_ETH_SIZE,
            new BigInteger("1000000000000000"),
            BigInteger.ZERO,
            new BigInteger("3000000000000000000000"));
    MarketSnapshot eth = ok(reader.snapshots(List.of(ETH)).get(0));
    assertThat(at10(eth.fundingRateHourly().orElseThrow())).isEqualByComparingTo("0.0000416667");
    assertThat(at10(eth.predictedFundingRateHourly().orElseThrow()))
        .isEqualByComparingTo("0.0000416667");
  }

  @Test
  void the_mark_is_what_the_proxys_fill_price_gives_for_a_zero_size_order() {
    MarketSnapshot eth = ok(reader.snapshots(List.of(ETH)).get(0));
    String data =
        SynthetixV3Abi.fillPrice(
            BigInteger.valueOf(Devnet.SYNTHETIX_ETH_MARKET_ID),
            BigInteger.ZERO,
            new BigInteger("3000000000000000000000"));
    BigInteger fill =
        new BigInteger(
            devnet.transactor().callRaw(c.synthetixPerpsMarket(), data).data().substring(2), 16);
    assertThat(eth.markPrice())
        .hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo(d18(fill)));
    assertThat(eth.markPrice())
        .hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("3002.4"));
  }

  @Test
  void oracle_data_required_is_reported_as_a_stale_oracle_not_as_the_venue_down() {
    devnet.ops().setSynthetixOracleStale(true);
    proxy.reset();

    List<Read<MarketSnapshot>> reads = reader.snapshots(List.of(ETH, BTC));

    assertThat(proxy.calls("eth_call")).isEqualTo(1);
    MarketSnapshot eth = ok(reads.get(0));
    assertThat(eth.indexPrice()).isEmpty();
    assertThat(eth.markPrice()).isEmpty();
    assertThat(eth.oracleProblem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith("Pyth price stale: OracleDataRequired(")
                    .contains(c.pyth())
                    .contains(Devnet.PYTH_ETH_USD_ID)
                    .contains("staleness tolerance 60 s"));
    assertThat(eth.openInterest())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo(d18(Devnet.SNX_ETH_SIZE)));
    assertThat(at10(eth.fundingRateHourly().orElseThrow())).isEqualByComparingTo("0.0000125000");
    assertThat(eth.status().restricted()).isFalse();
    MarketSnapshot btc = ok(reads.get(1));
    assertThat(btc.oracleProblem())
        .hasValueSatisfying(p -> assertThat(p).contains(Devnet.PYTH_BTC_USD_ID));

    devnet.ops().setSynthetixOracleStale(false);
    assertThat(ok(reader.snapshots(List.of(ETH)).get(0)).oracleProblem()).isEmpty();
  }

  @Test
  void the_revert_is_the_real_erc7412_error() {
    devnet.ops().setSynthetixOracleStale(true);
    var result =
        devnet
            .transactor()
            .callRaw(
                c.synthetixPerpsMarket(),
                SynthetixV3Abi.getMarketSummary(
                    BigInteger.valueOf(Devnet.SYNTHETIX_ETH_MARKET_ID)));
    assertThat(result.reverted()).isTrue();
    assertThat(result.data()).startsWith("0xcf2cabdf");
    assertThat(
            SynthetixV3Abi.oracleDataRequired(new CallOutcome.Reverted(result.data()))
                .orElseThrow()
                .oracleContract())
        .isEqualTo(c.pyth());
  }

  @Test
  void deny_all_on_the_perps_system_pauses_every_market() {
    devnet.ops().setPerpsDenyAll(true);
    List<Read<MarketSnapshot>> reads = reader.snapshots(List.of(ETH, BTC));
    assertThat(reads)
        .allSatisfy(
            r -> {
              MarketSnapshot s = ok(r);
              assertThat(s.status().paused()).isTrue();
              assertThat(s.status().reason())
                  .hasValueSatisfying(reason -> assertThat(reason).contains("perpsSystem denyAll"));
            });
    devnet.ops().setPerpsDenyAll(false);
    assertThat(ok(reader.snapshots(List.of(ETH)).get(0)).status().restricted()).isFalse();
  }

  @Test
  void an_unknown_market_is_that_markets_failure_only() {
    List<Read<MarketSnapshot>> reads = reader.snapshots(List.of("300", ETH));
    assertThat(reads.get(0).failureIfAny())
        .hasValueSatisfying(
            f -> {
              assertThat(f).isInstanceOf(ReadFailure.Reverted.class);
              assertThat(f.describe()).contains("InvalidMarket");
            });
    assertThat(reads.get(1).failureIfAny()).isEmpty();
  }

  @Test
  void the_venue_shares_one_eth_call_with_the_cycles_oracle_reads() throws Exception {
    long block = chain.blockNumber();
    SynthetixV3Reader.Batch venue = reader.batch(List.of(ETH, BTC));
    List<ContractCall> calls = new java.util.ArrayList<>();
    calls.add(
        new ContractCall(c.ethUsdProxy(), io.hedgewatch.oracle.ChainlinkAbi.LATEST_ROUND_DATA));
    calls.addAll(venue.calls());
    proxy.reset();
    BlockReads reads = chain.readAt(block, calls);
    assertThat(proxy.methodLog()).containsExactly("eth_call");
    assertThat(
            io.hedgewatch.oracle.ChainlinkAbi.decodeRound(reads.outcomes().get(0), c.ethUsdProxy())
                .asOptional())
        .isPresent();
    List<Read<MarketSnapshot>> markets =
        venue.decode(reads.block(), reads.outcomes().subList(1, reads.outcomes().size()));
    assertThat(markets).allSatisfy(r -> assertThat(r.failureIfAny()).isEmpty());
  }

  @Test
  void the_devnet_lists_eth_100_and_btc_200_as_the_real_proxy_does() {
    Function getMarkets =
        new Function(
            "getMarkets", List.of(), List.of(new TypeReference<DynamicArray<Uint256>>() {}));
    @SuppressWarnings({"rawtypes", "unchecked"})
    List<Type> ids = devnet.transactor().call(c.synthetixPerpsMarket(), getMarkets);
    @SuppressWarnings("unchecked")
    List<Uint256> list = ((DynamicArray<Uint256>) ids.get(0)).getValue();
    assertThat(list.stream().map(Uint256::getValue).collect(Collectors.toList()))
        .containsExactly(BigInteger.valueOf(100), BigInteger.valueOf(200));

    Function metadata =
        new Function(
            "metadata",
            List.of(new Uint128(Devnet.SYNTHETIX_ETH_MARKET_ID)),
            List.of(new TypeReference<Utf8String>() {}, new TypeReference<Utf8String>() {}));
    @SuppressWarnings("rawtypes")
    List<Type> names =
        FunctionReturnDecoder.decode(
            devnet
                .transactor()
                .callRaw(c.synthetixPerpsMarket(), FunctionEncoder.encode(metadata))
                .data(),
            metadata.getOutputParameters());
    assertThat(names.get(0).getValue()).isEqualTo("Ether");
    assertThat(names.get(1).getValue()).isEqualTo("ETH");
  }

  @Test
  void the_devnet_config_names_both_venues_and_their_markets_and_they_read(@TempDir Path dir) {
    LoadResult loaded = ConfigLoader.load(devnet.writeConfig(dir.resolve("devnet.yaml")));
    assertThat(loaded).isInstanceOf(LoadResult.Loaded.class);
    HedgewatchConfig config = ((LoadResult.Loaded) loaded).config();

    VenueConfig.SynthetixV3 snx = (VenueConfig.SynthetixV3) config.venues().get("snx");
    assertThat(snx.chain()).isEqualTo(Devnet.CHAIN_ID_KEY);
    assertThat(snx.address()).isEqualTo(c.synthetixPerpsMarket());
    List<String> snxMarkets = config.marketsOf("snx").stream().map(MarketConfig::market).toList();
    assertThat(snxMarkets).containsExactly("100", "200");
    assertThat(new SynthetixV3Reader("snx", chain, snx.address()).snapshots(snxMarkets))
        .allSatisfy(r -> assertThat(r.failureIfAny()).isEmpty());

    VenueConfig.GmxV2 gmx = (VenueConfig.GmxV2) config.venues().get("gmx");
    assertThat(gmx.reader()).isEqualTo(c.gmxReader());
    assertThat(gmx.dataStore()).isEqualTo(c.gmxDataStore());
    assertThat(config.marketsOf("gmx"))
        .extracting(MarketConfig::market, m -> m.oracleFeed().orElseThrow())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(c.gmxEthMarket(), "eth-usd"),
            org.assertj.core.groups.Tuple.tuple(c.gmxBtcMarket(), "btc-usd"));
  }

  @Test
  void the_compiled_contract_has_the_proxys_selectors() {
    var abi = ContractArtifacts.load("SynthetixPerpsMarket").abi();
    List<String> signatures =
        StreamSupport.stream(abi.spliterator(), false)
            .filter(e -> e.path("type").asText().equals("function"))
            .map(
                e ->
                    e.path("name").asText()
                        + "("
                        + StreamSupport.stream(e.path("inputs").spliterator(), false)
                            .map(i -> i.path("type").asText())
                            .collect(Collectors.joining(","))
                        + ")")
            .toList();
    assertThat(signatures)
        .contains(
            SynthetixV3Abi.GET_MARKET_SUMMARY,
            SynthetixV3Abi.INDEX_PRICE,
            SynthetixV3Abi.SIZE,
            SynthetixV3Abi.SKEW,
            SynthetixV3Abi.MAX_OPEN_INTEREST,
            SynthetixV3Abi.CURRENT_FUNDING_RATE,
            SynthetixV3Abi.CURRENT_FUNDING_VELOCITY,
            SynthetixV3Abi.FILL_PRICE,
            SynthetixV3Abi.GET_FUNDING_PARAMETERS,
            SynthetixV3Abi.GET_MAX_MARKET_SIZE,
            SynthetixV3Abi.GET_MAX_MARKET_VALUE,
            SynthetixV3Abi.GET_MARKETS,
            SynthetixV3Abi.METADATA,
            SynthetixV3Abi.IS_FEATURE_ALLOWED,
            SynthetixV3Abi.GET_FEATURE_FLAG_DENY_ALL);
    assertThat(
            StreamSupport.stream(abi.spliterator(), false)
                .filter(e -> e.path("type").asText().equals("error"))
                .map(e -> e.path("name").asText()))
        .contains("OracleDataRequired");
  }
}
