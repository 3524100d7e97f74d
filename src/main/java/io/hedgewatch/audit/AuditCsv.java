package io.hedgewatch.audit;

import io.hedgewatch.risk.OracleDriftRule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code rounds.csv}: one row per update inside the audited period, in time order, as RFC 4180
 * (header row, CRLF line ends, a field quoted when it holds a comma, a quote or a line break,
 * quotes doubled). Columns:
 *
 * <ul>
 *   <li>{@code id}, {@code phaseId}: the update as on chain ({@link FeedUpdate#id()})
 *   <li>{@code updatedAt}: ISO-8601 UTC
 *   <li>{@code answerRaw}: the integer as on chain; {@code price}: the answer in the feed's unit
 *   <li>{@code complete}: {@code true} or {@code false}
 *   <li>{@code referencePrice}, {@code referenceAt}: the close of the reference candle containing
 *       the update, else of the last candle that closed before it, and that candle's open time;
 *       empty when there is none
 *   <li>{@code driftBps}: {@code (price - reference) / reference} to 0.01 bps, as the findings
 *       compute it; empty for an incomplete update or without a reference
 *   <li>{@code gapSeconds}: seconds since the previous complete update (the one in force at the
 *       period's start counts); empty for an incomplete update or when there is none
 * </ul>
 */
public final class AuditCsv {

  static final List<String> HEADER =
      List.of(
          "id",
          "phaseId",
          "updatedAt",
          "answerRaw",
          "price",
          "complete",
          "referencePrice",
          "referenceAt",
          "driftBps",
          "gapSeconds");

  private AuditCsv() {}

  public static String render(AuditReport report) {
    Instant from = report.from();
    Instant to = report.to();
    StringBuilder out = new StringBuilder(128 * (report.updates().size() + 1));
    row(out, HEADER);
    Instant previous = report.findings().updates().inForceAtFrom().map(FeedUpdate::at).orElse(null);
    for (FeedUpdate u : report.updates()) {
      if (u.at().isBefore(from) || !u.at().isBefore(to)) {
        continue;
      }
      Optional<ReferencePoint> ref = AuditText.referenceAt(report.reference(), u.at());
      String drift =
          u.complete() && ref.isPresent()
              ? AuditText.bpsText(OracleDriftRule.driftBps(u.price(), ref.get().price()))
              : "";
      String gap = "";
      if (u.complete()) {
        if (previous != null) {
          gap = seconds(Duration.between(previous, u.at()));
        }
        previous = u.at();
      }
      row(
          out,
          List.of(
              u.id(),
              Integer.toString(u.phaseId()),
              AuditText.iso(u.at()),
              u.raw().toString(),
              AuditText.plain(u.price()),
              Boolean.toString(u.complete()),
              ref.map(r -> AuditText.plain(r.price())).orElse(""),
              ref.map(r -> AuditText.iso(r.openTime())).orElse(""),
              drift,
              gap));
    }
    return out.toString();
  }

  /** Whole seconds, or with the fraction when the updates are not on whole seconds. */
  private static String seconds(Duration d) {
    return d.getNano() == 0
        ? Long.toString(d.getSeconds())
        : AuditText.plain(java.math.BigDecimal.valueOf(d.toMillis(), 3));
  }

  private static void row(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(field(fields.get(i)));
    }
    out.append("\r\n");
  }

  static String field(String value) {
    if (value.indexOf(',') < 0
        && value.indexOf('"') < 0
        && value.indexOf('\n') < 0
        && value.indexOf('\r') < 0) {
      return value;
    }
    return '"' + value.replace("\"", "\"\"") + '"';
  }
}
