package io.hedgewatch.venue;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.BlockReads;
import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.domain.ChainlinkRound;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.oracle.ChainlinkAbi;
import io.hedgewatch.testing.JsonRpcProxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The GMX v2 reader against the devnet's Reader and DataStore stand-ins on a real anvil, read as
 * the real ones are: the caller's prices passed to getMarketInfo, one eth_call per cycle.
 */
class GmxV2ReaderIT {

  private static Devnet devnet;
  private static DevnetContracts c;
  private static JsonRpcProxy proxy;
  private static Web3jChainReader chain;
  private static final Map<String, BigDecimal> PRICES = new ConcurrentHashMap<>();
  private String snapshot;

  private static final List<GmxV2Reader.Market> MARKETS =
      List.of(
          new GmxV2Reader.Market(
              Devnet.GMX_ETH_MARKET,
              new GmxV2Reader.Token("eth-usd", Devnet.GMX_ETH_DECIMALS),
              new GmxV2Reader.Token("eth-usd", Devnet.GMX_ETH_DECIMALS),
              new GmxV2Reader.Token("usdc-usd", Devnet.GMX_USDC_DECIMALS)),
          new GmxV2Reader.Market(
              Devnet.GMX_BTC_MARKET,
              new GmxV2Reader.Token("btc-usd", Devnet.GMX_BTC_DECIMALS),
              new GmxV2Reader.Token("btc-usd", Devnet.GMX_BTC_DECIMALS),
              new GmxV2Reader.Token("usdc-usd", Devnet.GMX_USDC_DECIMALS)));

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
    PRICES.clear();
    PRICES.put("eth-usd", new BigDecimal("3000"));
    PRICES.put("btc-usd", new BigDecimal("60000"));
    PRICES.put("usdc-usd", BigDecimal.ONE);
    proxy.reset();
  }

  @AfterEach
  void restoreSnapshot() {
    devnet.anvil().revert(snapshot);
  }

  private static GmxV2Reader reader() {
    return new GmxV2Reader(
        "gmx",
        chain,
        c.gmxReader(),
        c.gmxDataStore(),
        MARKETS,
        key -> Optional.ofNullable(PRICES.get(key)));
  }

  private static MarketSnapshot ok(Read<MarketSnapshot> read) {
    assertThat(read.failureIfAny()).isEmpty();
    return read.asOptional().orElseThrow();
  }

  @Test
  void both_markets_cost_one_eth_call_per_cycle_once_their_tokens_are_known() {
    GmxV2Reader reader = reader();
    reader.snapshots(List.of(c.gmxEthMarket(), c.gmxBtcMarket()));
    // the first cycle also read the markets' tokens, once
    assertThat(proxy.methodLog()).containsExactly("eth_blockNumber", "eth_call", "eth_call");

    for (int cycle = 0; cycle < 2; cycle++) {
      proxy.reset();
      List<Read<MarketSnapshot>> reads =
          reader.snapshots(List.of(c.gmxEthMarket(), c.gmxBtcMarket()));
      assertThat(proxy.methodLog())
          .as("cycle %d", cycle)
          .containsExactly("eth_blockNumber", "eth_call");
      assertThat(reads).allSatisfy(r -> assertThat(r.failureIfAny()).isEmpty());
      devnet.anvil().mine();
    }
  }

  @Test
  void funding_open_interest_and_caps_on_the_common_scales() {
    List<Read<MarketSnapshot>> reads =
        reader().snapshots(List.of(c.gmxEthMarket(), c.gmxBtcMarket()));
    MarketSnapshot eth = ok(reads.get(0));
    assertThat(eth.marketKey()).isEqualTo(c.gmxEthMarket());
    // 5e21 x 3600 / 1e30, longs pay
    assertThat(eth.fundingRateHourly())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.000018"));
    assertThat(eth.fundingCapHourly())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.000072"));
    assertThat(eth.openInterestLong())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("2000"));
    assertThat(eth.openInterestShort())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1500"));
    assertThat(eth.skew()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("500"));
    assertThat(eth.maxOpenInterestLong())
        .hasValueSatisfying(
            v ->
                assertThat(v)
                    .isEqualByComparingTo(
                        new BigDecimal("80000000")
                            .divide(new BigDecimal("3000"), GmxV2Reader.RATE_CONTEXT)));
    assertThat(eth.indexPrice())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("3000"));
    assertThat(eth.status().restricted()).isFalse();
    assertThat(eth.oracleProblem()).isEmpty();

    MarketSnapshot btc = ok(reads.get(1));
    // -3e21: shorts pay 0.00108 % an hour
    assertThat(btc.fundingRateHourly())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("-0.0000108"));
    // 8-decimal index token
    assertThat(btc.openInterestLong())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("45"));
    assertThat(btc.openInterestShort())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("60"));
    assertThat(btc.maxOpenInterestShort())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1000"));
  }

  @Test
  void a_funding_factor_of_1e22_reads_as_0_000036_per_hour_and_its_sign_as_the_payer() {
    devnet.ops().setGmxFunding(c.gmxEthMarket(), new BigInteger("10000000000000000000000"));
    devnet.ops().setGmxFunding(c.gmxBtcMarket(), new BigInteger("-10000000000000000000000"));
    List<Read<MarketSnapshot>> reads =
        reader().snapshots(List.of(c.gmxEthMarket(), c.gmxBtcMarket()));
    assertThat(ok(reads.get(0)).fundingRateHourly())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.000036"));
    assertThat(ok(reads.get(1)).fundingRateHourly())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("-0.000036"));
  }

  @Test
  void a_disabled_market_is_flagged_and_the_other_is_not() {
    devnet.ops().setGmxMarketDisabled(c.gmxBtcMarket(), true);
    List<Read<MarketSnapshot>> reads =
        reader().snapshots(List.of(c.gmxEthMarket(), c.gmxBtcMarket()));
    assertThat(ok(reads.get(0)).status().restricted()).isFalse();
    MarketSnapshot btc = ok(reads.get(1));
    assertThat(btc.status().disabled()).isTrue();
    assertThat(btc.status().reason())
        .hasValueSatisfying(r -> assertThat(r).contains("IS_MARKET_DISABLED"));
    // funding keeps accruing on a disabled market
    assertThat(btc.fundingRateHourly()).isPresent();
  }

  @Test
  void without_the_short_tokens_price_funding_is_missing_and_the_snapshot_says_why() {
    PRICES.remove("usdc-usd");
    MarketSnapshot eth = ok(reader().snapshots(List.of(c.gmxEthMarket())).get(0));
    assertThat(eth.fundingRateHourly()).isEmpty();
    assertThat(eth.oracleProblem())
        .hasValueSatisfying(p -> assertThat(p).startsWith("no USD price for usdc-usd"));
    assertThat(eth.openInterestLong())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("2000"));
  }

  @Test
  void market_info_is_returned_as_29_static_words() {
    String data =
        GmxV2Abi.getMarketInfo(
            c.gmxDataStore(),
            new GmxV2Abi.MarketPrices(
                GmxV2Reader.priceProps(new BigDecimal("3000"), 18),
                GmxV2Reader.priceProps(new BigDecimal("3000"), 18),
                GmxV2Reader.priceProps(BigDecimal.ONE, 6)),
            c.gmxEthMarket());
    var result = devnet.transactor().callRaw(c.gmxReader(), data);
    assertThat(result.reverted()).isFalse();
    assertThat((result.data().length() - 2) / 2).isEqualTo(GmxV2Abi.MARKET_INFO_WORDS * 32);
    GmxV2Abi.MarketInfo info =
        GmxV2Abi.decodeMarketInfo(new CallOutcome.Success(result.data()), c.gmxReader())
            .asOptional()
            .orElseThrow();
    assertThat(info.market())
        .isEqualTo(
            new GmxV2Abi.MarketProps(
                c.gmxEthMarket(), Devnet.GMX_WETH, Devnet.GMX_WETH, Devnet.GMX_USDC));
    assertThat(info.nextFunding().nextSavedFundingFactorPerSecond())
        .isEqualTo(Devnet.GMX_ETH_FUNDING_FACTOR);
  }

  @Test
  void an_unlisted_market_is_that_markets_failure() {
    String unlisted = "0x000000000000000000000000000000000000dead";
    GmxV2Reader reader =
        new GmxV2Reader(
            "gmx",
            chain,
            c.gmxReader(),
            c.gmxDataStore(),
            List.of(
                MARKETS.get(0),
                new GmxV2Reader.Market(
                    unlisted,
                    new GmxV2Reader.Token("eth-usd", 18),
                    new GmxV2Reader.Token("eth-usd", 18),
                    new GmxV2Reader.Token("usdc-usd", 6))),
            key -> Optional.ofNullable(PRICES.get(key)));
    List<Read<MarketSnapshot>> reads = reader.snapshots(List.of(unlisted, c.gmxEthMarket()));
    assertThat(reads.get(0).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f.describe()).contains("no GMX market"));
    assertThat(reads.get(1).failureIfAny()).isEmpty();
  }

  @Test
  void batches_of_both_venues_read_together_in_one_read_at() throws Exception {
    GmxV2Reader gmx = reader();
    gmx.prepare(chain.blockNumber());
    SynthetixV3Reader snx = new SynthetixV3Reader("snx", chain, c.synthetixPerpsMarket());
    long block = chain.blockNumber();
    proxy.reset();
    List<List<Read<MarketSnapshot>>> reads =
        OnChainBatch.readAt(
            chain,
            block,
            List.of(
                gmx.batch(List.of(c.gmxEthMarket(), c.gmxBtcMarket())),
                snx.batch(List.of("100", "200"))));
    assertThat(proxy.methodLog()).containsExactly("eth_call");
    assertThat(reads).hasSize(2);
    assertThat(ok(reads.get(0).get(1)).openInterestShort())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("60"));
    assertThat(ok(reads.get(1).get(0)).indexPrice())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("3000"));
  }

  /**
   * The intended cycle: the chain's oracle reads and both venues' reads in one eth_call, GMX priced
   * with the previous cycle's oracle answers (a price read in this eth_call cannot be an argument
   * of a call in the same eth_call).
   */
  @Test
  void oracles_and_both_venues_share_one_eth_call_per_cycle() throws Exception {
    PRICES.clear();
    PRICES.put("usdc-usd", BigDecimal.ONE);
    GmxV2Reader gmx = reader();
    SynthetixV3Reader snx = new SynthetixV3Reader("snx", chain, c.synthetixPerpsMarket());
    gmx.prepare(chain.blockNumber());
    List<String> gmxMarkets = List.of(c.gmxEthMarket(), c.gmxBtcMarket());

    for (int cycle = 0; cycle < 2; cycle++) {
      long block = chain.blockNumber();
      proxy.reset();
      List<ContractCall> calls = new ArrayList<>();
      calls.add(new ContractCall(c.ethUsdProxy(), ChainlinkAbi.LATEST_ROUND_DATA));
      calls.add(new ContractCall(c.btcUsdProxy(), ChainlinkAbi.LATEST_ROUND_DATA));
      GmxV2Reader.Batch gmxBatch = gmx.batch(gmxMarkets);
      SynthetixV3Reader.Batch snxBatch = snx.batch(List.of("100", "200"));
      calls.addAll(gmxBatch.calls());
      calls.addAll(snxBatch.calls());
      BlockReads reads = chain.readAt(block, calls);
      assertThat(proxy.methodLog()).as("cycle %d", cycle).containsExactly("eth_call");

      List<CallOutcome> o = reads.outcomes();
      int g = gmxBatch.calls().size();
      List<Read<MarketSnapshot>> gmxReads = gmxBatch.decode(reads.block(), o.subList(2, 2 + g));
      List<Read<MarketSnapshot>> snxReads =
          snxBatch.decode(reads.block(), o.subList(2 + g, o.size()));
      assertThat(snxReads).allSatisfy(r -> assertThat(r.failureIfAny()).isEmpty());
      if (cycle == 0) {
        assertThat(ok(gmxReads.get(0)).fundingRateHourly()).isEmpty();
      } else {
        assertThat(ok(gmxReads.get(0)).fundingRateHourly())
            .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.000018"));
        assertThat(ok(gmxReads.get(1)).indexPrice())
            .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("60000"));
      }
      ChainlinkRound eth =
          ChainlinkAbi.decodeRound(o.get(0), c.ethUsdProxy()).asOptional().orElseThrow();
      ChainlinkRound btc =
          ChainlinkAbi.decodeRound(o.get(1), c.btcUsdProxy()).asOptional().orElseThrow();
      PRICES.put("eth-usd", new BigDecimal(eth.answer(), Devnet.USD_DECIMALS));
      PRICES.put("btc-usd", new BigDecimal(btc.answer(), Devnet.USD_DECIMALS));
    }
  }
}
