package io.hedgewatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.alert.AlertEvent;
import io.hedgewatch.config.DeliveryPolicy;
import io.hedgewatch.config.SinkConfig;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.store.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sinks that write locally: standard output and a JSON-lines file. */
class LocalSinksTest {

  private static final DeliveryPolicy POLICY = DeliveryPolicy.ofDefaults();

  @TempDir Path dir;

  @Test
  void stdout_prints_one_line_with_time_type_severity_rule_subject_message_value_and_action() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StdoutSink sink =
        new StdoutSink(
            new SinkConfig.Stdout("stdout", POLICY),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(sink.deliver(Events.opened(1))).isEqualTo(DeliveryOutcome.delivered());

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "2026-11-24T12:00:01Z alert.opened CRITICAL oracle.drift feed:eth-usd: "
                + Events.DRIFT.message()
                + " (value 62 vs threshold 50) Action: "
                + Events.DRIFT.action()
                + System.lineSeparator());
  }

  @Test
  void stdout_on_a_terminal_colours_type_and_severity_by_severity_and_resolutions_green() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StdoutSink sink =
        new StdoutSink(
            new SinkConfig.Stdout("stdout", POLICY),
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            true);
    Alert warning =
        new Alert("position.leverage", Severity.WARNING, "position:p", "high", null, null, null);

    sink.deliver(Events.opened(1));
    sink.deliver(Events.of(2, AlertEvent.Type.OPENED, warning, null));
    sink.deliver(Events.of(3, AlertEvent.Type.RESOLVED, Events.DRIFT, null));

    String[] lines = bytes.toString(StandardCharsets.UTF_8).split(System.lineSeparator());
    assertThat(lines[0])
        .startsWith(
            StdoutSink.CLEAR_LINE
                + "2026-11-24T12:00:01Z \u001b[1;31malert.opened CRITICAL\u001b[0m oracle.drift");
    assertThat(lines[1]).contains("\u001b[33malert.opened WARNING\u001b[0m position.leverage");
    assertThat(lines[2]).contains("\u001b[32malert.resolved CRITICAL\u001b[0m oracle.drift");
    // the rest of each line is as plain output has it
    assertThat(
            lines[0]
                .replace(StdoutSink.CLEAR_LINE, "")
                .replace("\u001b[1;31m", "")
                .replace("\u001b[0m", ""))
        .isEqualTo(EventText.of(Events.opened(1)).line());
  }

  @Test
  void stdout_off_a_terminal_writes_no_escape_codes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StdoutSink sink =
        new StdoutSink(
            new SinkConfig.Stdout("stdout", POLICY),
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            false);

    sink.deliver(Events.opened(1));

    assertThat(bytes.toString(StandardCharsets.UTF_8)).doesNotContain("\u001b");
  }

  @Test
  void stdout_keeps_a_message_with_line_breaks_on_one_line() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StdoutSink sink =
        new StdoutSink(
            new SinkConfig.Stdout("stdout", POLICY),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));
    Alert multiline =
        new Alert(
            "monitor.blind",
            Severity.UNKNOWN,
            "chain:arbitrum",
            "no cycle\nfor 3\tpolls",
            null,
            null,
            null);

    sink.deliver(Events.of(4, AlertEvent.Type.RESOLVED, multiline, null));

    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "2026-11-24T12:00:04Z alert.resolved UNKNOWN monitor.blind chain:arbitrum: no cycle for 3 polls"
                + System.lineSeparator());
  }

  @Test
  void stdout_that_fails_is_retried() {
    OutputStream broken =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            throw new IOException("Broken pipe");
          }
        };
    StdoutSink sink =
        new StdoutSink(new SinkConfig.Stdout("stdout", POLICY), new PrintStream(broken));

    assertThat(sink.deliver(Events.opened(1))).isInstanceOf(DeliveryOutcome.Retry.class);
  }

  @Test
  void jsonl_appends_each_document_and_a_newline_creating_the_file() throws IOException {
    Path file = dir.resolve("alerts.jsonl");
    JsonlSink sink = new JsonlSink(new SinkConfig.Jsonl("jsonl", file, POLICY));
    StoredEvent first = Events.opened(1);
    StoredEvent second = Events.of(2, AlertEvent.Type.RESOLVED, Events.DRIFT, null);

    assertThat(sink.deliver(first)).isEqualTo(DeliveryOutcome.delivered());
    assertThat(sink.deliver(second)).isEqualTo(DeliveryOutcome.delivered());

    assertThat(Files.readString(file)).isEqualTo(first.body() + "\n" + second.body() + "\n");
  }

  @Test
  void jsonl_ends_a_line_torn_by_a_crash_before_appending() throws IOException {
    Path file = dir.resolve("alerts.jsonl");
    StoredEvent event = Events.opened(1);
    Files.writeString(file, event.body() + "\n{\"type\":\"alert.op");
    JsonlSink sink = new JsonlSink(new SinkConfig.Jsonl("jsonl", file, POLICY));

    sink.deliver(event);

    assertThat(Files.readAllLines(file))
        .isEqualTo(List.of(event.body(), "{\"type\":\"alert.op", event.body()));
  }

  @Test
  void jsonl_into_a_missing_directory_is_retried_naming_it_and_creates_nothing() {
    Path missing = dir.resolve("no-such-dir");
    JsonlSink sink =
        new JsonlSink(new SinkConfig.Jsonl("jsonl", missing.resolve("alerts.jsonl"), POLICY));

    DeliveryOutcome outcome = sink.deliver(Events.opened(1));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(((DeliveryOutcome.Retry) outcome).reason())
        .isEqualTo("directory " + missing + " does not exist");
    assertThat(missing).doesNotExist();
  }

  @Test
  void jsonl_onto_a_directory_is_retried_with_the_reason() throws IOException {
    Path directory = Files.createDirectory(dir.resolve("alerts.jsonl"));
    JsonlSink sink = new JsonlSink(new SinkConfig.Jsonl("jsonl", directory, POLICY));

    DeliveryOutcome outcome = sink.deliver(Events.opened(1));

    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
    assertThat(((DeliveryOutcome.Retry) outcome).reason())
        .startsWith("cannot append to " + directory);
  }
}
