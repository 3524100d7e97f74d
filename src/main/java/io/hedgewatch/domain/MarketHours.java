package io.hedgewatch.domain;

/**
 * The trading calendar of a feed's underlying market; staleness counts only time while that market
 * is open.
 */
public enum MarketHours {
  CRYPTO("crypto"),
  US_EQUITIES("us-equities"),
  FX("fx"),
  METALS("metals");

  private final String configName;

  MarketHours(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static java.util.Optional<MarketHours> fromConfigName(String name) {
    for (MarketHours h : values()) {
      if (h.configName.equals(name)) {
        return java.util.Optional.of(h);
      }
    }
    return java.util.Optional.empty();
  }
}
