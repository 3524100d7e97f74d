package io.hedgewatch.risk;

/**
 * The standard normal distribution in {@code double}, accurate to a few units in the last place in
 * the far tails as well as near the centre: a barrier-hit probability of 1e-12 must not come out as
 * 0 or as 1e-10, which {@code 1 - cdf(z)} would give.
 *
 * <p>Everything rests on {@link #erfc}: a series for small arguments (all terms positive, so no
 * cancellation) and a continued fraction for the rest, evaluated with the modified Lentz method.
 * Statistics only: money is never computed here.
 */
public final class NormalDistribution {

  private static final double SQRT_2 = Math.sqrt(2);
  private static final double SQRT_PI = Math.sqrt(Math.PI);

  /** Below it the series converges fast and {@code 1 - erf} keeps 14 or more digits. */
  private static final double SERIES_LIMIT = 0.5;

  /** erfc(x) is below the smallest double from about x = 27.3 on. */
  private static final double UNDERFLOW = 27.3;

  private static final double EPSILON = 1e-17;
  private static final int MAX_TERMS = 10_000;

  private NormalDistribution() {}

  /** The complementary error function, erfc(x) = 1 - erf(x), for any x; NaN for NaN. */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0) {
      return 2 - erfc(-x);
    }
    if (x < SERIES_LIMIT) {
      return 1 - erfSeries(x);
    }
    if (x >= UNDERFLOW) {
      return 0;
    }
    return expMinusSquare(x) / (SQRT_PI * continuedFraction(x));
  }

  /** Φ(z), the probability that a standard normal variable is at most z. */
  public static double cdf(double z) {
    return 0.5 * erfc(-z / SQRT_2);
  }

  /** 1 - Φ(z), computed without the cancellation of {@code 1 - cdf(z)} for large z. */
  public static double upperTail(double z) {
    return 0.5 * erfc(z / SQRT_2);
  }

  /**
   * The z with {@code upperTail(z) == p}, for 0 &lt; p &lt; 1, by bisection on {@link #upperTail}
   * (monotone), to the resolution of a double.
   *
   * @throws IllegalArgumentException when p is not strictly between 0 and 1
   */
  public static double upperTailInverse(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("probability must be strictly between 0 and 1, was " + p);
    }
    double lo = -40;
    double hi = 40;
    for (int i = 0; i < 200 && hi - lo > 0; i++) {
      double mid = 0.5 * (lo + hi);
      if (mid == lo || mid == hi) {
        break;
      }
      if (upperTail(mid) > p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /** erf(x) = 2/√π · e^(-x²) · Σ 2^n x^(2n+1) / (1·3·…·(2n+1)): every term positive. */
  private static double erfSeries(double x) {
    double x2 = x * x;
    double term = x;
    double sum = x;
    for (int n = 1; n < MAX_TERMS; n++) {
      term *= 2 * x2 / (2 * n + 1);
      sum += term;
      if (term < EPSILON * sum) {
        break;
      }
    }
    return 2 / SQRT_PI * Math.exp(-x2) * sum;
  }

  /**
   * x + (1/2)/(x + 1/(x + (3/2)/(x + ...))), so that erfc(x) = e^(-x²) / (√π · this), by the
   * modified Lentz method.
   */
  private static double continuedFraction(double x) {
    double tiny = 1e-300;
    double f = x;
    double c = x;
    double d = 0;
    for (int n = 1; n < MAX_TERMS; n++) {
      double a = n / 2.0;
      d = x + a * d;
      if (d == 0) {
        d = tiny;
      }
      c = x + a / c;
      if (c == 0) {
        c = tiny;
      }
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < EPSILON) {
        break;
      }
    }
    return f;
  }

  /**
   * e^(-x²) without the rounding of x² itself, which would cost x² ulps of relative accuracy: x is
   * split into a part whose square is exact and a small rest.
   */
  private static double expMinusSquare(double x) {
    double hi = Math.floor(x * 65536) / 65536;
    double lo = x - hi;
    return Math.exp(-hi * hi) * Math.exp(-lo * (x + hi));
  }
}
