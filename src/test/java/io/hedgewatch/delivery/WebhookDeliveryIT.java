package io.hedgewatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hedgewatch.config.DeliveryPolicy;
import io.hedgewatch.config.SinkConfig;
import io.hedgewatch.delivery.WebhookSignature.Verification;
import io.hedgewatch.store.Delivery;
import io.hedgewatch.store.StoredEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher and the webhook sink against receivers on loopback that verify signatures as the
 * contract tells them to and count what they accepted, deduplicating by event id.
 */
class WebhookDeliveryIT {

  private static final String SECRET = "whsec_it_secret";

  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Receiver> receivers = new ArrayList<>();
  private final List<Dispatcher> dispatchers = new ArrayList<>();
  private OkHttpClient base;

  @BeforeEach
  void client() {
    base = new OkHttpClient();
  }

  @AfterEach
  void stop() throws IOException {
    dispatchers.forEach(Dispatcher::close);
    for (Receiver receiver : receivers) {
      receiver.server.shutdown();
    }
    base.dispatcher().executorService().shutdown();
    base.connectionPool().evictAll();
  }

  /** A webhook receiver: verifies, then answers from its script (200 when the script is done). */
  private final class Receiver extends okhttp3.mockwebserver.Dispatcher {
    final MockWebServer server = new MockWebServer();
    final ConcurrentLinkedQueue<Supplier<MockResponse>> script = new ConcurrentLinkedQueue<>();
    volatile Supplier<MockResponse> otherwise = () -> new MockResponse().setResponseCode(200);
    final List<String> requests = new ArrayList<>();
    final List<Instant> requestTimes = new ArrayList<>();
    final List<String> accepted = new ArrayList<>();
    final List<Verification> verifications = new ArrayList<>();

    Receiver() throws IOException {
      server.setDispatcher(this);
      server.start();
      receivers.add(this);
    }

    Receiver then(Supplier<MockResponse> response) {
      script.add(response);
      return this;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String id = request.getHeader(WebhookSink.EVENT_ID_HEADER);
      Verification verification =
          WebhookSignature.verify(
              SECRET,
              request.getHeader(WebhookSignature.HEADER),
              request.getBody().readByteArray(),
              Instant.now(),
              WebhookSignature.DEFAULT_TOLERANCE);
      synchronized (this) {
        requests.add(id);
        requestTimes.add(Instant.now());
        verifications.add(verification);
      }
      if (!verification.isValid()) {
        return new MockResponse().setResponseCode(401);
      }
      Supplier<MockResponse> next = script.poll();
      MockResponse response = (next == null ? otherwise : next).get();
      boolean success =
          response.getSocketPolicy() == SocketPolicy.KEEP_OPEN
              && response.getStatus().matches("HTTP/1\\.1 2\\d\\d.*");
      synchronized (this) {
        if (success && !accepted.contains(id)) {
          accepted.add(id);
        }
      }
      return response;
    }

    synchronized List<String> requests() {
      return List.copyOf(requests);
    }

    synchronized List<String> accepted() {
      return List.copyOf(accepted);
    }

    synchronized List<Verification> verifications() {
      return List.copyOf(verifications);
    }

    synchronized List<Instant> requestTimes() {
      return List.copyOf(requestTimes);
    }
  }

  private static Supplier<MockResponse> status(int code) {
    return () -> new MockResponse().setResponseCode(code);
  }

