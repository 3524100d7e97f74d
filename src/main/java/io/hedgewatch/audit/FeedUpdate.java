package io.hedgewatch.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One update of an on-chain feed over an audited period, whatever its kind: a Chainlink round
 * (walked across phases) or a Pyth {@code PriceFeedUpdate}.
 *
 * @param at when the feed says the value was updated ({@code updatedAt}, Pyth's {@code
 *     publishTime})
 * @param price the answer in the feed's unit (scaled by its decimals or exponent)
 * @param raw the answer exactly as on chain (compared with the aggregator's bounds)
 * @param id what identifies the update on chain: a Chainlink proxy round id in decimal, or the
 *     block number and log index of a Pyth update ({@code 123456:7})
 * @param phaseId the Chainlink proxy phase the round belongs to; 0 for Pyth
 * @param confidence Pyth's confidence interval in the feed's unit; empty for Chainlink
 * @param complete false for a Chainlink round that was never answered ({@code updatedAt == 0} or
 *     {@code answeredInRound < roundId}) or a non-positive answer: kept, so that a report can name
 *     it, but not priced
 */
public record FeedUpdate(
    Instant at,
    BigDecimal price,
    BigInteger raw,
    String id,
    int phaseId,
    Optional<BigDecimal> confidence,
    boolean complete) {

  public FeedUpdate {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(confidence, "confidence");
  }
}
