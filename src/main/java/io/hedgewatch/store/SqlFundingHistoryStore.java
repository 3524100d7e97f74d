package io.hedgewatch.store;

import io.hedgewatch.domain.FundingPoint;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Funding points in {@code funding_history}; the first point stored for a (market, time) is kept,
 * so a backfill that overlaps what a previous run stored changes nothing.
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
          return null;
        });
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
