package io.hedgewatch.monitor;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.RpcProbe;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.platform.PlatformWatch;
import java.time.Instant;
import java.util.List;

/**
 * The result of one full evaluation: what was read and what the rules made of it.
 *
 * @param endpoints what each RPC endpoint of each chain said when asked on its own, in the config's
 *     order of chains
 */
public record CheckReport(
    Instant at,
    Severity status,
    List<ChainStatus> chains,
    List<FeedStatus> feeds,
    List<MarketReport> markets,
    List<PositionReport> positions,
    List<PlatformWatch.ContractReport> contracts,
    List<Alert> alerts,
    List<RpcProbe> endpoints) {
  public CheckReport {
    chains = List.copyOf(chains);
    feeds = List.copyOf(feeds);
    markets = List.copyOf(markets);
    positions = List.copyOf(positions);
    contracts = List.copyOf(contracts);
    alerts = List.copyOf(alerts);
    endpoints = List.copyOf(endpoints);
  }

  /** A report without positions and endpoint probes. */
  public CheckReport(
      Instant at,
      Severity status,
      List<ChainStatus> chains,
      List<FeedStatus> feeds,
      List<MarketReport> markets,
      List<PlatformWatch.ContractReport> contracts,
      List<Alert> alerts) {
    this(at, status, chains, feeds, markets, List.of(), contracts, alerts, List.of());
  }
}
