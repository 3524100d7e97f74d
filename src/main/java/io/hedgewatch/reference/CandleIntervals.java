package io.hedgewatch.reference;

import java.time.Duration;
import java.util.Objects;

/** Candle lengths: which are usable, and how they are written. */
public final class CandleIntervals {

  /** The candle length realised volatility is measured on unless configured otherwise. */
  public static final Duration DEFAULT = Duration.ofHours(1);

  private static final long DAY_SECONDS = Duration.ofDays(1).toSeconds();

  private CandleIntervals() {}

  /**
   * {@code interval}, when it is a whole number of minutes that divides a day (so that every
   * venue's candles of that length open on the same epoch-aligned grid); otherwise an exception
   * naming the value.
   */
  public static Duration require(Duration interval) {
    Objects.requireNonNull(interval, "interval");
    long seconds = interval.toSeconds();
    if (interval.isNegative()
        || seconds < 60
        || interval.toNanos() % 60_000_000_000L != 0
        || DAY_SECONDS % seconds != 0) {
      throw new IllegalArgumentException(
          "a candle interval must be whole minutes that divide a day (1m, 5m, 15m, 1h, 4h, 1d, ...),"
              + " was "
              + interval);
    }
    return interval;
  }

  /** {@code 1m}, {@code 15m}, {@code 1h}, {@code 4h}, {@code 1d}. */
  public static String label(Duration interval) {
    long minutes = interval.toMinutes();
    if (minutes % (24 * 60) == 0) {
      return (minutes / (24 * 60)) + "d";
    }
    if (minutes % 60 == 0) {
      return (minutes / 60) + "h";
    }
    return minutes + "m";
  }
}
