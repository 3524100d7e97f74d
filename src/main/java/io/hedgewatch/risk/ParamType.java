package io.hedgewatch.risk;

/** How a rule parameter is written in config and what it becomes. */
public enum ParamType {
  /** {@code 0.5%} or {@code 50bps}; becomes a fraction as BigDecimal (0.005). */
  RATIO,
  /**
   * {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d}, or a bare integer of seconds; becomes a
   * Duration.
   */
  DURATION,
  /** A non-negative integer. */
  COUNT,
  /** true / false. */
  BOOLEAN
}
