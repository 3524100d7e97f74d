package io.hedgewatch.risk;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/** Arithmetic on {@link BigDecimal} that the rules and the reports share. */
public final class DecimalMath {

  private static final BigDecimal TWO = BigDecimal.valueOf(2);

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

  /** Trailing zeros stripped, but never a negative scale: 3000, not 3E+3. */
  public static BigDecimal normalized(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
  }
}
