-- hedgewatch schema 2: which stretches of each market's settled funding have been asked of its
-- venue, so that a backfill asks only for what is missing; the points themselves stay in
-- funding_history. The ranges of one market are disjoint (joined when written) and both ends are
-- included. Times are epoch milliseconds UTC, as everywhere.
CREATE TABLE funding_coverage (
  market_id TEXT   NOT NULL,
  from_ms   BIGINT NOT NULL,
  to_ms     BIGINT NOT NULL,
  PRIMARY KEY (market_id, from_ms)
);
