package io.hedgewatch.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Function;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core's own decisions, with readers that only pass the body on; the venue clients' tests
 * (reference, funding, off-chain perps) cover it with their readers.
 */
class ResilientHttpTest {

  private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

  /** Roomy rate limit, two tries with millisecond backoff, circuit after 2 failed calls. */
  private static final HttpPolicy FAST =
      HttpPolicy.DEFAULT
          .withRateLimit(1000, Duration.ofSeconds(1), Duration.ofMillis(100))
          .withRetry(2, Duration.ofMillis(1), Duration.ofMillis(5))
          .withBreaker(2, Duration.ofSeconds(30));

  private MockWebServer server;
  private OkHttpClient http;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  }

  @AfterEach
  void stop() throws IOException {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    server.shutdown();
  }

  private ResilientHttp client(int maxBodyBytes) {
    return new ResilientHttp(
        "test.venue", "test venue", http, Clock.fixed(NOW, ZoneOffset.UTC), FAST, maxBodyBytes);
  }

  private Request get() {
    return new Request.Builder().url(server.url("/x")).build();
  }

  private static <T> HttpFailure failure(ResilientHttp.Outcome<T> outcome) {
    assertThat(outcome).isInstanceOf(ResilientHttp.Outcome.Failed.class);
    return ((ResilientHttp.Outcome.Failed<T>) outcome).failure();
  }

  /** Passes the body on, and says what {@code signal} makes of it, in the body's own words. */
  private static ResilientHttp.ReplyReader<String> signalling(
      Function<String, ResilientHttp.Signal> signal) {
    return new ResilientHttp.ReplyReader<>() {
      @Override
      public String read(ResilientHttp.Answer answer) {
        return answer.body();
      }

      @Override
      public ResilientHttp.Signal signal(String body, ResilientHttp.Answer answer) {
        return signal.apply(body);
      }

      @Override
      public String said(String body, ResilientHttp.Answer answer) {
        return body;
      }
    };
  }

  @Test
  void a_reply_too_large_to_read_is_final_unless_its_status_asks_for_a_retry() {
    ResilientHttp client = client(16);
    server.enqueue(new MockResponse().setBody("x".repeat(17)));

    assertThat(failure(client.call("test.venue.a", "t", get(), ResilientHttp.Answer::body)))
        .isEqualTo(new HttpFailure.TooLarge(200, 16));
    assertThat(server.getRequestCount()).isEqualTo(1);

    server.enqueue(new MockResponse().setResponseCode(503).setBody("y".repeat(17)));
    server.enqueue(new MockResponse().setBody("ok"));
    ResilientHttp.Outcome<String> retried =
        client.call("test.venue.a", "t", get(), ResilientHttp.Answer::body);
    assertThat(retried).isEqualTo(new ResilientHttp.Outcome.Answered<>("ok"));
    assertThat(client.requestsSent()).isEqualTo(3);
  }

  @Test
  void circuits_open_apart_while_a_rate_limit_holds_for_every_circuit() {
    ResilientHttp client = client(1024);
    for (int i = 0; i < 4; i++) {
      server.enqueue(new MockResponse().setResponseCode(500).setBody("down"));
    }

    client.call("test.venue.a", "t", get(), ResilientHttp.Answer::body);
    HttpFailure last = failure(client.call("test.venue.a", "t", get(), ResilientHttp.Answer::body));

    assertThat(last).isEqualTo(new HttpFailure.Unavailable("HTTP 500: down"));
    assertThat(client.circuitState("test.venue.a")).isEqualTo(CircuitBreaker.State.OPEN);
    assertThat(client.circuitState("test.venue.b")).isEqualTo(CircuitBreaker.State.CLOSED);

    server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "7"));
    HttpFailure limited =
        failure(client.call("test.venue.b", "t", get(), ResilientHttp.Answer::body));
    assertThat(limited)
        .isEqualTo(
            new HttpFailure.RateLimited(
                "HTTP 429: (no body)", Duration.ofSeconds(7), NOW.plusSeconds(7), true));
    HttpFailure quiet =
        failure(client.call("test.venue.c", "t", get(), ResilientHttp.Answer::body));
    assertThat(quiet)
        .isEqualTo(
            new HttpFailure.RateLimited(
                "HTTP 429: (no body)", Duration.ofSeconds(7), NOW.plusSeconds(7), false));
    assertThat(server.getRequestCount()).isEqualTo(5);
  }

  @Test
  void a_venue_saying_unavailable_is_retried_and_its_last_words_are_the_answer() {
    ResilientHttp client = client(1024);
    ResilientHttp.ReplyReader<String> reader =
        signalling(
            body ->
                body.startsWith("busy")
                    ? ResilientHttp.Signal.UNAVAILABLE
                    : ResilientHttp.Signal.NONE);
    server.enqueue(new MockResponse().setBody("busy 1"));
    server.enqueue(new MockResponse().setBody("busy 2"));

    assertThat(client.call("test.venue.a", "t", get(), reader))
        .isEqualTo(new ResilientHttp.Outcome.Answered<>("busy 2"));
    assertThat(server.getRequestCount()).as("two tries").isEqualTo(2);
  }

  @Test
  void a_ban_the_reader_recognises_keeps_every_request_home_for_the_longest_wait_told() {
    ResilientHttp client = client(1024);
    ResilientHttp.ReplyReader<String> reader =
        signalling(body -> new ResilientHttp.Signal.Banned(Optional.of(Duration.ofMinutes(30))));
    server.enqueue(new MockResponse().setResponseCode(403).setBody("go away"));

    HttpFailure banned = failure(client.call("test.venue.a", "t", get(), reader));

    assertThat(banned)
        .isEqualTo(
            new HttpFailure.Banned(
                "HTTP 403: go away", Duration.ofMinutes(30), NOW.plus(Duration.ofMinutes(30))));
    assertThat(failure(client.call("test.venue.b", "t", get(), ResilientHttp.Answer::body)))
        .isInstanceOf(HttpFailure.Banned.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }
}
