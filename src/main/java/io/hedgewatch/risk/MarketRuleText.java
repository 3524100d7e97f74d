package io.hedgewatch.risk;

import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;

/**
 * Shared wording and arithmetic of the market rules; basis points come from {@link OracleRuleText}.
 */
final class MarketRuleText {

  static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private MarketRuleText() {}

  static String marketSubject(String marketId) {
    return "market:" + marketId;
  }

  /** A fraction in percent, exact. */
  static BigDecimal percent(BigDecimal fraction) {
    return fraction.multiply(HUNDRED);
  }

  /**
   * A number for a message: two decimals from 1 up, three significant digits below (funding per
   * hour is often 0.00125 %), no trailing zeros.
   */
  static String number(BigDecimal value) {
    BigDecimal rounded =
        value.abs().compareTo(BigDecimal.ONE) >= 0
            ? value.setScale(2, RoundingMode.HALF_EVEN)
            : value.round(new MathContext(3, RoundingMode.HALF_EVEN));
    return plain(rounded);
  }

  /**
   * A number for a message next to the threshold it is compared with: as {@link
   * #number(BigDecimal)}, or with as many more decimals as it takes (up to 12) not to read as equal
   * to a threshold it differs from ("80.0001", not "80").
   */
  static String number(BigDecimal value, BigDecimal threshold) {
    String text = number(value);
    if (value.compareTo(threshold) == 0 || !text.equals(number(threshold))) {
      return text;
    }
    int scale = 2;
    BigDecimal rounded = value.setScale(scale, RoundingMode.HALF_EVEN);
    while (rounded.compareTo(threshold.setScale(scale, RoundingMode.HALF_EVEN)) == 0
        && scale < 12) {
      scale++;
      rounded = value.setScale(scale, RoundingMode.HALF_EVEN);
    }
    return plain(rounded);
  }

  /** A fraction as a percentage for a message: "10.95 %". */
  static String pct(BigDecimal fraction) {
    return number(percent(fraction)) + " %";
  }

  /** A funding rate per hour with its sign: "+0.00125 %/h". */
  static String hourly(BigDecimal rateHourly) {
    return signed(percent(rateHourly)) + " %/h";
  }

  /** An annualised rate with its sign: "+10.95 % APR". */
  static String apr(BigDecimal apr) {
    return signed(percent(apr)) + " % APR";
  }

  /** Who pays at a funding rate of this sign. */
  static String payer(BigDecimal rate) {
    return switch (rate.signum()) {
      case 1 -> "longs pay shorts";
      case -1 -> "shorts pay longs";
      default -> "nobody pays";
    };
  }

  /** A funding interval or window in its largest whole unit: "8h", "1h", "30m", "90s", "7d". */
  static String interval(Duration d) {
    if (d.toSecondsPart() != 0 || d.getNano() != 0) {
      return d.getSeconds() + "s";
    }
    if (d.toMinutesPart() != 0) {
      return d.toMinutes() + "m";
    }
    if (d.toHoursPart() != 0 || d.toDays() == 0) {
      return d.toHours() + "h";
    }
    return d.toDays() + "d";
  }

  static String severityLevel(Severity severity) {
    return severity == Severity.CRITICAL ? "critical" : "warning";
  }

  private static String signed(BigDecimal value) {
    String text = number(value);
    return value.signum() > 0 ? "+" + text : text;
  }

  private static String plain(BigDecimal d) {
    BigDecimal stripped = d.stripTrailingZeros();
    return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
  }
}
