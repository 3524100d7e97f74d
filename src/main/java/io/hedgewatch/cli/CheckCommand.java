package io.hedgewatch.cli;

import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.ConfigProblem;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.monitor.CheckJson;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.monitor.CheckTable;
import io.hedgewatch.monitor.Checker;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code hedgewatch check}: one full evaluation, printed as a table or as the contract's JSON. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
      "Reads every configured chain once and judges every feed.",
      "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (config or RPC failure, with the reason on stderr)."
    })
public final class CheckCommand implements Callable<Integer> {

  static final int UNKNOWN = 3;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "The hedgewatch YAML config. Without it, check runs on the built-in devnet: a local anvil with the project's contracts.")
  Path config;

  @Option(
      names = "--json",
      description = "Print the contract's JSON document on stdout instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (config == null) {
      return checkBuiltInDevnet();
    }
    return check(config);
  }

  private int checkBuiltInDevnet() {
    java.io.PrintWriter err = spec.commandLine().getErr();
    err.println(
        "hedgewatch: no --config given: checking the built-in devnet (a local anvil with the project's contracts)");
    Path dir = null;
    try (Devnet devnet = Devnet.start()) {
      dir = java.nio.file.Files.createTempDirectory("hedgewatch-devnet");
      Path file = devnet.writeConfig(dir.resolve("devnet.yaml"));
      err.println("hedgewatch: devnet at " + devnet.rpcUrl() + ", config " + file);
      return check(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(
          "cannot write the devnet config: " + e.getMessage(), e);
    } finally {
      if (dir != null) {
        try (var files = java.nio.file.Files.walk(dir)) {
          files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  private int check(Path config) {
    Optional<HedgewatchConfig> loaded = load(config, spec.commandLine().getErr());
    if (loaded.isEmpty()) {
      return UNKNOWN;
    }
    CheckReport report =
        new Checker(loaded.get(), RpcRetryPolicy.DEFAULT, Clock.systemUTC()).check();
    printChainErrors(report, spec.commandLine().getErr());
    spec.commandLine()
        .getOut()
        .print(json ? CheckJson.render(report) + "\n" : CheckTable.render(report));
    spec.commandLine().getOut().flush();
    return report.status().exitCode();
  }

  /**
   * The config in {@code file}; empty after every problem, with its path, and a summary line are
   * printed to {@code err} (the caller exits {@value #UNKNOWN}).
   */
  static Optional<HedgewatchConfig> load(Path file, PrintWriter err) {
    LoadResult loaded = ConfigLoader.load(file, System.getenv());
    if (loaded instanceof LoadResult.Invalid invalid) {
      for (ConfigProblem problem : invalid.problems()) {
        err.println(file + ": " + problem);
      }
      err.println(
          "hedgewatch: config "
              + file
              + " is invalid ("
              + invalid.problems().size()
              + " problems)");
      return Optional.empty();
    }
    return Optional.of(((LoadResult.Loaded) loaded).config());
  }

  /** Why each chain the check could not read was unreadable, one line each. */
  static void printChainErrors(CheckReport report, PrintWriter err) {
    report.chains().forEach(c -> c.error().ifPresent(e -> err.println("hedgewatch: " + e)));
  }
}
