package io.hedgewatch.domain;

import java.util.Objects;

/**
 * A venue's spot market: its native symbol (what the venue's API takes, e.g. {@code ETHUSDT},
 * {@code ETH-USD}, {@code XETHZUSD}) and the canonical pair it trades (ETH/USDT, ETH/USD).
 */
public record VenueMarket(String nativeSymbol, Pair pair) {
  public VenueMarket {
    Objects.requireNonNull(nativeSymbol, "nativeSymbol");
    Objects.requireNonNull(pair, "pair");
  }
}
