package io.hedgewatch.audit;

import io.hedgewatch.domain.TimeRange;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The carry report's {@code report.html}: one self-contained file (inline CSS and SVG, no script,
 * nothing fetched). First screen: the hedge's net carry on its venue, paid and received, its APR
 * against the cheapest and the median centralized venue; then the running net carry of each venue
 * as one chart ({@link SvgPlot}), then a table of the venues with their coverage and the stretches
 * their history misses, then the problems. Every string from the config or a venue is escaped.
 */
public final class CarryAuditHtml {

  /** Missing stretches listed per venue; summary.json has them all. */
  static final int MISSING_SHOWN = 5;

  private static final String CSS =
      """
      *{box-sizing:border-box}
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
      main{max-width:1000px;margin:0 auto;padding:16px}
      header.carry{border-radius:10px;padding:16px 20px;color:#fff;margin-bottom:16px;background:#24406b}
      header.carry.earned{background:#1a7f37}header.carry.paid{background:#b35900}
      .subject{font-size:13px;opacity:.92;word-break:break-all}
      h1.net{font-size:40px;margin:4px 0 2px}
      p.answer{font-size:17px;margin:0 0 6px}
      dl.numbers{display:grid;grid-template-columns:repeat(4,1fr);gap:8px;margin:0 0 16px}
      dl.numbers div{background:#fff;border-radius:8px;padding:8px 10px;box-shadow:0 1px 2px #0002}
      dt{font-size:12px;color:#5b6270}dd{margin:0;font-size:18px;font-weight:600}dd small{font-size:12px;font-weight:400;color:#5b6270}
      section{background:#fff;border-radius:8px;padding:12px 14px;margin:0 0 16px;box-shadow:0 1px 2px #0002}
      h2{font-size:16px;margin:0 0 8px}
      svg.chart{width:100%;height:auto;display:block}
      .legend span{margin-right:14px;font-size:12px}.legend i{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:4px}
      .frame{stroke:#444;fill:none}.grid{stroke:#e3e5e8;fill:none}.zero{stroke:#888;fill:none}
      text{font-size:11px;fill:#5b6270}
      .series{fill:none;stroke-width:1.5}
      .s0{stroke:#1f6feb}.s1{stroke:#6b7280}.s2{stroke:#8250df}.s3{stroke:#bf3989}.s4{stroke:#1a7f37}.s5{stroke:#9a6700}
      i.s0{background:#1f6feb}i.s1{background:#6b7280}i.s2{background:#8250df}i.s3{background:#bf3989}i.s4{background:#1a7f37}i.s5{background:#9a6700}
      table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #eceef1;vertical-align:top}
      th{color:#5b6270;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
      ul.problems li{margin:4px 0}p.none,p.note{color:#5b6270;font-size:12px;margin:6px 0 0}
      """;

  private CarryAuditHtml() {}

  public static String render(CarryReport report) {
    CarryAuditResult r = report.result();
    StringBuilder h = new StringBuilder(64 * 1024);
    AuditHtml.openPage(h, "Carry audit: " + report.subject(), r.from(), r.to(), CSS);
    header(h, report);
    numbers(h, report);
    chart(h, report);
    venues(h, report);
    problems(h, report);
    h.append("</main></body></html>\n");
    return h.toString();
  }

  private static void header(StringBuilder h, CarryReport report) {
    CarryAuditResult r = report.result();
    CarryAuditVenue own = r.hedgeVenue();
    String tone = own.settlements() == 0 ? "" : own.net().signum() >= 0 ? " earned" : " paid";
    h.append("<header class=\"carry")
        .append(tone)
        .append("\" id=\"headline\"><div class=\"subject\">Hedge carry of ")
        .append(esc(report.hedgeText()))
        .append(", ")
        .append(AuditText.iso(r.from()))
        .append(" to ")
        .append(AuditText.iso(r.to()))
        .append("</div><h1 class=\"net\" id=\"net\">")
        .append(own.net().signum() >= 0 ? "received " : "paid ")
        .append(esc(CarryReport.money(own.net().abs())))
        .append("</h1>");
    for (String line : report.headline()) {
      h.append("<p class=\"answer\">").append(esc(line)).append("</p>");
    }
    h.append("</header>\n");
  }

