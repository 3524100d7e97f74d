package io.hedgewatch.delivery;

import io.hedgewatch.config.SinkConfig;
import io.hedgewatch.store.StoredEvent;
import java.io.PrintStream;
import java.util.Objects;

/**
 * One line per event for a person watching the terminal: time, type, severity, rule, subject and
 * message, then the value against its threshold and the action. A stream that has failed (a closed
 * pipe) makes the attempt a retry.
 */
public final class StdoutSink implements AlertSink {

  private final String name;
  private final PrintStream out;

  public StdoutSink(SinkConfig.Stdout config, PrintStream out) {
    this.name = config.name();
    this.out = Objects.requireNonNull(out, "out");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DeliveryOutcome deliver(StoredEvent event) {
    String line = EventText.of(event).line();
    // one println per event, under the stream's lock, so that lines of other threads never
    // interleave
    out.println(line);
    out.flush();
    if (out.checkError()) {
      return DeliveryOutcome.retry("standard output refused the line (closed or failing stream)");
    }
    return DeliveryOutcome.delivered();
  }
}
