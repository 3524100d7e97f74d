package io.hedgewatch.monitor;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.platform.PlatformWatch;
import java.time.Instant;
import java.util.List;

/** The result of one full evaluation: what was read and what the rules made of it. */
public record CheckReport(
    Instant at,
    Severity status,
    List<ChainStatus> chains,
    List<FeedStatus> feeds,
    List<MarketReport> markets,
    List<PlatformWatch.ContractReport> contracts,
    List<Alert> alerts) {
  public CheckReport {
    chains = List.copyOf(chains);
    feeds = List.copyOf(feeds);
    markets = List.copyOf(markets);
    contracts = List.copyOf(contracts);
    alerts = List.copyOf(alerts);
  }
}
