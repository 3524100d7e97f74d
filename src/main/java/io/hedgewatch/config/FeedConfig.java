package io.hedgewatch.config;

import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.MarketHours;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * One entry of the {@code feeds} section: what the rules need ({@link FeedSpec}) plus its reference
 * block.
 */
public record FeedConfig(FeedSpec spec, Optional<FeedReference> reference) {

  /**
   * 0.5 %, Chainlink's most common deviation trigger; applies when a feed does not state its own.
   */
  public static final BigDecimal DEFAULT_DEVIATION_THRESHOLD = new BigDecimal("0.005");

  public static final MarketHours DEFAULT_MARKET_HOURS = MarketHours.CRYPTO;

  public String id() {
    return spec.id();
  }
}
