package io.hedgewatch.audit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** The report writers' shared number, time and lookup conventions. */
final class AuditText {

  private static final BigDecimal BPS_PER_UNIT = BigDecimal.valueOf(10_000);

  private AuditText() {}

  /** ISO-8601 UTC to the second, as {@code check --json}. */
  static String iso(Instant t) {
    return t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** A decimal as a plain string without trailing zeros (never exponent notation). */
  static String plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
  }

  /** Bps rounded half-up to 0.01, the precision every writer prints. */
  static BigDecimal bps2(BigDecimal bps) {
    return bps.setScale(2, RoundingMode.HALF_UP);
  }

  static String bpsText(BigDecimal bps) {
    return bps2(bps).toPlainString();
  }

  /** A fraction (0.005) as bps (50). */
  static BigDecimal fractionBps(BigDecimal fraction) {
    return fraction.multiply(BPS_PER_UNIT);
  }

  /** A share in [0, 1] as a percent to 0.01. */
  static String percent(double share) {
    return BigDecimal.valueOf(share * 100).setScale(2, RoundingMode.HALF_UP).toPlainString() + " %";
  }

  static double round4(double value) {
    return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).doubleValue();
  }

  /** {@code 1d 2h 3m 4s}, leading zero units left out; {@code 0s} for zero. */
  static String duration(Duration d) {
    long s = d.getSeconds();
    if (s == 0) {
      return d.isZero() ? "0s" : d.toMillis() + "ms";
    }
    StringBuilder out = new StringBuilder();
    long days = s / 86_400;
    long hours = s % 86_400 / 3_600;
    long minutes = s % 3_600 / 60;
    long seconds = s % 60;
    append(out, days, "d");
    append(out, hours, "h");
    append(out, minutes, "m");
    append(out, seconds, "s");
    return out.toString();
  }

  private static void append(StringBuilder out, long value, String unit) {
    if (value != 0) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(value).append(unit);
    }
  }

  /** {@code d / heartbeat} to 0.01. */
  static BigDecimal heartbeats(Duration d, Duration heartbeat) {
    return BigDecimal.valueOf(d.toMillis())
        .divide(BigDecimal.valueOf(heartbeat.toMillis()), 2, RoundingMode.HALF_UP);
  }

  /**
   * The reference at {@code t}: the candle containing it, else the nearest that closed before it
   * (both are the last candle opening at or before {@code t}, candles being in order without
   * overlap).
   */
  static Optional<ReferencePoint> referenceAt(List<ReferencePoint> candles, Instant t) {
    int lo = 0;
    int hi = candles.size() - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (candles.get(mid).openTime().isAfter(t)) {
        hi = mid - 1;
      } else {
        found = mid;
        lo = mid + 1;
      }
    }
    return found < 0 ? Optional.empty() : Optional.of(candles.get(found));
  }
}
