package io.hedgewatch.domain;

import java.util.Optional;

/**
 * What a venue says about whether a market can be traded.
 *
 * @param reason the venue's words, or what hedgewatch read (e.g. "perpsSystem denyAll"), when any
 *     flag is set
 */
public record MarketStatus(
    boolean paused,
    boolean disabled,
    boolean reduceOnly,
    boolean delisted,
    Optional<String> reason) {

  public static final MarketStatus ACTIVE =
      new MarketStatus(false, false, false, false, Optional.empty());

  /** True when the market cannot be traded normally: a hedge on it cannot be adjusted. */
  public boolean restricted() {
    return paused || disabled || reduceOnly || delisted;
  }
}
