package io.hedgewatch.domain;

/**
 * Monitoring-plugin severities. The exit code of {@code check} is the worst severity's code.
 * "Worst" ranks CRITICAL over WARNING over UNKNOWN over OK: a confirmed danger outranks a blind
 * spot, and a blind spot outranks silence.
 */
public enum Severity {
  OK(0, 0),
  UNKNOWN(3, 1),
  WARNING(1, 2),
  CRITICAL(2, 3);

  private final int exitCode;
  private final int rank;

  Severity(int exitCode, int rank) {
    this.exitCode = exitCode;
    this.rank = rank;
  }

  public int exitCode() {
    return exitCode;
  }

  public boolean isWorseThan(Severity other) {
    return rank > other.rank;
  }

  public static Severity worst(Severity a, Severity b) {
    return b.isWorseThan(a) ? b : a;
  }
}
