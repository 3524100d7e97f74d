package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Pyth's {@code Price} struct, field for field: value = price x 10^expo, conf at the same exponent.
 */
public record PythPrice(long price, long conf, int expo, long publishTime) {

  public BigDecimal value() {
    return BigDecimal.valueOf(price).scaleByPowerOfTen(expo);
  }

  public BigDecimal confidence() {
    return new BigDecimal(Long.toUnsignedString(conf)).scaleByPowerOfTen(expo);
  }

  public Instant publishedAt() {
    return Instant.ofEpochSecond(publishTime);
  }
}
