package io.hedgewatch.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.hedgewatch.alert.AlertState;
import io.hedgewatch.alert.TrackedAlert;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The lifecycle state in {@code alert_state} (one row per identity, the {@link TrackedAlert} as
 * JSON), events in {@code alert_event} and, at commit, their {@code delivery} rows. A commit writes
 * only the state rows that changed, so a cycle in which nothing moved costs one small transaction.
 */
final class SqlAlertStore implements AlertStore {

  /** Like {@link io.hedgewatch.alert.AlertStateJson}: ISO-8601 times at full precision. */
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  static final String EVENT_COLUMNS =
      "e.seq, e.event_id, e.type, e.alert_id, e.rule, e.subject, e.severity, e.at_ms, e.body";

  private static final String UPSERT_STATE =
      "INSERT INTO alert_state (alert_id, rule, subject, phase, state_json) VALUES (?, ?, ?, ?, ?)"
          + " ON CONFLICT (alert_id) DO UPDATE SET rule = excluded.rule,"
          + " subject = excluded.subject, phase = excluded.phase,"
          + " state_json = excluded.state_json";

  private static final String INSERT_EVENT =
      "INSERT INTO alert_event (event_id, type, alert_id, rule, subject, severity, at_ms, body)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING RETURNING seq";

  private static final String INSERT_DELIVERY =
      "INSERT INTO delivery (sink, event_id, seq, state, attempts, next_attempt_ms)"
          + " VALUES (?, ?, ?, 'PENDING', 0, ?)";

  private final Database db;
  private final Clock clock;

