package io.hedgewatch.reference;

import io.hedgewatch.domain.ReferenceVenue;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** The wire protocol of each reference venue. */
public final class VenueProtocols {

  private VenueProtocols() {}

  /** Every venue's protocol; Kraken reads result keys from {@code listings}. */
  public static Map<ReferenceVenue, VenueProtocol> all(VenueListings listings) {
    Map<ReferenceVenue, VenueProtocol> all = new EnumMap<>(ReferenceVenue.class);
    for (ReferenceVenue v : ReferenceVenue.values()) {
      all.put(v, of(v, listings));
    }
    return Collections.unmodifiableMap(all);
  }

  public static VenueProtocol of(ReferenceVenue venue, VenueListings listings) {
    Objects.requireNonNull(listings, "listings");
    switch (Objects.requireNonNull(venue, "venue")) {
      case BINANCE:
        return new BinanceSpotProtocol();
      case COINBASE:
        return new CoinbaseExchangeProtocol();
      case KRAKEN:
        return new KrakenSpotProtocol(listings);
      case OKX:
        return new OkxProtocol();
      case BYBIT:
        return new BybitSpotProtocol();
      default:
        throw new IllegalArgumentException("no protocol for " + venue);
    }
  }

  public static VenueProtocol of(ReferenceVenue venue) {
    return of(venue, VenueListings.standard());
  }
}
