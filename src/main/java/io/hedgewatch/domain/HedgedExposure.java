package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * What a position hedges: an amount of an asset held elsewhere (spot, a portfolio), positive when
 * held long (the usual case: spot held, perp short), negative when the exposure is short.
 *
 * @param asset the base asset, as in the market's reference pair ({@code ETH})
 * @param amount in asset units (for a token read on chain: its balance scaled by its decimals)
 * @param price the asset's reference price used to value it, when one was available
 * @param source where the amount comes from: "config", "balanceOf(0x…) of 0x… on arbitrum"
 */
public record HedgedExposure(
    String asset, BigDecimal amount, Optional<BigDecimal> price, String source) {
  public HedgedExposure {
    Objects.requireNonNull(asset, "asset");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(source, "source");
  }

  /** amount x price, when priced. */
  public Optional<BigDecimal> value() {
    return price.map(amount::multiply);
  }
}
