package io.hedgewatch.risk;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.List;

/** Arithmetic on {@link BigDecimal} that the rules and the reports share. */
public final class DecimalMath {

  private static final BigDecimal TWO = BigDecimal.valueOf(2);
  private static final BigInteger FIVE = BigInteger.valueOf(5);

  private DecimalMath() {}

  /**
   * The median of {@code values}: the middle one, or the mean of the two middle ones in DECIMAL128;
   * trailing zeros stripped.
   *
   * @throws IllegalArgumentException when {@code values} is empty
   */
  public static BigDecimal median(List<BigDecimal> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("median of nothing");
    }
    List<BigDecimal> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    BigDecimal m =
        n % 2 == 1
            ? sorted.get(n / 2)
            : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(TWO, MathContext.DECIMAL128);
    return normalized(m);
  }

  /**
   * {@code dividend.divide(divisor, mc)}, the same value and scale, without its cost when the
   * quotient is exact. The JDK computes an exact quotient to the full precision and then strips the
   * trailing zeros one division by ten at a time (some thirty for a DECIMAL128 quotient like 0.25):
   * the rules' commonest division. Here, when both unscaled values fit in a long and the reduced
   * divisor has no prime factor but 2 and 5, the quotient is built directly at the scale the JDK
   * would choose (the preferred scale {@code dividend.scale() - divisor.scale()}, or the smallest
   * above it that holds the exact value); anything else goes to the JDK.
   */
  public static BigDecimal divide(BigDecimal dividend, BigDecimal divisor, MathContext mc) {
    if (dividend.signum() == 0
        || divisor.signum() == 0
        || dividend.precision() > 18
        || divisor.precision() > 18) {
      return dividend.divide(divisor, mc);
    }
    long x = dividend.unscaledValue().longValueExact();
    long y = divisor.unscaledValue().longValueExact();
    long g = gcd(Math.abs(x), Math.abs(y));
    long d = Math.abs(y) / g;
    int twos = Long.numberOfTrailingZeros(d);
    d >>= twos;
    int fives = 0;
    while (d % 5 == 0) {
      d /= 5;
      fives++;
    }
    if (d != 1) {
      return dividend.divide(divisor, mc); // not a terminating decimal: the JDK rounds it
    }
    int k = Math.max(twos, fives);
    long scale = (long) dividend.scale() - divisor.scale() + k;
    if (scale != (int) scale) {
      return dividend.divide(divisor, mc);
    }
    // x / y = (x / g) · 2^(k − twos) · 5^(k − fives) / 10^k
    BigInteger unscaled =
        BigInteger.valueOf(Long.signum(y) * (x / g))
            .multiply(BigInteger.TWO.pow(k - twos))
            .multiply(FIVE.pow(k - fives));
    BigDecimal quotient = new BigDecimal(unscaled, (int) scale);
    if (mc.getPrecision() > 0 && quotient.precision() > mc.getPrecision()) {
      return dividend.divide(divisor, mc); // too long: the JDK rounds, or drops trailing zeros
    }
    return quotient;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a;
  }

  /** Trailing zeros stripped, but never a negative scale: 3000, not 3E+3. */
  public static BigDecimal normalized(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
