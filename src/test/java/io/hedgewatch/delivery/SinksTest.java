package io.hedgewatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.config.AlertsConfig;
import io.hedgewatch.config.DeliveryPolicy;
import io.hedgewatch.config.SinkConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class SinksTest {

  private static final DeliveryPolicy QUICK =
      new DeliveryPolicy(Duration.ofSeconds(3), 4, Duration.ofSeconds(1), Duration.ofSeconds(8));

  @Test
  void builds_one_sink_per_entry_in_order_with_its_name_and_policy() {
    AlertsConfig config =
        new AlertsConfig(
            Duration.ofMinutes(30),
            List.of(
                new SinkConfig.Stdout("stdout", DeliveryPolicy.ofDefaults()),
                new SinkConfig.Jsonl("jsonl", Path.of("alerts.jsonl"), DeliveryPolicy.ofDefaults()),
                new SinkConfig.Webhook(
                    "webhook", URI.create("https://bot.example/hook"), "s3cret", QUICK),
                new SinkConfig.Slack(
                    "slack", URI.create("https://hooks.slack.com/services/T/B/X"), QUICK),
                new SinkConfig.Discord(
                    "discord", URI.create("https://discord.com/api/webhooks/1/x"), QUICK),
                new SinkConfig.Telegram(
                    "telegram", SinkConfig.Telegram.DEFAULT_BASE_URL, "1:tok", "42", QUICK)));
    OkHttpClient base = new OkHttpClient();

    List<AlertSink> sinks = Sinks.create(config, base, System.out, Clock.systemUTC());

    assertThat(sinks)
        .extracting(AlertSink::name)
        .containsExactly("stdout", "jsonl", "webhook", "slack", "discord", "telegram");
    assertThat(sinks)
        .extracting(s -> s.getClass().getSimpleName())
        .containsExactly(
            "StdoutSink", "JsonlSink", "WebhookSink", "SlackSink", "DiscordSink", "TelegramSink");
    assertThat(Sinks.policies(config)).containsEntry("webhook", QUICK).hasSize(6);
  }

  @Test
  void each_http_sink_gets_its_own_client_with_the_policys_call_timeout_and_no_redirects() {
    OkHttpClient base = new OkHttpClient();

    OkHttpClient client = HttpDelivery.client(base, QUICK);

    assertThat(client).isNotSameAs(base);
    assertThat(client.callTimeoutMillis()).isEqualTo(3000);
    assertThat(client.followRedirects()).isFalse();
    assertThat(client.retryOnConnectionFailure()).isFalse();
    assertThat(client.connectionPool()).isSameAs(base.connectionPool());
    assertThat(client.dispatcher()).isSameAs(base.dispatcher());
  }

  @Test
  void a_url_that_is_not_http_is_refused_without_showing_it() {
    SinkConfig.Webhook ftp =
        new SinkConfig.Webhook("bot", URI.create("ftp://host/secret-path"), "s", QUICK);

    assertThatThrownBy(() -> Sinks.create(ftp, new OkHttpClient(), System.out, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sink bot: its URL is not an http:// or https:// URL");
  }
}
