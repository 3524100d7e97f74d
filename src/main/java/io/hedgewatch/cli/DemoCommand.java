package io.hedgewatch.cli;

import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.devnet.Anvil;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetDemo;
import io.hedgewatch.devnet.scenario.Scenario;
import io.hedgewatch.devnet.scenario.ScenarioException;
import io.hedgewatch.devnet.scenario.ScenarioLibrary;
import io.hedgewatch.devnet.scenario.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hedgewatch demo}: the built-in devnet with the demo hedges, monitored as {@code run}
 * monitors it, while a scenario replays an incident on it. The market walk does not run: prices
 * stay where the scenario puts them, so that every alert is the story's.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "The built-in devnet, monitored as by run, while a scenario replays an incident on it: each",
      "step is printed as it is played, each alert as it fires. Exit codes: 0 at the end of the",
      "scenario (or on SIGTERM/SIGINT), 1 on failure, 2 for an unknown scenario."
    })
public final class DemoCommand implements Callable<Integer> {

  static final String DEFAULT_SCENARIO = "funding-squeeze";
  static final int FAILED = 1;
  static final int USAGE = 2;
  private static final String ENDED = "the scenario ended";

  @Option(
      names = "--scenario",
      paramLabel = "NAME",
      description = "The scenario to play (config/scenarios/NAME.yaml); default: ${DEFAULT-VALUE}.")
  String scenario = DEFAULT_SCENARIO;

  @Option(
      names = "--speed",
      paramLabel = "X",
      description =
          "How many times faster than scenario time to play (10: a scenario minute in 6 s);"
              + " default: ${DEFAULT-VALUE}.")
  double speed = 1;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!(speed > 0) || Double.isInfinite(speed)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--speed must be a positive number, was " + speed);
    }
    Optional<Scenario> story;
    try {
      story = ScenarioLibrary.load(scenario);
    } catch (ScenarioException e) {
      err.println("hedgewatch: " + e.getMessage());
      return FAILED;
    }
    if (story.isEmpty()) {
      err.println(
          "hedgewatch: no scenario '"
              + scenario
              + "'; available: "
              + String.join(", ", ScenarioLibrary.available()));
      return USAGE;
    }
    Path dir = Files.createTempDirectory("hedgewatch-demo");
    try {
      return demo(story.get(), dir, out, err);
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a leftover temp file is harmless
      }
    }
  }

  private int demo(Scenario story, Path dir, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    RunCommand.Progress progress = new RunCommand.Progress(err);
    Anvil anvil;
    try {
      anvil = progress.step("starting anvil", Anvil.builder()::start, a -> "up at " + a.rpcUrl());
    } catch (RuntimeException e) {
      err.println("hedgewatch: cannot start anvil: " + e.getMessage());
      return FAILED;
    }
    try (anvil;
        Devnet devnet =
            progress.step("deploying contracts", () -> Devnet.deployOn(anvil), d -> "done")) {
      progress.step(
          "opening the demo hedges",
          () -> {
            DevnetDemo.openPositions(devnet);
            return DevnetDemo.BUFFER_USDC;
          },
          usdc -> "a Synthetix and a GMX ETH short, " + usdc.toPlainString() + " USDC of buffer");
      Path file = DevnetDemo.writeConfig(devnet, dir.resolve("devnet.yaml"));
      MonitorStack.bindDevnetApi(file, err);
      Optional<HedgewatchConfig> cfg = CheckCommand.load(file, err);
      if (cfg.isEmpty()) {
        return FAILED;
      }
      return play(story, devnet, cfg.get(), out, err);
    } catch (RuntimeException e) {
      err.println("hedgewatch: the devnet failed: " + e.getMessage());
      return FAILED;
    }
  }

  private int play(
      Scenario story, Devnet devnet, HedgewatchConfig cfg, PrintWriter out, PrintWriter err)
      throws InterruptedException {
    Clock clock = Clock.systemUTC();
    MonitorStack stack;
    try {
      stack = MonitorStack.open(cfg, clock, System.out);
    } catch (MonitorStack.StartFailure e) {
      err.println("hedgewatch: " + e.getMessage());
      return FAILED;
    }
    ShutdownSignal signal = null;
    ExecutorService player =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "hedgewatch-scenario");
              t.setDaemon(true);
              return t;
            });
    try (stack) {
      signal = ShutdownSignal.install();
      stack.start();
      err.println(
          "hedgewatch: dashboard http://"
              + cfg.api().host()
              + ":"
              + stack.apiPort()
              + "/ ; playing "
              + story.name()
              + " at "
              + speedText()
              + "x: "
              + story.description());
      err.println("hedgewatch: shaped on " + story.incident());
      err.flush();
      out.println(stamp(Duration.ZERO) + "calm market for " + show(story.calm()));
      out.flush();
      ScenarioRunner runner = new ScenarioRunner(devnet);
      ScenarioRunner.Pacer pacer = ScenarioRunner.clockPacer(clock, speed);
      CompletableFuture<String> ended = new CompletableFuture<>();
      player.execute(
          () -> {
            try {
              runner.play(
                  story,
                  pacer,
                  (i, step) -> {
                    out.println(stamp(step.at()) + step.say());
                    out.flush();
                  });
              ended.complete(ENDED);
            } catch (InterruptedException e) {
              ended.complete("interrupted");
            } catch (RuntimeException e) {
              ended.completeExceptionally(e);
            }
          });
      ShutdownSignal installed = signal;
      Thread waiter =
          new Thread(
              () -> {
                try {
                  ended.complete(installed.await());
                } catch (InterruptedException e) {
                  // the scenario ended first
                }
              },
              "hedgewatch-demo-signal");
      waiter.setDaemon(true);
      waiter.start();
      String why;
      try {
        why = ended.get();
      } catch (ExecutionException e) {
        err.println("hedgewatch: " + e.getCause().getMessage());
        stack.stop(RunCommand.DRAIN);
        return FAILED;
      } finally {
        waiter.interrupt();
        player.shutdownNow();
      }
      if (why.equals(ENDED)) {
        out.println(stamp(story.length()) + why);
        out.flush();
      } else {
        err.println("hedgewatch: " + why + ": stopping the scenario and flushing the outbox");
        err.flush();
      }
      if (!stack.stop(RunCommand.DRAIN)) {
        err.println("hedgewatch: some events were not delivered before the demo ended");
      }
      return 0;
    } finally {
      player.shutdownNow();
      if (signal != null) {
        signal.done();
      }
    }
  }

  private String speedText() {
    return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
  }

  private static String stamp(Duration at) {
    return String.format(Locale.ROOT, "[scenario %02d:%02d] ", at.toMinutes(), at.toSecondsPart());
  }

  private static String show(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }
}
