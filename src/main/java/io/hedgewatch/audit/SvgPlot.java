package io.hedgewatch.audit;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * One time-series chart drawn as inline SVG: a time axis over the audited period, a value axis,
 * lines and shaded ranges.
 *
 * <p>Downsampling: a line is cut into pixel columns of the plot; of the points falling into one
 * column only the first, the lowest, the highest and the last are drawn, in time order. Every spike
 * survives (its extreme is kept) and the line stays connected, yet a line never has more than four
 * points per column: about 3,600 on the 890-pixel plot, whatever the series' length. 10,000 rounds
 * against 100,000 candles so make a file of a few hundred kB.
 */
final class SvgPlot {

  static final int WIDTH = 960;
  static final int HEIGHT = 260;
  static final int LEFT = 70;
  static final int RIGHT = 16;
  static final int TOP = 12;
  static final int BOTTOM = 30;

  private final long t0;
  private final long t1;
  private final double yMin;
  private final double yMax;

  SvgPlot(Instant from, Instant to, double yMin, double yMax) {
    this.t0 = from.toEpochMilli();
    this.t1 = Math.max(to.toEpochMilli(), t0 + 1);
    if (!(yMax > yMin)) {
      double pad = Math.max(Math.abs(yMin) * 0.01, 1);
      yMin -= pad;
      yMax += pad;
    } else {
      double pad = (yMax - yMin) * 0.05;
      yMin -= pad;
      yMax += pad;
    }
    this.yMin = yMin;
    this.yMax = yMax;
  }

  double x(long epochMillis) {
    double clamped = Math.max(t0, Math.min(t1, epochMillis));
    return LEFT + (clamped - t0) / (t1 - t0) * plotWidth();
  }

  double y(double value) {
    return TOP + (yMax - value) / (yMax - yMin) * plotHeight();
  }

  static int plotWidth() {
    return WIDTH - LEFT - RIGHT;
  }

  static int plotHeight() {
    return HEIGHT - TOP - BOTTOM;
  }

  /** A line's points in time order; {@link #lift} starts a new stroke (no line across a hole). */
  static final class Line {
    private long[] t = new long[64];
    private double[] v = new double[64];
    private boolean[] lift = new boolean[64];
    private int n;
    private boolean liftNext = true;

    void add(Instant at, double value) {
      if (n == t.length) {
        t = java.util.Arrays.copyOf(t, n * 2);
        v = java.util.Arrays.copyOf(v, n * 2);
        lift = java.util.Arrays.copyOf(lift, n * 2);
      }
      t[n] = at.toEpochMilli();
      v[n] = value;
      lift[n] = liftNext;
      liftNext = false;
      n++;
    }

    void lift() {
      liftNext = true;
    }

    int size() {
      return n;
    }

    double min() {
      double m = Double.POSITIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        m = Math.min(m, v[i]);
      }
      return m;
    }

