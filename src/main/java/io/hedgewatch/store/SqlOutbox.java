package io.hedgewatch.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outbox over {@code delivery} rows, which {@link SqlAlertStore#commit} queues. A sink's head
 * is its PENDING delivery of the lowest event sequence; later ones wait behind it however due they
 * are, so a sink never receives events out of order.
 */
final class SqlOutbox implements Outbox {

  /** Longest last error kept: a one-line reason, not a reply body. */
  static final int MAX_ERROR_LENGTH = 500;

  private static final String DELIVERY_COLUMNS =
      "d.sink, d.state, d.attempts, d.next_attempt_ms, d.last_error, d.finished_ms, "
          + SqlAlertStore.EVENT_COLUMNS;

  /** The literal {@code state = 'PENDING'} lets SQLite use the partial index. */
  private static final String HEAD =
      "SELECT "
          + DELIVERY_COLUMNS
          + " FROM delivery d JOIN alert_event e ON e.event_id = d.event_id"
          + " WHERE d.sink = ? AND d.state = 'PENDING' ORDER BY d.seq LIMIT 1";

  private final Database db;

  SqlOutbox(Database db) {
    this.db = db;
  }

  @Override
  public Optional<Delivery> nextDue(String sink, Instant now) {
    Objects.requireNonNull(now, "now");
    return head(sink).filter(d -> !d.nextAttemptAt().isAfter(now));
  }

  @Override
  public Optional<Instant> nextAttemptAt(String sink) {
    return head(sink).map(Delivery::nextAttemptAt);
  }

  private Optional<Delivery> head(String sink) {
    Objects.requireNonNull(sink, "sink");
    return db.read(
        "reading the outbox of sink " + sink,
        c -> {
          try (PreparedStatement ps = c.prepareStatement(HEAD)) {
            ps.setString(1, sink);
            List<Delivery> rows = deliveries(ps);
            return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
          }
        });
  }

  @Override
  public void markDelivered(String sink, String eventId, Instant at) {
    Objects.requireNonNull(at, "at");
    finish(
        "marking event " + eventId + " delivered to sink " + sink,
        sink,
        eventId,
        c ->
            update(
                c,
                "UPDATE delivery SET state = 'DELIVERED', finished_ms = ?"
                    + " WHERE sink = ? AND event_id = ? AND state = 'PENDING'",
                sink,
                eventId,
                ps -> {
                  ps.setLong(1, Columns.millis(at));
                  return 1;
                }));
  }

  @Override
  public void markRetry(
      String sink, String eventId, int attempts, Instant nextAttemptAt, String error) {
    Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
    requireAttempts(attempts);
    finish(
        "recording a failed delivery of event " + eventId + " to sink " + sink,
        sink,
        eventId,
        c ->
            update(
                c,
                "UPDATE delivery SET attempts = ?, next_attempt_ms = ?, last_error = ?"
                    + " WHERE sink = ? AND event_id = ? AND state = 'PENDING'",
                sink,
                eventId,
                ps -> {
                  ps.setInt(1, attempts);
                  ps.setLong(2, Columns.millis(nextAttemptAt));
                  ps.setString(3, error(error));
                  return 3;
                }));
  }

  @Override
  public void markDead(String sink, String eventId, int attempts, Instant at, String error) {
    Objects.requireNonNull(at, "at");
    requireAttempts(attempts);
    finish(
        "dead-lettering event " + eventId + " for sink " + sink,
        sink,
        eventId,
        c ->
            update(
                c,
                "UPDATE delivery SET state = 'DEAD', attempts = ?, last_error = ?, finished_ms = ?"
                    + " WHERE sink = ? AND event_id = ? AND state = 'PENDING'",
                sink,
                eventId,
                ps -> {
                  ps.setInt(1, attempts);
                  ps.setString(2, error(error));
                  ps.setLong(3, Columns.millis(at));
                  return 3;
                }));
  }

  @Override
  public List<OutboxStats> stats(List<String> sinks) {
    Map<String, OutboxStats> bySink =
        db.read(
            "reading the outbox counts",
            c -> {
              Map<String, OutboxStats> counted = new HashMap<>();
              try (PreparedStatement ps =
                      c.prepareStatement(
                          "SELECT d.sink,"
                              + " COUNT(CASE WHEN d.state = 'PENDING' THEN 1 END) AS pending,"
                              + " COUNT(CASE WHEN d.state = 'DEAD' THEN 1 END) AS dead,"
                              + " MIN(CASE WHEN d.state = 'PENDING' THEN e.at_ms END) AS oldest"
                              + " FROM delivery d JOIN alert_event e ON e.event_id = d.event_id"
                              + " WHERE d.state <> 'DELIVERED' GROUP BY d.sink");
                  ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                  String sink = rs.getString("sink");
                  counted.put(
                      sink,
                      new OutboxStats(
                          sink,
                          rs.getLong("pending"),
                          rs.getLong("dead"),
                          Columns.optionalInstant(rs, "oldest")));
                }
              }
              return counted;
            });
    List<OutboxStats> stats = new ArrayList<>();
    for (String sink : sinks) {
      stats.add(bySink.getOrDefault(sink, new OutboxStats(sink, 0, 0, Optional.empty())));
    }
    return stats;
  }

  @Override
  public List<Delivery> deadLetters(int limit) {
    SqlAlertStore.requirePositive(limit);
    return db.read(
        "reading the dead letters",
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + DELIVERY_COLUMNS
                      + " FROM delivery d JOIN alert_event e ON e.event_id = d.event_id"
                      + " WHERE d.state = 'DEAD' ORDER BY d.finished_ms DESC, d.seq DESC,"
                      + " d.sink LIMIT ?")) {
            ps.setInt(1, limit);
            return deliveries(ps);
          }
        });
  }

  /** Binds an UPDATE's leading parameters and says how many it bound. */
  @FunctionalInterface
  private interface Binder {
    int bind(PreparedStatement ps) throws SQLException;
  }

  /**
   * Updates a PENDING delivery. A delivery already finished is left as it is, so that a worker that
   * records an outcome twice (after a restart) changes nothing; one that does not exist is a
   * caller's error.
   */
  private void finish(String what, String sink, String eventId, Database.Work<Integer> update) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(eventId, "eventId");
    boolean known =
        db.write(
            what,
            c -> {
              if (update.run(c) > 0) {
                return true;
              }
              try (PreparedStatement ps =
                  c.prepareStatement("SELECT 1 FROM delivery WHERE sink = ? AND event_id = ?")) {
                ps.setString(1, sink);
                ps.setString(2, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next();
                }
              }
            });
    if (!known) {
      throw new IllegalArgumentException(
          "no delivery of event " + eventId + " to sink " + sink + " in the outbox");
    }
  }

  /** Runs an UPDATE whose last two parameters are the sink and the event id. */
  private static int update(
      Connection c, String sql, String sink, String eventId, Binder bindLeading)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      int bound = bindLeading.bind(ps);
      ps.setString(bound + 1, sink);
      ps.setString(bound + 2, eventId);
      return ps.executeUpdate();
    }
  }

  private static List<Delivery> deliveries(PreparedStatement ps) throws SQLException {
    List<Delivery> rows = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows.add(
            new Delivery(
                rs.getString("sink"),
                SqlAlertStore.event(rs),
                Delivery.State.valueOf(rs.getString("state")),
                rs.getInt("attempts"),
                Columns.instant(rs, "next_attempt_ms"),
                Columns.optionalText(rs, "last_error"),
                Columns.optionalInstant(rs, "finished_ms")));
      }
    }
    return rows;
  }

  private static String error(String error) {
    String line = StoreException.oneLine(error == null ? "" : error);
    return line.length() <= MAX_ERROR_LENGTH ? line : line.substring(0, MAX_ERROR_LENGTH) + "...";
  }

  private static void requireAttempts(int attempts) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
    }
  }
}
