package io.hedgewatch.risk;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Objects;

/**
 * The price of the stablecoin a position's margin is held in, from its feed, and the peg it should
 * hold.
 *
 * @param token the collateral's symbol, e.g. USDC
 * @param price its price in the peg's currency, from {@code source}
 * @param peg what it should be worth (1 for a USD stablecoin)
 * @param source for people: the feed id, "feed usdc-usd"
 */
public record CollateralPeg(String token, BigDecimal price, BigDecimal peg, String source) {

  public CollateralPeg {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(source, "source");
    if (price.signum() <= 0) {
      throw new IllegalArgumentException(
          "collateral price must be positive, was " + price.toPlainString());
    }
    if (peg.signum() <= 0) {
      throw new IllegalArgumentException("peg must be positive, was " + peg.toPlainString());
    }
  }

  /** A USD stablecoin: peg 1. */
  public static CollateralPeg usd(String token, BigDecimal price, String source) {
    return new CollateralPeg(token, price, BigDecimal.ONE, source);
  }

  /** (price − peg) / peg, signed: negative below the peg. */
  public BigDecimal deviation() {
    return DecimalMath.divide(price.subtract(peg), peg, MathContext.DECIMAL128);
  }
}
