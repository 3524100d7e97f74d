package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One venue market's part in a reference composite ({@link ReferencePrice} or {@link
 * ConversionRate}): what it quoted, what that is in the composite's quote asset, and whether it was
 * used and why not.
 *
 * @param market the venue's market, e.g. binance {@code ETHUSDT} = ETH/USDT
 * @param nativePrice the venue's price in its market's quote asset; empty when it gave none
 * @param convertedPrice the price in the composite pair's quote asset: {@code nativePrice} itself
 *     for a market in that quote, {@code nativePrice x conversionRate} for another quote (ETHUSDT
 *     3000.30 x USDT/USD 0.9999 = 2999.99997), {@code 1 / nativePrice} for the inverse market of a
 *     conversion rate; trailing zeros stripped (3001.4 for Binance's {@code "3001.40000000"});
 *     empty when there is no price or no rate
 * @param conversionRate the rate applied to {@code nativePrice}, e.g. USDT/USD 0.9999; empty when
 *     none was needed or none was available
 * @param observedAt the quote's time; empty when the venue gave no quote
 * @param deviationBps signed distance of {@code convertedPrice} from the median of the fresh
 *     venues, {@code (price - median) / median} in basis points, for the venues that entered that
 *     median (USED and OUTLIER); empty for the others
 * @param note why the source has its state, in words (the venue's own error for FAILED)
 */
public record ReferenceSource(
    ReferenceVenue venue,
    VenueMarket market,
    SourceState state,
    Optional<BigDecimal> nativePrice,
    Optional<BigDecimal> convertedPrice,
    Optional<BigDecimal> conversionRate,
    Optional<Instant> observedAt,
    Optional<BigDecimal> deviationBps,
    String note) {

  public ReferenceSource {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(nativePrice, "nativePrice");
    Objects.requireNonNull(convertedPrice, "convertedPrice");
    Objects.requireNonNull(conversionRate, "conversionRate");
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(deviationBps, "deviationBps");
    Objects.requireNonNull(note, "note");
    if (state == SourceState.USED && convertedPrice.isEmpty()) {
      throw new IllegalArgumentException("a USED source needs a converted price");
    }
  }

  /** "binance ETHUSDT": the venue's config name and the market's native symbol. */
  public String label() {
    return venue.configName() + " " + market.nativeSymbol();
  }
}
