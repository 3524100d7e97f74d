package io.hedgewatch.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One chain of the {@code chains} section.
 *
 * @param rpcUrls endpoints in failover order (environment already substituted)
 * @param multicall3 where aggregate3 is called; without code there, reads go as a JSON-RPC batch
 * @param sequencerUptimeFeed Chainlink L2 sequencer uptime feed, for L2s
 * @param rpcTimeout timeout of one JSON-RPC request to one endpoint
 */
public record ChainConfig(
    String id,
    long chainId,
    List<String> rpcUrls,
    String multicall3,
    Optional<String> sequencerUptimeFeed,
    Duration pollInterval,
    Duration rpcTimeout) {

  public static final String DEFAULT_MULTICALL3 = "0xca11bde05977b3631167028862be2a173976ca11";
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);

  public ChainConfig {
    rpcUrls = List.copyOf(rpcUrls);
  }
}