  private static Supplier<MockResponse> noResponse() {
    return () -> new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE);
  }

  private WebhookSink webhook(String name, Receiver receiver, DeliveryPolicy policy) {
    return new WebhookSink(
        new SinkConfig.Webhook(name, receiver.server.url("/hook").uri(), SECRET, policy),
        base,
        Clock.systemUTC());
  }

  private Dispatcher dispatcher(DeliveryPolicy policy, AlertSink... sinks) {
    Map<String, DeliveryPolicy> policies = new java.util.HashMap<>();
    for (AlertSink sink : sinks) {
      policies.put(sink.name(), policy);
    }
    Dispatcher dispatcher =
        new Dispatcher(
            outbox, List.of(sinks), policies, Clock.systemUTC(), new SplittableRandom(5), registry);
    dispatchers.add(dispatcher);
    return dispatcher;
  }

  private List<String> queue(int count, String... sinks) {
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      StoredEvent event = Events.opened(i);
      outbox.add(event, sinks);
      ids.add(event.id());
    }
    return ids;
  }

  private static DeliveryPolicy policy(Duration timeout, int maxAttempts) {
    return new DeliveryPolicy(timeout, maxAttempts, Duration.ofMillis(5), Duration.ofMillis(50));
  }

  @Test
  void every_event_arrives_signed_and_is_accepted_once_in_order() throws IOException {
    Receiver receiver = new Receiver();
    List<String> ids = queue(5, "bot");

    dispatcher(
            policy(Duration.ofSeconds(2), 5),
            webhook("bot", receiver, policy(Duration.ofSeconds(2), 5)))
        .start();

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 5);
    assertThat(receiver.accepted()).isEqualTo(ids);
    assertThat(receiver.requests()).isEqualTo(ids);
    assertThat(receiver.verifications()).containsOnly(Verification.VALID);
  }

  @Test
  void a_receiver_that_answers_500_then_200_gets_each_event_once_in_order() throws IOException {
    Receiver receiver = new Receiver().then(status(500)).then(status(503));
    List<String> ids = queue(3, "bot");
    DeliveryPolicy policy = policy(Duration.ofSeconds(2), 5);

    dispatcher(policy, webhook("bot", receiver, policy)).start();

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 3);
    assertThat(receiver.accepted()).isEqualTo(ids);
    assertThat(receiver.requests())
        .containsExactly(ids.get(0), ids.get(0), ids.get(0), ids.get(1), ids.get(2));
    assertThat(receiver.verifications()).containsOnly(Verification.VALID);
    await()
        .until(
            () ->
                outbox.deliveries("bot").stream()
                    .allMatch(d -> d.state() == Delivery.State.DELIVERED));
  }

  @Test
  void a_receiver_that_hangs_is_cut_at_the_timeout_and_the_event_delivered_on_retry()
      throws IOException {
    Receiver receiver = new Receiver().then(noResponse());
    List<String> ids = queue(2, "bot");
    DeliveryPolicy policy = policy(Duration.ofMillis(300), 5);

    dispatcher(policy, webhook("bot", receiver, policy)).start();

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 2);
    assertThat(receiver.accepted()).isEqualTo(ids);
    assertThat(receiver.requests()).containsExactly(ids.get(0), ids.get(0), ids.get(1));
    assertThat(outbox.marks().get(0)).isEqualTo("bot retry " + ids.get(0) + " #1");
  }

  @Test
  void a_body_that_trickles_past_the_timeout_is_retried() throws IOException {
    Receiver receiver =
        new Receiver()
            .then(
                () ->
                    new MockResponse()
                        .setResponseCode(200)
                        .setBody("x".repeat(50))
                        .throttleBody(1, 100, java.util.concurrent.TimeUnit.MILLISECONDS));
    queue(1, "bot");
    DeliveryPolicy policy = policy(Duration.ofMillis(400), 5);

    dispatcher(policy, webhook("bot", receiver, policy)).start();

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 2);
    await().until(() -> outbox.marks().size() == 2);
    assertThat(outbox.marks().get(0)).contains("retry");
    assertThat(outbox.marks().get(1)).contains("delivered");
  }

  @Test
  void a_receiver_that_keeps_failing_dead_letters_the_event_after_max_attempts()
      throws IOException {
    Receiver receiver = new Receiver().then(status(500)).then(status(502)).then(status(503));
    List<String> ids = queue(2, "bot");
    DeliveryPolicy policy = policy(Duration.ofSeconds(2), 3);

    dispatcher(policy, webhook("bot", receiver, policy)).start();

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
    assertThat(receiver.requests()).containsExactly(ids.get(0), ids.get(0), ids.get(0), ids.get(1));
    assertThat(receiver.accepted()).containsExactly(ids.get(1));
    Delivery dead = outbox.deadLetters(5).get(0);
    assertThat(dead.event().id()).isEqualTo(ids.get(0));
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("HTTP 503 from"));
    assertThat(
            registry
                .get("hedgewatch.deliveries")
                .tag("sink", "bot")
                .tag("outcome", "dead")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void a_429_is_retried_no_sooner_than_its_retry_after() throws IOException {
    Receiver receiver =
        new Receiver()
            .then(() -> new MockResponse().setResponseCode(429).setHeader("Retry-After", "1"));
    queue(1, "bot");
    DeliveryPolicy policy = policy(Duration.ofSeconds(2), 5);

    dispatcher(policy, webhook("bot", receiver, policy)).start();

    await().atMost(Duration.ofSeconds(10)).until(() -> receiver.accepted().size() == 1);
    List<Instant> times = receiver.requestTimes();
    assertThat(Duration.between(times.get(0), times.get(1)))
        .isGreaterThanOrEqualTo(Duration.ofMillis(950));
  }

  @Test
  void a_hanging_receiver_never_delays_another_sink() throws IOException {
    Receiver hanging = new Receiver();
    hanging.otherwise = noResponse();
    Receiver prompt = new Receiver();
    List<String> ids = queue(3, "stuck", "bot");
    DeliveryPolicy policy = policy(Duration.ofSeconds(5), 5);

    dispatcher(policy, webhook("stuck", hanging, policy), webhook("bot", prompt, policy)).start();

    await().atMost(Duration.ofSeconds(2)).until(() -> prompt.accepted().size() == 3);
    assertThat(prompt.accepted()).isEqualTo(ids);
    assertThat(hanging.accepted()).isEmpty();
  }

  @Test
  void drain_on_shutdown_delivers_everything_due() throws IOException {
    Receiver receiver = new Receiver().then(status(500));
    List<String> ids = queue(10, "bot");
    DeliveryPolicy policy = policy(Duration.ofSeconds(2), 5);
    Dispatcher dispatcher = dispatcher(policy, webhook("bot", receiver, policy));

    boolean drained = dispatcher.drain(Duration.ofSeconds(10));

    assertThat(drained).isTrue();
    assertThat(receiver.accepted()).isEqualTo(ids);
  }

  @Test
  void a_receiver_refuses_a_request_signed_with_another_secret() throws IOException {
    Receiver receiver = new Receiver();
    queue(1, "bot");
    DeliveryPolicy policy = policy(Duration.ofSeconds(2), 1);
    WebhookSink wrong =
        new WebhookSink(
            new SinkConfig.Webhook("bot", receiver.server.url("/hook").uri(), "not-it", policy),
            base,
            Clock.systemUTC());

    dispatcher(policy, wrong).start();

    await().atMost(Duration.ofSeconds(10)).until(() -> outbox.deadLetters(1).size() == 1);
    assertThat(receiver.verifications()).containsExactly(Verification.BAD_SIGNATURE);
    assertThat(outbox.deadLetters(1).get(0).lastError())
        .hasValueSatisfying(
            e -> assertThat(e).startsWith("HTTP 401 from").doesNotContain("not-it"));
  }
}
