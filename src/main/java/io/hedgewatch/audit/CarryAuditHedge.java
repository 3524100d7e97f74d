package io.hedgewatch.audit;

import io.hedgewatch.domain.PositionSide;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * The hedge whose carry is audited: a perp position of {@code size} base units on {@code side},
 * held unchanged through the period. The same hedge is priced on every venue compared.
 */
public record CarryAuditHedge(PositionSide side, BigDecimal size) {

  public CarryAuditHedge {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(size, "size");
    if (size.signum() <= 0) {
      throw new IllegalArgumentException("hedge size must be above 0, was " + size.toPlainString());
    }
  }

  /** The size with the side's sign: negative for a short, as {@code PositionSnapshot}'s. */
  public BigDecimal signedSize() {
    return side.sign().multiply(size);
  }

  /** The same hedge on the other side. */
  public CarryAuditHedge flipped() {
    return new CarryAuditHedge(side.opposite(), size);
  }
}
