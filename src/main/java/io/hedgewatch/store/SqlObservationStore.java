package io.hedgewatch.store;

import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.Severity;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Observations in {@code feed_observation} and {@code market_observation}. */
final class SqlObservationStore implements ObservationStore {

  private static final String INSERT_FEED =
      "INSERT INTO feed_observation (feed_id, at_ms, block, price, updated_at_ms, status,"
          + " reference_price, drift_bps)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (feed_id, at_ms, block) DO UPDATE SET price = excluded.price,"
          + " updated_at_ms = excluded.updated_at_ms, status = excluded.status,"
          + " reference_price = excluded.reference_price, drift_bps = excluded.drift_bps";

  private static final String MARKET_COLUMNS =
      "market_id, at_ms, mark_price, index_price, funding_rate_hourly, open_interest_long,"
          + " open_interest_short, open_interest, max_open_interest_long,"
          + " max_open_interest_short, skew, paused, disabled, reduce_only, delisted,"
          + " status_reason, status";

  private static final String INSERT_MARKET =
      "INSERT INTO market_observation ("
          + MARKET_COLUMNS
          + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (market_id, at_ms) DO UPDATE SET mark_price = excluded.mark_price,"
          + " index_price = excluded.index_price,"
          + " funding_rate_hourly = excluded.funding_rate_hourly,"
          + " open_interest_long = excluded.open_interest_long,"
          + " open_interest_short = excluded.open_interest_short,"
          + " open_interest = excluded.open_interest,"
          + " max_open_interest_long = excluded.max_open_interest_long,"
          + " max_open_interest_short = excluded.max_open_interest_short,"
          + " skew = excluded.skew, paused = excluded.paused, disabled = excluded.disabled,"
          + " reduce_only = excluded.reduce_only, delisted = excluded.delisted,"
          + " status_reason = excluded.status_reason, status = excluded.status";

  private final Database db;

  SqlObservationStore(Database db) {
    this.db = db;
  }

  @Override
  public void recordFeed(FeedObservation observation) {
    recordFeeds(List.of(observation));
  }

