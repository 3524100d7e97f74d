package io.hedgewatch.audit;

import io.hedgewatch.audit.FeedAuditFindings.BoundHit;
import io.hedgewatch.audit.FeedAuditFindings.BoundPosition;
import io.hedgewatch.audit.FeedAuditFindings.DeviationMiss;
import io.hedgewatch.audit.FeedAuditFindings.DriftEpisode;
import io.hedgewatch.audit.FeedAuditFindings.DriftSample;
import io.hedgewatch.audit.FeedAuditFindings.Gap;
import io.hedgewatch.audit.FeedAuditFindings.Percentiles;
import io.hedgewatch.audit.FeedAuditFindings.Reason;
import io.hedgewatch.audit.FeedAuditFindings.Trust;
import io.hedgewatch.audit.FeedAuditFindings.Verdict;
import io.hedgewatch.domain.TimeRange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code report.html}: one self-contained file (inline CSS, charts as inline SVG, no script, no
 * external resource), readable offline and safe to mail.
 *
 * <p>The first screen answers "could I have trusted this feed in this period, and when not?": the
 * verdict, its reasons with their time ranges, and the key numbers. Then the charts, each an {@code
 * <svg class="chart" data-chart="NAME">} whose lines are {@code <path class="series"
 * data-series="NAME">}: {@code price} (feed and reference, untrusted ranges shaded red, degraded
 * amber), {@code drift} (with {@code data-warn-bps} / {@code data-critical-bps} and their lines),
 * {@code gaps} (histogram of gap lengths in heartbeats, the heartbeat marked) and, when a carry
 * section is given, {@code carry}. Then the tables. Lines are downsampled per pixel column (see
 * {@link SvgPlot}), so the file stays small for long periods. Every string from the config, the
 * chain or a venue is escaped.
 */
public final class AuditHtml {

  /** Tables listing every item of a long list stop here; the CSV and JSON have them all. */
  static final int TABLE_ROWS = 100;

  /** Upper ends of the gap histogram's bins, in heartbeats (inclusive); the last bin is open. */
  static final double[] GAP_BINS = {0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5};

  private static final String CSS =
      """
      *{box-sizing:border-box}
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
      main{max-width:1000px;margin:0 auto;padding:16px}
      header.verdict{border-radius:10px;padding:16px 20px;color:#fff;margin-bottom:16px}
      header.trustworthy{background:#1a7f37}header.degraded{background:#b35900}header.untrustworthy{background:#b42318}
      .feed{font-size:13px;opacity:.92;word-break:break-all}
      h1.trust{font-size:44px;margin:4px 0 2px;letter-spacing:.02em}
      p.answer{font-size:17px;margin:0 0 10px}
      ul.reasons{margin:0;padding-left:18px}ul.reasons li{margin:4px 0}
      .when{display:block;font-size:12px;opacity:.9}
      .sev{font-weight:700;font-size:11px;border:1px solid #fff;border-radius:3px;padding:0 4px;margin-right:6px}
      dl.numbers{display:grid;grid-template-columns:repeat(4,1fr);gap:8px;margin:0 0 16px}
      dl.numbers div{background:#fff;border-radius:8px;padding:8px 10px;box-shadow:0 1px 2px #0002}
      dt{font-size:12px;color:#5b6270}dd{margin:0;font-size:18px;font-weight:600}dd small{font-size:12px;font-weight:400;color:#5b6270}
      section{background:#fff;border-radius:8px;padding:12px 14px;margin:0 0 16px;box-shadow:0 1px 2px #0002}
      h2{font-size:16px;margin:0 0 8px}
      svg.chart{width:100%;height:auto;display:block}
      .legend span{margin-right:14px;font-size:12px}.legend i{display:inline-block;width:14px;height:3px;vertical-align:middle;margin-right:4px}
      .frame{stroke:#444;fill:none}.grid{stroke:#e3e5e8;fill:none}
      text{font-size:11px;fill:#5b6270}
      .series{fill:none;stroke-width:1.3}
      .s0{stroke:#1f6feb}.s1{stroke:#6b7280}.s2{stroke:#8250df}.s3{stroke:#bf3989}.s4{stroke:#1a7f37}.s5{stroke:#9a6700}
      i.s0{background:#1f6feb}i.s1{background:#6b7280}i.s2{background:#8250df}i.s3{background:#bf3989}i.s4{background:#1a7f37}i.s5{background:#9a6700}
      rect.untrusted{fill:#b42318;fill-opacity:.16}rect.degraded{fill:#e8a33d;fill-opacity:.18}
      i.untrusted{background:#b4231855;height:10px}i.degraded{background:#e8a33d55;height:10px}
      .warn{stroke:#b35900;stroke-dasharray:6 4;fill:none}.critical{stroke:#b42318;stroke-dasharray:6 4;fill:none}.zero{stroke:#888;fill:none}
      .bar{fill:#1f6feb}.bar.over{fill:#b42318}.heartbeat{stroke:#1d2330;stroke-width:2;stroke-dasharray:4 3;fill:none}
      table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:3px 8px;border-bottom:1px solid #eceef1;vertical-align:top}
      th{color:#5b6270;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
      p.more,p.none{color:#5b6270;font-size:12px;margin:6px 0 0}
      """;

