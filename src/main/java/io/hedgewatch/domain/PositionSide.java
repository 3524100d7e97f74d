package io.hedgewatch.domain;

import java.math.BigDecimal;

/** The direction of a perp position. */
public enum PositionSide {
  LONG,
  SHORT;

  /** +1 for a long, -1 for a short: a position's value moves by sign x size x price change. */
  public BigDecimal sign() {
    return this == LONG ? BigDecimal.ONE : BigDecimal.ONE.negate();
  }

  public PositionSide opposite() {
    return this == LONG ? SHORT : LONG;
  }
}
