package io.hedgewatch.cli;

import io.hedgewatch.alert.TrackedAlert;
import io.hedgewatch.api.MonitorView;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.monitor.ChainStatus;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.store.OutboxStats;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code run}'s compact live status on a terminal: one line on stderr, rewritten in place, with
 * what a person glances at (overall status, each chain's block, open alerts by severity, what the
 * sinks still owe, readiness). Never written to a file or a pipe, where the carriage returns would
 * be noise; the logs and the API say the same there.
 */
final class StatusLine {

  /** Erase from the cursor to the end of the line, after returning to its start. */
  static final String REWRITE = "\r\033[K";

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private StatusLine() {}

  /** The line for the monitor's state at {@code now}. Pure apart from reading the view. */
  static String render(MonitorView view, Instant now) {
    List<String> parts = new ArrayList<>();
    parts.add(TIME.format(now) + "Z");
    Optional<CheckReport> latest = view.latest();
    if (latest.isEmpty()) {
      parts.add("waiting for the first cycle");
    } else {
      CheckReport report = latest.get();
      parts.add(report.status().name());
      for (ChainStatus chain : report.chains()) {
        parts.add(
            chain.error().isPresent()
                ? chain.id() + " unreadable"
                : chain.id()
                    + " #"
                    + chain.block().map(b -> Long.toString(b.number())).orElse("?"));
      }
      parts.add("cycle " + Math.max(0, Duration.between(report.at(), now).toSeconds()) + " s ago");
    }
    List<TrackedAlert> open = view.alerts().open();
    if (open.isEmpty()) {
      parts.add("no open alert");
    } else {
      List<String> counts = new ArrayList<>();
      for (Severity severity : List.of(Severity.CRITICAL, Severity.WARNING, Severity.UNKNOWN)) {
        long n = open.stream().filter(a -> a.severity() == severity).count();
        if (n > 0) {
          counts.add(n + " " + severity.name().toLowerCase(java.util.Locale.ROOT));
        }
      }
      parts.add("open alerts: " + String.join(", ", counts));
    }
    long pending = view.outbox().stream().mapToLong(OutboxStats::pending).sum();
    long dead = view.outbox().stream().mapToLong(OutboxStats::dead).sum();
    if (pending > 0 || dead > 0) {
      parts.add("outbox " + pending + " pending" + (dead > 0 ? ", " + dead + " dead" : ""));
    }
    if (!view.ready()) {
      parts.add("not ready");
    }
    return String.join(" · ", parts);
  }

  /** Rewrites the line on {@code err}. */
  static void show(MonitorView view, Instant now, PrintStream err) {
    err.print(REWRITE + render(view, now));
    err.flush();
  }
}
