package io.hedgewatch.risk;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How far a liquidation price is in units of volatility, and how likely the price is to touch it.
 *
 * <p>The model is the plainest one that still says something a percentage does not: the log price
 * is a driftless Brownian motion with the realised volatility of the recent candles. By the
 * reflection principle, the probability that it touches a level at log distance {@code a} within a
 * time {@code t} is {@code 2·(1 − Φ(|a| / (σ√t)))} = {@code erfc(|a| / (σ√(2t)))}. Fat tails and
 * volatility clustering make the real probability larger in a squeeze: read it as a floor and as a
 * way to compare positions, not as a forecast. A year is 365 days here and in {@link
 * RealisedVolatility}.
 */
public final class Volatility {

  static final double SECONDS_PER_YEAR = 365 * 86_400.0;

  private static final MathContext MC = MathContext.DECIMAL128;

  private Volatility() {}

  /**
   * The realised volatility of {@code closes}, one per candle of {@code interval}, oldest first.
   * Log returns are computed from the exact ratio of consecutive closes; their sample standard
   * deviation (n − 1) is scaled by √(365 days / interval).
   *
   * @throws IllegalArgumentException with fewer than 3 closes (2 returns), a close that is not
   *     positive (naming its index), or a non-positive interval
   */
  public static RealisedVolatility realised(
      List<BigDecimal> closes, Duration interval, String source) {
    Objects.requireNonNull(closes, "closes");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("candle interval must be positive, was " + interval);
    }
    if (closes.size() < 3) {
      throw new IllegalArgumentException(
          "realised volatility needs at least 3 closes (2 returns), got " + closes.size());
    }
    for (int i = 0; i < closes.size(); i++) {
      if (closes.get(i) == null || closes.get(i).signum() <= 0) {
        throw new IllegalArgumentException(
            "close " + i + " must be positive, was " + closes.get(i));
      }
    }
    int n = closes.size() - 1;
    double[] returns = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      returns[i] = Math.log(closes.get(i + 1).divide(closes.get(i), MC).doubleValue());
      sum += returns[i];
    }
    double mean = sum / n;
    double squares = 0;
    for (double r : returns) {
      squares += (r - mean) * (r - mean);
    }
    double perInterval = Math.sqrt(squares / (n - 1));
    double annualised = perInterval / Math.sqrt(years(interval));
    return new RealisedVolatility(annualised, n, interval, source);
  }

  /**
   * The log distance from {@code price} to {@code level} in standard deviations over {@code
   * horizon}: |ln(level / price)| / (σ√t). Infinite when σ is 0 and the level is elsewhere.
   */
  public static double sigmas(
      BigDecimal price, BigDecimal level, RealisedVolatility volatility, Duration horizon) {
    double logDistance = Math.abs(logRatio(level, price));
    double scale = volatility.over(horizon);
    if (logDistance == 0) {
      return 0;
    }
    return scale == 0 ? Double.POSITIVE_INFINITY : logDistance / scale;
  }

  /**
   * The probability that a driftless random walk of the log price touches {@code level} within
   * {@code horizon}, from {@code price}: 2·(1 − Φ(sigmas)) = erfc(sigmas / √2). 1 at the level
   * itself.
   */
  public static double touchProbability(
      BigDecimal price, BigDecimal level, RealisedVolatility volatility, Duration horizon) {
    return touchProbability(sigmas(price, level, volatility, horizon));
  }

  /** 2·(1 − Φ(sigmas)) for a distance already in standard deviations. */
  public static double touchProbability(double sigmas) {
    return 2 * NormalDistribution.upperTail(Math.abs(sigmas));
  }

  /**
   * The log distance, as a fraction of the price, whose touch probability within {@code horizon} is
   * exactly {@code probability}: the inverse of {@link #touchProbability(double)} scaled by σ√t. A
   * level further away than {@code exp(±this)} is less likely than {@code probability} to be
   * touched.
   */
  public static double logDistanceFor(
      double probability, RealisedVolatility volatility, Duration horizon) {
    return NormalDistribution.upperTailInverse(probability / 2) * volatility.over(horizon);
  }

  /** A duration in years of 365 days. */
  static double years(Duration d) {
    return (d.getSeconds() + d.getNano() / 1e9) / SECONDS_PER_YEAR;
  }

  /** ln(a / b), with the ratio computed exactly before it becomes a double. */
  static double logRatio(BigDecimal a, BigDecimal b) {
    return Math.log(a.divide(b, MC).doubleValue());
  }
}
