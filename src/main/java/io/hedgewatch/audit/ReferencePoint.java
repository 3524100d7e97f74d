package io.hedgewatch.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * The reference (centralized venues' composite, quote-normalised to the feed's unit) over one
 * candle: {@code price} is the close of {@code [openTime, closeTime)}, {@code sources} how many
 * venues had a candle there.
 */
public record ReferencePoint(Instant openTime, Instant closeTime, BigDecimal price, int sources) {

  public ReferencePoint {
    Objects.requireNonNull(openTime, "openTime");
    Objects.requireNonNull(closeTime, "closeTime");
    Objects.requireNonNull(price, "price");
    if (!closeTime.isAfter(openTime)) {
      throw new IllegalArgumentException(
          "reference point closes at " + closeTime + ", not after it opens at " + openTime);
    }
    if (price.signum() <= 0) {
      throw new IllegalArgumentException("reference price must be positive, was " + price);
    }
  }
}