  SqlAlertStore(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  @Override
  public AlertState alertState() {
    return db.read(
        "reading the alert state",
        c -> {
          List<TrackedAlert> alerts = new ArrayList<>();
          try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT alert_id, state_json FROM alert_state ORDER BY alert_id");
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              alerts.add(tracked(rs.getString("alert_id"), rs.getString("state_json")));
            }
          }
          return new AlertState(alerts);
        });
  }

  @Override
  public List<StoredEvent> commit(AlertState state, List<StoredEvent> events, List<String> sinks) {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(sinks, "sinks");
    Map<String, String> rows = new HashMap<>();
    for (TrackedAlert a : state.alerts()) {
      rows.put(a.id(), json(a));
    }
    long now = Columns.millis(clock.instant());
    return db.write(
        "committing " + events.size() + " alert events",
        c -> {
          replaceState(c, state, rows);
          List<StoredEvent> appended = new ArrayList<>();
          for (StoredEvent e : events) {
            OptionalLong seq = append(c, e);
            if (seq.isPresent()) {
              appended.add(withSequence(e, seq.getAsLong()));
            }
          }
          queue(c, appended, sinks, now);
          return List.copyOf(appended);
        });
  }

  @Override
  public List<StoredEvent> eventsAfter(long afterSequence, int limit) {
    requirePositive(limit);
    return db.read(
        "reading alert events after " + afterSequence,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + EVENT_COLUMNS
                      + " FROM alert_event e WHERE e.seq > ? ORDER BY e.seq LIMIT ?")) {
            ps.setLong(1, afterSequence);
            ps.setInt(2, limit);
            return events(ps);
          }
        });
  }

  @Override
  public List<StoredEvent> eventsOf(String alertId, int limit) {
    requirePositive(limit);
    return db.read(
        "reading the events of alert " + alertId,
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT "
                      + EVENT_COLUMNS
                      + " FROM alert_event e WHERE e.alert_id = ? ORDER BY e.seq DESC LIMIT ?")) {
            ps.setString(1, alertId);
            ps.setInt(2, limit);
            return events(ps);
          }
        });
  }

  /**
   * Deletes the events older than {@code cutoff} whose every delivery is finished (DELIVERED or
   * DEAD), with those deliveries; an event still PENDING for some sink stays whole. The state rows
   * are never pruned.
   *
   * @return {@code [events, deliveries]} deleted
   */
  int[] prune(Instant cutoff) {
    long before = Columns.millisFrom(cutoff);
    return db.write(
        "deleting alert events older than " + cutoff,
        c -> {
          int deliveries;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM delivery WHERE event_id IN (SELECT e.event_id FROM alert_event e"
                      + " WHERE e.at_ms < ? AND NOT EXISTS (SELECT 1 FROM delivery p"
                      + " WHERE p.event_id = e.event_id AND p.state = 'PENDING'))")) {
            ps.setLong(1, before);
            deliveries = ps.executeUpdate();
          }
          int events;
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM alert_event WHERE at_ms < ? AND NOT EXISTS"
                      + " (SELECT 1 FROM delivery d WHERE d.event_id = alert_event.event_id)")) {
            ps.setLong(1, before);
            events = ps.executeUpdate();
          }
          return new int[] {events, deliveries};
        });
  }

  /** Deletes the identities no longer tracked and writes those whose JSON changed. */
  private static void replaceState(Connection c, AlertState state, Map<String, String> rows)
      throws SQLException {
    Map<String, String> stored = new HashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT alert_id, state_json FROM alert_state");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        stored.put(rs.getString(1), rs.getString(2));
      }
    }
    Set<String> gone = new HashSet<>(stored.keySet());
    gone.removeAll(rows.keySet());
    if (!gone.isEmpty()) {
      try (PreparedStatement ps =
          c.prepareStatement("DELETE FROM alert_state WHERE alert_id = ?")) {
        for (String id : gone) {
          ps.setString(1, id);
          ps.addBatch();
        }
        ps.executeBatch();
      }
    }
    boolean changed = false;
    try (PreparedStatement ps = c.prepareStatement(UPSERT_STATE)) {
      for (TrackedAlert a : state.alerts()) {
        String json = rows.get(a.id());
        if (json.equals(stored.get(a.id()))) {
          continue;
        }
        ps.setString(1, a.id());
        ps.setString(2, a.rule());
        ps.setString(3, a.subject());
        ps.setString(4, a.phase().name());
        ps.setString(5, json);
        ps.addBatch();
        changed = true;
      }
      if (changed) {
        ps.executeBatch();
      }
    }
  }

  /** Appends the event unless its id is stored already; its new sequence number if appended. */
  private static OptionalLong append(Connection c, StoredEvent e) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_EVENT)) {
      ps.setString(1, e.id());
      ps.setString(2, e.type());
      ps.setString(3, e.alertId());
      ps.setString(4, e.rule());
      ps.setString(5, e.subject());
      ps.setString(6, e.severity());
      ps.setLong(7, Columns.millis(e.at()));
      ps.setString(8, e.body());
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /**
   * One PENDING delivery per event and sink, due at once: at the earlier of the event's time and
   * the store clock's now, so that it is due whichever of the two the worker reads.
   */
  private static void queue(Connection c, List<StoredEvent> events, List<String> sinks, long now)
      throws SQLException {
    if (events.isEmpty() || sinks.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT_DELIVERY)) {
      for (StoredEvent e : events) {
        long due = Math.min(now, Columns.millis(e.at()));
        for (String sink : sinks) {
          ps.setString(1, Objects.requireNonNull(sink, "sink"));
          ps.setString(2, e.id());
          ps.setLong(3, e.sequence());
          ps.setLong(4, due);
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }

  static List<StoredEvent> events(PreparedStatement ps) throws SQLException {
    List<StoredEvent> events = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        events.add(event(rs));
      }
    }
    return events;
  }

  /** The event in the row's {@link #EVENT_COLUMNS}. */
  static StoredEvent event(ResultSet rs) throws SQLException {
    return new StoredEvent(
        rs.getLong("seq"),
        rs.getString("event_id"),
        rs.getString("type"),
        rs.getString("alert_id"),
        rs.getString("rule"),
        rs.getString("subject"),
        rs.getString("severity"),
        Columns.instant(rs, "at_ms"),
        rs.getString("body"));
  }

  private static StoredEvent withSequence(StoredEvent e, long sequence) {
    return new StoredEvent(
        sequence,
        e.id(),
        e.type(),
        e.alertId(),
        e.rule(),
        e.subject(),
        e.severity(),
        e.at(),
        e.body());
  }

  private static String json(TrackedAlert alert) {
    try {
      return JSON.writeValueAsString(alert);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the state of alert " + alert.id(), e);
    }
  }

  private TrackedAlert tracked(String alertId, String json) {
    try {
      return JSON.readValue(json, TrackedAlert.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
      throw new StoreException(
          StoreException.Reason.FAILED,
          "storage "
              + db.url()
              + ": the stored state of alert "
              + alertId
              + " is not readable: "
              + why,
          e);
    }
  }

  static void requirePositive(int limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be positive, was " + limit);
    }
  }
}
