package io.hedgewatch.config;

import java.util.Objects;
import java.util.Optional;

/**
 * How a GMX v2 market's tokens are priced for the Reader's {@code getMarketInfo}, which takes the
 * caller's prices (GMX keeps none on chain between transactions). Keys of a {@code gmx-v2} market.
 *
 * @param indexDecimals the index token's decimals when it has no contract to ask (GMX's synthetic
 *     index tokens, such as BTC in BTC/USD [WBTC-USDC], which has 8); otherwise its ERC-20 {@code
 *     decimals()} is read
 * @param longTokenFeed the feed whose answer prices the long token; by default the market's own
 *     price (its {@code oracleFeed}, else its reference pair), right for the usual X/USD [X-USDC]
 *     markets whose long token is the wrapped index asset
 * @param shortTokenFeed the feed whose answer prices the short token; by default 1 USD, the short
 *     token of GMX's markets being a USD stablecoin
 */
public record GmxMarketPricing(
    Optional<Integer> indexDecimals,
    Optional<String> longTokenFeed,
    Optional<String> shortTokenFeed) {

  public static final GmxMarketPricing DEFAULTS =
      new GmxMarketPricing(Optional.empty(), Optional.empty(), Optional.empty());

  /** GMX prices are 30-decimal USD per smallest token unit, so a token has at most 30 decimals. */
  public static final int MAX_DECIMALS = 30;

  public GmxMarketPricing {
    Objects.requireNonNull(indexDecimals, "indexDecimals");
    Objects.requireNonNull(longTokenFeed, "longTokenFeed");
    Objects.requireNonNull(shortTokenFeed, "shortTokenFeed");
  }
}
