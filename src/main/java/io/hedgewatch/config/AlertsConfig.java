package io.hedgewatch.config;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code alerts} section: how often an open, unacknowledged alert is repeated and where events
 * go. Without the section, events go to standard output every 30 minutes.
 */
public record AlertsConfig(Duration repeatAfter, List<SinkConfig> sinks) {

  public static final Duration DEFAULT_REPEAT_AFTER = Duration.ofMinutes(30);

  public AlertsConfig {
    Objects.requireNonNull(repeatAfter, "repeatAfter");
    if (repeatAfter.isNegative() || repeatAfter.isZero()) {
      throw new IllegalArgumentException("repeatAfter must be positive, got " + repeatAfter);
    }
    sinks = List.copyOf(sinks);
    Set<String> names = new HashSet<>();
    for (SinkConfig sink : sinks) {
      if (!names.add(sink.name())) {
        throw new IllegalArgumentException("two sinks are named " + sink.name());
      }
    }
  }

  public static AlertsConfig ofDefaults() {
    return new AlertsConfig(
        DEFAULT_REPEAT_AFTER,
        List.of(new SinkConfig.Stdout("stdout", DeliveryPolicy.ofDefaults())));
  }
}
