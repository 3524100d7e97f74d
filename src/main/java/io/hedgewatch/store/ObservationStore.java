package io.hedgewatch.store;

import java.time.Instant;
import java.util.List;

/**
 * The observations hedgewatch keeps of feeds and markets, cycle after cycle, for audits, charts and
 * rules that look back. Funding settlements are kept by {@link FundingHistoryStore}; {@link #prune}
 * covers them too.
 */
public interface ObservationStore {

  /**
   * Keeps one feed observation. Recording the same (feed, block, time) again replaces it: a block
   * re-read in a later cycle keeps the latest judgement.
   */
  void recordFeed(FeedObservation observation);

  /** Keeps feed observations, all in one transaction; the same replacement rule. */
  void recordFeeds(List<FeedObservation> observations);

  /** Keeps one market observation; recording the same (market, time) again replaces it. */
  void recordMarket(MarketObservation observation);

  /** Keeps market observations, all in one transaction; the same replacement rule. */
  void recordMarkets(List<MarketObservation> observations);

  /** Observations of {@code feedId} with {@code from <= at <= to}, oldest first. */
  List<FeedObservation> feedObservations(String feedId, Instant from, Instant to);

  /** Observations of {@code marketId} with {@code from <= at <= to}, oldest first. */
  List<MarketObservation> marketObservations(String marketId, Instant from, Instant to);

  /**
   * Deletes feed and market observations and funding points strictly older than {@code cutoff}; a
   * row at {@code cutoff} stays. The funding ranges recorded as fetched are cut at {@code cutoff}
   * too. Platform baselines are never pruned.
   */
  Pruned prune(Instant cutoff);
}
