package io.hedgewatch.cli;

import io.hedgewatch.api.ApiMetrics;
import io.hedgewatch.api.ApiServer;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.SinkConfig;
import io.hedgewatch.delivery.AlertSink;
import io.hedgewatch.delivery.Dispatcher;
import io.hedgewatch.delivery.Sinks;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.monitor.Checker;
import io.hedgewatch.monitor.ReadCadences;
import io.hedgewatch.service.MonitorService;
import io.hedgewatch.store.Store;
import io.hedgewatch.store.StoreException;
import io.hedgewatch.store.StoreSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hedgewatch run}: the long-running monitor. Evaluates every configured chain at each new
 * block, runs the alert lifecycle, delivers events to the configured sinks from a durable outbox,
 * and serves the API and {@code /metrics}. SIGTERM or SIGINT finishes the cycle in progress,
 * flushes the outbox (up to {@link #DRAIN}) and exits 0.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "The long-running monitor: a cycle per new block, alerts to every sink, the API and /metrics.",
      "Alerts open once, remind, resolve, and reach every sink at least once across restarts; the API",
      "serves status, alerts, Server-Sent Events and Prometheus metrics. Without --config it runs on",
      "the built-in devnet. Exit codes: 0 after SIGTERM/SIGINT, 1 on failure."
    })
public final class RunCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger("io.hedgewatch.run");

  /** How long shutdown waits for the sinks to take what is due. */
  static final Duration DRAIN = Duration.ofSeconds(10);

  static final int FAILED = 1;

  /** How often observations and delivered events older than the store's retention are pruned. */
  static final Duration RETENTION_EVERY = Duration.ofHours(1);

  private static void applyRetention(Store store) {
    try {
      LOG.info("retention: {}", store.applyRetention());
    } catch (RuntimeException e) {
      LOG.warn("cannot prune the store: {}", e.getMessage());
    }
  }

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The hedgewatch YAML config. Without it, run monitors the built-in devnet.")
  Path config;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (config != null) {
      return run(config, Optional.empty());
    }
    err.println("hedgewatch: no --config given: running on the built-in devnet");
    Path dir = Files.createTempDirectory("hedgewatch-devnet");
    try (Devnet devnet = Devnet.start()) {
      Path file = devnet.writeConfig(dir.resolve("devnet.yaml"));
      err.println("hedgewatch: devnet at " + devnet.rpcUrl() + ", config " + file);
      return run(file, Optional.of(devnet));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temp file is harmless
      }
    }
  }

  private int run(Path file, Optional<Devnet> devnet) throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Optional<HedgewatchConfig> loaded = CheckCommand.load(file, err);
    if (loaded.isEmpty()) {
      return FAILED;
    }
    HedgewatchConfig cfg = loaded.get();
    Clock clock = Clock.systemUTC();
    Store store;
    try {
      store = Store.open(StoreSettings.of(cfg.storage().url()), clock);
    } catch (StoreException e) {
      err.println("hedgewatch: " + e.getMessage());
      return FAILED;
    }
    List<AutoCloseable> toClose = new ArrayList<>();
    ShutdownSignal signal = null;
    try {
      PrometheusMeterRegistry registry = ApiMetrics.newRegistry();
      OkHttpClient http = new OkHttpClient();
      List<AlertSink> sinks = Sinks.create(cfg.alerts(), http, System.out);
      toClose.addAll(sinks);
      Dispatcher dispatcher =
          new Dispatcher(
              store,
              sinks,
              Sinks.policies(cfg.alerts()),
              clock,
              java.util.random.RandomGenerator.getDefault(),
              registry);
      toClose.add(0, dispatcher);
      ReadCadences cadences = ReadCadences.defaults(clock).withMetrics(registry);
      toClose.add(cadences);
      MonitorService service =
          MonitorService.builder(cfg)
              .evaluation(new Checker(cfg, RpcRetryPolicy.DEFAULT, clock, cadences)::check)
              .headsOverRpc(RpcRetryPolicy.DEFAULT)
              .store(store, store)
              .observations(store)
              .afterCommit(dispatcher::wake)
              .clock(clock)
              .metrics(registry)
              .build();
      ApiServer api;
      try {
        api = ApiServer.start(cfg.api(), service, registry);
      } catch (RuntimeException e) {
        err.println("hedgewatch: " + e.getMessage());
        return FAILED;
      }
      // Signals are taken over only once everything is up: a start that fails exits 1 plainly.
      signal = ShutdownSignal.install();
      dispatcher.start();
      service.start();
      ScheduledExecutorService maintenance =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "hedgewatch-retention");
                t.setDaemon(true);
                return t;
              });
      toClose.add(maintenance::shutdownNow);
      maintenance.scheduleWithFixedDelay(
          () -> applyRetention(store), 1, RETENTION_EVERY.toMinutes(), TimeUnit.MINUTES);
      err.println(
          "hedgewatch: monitoring "
              + cfg.chains().size()
              + " chains, "
              + cfg.feeds().size()
              + " feeds, "
              + cfg.markets().size()
              + " markets, "
              + cfg.positions().size()
              + " positions; sinks: "
              + String.join(", ", cfg.alerts().sinks().stream().map(SinkConfig::name).toList())
              + "; API http://"
              + cfg.api().host()
              + ":"
              + api.port()
              + "/api/v1/status"
              + (cfg.api().token().isPresent() ? " (acknowledgements need the token)" : ""));
      err.flush();
      String why = signal.await();
      err.println(
          "hedgewatch: " + why + ": finishing the cycle in progress and flushing the outbox");
      err.flush();
      service.stop();
      boolean drained = dispatcher.drain(DRAIN);
      if (!drained) {
        err.println(
            "hedgewatch: some events are still queued; they are delivered at the next start");
      }
      api.close();
      return 0;
    } finally {
      for (AutoCloseable c : toClose) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.debug("closing {}: {}", c, e.toString());
        }
      }
      store.close();
      if (signal != null) {
        signal.done();
      }
    }
  }
}
