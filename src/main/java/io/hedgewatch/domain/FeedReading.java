package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.util.Optional;

/** What one cycle read of one configured feed. */
public sealed interface FeedReading {

  String feedId();

  /**
   * A Chainlink-style proxy (or bare aggregator). Optional reads are empty when the contract lacks
   * them (a bare aggregator has no {@code aggregator()}), or when the bounds are not published.
   */
  record Chainlink(
      String feedId,
      int decimals,
      ChainlinkRound round,
      Optional<String> description,
      Optional<String> aggregator,
      Optional<Integer> phaseId,
      Optional<String> proposedAggregator,
      Optional<AnswerBounds> bounds)
      implements FeedReading {

    public BigDecimal price() {
      return new BigDecimal(round.answer(), decimals);
    }
  }

  /**
   * A Pyth price feed: the latest price and its EMA, read unsafe so that staleness is ours to
   * judge.
   */
  record Pyth(String feedId, String priceId, PythPrice price, Optional<PythPrice> ema)
      implements FeedReading {}

  /** The feed's essential read failed; the reason is a value the rules report. */
  record Unreadable(String feedId, ReadFailure failure) implements FeedReading {}
}
