package io.hedgewatch.api;

import static io.hedgewatch.api.ApiFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.config.ApiConfig;
import io.hedgewatch.store.StoredEvent;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/stream} on a real server, read as an EventSource reads it. */
class ApiStreamTest {

  private final FakeMonitorView view = new FakeMonitorView(NOW);
  private final OkHttpClient http =
      new OkHttpClient.Builder().readTimeout(10, TimeUnit.SECONDS).build();
  private ApiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(Duration heartbeat, int replayPage, int maxStreams) {
    server =
        ApiServer.start(
            new ApiConfig("127.0.0.1", 0, Optional.empty()),
            view,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new ApiServer.Settings(heartbeat, replayPage, 100, maxStreams, Clock.systemUTC()));
  }

  private void start() {
    start(Duration.ofSeconds(15), 500, 4);
  }

  private Request request(String lastEventId) {
    Request.Builder request =
        new Request.Builder().url("http://127.0.0.1:" + server.port() + "/api/v1/stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    return request.build();
  }

  /** Connects and waits until the server has subscribed (its opening comment). */
  private SseReader connect(String lastEventId) throws IOException {
    Response response = http.newCall(request(lastEventId)).execute();
    assertThat(response.code()).isEqualTo(200);
    assertThat(response.header("Content-Type")).startsWith("text/event-stream");
    SseReader reader = new SseReader(response);
    reader.awaitComment("stream open");
    return reader;
  }

  private static List<Long> read(SseReader reader, int count) throws IOException {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(Long.parseLong(reader.next().id()));
    }
    return ids;
  }

  @Test
  void live_events_arrive_in_commit_order_with_sequence_type_and_the_stored_body()
      throws Exception {
    start();
    try (SseReader reader = connect(null)) {
      StoredEvent opened = view.commit("alert.opened", "a1");
      view.commit("alert.updated", "a1");
      view.commit("alert.resolved", "a1");

      SseReader.Message first = reader.next();
      assertThat(first.id()).isEqualTo("1");
      assertThat(first.event()).isEqualTo("alert.opened");
      assertThat(first.data()).isEqualTo(opened.body());
      new ObjectMapper().readTree(first.data());
      SseReader.Message second = reader.next();
      SseReader.Message third = reader.next();
      assertThat(List.of(second.id(), second.event(), third.id(), third.event()))
          .containsExactly("2", "alert.updated", "3", "alert.resolved");
    }
  }

  @Test
  void without_last_event_id_nothing_already_committed_is_replayed() throws Exception {
    start();
    view.commit("alert.opened", "a1");
    try (SseReader reader = connect(null)) {
      view.commit("alert.updated", "a1");

      assertThat(reader.next().id()).isEqualTo("2");
    }
    assertThat(view.reads).isZero();
  }

  @Test
  void a_client_resumes_after_its_last_event_id_without_gap_or_duplicate_then_goes_on_live()
      throws Exception {
    start();
    for (int i = 0; i < 5; i++) {
      view.commit("alert.updated", "a1");
    }
    try (SseReader reader = connect("2")) {
      assertThat(read(reader, 3)).containsExactly(3L, 4L, 5L);
      view.commit("alert.resolved", "a1");
      assertThat(read(reader, 1)).containsExactly(6L);
    }
  }

  @Test
  void events_committed_while_the_replay_reads_the_store_are_neither_lost_nor_repeated()
      throws Exception {
    start();
    for (int i = 0; i < 3; i++) {
      view.commit("alert.updated", "a1");
    }
    AtomicBoolean before = new AtomicBoolean();
    AtomicBoolean after = new AtomicBoolean();
    // 4 is committed before the read takes its snapshot (replayed and buffered: sent once);
    // 5 after it (only buffered: must still be sent)
    view.beforeRead =
        () -> {
          if (!before.getAndSet(true)) {
            view.commit("alert.updated", "a1");
          }
        };
    view.afterRead =
        () -> {
          if (!after.getAndSet(true)) {
            view.commit("alert.updated", "a1");
          }
        };

    try (SseReader reader = connect("1")) {
      assertThat(read(reader, 4)).containsExactly(2L, 3L, 4L, 5L);
      view.commit("alert.resolved", "a1");
      assertThat(read(reader, 1)).containsExactly(6L);
    }
  }

  @Test
  void the_replay_pages_through_the_store() throws Exception {
    start(Duration.ofSeconds(15), 2, 4);
    for (int i = 0; i < 7; i++) {
      view.commit("alert.updated", "a1");
    }

    try (SseReader reader = connect("0")) {
      assertThat(read(reader, 7)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
    }
    assertThat(view.reads).isEqualTo(4);
  }

  @Test
  void a_silent_stream_sends_heartbeat_comments() throws Exception {
    start(Duration.ofMillis(100), 500, 4);
    try (SseReader reader = connect(null)) {
      reader.awaitComment("heartbeat");
      reader.awaitComment("heartbeat");
    }
  }

  @Test
  void a_client_that_disconnects_is_unsubscribed() throws Exception {
    start(Duration.ofMillis(100), 500, 4);
    Call call = http.newCall(request(null));
    Response response = call.execute();
    new SseReader(response).awaitComment("stream open");
    assertThat(view.subscribers()).isEqualTo(1);

    call.cancel();
    response.close();

    // the next heartbeat's write fails, and the stream unsubscribes
    await().atMost(Duration.ofSeconds(5)).until(() -> view.subscribers() == 0);
  }

  @Test
  void closing_the_server_ends_open_streams() throws Exception {
    start();
    try (SseReader reader = connect(null)) {
      server.close();
      server = null;

      assertThat(reader.ended()).isTrue();
    }
    assertThat(view.subscribers()).isZero();
  }

  @Test
  void a_last_event_id_that_is_not_a_sequence_is_a_400_json_error() throws Exception {
    start();
    try (Response response = http.newCall(request("abc")).execute()) {
      assertThat(response.code()).isEqualTo(400);
      assertThat(response.header("Content-Type")).startsWith("application/json");
      assertThat(response.body().string()).contains("Last-Event-ID", "\\\"abc\\\"");
    }
    assertThat(view.subscribers()).isZero();
  }

  @Test
  void streams_beyond_the_limit_are_refused_with_503() throws Exception {
    start(Duration.ofSeconds(15), 500, 1);
    try (SseReader first = connect(null);
        Response second = http.newCall(request(null)).execute()) {
      assertThat(second.code()).isEqualTo(503);
      assertThat(second.body().string()).contains("too many open streams");
    }
  }
}
