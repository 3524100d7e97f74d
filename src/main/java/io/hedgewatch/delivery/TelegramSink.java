package io.hedgewatch.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.config.SinkConfig;
import io.hedgewatch.store.StoredEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A message from a Telegram bot: {@code POST {baseUrl}/bot{token}/sendMessage} with {@code
 * chat_id}, {@code text} and {@code parse_mode: HTML}, the alert's words escaped for it. Telegram
 * answers {@code {"ok": true, ...}}; a refusal is {@code {"ok": false, "error_code", "description",
 * "parameters": {"retry_after"}}}: 429 and 5xx are retried (after {@code retry_after} or {@code
 * Retry-After}), other errors ({@code 400 chat not found}, {@code 401 Unauthorized}, {@code 403 bot
 * was blocked}) rejected. The token is part of the URL and never appears in a reason.
 */
public final class TelegramSink implements AlertSink {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Telegram refuses messages longer than 4096 characters. */
  private static final int MAX_MESSAGE_CHARS = 3000;

  private static final Pattern NUMERIC_CHAT = Pattern.compile("-?\\d{1,16}");

  private final String name;
  private final String chatId;
  private final HttpDelivery http;

  public TelegramSink(SinkConfig.Telegram config, OkHttpClient base, Clock clock) {
    this.name = config.name();
    HttpUrl.Builder url = HttpDelivery.httpUrl(name, config.baseUrl()).newBuilder();
    // the base may carry a path of its own (a proxy's prefix); a trailing slash leaves an empty one
    HttpUrl baseUrl = url.build();
    if (baseUrl.pathSegments().get(baseUrl.pathSegments().size() - 1).isEmpty()) {
      url.removePathSegment(baseUrl.pathSegments().size() - 1);
    }
    url.addPathSegment("bot" + config.botToken()).addPathSegment("sendMessage");
    this.chatId = config.chatId();
    this.http =
        new HttpDelivery(base, config.delivery(), clock, url.build(), List.of(config.botToken()));
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
            .post(HttpDelivery.json(payload(chatId, EventText.of(event))))
            .build();
    return http.post(request, this::read);
  }

  private DeliveryOutcome read(HttpDelivery.Reply reply) {
    JsonNode answer;
    try {
      answer = MAPPER.readTree(reply.body());
    } catch (JsonProcessingException e) {
      answer = null;
    }
    if (answer == null || !answer.path("ok").isBoolean()) {
      // not Telegram's JSON: a proxy or a captive portal answered; only a failure status is final
      return reply.success()
          ? DeliveryOutcome.retry(http.said(reply, "not a Telegram Bot API reply"))
          : http.byStatus(reply);
    }
    if (answer.path("ok").asBoolean() && reply.success()) {
      return DeliveryOutcome.delivered();
    }
    int code = answer.path("error_code").asInt(reply.status());
    String said =
        "Telegram error " + code + ": " + answer.path("description").asText("(no description)");
    Optional<Duration> retryAfter = retryAfter(answer).or(reply::retryAfter);
    if (HttpDelivery.retryable(code) || HttpDelivery.retryable(reply.status())) {
      return new DeliveryOutcome.Retry(http.said(reply, said), retryAfter);
    }
    return new DeliveryOutcome.Rejected(http.said(reply, said));
  }

  private static Optional<Duration> retryAfter(JsonNode answer) {
    JsonNode seconds = answer.path("parameters").path("retry_after");
    if (seconds.canConvertToLong() && seconds.asLong() >= 0) {
      return Optional.of(
          Duration.ofSeconds(Math.min(seconds.asLong(), Duration.ofDays(1).toSeconds())));
    }
    return Optional.empty();
  }

  static final EventText.Markup MARKUP =
      new EventText.Markup("<b>", "</b>", EventText.Markup::escapeAngleAndAmpersand);

  static String payload(String chatId, EventText text) {
    String message = text.render(MARKUP, MAX_MESSAGE_CHARS, MAX_MESSAGE_CHARS / 3);
    ObjectNode root = MAPPER.createObjectNode();
    if (NUMERIC_CHAT.matcher(chatId).matches()) {
      root.put("chat_id", Long.parseLong(chatId));
    } else {
      root.put("chat_id", chatId);
    }
    root.put("text", message);
    root.put("parse_mode", "HTML");
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a Telegram message", e);
    }
  }

  /** The three characters Telegram's HTML parse mode requires escaped outside tags. */
  static String escape(String text) {
    return EventText.Markup.escapeAngleAndAmpersand(text);
  }

  @Override
  public String toString() {
    return "TelegramSink[" + name + "]";
  }
}
