package io.hedgewatch.api;

import static io.hedgewatch.api.ApiFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.store.StoredEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The stream's bookkeeping without a server: a client that writes into a list. */
class EventStreamTest {

  private final FakeMonitorView view = new FakeMonitorView(NOW);
  private final List<String> written = new ArrayList<>();

  @Test
  void a_client_that_falls_behind_gets_what_was_buffered_then_is_told_to_reconnect()
      throws Exception {
    EventStream stream = new EventStream(2);
    EventStream.Client client =
        new Recording() {
          @Override
          public void open() {
            // five commits while the client has not read one: the buffer holds two
            for (int i = 0; i < 5; i++) {
              view.commit("alert.updated", "a1");
            }
          }
        };

    EventStream.End end =
        stream.run(view, OptionalLong.empty(), client, Duration.ofSeconds(15), 500);

    assertThat(end).isEqualTo(EventStream.End.FELL_BEHIND);
    assertThat(written)
        .containsExactly(
            "event 1", "event 2", "comment fell behind: reconnect with Last-Event-ID 2");
    assertThat(view.subscribers()).isZero();
  }

  @Test
  void a_failed_write_ends_the_stream_and_its_subscription() throws Exception {
    EventStream stream = new EventStream(10);
    view.commit("alert.opened", "a1");
    EventStream.Client client =
        new Recording() {
          @Override
          public void event(StoredEvent event) throws java.io.IOException {
            throw new java.io.IOException("broken pipe");
          }
        };

    EventStream.End end = stream.run(view, OptionalLong.of(0), client, Duration.ofSeconds(15), 500);

    assertThat(end).isEqualTo(EventStream.End.CLIENT_GONE);
    assertThat(view.subscribers()).isZero();
  }

  @Test
  void a_closed_stream_ends_without_waiting_for_its_heartbeat() throws Exception {
    EventStream stream = new EventStream(10);
    EventStream.Client client =
        new Recording() {
          @Override
          public void open() {
            stream.close();
          }
        };

    EventStream.End end = stream.run(view, OptionalLong.empty(), client, Duration.ofHours(1), 500);

    assertThat(end).isEqualTo(EventStream.End.CLOSED);
    assertThat(written).isEmpty();
  }

  private class Recording implements EventStream.Client {
    @Override
    public void open() throws java.io.IOException {}

    @Override
    public void event(StoredEvent event) throws java.io.IOException {
      written.add("event " + event.sequence());
    }

    @Override
    public void comment(String text) {
      written.add("comment " + text);
    }
  }
}
