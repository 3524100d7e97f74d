package io.hedgewatch.monitor;

import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.MarketConfig;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.venue.GmxMarketResolver;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * How one check prices GMX v2 tokens for the Reader, which takes its caller's prices: a market's
 * index token at the market's own price (its {@code oracleFeed}'s answer this check, else its
 * reference composite), the long and short tokens as {@link io.hedgewatch.config.GmxMarketPricing}
 * says. The same prices serve the markets and the positions on them.
 */
final class GmxPricing {

  private static final String PRICE_OF_FEED = "feed:";
  private static final String PRICE_OF_MARKET = "market:";
  private static final String ONE_USD = "usd:1";

  private final HedgewatchConfig config;
  private final Map<String, ReferencePrice> references;
  private final Map<String, BigDecimal> feedPrices;

  /**
   * @param references the reference composite of each market with a reference pair, by market id
   * @param feedPrices the answer of each feed read in this check, by feed id
   */
  GmxPricing(
      HedgewatchConfig config,
      Map<String, ReferencePrice> references,
      Map<String, BigDecimal> feedPrices) {
    this.config = config;
    this.references = Map.copyOf(references);
    this.feedPrices = Map.copyOf(feedPrices);
  }

  /** The market's token price keys and index decimals, for {@link GmxMarketResolver}. */
  GmxMarketResolver.Spec spec(MarketConfig m) {
    return new GmxMarketResolver.Spec(
        m.market(),
        PRICE_OF_MARKET + m.id(),
        m.gmxPricing().longTokenFeed().map(f -> PRICE_OF_FEED + f).orElse(PRICE_OF_MARKET + m.id()),
        m.gmxPricing().shortTokenFeed().map(f -> PRICE_OF_FEED + f).orElse(ONE_USD),
        m.gmxPricing().indexDecimals());
  }

  /**
   * A GMX token's USD price this check: a feed's answer, a market's own price, or the 1 USD of a
   * stablecoin short token.
   */
  Optional<BigDecimal> usdPrice(String key) {
    if (key.equals(ONE_USD)) {
      return Optional.of(BigDecimal.ONE);
    }
    if (key.startsWith(PRICE_OF_FEED)) {
      return Optional.ofNullable(feedPrices.get(key.substring(PRICE_OF_FEED.length())));
    }
    String marketId = key.substring(PRICE_OF_MARKET.length());
    MarketConfig market = config.markets().get(marketId);
    Optional<BigDecimal> oracle = market.oracleFeed().map(feedPrices::get);
    if (oracle.isPresent()) {
      return oracle;
    }
    return Optional.ofNullable(references.get(marketId)).flatMap(ReferencePrice::price);
  }
}
