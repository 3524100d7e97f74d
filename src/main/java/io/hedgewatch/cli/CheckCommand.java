package io.hedgewatch.cli;

import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.ConfigProblem;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.monitor.CheckJson;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.monitor.CheckTable;
import io.hedgewatch.monitor.Checker;
import java.nio.file.Path;
import java.time.Clock;
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
    LoadResult loaded = ConfigLoader.load(config, System.getenv());
    if (loaded instanceof LoadResult.Invalid invalid) {
      for (ConfigProblem problem : invalid.problems()) {
        spec.commandLine().getErr().println(config + ": " + problem);
      }
      spec.commandLine()
          .getErr()
          .println(
              "hedgewatch: config "
                  + config
                  + " is invalid ("
                  + invalid.problems().size()
                  + " problems)");
      return UNKNOWN;
    }
    CheckReport report =
        new Checker(
                ((LoadResult.Loaded) loaded).config(), RpcRetryPolicy.DEFAULT, Clock.systemUTC())
            .check();
    report
        .chains()
        .forEach(
            c -> c.error().ifPresent(e -> spec.commandLine().getErr().println("hedgewatch: " + e)));
    spec.commandLine()
        .getOut()
        .print(json ? CheckJson.render(report) + "\n" : CheckTable.render(report));
    spec.commandLine().getOut().flush();
    return report.status().exitCode();
  }
}
