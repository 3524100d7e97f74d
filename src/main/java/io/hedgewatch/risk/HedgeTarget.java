package io.hedgewatch.risk;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What hedge ratio a position aims at and what it tolerates ({@code positions.<id>.targetRatio} and
 * {@code band}). The band is in hedge-ratio units and must contain the target; without one it is
 * [0.5 × target, target]: a hedge may shrink to half before {@code hedge.ratio} warns, but not grow
 * past its target, where the pair would be net short.
 *
 * @param ratio the target hedge ratio, positive (1 = fully hedged)
 * @param low the lowest tolerated ratio
 * @param high the highest tolerated ratio
 */
public record HedgeTarget(BigDecimal ratio, BigDecimal low, BigDecimal high) {

  public static final BigDecimal DEFAULT_BAND_LOW = new BigDecimal("0.5");

  /** Target 1, band [0.5, 1]. */
  public static final HedgeTarget DEFAULT = ofTarget(BigDecimal.ONE);

  /**
   * @throws IllegalArgumentException unless 0 &lt; ratio and 0 &lt;= low &lt;= ratio &lt;= high
   */
  public HedgeTarget {
    Objects.requireNonNull(ratio, "ratio");
    Objects.requireNonNull(low, "low");
    Objects.requireNonNull(high, "high");
    if (ratio.signum() <= 0) {
      throw new IllegalArgumentException(
          "target hedge ratio must be positive, was " + ratio.toPlainString());
    }
    if (low.signum() < 0 || low.compareTo(ratio) > 0 || high.compareTo(ratio) < 0) {
      throw new IllegalArgumentException(
          "hedge band ["
              + low.toPlainString()
              + ", "
              + high.toPlainString()
              + "] must be non-negative and contain the target "
              + ratio.toPlainString());
    }
  }

  /** {@code ratio} with the default band [0.5 × ratio, ratio]. */
  public static HedgeTarget ofTarget(BigDecimal ratio) {
    return new HedgeTarget(ratio, DEFAULT_BAND_LOW.multiply(ratio), ratio);
  }

  public boolean contains(BigDecimal hedgeRatio) {
    return hedgeRatio.compareTo(low) >= 0 && hedgeRatio.compareTo(high) <= 0;
  }
}
