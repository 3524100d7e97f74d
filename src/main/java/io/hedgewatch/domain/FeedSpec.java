package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * A configured feed as the rules need it.
 *
 * @param address the proxy (Chainlink) or the Pyth contract, lower-case 0x hex
 * @param priceId Pyth price id (32 bytes, 0x hex), empty for Chainlink
 * @param deviationThreshold the feed's published deviation trigger as a fraction (0.0005 = 0.05 %)
 * @param expectAggregator pinned aggregator address: a different one is a source change
 */
public record FeedSpec(
    String id,
    String chain,
    FeedType type,
    String address,
    Optional<String> priceId,
    Duration heartbeat,
    BigDecimal deviationThreshold,
    MarketHours marketHours,
    Optional<String> expectAggregator) {}
