package io.hedgewatch.monitor;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.risk.Stress;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The human-readable form of a stress: the scenario, then per position either one row for the
 * single shock or its ladder, rung by rung, then the alerts of the document's state and the status.
 * Money is shown to the cent, the margin a position needs rounded up (so that adding what is shown
 * suffices), and a liquidation shock rounded away from no move (so that a shock of what is shown
 * liquidates); the JSON keeps every digit.
 */
public final class StressTable {

  private StressTable() {}

  public static String render(StressReport report) {
    StringBuilder out = new StringBuilder();
    out.append("hedgewatch stress at ").append(CheckJson.iso(report.observed().at())).append('\n');
    out.append("shock: ").append(scenario(report)).append('\n');
    out.append("observed: ")
        .append(report.observed().status())
        .append(" (feeds, markets and their alerts as they are: see hedgewatch check)\n\n");
    if (!report.outageChains().isEmpty()) {
      out.append("SEQUENCER OUTAGE on ")
          .append(String.join(", ", report.outageChains()))
          .append(
              ": no transaction gets in and its oracles are frozen while the market moves;\n"
                  + "at the restart the venue marks to the moved price at once, so a position whose"
                  + " venue or buffer is there meets the whole shock without its buffer\n\n");
    }
    if (report.positions().isEmpty()) {
      out.append("No positions in the config: nothing to stress.\n\n");
    } else if (report.scenario().isLadder()) {
      for (StressReport.StressedPosition p : report.positions()) {
        ladder(out, p);
        out.append('\n');
      }
    } else {
      single(out, report.positions());
      out.append('\n');
    }
    if (report.scenario().isLadder() && !report.alerts().isEmpty()) {
      out.append("At no price move (funding, drift and outage applied):\n");
    }
    CheckTable.alerts(out, report.alerts());
    out.append('\n')
        .append("STATUS: ")
        .append(report.status())
        .append(" (")
        .append(CheckTable.counts(report.alerts()))
        .append("; ")
        .append(CheckTable.plural(report.positions().size(), "position"))
        .append(" stressed)\n");
    return out.toString();
  }

  private static String scenario(StressReport report) {
    StressReport.Scenario s = report.scenario();
    List<String> parts = new ArrayList<>();
    parts.add(
        s.price()
            .map(x -> "price " + rung(x))
            .orElse(
                "price ladder "
                    + rung(Stress.DEFAULT_PRICE_LADDER.get(0))
                    + " to "
                    + rung(
                        Stress.DEFAULT_PRICE_LADDER.get(Stress.DEFAULT_PRICE_LADDER.size() - 1))));
    parts.add("funding x" + CheckJson.plain(s.fundingMultiplier()));
    parts.add("oracle drift " + StressJson.percent(s.drift()) + " against each position");
    if (!report.outageChains().isEmpty()) {
      parts.add("sequencer down on " + String.join(", ", report.outageChains()));
    }
    return String.join(", ", parts);
  }

