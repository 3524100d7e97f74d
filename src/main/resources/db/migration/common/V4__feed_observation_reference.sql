-- hedgewatch schema 4: what run saw of each feed's reference next to its answer, so that the
-- dashboard and audits draw oracle against market and drift over time from the store alone.
ALTER TABLE feed_observation ADD COLUMN reference_price TEXT;
ALTER TABLE feed_observation ADD COLUMN drift_bps DOUBLE PRECISION;
