package io.hedgewatch.store;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.TimeRange;
import java.time.Instant;
import java.util.List;

/**
 * Funding per market (by config market id), the history behind funding.spike's z-score: settled
 * points backfilled from the venue, with the ranges already asked of it, or rates sampled each
 * cycle where the venue keeps no history.
 */
public interface FundingHistoryStore {

  /** Adds points; a point already stored for the same (market, time) is kept once. */
  void append(String marketId, List<FundingPoint> points);

  /** Points of {@code marketId} with {@code from <= at <= to}, oldest first. */
  List<FundingPoint> history(String marketId, Instant from, Instant to);

  /**
   * Adds the points the venue gave for {@code fetched} and records that range as asked, in one
   * transaction: a range is never recorded without its points.
   */
  void appendFetched(String marketId, TimeRange fetched, List<FundingPoint> points);

  /**
   * The ranges of {@code marketId} already asked of its venue that meet [from, to], oldest first,
   * disjoint, not cut to [from, to].
   */
  List<TimeRange> fetched(String marketId, Instant from, Instant to);
}
