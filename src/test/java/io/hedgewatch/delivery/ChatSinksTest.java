package io.hedgewatch.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.alert.Acknowledgement;
import io.hedgewatch.alert.AlertEvent;
import io.hedgewatch.config.SinkConfig;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import java.time.Duration;
import java.util.List;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Slack, Discord and Telegram: the request each sends and how each one's answers read. */
class ChatSinksTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Alert NASTY =
      new Alert(
          "oracle.drift",
          Severity.WARNING,
          "feed:eth-usd",
          "<!channel> & <https://evil.example|click> **now** @everyone",
          0.1234567,
          0.1,
          null);

  static JsonNode json(RecordedRequest request) throws Exception {
    return JSON.readTree(request.getBody().readUtf8());
  }

  @Nested
  class Slack extends ReceiverTestBase {

    private static final String PATH = "/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX";

    private SlackSink sink() {
      return new SlackSink(
          new SinkConfig.Slack("ops", server.url(PATH).uri(), POLICY), base, CLOCK);
    }

    @Test
    void posts_one_text_with_severity_rule_subject_message_values_and_action() throws Exception {
      server.enqueue(new MockResponse().setResponseCode(200).setBody("ok"));

      assertThat(sink().deliver(Events.opened(1))).isEqualTo(DeliveryOutcome.delivered());

      RecordedRequest request = taken();
      assertThat(request.getMethod()).isEqualTo("POST");
      assertThat(request.getPath()).isEqualTo(PATH);
      assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
      JsonNode body = json(request);
      assertThat(iterable(body.fieldNames())).containsExactly("text");
      assertThat(body.get("text").asText())
          .isEqualTo(
              "\ud83d\udd34 *CRITICAL opened*: oracle.drift on feed:eth-usd\n"
                  + Events.DRIFT.message()
                  + "\nvalue 62 vs threshold 50\n*Action:* "
                  + Events.DRIFT.action());
    }

    @Test
    void escapes_the_alerts_words_so_they_cannot_mention_or_link() throws Exception {
      server.enqueue(new MockResponse().setResponseCode(200).setBody("ok"));

      sink().deliver(Events.of(1, AlertEvent.Type.OPENED, NASTY, null));

      String text = json(taken()).get("text").asText();
      assertThat(text)
          .contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;")
          .contains("value 0.123457 vs threshold 0.1")
          .doesNotContain("<!channel>")
          .doesNotContain("Action");
    }

    @Test
    void says_resolved_and_acknowledged_in_words() throws Exception {
      server.enqueue(new MockResponse().setResponseCode(200).setBody("ok"));
      server.enqueue(new MockResponse().setResponseCode(200).setBody("ok"));
      Acknowledgement ack = new Acknowledgement("alice", Events.AT, Severity.CRITICAL);

      sink().deliver(Events.of(2, AlertEvent.Type.RESOLVED, Events.DRIFT, null));
      sink().deliver(Events.of(3, AlertEvent.Type.ACKNOWLEDGED, Events.DRIFT, ack));

      assertThat(json(taken()).get("text").asText())
          .startsWith("\u2705 *CRITICAL resolved*: oracle.drift on feed:eth-usd");
      assertThat(json(taken()).get("text").asText())
          .startsWith("\u2611\ufe0f *CRITICAL acknowledged by alice*: oracle.drift");
    }

    @Test
    void slacks_errors_are_rejected_without_the_webhooks_path() {
      server.enqueue(new MockResponse().setResponseCode(404).setBody("no_service"));
      server.enqueue(new MockResponse().setResponseCode(403).setBody("invalid_token"));
      server.enqueue(new MockResponse().setResponseCode(410).setBody("channel_is_archived"));

      assertThat(rejected(sink().deliver(Events.opened(1))).reason())
          .isEqualTo("HTTP 404 from " + server.getHostName() + ": no_service");
      assertThat(rejected(sink().deliver(Events.opened(1))).reason()).endsWith("invalid_token");
      assertThat(rejected(sink().deliver(Events.opened(1))).reason())
          .endsWith("channel_is_archived")
          .doesNotContain("XXXXXXXX");
    }

    @Test
    void rate_limits_and_outages_are_retried() {
      server.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "7"));
      server.enqueue(new MockResponse().setResponseCode(500).setBody("rollup_error"));

      assertThat(retry(sink().deliver(Events.opened(1))).retryAfter())
          .contains(Duration.ofSeconds(7));
      assertThat(retry(sink().deliver(Events.opened(1))).reason()).endsWith("rollup_error");
    }
  }

  @Nested
  class Discord extends ReceiverTestBase {

    private static final String PATH =
        "/api/webhooks/123456789012345678/AbCdEfGhIjKlMnOpQrStUvWxYz";

    private DiscordSink sink() {
      return new DiscordSink(
          new SinkConfig.Discord("chat", server.url(PATH).uri(), POLICY), base, CLOCK);
    }

    @Test
    void posts_content_with_mentions_disabled_and_takes_204_as_delivered() throws Exception {
      server.enqueue(new MockResponse().setResponseCode(204));

      assertThat(sink().deliver(Events.opened(1))).isEqualTo(DeliveryOutcome.delivered());

      RecordedRequest request = taken();
      assertThat(request.getMethod()).isEqualTo("POST");
      assertThat(request.getPath()).isEqualTo(PATH);
      assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
      JsonNode body = json(request);
      assertThat(iterable(body.fieldNames())).containsExactly("content", "allowed_mentions");
      assertThat(body.get("allowed_mentions").toString()).isEqualTo("{\"parse\":[]}");
      assertThat(body.get("content").asText())
          .startsWith("\ud83d\udd34 **CRITICAL opened**: oracle.drift on feed\\:eth\\-usd\n")
          .contains("value 62 vs threshold 50")
          .contains("**Action:** Stop trusting the feed");
    }

    @Test
    void escapes_markdown_in_the_alerts_words() throws Exception {
      server.enqueue(new MockResponse().setResponseCode(204));

      sink().deliver(Events.of(1, AlertEvent.Type.OPENED, NASTY, null));

      assertThat(json(taken()).get("content").asText())
          .contains("\\*\\*now\\*\\* @everyone")
          .contains("\\|click\\>");
    }

    @Test
    void keeps_content_within_discords_2000_characters() throws Exception {
      server.enqueue(new MockResponse().setResponseCode(204));
      Alert longWinded = Events.DRIFT.withMessage("drift ".repeat(1000));

      sink().deliver(Events.of(1, AlertEvent.Type.OPENED, longWinded, null));

      assertThat(json(taken()).get("content").asText()).hasSizeLessThanOrEqualTo(2000);
    }

    @Test
    void a_429_waits_the_longer_of_the_header_and_the_bodys_retry_after() {
      server.enqueue(
          new MockResponse()
              .setResponseCode(429)
              .setHeader("Retry-After", "1")
              .setBody(
                  "{\"message\":\"You are being rate limited.\",\"retry_after\":2.5,\"global\":false}"));
      server.enqueue(
          new MockResponse()
              .setResponseCode(429)
              .setHeader("Retry-After", "4")
              .setBody("{\"retry_after\":0.3}"));
      server.enqueue(new MockResponse().setResponseCode(429).setBody("{\"retry_after\":0.75}"));

      assertThat(retry(sink().deliver(Events.opened(1))).retryAfter())
          .contains(Duration.ofMillis(2500));
      assertThat(retry(sink().deliver(Events.opened(1))).retryAfter())
          .contains(Duration.ofSeconds(4));
      assertThat(retry(sink().deliver(Events.opened(1))).retryAfter())
          .contains(Duration.ofMillis(750));
    }

    @Test
    void bad_requests_are_rejected_and_outages_retried_without_the_token() {
      server.enqueue(
          new MockResponse()
              .setResponseCode(401)
              .setBody("{\"message\": \"Invalid Webhook Token\", \"code\": 50027}"));
      server.enqueue(
          new MockResponse().setResponseCode(400).setBody("{\"content\":[\"too long\"]}"));
      server.enqueue(new MockResponse().setResponseCode(502));

      assertThat(rejected(sink().deliver(Events.opened(1))).reason())
          .contains("HTTP 401", "Invalid Webhook Token")
          .doesNotContain("AbCdEfGh");
      assertThat(rejected(sink().deliver(Events.opened(1))).reason()).contains("HTTP 400");
      assertThat(retry(sink().deliver(Events.opened(1))).reason()).contains("HTTP 502");
    }
  }

  @Nested
  class Telegram extends ReceiverTestBase {

    private static final String TOKEN = "123456789:AAH-secret_token-XYZ";

    private TelegramSink sink(String chatId, String basePath) {
      return new TelegramSink(
          new SinkConfig.Telegram("tg", server.url(basePath).uri(), TOKEN, chatId, POLICY),
          base,
          CLOCK);
    }

    private static MockResponse answer(int status, String json) {
      return new MockResponse()
          .setResponseCode(status)
          .setHeader("Content-Type", "application/json")
          .setBody(json);
    }

    @Test
    void sends_an_html_message_to_the_bots_send_message() throws Exception {
      server.enqueue(answer(200, "{\"ok\":true,\"result\":{\"message_id\":7}}"));

      assertThat(sink("-1001234567890", "/").deliver(Events.opened(1)))
          .isEqualTo(DeliveryOutcome.delivered());

      RecordedRequest request = taken();
      assertThat(request.getMethod()).isEqualTo("POST");
      assertThat(request.getPath()).isEqualTo("/bot" + TOKEN + "/sendMessage");
      assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
      JsonNode body = json(request);
      assertThat(iterable(body.fieldNames())).containsExactly("chat_id", "text", "parse_mode");
      assertThat(body.get("chat_id").isIntegralNumber()).isTrue();
      assertThat(body.get("chat_id").asLong()).isEqualTo(-1001234567890L);
      assertThat(body.get("parse_mode").asText()).isEqualTo("HTML");
      assertThat(body.get("text").asText())
          .isEqualTo(
              "\ud83d\udd34 <b>CRITICAL opened</b>: oracle.drift on feed:eth-usd\n"
                  + Events.DRIFT.message()
                  + "\nvalue 62 vs threshold 50\n<b>Action:</b> "
                  + Events.DRIFT.action());
    }

    @Test
    void a_channel_name_goes_as_a_string_and_a_base_path_is_kept() throws Exception {
      server.enqueue(answer(200, "{\"ok\":true,\"result\":{}}"));

      sink("@hedge_alerts", "/proxy/telegram/").deliver(Events.opened(1));

      RecordedRequest request = taken();
      assertThat(request.getPath()).isEqualTo("/proxy/telegram/bot" + TOKEN + "/sendMessage");
      assertThat(json(request).get("chat_id").asText()).isEqualTo("@hedge_alerts");
    }

    @Test
    void escapes_the_alerts_words_for_html() throws Exception {
      server.enqueue(answer(200, "{\"ok\":true,\"result\":{}}"));

      sink("42", "/").deliver(Events.of(1, AlertEvent.Type.OPENED, NASTY, null));

      assertThat(json(taken()).get("text").asText())
          .contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;")
          .doesNotContain("<!channel>");
    }

    @Test
    void flood_control_is_retried_after_telegrams_retry_after() {
      server.enqueue(
          answer(
              429,
              "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 17\","
                  + "\"parameters\":{\"retry_after\":17}}"));

      DeliveryOutcome.Retry retry = retry(sink("42", "/").deliver(Events.opened(1)));

      assertThat(retry.retryAfter()).contains(Duration.ofSeconds(17));
      assertThat(retry.reason()).contains("Telegram error 429: Too Many Requests");
    }

    @Test
    void refusals_are_rejected_and_never_show_the_token() {
      server.enqueue(
          answer(
              400,
              "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}"));
      server.enqueue(
          answer(401, "{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}"));
      server.enqueue(
          answer(
              403,
              "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user "
                  + TOKEN
                  + "\"}"));

      assertThat(rejected(sink("42", "/").deliver(Events.opened(1))).reason())
          .isEqualTo(
              "HTTP 400 from "
                  + server.getHostName()
                  + ": Telegram error 400: Bad Request: chat not found");
      assertThat(rejected(sink("42", "/").deliver(Events.opened(1))).reason())
          .contains("Unauthorized");
      assertThat(rejected(sink("42", "/").deliver(Events.opened(1))).reason())
          .contains("bot was blocked")
          .doesNotContain(TOKEN)
          .doesNotContain("secret_token");
    }

    @Test
    void outages_and_replies_that_are_not_telegrams_are_retried() {
      server.enqueue(answer(502, "<html>Bad Gateway</html>"));
      server.enqueue(
          new MockResponse().setResponseCode(200).setBody("<html>captive portal</html>"));
      server.enqueue(
          answer(
              500, "{\"ok\":false,\"error_code\":500,\"description\":\"Internal Server Error\"}"));

      assertThat(retry(sink("42", "/").deliver(Events.opened(1))).reason()).contains("HTTP 502");
      assertThat(retry(sink("42", "/").deliver(Events.opened(1))).reason())
          .contains("not a Telegram Bot API reply");
      assertThat(retry(sink("42", "/").deliver(Events.opened(1))).reason())
          .contains("Internal Server Error");
    }

    @Test
    void a_refused_connection_names_the_host_but_not_the_token() throws Exception {
      server.shutdown();

      String reason = retry(sink("42", "/").deliver(Events.opened(1))).reason();

      assertThat(reason).contains(server.getHostName()).doesNotContain("secret_token");
    }
  }

  static List<String> iterable(java.util.Iterator<String> names) {
    List<String> all = new java.util.ArrayList<>();
    names.forEachRemaining(all::add);
    return all;
  }
}
