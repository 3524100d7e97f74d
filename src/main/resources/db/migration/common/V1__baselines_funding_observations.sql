-- hedgewatch schema 1: platform baselines, funding history, feed and market observations.
-- Shared by SQLite and PostgreSQL (vendor-only changes go to db/migration/sqlite or /postgresql).
-- Conventions: times are epoch milliseconds UTC in BIGINT columns named *_ms; exact decimals are
-- TEXT in java.math.BigDecimal's toString() form, never REAL or DOUBLE; ids are the config's ids.

-- The last accepted control surface of each watched contract; compared at every start so that an
-- upgrade done while hedgewatch was stopped is still flagged.
CREATE TABLE contract_baseline (
  subject        TEXT   NOT NULL,
  chain          TEXT   NOT NULL,
  address_key    TEXT   NOT NULL,   -- lower-case address: one row whatever the checksum casing
  address        TEXT   NOT NULL,   -- as the caller wrote it
  block          BIGINT NOT NULL,
  at_ms          BIGINT NOT NULL,
  implementation TEXT,
  beacon         TEXT,
  admin          TEXT,
  owner          TEXT,
  code_hash      TEXT,
  PRIMARY KEY (subject, chain, address_key)
);

-- Settled funding per market, per hour, positive = longs pay; one row per (market, time).
CREATE TABLE funding_history (
  market_id   TEXT   NOT NULL,
  at_ms       BIGINT NOT NULL,
  rate_hourly TEXT   NOT NULL,
  PRIMARY KEY (market_id, at_ms)
);
CREATE INDEX funding_history_at ON funding_history (at_ms);

CREATE TABLE feed_observation (
  feed_id       TEXT   NOT NULL,
  at_ms         BIGINT NOT NULL,   -- the block's timestamp
  block         BIGINT NOT NULL,
  price         TEXT,              -- empty when the feed could not be read
  updated_at_ms BIGINT,            -- the oracle's own update time
  status        TEXT   NOT NULL,   -- OK | WARNING | CRITICAL | UNKNOWN
  PRIMARY KEY (feed_id, at_ms, block)
);
CREATE INDEX feed_observation_at ON feed_observation (at_ms);

CREATE TABLE market_observation (
  market_id               TEXT    NOT NULL,
  at_ms                   BIGINT  NOT NULL,
  mark_price              TEXT,
  index_price             TEXT,
  funding_rate_hourly     TEXT,
  open_interest_long      TEXT,
  open_interest_short     TEXT,
  open_interest           TEXT,
  max_open_interest_long  TEXT,
  max_open_interest_short TEXT,
  skew                    TEXT,
  paused                  BOOLEAN NOT NULL,
  disabled                BOOLEAN NOT NULL,
  reduce_only             BOOLEAN NOT NULL,
  delisted                BOOLEAN NOT NULL,
  status_reason           TEXT,
  status                  TEXT    NOT NULL,
  PRIMARY KEY (market_id, at_ms)
);
CREATE INDEX market_observation_at ON market_observation (at_ms);
