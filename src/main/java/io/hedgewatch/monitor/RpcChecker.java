package io.hedgewatch.monitor;

import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.RpcProbe;
import io.hedgewatch.platform.EndpointProbe;
import io.hedgewatch.risk.RpcDisagreementRule;
import io.hedgewatch.risk.RpcLagRule;
import io.hedgewatch.risk.RpcRules;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The RPC endpoints part of one check: every {@code rpcUrls} entry of every chain asked on its own
 * ({@link EndpointProbe}, bypassing failover, which exists to hide a bad endpoint) and judged by
 * {@code rpc.lag} and {@code rpc.disagreement} on {@code chain:ID}.
 *
 * <p>{@link #start} sends the probes and returns at once; they run on the HTTP client's threads
 * while the check reads the chains, so they add no time to a check unless an endpoint is slower
 * than every read ({@link EndpointProbe#DEFAULT_TIMEOUT} at most). Every configured chain is
 * probed, also one that carries only venues or watched contracts.
 */
final class RpcChecker implements AutoCloseable {

  private record Running(
      ChainConfig chain, EndpointProbe probe, CompletableFuture<RpcProbe> result) {}

  private final HedgewatchConfig config;
  private final List<Running> running;

  private RpcChecker(HedgewatchConfig config, List<Running> running) {
    this.config = config;
    this.running = running;
  }

  /**
   * Probes every chain of {@code config}; the probes' time is {@code clock}'s. With both rules
   * switched off in {@code rules}, no endpoint is asked.
   */
  static RpcChecker start(HedgewatchConfig config, Clock clock) {
    List<Running> running = new ArrayList<>();
    if (!config.rule(RpcLagRule.ID).enabled() && !config.rule(RpcDisagreementRule.ID).enabled()) {
      return new RpcChecker(config, List.of());
    }
    List<Integer> depths = RpcRules.comparisonDepths(config::rule);
    for (ChainConfig chain : config.chains().values()) {
      EndpointProbe probe =
          new EndpointProbe(chain.id(), chain.chainId(), chain.rpcUrls(), timeout(chain), clock);
      running.add(new Running(chain, probe, probe.probeAsync(depths)));
    }
    return new RpcChecker(config, List.copyOf(running));
  }

  /** A chain with a short rpcTimeout gets no longer for its probe than for a read. */
  private static Duration timeout(ChainConfig chain) {
    return chain.rpcTimeout().compareTo(EndpointProbe.DEFAULT_TIMEOUT) < 0
        ? chain.rpcTimeout()
        : EndpointProbe.DEFAULT_TIMEOUT;
  }

  /**
   * Waits for every probe, adds each chain's {@code rpc.*} alerts to {@code alerts}, and returns
   * the probes in the config's order of chains.
   *
   * @param unreadable chains the check could not read: their {@code monitor.blind} already says why
   *     (no endpoint answers, or the one that does serves another chain id), so their probes are
   *     reported but not judged again, and such a check stays UNKNOWN (exit 3)
   */
  List<RpcProbe> finish(List<Alert> alerts, Collection<String> unreadable) {
    List<RpcProbe> probes = new ArrayList<>();
    for (Running r : running) {
      RpcProbe probe = r.result().join();
      probes.add(probe);
      if (!unreadable.contains(r.chain().id())) {
        alerts.addAll(RpcRules.evaluate(probe, config::rule, r.chain().maxHeadAge()));
      }
    }
    return List.copyOf(probes);
  }

  @Override
  public void close() {
    running.forEach(r -> r.probe().close());
  }
}
