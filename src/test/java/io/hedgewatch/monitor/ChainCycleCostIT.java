package io.hedgewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.testing.DistinctFeeds;
import io.hedgewatch.testing.JsonRpcProxy;
import io.hedgewatch.testing.MovableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one {@code run} cycle costs the chain, counted at a JSON-RPC proxy in front of anvil: the
 * devnet's config (4 feeds, 4 on-chain markets, a Synthetix and a GMX position, the implicitly
 * watched contracts), then the same with many more Chainlink feeds. The figures are of a steady
 * cycle (the third), after the run's first cycle has connected and resolved what does not change.
 */
class ChainCycleCostIT {

  private static Devnet devnet;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    devnet = Devnet.start();
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  /** The devnet's config through {@code proxy}, with {@code moreFeeds} appended to its feeds. */
  private HedgewatchConfig config(JsonRpcProxy proxy, String moreFeeds) throws IOException {
    Path file = devnet.writeConfig(dir.resolve("devnet.yaml"));
    String yaml =
        Files.readString(file).replace("\"" + devnet.rpcUrl() + "\"", "\"" + proxy.url() + "\"");
    // The feeds section is the last of the devnet's config: more feeds are appended to it.
    StringBuilder more = new StringBuilder(moreFeeds);
    String positions =
        "\npositions:\n"
            + "  snx-short: { market: eth-perp-snx, account: \"1001\", hedges: { asset: ETH,"
            + " amount: 5 } }\n"
            + "  gmx-short: { market: eth-perp-gmx, account:"
            + " \"0x2222222222222222222222222222222222222222/short\", hedges: { asset: ETH,"
            + " amount: 2 } }\n";
    Files.writeString(file, yaml + more + positions);
    LoadResult result = ConfigLoader.load(file);
    assertThat(result).as("%s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  /** The JSON-RPC methods of the third cycle of a run, by name. */
  private Map<String, Integer> steadyCycle(JsonRpcProxy proxy, HedgewatchConfig config) {
    MovableClock clock = new MovableClock(Instant.now());
    try (ReadCadences cadences = ReadCadences.defaults(clock)) {
      Checker checker = new Checker(config, RpcRetryPolicy.DEFAULT, clock, cadences);
      for (int i = 0; i < 2; i++) {
        checker.check();
        devnet.anvil().mine();
        clock.advance(Duration.ofSeconds(1));
      }
      proxy.reset();
      CheckReport report = checker.check();
      assertThat(report.feeds())
          .allSatisfy(
              f ->
                  assertThat(f.reading().orElseThrow())
                      .as(f.spec().id())
                      .isNotInstanceOf(FeedReading.Unreadable.class));
      assertThat(report.markets())
          .allSatisfy(m -> assertThat(m.snapshot().asOptional()).as(m.market().id()).isPresent());
      Map<String, Integer> methods = new TreeMap<>();
      for (String method : proxy.methodLog()) {
        methods.merge(method, 1, Integer::sum);
      }
      System.out.printf(
          "cycle cost, %d feeds: %d HTTP requests, %s%n%s%n",
          report.feeds().size(), proxy.httpRequests(), methods, compact(proxy.methodLog()));
      return methods;
    }
  }

  /** The method log with runs of one method folded: {@code eth_call x3}. */
  private static String compact(java.util.List<String> log) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < log.size(); ) {
      int j = i;
      while (j < log.size() && log.get(j).equals(log.get(i))) {
        j++;
      }
      out.append(log.get(i)).append(j - i > 1 ? " x" + (j - i) : "").append(", ");
      i = j;
    }
    return out.toString();
  }

  /** The connection checks are the run's first cycle's, and the head is asked once a cycle. */
  private static void assertConnectedOnce(Map<String, Integer> methods) {
    assertThat(methods.getOrDefault("eth_blockNumber", 0)).as("head reads").isEqualTo(1);
    // The one eth_chainId left is the endpoint probe's (rpc.*), which compares endpoints' heads.
    assertThat(methods.getOrDefault("eth_chainId", 0)).as("chain id checks").isLessThanOrEqualTo(1);
  }

  /**
   * Code hashes and owners come from the deployless probe (one eth_call), never one eth_getCode per
   * watched contract; the calls that are not eth_call are the head, the block's time and the
   * watched proxies' storage slots, which no eth_call can read.
   */
  private static void assertNoCodeReads(Map<String, Integer> methods) {
    assertThat(methods.getOrDefault("eth_getCode", 0)).as("eth_getCode").isZero();
    int others =
        methods.entrySet().stream()
            .filter(e -> !e.getKey().equals("eth_call"))
            .mapToInt(Map.Entry::getValue)
            .sum();
    System.out.printf("JSON-RPC calls other than eth_call: %d %s%n", others, methods);
    assertThat(others)
        .as("calls other than eth_call, whatever the number of feeds")
        .isEqualTo(
            methods.getOrDefault("eth_blockNumber", 0)
                + methods.getOrDefault("eth_chainId", 0)
                + methods.getOrDefault("eth_getBlockByNumber", 0)
                + methods.getOrDefault("eth_getStorageAt", 0));
    // 1 head, 1 chain id (the endpoint probe), 4 block times, 4 slots of the devnet's proxies:
    // the same at 4 and at 1,000 feeds (it was 1,013 more at 1,000 feeds with eth_getCode).
    assertThat(others).isEqualTo(10);
  }

  @Test
  void a_steady_cycle_on_the_devnet_costs_four_eth_calls() throws IOException {
    try (JsonRpcProxy proxy = new JsonRpcProxy(devnet.rpcUrl())) {
      Map<String, Integer> methods = steadyCycle(proxy, config(proxy, ""));
      assertConnectedOnce(methods);
      // the oracles, the venues' markets, the venues' positions, the watched contracts' code
      // hashes and owners (the deployless probe)
      assertThat(methods.get("eth_call")).isEqualTo(4);
      assertNoCodeReads(methods);
    }
  }

  @Test
  void a_steady_cycle_over_1000_distinct_feeds_costs_the_oracle_chunks_and_three_eth_calls()
      throws IOException {
    // a few factory transactions instead of two per feed: the deploys took 150 of the IT's 160 s
    String feeds = String.join("", DistinctFeeds.configLines(devnet, 996));
    try (JsonRpcProxy proxy = new JsonRpcProxy(devnet.rpcUrl())) {
      Map<String, Integer> methods = steadyCycle(proxy, config(proxy, feeds));
      assertConnectedOnce(methods);
      // 1,000 feeds at five reads each, the sequencer and the block time: 5,002 calls, in chunks of
      // Web3jChainReader.DEFAULT_MAX_CALLS_PER_MULTICALL (anvil refuses the 5,002 in one: out of
      // gas at its 30M cap; a refused chunk would be halved); then one eth_call each for the
      // markets, the positions and the watched contracts' code hashes and owners (one probe for
      // the 1,000 feeds' proxies and the rest: up to CodeOwnerProbe.maxAddressesPerCall()).
      int oracleChunks =
          (5 * 1000 + 2 + Web3jChainReader.DEFAULT_MAX_CALLS_PER_MULTICALL - 1)
              / Web3jChainReader.DEFAULT_MAX_CALLS_PER_MULTICALL;
      assertThat(methods.get("eth_call")).isEqualTo(oracleChunks + 3);
      assertThat(methods.get("eth_call"))
          .as("issue 9's target: at most 5 a chain")
          .isLessThanOrEqualTo(5);
      assertNoCodeReads(methods);
    }
  }
}
