package io.hedgewatch.domain;

import java.util.Optional;

/** The centralized venues hedgewatch takes reference prices from, by their config names. */
public enum ReferenceVenue {
  BINANCE("binance"),
  COINBASE("coinbase"),
  KRAKEN("kraken"),
  OKX("okx"),
  BYBIT("bybit");

  private final String configName;

  ReferenceVenue(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Optional<ReferenceVenue> fromConfigName(String name) {
    for (ReferenceVenue v : values()) {
      if (v.configName.equals(name)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
