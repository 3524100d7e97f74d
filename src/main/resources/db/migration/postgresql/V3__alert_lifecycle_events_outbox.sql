-- hedgewatch schema 3 (PostgreSQL): the alert lifecycle of `run`, its events and their outbox.
-- The same as db/migration/sqlite/V3 but for the event sequence: an identity column, whose numbers
-- are never handed out twice, so a client resuming after a sequence number never misses an event.
-- The lifecycle's state: one row per tracked identity (rule, subject), the TrackedAlert as JSON.
-- Rows are replaced whole at every commit and never pruned: an IDLE row still carries the
-- identity's event sequence, which keeps its event ids from repeating.
CREATE TABLE alert_state (
  alert_id   TEXT NOT NULL PRIMARY KEY,
  rule       TEXT NOT NULL,
  subject    TEXT NOT NULL,
  phase      TEXT NOT NULL,   -- IDLE | PENDING | OPEN
  state_json TEXT NOT NULL
);

-- Every event the lifecycle emitted, in commit order; body is the webhook document as sent.
CREATE TABLE alert_event (
  seq       BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  event_id  TEXT   NOT NULL UNIQUE,
  type      TEXT   NOT NULL,   -- alert.opened ...
  alert_id  TEXT   NOT NULL,
  rule      TEXT   NOT NULL,
  subject   TEXT   NOT NULL,
  severity  TEXT   NOT NULL,
  at_ms     BIGINT NOT NULL,
  body      TEXT   NOT NULL
);
CREATE INDEX alert_event_alert ON alert_event (alert_id, seq);
CREATE INDEX alert_event_at ON alert_event (at_ms);

-- The outbox: one row per event and sink. seq repeats the event's, so that a sink's queue is
-- read in event order from the index alone.
CREATE TABLE delivery (
  sink            TEXT    NOT NULL,
  event_id        TEXT    NOT NULL REFERENCES alert_event (event_id),
  seq             BIGINT  NOT NULL,
  state           TEXT    NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'DEAD')),
  attempts        INTEGER NOT NULL,   -- failed attempts so far
  next_attempt_ms BIGINT  NOT NULL,
  last_error      TEXT,
  finished_ms     BIGINT,             -- when DELIVERED or DEAD
  PRIMARY KEY (sink, event_id)
);
CREATE INDEX delivery_pending ON delivery (sink, seq) WHERE state = 'PENDING';
CREATE INDEX delivery_event ON delivery (event_id);
CREATE INDEX delivery_finished ON delivery (state, finished_ms);
