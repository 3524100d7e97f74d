package io.hedgewatch.delivery;

import io.hedgewatch.config.SinkConfig;
import io.hedgewatch.store.StoredEvent;
import java.io.PrintStream;
import java.util.Objects;

/**
 * One line per event for a person watching the terminal: time, type, severity, rule, subject and
 * message, then the value against its threshold and the action; on a terminal, the type and
 * severity in the severity's colour (ANSI), never in a file or a pipe, where escape codes would be
 * noise. A stream that has failed (a closed pipe) makes the attempt a retry.
 */
public final class StdoutSink implements AlertSink {

  private final String name;
  private final PrintStream out;
  private final boolean colour;

  /** Plain lines. */
  public StdoutSink(SinkConfig.Stdout config, PrintStream out) {
    this(config, out, false);
  }

  /**
   * @param colour ANSI colours by severity: only when {@code out} is a terminal ({@link
   *     #isTerminal()})
   */
  public StdoutSink(SinkConfig.Stdout config, PrintStream out, boolean colour) {
    this.name = config.name();
    this.out = Objects.requireNonNull(out, "out");
    this.colour = colour;
  }

  /**
   * Whether this process's standard output is an interactive terminal: Java 17's {@link
   * System#console()} exists only when both standard input and output are one.
   */
  public static boolean isTerminal() {
    return System.console() != null;
  }

  /** Back to the start of the terminal's line, erasing it (run's status line lives there). */
  static final String CLEAR_LINE = "\r\u001b[K";

  @Override
  public String name() {
    return name;
  }

  @Override
  public DeliveryOutcome deliver(StoredEvent event) {
    String line = EventText.of(event).line(colour);
    // one println per event, under the stream's lock, so that lines of other threads never
    // interleave; on a terminal the line first clears run's live status line, which it replaces
    out.println(colour ? CLEAR_LINE + line : line);
    out.flush();
    if (out.checkError()) {
      return DeliveryOutcome.retry("standard output refused the line (closed or failing stream)");
    }
    return DeliveryOutcome.delivered();
  }
}
