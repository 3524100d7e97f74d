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
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * A message to a Discord channel webhook: {@code {"content": ..., "allowed_mentions": {"parse":
 * []}}} in Discord's markdown, the alert's words escaped and mentions disabled, so that an alert
 * can never ping {@code @everyone}. Discord answers 204; on 429 it says how long to wait both in
 * {@code Retry-After} and in its JSON's {@code retry_after} (seconds, fractional), and the longer
 * is kept.
 */
public final class DiscordSink implements AlertSink {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Discord refuses content longer than 2000 characters. */
  private static final int MAX_CONTENT_CHARS = 2000;

  private static final int MAX_MESSAGE_CHARS = 1200;

  private final String name;
  private final HttpDelivery http;

  public DiscordSink(SinkConfig.Discord config, OkHttpClient base, Clock clock) {
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
    return http.post(request, this::read);
  }

  private DeliveryOutcome read(HttpDelivery.Reply reply) {
    if (reply.status() != 429) {
      return http.byStatus(reply);
    }
    Optional<Duration> header = reply.retryAfter();
    Optional<Duration> body = retryAfterInBody(reply.body());
    Optional<Duration> longer =
        header.isPresent() && body.isPresent()
            ? Optional.of(header.get().compareTo(body.get()) >= 0 ? header.get() : body.get())
            : header.or(() -> body);
    return http.byStatus(reply, longer);
  }

  static Optional<Duration> retryAfterInBody(String body) {
    try {
      JsonNode retryAfter = MAPPER.readTree(body).path("retry_after");
      if (retryAfter.isNumber() && retryAfter.doubleValue() >= 0) {
        double seconds = Math.min(retryAfter.doubleValue(), Duration.ofDays(1).toSeconds());
        return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // not Discord's JSON (a proxy's page): the header alone counts
    }
    return Optional.empty();
  }

  static final EventText.Markup MARKUP = new EventText.Markup("**", "**", DiscordSink::escape);

  static String payload(EventText text) {
    String content = text.render(MARKUP, MAX_MESSAGE_CHARS, MAX_MESSAGE_CHARS / 2);
    ObjectNode root = MAPPER.createObjectNode();
    root.put("content", EventText.shorten(content, MAX_CONTENT_CHARS));
    root.putObject("allowed_mentions").putArray("parse");
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render a Discord message", e);
    }
  }

  /** A backslash before each character Discord's markdown gives a meaning to. */
  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ("\\*_~`|>[]#-:".indexOf(c) >= 0) {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }

  @Override
  public String toString() {
    return "DiscordSink[" + name + "]";
  }
}
