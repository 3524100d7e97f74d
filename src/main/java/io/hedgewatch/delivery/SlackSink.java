package io.hedgewatch.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.config.SinkConfig;
import io.hedgewatch.store.StoredEvent;
import java.time.Clock;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A message to a Slack incoming webhook: {@code {"text": ...}} in Slack's mrkdwn, the alert's own
 * words escaped so that they cannot form links or mentions. Slack answers 200 {@code ok}; its
 * errors ({@code 400 invalid_payload}, {@code 403 invalid_token}, {@code 404 no_service}, {@code
 * 410 channel_is_archived}) are rejected, 429 and 5xx retried.
 */
public final class SlackSink implements AlertSink {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Slack cuts longer messages; the message part is shortened well before that. */
  private static final int MAX_MESSAGE_CHARS = 3000;

  private final String name;
  private final HttpDelivery http;

  public SlackSink(SinkConfig.Slack config, OkHttpClient base, Clock clock) {
    this.name = config.name();
    this.http =
        new HttpDelivery(
            base, config.delivery(), clock, HttpDelivery.httpUrl(name, config.url()), List.of());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DeliveryOutcome deliver(StoredEvent event) {
    Request request =
        new Request.Builder()
            .url(http.url())
            .header("User-Agent", WebhookSink.USER_AGENT)
            .post(HttpDelivery.json(payload(EventText.of(event))))
            .build();
    return http.post(request, http::byStatus);
  }

  static final EventText.Markup MARKUP =
      new EventText.Markup("*", "*", EventText.Markup::escapeAngleAndAmpersand);

  static String payload(EventText text) {
    String message = text.render(MARKUP, MAX_MESSAGE_CHARS, MAX_MESSAGE_CHARS);
    ObjectNode root = MAPPER.createObjectNode();
    root.put("text", message);
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a Slack message", e);
    }
  }

  /** Slack's three control characters in mrkdwn text. */
  static String escape(String text) {
    return EventText.Markup.escapeAngleAndAmpersand(text);
  }

  @Override
  public String toString() {
    return "SlackSink[" + name + "]";
  }
}
