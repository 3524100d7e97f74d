package io.hedgewatch.domain;

import java.util.Optional;

/**
 * The centralized perp venues hedgewatch takes funding and mark references from, by their config
 * names.
 */
public enum CexFundingVenue {
  BINANCE("binance"),
  BYBIT("bybit"),
  OKX("okx"),
  DERIBIT("deribit"),
  KRAKEN_FUTURES("kraken-futures");

  private final String configName;

  CexFundingVenue(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Optional<CexFundingVenue> fromConfigName(String name) {
    for (CexFundingVenue v : values()) {
      if (v.configName.equals(name)) {
        return Optional.of(v);
      }
    }
    return Optional.empty();
  }
}
