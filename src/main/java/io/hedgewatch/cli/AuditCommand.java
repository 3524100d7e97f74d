package io.hedgewatch.cli;

import io.hedgewatch.audit.AuditReport;
import io.hedgewatch.audit.AuditReportWriter;
import io.hedgewatch.audit.CarryAuditHedge;
import io.hedgewatch.audit.CarryAuditResult;
import io.hedgewatch.audit.CarryAuditVenue;
import io.hedgewatch.audit.CarryHistory;
import io.hedgewatch.audit.CarryReport;
import io.hedgewatch.audit.CarryReportWriter;
import io.hedgewatch.audit.FeedAuditFindings;
import io.hedgewatch.audit.FeedAuditRun;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.ConfigValues;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.InvalidValueException;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.TimeRange;
import io.hedgewatch.store.Store;
import io.hedgewatch.store.StoreException;
import io.hedgewatch.store.StoreSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import okhttp3.OkHttpClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code hedgewatch audit}: how a feed behaved over a period, from its on-chain history and the
 * venues' candles, and what a hedge's funding carry was against the centralized venues ({@code
 * --market} or {@code --position}): the key numbers on stdout, the report files in {@code --out}.
 * With a feed and a carry target, the carry becomes a section of the feed's report.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "How a feed really behaved over a period: its rounds (Chainlink, across phases) or updates (Pyth) against",
      "the reference from the venues' candles: heartbeat gaps, missed deviation triggers, drift percentiles and",
      "episodes, rounds at its bounds, and a verdict: could it have been trusted, and when not.",
      "Both histories are cached (--cache): auditing a closed period again asks neither the chain nor the venues.",
      "With --market or --position: the funding the hedge paid and received over the period, annualised, against",
      "what the same hedge would have cost on the centralized venues of the market's fundingReferences.",
      "Exit codes: 0 the audit was made (whatever its verdict), 1 it could not be (the reason on stderr),",
      "2 the options do not make an audit."
    })
public final class AuditCommand implements Callable<Integer> {

