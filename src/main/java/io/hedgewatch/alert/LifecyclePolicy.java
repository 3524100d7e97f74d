package io.hedgewatch.alert;

import java.time.Duration;
import java.util.Objects;

/**
 * What the lifecycle takes from the contract's {@code alerts} section rather than from a rule: how
 * long an open, unacknowledged alert may go without a notification before a reminder.
 *
 * @param repeatAfter strictly positive; the contract's {@code alerts.repeatAfter}
 */
public record LifecyclePolicy(Duration repeatAfter) {

  public static final Duration DEFAULT_REPEAT_AFTER = Duration.ofMinutes(30);

  public LifecyclePolicy {
    Objects.requireNonNull(repeatAfter, "repeatAfter");
    if (repeatAfter.isZero() || repeatAfter.isNegative()) {
      throw new IllegalArgumentException(
          "alerts.repeatAfter must be a positive duration, got " + repeatAfter);
    }
  }

  public static LifecyclePolicy ofDefaults() {
    return new LifecyclePolicy(DEFAULT_REPEAT_AFTER);
  }
}
