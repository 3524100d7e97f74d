package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One closed candle of a market: the last traded price of {@code [openTime, closeTime)}, in the
 * market's quote asset.
 */
public record Candle(Instant openTime, Instant closeTime, BigDecimal close) {
  public Candle {
    Objects.requireNonNull(openTime, "openTime");
    Objects.requireNonNull(closeTime, "closeTime");
    Objects.requireNonNull(close, "close");
    if (!closeTime.isAfter(openTime)) {
      throw new IllegalArgumentException(
          "candle closes at " + closeTime + ", not after it opens at " + openTime);
    }
    if (close.signum() <= 0) {
      throw new IllegalArgumentException("candle close must be positive, was " + close);
    }
  }
}
