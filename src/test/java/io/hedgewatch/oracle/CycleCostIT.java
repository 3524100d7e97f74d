package io.hedgewatch.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.FeedType;
import io.hedgewatch.domain.MarketHours;
import io.hedgewatch.testing.JsonRpcProxy;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one cycle costs in JSON-RPC traffic, counted at a proxy between hedgewatch and anvil: at 200
 * feeds on one chain, one eth_call plus the block-number read; and what the same cycle costs
 * without Multicall3.
 */
class CycleCostIT {

  private static Devnet devnet;
  private static DevnetContracts c;

  @BeforeAll
  static void start() {
    devnet = Devnet.start();
    c = devnet.contracts();
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  /** 200 feeds: 197 Chainlink feeds over the three proxies and 3 Pyth feeds on the one price id. */
  private static List<FeedSpec> twoHundredFeeds() {
    List<String> proxies = List.of(c.ethUsdProxy(), c.btcUsdProxy(), c.usdcUsdProxy());
    List<FeedSpec> feeds = new ArrayList<>();
    for (int i = 0; i < 197; i++) {
      feeds.add(
          new FeedSpec(
              "feed-" + i,
              "devnet",
              FeedType.CHAINLINK,
              proxies.get(i % 3),
              Optional.empty(),
              Duration.ofHours(1),
              new BigDecimal("0.005"),
              MarketHours.CRYPTO,
              Optional.empty()));
    }
    for (int i = 0; i < 3; i++) {
      feeds.add(
          new FeedSpec(
              "pyth-" + i,
              "devnet",
              FeedType.PYTH,
              c.pyth(),
              Optional.of(c.pythEthUsdId()),
              Duration.ofSeconds(60),
              new BigDecimal("0.005"),
              MarketHours.CRYPTO,
              Optional.empty()));
    }
    return feeds;
  }

  private static ChainConfig chain(String url, String multicall3) {
    return new ChainConfig(
        "devnet",
        devnet.chainId(),
        List.of(url),
        multicall3,
        Optional.of(c.sequencerFeed()),
        Duration.ofSeconds(1),
        Duration.ofSeconds(10));
  }

  @Test
  void a_cycle_over_200_feeds_costs_one_eth_call_and_one_block_number_read() throws Exception {
    try (JsonRpcProxy proxy = new JsonRpcProxy(devnet.rpcUrl());
        Web3jChainReader reader =
            Web3jChainReader.connect(
                chain(proxy.url(), Devnet.CANONICAL_MULTICALL3), RpcRetryPolicy.DEFAULT)) {
      List<FeedSpec> feeds = twoHundredFeeds();
      OracleReader oracles = new OracleReader(reader, feeds, Optional.of(c.sequencerFeed()));
      oracles.prepare(reader.blockNumber());

      for (int cycle = 0; cycle < 3; cycle++) {
        proxy.reset();
        ChainObservation observation = oracles.observe();
        assertThat(proxy.methodLog())
            .as("cycle %d", cycle)
            .containsExactly("eth_blockNumber", "eth_call");
        assertThat(proxy.httpRequests()).isEqualTo(2);
        assertThat(observation.feeds()).hasSize(200);
        assertThat(observation.feeds())
            .allSatisfy(f -> assertThat(f).isNotInstanceOf(FeedReading.Unreadable.class));
        assertThat(observation.sequencer()).isPresent();
        devnet.anvil().mine();
      }
    }
  }

  @Test
  void a_newly_seen_aggregator_costs_one_more_read_in_the_cycle_that_sees_it_only()
      throws Exception {
    try (JsonRpcProxy proxy = new JsonRpcProxy(devnet.rpcUrl());
        Web3jChainReader reader =
            Web3jChainReader.connect(
                chain(proxy.url(), Devnet.CANONICAL_MULTICALL3), RpcRetryPolicy.DEFAULT)) {
      String snapshot = devnet.anvil().snapshot();
      try {
        OracleReader oracles =
            new OracleReader(reader, twoHundredFeeds(), Optional.of(c.sequencerFeed()));
        oracles.prepare(reader.blockNumber());
        String next =
            devnet
                .ops()
                .deployAggregator(
                    8, "ETH / USD", Devnet.ETH_USD_MIN_ANSWER, Devnet.ETH_USD_MAX_ANSWER);
        devnet.ops().proposeAndConfirmAggregator(c.ethUsdProxy(), next);
        devnet
            .ops()
            .postRound(
                c.ethUsdProxy(), Devnet.ETH_USD_ANSWER, devnet.anvil().latestBlockTimestamp());

        proxy.reset();
        ChainObservation swapped = oracles.observe();
        assertThat(proxy.calls("eth_call")).isEqualTo(2);
        FeedReading.Chainlink eth = (FeedReading.Chainlink) swapped.feeds().get(0);
        assertThat(eth.aggregator()).contains(next);
        assertThat(eth.bounds()).isPresent();

        proxy.reset();
        oracles.observe();
        assertThat(proxy.calls("eth_call")).isEqualTo(1);
      } finally {
        devnet.anvil().revert(snapshot);
      }
    }
  }

  @Test
  void without_multicall3_a_cycle_is_batched_and_matches_the_multicall_readings() throws Exception {
    try (JsonRpcProxy proxy = new JsonRpcProxy(devnet.rpcUrl());
        Web3jChainReader batched =
            Web3jChainReader.connect(
                chain(proxy.url(), "0x000000000000000000000000000000000000beef"),
                RpcRetryPolicy.DEFAULT);
        Web3jChainReader multicall =
            Web3jChainReader.connect(
                chain(devnet.rpcUrl(), Devnet.CANONICAL_MULTICALL3), RpcRetryPolicy.DEFAULT)) {
      assertThat(batched.mode()).isEqualTo("json-rpc batch");
      List<FeedSpec> feeds = twoHundredFeeds();
      OracleReader viaBatch = new OracleReader(batched, feeds, Optional.of(c.sequencerFeed()));
      OracleReader viaMulticall =
          new OracleReader(multicall, feeds, Optional.of(c.sequencerFeed()));
      long block = multicall.blockNumber();
      viaBatch.prepare(block);
      proxy.reset();
      ChainObservation a = viaBatch.observeAt(block);
      ChainObservation b = viaMulticall.observeAt(block);
      assertThat(a).isEqualTo(b);
      // 197 x 5 + 3 x 2 + 1 reads and the block header, in batches of at most 100.
      int reads = 197 * 5 + 3 * 2 + 1;
      assertThat(proxy.calls("eth_call")).isEqualTo(reads);
      assertThat(proxy.httpRequests()).isEqualTo((reads + 99) / 100);
    }
  }
}