  @Override
  public void recordFeeds(List<FeedObservation> observations) {
    if (observations.isEmpty()) {
      return;
    }
    db.write(
        "storing feed observations",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(INSERT_FEED)) {
            for (FeedObservation o : observations) {
              ps.setString(1, o.feedId());
              ps.setLong(2, Columns.millis(o.at()));
              ps.setLong(3, o.block());
              Columns.setDecimal(ps, 4, o.price());
              Columns.setInstant(ps, 5, o.updatedAt());
              ps.setString(6, o.status().name());
              Columns.setDecimal(ps, 7, o.referencePrice());
              if (o.driftBps().isPresent()) {
                ps.setDouble(8, o.driftBps().get());
              } else {
                ps.setNull(8, java.sql.Types.DOUBLE);
              }
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  @Override
  public void recordMarket(MarketObservation observation) {
    recordMarkets(List.of(observation));
  }

  @Override
  public void recordMarkets(List<MarketObservation> observations) {
    if (observations.isEmpty()) {
      return;
    }
    db.write(
        "storing market observations",
        c -> {
          try (PreparedStatement ps = c.prepareStatement(INSERT_MARKET)) {
            for (MarketObservation o : observations) {
              MarketStatus s = o.marketStatus();
              ps.setString(1, o.marketId());
              ps.setLong(2, Columns.millis(o.at()));
              Columns.setDecimal(ps, 3, o.markPrice());
              Columns.setDecimal(ps, 4, o.indexPrice());
              Columns.setDecimal(ps, 5, o.fundingRateHourly());
              Columns.setDecimal(ps, 6, o.openInterestLong());
              Columns.setDecimal(ps, 7, o.openInterestShort());
              Columns.setDecimal(ps, 8, o.openInterest());
              Columns.setDecimal(ps, 9, o.maxOpenInterestLong());
              Columns.setDecimal(ps, 10, o.maxOpenInterestShort());
              Columns.setDecimal(ps, 11, o.skew());
              ps.setBoolean(12, s.paused());
              ps.setBoolean(13, s.disabled());
              ps.setBoolean(14, s.reduceOnly());
              ps.setBoolean(15, s.delisted());
              Columns.setText(ps, 16, s.reason());
              ps.setString(17, o.status().name());
              ps.addBatch();
            }
            ps.executeBatch();
          }
          return null;
        });
  }

  @Override
  public List<FeedObservation> feedObservations(String feedId, Instant from, Instant to) {
    return db.read(
        "reading observations of feed " + feedId,
        c -> {
          try (PreparedStatement ps =
                  range(
                      c,
                      "SELECT feed_id, at_ms, block, price, updated_at_ms, status,"
                          + " reference_price, drift_bps"
                          + " FROM feed_observation WHERE feed_id = ? AND at_ms >= ? AND at_ms <= ?"
                          + " ORDER BY at_ms, block",
                      feedId,
                      from,
                      to);
              ResultSet rs = ps.executeQuery()) {
            List<FeedObservation> rows = new ArrayList<>();
            while (rs.next()) {
              rows.add(
                  new FeedObservation(
                      rs.getString("feed_id"),
                      rs.getLong("block"),
                      Columns.instant(rs, "at_ms"),
                      Columns.optionalDecimal(rs, "price"),
                      Columns.optionalInstant(rs, "updated_at_ms"),
                      Severity.valueOf(rs.getString("status")),
                      Columns.optionalDecimal(rs, "reference_price"),
                      optionalDouble(rs, "drift_bps")));
            }
            return rows;
          }
        });
  }

  @Override
  public List<MarketObservation> marketObservations(String marketId, Instant from, Instant to) {
    return db.read(
        "reading observations of market " + marketId,
        c -> {
          try (PreparedStatement ps =
                  range(
                      c,
                      "SELECT "
                          + MARKET_COLUMNS
                          + " FROM market_observation"
                          + " WHERE market_id = ? AND at_ms >= ? AND at_ms <= ? ORDER BY at_ms",
                      marketId,
                      from,
                      to);
              ResultSet rs = ps.executeQuery()) {
            List<MarketObservation> rows = new ArrayList<>();
            while (rs.next()) {
              rows.add(
                  new MarketObservation(
                      rs.getString("market_id"),
                      Columns.instant(rs, "at_ms"),
                      Columns.optionalDecimal(rs, "mark_price"),
                      Columns.optionalDecimal(rs, "index_price"),
                      Columns.optionalDecimal(rs, "funding_rate_hourly"),
                      Columns.optionalDecimal(rs, "open_interest_long"),
                      Columns.optionalDecimal(rs, "open_interest_short"),
                      Columns.optionalDecimal(rs, "open_interest"),
                      Columns.optionalDecimal(rs, "max_open_interest_long"),
                      Columns.optionalDecimal(rs, "max_open_interest_short"),
                      Columns.optionalDecimal(rs, "skew"),
                      new MarketStatus(
                          rs.getBoolean("paused"),
                          rs.getBoolean("disabled"),
                          rs.getBoolean("reduce_only"),
                          rs.getBoolean("delisted"),
                          Columns.optionalText(rs, "status_reason")),
                      Severity.valueOf(rs.getString("status"))));
            }
            return rows;
          }
        });
  }

  @Override
  public Pruned prune(Instant cutoff) {
    long before = Columns.millisFrom(cutoff);
    return db.write(
        "deleting observations older than " + cutoff,
        c -> {
          Pruned pruned =
              new Pruned(
                  delete(c, "feed_observation", before),
                  delete(c, "market_observation", before),
                  delete(c, "funding_history", before));
          forgetFetchedBefore(c, before);
          return pruned;
        });
  }

  /**
   * Cuts the recorded fetched ranges at the cutoff along with their points: a range left reaching
   * back past it would claim points that are gone, and a backfill would never ask for them again.
   */
  private static void forgetFetchedBefore(Connection c, long beforeMillis) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement("DELETE FROM funding_coverage WHERE to_ms < ?")) {
      ps.setLong(1, beforeMillis);
      ps.executeUpdate();
    }
    // A market's ranges are disjoint, so at most one of them straddles the cutoff: the new
    // (market_id, from_ms) keys cannot collide.
    try (PreparedStatement ps =
        c.prepareStatement("UPDATE funding_coverage SET from_ms = ? WHERE from_ms < ?")) {
      ps.setLong(1, beforeMillis);
      ps.setLong(2, beforeMillis);
      ps.executeUpdate();
    }
  }

  private static int delete(Connection c, String table, long beforeMillis) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE at_ms < ?")) {
      ps.setLong(1, beforeMillis);
      return ps.executeUpdate();
    }
  }

  private static PreparedStatement range(
      Connection c, String sql, String id, Instant from, Instant to) throws SQLException {
    PreparedStatement ps = c.prepareStatement(sql);
    try {
      ps.setString(1, id);
      ps.setLong(2, Columns.millisFrom(from));
      ps.setLong(3, Columns.millis(to));
      return ps;
    } catch (SQLException e) {
      ps.close();
      throw e;
    }
  }

  private static Optional<Double> optionalDouble(ResultSet rs, String column)
      throws java.sql.SQLException {
    double value = rs.getDouble(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(value);
  }
}
