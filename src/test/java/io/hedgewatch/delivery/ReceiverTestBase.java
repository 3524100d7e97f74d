package io.hedgewatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.config.DeliveryPolicy;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A receiver on loopback and the shared client the sinks derive theirs from. */
abstract class ReceiverTestBase {

  static final Clock CLOCK = Clock.fixed(Events.AT, ZoneOffset.UTC);

  /** Short enough that a hanging receiver costs the test little. */
  static final DeliveryPolicy POLICY =
      new DeliveryPolicy(Duration.ofMillis(500), 3, Duration.ofMillis(10), Duration.ofMillis(100));

  MockWebServer server;
  OkHttpClient base;

  @BeforeEach
  void startReceiver() throws IOException {
    server = new MockWebServer();
    server.start();
    base = new OkHttpClient();
  }

  @AfterEach
  void stopReceiver() throws IOException {
    base.dispatcher().executorService().shutdown();
    base.connectionPool().evictAll();
    server.shutdown();
  }

  RecordedRequest taken() throws InterruptedException {
    RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as("a request reached the receiver").isNotNull();
    return request;
  }

  static DeliveryOutcome.Retry retry(DeliveryOutcome outcome) {
    assertThat(outcome).isInstanceOf(DeliveryOutcome.Retry.class);
    return (DeliveryOutcome.Retry) outcome;
  }

  static DeliveryOutcome.Rejected rejected(DeliveryOutcome outcome) {
    assertThat(outcome).isInstanceOf(DeliveryOutcome.Rejected.class);
    return (DeliveryOutcome.Rejected) outcome;
  }

  static String reason(DeliveryOutcome outcome) {
    if (outcome instanceof DeliveryOutcome.Retry r) {
      return r.reason();
    }
    if (outcome instanceof DeliveryOutcome.Rejected r) {
      return r.reason();
    }
    return "";
  }
}
