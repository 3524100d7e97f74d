package io.hedgewatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import java.io.PrintWriter;
import java.util.Arrays;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code hedgewatch} command. Usage errors exit 2 with a one-line reason; failures print one
 * line and no stack trace unless {@code --verbose}.
 */
@Command(
    name = "hedgewatch",
    mixinStandardHelpOptions = true,
    versionProvider = HedgewatchCommand.Version.class,
    description =
        "Watches hedged positions on perpetual DEXes and raises clear, machine-readable alarms when the hedge is in danger.",
    subcommands = {
      CheckCommand.class,
      ConfigCommand.class,
      RunCommand.class,
      DemoCommand.class,
      DevnetCommand.class,
      StressCommand.class,
      AuditCommand.class,
      CommandLine.HelpCommand.class
    })
public final class HedgewatchCommand implements Runnable {

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Log what hedgewatch does and print stack traces of failures.")
  void setVerbose(boolean verbose) {
    HedgewatchCommand.verbose = verbose;
    if (verbose) {
      ((Logger) LoggerFactory.getLogger("io.hedgewatch")).setLevel(Level.DEBUG);
    }
  }

  static volatile boolean verbose;

  @Option(
      names = "--log-format",
      scope = ScopeType.INHERIT,
      paramLabel = "text|json",
      description = "How logs on stderr are written: text (default) or json, one object per line.")
  void setLogFormat(String format) {
    if (format.equalsIgnoreCase("json")) {
      LogFormat.JSON.apply();
    } else if (!format.equalsIgnoreCase("text")) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--log-format must be text or json, not '" + format + "'");
    }
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    verbose = Arrays.asList(args).contains("--verbose");
    CommandLine cli = new CommandLine(new HedgewatchCommand());
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (ex, a) -> {
          CommandLine failed = ex.getCommandLine();
          err.println(
              "hedgewatch: "
                  + ex.getMessage()
                  + " (see '"
                  + failed.getCommandSpec().qualifiedName()
                  + " --help')");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (ex, failed, parseResult) -> {
          err.println(
              "hedgewatch: "
                  + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()));
          if (verbose) {
            ex.printStackTrace(err);
          }
          return 1;
        });
    return cli.execute(args);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = HedgewatchCommand.class.getPackage().getImplementationVersion();
      return new String[] {"hedgewatch " + (version == null ? "development build" : version)};
    }
  }
}
