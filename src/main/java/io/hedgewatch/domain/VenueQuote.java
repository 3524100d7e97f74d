package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One venue's price for one of its own markets, exactly as the venue gave it.
 *
 * @param market the venue's listing this price is for: its native symbol and the canonical pair it
 *     prices (e.g. {@code ETHUSDT} = ETH/USDT)
 * @param price the venue's last (or mid) price in the market's quote asset
 * @param observedAt the venue's own timestamp of the price when it sends one, else when hedgewatch
 *     received it
 * @param venueTimestamped whether {@code observedAt} comes from the venue
 */
public record VenueQuote(
    ReferenceVenue venue,
    VenueMarket market,
    BigDecimal price,
    Instant observedAt,
    boolean venueTimestamped) {
  public VenueQuote {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(observedAt, "observedAt");
  }
}
