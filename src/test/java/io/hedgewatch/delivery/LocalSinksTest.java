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
