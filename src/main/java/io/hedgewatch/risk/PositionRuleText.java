package io.hedgewatch.risk;

import io.hedgewatch.domain.PositionSnapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;

/**
 * Shared wording of the position rules, and the rounding of the amounts their actions suggest.
 *
 * <p>An action's amount is rounded to three significant digits in the direction that keeps it
 * sufficient (margin up, a cut up, a size down), so that doing exactly what the action says clears
 * the alert; {@link #within} finds the shortest such number inside an allowed range.
 */
final class PositionRuleText {

  private static final int ACTION_DIGITS = 3;
  private static final RoundingMode[] MODES = {
    RoundingMode.HALF_UP, RoundingMode.CEILING, RoundingMode.FLOOR
  };

  private static final MathContext CEILING_34 = new MathContext(34, RoundingMode.CEILING);
  private static final MathContext FLOOR_34 = new MathContext(34, RoundingMode.FLOOR);

  private PositionRuleText() {}

  static String positionSubject(String positionId) {
    return "position:" + positionId;
  }

  /**
   * {@code exact} rounded to the fewest significant digits (three at least) that keep it within
   * [min, max]; {@code exact} itself must lie there.
   */
  static BigDecimal within(BigDecimal exact, BigDecimal min, BigDecimal max) {
    if (exact.signum() == 0) {
      return BigDecimal.ZERO;
    }
    for (int digits = ACTION_DIGITS; digits <= 34; digits++) {
      for (RoundingMode mode : MODES) {
        BigDecimal candidate = exact.round(new MathContext(digits, mode));
        if (candidate.compareTo(min) >= 0 && candidate.compareTo(max) <= 0) {
          return DecimalMath.normalized(candidate);
        }
      }
    }
    return DecimalMath.normalized(exact);
  }

  /** At least {@code exact}, rounded up to three significant digits. */
  static BigDecimal up(BigDecimal exact) {
    if (exact.signum() <= 0) {
      return BigDecimal.ZERO;
    }
    return DecimalMath.normalized(
        exact.round(new MathContext(ACTION_DIGITS, RoundingMode.CEILING)));
  }

  /** a / b rounded up at 34 digits: an amount that must not fall short. */
  static BigDecimal ceilDiv(BigDecimal a, BigDecimal b) {
    return DecimalMath.divide(a, b, CEILING_34);
  }

  /** a / b rounded down at 34 digits: a limit that must not be overstated. */
  static BigDecimal floorDiv(BigDecimal a, BigDecimal b) {
    return DecimalMath.divide(a, b, FLOOR_34);
  }

  /** A size reduction of at least {@code exact} and at most {@code size}. */
  static BigDecimal cut(BigDecimal exact, BigDecimal size) {
    if (exact.compareTo(size) >= 0) {
      return size;
    }
    return within(exact, exact, size);
  }

  /** Money for a message: two decimals, thousands grouped: "1,250.37 USDC". */
  static String money(BigDecimal value, String quote) {
    return groupedPlain(value.setScale(2, RoundingMode.HALF_EVEN)) + " " + quote;
  }

  /** An amount an action asks for, as rounded, grouped: "1,250 USDC", "2.1 ETH". */
  static String amount(BigDecimal value, String unit) {
    return grouped(value) + " " + unit;
  }

  /** A price for a message: as {@link MarketRuleText#number(BigDecimal)}, grouped. */
  static String price(BigDecimal value) {
    return grouped(new BigDecimal(MarketRuleText.number(value)));
  }

  /** A plain ratio for a message, three significant digits: "0.93". */
  static String ratio(BigDecimal value) {
    return DecimalMath.normalized(value.round(new MathContext(3, RoundingMode.HALF_EVEN)))
        .toPlainString();
  }

  static String pct(BigDecimal fraction) {
    return MarketRuleText.pct(fraction);
  }

  /** A double probability as a percentage for a message: "4.2 %", "0.0031 %", "< 1e-12 %". */
  static String probability(double p) {
    if (p > 0 && p < 1e-14) {
      return "less than 1e-12 %";
    }
    return MarketRuleText.number(BigDecimal.valueOf(p * 100)) + " %";
  }

  static String horizon(Duration d) {
    return MarketRuleText.interval(d);
  }

  /** "short 10 ETH at 3,000 (isolated)". */
  static String describe(PositionSnapshot p, String asset) {
    return side(p)
        + " "
        + amount(DecimalMath.normalized(p.size()), asset)
        + " at "
        + price(p.markPrice())
        + " ("
        + p.marginMode().name().toLowerCase(Locale.ROOT)
        + ")";
  }

  /** "position 7 (short 10 ETH at 3,000 (isolated))": how a message names the position. */
  static String named(PositionSnapshot p, String asset) {
    return "position " + p.positionId() + " (" + describe(p, asset) + ")";
  }

  /**
   * "cut the short by 2.1 ETH (keeping its margin; hedge ratio then 0.79)", or "close the short"
   * when the cut is the whole position.
   */
  static String cutOrClose(PositionSnapshot p, PositionContext ctx, BigDecimal cut) {
    if (cut.compareTo(p.size()) >= 0) {
      return "close the " + side(p);
    }
    return "cut the "
        + side(p)
        + " by "
        + amount(cut, ctx.asset())
        + " (keeping its margin"
        + hedgeAfter(p, ctx, cut)
        + ")";
  }

  /** "; hedge ratio then 0.79" when the position hedges a known exposure. */
  static String hedgeAfter(PositionSnapshot p, PositionContext ctx, BigDecimal cut) {
    return ctx.exposure()
        .filter(e -> e.amount().signum() != 0)
        .map(
            e ->
                "; hedge ratio then "
                    + ratio(
                        p.side()
                            .sign()
                            .negate()
                            .multiply(p.size().subtract(cut))
                            .divide(e.amount(), MathContext.DECIMAL128)))
        .orElse("");
  }

  static String side(PositionSnapshot p) {
    return p.side().name().toLowerCase(Locale.ROOT);
  }

  /** A number with its integer part grouped by thousands: 1234567.5 becomes "1,234,567.5". */
  static String grouped(BigDecimal value) {
    return groupedPlain(DecimalMath.normalized(value));
  }

  private static String groupedPlain(BigDecimal value) {
    String plain = value.abs().toPlainString();
    int dot = plain.indexOf('.');
    String integer = dot < 0 ? plain : plain.substring(0, dot);
    String fraction = dot < 0 ? "" : plain.substring(dot);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < integer.length(); i++) {
      if (i > 0 && (integer.length() - i) % 3 == 0) {
        out.append(',');
      }
      out.append(integer.charAt(i));
    }
    return (value.signum() < 0 ? "-" : "") + out + fraction;
  }
}