  private static void numbers(StringBuilder h, CarryReport report) {
    CarryAuditResult r = report.result();
    CarryAuditVenue own = r.hedgeVenue();
    CarryAuditResult.Comparison c = r.comparison();
    h.append("<dl class=\"numbers\">");
    number(h, "paid", "paid on " + own.venue(), CarryReport.money(own.paid()), "");
    number(h, "received", "received on " + own.venue(), CarryReport.money(own.received()), "");
    number(
        h,
        "apr",
        "net APR on " + own.venue(),
        own.netApr().map(CarryReport::apr).orElse("n/a"),
        "over covered time");
    number(
        h,
        "cheapest",
        "cheapest CEX APR",
        c.cheapestApr().map(CarryReport::apr).orElse("n/a"),
        c.cheapestVenue().orElse("no CEX history"));
    number(h, "median", "median CEX APR", c.medianApr().map(CarryReport::apr).orElse("n/a"), "");
    number(
        h,
        "excess-cheapest",
        "cost vs cheapest",
        c.excessCostVsCheapest().map(CarryReport::money).orElse("n/a"),
        "positive: the hedge venue cost more");
    number(
        h,
        "excess-median",
        "cost vs median",
        c.excessCostVsMedian().map(CarryReport::money).orElse("n/a"),
        "");
    number(
        h,
        "coverage",
        own.venue() + " coverage",
        coverage(own, r),
        own.coverage().complete() ? "complete" : own.coverage().missing().size() + " gaps");
    h.append("</dl>\n");
  }

  private static void number(StringBuilder h, String id, String label, String value, String note) {
    h.append("<div id=\"n-")
        .append(id)
        .append("\"><dt>")
        .append(esc(label))
        .append("</dt><dd>")
        .append(esc(value));
    if (!note.isEmpty()) {
      h.append(" <small>").append(esc(note)).append("</small>");
    }
    h.append("</dd></div>");
  }

  private static void chart(StringBuilder h, CarryReport report) {
    CarryAuditResult r = report.result();
    List<CarryAuditVenue> venues = report.venues();
    List<SvgPlot.Line> lines = new ArrayList<>();
    double lo = 0;
    double hi = 0;
    for (CarryAuditVenue v : venues) {
      SvgPlot.Line line = new SvgPlot.Line();
      v.cumulative().forEach(s -> line.add(s.at(), s.net().doubleValue()));
      if (line.size() > 0) {
        lo = Math.min(lo, line.min());
        hi = Math.max(hi, line.max());
      }
      lines.add(line);
    }
    SvgPlot plot = new SvgPlot(r.from(), r.to(), lo, hi);
    h.append("<section id=\"section-carry\"><h2>Cumulative net carry of ")
        .append(esc(report.hedgeText()))
        .append(" (USD; up: the hedge earned)</h2><p class=\"legend\">");
    for (int i = 0; i < venues.size(); i++) {
      h.append("<span><i class=\"s")
          .append(i % 6)
          .append("\"></i>")
          .append(esc(venues.get(i).venue()))
          .append("</span>");
    }
    h.append("</p><svg class=\"chart\" id=\"chart-carry\" viewBox=\"0 0 ")
        .append(SvgPlot.WIDTH)
        .append(' ')
        .append(SvgPlot.HEIGHT)
        .append("\" role=\"img\">")
        .append(plot.axes("USD"))
        .append(plot.level("zero", "zero", 0, ""));
    for (int i = 0; i < lines.size(); i++) {
      int[] drawn = new int[1];
      String d = plot.path(lines.get(i), drawn);
      h.append("<path class=\"series s")
          .append(i % 6)
          .append("\" data-venue=\"")
          .append(esc(venues.get(i).venue()))
          .append("\" data-points=\"")
          .append(lines.get(i).size())
          .append("\" d=\"")
          .append(d)
          .append("\"/>");
    }
    h.append("</svg>");
    if (lines.stream().allMatch(l -> l.size() == 0)) {
      h.append("<p class=\"none\">No settlement in the period on any venue.</p>");
    }
    h.append("</section>\n");
  }

