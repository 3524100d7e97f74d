package io.hedgewatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.config.SinkConfig;
import io.hedgewatch.delivery.WebhookSignature.Verification;
import io.hedgewatch.store.StoredEvent;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookSinkTest extends ReceiverTestBase {

  private static final String SECRET = "whsec_0123456789";
  private static final String PATH = "/hooks/T0KEN-in-the-path-42?key=q5ecret";

  private WebhookSink sink(String secret) {
    return new WebhookSink(
        new SinkConfig.Webhook("bot", server.url(PATH).uri(), secret, POLICY), base, CLOCK);
  }

  @Test
  void posts_the_stored_document_byte_for_byte_with_the_contracts_headers() throws Exception {
    StoredEvent event = Events.opened(1);
    server.enqueue(new MockResponse().setResponseCode(200));

    DeliveryOutcome outcome = sink(SECRET).deliver(event);

    RecordedRequest request = taken();
    assertThat(outcome).isEqualTo(DeliveryOutcome.delivered());
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getPath()).isEqualTo(PATH);
    assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(request.getHeader("X-Hedgewatch-Event-Id")).isEqualTo(event.id());
    assertThat(request.getBody().readUtf8()).isEqualTo(event.body());
    assertThat(request.getHeader("X-Hedgewatch-Signature"))
        .isEqualTo(WebhookSignature.sign(SECRET, Events.AT.getEpochSecond(), event.body()))
        .startsWith("t=" + Events.AT.getEpochSecond() + ",v1=");
  }

  @Test
  void a_receiver_verifies_the_signature_over_the_bytes_it_received() throws Exception {
    StoredEvent event = Events.opened(1);
    server.enqueue(new MockResponse().setResponseCode(204));

    sink(SECRET).deliver(event);

    RecordedRequest request = taken();
    byte[] received = request.getBody().readByteArray();
    String header = request.getHeader(WebhookSignature.HEADER);
    assertThat(
            WebhookSignature.verify(
                SECRET, header, received, Events.AT.plusSeconds(10), Duration.ofMinutes(5)))
        .isEqualTo(Verification.VALID);
    assertThat(
            WebhookSignature.verify(
                "another", header, received, Events.AT.plusSeconds(10), Duration.ofMinutes(5)))
        .isEqualTo(Verification.BAD_SIGNATURE);
    assertThat(new String(received, StandardCharsets.UTF_8)).isEqualTo(event.body());
  }

  @Test
  void without_a_secret_it_sends_no_signature() throws Exception {
    server.enqueue(new MockResponse().setResponseCode(200));

    assertThat(sink("").deliver(Events.opened(1))).isEqualTo(DeliveryOutcome.delivered());

    RecordedRequest request = taken();
    assertThat(request.getHeader("X-Hedgewatch-Signature")).isNull();
    assertThat(request.getHeader("X-Hedgewatch-Event-Id")).isNotBlank();
  }

  @ParameterizedTest
  @ValueSource(ints = {200, 201, 202, 204})
  void a_2xx_is_delivered(int status) {
    server.enqueue(new MockResponse().setResponseCode(status));

    assertThat(sink(SECRET).deliver(Events.opened(1))).isEqualTo(DeliveryOutcome.delivered());
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 425, 429, 500, 502, 503, 504})
  void timeouts_rate_limits_and_server_errors_are_retried(int status) {
    server.enqueue(new MockResponse().setResponseCode(status).setBody("busy"));

    DeliveryOutcome.Retry retry = retry(sink(SECRET).deliver(Events.opened(1)));

    assertThat(retry.reason()).startsWith("HTTP " + status + " from ").endsWith(": busy");
    assertThat(retry.retryAfter()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 410, 413, 422})
  void other_client_errors_are_rejected(int status) {
    server.enqueue(new MockResponse().setResponseCode(status).setBody("{\"error\":\"nope\"}"));

    DeliveryOutcome.Rejected rejected = rejected(sink(SECRET).deliver(Events.opened(1)));

    assertThat(rejected.reason())
        .isEqualTo("HTTP " + status + " from " + server.getHostName() + ": {\"error\":\"nope\"}");
  }

  @Test
  void a_redirect_is_not_followed_but_rejected() throws Exception {
    server.enqueue(
        new MockResponse().setResponseCode(302).setHeader("Location", server.url("/elsewhere")));

    DeliveryOutcome.Rejected rejected = rejected(sink(SECRET).deliver(Events.opened(1)));

    assertThat(rejected.reason()).contains("HTTP 302").contains("redirect not followed");
    taken();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a_429_carries_retry_after_in_seconds() {
    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "30"));

    assertThat(retry(sink(SECRET).deliver(Events.opened(1))).retryAfter())
        .contains(Duration.ofSeconds(30));
  }

  @Test
  void a_503_carries_retry_after_as_an_http_date() {
    server.enqueue(
        new MockResponse()
            .setResponseCode(503)
            .setHeader("Retry-After", "Tue, 24 Nov 2026 12:02:00 GMT"));

    assertThat(retry(sink(SECRET).deliver(Events.opened(1))).retryAfter())
        .isEqualTo(Optional.of(Duration.ofMinutes(2)));
  }

  @Test
  void a_receiver_that_never_answers_is_cut_at_the_timeout_and_retried() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));

    long start = System.nanoTime();
    DeliveryOutcome.Retry retry = retry(sink(SECRET).deliver(Events.opened(1)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(retry.reason()).contains("no reply from " + server.getHostName() + " within 500 ms");
    assertThat(took).isLessThan(Duration.ofSeconds(3));
  }

  @Test
  void a_body_that_trickles_in_slower_than_the_timeout_is_cut_and_retried() {
    server.enqueue(
        new MockResponse()
            .setResponseCode(200)
            .setBody("x".repeat(100))
            .throttleBody(1, 100, java.util.concurrent.TimeUnit.MILLISECONDS));

    assertThat(sink(SECRET).deliver(Events.opened(1))).isInstanceOf(DeliveryOutcome.Retry.class);
  }

  @Test
  void a_dropped_connection_is_retried() {
    server.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));

    DeliveryOutcome.Retry retry = retry(sink(SECRET).deliver(Events.opened(1)));

    assertThat(retry.reason()).contains("failed");
  }

  @Test
  void a_refused_connection_is_retried() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    WebhookSink refused =
        new WebhookSink(
            new SinkConfig.Webhook(
                "bot", URI.create("http://127.0.0.1:" + closedPort + PATH), SECRET, POLICY),
            base,
            CLOCK);

    DeliveryOutcome.Retry retry = retry(refused.deliver(Events.opened(1)));

    assertThat(retry.reason()).contains("127.0.0.1").doesNotContain("T0KEN", "q5ecret");
  }

  @Test
  void reasons_never_show_the_path_query_or_secret_even_when_the_receiver_echoes_them() {
    server.enqueue(
        new MockResponse()
            .setResponseCode(404)
            .setBody("no hook at " + server.url(PATH) + " for secret " + SECRET));

    String reason = reason(sink(SECRET).deliver(Events.opened(1)));

    assertThat(reason)
        .contains("HTTP 404", server.getHostName(), "***")
        .doesNotContain("T0KEN-in-the-path-42", "q5ecret", SECRET);
  }

  @Test
  void its_description_names_it_without_url_or_secret() {
    assertThat(sink(SECRET).toString()).isEqualTo("WebhookSink[bot]");
  }
}