  private AuditHtml() {}

  public static String render(AuditReport report) {
    StringBuilder h = new StringBuilder(256 * 1024);
    FeedAuditFindings f = report.findings();
    openPage(h, "Feed audit: " + report.feed().id(), f.from(), f.to(), CSS);
    verdict(h, report);
    numbers(h, report);
    priceChart(h, report);
    driftChart(h, report);
    gapChart(h, report);
    report.carry().ifPresent(c -> carryChart(h, report, c));
    tables(h, report);
    h.append("</main></body></html>\n");
    return h.toString();
  }

  /** The page up to its {@code <main>}: a title naming what and when (escaped), inline CSS. */
  static void openPage(
      StringBuilder h, String title, java.time.Instant from, java.time.Instant to, String css) {
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">")
        .append("<title>")
        .append(escape(title))
        .append(' ')
        .append(AuditText.iso(from))
        .append(" to ")
        .append(AuditText.iso(to))
        .append("</title><style>")
        .append(css)
        .append("</style></head><body><main>\n");
  }

  // ---------------------------------------------------------------- first screen

  private static void verdict(StringBuilder h, AuditReport report) {
    FeedAuditFindings f = report.findings();
    Verdict v = f.verdict();
    Duration period = Duration.between(f.from(), f.to());
    h.append("<header id=\"verdict\" class=\"verdict ")
        .append(v.trust().name().toLowerCase(java.util.Locale.ROOT))
        .append("\" data-trust=\"")
        .append(v.trust().name())
        .append("\"><div class=\"feed\">Feed <b>")
        .append(escape(report.feed().id()))
        .append("</b> · ")
        .append(escape(report.feed().type()))
        .append(" on ")
        .append(escape(report.feed().chain()))
        .append(" · ")
        .append(escape(report.feed().address()))
        .append("<br>")
        .append(AuditText.iso(f.from()))
        .append(" to ")
        .append(AuditText.iso(f.to()))
        .append(" (")
        .append(AuditText.duration(period))
        .append(")</div><h1 class=\"trust\">")
        .append(v.trust().name())
        .append("</h1><p class=\"answer\">");
    if (v.trust() == Trust.TRUSTWORTHY) {
      h.append("Yes: nothing in this period gives a reason to distrust the feed.");
    } else if (v.trust() == Trust.DEGRADED) {
      h.append("With care: degraded for ")
          .append(AuditText.duration(total(v.degraded())))
          .append(" in ")
          .append(v.degraded().size())
          .append(" range(s), never untrusted.");
    } else {
      h.append("Not throughout: untrusted for ")
          .append(AuditText.duration(total(v.untrusted())))
          .append(" in ")
          .append(v.untrusted().size())
          .append(" range(s)")
          .append(
              v.degraded().isEmpty()
                  ? "."
                  : ", degraded for " + AuditText.duration(total(v.degraded())) + ".");
    }
    h.append("</p>");
    if (!v.reasons().isEmpty()) {
      h.append("<ul class=\"reasons\">");
      for (Reason r : v.reasons()) {
        h.append("<li data-kind=\"")
            .append(r.kind().name())
            .append("\"><span class=\"sev\">")
            .append(r.severity().name())
            .append("</span>")
            .append(escape(r.summary()))
            .append("<span class=\"when\">")
            .append(ranges(r.when(), 6))
            .append("</span></li>");
      }
      h.append("</ul>");
    }
    h.append("</header>\n");
  }

  private static void numbers(StringBuilder h, AuditReport report) {
    FeedAuditFindings f = report.findings();
    FeedAuditParams p = report.params();
    FeedAuditFindings.Heartbeat hb = f.heartbeat();
    Gap max = hb.maxGap();
    Optional<Percentiles> pct = f.drift().distribution();
    long atBound = f.bounds().stream().filter(b -> b.position() != BoundPosition.NEAR).count();
    h.append("<dl class=\"numbers\" id=\"numbers\">");
    number(
        h,
        "updates",
        "Updates",
        Integer.toString(f.updates().total()),
        f.updates().complete() + " complete, " + f.updates().incomplete() + " incomplete");
    number(
        h,
        "max-gap",
        "Largest gap vs heartbeat",
        AuditText.duration(max.length()),
        AuditText.heartbeats(max.length(), hb.heartbeat()).toPlainString()
            + " × the "
            + AuditText.duration(hb.heartbeat())
            + " heartbeat");
    number(
        h,
        "gaps-over",
        "Gaps over heartbeat",
        hb.overHeartbeat() + " of " + hb.gaps().size(),
        AuditText.percent(hb.overHeartbeatShare())
            + " of gaps, "
            + AuditText.duration(hb.timeInGapsOverHeartbeat())
            + " of the period");
    number(
        h,
        "deviation",
        "Missed deviation triggers",
        f.deviation().misses().size() + " of " + f.deviation().triggers(),
        "threshold "
            + AuditText.bpsText(AuditText.fractionBps(p.deviationThreshold()))
            + " bps, tolerance "
            + AuditText.duration(p.deviationTolerance())
            + (f.deviation().undetermined() > 0
                ? ", " + f.deviation().undetermined() + " undetermined"
                : ""));
    number(
        h,
        "drift-p50",
        "Drift p50 / p95 (bps)",
        pct.map(x -> AuditText.bpsText(x.p50()) + " / " + AuditText.bpsText(x.p95())).orElse("–"),
        pct.map(x -> "of |drift|, " + x.samples() + " candles").orElse("no reference"));
    number(
        h,
        "drift-p99",
        "Drift p99 / max (bps)",
        pct.map(x -> AuditText.bpsText(x.p99()) + " / " + AuditText.bpsText(x.max())).orElse("–"),
        "reference coverage " + AuditText.percent(f.drift().coverageShare()));
    number(
        h,
        "above-levels",
        "Time above warn / critical",
        AuditText.duration(f.drift().timeAboveWarn())
            + " / "
            + AuditText.duration(f.drift().timeAboveCritical()),
        "levels "
            + AuditText.bpsText(AuditText.fractionBps(p.driftWarn()))
            + " / "
            + AuditText.bpsText(AuditText.fractionBps(p.driftCritical()))
            + " bps, "
            + f.drift().episodes().size()
            + " episode(s)");
    number(
        h,
        "bounds",
        "Bound hits (at or past / near)",
        atBound + " / " + (f.bounds().size() - atBound),
        p.bounds().isPresent() ? "circuit-breaker bounds known" : "bounds not known");
    h.append("</dl>\n");
  }

  private static void number(StringBuilder h, String id, String label, String value, String note) {
    h.append("<div data-number=\"")
        .append(id)
        .append("\"><dt>")
        .append(escape(label))
        .append("</dt><dd>")
        .append(escape(value))
        .append("<br><small>")
        .append(escape(note))
        .append("</small></dd></div>");
  }

  // ---------------------------------------------------------------- charts

  private static void priceChart(StringBuilder h, AuditReport report) {
    FeedAuditFindings f = report.findings();
    SvgPlot.Line feed = new SvgPlot.Line();
    Optional<FeedUpdate> inForce = f.updates().inForceAtFrom();
    BigDecimal last = inForce.map(FeedUpdate::price).orElse(null);
    if (last != null) {
      feed.add(f.from(), last.doubleValue());
    }
    for (FeedUpdate u : report.updates()) {
      if (!u.complete() || u.at().isBefore(f.from()) || !u.at().isBefore(f.to())) {
        continue;
      }
      // the answer holds until the next round: a step, not a slope
      if (last != null) {
        feed.add(u.at(), last.doubleValue());
      }
      feed.add(u.at(), u.price().doubleValue());
      last = u.price();
    }
    if (last != null) {
      feed.add(f.to(), last.doubleValue());
    }
    SvgPlot.Line reference = new SvgPlot.Line();
    Instant previousClose = null;
    for (ReferencePoint r : report.reference()) {
      if (r.openTime().isBefore(f.from()) || r.closeTime().isAfter(f.to())) {
        continue;
      }
      if (previousClose != null && !previousClose.equals(r.openTime())) {
        reference.lift();
      }
      reference.add(r.closeTime(), r.price().doubleValue());
      previousClose = r.closeTime();
    }
    double lo = Math.min(feed.min(), reference.min());
    double hi = Math.max(feed.max(), reference.max());
    SvgPlot plot = bounded(f, lo, hi);
    open(h, "price", "Price vs reference", "feed reference");
    legend(h, List.of("feed", "reference"), true);
    svg(h, "price", "feed reference", "");
    h.append(plot.bands("degraded", f.verdict().degraded()));
    h.append(plot.bands("untrusted", f.verdict().untrusted()));
    h.append(plot.axes("price"));
    line(h, plot, feed, "feed", 0);
    line(h, plot, reference, "reference", 1);
    close(h, feed.size() + reference.size() == 0 ? "No prices in this period." : null);
  }

  private static void driftChart(StringBuilder h, AuditReport report) {
    FeedAuditFindings f = report.findings();
    FeedAuditParams p = report.params();
    double warn = AuditText.fractionBps(p.driftWarn()).doubleValue();
    double critical = AuditText.fractionBps(p.driftCritical()).doubleValue();
    SvgPlot.Line drift = new SvgPlot.Line();
    Instant previousClose = null;
    for (DriftSample s : f.drift().samples()) {
      if (previousClose != null && !previousClose.equals(s.openTime())) {
        drift.lift();
      }
      drift.add(s.closeTime(), s.driftBps().doubleValue());
      previousClose = s.closeTime();
    }
    double span = Math.max(critical * 1.15, 0);
    double lo = Math.min(-span, drift.size() > 0 ? drift.min() : 0);
    double hi = Math.max(span, drift.size() > 0 ? drift.max() : 0);
    SvgPlot plot = bounded(f, lo, hi);
    open(h, "drift", "Drift against the reference (bps, feed minus reference)", "drift");
    legend(h, List.of("drift"), true);
    svg(
        h,
        "drift",
        "drift",
        " data-warn-bps=\""
            + AuditText.bpsText(AuditText.fractionBps(p.driftWarn()))
            + "\" data-critical-bps=\""
            + AuditText.bpsText(AuditText.fractionBps(p.driftCritical()))
            + "\"");
    h.append(plot.bands("degraded", f.verdict().degraded()));
    h.append(plot.bands("untrusted", f.verdict().untrusted()));
    h.append(plot.axes("bps"));
    h.append(plot.level("zero", "zero", 0, ""));
    String warnText = AuditText.bpsText(AuditText.fractionBps(p.driftWarn()));
    String criticalText = AuditText.bpsText(AuditText.fractionBps(p.driftCritical()));
    h.append(plot.level("warn", "warn", warn, "warn " + warnText));
    h.append(plot.level("warn", "-warn", -warn, "-warn " + warnText));
    h.append(plot.level("critical", "critical", critical, "critical " + criticalText));
    h.append(plot.level("critical", "-critical", -critical, "-critical " + criticalText));
    line(h, plot, drift, "drift", 2);
    close(h, drift.size() == 0 ? "No drift was judged: no reference or no answer." : null);
  }

  private static void gapChart(StringBuilder h, AuditReport report) {
    FeedAuditFindings.Heartbeat hb = report.findings().heartbeat();
    int[] counts = new int[GAP_BINS.length + 1];
    for (Gap g : hb.gaps()) {
      double ratio = (double) g.length().toMillis() / hb.heartbeat().toMillis();
      int bin = 0;
      while (bin < GAP_BINS.length && ratio > GAP_BINS[bin]) {
        bin++;
      }
      counts[bin]++;
    }
    int most = 1;
    for (int c : counts) {
      most = Math.max(most, c);
    }
    open(h, "gaps", "Gaps between complete updates, in heartbeats", "gaps");
    h.append("<p class=\"legend\"><span><i class=\"s0\"></i>within the heartbeat</span>")
        .append("<span><i class=\"untrusted\"></i>over the heartbeat</span></p>");
    svg(h, "gaps", "gaps", " data-heartbeat-seconds=\"" + hb.heartbeat().getSeconds() + "\"");
    int bins = counts.length;
    double slot = (double) SvgPlot.plotWidth() / bins;
    int base = SvgPlot.TOP + SvgPlot.plotHeight();
    h.append("<path class=\"frame\" d=\"M")
        .append(SvgPlot.LEFT)
        .append(' ')
        .append(SvgPlot.TOP)
        .append("V")
        .append(base)
        .append("H")
        .append(SvgPlot.LEFT + SvgPlot.plotWidth())
        .append("\"/>");
    for (int b = 0; b < bins; b++) {
      double x = SvgPlot.LEFT + b * slot + slot * 0.12;
      double w = slot * 0.76;
      double height =
          counts[b] == 0 ? 0 : Math.max(1, (double) counts[b] / most * (SvgPlot.plotHeight() - 14));
      String label = binLabel(b);
      h.append("<path class=\"bar series")
          .append(b >= 4 ? " over" : "")
          .append("\" data-series=\"gaps\" data-bin=\"")
          .append(label)
          .append("\" data-count=\"")
          .append(counts[b])
          .append("\" d=\"M")
          .append(SvgPlot.coord(x))
          .append(' ')
          .append(base)
          .append("v")
          .append(SvgPlot.coord(-height))
          .append("h")
          .append(SvgPlot.coord(w))
          .append("v")
          .append(SvgPlot.coord(height))
          .append("Z\"><title>")
          .append(label)
          .append(" heartbeats: ")
          .append(counts[b])
          .append("</title></path>");
      h.append("<text x=\"")
          .append(SvgPlot.coord(x + w / 2))
          .append("\" y=\"")
          .append(SvgPlot.coord(base - height - 3))
          .append("\" text-anchor=\"middle\">")
          .append(counts[b])
          .append("</text><text x=\"")
          .append(SvgPlot.coord(x + w / 2))
          .append("\" y=\"")
          .append(SvgPlot.HEIGHT - 10)
          .append("\" text-anchor=\"middle\">")
          .append(label)
          .append("</text>");
    }
    double heartbeatX = SvgPlot.LEFT + 4 * slot;
    h.append("<path class=\"heartbeat\" data-level=\"heartbeat\" d=\"M")
        .append(SvgPlot.coord(heartbeatX))
        .append(' ')
        .append(SvgPlot.TOP)
        .append("V")
        .append(base)
        .append("\"/><text x=\"")
        .append(SvgPlot.coord(heartbeatX + 4))
        .append("\" y=\"")
        .append(SvgPlot.TOP + 10)
        .append("\">heartbeat ")
        .append(AuditText.duration(hb.heartbeat()))
        .append("</text>");
    close(h, null);
  }

  private static String binLabel(int bin) {
    String lower = bin == 0 ? "0" : trim(GAP_BINS[bin - 1]);
    return bin == GAP_BINS.length ? "&gt;" + lower : lower + "–" + trim(GAP_BINS[bin]);
  }

  private static String trim(double v) {
    return AuditText.plain(BigDecimal.valueOf(v));
  }

  private static void carryChart(StringBuilder h, AuditReport report, CarrySection carry) {
    FeedAuditFindings f = report.findings();
    List<SvgPlot.Line> lines = new java.util.ArrayList<>();
    double lo = 0;
    double hi = 0;
    StringBuilder names = new StringBuilder();
    for (CarrySection.TimeSeries s : carry.series()) {
      SvgPlot.Line line = new SvgPlot.Line();
      s.points().forEach(pt -> line.add(pt.at(), pt.value().doubleValue()));
      if (line.size() > 0) {
        lo = Math.min(lo, line.min());
        hi = Math.max(hi, line.max());
      }
      lines.add(line);
      names.append(names.length() == 0 ? "" : " ").append(slug(s.name()));
    }
    SvgPlot plot = bounded(f, lo, hi);
    open(h, "carry", carry.title(), names.toString());
    for (String note : carry.notes()) {
      h.append("<p>").append(escape(note)).append("</p>");
    }
    legend(h, carry.series().stream().map(s -> s.name() + " (" + s.unit() + ")").toList(), false);
    svg(h, "carry", names.toString(), "");
    String unit =
        carry.series().stream().map(CarrySection.TimeSeries::unit).distinct().count() == 1
            ? carry.series().get(0).unit()
            : "";
    h.append(plot.axes(unit));
    h.append(plot.level("zero", "zero", 0, ""));
    for (int i = 0; i < lines.size(); i++) {
      line(h, plot, lines.get(i), slug(carry.series().get(i).name()), i % 6);
    }
    close(h, lines.stream().allMatch(l -> l.size() == 0) ? "No carry data." : null);
  }

  /** A series name as an attribute token: its escaped text, spaces replaced. */
  private static String slug(String name) {
    return escape(name.trim().replaceAll("\\s+", "-"));
  }

  private static SvgPlot bounded(FeedAuditFindings f, double lo, double hi) {
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      lo = 0;
      hi = 1;
    }
    return new SvgPlot(f.from(), f.to(), lo, hi);
  }

  private static void open(StringBuilder h, String id, String title, String series) {
    h.append("<section class=\"chart-section\" id=\"section-")
        .append(id)
        .append("\"><h2>")
        .append(escape(title))
        .append("</h2>");
  }

  private static void svg(StringBuilder h, String id, String series, String attributes) {
    h.append("<svg class=\"chart\" id=\"chart-")
        .append(id)
        .append("\" data-chart=\"")
        .append(id)
        .append("\" data-series=\"")
        .append(series)
        .append('"')
        .append(attributes)
        .append(" viewBox=\"0 0 ")
        .append(SvgPlot.WIDTH)
        .append(' ')
        .append(SvgPlot.HEIGHT)
        .append("\" role=\"img\">");
  }

  private static void close(StringBuilder h, String empty) {
    h.append("</svg>");
    if (empty != null) {
      h.append("<p class=\"none\">").append(escape(empty)).append("</p>");
    }
    h.append("</section>\n");
  }

  private static void legend(StringBuilder h, List<String> names, boolean shading) {
    h.append("<p class=\"legend\">");
    for (int i = 0; i < names.size(); i++) {
      h.append("<span><i class=\"s")
          .append(names.size() == 1 && names.get(0).equals("drift") ? 2 : i % 6)
          .append("\"></i>")
          .append(escape(names.get(i)))
          .append("</span>");
    }
    if (shading) {
      h.append("<span><i class=\"untrusted\"></i>untrusted</span>")
          .append("<span><i class=\"degraded\"></i>degraded</span>");
    }
    h.append("</p>");
  }

  private static void line(StringBuilder h, SvgPlot plot, SvgPlot.Line line, String name, int c) {
    int[] drawn = new int[1];
    String d = plot.path(line, drawn);
    h.append("<path class=\"series s")
        .append(c)
        .append("\" data-series=\"")
        .append(name)
        .append("\" data-points=\"")
        .append(line.size())
        .append("\" data-drawn=\"")
        .append(drawn[0])
        .append("\" d=\"")
        .append(d)
        .append("\"/>");
  }

  // ---------------------------------------------------------------- tables

  private static void tables(StringBuilder h, AuditReport report) {
    FeedAuditFindings f = report.findings();
    Duration hb = f.heartbeat().heartbeat();
    table(
        h,
        "episodes",
        "Worst drift episodes",
        List.of("start", "end", "length", "peak drift (bps)", "peak at", "severity", "candles"),
        f.drift().worst(),
        (DriftEpisode e) ->
            List.of(
                AuditText.iso(e.start()),
                AuditText.iso(e.end()),
                AuditText.duration(e.length()),
                AuditText.bpsText(e.peakDriftBps()),
                AuditText.iso(e.peakAt()),
                e.severity().name(),
                Integer.toString(e.samples())),
        f.drift().episodes().size());
    table(
        h,
        "largest-gaps",
        "Largest gaps",
        List.of("from", "to", "length", "heartbeats", "note"),
        f.heartbeat().largest(),
        (Gap g) ->
            List.of(
                AuditText.iso(g.start()),
                AuditText.iso(g.end()),
                AuditText.duration(g.length()),
                AuditText.heartbeats(g.length(), hb).toPlainString(),
                (g.startsAtUpdate() ? "" : "no answer before the period; ")
                    + (g.endsAtUpdate() ? "" : "open at the period's end")),
        f.heartbeat().gaps().size());
    table(
        h,
        "deviation-misses",
        "Missed deviation triggers",
        List.of(
            "moved beyond threshold",
            "next round",
            "answer id",
            "answer",
            "peak move (bps)",
            "peak at"),
        f.deviation().misses(),
        (DeviationMiss m) ->
            List.of(
                AuditText.iso(m.start()),
                m.end().map(AuditText::iso).orElse("none before the period's end"),
                m.answerId(),
                AuditText.plain(m.answer()),
                AuditText.bpsText(m.peakMoveBps()),
                AuditText.iso(m.peakAt())),
        f.deviation().misses().size());
    table(
        h,
        "bound-hits",
        "Rounds at or near a circuit-breaker bound",
        List.of("round", "at", "answer raw", "price", "bound", "position", "distance (raw)"),
        f.bounds(),
        (BoundHit b) ->
            List.of(
                b.update().id(),
                AuditText.iso(b.update().at()),
                b.update().raw().toString(),
                AuditText.plain(b.update().price()),
                b.bound().name(),
                b.position().name(),
                b.distance().toString()),
        f.bounds().size());
    table(
        h,
        "incomplete",
        "Incomplete rounds",
        List.of("round", "phase", "at", "answer raw"),
        f.updates().incompleteUpdates(),
        (FeedUpdate u) ->
            List.of(
                u.id(), Integer.toString(u.phaseId()), AuditText.iso(u.at()), u.raw().toString()),
        f.updates().incomplete());
    table(
        h,
        "coverage",
        "Reference coverage by venue",
        List.of("venue", "covered slots", "total slots", "share", "failure"),
        report.coverage(),
        (ReferenceCoverage c) ->
            List.of(
                c.venue(),
                Integer.toString(c.coveredSlots()),
                Integer.toString(c.totalSlots()),
                AuditText.percent(c.share()),
                c.failure().orElse("")),
        report.coverage().size());
  }

  private static <T> void table(
      StringBuilder h,
      String id,
      String title,
      List<String> header,
      List<T> rows,
      Function<T, List<String>> cells,
      int total) {
    h.append("<section class=\"table-section\" id=\"table-")
        .append(id)
        .append("\"><h2>")
        .append(escape(title))
        .append("</h2>");
    if (rows.isEmpty()) {
      h.append("<p class=\"none\">None.</p></section>\n");
      return;
    }
    h.append("<table><thead><tr>");
    header.forEach(c -> h.append("<th>").append(escape(c)).append("</th>"));
    h.append("</tr></thead><tbody>");
    int shown = Math.min(rows.size(), TABLE_ROWS);
    for (int i = 0; i < shown; i++) {
      h.append("<tr>");
      for (String c : cells.apply(rows.get(i))) {
        h.append("<td>").append(escape(c)).append("</td>");
      }
      h.append("</tr>");
    }
    h.append("</tbody></table>");
    if (total > shown) {
      h.append("<p class=\"more\">")
          .append(shown)
          .append(" of ")
          .append(total)
          .append(" shown; summary.json and rounds.csv have the rest.</p>");
    }
    h.append("</section>\n");
  }

  // ---------------------------------------------------------------- text

  private static String ranges(List<TimeRange> ranges, int max) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(ranges.size(), max); i++) {
      if (i > 0) {
        s.append("; ");
      }
      TimeRange r = ranges.get(i);
      s.append(AuditText.iso(r.from()));
      if (!r.to().equals(r.from())) {
        s.append(" to ").append(AuditText.iso(r.to()));
      }
    }
    if (ranges.size() > max) {
      s.append("; and ").append(ranges.size() - max).append(" more");
    }
    return s.toString();
  }

  private static Duration total(List<TimeRange> ranges) {
    return ranges.stream()
        .map(r -> Duration.between(r.from(), r.to()))
        .reduce(Duration.ZERO, Duration::plus);
  }

  /** Text for HTML content and attribute values alike. */
  static String escape(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String r;
      switch (c) {
        case '<' -> r = "&lt;";
        case '>' -> r = "&gt;";
        case '&' -> r = "&amp;";
        case '"' -> r = "&quot;";
        case '\'' -> r = "&#39;";
        default -> r = null;
      }
      if (r != null && out == null) {
        out = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (out != null) {
        if (r != null) {
          out.append(r);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? s : out.toString();
  }
}
