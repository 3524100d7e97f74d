package io.hedgewatch.monitor;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.SequencerStatus;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.DecimalMath;
import io.hedgewatch.risk.OracleRules;
import io.hedgewatch.risk.PositionMetrics;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The human-readable form of a check: chains, feeds and alerts as aligned tables, then the overall
 * status.
 */
public final class CheckTable {

  private CheckTable() {}

  public static String render(CheckReport report) {
    StringBuilder out = new StringBuilder();
    out.append("hedgewatch check at ").append(CheckJson.iso(report.at())).append("\n\n");

    List<String[]> chainRows = new ArrayList<>();
    chainRows.add(new String[] {"CHAIN", "CHAIN ID", "BLOCK", "BLOCK TIME", "SEQUENCER", "READS"});
    for (ChainStatus c : report.chains()) {
      chainRows.add(
          new String[] {
            c.id(),
            Long.toString(c.chainId()),
            c.block().map(b -> Long.toString(b.number())).orElse("-"),
            c.block().map(b -> CheckJson.iso(b.timestamp())).orElse("-"),
            sequencer(c),
            c.error().isPresent()
                ? "UNREADABLE: " + c.error().get()
                : c.readMode() + ", " + c.httpRequests() + " requests / " + c.rpcCalls() + " calls"
          });
    }
    table(out, chainRows);
    out.append('\n');
    if (!report.endpoints().isEmpty()) {
      table(out, RpcTable.rows(report.endpoints()));
      out.append('\n');
    }

    List<String[]> feedRows = new ArrayList<>();
    feedRows.add(
        new String[] {
          "FEED", "TYPE", "PRICE", "REFERENCE", "DRIFT", "AGE", "UPDATED", "ROUND / CONF", "STATUS"
        });
    for (FeedStatus f : report.feeds()) {
      FeedReading r = f.reading().orElse(null);
      String price = "-";
      String age = "-";
      String updated = "-";
      String detail = "-";
      Instant at = r == null ? null : OracleRules.lastUpdate(r).orElse(null);
      if (at != null) {
        age = duration(CheckJson.age(f.block().orElse(null), at));
        updated = CheckJson.iso(at);
      }
      if (r instanceof FeedReading.Chainlink c) {
        price = CheckJson.plain(c.price());
        detail =
            "phase "
                + c.round().phaseOfRoundId()
                + " round "
                + c.round()
                    .roundId()
                    .and(java.math.BigInteger.ONE.shiftLeft(64).subtract(java.math.BigInteger.ONE));
      } else if (r instanceof FeedReading.Pyth p) {
        price = CheckJson.plain(p.price().value());
        detail = "conf ±" + CheckJson.plain(p.price().confidence());
      } else if (r instanceof FeedReading.Unreadable u) {
        detail = u.failure().describe();
      } else {
        detail = "chain unreadable";
      }
      String reference =
          f.reference()
              .map(
                  ref ->
                      ref.price()
                          .map(
                              p ->
                                  CheckJson.plain(p)
                                      + " ("
                                      + plural(ref.used().size(), "venue")
                                      + ")")
                          .orElse("unavailable"))
              .orElse("-");
      String drift =
          f.driftBps().map(d -> String.format(java.util.Locale.ROOT, "%+.1f bps", d)).orElse("-");
      feedRows.add(
          new String[] {
            f.spec().id(),
            f.spec().type().configName(),
            price,
            reference,
            drift,
            age,
            updated,
            detail,
            f.status().name()
          });
    }
    table(out, feedRows);
    out.append('\n');

    if (!report.markets().isEmpty()) {
      List<String[]> marketRows = new ArrayList<>();
      marketRows.add(
          new String[] {
            "MARKET",
            "VENUE",
            "MARK",
            "INDEX",
            "FUNDING/H",
            "APR",
            "CEX FUNDING/H",
            "Z",
            "OPEN INTEREST",
            "FLAGS",
            "STATUS"
          });
      for (MarketReport m : report.markets()) {
        MarketSnapshot s = m.snapshot().asOptional().orElse(null);
        if (s == null) {
          marketRows.add(
              new String[] {
                m.market().id(),
                m.venue().id(),
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                m.snapshot().failureIfAny().get().describe(),
                m.status().name()
              });
          continue;
        }
        marketRows.add(
            new String[] {
              m.market().id(),
              m.venue().id(),
              s.markPrice().map(CheckTable::shown).orElse("-"),
              s.indexPrice().map(CheckTable::shown).orElse("-"),
              s.fundingRateHourly().map(r -> percent(r, 4)).orElse("-"),
              s.fundingApr().map(r -> percent(r, 2)).orElse("-"),
              cexFunding(m),
              m.fundingZScore()
                  .map(z -> String.format(java.util.Locale.ROOT, "%+.1f", z))
                  .orElse("-"),
              s.openInterest().map(CheckJson::plain).orElse("-"),
              flags(s),
              m.status().name()
            });
      }
      table(out, marketRows);
      out.append('\n');
    }

    if (!report.positions().isEmpty()) {
      List<String[]> rows = new ArrayList<>();
      rows.add(
          new String[] {
            "POSITION",
            "MARKET",
            "SIDE",
            "SIZE",
            "MARK",
            "LIQ PRICE",
            "DISTANCE",
            "P(TOUCH)",
            "LEVERAGE",
            "HEDGE RATIO",
            "CARRY",
            "BUFFER",
            "STATUS"
          });
      for (PositionReport r : report.positions()) {
        PositionSnapshot p = r.snapshot().asOptional().orElse(null);
        if (p == null || r.metrics().isEmpty()) {
          rows.add(
              new String[] {
                r.position().id(),
                r.market().id(),
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                r.snapshot().failureIfAny().map(f -> f.describe()).orElse("-"),
                r.status().name()
              });
          continue;
        }
        PositionMetrics m = r.metrics().get();
        rows.add(
            new String[] {
              r.position().id(),
              r.market().id(),
              p.side().name().toLowerCase(java.util.Locale.ROOT)
                  + (p.marginMode() == MarginMode.CROSS ? " (cross)" : ""),
              shown(p.size()),
              shown(p.markPrice()),
              m.liquidation().price().map(CheckTable::shown).orElse("none"),
              m.liquidationDistance().map(d -> percent(d, 1)).orElse("-"),
              m.liquidationProbability()
                  .filter(Double::isFinite)
                  .map(x -> String.format(java.util.Locale.ROOT, "%.1f%%", x * 100))
                  .orElse("-"),
              m.leverage()
                  .map(l -> l.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + "x")
                  .orElse("-"),
              m.hedgeRatio()
                  .map(h -> h.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString())
                  .orElse("-"),
              m.carry()
                  .worst()
                  .map(
                      c ->
                          shown(c.setScale(2, java.math.RoundingMode.HALF_UP))
                              + " ("
                              + CheckJson.plain(
                                  java.math.BigDecimal.valueOf(m.carry().horizon().toHours())
                                      .divide(
                                          java.math.BigDecimal.valueOf(24),
                                          2,
                                          java.math.RoundingMode.HALF_UP))
                              + "d)")
                  .orElse("-"),
              m.buffer()
                  .coverage()
                  .map(c -> c.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString() + "x")
                  .orElse("-"),
              r.status().name()
            });
      }
      table(out, rows);
      out.append('\n');
    }

    alerts(out, report.alerts());
    out.append('\n')
        .append("STATUS: ")
        .append(report.status())
        .append(summary(report))
        .append('\n');
    return out.toString();
  }

