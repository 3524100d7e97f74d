package io.hedgewatch.audit;

import java.util.List;

/**
 * The carry report's {@code carry.csv}: one row per settlement charged per venue (the hedge's venue
 * first, then each centralized venue), in time order within a venue, as RFC 4180 like {@link
 * AuditCsv}. Columns:
 *
 * <ul>
 *   <li>{@code venue}
 *   <li>{@code time}: the settlement's time as the venue gives it, ISO-8601 UTC
 *   <li>{@code rateHourly}: the venue's rate at it per hour (positive: longs pay shorts)
 *   <li>{@code chargedSeconds}: the part of its interval inside the period (less than the interval
 *       for a settlement straddling an edge)
 *   <li>{@code notional}: size × the price it was charged at
 *   <li>{@code payment}: what the hedge received from it, exact (negative: paid)
 *   <li>{@code cumulative}: the running net carry after it
 * </ul>
 */
public final class CarryAuditCsv {

  static final List<String> HEADER =
      List.of("venue", "time", "rateHourly", "chargedSeconds", "notional", "payment", "cumulative");

  private CarryAuditCsv() {}

  public static String render(CarryReport report) {
    StringBuilder out = new StringBuilder(4096);
    row(out, HEADER);
    for (CarryAuditVenue v : report.venues()) {
      for (CarryAuditVenue.Step s : v.cumulative()) {
        row(
            out,
            List.of(
                v.venue(),
                AuditText.iso(s.settledAt()),
                AuditText.plain(s.rateHourly()),
                Long.toString(s.charged().toSeconds()),
                AuditText.plain(s.notional()),
                AuditText.plain(s.payment()),
                AuditText.plain(s.net())));
      }
    }
    return out.toString();
  }

  private static void row(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(AuditCsv.field(fields.get(i)));
    }
    out.append("\r\n");
  }
}