  static final int DONE = 0;
  static final int FAILED = 1;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      required = true,
      description = "The hedgewatch YAML config with the feed and its reference.")
  Path config;

  @Option(names = "--feed", paramLabel = "ID", description = "The feed to audit.")
  String feed;

  @Option(
      names = "--market",
      paramLabel = "ID",
      description = "Audit the funding carry of a hedge on this market (give --side and --size).")
  String market;

  @Option(
      names = "--position",
      paramLabel = "ID",
      description =
          "Audit the funding carry of this position; one described by hand in the config brings its"
              + " side, size and entry price, one read from its venue needs --side and --size.")
  String position;

  @Option(
      names = "--side",
      paramLabel = "long|short",
      converter = SideConverter.class,
      description = "The hedge's side, when the config does not describe it.")
  PositionSide side;

  @Option(
      names = "--size",
      paramLabel = "N",
      description =
          "The hedge's size in base units (2 for 2 ETH), when the config does not give it.")
  BigDecimal size;

  @Option(
      names = "--price",
      paramLabel = "P",
      description =
          "The price to hold the notional at when the store has no marks of the market from `run`"
              + " (a by-hand position's entry price otherwise).")
  BigDecimal price;

  @Option(
      names = "--from",
      paramLabel = "T",
      required = true,
      converter = Moment.class,
      description =
          "Start of the period: 2026-11-01T00:00:00Z, 2026-11-01 (00:00 UTC), or a duration back from now (7d, 12h).")
  Instant from;

  @Option(
      names = "--to",
      paramLabel = "T",
      defaultValue = "now",
      converter = Moment.class,
      description = "End of the period (excluded), as --from, or now. Default: ${DEFAULT-VALUE}.")
  Instant to;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Where report.html, rounds.csv (carry.csv for a carry audit alone) and summary.json go"
              + " (created). Default: audit-ID (the feed, market or position) in the working"
              + " directory.")
  Path outDir;

  @Option(
      names = "--cache",
      paramLabel = "DIR",
      description =
          "Where fetched rounds and candles are kept. Default: $XDG_CACHE_HOME/hedgewatch/audit (~/.cache/...).")
  Path cache;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Optional<CarryHistory.Target> carryTarget = validate();
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Optional<HedgewatchConfig> loaded = CheckCommand.load(config, err);
    if (loaded.isEmpty()) {
      return FAILED;
    }
    if (!to.isAfter(from)) {
      err.println("hedgewatch: --to (" + to + ") is not after --from (" + from + ")");
      return FAILED;
    }
    Optional<CarryReport> carry = Optional.empty();
    if (carryTarget.isPresent()) {
      carry = carry(loaded.get(), carryTarget.get(), err);
      if (carry.isEmpty()) {
        return FAILED;
      }
      if (feed == null) {
        return writeCarry(carry.get(), out, err);
      }
    }
    Path cacheDir = cache != null ? cache : defaultCache();
    ProgressBar bar = new ProgressBar(err, io.hedgewatch.delivery.StdoutSink.isTerminal());
    FeedAuditRun.Outcome outcome;
    try {
      outcome =
          new FeedAuditRun(
                  loaded.get(),
                  cacheDir,
                  Clock.systemUTC(),
                  new OkHttpClient(),
                  RpcRetryPolicy.DEFAULT)
              .audit(feed, from, to, bar);
    } catch (FeedAuditRun.AuditException e) {
      bar.finish();
      err.println("hedgewatch: audit of " + feed + ": " + e.getMessage());
      return FAILED;
    } catch (RuntimeException e) {
      bar.finish();
      err.println("hedgewatch: audit of " + feed + " failed: " + e.getMessage());
      return FAILED;
    }
    bar.finish();
    Path dir = outDir != null ? outDir : Path.of("audit-" + feed);
    AuditReportWriter.Written written;
    try {
      AuditReport report = outcome.report();
      written =
          AuditReportWriter.write(
              carry.map(c -> report.withCarry(c.section())).orElse(report), dir);
    } catch (IOException e) {
      err.println("hedgewatch: cannot write the audit report: " + e.getMessage());
      return FAILED;
    }
    out.print(summary(outcome));
    carry.ifPresent(c -> out.print(carrySummary(c)));
    out.println("report: " + written.html().toAbsolutePath());
    out.println("rounds: " + written.csv().toAbsolutePath());
    out.println("summary: " + written.json().toAbsolutePath());
    out.flush();
    return DONE;
  }

  /**
   * The carry target, if any, after checking the options make an audit.
   *
   * @throws CommandLine.ParameterException naming what is missing or contradictory (exit 2)
   */
  private Optional<CarryHistory.Target> validate() {
    if (market != null && position != null) {
      throw usage("give --market or --position, not both: a position names its market");
    }
    Optional<CarryHistory.Target> target =
        market != null
            ? Optional.of(new CarryHistory.Target.Market(market))
            : Optional.ofNullable(position).map(CarryHistory.Target.Position::new);
    if (feed == null && target.isEmpty()) {
      throw usage(
          "give --feed ID to audit a feed, --market ID or --position ID to audit a hedge's carry,"
              + " or a feed and a carry target together");
    }
    if (target.isEmpty() && (side != null || size != null || price != null)) {
      throw usage("--side, --size and --price describe a hedge: give --market or --position too");
    }
    if ((side == null) != (size == null)) {
      throw usage("give the hedge's --side and --size together");
    }
    if (size != null && size.signum() <= 0) {
      throw usage("--size must be above 0, was " + size.toPlainString());
    }
    if (price != null && price.signum() <= 0) {
      throw usage("--price must be above 0, was " + price.toPlainString());
    }
    return target;
  }

  private CommandLine.ParameterException usage(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /**
   * The carry audit of {@code target}, its problems on stderr; empty, the reason on stderr, when
   * nothing could be computed.
   */
  private Optional<CarryReport> carry(
      HedgewatchConfig cfg, CarryHistory.Target target, PrintWriter err) {
    String what =
        "hedgewatch: carry audit of "
            + (target instanceof CarryHistory.Target.Position ? "position " : "market ")
            + target.id();
    Optional<CarryAuditHedge> hedge =
        side != null ? Optional.of(new CarryAuditHedge(side, size)) : Optional.empty();
    Clock clock = Clock.systemUTC();
    OkHttpClient http = new OkHttpClient();
    CarryHistory.Loaded loaded;
    try (Store store = Store.open(StoreSettings.of(cfg.storage().url()), clock)) {
      loaded =
          CarryHistory.overHttp(cfg, store, http, clock)
              .load(target, from, to, hedge, Optional.ofNullable(price));
    } catch (IllegalArgumentException | StoreException e) {
      err.println(what + ": " + e.getMessage());
      return Optional.empty();
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
    loaded.problems().forEach(p -> err.println(what + ": missing " + p));
    Optional<CarryAuditResult> result = loaded.audit(from, to);
    if (result.isEmpty()) {
      err.println(what + ": nothing to compute (" + String.join("; ", loaded.problems()) + ")");
      return Optional.empty();
    }
    CarryAuditResult r = result.get();
    boolean anySettlement =
        r.hedgeVenue().settlements() > 0 || r.cex().stream().anyMatch(v -> v.settlements() > 0);
    if (!anySettlement) {
      err.println(
          what
              + ": nothing to compute: no venue's funding history has a settlement between "
              + from
              + " and "
              + to);
      return Optional.empty();
    }
    return Optional.of(
        new CarryReport(target, loaded.marketId(), loaded.priceSource(), r, loaded.problems()));
  }

  private int writeCarry(CarryReport carry, PrintWriter out, PrintWriter err) {
    Path dir = outDir != null ? outDir : Path.of("audit-" + carry.target().id());
    AuditReportWriter.Written written;
    try {
      written = CarryReportWriter.write(carry, dir);
    } catch (IOException e) {
      err.println("hedgewatch: cannot write the carry report: " + e.getMessage());
      return FAILED;
    }
    out.print(carrySummary(carry));
    out.println("report: " + written.html().toAbsolutePath());
    out.println("carry: " + written.csv().toAbsolutePath());
    out.println("summary: " + written.json().toAbsolutePath());
    out.flush();
    return DONE;
  }

  /** The carry report's first screen, in text. */
  static String carrySummary(CarryReport c) {
    CarryAuditResult r = c.result();
    StringBuilder s = new StringBuilder();
    s.append("carry of ")
        .append(c.hedgeText())
        .append(", ")
        .append(r.from())
        .append(" .. ")
        .append(r.to())
        .append('\n');
    c.headline().forEach(line -> s.append(line).append('\n'));
    for (CarryAuditVenue v : c.venues()) {
      s.append("  ")
          .append(v.venue())
          .append(": ")
          .append(v.settlements())
          .append(" settlements, net ")
          .append(v.net().setScale(2, RoundingMode.HALF_UP).toPlainString())
          .append(" USD");
      if (!v.coverage().complete()) {
        s.append(", ")
            .append(v.coverage().missingIntervals())
            .append(" intervals missing (")
            .append(ranges(v.coverage().missing()))
            .append(')');
      }
      s.append('\n');
    }
    s.append("prices: ").append(c.priceSource()).append('\n');
    return s.toString();
  }

  static Path defaultCache() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("hedgewatch").resolve("audit");
  }

  /** The first screen, in text: the verdict, when not, and the numbers behind it. */
  static String summary(FeedAuditRun.Outcome o) {
    FeedAuditFindings f = o.findings();
    StringBuilder s = new StringBuilder();
    s.append("feed ")
        .append(o.feed().id())
        .append(" on ")
        .append(o.chain().id())
        .append(", ")
        .append(o.from())
        .append(" .. ")
        .append(o.to())
        .append(" (block ")
        .append(o.block())
        .append(o.updatesCached() ? ", rounds from the cache" : "")
        .append(")\n");
    s.append("verdict: ").append(f.verdict().trust()).append('\n');
    for (FeedAuditFindings.Reason r : f.verdict().reasons()) {
      s.append("  ").append(r.severity()).append(' ').append(r.summary());
      if (!r.when().isEmpty()) {
        s.append(" (").append(ranges(r.when())).append(')');
      }
      s.append('\n');
    }
    FeedAuditFindings.Updates u = f.updates();
    s.append("updates: ")
        .append(u.total())
        .append(" (")
        .append(u.incomplete())
        .append(" incomplete)\n");
    FeedAuditFindings.Heartbeat h = f.heartbeat();
    s.append("heartbeat ")
        .append(human(h.heartbeat()))
        .append(": largest gap ")
        .append(human(h.maxGap().length()))
        .append(", ")
        .append(h.overHeartbeat())
        .append(" gaps over it (")
        .append(percent(h.overHeartbeatShare()))
        .append(" of gaps, ")
        .append(percent(h.timeInGapsOverHeartbeatShare()))
        .append(" of the time)\n");
    FeedAuditFindings.Deviation d = f.deviation();
    s.append("deviation triggers: ")
        .append(d.triggers())
        .append(", met ")
        .append(d.met())
        .append(", missed ")
        .append(d.misses().size())
        .append(", undetermined ")
        .append(d.undetermined())
        .append('\n');
    f.drift()
        .distribution()
        .ifPresentOrElse(
            p ->
                s.append("drift |bps|: p50 ")
                    .append(bps(p.p50()))
                    .append(", p95 ")
                    .append(bps(p.p95()))
                    .append(", p99 ")
                    .append(bps(p.p99()))
                    .append(", max ")
                    .append(bps(p.max()))
                    .append(" over ")
                    .append(p.samples())
                    .append(" candles; above warn ")
                    .append(human(f.drift().timeAboveWarn()))
                    .append(", above critical ")
                    .append(human(f.drift().timeAboveCritical()))
                    .append('\n'),
            () -> s.append("drift: no reference candle in the period\n"));
    s.append("bound hits: ").append(f.bounds().size()).append('\n');
    return s.toString();
  }

  private static String ranges(java.util.List<TimeRange> when) {
    StringBuilder s = new StringBuilder();
    int shown = Math.min(3, when.size());
    for (int i = 0; i < shown; i++) {
      if (i > 0) {
        s.append(", ");
      }
      s.append(when.get(i).from()).append(" .. ").append(when.get(i).to());
    }
    if (when.size() > shown) {
      s.append(" and ").append(when.size() - shown).append(" more");
    }
    return s.toString();
  }

  static String bps(BigDecimal value) {
    return value.setScale(2, RoundingMode.HALF_UP).toPlainString();
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", share * 100);
  }

  static String human(Duration d) {
    return d.toString().substring(2).toLowerCase(Locale.ROOT);
  }

  /** {@code long} or {@code short}, in any case. */
  static final class SideConverter implements CommandLine.ITypeConverter<PositionSide> {
    @Override
    public PositionSide convert(String text) {
      try {
        return PositionSide.valueOf(text.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + text + "' is not a side: long or short");
      }
    }
  }

  /** An instant, a UTC date, {@code now}, or a duration back from now. */
  static final class Moment implements CommandLine.ITypeConverter<Instant> {
    private final Clock clock;

    Moment() {
      this(Clock.systemUTC());
    }

    Moment(Clock clock) {
      this.clock = clock;
    }

    @Override
    public Instant convert(String text) {
      String t = text.strip();
      if (t.equalsIgnoreCase("now")) {
        return clock.instant();
      }
      try {
        return Instant.parse(t);
      } catch (DateTimeParseException notInstant) {
        // a date or a duration
      }
      try {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException notDate) {
        // a duration
      }
      try {
        Duration back = ConfigValues.parseDuration(t);
        return clock.instant().minus(back);
      } catch (InvalidValueException notDuration) {
        throw new CommandLine.TypeConversionException(
            "'"
                + text
                + "' is not a time: 2026-11-01T00:00:00Z, 2026-11-01, now, or a duration back from"
                + " now such as 7d");
      }
    }
  }
}
