package io.hedgewatch.monitor;

import io.hedgewatch.chain.ChainSetupException;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.platform.ContractStateReader;
import io.hedgewatch.platform.PlatformBaselines;
import io.hedgewatch.platform.PlatformWatch;
import io.hedgewatch.platform.WatchedContract;
import io.hedgewatch.store.Store;
import io.hedgewatch.store.StoreException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The platform part of one check: every watched contract ({@link WatchedContracts}: the {@code
 * watch} entries, the on-chain venues' contracts and the feeds' contracts) read at its chain's head
 * and compared with the baseline kept in the store ({@code storage.url}), so that two checks around
 * an upgrade flag it, and so does a check after an upgrade done while hedgewatch was not running.
 * The first sight of a contract stores its baseline and raises nothing. The store is opened only
 * when some readable chain has a contract to judge.
 */
final class PlatformChecker {

  private final HedgewatchConfig config;
  private final RpcRetryPolicy retryPolicy;
  private final Set<String> unreadableChains;
  private final CycleClients clients;

  /**
   * @param unreadableChains chains this check already failed to read: their watched contracts are
   *     left unjudged under the chain's own monitor.blind alert
   */
  PlatformChecker(
      HedgewatchConfig config,
      RpcRetryPolicy retryPolicy,
      Set<String> unreadableChains,
      CycleClients clients) {
    this.clients = clients;
    this.config = config;
    this.retryPolicy = retryPolicy;
    this.unreadableChains = Set.copyOf(unreadableChains);
  }

  List<PlatformWatch.ContractReport> check(List<Alert> alerts) {
    Map<ChainConfig, List<WatchedContract>> byChain = new LinkedHashMap<>();
    for (ChainConfig chain : config.chains().values()) {
      List<WatchedContract> watched = WatchedContracts.on(config, chain.id());
      if (!watched.isEmpty() && !unreadableChains.contains(chain.id())) {
        byChain.put(chain, watched);
      }
    }
    if (byChain.isEmpty()) {
      return List.of();
    }
    List<PlatformWatch.ContractReport> reports = new ArrayList<>();
    try (ReadCadences.Lease<Store> lease = clients.store(config.storage().url())) {
      Store store = lease.get();
      PlatformBaselines baselines = new PlatformBaselines(store);
      for (Map.Entry<ChainConfig, List<WatchedContract>> e : byChain.entrySet()) {
        ChainConfig chain = e.getKey();
        try (ReadCadences.Lease<ChainSession> head = clients.chain(chain, retryPolicy);
            ContractStateReader reader = ContractStateReader.connect(chain, retryPolicy)) {
          PlatformWatch.Report report =
              new PlatformWatch(
                      reader.callingThrough(head.get()).probingCode(head.get().codeProbe()),
                      baselines)
                  .check(head.get().blockNumber(), e.getValue(), config::rule);
          reports.addAll(report.contracts());
          alerts.addAll(report.alerts());
        } catch (ChainSetupException | IOException failure) {
          alerts.add(
              blind(
                  "chain:" + chain.id(),
                  "cannot read the watched contracts of chain "
                      + chain.id()
                      + ": "
                      + failure.getMessage()));
        }
      }
    } catch (StoreException e) {
      alerts.add(
          blind(
              "monitor",
              "cannot judge watched contracts without their baselines: " + e.getMessage()));
    }
    return reports;
  }

  private static Alert blind(String subject, String message) {
    return new Alert(
        "monitor.blind",
        Severity.UNKNOWN,
        subject,
        message,
        null,
        null,
        "check storage.url and the chain's rpcUrls");
  }
}
