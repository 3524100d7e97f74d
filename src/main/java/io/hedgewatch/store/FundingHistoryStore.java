package io.hedgewatch.store;

import io.hedgewatch.domain.FundingPoint;
import java.time.Instant;
import java.util.List;

/** Settled funding per market (by config market id), the history behind funding.spike's z-score. */
public interface FundingHistoryStore {

  /** Adds points; a point already stored for the same (market, time) is kept once. */
  void append(String marketId, List<FundingPoint> points);

  /** Points of {@code marketId} with {@code from <= at <= to}, oldest first. */
  List<FundingPoint> history(String marketId, Instant from, Instant to);
}
