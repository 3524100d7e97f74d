package io.hedgewatch.cli;

import io.hedgewatch.audit.AuditReportWriter;
import io.hedgewatch.audit.FeedAuditFindings;
import io.hedgewatch.audit.FeedAuditRun;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.ConfigValues;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.InvalidValueException;
import io.hedgewatch.domain.TimeRange;
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
 * venues' candles: the verdict and its key numbers on stdout, the report files in {@code --out}.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = {
      "How a feed really behaved over a period: its rounds (Chainlink, across phases) or updates (Pyth) against",
      "the reference from the venues' candles: heartbeat gaps, missed deviation triggers, drift percentiles and",
      "episodes, rounds at its bounds, and a verdict: could it have been trusted, and when not.",
      "Both histories are cached (--cache): auditing a closed period again asks neither the chain nor the venues.",
      "Exit codes: 0 the audit was made (whatever its verdict), 1 it could not be (the reason on stderr)."
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

  @Option(names = "--feed", paramLabel = "ID", required = true, description = "The feed to audit.")
  String feed;

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
          "Where report.html, rounds.csv and summary.json go (created). Default: audit-FEED in the working directory.")
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
      written = AuditReportWriter.write(outcome.report(), dir);
    } catch (IOException e) {
      err.println("hedgewatch: cannot write the audit report: " + e.getMessage());
      return FAILED;
    }
    out.print(summary(outcome));
    out.println("report: " + written.html().toAbsolutePath());
    out.println("rounds: " + written.csv().toAbsolutePath());
    out.println("summary: " + written.json().toAbsolutePath());
    out.flush();
    return DONE;
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
