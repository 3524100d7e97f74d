package io.hedgewatch.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One chain of the {@code chains} section.
 *
 * @param rpcUrls endpoints in failover order (environment already substituted)
 * @param multicall3 where aggregate3 is called; without code there, reads go as a JSON-RPC batch
 * @param sequencerUptimeFeed Chainlink L2 sequencer uptime feed, for L2s
 * @param rpcTimeout timeout of one JSON-RPC request to one endpoint
 * @param maxHeadAge this chain's own limit for the age of its newest block ({@code rpc.lag}): empty
 *     for the rule's {@code warn} and {@code critical}; {@link Duration#ZERO} ({@code off}) when
 *     the chain makes blocks only for transactions, so that an old head says nothing; otherwise the
 *     WARNING level, with CRITICAL scaled as the rule's {@code critical} to its {@code warn}
 */
public record ChainConfig(
    String id,
    long chainId,
    List<String> rpcUrls,
    String multicall3,
    Optional<String> sequencerUptimeFeed,
    Duration pollInterval,
    Duration rpcTimeout,
    Optional<Duration> maxHeadAge) {

  public static final String DEFAULT_MULTICALL3 = "0xca11bde05977b3631167028862be2a173976ca11";
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(2);
  public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(10);

  /** {@code maxHeadAge: off}. */
  public static final Duration HEAD_AGE_OFF = Duration.ZERO;

  public ChainConfig {
    rpcUrls = List.copyOf(rpcUrls);
    Objects.requireNonNull(maxHeadAge, "maxHeadAge");
    if (maxHeadAge.isPresent() && maxHeadAge.get().isNegative()) {
      throw new IllegalArgumentException("maxHeadAge must not be negative, was " + maxHeadAge);
    }
  }

  /** A chain whose head age is judged by the rule's own levels. */
  public ChainConfig(
      String id,
      long chainId,
      List<String> rpcUrls,
      String multicall3,
      Optional<String> sequencerUptimeFeed,
      Duration pollInterval,
      Duration rpcTimeout) {
    this(
        id,
        chainId,
        rpcUrls,
        multicall3,
        sequencerUptimeFeed,
        pollInterval,
        rpcTimeout,
        Optional.empty());
  }
}