  /** Each alert with its action under it, or "No alerts.". */
  static void alerts(StringBuilder out, List<Alert> alerts) {
    if (alerts.isEmpty()) {
      out.append("No alerts.\n");
      return;
    }
    out.append("ALERTS\n");
    for (Alert a : alerts) {
      out.append(
          String.format(
              "%-8s  %-22s %-18s %s%n", a.severity(), a.rule(), a.subject(), a.message()));
      if (a.action() != null) {
        out.append(String.format("%-8s  %-22s %-18s -> %s%n", "", "", "", a.action()));
      }
    }
  }

  /** "N critical, N warning, N unknown". */
  static String counts(List<Alert> alerts) {
    long critical = alerts.stream().filter(a -> a.severity() == Severity.CRITICAL).count();
    long warning = alerts.stream().filter(a -> a.severity() == Severity.WARNING).count();
    long unknown = alerts.stream().filter(a -> a.severity() == Severity.UNKNOWN).count();
    return critical + " critical, " + warning + " warning, " + unknown + " unknown";
  }

  private static String summary(CheckReport report) {
    return " ("
        + counts(report.alerts())
        + "; "
        + plural(report.feeds().size(), "feed")
        + " on "
        + plural(report.chains().size(), "chain")
        + ")";
  }

  static String plural(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  private static String sequencer(ChainStatus c) {
    if (c.sequencer().isEmpty()) {
      return "-";
    }
    SequencerStatus s = c.sequencer().get().asOptional().orElse(null);
    if (s == null) {
      return "unreadable";
    }
    if (!s.valid()) {
      return "invalid round";
    }
    return (s.up() ? "up" : "DOWN") + " since " + CheckJson.iso(s.since());
  }

  /** A price for reading: at most 8 decimals (the JSON keeps every digit). */
  static String shown(java.math.BigDecimal price) {
    return CheckJson.plain(
        price.scale() > 8 ? price.setScale(8, java.math.RoundingMode.HALF_EVEN) : price);
  }

  private static String percent(java.math.BigDecimal fraction, int decimals) {
    return fraction
            .movePointRight(2)
            .setScale(decimals, java.math.RoundingMode.HALF_UP)
            .toPlainString()
        + "%";
  }

  /** The median hourly funding of the market's centralized perps, and how many answered. */
  private static String cexFunding(MarketReport m) {
    List<BigDecimal> rates = m.context().cexFunding().stream().map(CexFunding::rateHourly).toList();
    if (rates.isEmpty()) {
      return "-";
    }
    return percent(DecimalMath.median(rates), 4) + " (" + rates.size() + ")";
  }

  private static String flags(MarketSnapshot s) {
    List<String> flags = new ArrayList<>();
    if (s.status().paused()) {
      flags.add("paused");
    }
    if (s.status().disabled()) {
      flags.add("disabled");
    }
    if (s.status().reduceOnly()) {
      flags.add("reduce-only");
    }
    if (s.status().delisted()) {
      flags.add("delisted");
    }
    s.oracleProblem().ifPresent(p -> flags.add("oracle stale"));
    return flags.isEmpty() ? "-" : String.join(",", flags);
  }

  static String duration(long seconds) {
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 2 * 3600) {
      return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + "s");
    }
    if (seconds < 2 * 86400) {
      return seconds / 3600
          + "h"
          + (seconds % 3600 / 60 == 0 ? "" : " " + seconds % 3600 / 60 + "m");
    }
    return seconds / 86400
        + "d"
        + (seconds % 86400 / 3600 == 0 ? "" : " " + seconds % 86400 / 3600 + "h");
  }

  static void table(StringBuilder out, List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(width[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
  }
}
