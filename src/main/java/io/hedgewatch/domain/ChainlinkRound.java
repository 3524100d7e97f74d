package io.hedgewatch.domain;

import java.math.BigInteger;
import java.util.Objects;

/**
 * {@code latestRoundData()} as returned by an AggregatorV3Interface, integers exactly as on chain.
 */
public record ChainlinkRound(
    BigInteger roundId,
    BigInteger answer,
    BigInteger startedAt,
    BigInteger updatedAt,
    BigInteger answeredInRound) {

  public ChainlinkRound {
    Objects.requireNonNull(roundId, "roundId");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(answeredInRound, "answeredInRound");
  }

  /**
   * The proxy's phase: the top 16 bits of a proxy round id ({@code phaseId << 64 |
   * aggregatorRoundId}).
   */
  public int phaseOfRoundId() {
    return roundId.shiftRight(64).intValue();
  }
}
