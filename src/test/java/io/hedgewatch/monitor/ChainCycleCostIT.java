package io.hedgewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.domain.FeedReading;
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
import org.web3j.crypto.Keys;

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

  /** The devnet's config through {@code proxy}, with {@code extraFeeds} more Chainlink feeds. */
  private HedgewatchConfig config(JsonRpcProxy proxy, int extraFeeds) throws IOException {
    Path file = devnet.writeConfig(dir.resolve("devnet-" + extraFeeds + ".yaml"));
    String yaml =
        Files.readString(file).replace("\"" + devnet.rpcUrl() + "\"", "\"" + proxy.url() + "\"");
    // The feeds section is the last of the devnet's config: more feeds are appended to it. They
    // all read the ETH/USD and BTC/USD proxies, which is what a feed costs the chain: the same five
    // reads of its address, whichever address.
    StringBuilder more = new StringBuilder();
    for (int i = 0; i < extraFeeds; i++) {
      String address =
          Keys.toChecksumAddress(
              i % 2 == 0 ? devnet.contracts().ethUsdProxy() : devnet.contracts().btcUsdProxy());
      more.append("  extra-")
          .append(i)
          .append(": { chain: devnet, type: chainlink, address: \"")
          .append(address)
          .append("\", heartbeat: 1h, marketHours: crypto }\n");
    }
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
          "cycle cost, %d feeds: %d HTTP requests, %s%n",
          report.feeds().size(), proxy.httpRequests(), methods);
      return methods;
    }
  }

  @Test
  void measure_default() throws IOException {
    try (JsonRpcProxy proxy = new JsonRpcProxy(devnet.rpcUrl())) {
      steadyCycle(proxy, config(proxy, 0));
    }
  }

  @Test
  void measure_many() throws IOException {
    try (JsonRpcProxy proxy = new JsonRpcProxy(devnet.rpcUrl())) {
      steadyCycle(proxy, config(proxy, 996));
    }
  }
}