  private static void single(StringBuilder out, List<StressReport.StressedPosition> positions) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "POSITION",
          "MARKET",
          "SIDE",
          "SIZE",
          "MARK",
          "SHOCKED MARK",
          "LIQ PRICE",
          "LIQ SHOCK",
          "OUTCOME",
          "MARGIN AFTER",
          "BUFFER NEEDED",
          "BUFFER",
          "SHORTFALL",
          "STATUS"
        });
    for (StressReport.StressedPosition p : positions) {
      PositionReport o = p.observed();
      if (p.result().isEmpty()) {
        String[] row = new String[14];
        Arrays.fill(row, "-");
        row[0] = o.position().id();
        row[1] = o.market().id();
        row[8] = unread(o);
        row[13] = p.shocked().status().name();
        rows.add(row);
        continue;
      }
      Stress.Result r = p.result().get();
      PositionSnapshot before = o.snapshot().asOptional().orElseThrow();
      rows.add(
          new String[] {
            o.position().id(),
            o.market().id(),
            side(before),
            CheckTable.shown(before.size()),
            CheckTable.shown(before.markPrice()),
            CheckTable.shown(r.position().markPrice()),
            o.metrics().flatMap(m -> m.liquidation().price()).map(CheckTable::shown).orElse("none"),
            p.liquidationShock().map(StressTable::signed).orElse("none"),
            r.liquidated() ? "LIQUIDATED" : "survives",
            money(r.marginAfter()),
            needed(r.bufferNeeded()),
            buffer(p),
            p.bufferShortfall().map(StressTable::needed).orElse("-"),
            p.shocked().status().name()
          });
    }
    CheckTable.table(out, rows);
  }

  private static void ladder(StringBuilder out, StressReport.StressedPosition p) {
    PositionReport o = p.observed();
    if (p.result().isEmpty()) {
      out.append(o.position().id())
          .append(" (")
          .append(o.market().id())
          .append("): ")
          .append(unread(o))
          .append('\n');
      return;
    }
    PositionSnapshot before = o.snapshot().asOptional().orElseThrow();
    out.append(o.position().id())
        .append(" (")
        .append(o.market().id())
        .append(", ")
        .append(side(before))
        .append(' ')
        .append(CheckTable.shown(before.size()))
        .append(" marked at ")
        .append(CheckTable.shown(before.markPrice()))
        .append("): ")
        .append(
            p.liquidationShock()
                .map(x -> "liquidated by a move of " + signed(x))
                .orElse("no price move liquidates it"))
        .append("; first rung that liquidates: down ")
        .append(p.firstLiquidatingRung(false).map(StressTable::rung).orElse("none"))
        .append(", up ")
        .append(p.firstLiquidatingRung(true).map(StressTable::rung).orElse("none"))
        .append("; buffer ")
        .append(buffer(p))
        .append('\n');
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "SHOCK",
          "MARK",
          "OUTCOME",
          "MARGIN LEFT",
          "BUFFER NEEDED",
          "SHORTFALL",
          "STATUS",
          "ALERTS"
        });
    for (StressReport.Rung rung : p.ladder()) {
      Stress.Result r = rung.result();
      rows.add(
          new String[] {
            rung(rung.price()),
            CheckTable.shown(r.position().markPrice()),
            r.liquidated() ? "LIQUIDATED" : "survives",
            money(r.marginAfter()),
            needed(r.bufferNeeded()),
            p.bufferShortfall(rung).map(StressTable::needed).orElse("-"),
            rung.status().name(),
            r.alerts().isEmpty() ? "-" : rules(r.alerts())
          });
    }
    CheckTable.table(out, rows);
  }

  private static String unread(PositionReport o) {
    return "cannot be stressed: "
        + o.snapshot().failureIfAny().map(f -> f.describe()).orElse("not judged");
  }

  private static String side(PositionSnapshot p) {
    return p.side().name().toLowerCase(Locale.ROOT)
        + (p.marginMode() == MarginMode.CROSS ? " (cross)" : "");
  }

  /** The buffer's value as the check read it, and whether it can be used. */
  private static String buffer(StressReport.StressedPosition p) {
    if (p.bufferUsable().isEmpty()) {
      return "none";
    }
    String value =
        p.observed()
            .context()
            .flatMap(c -> c.buffer())
            .flatMap(b -> b.value())
            .map(StressTable::money)
            .orElse("unread");
    return p.bufferUsable().get()
        ? value
        : value + ", unusable (sequencer of " + String.join(", ", p.outageChains()) + " down)";
  }

  private static String rules(List<Alert> alerts) {
    return alerts.stream()
        .map(a -> a.rule() + " " + a.severity().name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }

  private static String money(BigDecimal value) {
    return CheckJson.plain(value.setScale(2, RoundingMode.HALF_UP));
  }

  /** Margin to add, rounded up to the cent: adding what is shown suffices. */
  private static String needed(BigDecimal value) {
    return CheckJson.plain(value.setScale(2, RoundingMode.CEILING));
  }

  /** A shock in percent to two decimals, away from no move, with its sign. */
  static String signed(BigDecimal fraction) {
    BigDecimal pct = fraction.movePointRight(2).setScale(2, RoundingMode.UP);
    return (pct.signum() > 0 ? "+" : "") + pct.toPlainString() + "%";
  }

  /** A rung as the ladder names it: {@code -50%}, {@code 0%}, {@code +10%}. */
  private static String rung(BigDecimal fraction) {
    return (fraction.signum() > 0 ? "+" : "") + StressJson.percent(fraction);
  }
}