  private static void venues(StringBuilder h, CarryReport report) {
    CarryAuditResult r = report.result();
    h.append("<section id=\"section-venues\"><h2>Venues</h2><table id=\"venues\"><thead><tr>")
        .append("<th>venue</th><th>interval</th><th>settlements</th><th>paid</th>")
        .append("<th>received</th><th>net</th><th>net APR</th><th>coverage</th>")
        .append("<th>missing</th></tr></thead><tbody>");
    for (CarryAuditVenue v : report.venues()) {
      CarryAuditVenue.Coverage c = v.coverage();
      h.append("<tr data-venue=\"")
          .append(esc(v.venue()))
          .append("\"><td>")
          .append(esc(v.venue()))
          .append("</td><td>")
          .append(AuditText.duration(v.interval()))
          .append("</td><td class=\"num\">")
          .append(v.settlements());
      if (v.partialSettlements() > 0) {
        h.append(" (").append(v.partialSettlements()).append(" partial)");
      }
      h.append("</td><td class=\"num\">")
          .append(esc(CarryReport.money(v.paid())))
          .append("</td><td class=\"num\">")
          .append(esc(CarryReport.money(v.received())))
          .append("</td><td class=\"num\">")
          .append(esc(CarryReport.money(v.net())))
          .append("</td><td class=\"num\">")
          .append(esc(v.netApr().map(CarryReport::apr).orElse("n/a")))
          .append("</td><td class=\"num\">")
          .append(esc(coverage(v, r)))
          .append("</td><td>");
      if (c.complete()) {
        h.append("none");
      } else {
        h.append(c.missingIntervals()).append(" intervals: ");
        List<TimeRange> missing = c.missing();
        for (int i = 0; i < Math.min(MISSING_SHOWN, missing.size()); i++) {
          h.append(i > 0 ? "; " : "")
              .append(AuditText.iso(missing.get(i).from()))
              .append(" to ")
              .append(AuditText.iso(missing.get(i).to()));
        }
        if (missing.size() > MISSING_SHOWN) {
          h.append("; and ").append(missing.size() - MISSING_SHOWN).append(" more");
        }
      }
      h.append("</td></tr>");
    }
    h.append("</tbody></table><p class=\"note\">Prices: ")
        .append(esc(report.priceSource()))
        .append(". APRs are over each venue's covered time. carry.csv lists every settlement.</p>")
        .append("</section>\n");
  }

  private static void problems(StringBuilder h, CarryReport report) {
    h.append("<section id=\"section-problems\"><h2>Missing inputs</h2>");
    if (report.problems().isEmpty()) {
      h.append("<p class=\"none\">None: every venue asked answered.</p>");
    } else {
      h.append("<ul class=\"problems\">");
      report.problems().forEach(p -> h.append("<li>").append(esc(p)).append("</li>"));
      h.append("</ul>");
    }
    h.append("</section>\n");
  }

  /** The share of the period a venue's settlements cover, as a percent. */
  private static String coverage(CarryAuditVenue v, CarryAuditResult r) {
    Duration period = Duration.between(r.from(), r.to());
    return AuditText.percent(
        BigDecimal.valueOf(v.coverage().covered().toMillis())
            .divide(BigDecimal.valueOf(period.toMillis()), 6, java.math.RoundingMode.HALF_UP)
            .doubleValue());
  }

  private static String esc(String s) {
    return AuditHtml.escape(s);
  }
}
