package io.hedgewatch.cli;

import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.monitor.Checker;
import io.hedgewatch.monitor.StressJson;
import io.hedgewatch.monitor.StressReport;
import io.hedgewatch.monitor.StressTable;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hedgewatch stress}: one check, then every position shocked ({@link StressReport}) and
 * printed as a table or as the contract's JSON; the exit code is the worst alert's, as for check.
 */
@Command(
    name = "stress",
    mixinStandardHelpOptions = true,
    description = {
      "What-if for every configured position: reads everything once, as check does, then shocks each position",
      "and judges it again: does it liquidate, what margin is left, what buffer it needs, which alerts would fire,",
      "and the smallest price move that liquidates it. Without --price-shock, each position goes through a ladder",
      "from -50% to +50% in steps of 10%.",
      "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (config or RPC failure, with the reason on stderr)."
    })
public final class StressCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      required = true,
      description = "The hedgewatch YAML config with the positions to stress.")
  Path config;

  @Option(
      names = "--price-shock",
      paramLabel = "PCT",
      converter = PriceShock.class,
      description =
          "The market's move, with its unit: -10%, +25%, -500bps; above -100%. Without it, the ladder.")
  BigDecimal priceShock;

  @Option(
      names = "--funding-x",
      paramLabel = "K",
      defaultValue = "1",
      converter = FundingMultiplier.class,
      description =
          "Every funding rate, current and settled, is multiplied by K (3 or 3x; 0 removes funding). Default: ${DEFAULT-VALUE}.")
  BigDecimal fundingX;

  @Option(
      names = "--drift",
      paramLabel = "PCT",
      defaultValue = "0%",
      converter = Drift.class,
      description =
          "Each venue's mark drifts this far against each position on top of the move (a long's lower, a short's higher), 0% to below 100%. Default: ${DEFAULT-VALUE}.")
  BigDecimal drift;

  @Option(
      names = "--sequencer-outage",
      paramLabel = "CHAIN",
      arity = "0..1",
      fallbackValue = ALL_CHAINS,
      description = {
        "The sequencer of CHAIN goes down (repeatable; without CHAIN every chain with a sequencerUptimeFeed):",
        "sequencer.down fires, and a position whose venue or buffer is on that chain cannot take margin until",
        "the restart, so its buffer counts as empty."
      })
  List<String> sequencerOutage = new ArrayList<>();

  @Option(
      names = "--json",
      description = "Print the contract's JSON document on stdout instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  /** No chain id can be it: ids start with a letter or a digit. */
  private static final String ALL_CHAINS = "*";

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Optional<HedgewatchConfig> loaded = CheckCommand.load(config, err);
    if (loaded.isEmpty()) {
      return CheckCommand.UNKNOWN;
    }
    HedgewatchConfig cfg = loaded.get();
    StressReport.Scenario scenario =
        new StressReport.Scenario(
            Optional.ofNullable(priceShock), fundingX, drift, outageChains(cfg));
    if (cfg.positions().isEmpty()) {
      err.println("hedgewatch: " + config + " has no positions: nothing to stress");
    }
    CheckReport check = new Checker(cfg, RpcRetryPolicy.DEFAULT, Clock.systemUTC()).check();
    CheckCommand.printChainErrors(check, err);
    StressReport report = StressReport.of(check, scenario, cfg);
    PrintWriter out = spec.commandLine().getOut();
    out.print(json ? StressJson.render(report) + "\n" : StressTable.render(report));
    out.flush();
    return report.status().exitCode();
  }

  /**
   * The chains {@code --sequencer-outage} names, each checked against the config: known, and with a
   * sequencer uptime feed (hedgewatch sees an outage only through one).
   */
  private List<String> outageChains(HedgewatchConfig cfg) {
    Set<String> chains = new LinkedHashSet<>();
    List<String> withFeed =
        cfg.chains().values().stream()
            .filter(c -> c.sequencerUptimeFeed().isPresent())
            .map(ChainConfig::id)
            .toList();
    for (String name : sequencerOutage) {
      if (name.equals(ALL_CHAINS)) {
        if (withFeed.isEmpty()) {
          throw usage(
              "--sequencer-outage: no chain in "
                  + config
                  + " has a sequencerUptimeFeed to go down");
        }
        chains.addAll(withFeed);
      } else if (!cfg.chains().containsKey(name)) {
        throw usage(
            "--sequencer-outage: no chain '"
                + name
                + "' in "
                + config
                + " (chains: "
                + String.join(", ", cfg.chains().keySet())
                + ")");
      } else if (!withFeed.contains(name)) {
        throw usage(
            "--sequencer-outage: chain '"
                + name
                + "' has no sequencerUptimeFeed, so hedgewatch cannot see it go down");
      } else {
        chains.add(name);
      }
    }
    return List.copyOf(chains);
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /**
   * A signed percent or basis points; the unit is required, since a bare {@code -10} could be read
   * as -10 % or as a fraction (-1000 %).
   */
  private static final Pattern SIGNED_RATIO =
      Pattern.compile("([+-]?)([0-9]+(?:\\.[0-9]+)?|\\.[0-9]+)\\s*(%|bps)");

  static BigDecimal signedRatio(String text) {
    Matcher m = SIGNED_RATIO.matcher(text.strip());
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException(
          "'" + text + "' is not a percent; write it with its unit, such as 10%, -2.5% or 50bps");
    }
    BigDecimal value = new BigDecimal(m.group(2)).movePointLeft(m.group(3).equals("%") ? 2 : 4);
    return normalized(m.group(1).equals("-") ? value.negate() : value);
  }

  private static BigDecimal normalized(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }

  /** {@code --price-shock}: a signed move above -100 %. */
  static final class PriceShock implements CommandLine.ITypeConverter<BigDecimal> {
    @Override
    public BigDecimal convert(String text) {
      BigDecimal move = signedRatio(text);
      if (move.compareTo(BigDecimal.ONE.negate()) <= 0) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "' is not above -100%: a price cannot fall by all of itself or more");
      }
      return move;
    }
  }

  /** {@code --drift}: against each position, so not negative, and below 100 %. */
  static final class Drift implements CommandLine.ITypeConverter<BigDecimal> {
    @Override
    public BigDecimal convert(String text) {
      BigDecimal drift = signedRatio(text);
      if (drift.signum() < 0) {
        throw new CommandLine.TypeConversionException(
            "'"
                + text
                + "' is negative: the drift is always against each position; give its size, such as 2%");
      }
      if (drift.compareTo(BigDecimal.ONE) >= 0) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "' is not below 100%: a mark cannot drift by all of the price");
      }
      return drift;
    }
  }

  private static final Pattern MULTIPLIER = Pattern.compile("([+-]?[0-9]+(?:\\.[0-9]+)?)x?");

  /** {@code --funding-x}: a multiplier of 0 or more, {@code 3} or {@code 3x}. */
  static final class FundingMultiplier implements CommandLine.ITypeConverter<BigDecimal> {
    @Override
    public BigDecimal convert(String text) {
      Matcher m = MULTIPLIER.matcher(text.strip());
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "' is not a multiplier; write a number such as 3 (or 3x), 0.5 or 0");
      }
      BigDecimal k = normalized(new BigDecimal(m.group(1)));
      if (k.signum() < 0) {
        throw new CommandLine.TypeConversionException(
            "'"
                + text
                + "' is negative: funding is multiplied by it (0 removes it, 1 keeps it, 3 triples it);"
                + " a multiplier below 0 would turn who pays around");
      }
      return k;
    }
  }
}
