package io.hedgewatch.risk;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link DecimalMath#divide} is the JDK's {@code divide(divisor, mc)}, value and scale: the rules'
 * results (and the alerts' texts) must not change with the fast path. Half the cases are built to
 * divide exactly (the fast path), the rest mostly do not (the JDK's path).
 */
class DecimalMathDividePropertiesTest {

  private static final List<MathContext> CONTEXTS =
      List.of(
          MathContext.DECIMAL128,
          MathContext.DECIMAL64,
          new MathContext(34, RoundingMode.UP),
          new MathContext(34, RoundingMode.CEILING),
          new MathContext(34, RoundingMode.FLOOR),
          new MathContext(10, RoundingMode.UP),
          new MathContext(3, RoundingMode.HALF_EVEN),
          MathContext.UNLIMITED);

  static LongStream seeds() {
    return Seeds.seeds(400);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void gives_the_jdks_quotient_with_the_jdks_scale(long seed) {
    Random r = new Random(seed);
    for (int i = 0; i < 50; i++) {
      BigDecimal divisor = decimal(r);
      BigDecimal dividend = r.nextBoolean() ? exactMultiple(r, divisor) : decimal(r);
      for (MathContext mc : CONTEXTS) {
        BigDecimal expected;
        try {
          expected = dividend.divide(divisor, mc);
        } catch (ArithmeticException nonTerminating) {
          continue; // UNLIMITED on 1/3: no exact quotient to compare
        }
        assertThat(DecimalMath.divide(dividend, divisor, mc))
            .as("seed %d: %s / %s in %s", seed, dividend, divisor, mc)
            .isEqualTo(expected);
      }
    }
  }

  /** A non-zero decimal of up to 19 digits, some with trailing zeros, at scales -3 to 12. */
  private static BigDecimal decimal(Random r) {
    long magnitude =
        switch (r.nextInt(4)) {
          case 0 -> 1 + r.nextInt(10);
          case 1 -> 1 + r.nextInt(1_000_000);
          case 2 -> 1 + (r.nextLong() >>> 1) % 1_000_000_000_000_000_000L;
          default -> (1 + r.nextInt(1000)) * BigInteger.TEN.pow(r.nextInt(12)).longValueExact();
        };
    long signed = r.nextBoolean() ? magnitude : -magnitude;
    return BigDecimal.valueOf(signed, r.nextInt(16) - 3);
  }

  /** divisor × q / 2^i·5^j for a small q: a dividend that divides exactly. */
  private static BigDecimal exactMultiple(Random r, BigDecimal divisor) {
    BigDecimal q = BigDecimal.valueOf(r.nextInt(2000) - 1000 | 1, r.nextInt(8));
    BigDecimal unit =
        new BigDecimal(
            BigInteger.TWO.pow(r.nextInt(8)).multiply(BigInteger.valueOf(5).pow(r.nextInt(8))));
    BigDecimal product = divisor.multiply(q);
    return r.nextBoolean() ? product : product.multiply(unit);
  }
}
