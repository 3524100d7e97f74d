package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Shared wording and unit conversions of the oracle and sequencer rules. */
final class OracleRuleText {

  static final BigDecimal BPS_PER_UNIT = BigDecimal.valueOf(10_000);

  private static final BigInteger MAX_EPOCH_SECOND =
      BigInteger.valueOf(Instant.MAX.getEpochSecond());

  private OracleRuleText() {}

  static String feedSubject(String feedId) {
    return "feed:" + feedId;
  }

  static String chainSubject(String chainId) {
    return "chain:" + chainId;
  }

  /**
   * On-chain unix seconds as an Instant, clamped into [epoch, Instant.MAX] so that garbage from a
   * node cannot throw.
   */
  static Instant instantOf(BigInteger epochSeconds) {
    return Instant.ofEpochSecond(
        epochSeconds.max(BigInteger.ZERO).min(MAX_EPOCH_SECOND).longValue());
  }

  /** Seconds, as the {@code value}/{@code threshold} unit of time-based rules. */
  static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  /** "5400 s (1h 30m)": the exact seconds for machines and bots, a rounded reading for people. */
  static String duration(Duration d) {
    String exact =
        d.getNano() == 0
            ? d.getSeconds() + " s"
            : BigDecimal.valueOf(seconds(d)).toPlainString() + " s";
    Duration abs = d.abs();
    if (abs.compareTo(Duration.ofMinutes(1)) < 0) {
      return exact;
    }
    String human;
    if (abs.toDays() > 0) {
      human = abs.toDays() + "d " + abs.toHoursPart() + "h";
    } else if (abs.toHours() > 0) {
      human = abs.toHours() + "h " + String.format(Locale.ROOT, "%02dm", abs.toMinutesPart());
    } else {
      human = abs.toMinutes() + "m " + String.format(Locale.ROOT, "%02ds", abs.toSecondsPart());
    }
    return exact + " (" + human + ")";
  }

  /** A fraction in basis points, exact. */
  static BigDecimal bps(BigDecimal fraction) {
    return fraction.multiply(BPS_PER_UNIT);
  }

  /** Basis points for a message: at most two decimals, no trailing zeros. */
  static String bpsText(BigDecimal bps) {
    return plain(bps.setScale(2, RoundingMode.HALF_EVEN)) + " bps";
  }

  /**
   * Basis points for a message next to the threshold they are compared with: two decimals, or as
   * many more as it takes (up to 12) for a value that differs from the threshold not to read as
   * equal to it ("49.9999 bps", not "50 bps").
   */
  static String bpsText(BigDecimal bps, BigDecimal thresholdBps) {
    int scale = 2;
    BigDecimal rounded = bps.setScale(scale, RoundingMode.HALF_EVEN);
    while (bps.compareTo(thresholdBps) != 0
        && rounded.compareTo(thresholdBps.setScale(scale, RoundingMode.HALF_EVEN)) == 0
        && scale < 12) {
      scale++;
      rounded = bps.setScale(scale, RoundingMode.HALF_EVEN);
    }
    return plain(rounded) + " bps";
  }

  private static String plain(BigDecimal d) {
    BigDecimal stripped = d.stripTrailingZeros();
    return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
  }

  /** {@code numerator / denominator} in bps; the denominator must not be zero. */
  static BigDecimal ratioBps(BigDecimal numerator, BigDecimal denominator) {
    return DecimalMath.divide(numerator.multiply(BPS_PER_UNIT), denominator, MathContext.DECIMAL64);
  }

  static String price(BigInteger raw, int decimals) {
    return new BigDecimal(raw, decimals).toPlainString();
  }

  /** One condition a rule found; a rule's findings on one subject merge into a single alert. */
  record Finding(
      Severity severity, String message, Double value, Double threshold, String action) {}

  /**
   * Merges a rule's findings on one subject into one alert, since (rule, subject) is an alert's
   * identity: the worst severity, every message joined by "; ", and value, threshold and action of
   * the first finding at that severity.
   */
  static List<Alert> merge(String rule, String subject, String lead, List<Finding> findings) {
    if (findings.isEmpty()) {
      return List.of();
    }
    Finding first = findings.get(0);
    for (Finding f : findings) {
      if (f.severity().isWorseThan(first.severity())) {
        first = f;
      }
    }
    String message =
        lead + findings.stream().map(Finding::message).collect(Collectors.joining("; "));
    return List.of(
        new Alert(
            rule,
            first.severity(),
            subject,
            message,
            first.value(),
            first.threshold(),
            first.action()));
  }

  static boolean isZeroAddress(String address) {
    String hex =
        address.startsWith("0x") || address.startsWith("0X") ? address.substring(2) : address;
    return hex.chars().allMatch(c -> c == '0');
  }
}
