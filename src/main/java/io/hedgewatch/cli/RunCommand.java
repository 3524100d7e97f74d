package io.hedgewatch.cli;

import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.SinkConfig;
import io.hedgewatch.delivery.StdoutSink;
import io.hedgewatch.devnet.Anvil;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetDemo;
import io.hedgewatch.devnet.MarketDriver;
import io.hedgewatch.devnet.SimulatedPerpVenues;
import io.hedgewatch.service.MonitorService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The hedgewatch YAML config. Without it, run monitors the built-in devnet.")
  Path config;

  @Spec CommandSpec spec;

  @Option(
      names = "--seed",
      paramLabel = "N",
      description =
          "Without --config: the seed of the devnet's market walk (the same seed moves prices the"
              + " same way); default: a new one each run, printed at start.")
  Long seed;

  @Override
  public Integer call() throws Exception {
    PrintWriter err = spec.commandLine().getErr();
    if (config != null) {
      return run(config, Optional.empty());
    }
    err.println("hedgewatch: no --config given: running on the built-in devnet");
    Path dir = Files.createTempDirectory("hedgewatch-devnet");
    try {
      return runOnDevnet(err, dir);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temp file is harmless
      }
    }
  }

  /**
   * Brings the devnet up step by step, telling stderr each step as it starts and what it started;
   * the market walk stops before the devnet closes, and the devnet before anvil.
   */
  private int runOnDevnet(PrintWriter err, Path dir) throws InterruptedException {
    long walkSeed = seed != null ? seed : System.nanoTime();
    Progress progress = new Progress(err);
    Anvil anvil;
    try {
      anvil = progress.step("starting anvil", Anvil.builder()::start, a -> "up at " + a.rpcUrl());
    } catch (RuntimeException e) {
      err.println("hedgewatch: cannot start anvil: " + e.getMessage());
      return FAILED;
    }
    try (anvil;
        Devnet devnet =
            progress.step(
                "deploying contracts",
                () -> Devnet.deployOn(anvil),
                d ->
                    "oracles, sequencer feed, Pyth, Multicall3, Synthetix and GMX markets, proxy")) {
      progress.step(
          "opening the demo hedges",
          () -> {
            DevnetDemo.openPositions(devnet);
            return DevnetDemo.BUFFER_USDC;
          },
          usdc ->
              "a Synthetix and a GMX ETH short, "
                  + usdc.toPlainString()
                  + " USDC in the buffer wallet");
      err.println(
          "hedgewatch: simulated exchanges on "
              + devnet
                  .exchanges()
                  .baseUrl(io.hedgewatch.domain.ReferenceVenue.BINANCE)
                  .replaceAll("/[^/]*$", "")
              + " ("
              + String.join(
                  ", ",
                  java.util.Arrays.stream(io.hedgewatch.domain.ReferenceVenue.values())
                      .map(io.hedgewatch.domain.ReferenceVenue::configName)
                      .toList())
              + ", their perps and candles), hyperliquid and dydx on "
              + devnet
                  .perpVenues()
                  .baseUrl(SimulatedPerpVenues.Venue.HYPERLIQUID)
                  .replaceAll("/[^/]*$", ""));
      Path file = DevnetDemo.writeConfig(devnet, dir.resolve("devnet.yaml"));
      MonitorStack.bindDevnetApi(file, err);
      err.println("hedgewatch: devnet config " + file);
      try (MarketDriver market = new MarketDriver(devnet, walkSeed, MarketDriver.DEFAULT_TICK)) {
        market.start();
        err.println(
            "hedgewatch: prices walk every "
                + MarketDriver.DEFAULT_TICK.toSeconds()
                + "s (ETH 60 %, BTC 50 % a year; --seed "
                + walkSeed
                + " repeats it)");
        err.flush();
        return run(file, Optional.of(devnet));
      }
    } catch (RuntimeException e) {
      err.println("hedgewatch: the devnet failed: " + e.getMessage());
      return FAILED;
    }
  }

  /** Startup steps on stderr: "name… what it did (1.2 s)", or "name… failed". */
  static final class Progress {
    private final PrintWriter err;

    Progress(PrintWriter err) {
      this.err = err;
    }

    <T> T step(
        String name,
        java.util.function.Supplier<T> action,
        java.util.function.Function<T, String> done) {
      err.print("hedgewatch: " + name + "\u2026 ");
      err.flush();
      long start = System.nanoTime();
      T result;
      try {
        result = action.get();
      } catch (RuntimeException e) {
        err.println("failed");
        err.flush();
        throw e;
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      err.println(
          done.apply(result) + String.format(java.util.Locale.ROOT, " (%.1f s)", ms / 1000.0));
      err.flush();
      return result;
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
    MonitorStack stack;
    try {
      stack = MonitorStack.open(cfg, clock, System.out);
    } catch (MonitorStack.StartFailure e) {
      err.println("hedgewatch: " + e.getMessage());
      return FAILED;
    }
    ScheduledExecutorService maintenance =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "hedgewatch-maintenance");
              t.setDaemon(true);
              return t;
            });
    ShutdownSignal signal = null;
    try (stack) {
      // Signals are taken over only once everything is up: a start that fails exits 1 plainly.
      signal = ShutdownSignal.install();
      stack.start();
      MonitorService service = stack.service();
      maintenance.scheduleWithFixedDelay(
          stack::applyRetention, 1, RETENTION_EVERY.toMinutes(), TimeUnit.MINUTES);
      boolean terminal = StdoutSink.isTerminal();
      if (terminal) {
        maintenance.scheduleWithFixedDelay(
            () -> StatusLine.show(service, clock.instant(), System.err), 1, 1, TimeUnit.SECONDS);
      }
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
              + stack.apiPort()
              + "/api/v1/status"
              + (cfg.api().token().isPresent() ? " (acknowledgements need the token)" : ""));
      err.flush();
      String why = signal.await();
      maintenance.shutdownNow();
      if (terminal) {
        err.print(StatusLine.REWRITE);
      }
      err.println(
          "hedgewatch: " + why + ": finishing the cycle in progress and flushing the outbox");
      err.flush();
      if (!stack.stop(DRAIN)) {
        err.println(
            "hedgewatch: some events are still queued; they are delivered at the next start");
      }
      return 0;
    } finally {
      maintenance.shutdownNow();
      if (signal != null) {
        signal.done();
      }
    }
  }
}