    double max() {
      double m = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        m = Math.max(m, v[i]);
      }
      return m;
    }
  }

  /** The path of {@code line}, downsampled per pixel column; {@code drawn[0]} gets the points. */
  String path(Line line, int[] drawn) {
    StringBuilder d = new StringBuilder();
    int count = 0;
    int i = 0;
    while (i < line.n) {
      int column = (int) Math.floor(x(line.t[i]));
      int first = i;
      int lo = i;
      int hi = i;
      int j = i + 1;
      while (j < line.n && !line.lift[j] && (int) Math.floor(x(line.t[j])) == column) {
        if (line.v[j] < line.v[lo]) {
          lo = j;
        }
        if (line.v[j] > line.v[hi]) {
          hi = j;
        }
        j++;
      }
      int last = j - 1;
      TreeSet<Integer> keep = new TreeSet<>(List.of(first, lo, hi, last));
      boolean move = line.lift[first];
      for (int k : keep) {
        d.append(move ? 'M' : 'L')
            .append(coord(x(line.t[k])))
            .append(' ')
            .append(coord(y(line.v[k])));
        move = false;
        count++;
      }
      i = j;
    }
    drawn[0] = count;
    return d.toString();
  }

  /** Five evenly spaced time ticks with ISO labels, and five value ticks with grid lines. */
  String axes(String unit) {
    StringBuilder s = new StringBuilder();
    s.append("<g class=\"axes\">");
    s.append("<path class=\"frame\" d=\"M")
        .append(LEFT)
        .append(' ')
        .append(TOP)
        .append("V")
        .append(TOP + plotHeight())
        .append("H")
        .append(LEFT + plotWidth())
        .append("\"/>");
    for (int k = 0; k <= 4; k++) {
      double value = yMin + (yMax - yMin) * k / 4;
      double yy = y(value);
      s.append("<path class=\"grid\" d=\"M")
          .append(LEFT)
          .append(' ')
          .append(coord(yy))
          .append("H")
          .append(LEFT + plotWidth())
          .append("\"/>");
      s.append("<text class=\"ytick\" x=\"")
          .append(LEFT - 4)
          .append("\" y=\"")
          .append(coord(yy + 4))
          .append("\" text-anchor=\"end\">")
          .append(AuditHtml.escape(tick(value)))
          .append("</text>");
    }
    for (int k = 0; k <= 4; k++) {
      long t = t0 + (t1 - t0) * k / 4;
      String anchor = k == 0 ? "start" : k == 4 ? "end" : "middle";
      s.append("<text class=\"xtick\" x=\"")
          .append(coord(x(t)))
          .append("\" y=\"")
          .append(HEIGHT - 10)
          .append("\" text-anchor=\"")
          .append(anchor)
          .append("\">")
          .append(AuditText.iso(Instant.ofEpochMilli(t)))
          .append("</text>");
    }
    s.append("<text class=\"unit\" x=\"4\" y=\"")
        .append(TOP + 8)
        .append("\">")
        .append(AuditHtml.escape(unit))
        .append("</text>");
    s.append("</g>");
    return s.toString();
  }

  /** Shaded time ranges (untrusted, degraded) across the plot's height. */
  String bands(String cssClass, List<io.hedgewatch.domain.TimeRange> ranges) {
    StringBuilder s = new StringBuilder();
    for (io.hedgewatch.domain.TimeRange r : mergeByPixel(ranges)) {
      double x0 = x(r.from().toEpochMilli());
      // at least a pixel, so that a one-instant range stays visible
      double w = Math.max(1, x(r.to().toEpochMilli()) - x0);
      s.append("<rect class=\"")
          .append(cssClass)
          .append("\" x=\"")
          .append(coord(x0))
          .append("\" y=\"")
          .append(TOP)
          .append("\" width=\"")
          .append(coord(w))
          .append("\" height=\"")
          .append(plotHeight())
          .append("\"><title>")
          .append(AuditText.iso(r.from()))
          .append(" to ")
          .append(AuditText.iso(r.to()))
          .append("</title></rect>");
    }
    return s.toString();
  }

  /** Ranges closer than a pixel are drawn as one, so thousands of ranges stay a few rectangles. */
  private List<io.hedgewatch.domain.TimeRange> mergeByPixel(
      List<io.hedgewatch.domain.TimeRange> ranges) {
    List<io.hedgewatch.domain.TimeRange> out = new ArrayList<>();
    for (io.hedgewatch.domain.TimeRange r : io.hedgewatch.domain.TimeRange.union(ranges)) {
      int last = out.size() - 1;
      if (last >= 0 && x(r.from().toEpochMilli()) - x(out.get(last).to().toEpochMilli()) < 1) {
        out.set(last, new io.hedgewatch.domain.TimeRange(out.get(last).from(), r.to()));
      } else {
        out.add(r);
      }
    }
    return out;
  }

  /** A horizontal reference line at {@code value}, when inside the value axis. */
  String level(String cssClass, String dataName, double value, String label) {
    if (value < yMin || value > yMax) {
      return "";
    }
    double yy = y(value);
    return "<path class=\""
        + cssClass
        + "\" data-level=\""
        + dataName
        + "\" d=\"M"
        + LEFT
        + ' '
        + coord(yy)
        + "H"
        + (LEFT + plotWidth())
        + "\"/><text class=\"level-label\" x=\""
        + (LEFT + plotWidth() - 4)
        + "\" y=\""
        + coord(yy - 3)
        + "\" text-anchor=\"end\">"
        + AuditHtml.escape(label)
        + "</text>";
  }

  static String coord(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  static String tick(double value) {
    if (value == 0) {
      return "0";
    }
    return AuditText.plain(new BigDecimal(value).round(new MathContext(5)));
  }
}
