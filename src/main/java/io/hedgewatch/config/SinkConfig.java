package io.hedgewatch.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of {@code alerts.sinks}: where alert events go. {@code name} identifies the sink in the
 * outbox, the API and the metrics, so it must stay the same across restarts: the config's {@code
 * name} key, else the type ({@code webhook}), else, when a type appears more than once, the type
 * and its 1-based position among the sinks of that type ({@code webhook-2}).
 */
public sealed interface SinkConfig {

  String name();

  DeliveryPolicy delivery();

  /** The contract's {@code type} key. */
  String type();

  /** One line per event on standard output. */
  record Stdout(String name, DeliveryPolicy delivery) implements SinkConfig {
    public Stdout {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(delivery, "delivery");
    }

    @Override
    public String type() {
      return "stdout";
    }
  }

  /** Appends the webhook's JSON document, one per line, to {@code path}. */
  record Jsonl(String name, Path path, DeliveryPolicy delivery) implements SinkConfig {
    public Jsonl {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(delivery, "delivery");
    }

    @Override
    public String type() {
      return "jsonl";
    }
  }

  /**
   * The contract's signed webhook. The loader refuses an empty {@code secret}: unsigned webhooks
   * are not offered. {@code toString} shows neither the secret nor the URL's path and query, which
   * often carry a token.
   */
  record Webhook(String name, URI url, String secret, DeliveryPolicy delivery)
      implements SinkConfig {
    public Webhook {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(secret, "secret");
      Objects.requireNonNull(delivery, "delivery");
    }

    @Override
    public String type() {
      return "webhook";
    }

    @Override
    public String toString() {
      return "Webhook[name="
          + name
          + ", url="
          + url.getScheme()
          + "://"
          + url.getHost()
          + (url.getPort() < 0 ? "" : ":" + url.getPort())
          + "/***, secret=***, delivery="
          + delivery
          + "]";
    }
  }

  /** A Slack incoming webhook ({@code https://hooks.slack.com/services/...}). */
  record Slack(String name, URI url, DeliveryPolicy delivery) implements SinkConfig {
    public Slack {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(delivery, "delivery");
    }

    @Override
    public String type() {
      return "slack";
    }

    @Override
    public String toString() {
      return "Slack[name=" + name + ", url=" + url.getHost() + "/***, delivery=" + delivery + "]";
    }
  }

  /** A Discord channel webhook ({@code https://discord.com/api/webhooks/ID/TOKEN}). */
  record Discord(String name, URI url, DeliveryPolicy delivery) implements SinkConfig {
    public Discord {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(delivery, "delivery");
    }

    @Override
    public String type() {
      return "discord";
    }

    @Override
    public String toString() {
      return "Discord[name=" + name + ", url=" + url.getHost() + "/***, delivery=" + delivery + "]";
    }
  }

  /**
   * A Telegram bot's {@code sendMessage} to {@code chatId}; {@code baseUrl} is {@code
   * https://api.telegram.org} unless configured (tests point it at loopback).
   */
  record Telegram(String name, URI baseUrl, String botToken, String chatId, DeliveryPolicy delivery)
      implements SinkConfig {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.telegram.org");

    public Telegram {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(botToken, "botToken");
      Objects.requireNonNull(chatId, "chatId");
      Objects.requireNonNull(delivery, "delivery");
    }

    @Override
    public String type() {
      return "telegram";
    }

    @Override
    public String toString() {
      return "Telegram[name="
          + name
          + ", baseUrl="
          + baseUrl
          + ", botToken=***, chatId="
          + chatId
          + ", delivery="
          + delivery
          + "]";
    }
  }
}
