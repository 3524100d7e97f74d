package io.hedgewatch.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Planted feed updates and reference candles on a minute grid from {@link #T0}. */
final class AuditData {

  static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

  private AuditData() {}

  static Instant at(double minutes) {
    return T0.plus(Duration.ofMillis(Math.round(minutes * 60_000)));
  }

  /** A complete update at {@code minutes}, its raw answer the price at 8 decimals. */
  static FeedUpdate update(double minutes, String price) {
    BigDecimal p = new BigDecimal(price);
    return new FeedUpdate(
        at(minutes),
        p,
        p.movePointRight(8).toBigIntegerExact(),
        "r" + minutes,
        1,
        Optional.empty(),
        true);
  }

  static FeedUpdate raw(double minutes, long raw) {
    return new FeedUpdate(
        at(minutes),
        new BigDecimal(BigInteger.valueOf(raw), 8),
        BigInteger.valueOf(raw),
        "r" + minutes,
        1,
        Optional.empty(),
        true);
  }

  static FeedUpdate incomplete(double minutes) {
    return new FeedUpdate(
        at(minutes), BigDecimal.ZERO, BigInteger.ZERO, "i" + minutes, 1, Optional.empty(), false);
  }

  /** The one-minute candle opening at {@code minute}. */
  static ReferencePoint candle(int minute, String close) {
    return new ReferencePoint(at(minute), at(minute + 1), new BigDecimal(close), 3);
  }
}
