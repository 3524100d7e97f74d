package io.hedgewatch.cli;

import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.ConfigProblem;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code hedgewatch config}: work with config files. Without a subcommand it is a usage error. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Work with hedgewatch config files.",
    subcommands = {ConfigCommand.ValidateCommand.class})
public final class ConfigCommand implements Callable<Integer> {

  /** EX_CONFIG of sysexits(3): the config file is invalid. */
  public static final int EXIT_INVALID = 78;

  private final Map<String, String> env;

  @Spec CommandSpec spec;

  /** Reads {@code ${VAR}} from the process environment. */
  public ConfigCommand() {
    this(System.getenv());
  }

  /**
   * Reads {@code ${VAR}} from {@code env} instead of the process environment (for tests and
   * embedding).
   */
  public ConfigCommand(Map<String, String> env) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand: validate");
  }

  /**
   * {@code hedgewatch config validate FILE}: on success one line to stdout, {@code FILE: valid (N
   * chains, M feeds[, ignored sections: ...])}, exit 0; otherwise one line per problem to stderr,
   * {@code FILE: path: message}, then {@code N problems}, exit {@value #EXIT_INVALID}.
   */
  @Command(
      name = "validate",
      mixinStandardHelpOptions = true,
      description = {
        "Validate a config file and print every problem with its path.",
        "Exit codes: 0 valid, " + EXIT_INVALID + " invalid."
      })
  public static final class ValidateCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The YAML config file to check.")
    Path file;

    @ParentCommand ConfigCommand parent;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<String, String> env = parent != null ? parent.env : System.getenv();
      LoadResult result = ConfigLoader.load(file, env);
      if (result instanceof LoadResult.Loaded loaded) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(file + ": valid (" + summary(loaded.config()) + ")");
        out.flush();
        return 0;
      }
      PrintWriter err = spec.commandLine().getErr();
      var problems = ((LoadResult.Invalid) result).problems();
      for (ConfigProblem problem : problems) {
        err.println(file + ": " + problem);
      }
      err.println(count(problems.size(), "problem", "problems"));
      err.flush();
      return EXIT_INVALID;
    }

    private static String summary(HedgewatchConfig config) {
      String s =
          count(config.chains().size(), "chain", "chains")
              + ", "
              + count(config.feeds().size(), "feed", "feeds");
      // Sections that only later releases fill stay out of the line while empty, so old scripts
      // keep matching it.
      if (!config.venues().isEmpty() || !config.markets().isEmpty()) {
        s +=
            ", "
                + count(config.venues().size(), "venue", "venues")
                + ", "
                + count(config.markets().size(), "market", "markets");
      }
      if (!config.watch().isEmpty()) {
        s += ", " + count(config.watch().size(), "watched contract", "watched contracts");
      }
      if (!config.positions().isEmpty()) {
        s += ", " + count(config.positions().size(), "position", "positions");
      }
      if (!config.ignoredSections().isEmpty()) {
        s += ", ignored sections: " + String.join(", ", config.ignoredSections());
      }
      return s;
    }

    private static String count(int n, String one, String many) {
      return n + " " + (n == 1 ? one : many);
    }
  }
}
