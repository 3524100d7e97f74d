package io.hedgewatch.delivery;

import io.hedgewatch.config.SinkConfig;
import io.hedgewatch.store.StoredEvent;
import java.time.Clock;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * The contract's webhook: a POST of the event's stored document, byte for byte, with {@code
 * Content-Type: application/json}, {@code X-Hedgewatch-Event-Id} (the idempotency key) and {@code
 * X-Hedgewatch-Signature} (see {@link WebhookSignature}; left out when no secret is configured),
 * signed afresh at every attempt so that a retry is not refused as old. 2xx is delivered; 408, 425,
 * 429, 5xx, I/O errors and timeouts are retried, after the receiver's {@code Retry-After} when it
 * gives one; any other status is rejected (dead-lettered at once).
 */
public final class WebhookSink implements AlertSink {

  public static final String EVENT_ID_HEADER = "X-Hedgewatch-Event-Id";
  static final String USER_AGENT = "hedgewatch";

  private final String name;
  private final String secret;
  private final Clock clock;
  private final HttpDelivery http;

  public WebhookSink(SinkConfig.Webhook config, OkHttpClient base, Clock clock) {
    this.name = config.name();
    this.secret = config.secret();
    this.clock = clock;
    this.http =
        new HttpDelivery(
            base,
            config.delivery(),
            clock,
            HttpDelivery.httpUrl(name, config.url()),
            List.of(config.secret()));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DeliveryOutcome deliver(StoredEvent event) {
    Request.Builder request =
        new Request.Builder()
            .url(http.url())
            .header("User-Agent", USER_AGENT)
            .header(EVENT_ID_HEADER, event.id())
            .post(HttpDelivery.json(event.body()));
    if (!secret.isEmpty()) {
      long t = clock.instant().getEpochSecond();
      request.header(WebhookSignature.HEADER, WebhookSignature.sign(secret, t, event.body()));
    }
    return http.post(request.build(), http::byStatus);
  }

  @Override
  public String toString() {
    return "WebhookSink[" + name + "]";
  }
}
