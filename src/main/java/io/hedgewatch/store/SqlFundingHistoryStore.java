package io.hedgewatch.store;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.TimeRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Funding points in {@code funding_history}; the first point stored for a (market, time) is kept,
 * so a backfill that overlaps what a previous run stored changes nothing. The ranges asked of the
 * venue are in {@code funding_coverage}, joined on write so that a market has few rows however
 * often it is topped up; they are rounded inwards to whole milliseconds, so a recorded range never
 * claims an instant that was not asked.
 */
final class SqlFundingHistoryStore implements FundingHistoryStore {

  private final Database db;

  SqlFundingHistoryStore(Database db) {
    this.db = db;
  }

  @Override
  public void append(String marketId, List<FundingPoint> points) {
    if (points.isEmpty()) {
      return;
    }
    db.write(
        "storing funding of " + marketId,
        c -> {
          insert(c, marketId, points);
          return null;
        });
  }

  @Override
  public void appendFetched(String marketId, TimeRange fetched, List<FundingPoint> points) {
    long from = Columns.millisFrom(fetched.from());
    long to = Columns.millis(fetched.to());
    db.write(
        "storing funding of " + marketId + " from " + fetched.from() + " to " + fetched.to(),
        c -> {
          insert(c, marketId, points);
          if (from <= to) {
            cover(c, marketId, from, to);
          }
          return null;
        });
  }

  @Override
  public List<TimeRange> fetched(String marketId, Instant from, Instant to) {
    return db.read(
        "reading the fetched funding ranges of " + marketId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT from_ms, to_ms FROM funding_coverage"
                      + " WHERE market_id = ? AND from_ms <= ? AND to_ms >= ? ORDER BY from_ms")) {
            ps.setString(1, marketId);
            ps.setLong(2, Columns.millis(to));
            ps.setLong(3, Columns.millisFrom(from));
            List<TimeRange> ranges = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                ranges.add(
                    new TimeRange(Columns.instant(rs, "from_ms"), Columns.instant(rs, "to_ms")));
              }
            }
            return ranges;
          }
        });
  }

  private static void insert(Connection c, String marketId, List<FundingPoint> points)
      throws SQLException {
    if (points.isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO funding_history (market_id, at_ms, rate_hourly) VALUES (?, ?, ?)"
                + " ON CONFLICT (market_id, at_ms) DO NOTHING")) {
      for (FundingPoint p : points) {
        ps.setString(1, marketId);
        ps.setLong(2, Columns.millis(p.at()));
        ps.setString(3, Columns.decimalText(p.rateHourly()));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * Records [from, to] (epoch ms) as asked, joined with the recorded ranges it overlaps or touches:
   * at the store's millisecond resolution no instant lies between two adjacent milliseconds.
   */
  private static void cover(Connection c, String marketId, long from, long to) throws SQLException {
    long joinedFrom = from;
    long joinedTo = to;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT MIN(from_ms) AS f, MAX(to_ms) AS t FROM funding_coverage"
                + " WHERE market_id = ? AND from_ms <= ? AND to_ms >= ?")) {
      ps.setString(1, marketId);
      ps.setLong(2, to + 1);
      ps.setLong(3, from - 1);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          long f = rs.getLong("f");
          if (!rs.wasNull()) {
            joinedFrom = Math.min(joinedFrom, f);
            joinedTo = Math.max(joinedTo, rs.getLong("t"));
          }
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM funding_coverage WHERE market_id = ? AND from_ms <= ? AND to_ms >= ?")) {
      ps.setString(1, marketId);
      ps.setLong(2, to + 1);
      ps.setLong(3, from - 1);
      ps.executeUpdate();
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO funding_coverage (market_id, from_ms, to_ms) VALUES (?, ?, ?)")) {
      ps.setString(1, marketId);
      ps.setLong(2, joinedFrom);
      ps.setLong(3, joinedTo);
      ps.executeUpdate();
    }
  }

  @Override
  public List<FundingPoint> history(String marketId, Instant from, Instant to) {
    return db.read(
        "reading funding of " + marketId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT at_ms, rate_hourly FROM funding_history"
                      + " WHERE market_id = ? AND at_ms >= ? AND at_ms <= ? ORDER BY at_ms")) {
            ps.setString(1, marketId);
            ps.setLong(2, Columns.millisFrom(from));
            ps.setLong(3, Columns.millis(to));
            List<FundingPoint> points = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                points.add(
                    new FundingPoint(
                        Columns.instant(rs, "at_ms"), Columns.decimal(rs, "rate_hourly")));
              }
            }
            return points;
          }
        });
  }
}
