package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code alerts} and {@code api} sections: every key, its default and each problem. */
class AlertsApiConfigTest {

  private static final String SOURCE = "test.yaml";

  private static final DeliveryPolicy DEFAULT_DELIVERY = DeliveryPolicy.ofDefaults();

  private static LoadResult parse(String yaml, Map<String, String> env) {
    return ConfigLoader.parse(yaml, Path.of(SOURCE), env);
  }

  private static HedgewatchConfig loaded(String yaml) {
    return loaded(yaml, Map.of());
  }

  private static HedgewatchConfig loaded(String yaml, Map<String, String> env) {
    LoadResult result = parse(yaml, env);
    assertThat(result).as("problems: %s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  private static List<ConfigProblem> problems(String yaml, Map<String, String> env) {
    LoadResult result = parse(yaml, env);
    assertThat(result).isInstanceOf(LoadResult.Invalid.class);
    return ((LoadResult.Invalid) result).problems();
  }

  private static ConfigProblem problem(String yaml) {
    return problem(yaml, Map.of());
  }

  private static ConfigProblem problem(String yaml, Map<String, String> env) {
    List<ConfigProblem> problems = problems(yaml, env);
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  private static List<SinkConfig> sinks(String sinks) {
    return sinks(sinks, Map.of());
  }

  private static List<SinkConfig> sinks(String sinks, Map<String, String> env) {
    return loaded("alerts:\n  sinks:\n" + sinks, env).alerts().sinks();
  }

  /** The one problem of an {@code alerts.sinks} list. */
  private static ConfigProblem sinkProblem(String sinks) {
    return sinkProblem(sinks, Map.of());
  }

  private static ConfigProblem sinkProblem(String sinks, Map<String, String> env) {
    return problem("alerts:\n  sinks:\n" + sinks, env);
  }

  private static Path inWorkingDirectory(String file) {
    return Path.of(file).toAbsolutePath().normalize();
  }

  @Nested
  class Alerts {

    @Test
    void without_the_section_events_go_to_stdout_every_30_minutes() {
      AlertsConfig alerts = loaded("storage: {}\n").alerts();

      assertThat(alerts).isEqualTo(AlertsConfig.ofDefaults());
      assertThat(alerts.repeatAfter()).isEqualTo(Duration.ofMinutes(30));
      assertThat(alerts.sinks()).containsExactly(new SinkConfig.Stdout("stdout", DEFAULT_DELIVERY));
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {"alerts:", "alerts: {}", "'alerts: { repeatAfter: 30m }'", "'alerts: { sinks: }'"})
    void an_empty_section_or_no_sinks_key_keeps_the_defaults(String yaml) {
      assertThat(loaded(yaml + "\n").alerts()).isEqualTo(AlertsConfig.ofDefaults());
    }

    @Test
    void reads_repeat_after() {
      assertThat(loaded("alerts: { repeatAfter: 1h30m }\n").alerts().repeatAfter())
          .isEqualTo(Duration.ofMinutes(90));
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        value = {
          "0s | '0s' is zero; expected a duration above zero, e.g. 30s",
          "-5m | '-5m' is negative; expected " + ConfigValues.DURATION_FORMS,
          "often | 'often' is not a duration: unexpected 'often'; expected "
              + ConfigValues.DURATION_FORMS,
        })
    void repeat_after_must_be_a_duration_above_zero(String value, String message) {
      assertThat(problem("alerts: { repeatAfter: " + value + " }\n"))
          .isEqualTo(new ConfigProblem("alerts.repeatAfter", message));
    }

    @Test
    void an_empty_list_of_sinks_is_allowed() {
      assertThat(loaded("alerts: { sinks: [] }\n").alerts().sinks()).isEmpty();
    }

    @Test
    void the_section_must_be_a_mapping_and_sinks_a_list() {
      assertThat(problem("alerts: [stdout]\n"))
          .isEqualTo(
              new ConfigProblem(
                  "alerts",
                  "expected alert settings, e.g. { repeatAfter: 30m, sinks: [...] }, got a list"));
      assertThat(problem("alerts: { sinks: { type: stdout } }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks",
                  "expected a list of sinks, e.g. [{ type: stdout }, { type: jsonl, path:"
                      + " alerts.jsonl }], got a mapping"));
    }

    @Test
    void an_unknown_key_names_the_nearest() {
      assertThat(problem("alerts: { repeatAftr: 5m }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.repeatAftr", "unknown key 'repeatAftr'; did you mean 'repeatAfter'?"));
    }
  }

  @Nested
  class Sinks {

    @Test
    void reads_every_type_with_its_keys_and_default_delivery() {
      List<SinkConfig> sinks =
          sinks(
              """
                  - { type: stdout }
                  - { type: jsonl, path: alerts.jsonl }
                  - { type: webhook, url: "https://bot.example/hook", secret: "${SECRET}" }
                  - { type: slack, url: "${SLACK_WEBHOOK_URL}" }
                  - { type: discord, url: "https://discord.com/api/webhooks/1/abc" }
                  - { type: telegram, botToken: "${TELEGRAM_BOT_TOKEN}", chatId: -1001234567890 }
              """,
              Map.of(
                  "SECRET", "s3cret-value",
                  "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/xyz",
                  "TELEGRAM_BOT_TOKEN", "123456:ABC-def_ghi"));

      assertThat(sinks)
          .containsExactly(
              new SinkConfig.Stdout("stdout", DEFAULT_DELIVERY),
              new SinkConfig.Jsonl("jsonl", inWorkingDirectory("alerts.jsonl"), DEFAULT_DELIVERY),
              new SinkConfig.Webhook(
                  "webhook",
                  URI.create("https://bot.example/hook"),
                  "s3cret-value",
                  DEFAULT_DELIVERY),
              new SinkConfig.Slack(
                  "slack",
                  URI.create("https://hooks.slack.com/services/T0/B0/xyz"),
                  DEFAULT_DELIVERY),
              new SinkConfig.Discord(
                  "discord",
                  URI.create("https://discord.com/api/webhooks/1/abc"),
                  DEFAULT_DELIVERY),
              new SinkConfig.Telegram(
                  "telegram",
                  SinkConfig.Telegram.DEFAULT_BASE_URL,
                  "123456:ABC-def_ghi",
                  "-1001234567890",
                  DEFAULT_DELIVERY));
      assertThat(sinks)
          .extracting(SinkConfig::type)
          .containsExactlyElementsOf(ConfigLoader.SINK_TYPES);
    }

    @Test
    void telegram_takes_a_base_url_and_a_channel_name() {
      SinkConfig.Telegram telegram =
          (SinkConfig.Telegram)
              sinks(
                      """
                          - { type: telegram, botToken: "1:x", chatId: "@hedge_alerts", baseUrl: "http://127.0.0.1:9999" }
                      """)
                  .get(0);
      assertThat(telegram.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:9999"));
      assertThat(telegram.chatId()).isEqualTo("@hedge_alerts");
    }

    @Test
    void every_sink_takes_the_delivery_keys() {
      List<SinkConfig> sinks =
          sinks(
              """
                  - { type: stdout, timeout: 2s, maxAttempts: 1 }
                  - { type: slack, url: "https://hooks.slack.com/x", timeout: 5s, maxAttempts: 20, initialBackoff: 500ms, maxBackoff: 1h }
                  - { type: jsonl, path: a.jsonl, initialBackoff: 5m }
              """);

      assertThat(sinks.get(0).delivery())
          .isEqualTo(
              new DeliveryPolicy(
                  Duration.ofSeconds(2),
                  1,
                  DeliveryPolicy.DEFAULT_INITIAL_BACKOFF,
                  DeliveryPolicy.DEFAULT_MAX_BACKOFF));
      assertThat(sinks.get(1).delivery())
          .isEqualTo(
              new DeliveryPolicy(
                  Duration.ofSeconds(5), 20, Duration.ofMillis(500), Duration.ofHours(1)));
      assertThat(sinks.get(2).delivery().initialBackoff()).isEqualTo(Duration.ofMinutes(5));
      assertThat(sinks.get(2).delivery().maxBackoff()).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        value = {
          "timeout: 0s | timeout | '0s' is zero; expected a duration above zero, e.g. 30s",
          "maxAttempts: 0 | maxAttempts | '0' is too few: expected at least 1 attempt before a"
              + " delivery is given up",
          "maxAttempts: -1 | maxAttempts | '-1' is negative; expected a whole number, 0 or more",
          "initialBackoff: 0 | initialBackoff | '0' is zero; expected a duration above zero, e.g. 30s",
          "maxBackoff: 500ms | maxBackoff | maxBackoff (500ms) is below initialBackoff (1s, the"
              + " default): the wait between attempts grows from initialBackoff up to maxBackoff",
          "initialBackoff: 10m | initialBackoff | maxBackoff (5m, the default) is below"
              + " initialBackoff (10m): the wait between attempts grows from initialBackoff up to"
              + " maxBackoff",
          "initialBackoff: 2m, maxBackoff: 1m | maxBackoff | maxBackoff (1m) is below"
              + " initialBackoff (2m): the wait between attempts grows from initialBackoff up to"
              + " maxBackoff",
        })
    void delivery_keys_are_checked(String keys, String key, String message) {
      assertThat(sinkProblem("    - { type: stdout, " + keys + " }\n"))
          .isEqualTo(new ConfigProblem("alerts.sinks[0]." + key, message));
    }

    @Test
    void a_sink_is_named_after_its_type_or_by_its_name() {
      assertThat(
              sinks(
                  """
                      - { type: stdout, name: console }
                      - { type: jsonl, path: a.jsonl }
                  """))
          .extracting(SinkConfig::name)
          .containsExactly("console", "jsonl");
    }

    @Test
    void a_type_that_appears_twice_numbers_its_sinks_by_position_among_that_type() {
      assertThat(
              sinks(
                  """
                      - { type: webhook, url: "https://a.example/h", secret: s1 }
                      - { type: stdout }
                      - { type: webhook, url: "https://b.example/h", secret: s2, name: ops }
                      - { type: webhook, url: "https://c.example/h", secret: s3 }
                  """))
          .extracting(SinkConfig::name)
          .containsExactly("webhook-1", "stdout", "ops", "webhook-3");
    }

    @Test
    void two_sinks_with_one_name_are_an_error_naming_both() {
      assertThat(
              sinkProblem(
                  """
                      - { type: stdout, name: main }
                      - { type: jsonl, path: a.jsonl, name: main }
                  """))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[1].name",
                  "two sinks are named 'main': this one and alerts.sinks[0]; give one of them"
                      + " another name (name: ...), which stays the same across restarts"));
    }

    @Test
    void a_name_that_takes_a_derived_one_is_an_error_naming_both() {
      assertThat(
              sinkProblem(
                  """
                      - { type: jsonl, path: a.jsonl, name: stdout }
                      - { type: stdout }
                  """))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[1]",
                  "two sinks are named 'stdout': this one (named after its type) and"
                      + " alerts.sinks[0]; give one of them another name (name: ...), which stays"
                      + " the same across restarts"));
      assertThat(
              sinkProblem(
                  """
                      - { type: stdout }
                      - { type: stdout }
                      - { type: jsonl, path: a.jsonl, name: stdout-2 }
                  """))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[2].name",
                  "two sinks are named 'stdout-2': this one and alerts.sinks[1] (named after its"
                      + " type); give one of them another name (name: ...), which stays the same"
                      + " across restarts"));
    }

    @Test
    void a_name_must_be_an_id() {
      assertThat(sinkProblem("    - { type: stdout, name: My Sink }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[0].name",
                  "'My Sink' is not a valid sink name: use lower-case letters, digits, '.', '_'"
                      + " and '-', starting with a letter or digit"));
    }

    @Test
    void the_type_is_required_and_must_be_known() {
      assertThat(sinkProblem("    - { name: x }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[0].type",
                  "type is required: one of stdout, jsonl, webhook, slack, discord, telegram"));
      assertThat(sinkProblem("    - { type: slak, url: \"https://hooks.slack.com/x\" }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[0].type", "'slak' is not a sink type; did you mean 'slack'?"));
      assertThat(sinkProblem("    - { typ: stdout }\n"))
          .isEqualTo(
              new ConfigProblem("alerts.sinks[0].typ", "unknown key 'typ'; did you mean 'type'?"));
    }

    @Test
    void a_key_of_another_type_is_named_as_such() {
      assertThat(
              sinkProblem(
                  "    - { type: slack, url: \"https://hooks.slack.com/x\", secret: abc }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[0].secret",
                  "secret applies only to webhook sinks; this sink's type is slack"));
      assertThat(sinkProblem("    - { type: jsonl, path: a.jsonl, url: \"https://x.example\" }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[0].url",
                  "url applies only to webhook, slack and discord sinks; this sink's type is"
                      + " jsonl"));
    }

    @Test
    void an_unknown_key_names_the_nearest_key_of_its_type() {
      assertThat(sinkProblem("    - { type: stdout, maxAttempt: 3 }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[0].maxAttempt",
                  "unknown key 'maxAttempt'; did you mean 'maxAttempts'?"));
    }

    @Test
    void each_required_key_is_named_with_its_path() {
      List<ConfigProblem> problems =
          problems(
              """
              alerts:
                sinks:
                  - { type: jsonl }
                  - { type: webhook }
                  - { type: slack }
                  - { type: discord }
                  - { type: telegram }
              """,
              Map.of());
      assertThat(problems)
          .extracting(ConfigProblem::path, ConfigProblem::message)
          .containsExactly(
              tuple(
                  "alerts.sinks[0].path",
                  "path is required: the file to append events to, e.g. alerts.jsonl (relative to"
                      + " the working directory)"),
              tuple("alerts.sinks[1].url", "url is required: the receiver's http(s) URL"),
              tuple(
                  "alerts.sinks[1].secret",
                  "secret is required: the secret the receiver checks each delivery's signature"
                      + " with (unsigned webhooks are not offered)"),
              tuple(
                  "alerts.sinks[2].url",
                  "url is required: the Slack incoming webhook's URL, e.g."
                      + " \"${SLACK_WEBHOOK_URL}\""),
              tuple(
                  "alerts.sinks[3].url",
                  "url is required: the Discord channel webhook's URL, e.g."
                      + " \"${DISCORD_WEBHOOK_URL}\""),
              tuple(
                  "alerts.sinks[4].botToken",
                  "botToken is required: the bot's token, as @BotFather gives it"),
              tuple(
                  "alerts.sinks[4].chatId",
                  "chatId is required: the chat to post to: its numeric id (-100... for a"
                      + " channel) or @channelname"));
    }

    @Test
    void entries_must_be_mappings_and_a_bare_value_is_not_shown() {
      List<ConfigProblem> problems =
          problems(
              """
              alerts:
                sinks:
                  - "https://hooks.slack.com/services/T0/B0/TOPSECRET"
                  -
              """,
              Map.of());
      assertThat(problems)
          .containsExactly(
              new ConfigProblem(
                  "alerts.sinks[0]",
                  "expected a sink, a mapping such as { type: slack, url:"
                      + " \"${SLACK_WEBHOOK_URL}\" }, got a single value"),
              new ConfigProblem(
                  "alerts.sinks[1]", "empty entry: expected a sink such as { type: stdout }"));
    }

    @Test
    void problems_of_several_sinks_all_show_in_file_order() {
      List<ConfigProblem> problems =
          problems(
              """
              alerts:
                repeatAfter: 0
                sinks:
                  - { type: stdout, timeout: soon }
                  - { type: nope, url: "ftp://x.example/a" }
                  - { type: jsonl, path: "" }
              """,
              Map.of());
      assertThat(problems)
          .extracting(ConfigProblem::path)
          .containsExactly(
              "alerts.repeatAfter",
              "alerts.sinks[0].timeout",
              "alerts.sinks[1].type",
              "alerts.sinks[1].url",
              "alerts.sinks[2].path");
    }
  }

  @Nested
  class Urls {

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        value = {
          "ftp://hooks.slack.com/services/T0/B0/TOPSECRET | 'ftp://hooks.slack.com/***' is not a"
              + " usable URL: the scheme must be one of http, https, got ftp",
          "hooks.slack.com/services/T0/B0/TOPSECRET | '***' is not a usable URL: the scheme must"
              + " be one of http, https",
          "https:///services/TOPSECRET | '***' is not a usable URL: it has no host",
        })
    void a_url_must_be_absolute_http_and_is_shown_without_its_path(String url, String message) {
      for (String type : List.of("slack", "discord")) {
        ConfigProblem p = sinkProblem("    - { type: " + type + ", url: \"" + url + "\" }\n");
        assertThat(p).isEqualTo(new ConfigProblem("alerts.sinks[0].url", message));
      }
      ConfigProblem webhook =
          sinkProblem("    - { type: webhook, url: \"" + url + "\", secret: s }\n");
      assertThat(webhook.message()).isEqualTo(message).doesNotContain("TOPSECRET");
    }

    @Test
    void a_url_from_the_environment_is_masked_the_same_way() {
      ConfigProblem p =
          sinkProblem(
              "    - { type: slack, url: \"${SLACK_WEBHOOK_URL}\" }\n",
              Map.of("SLACK_WEBHOOK_URL", "http//hooks.slack.com/services/T0/B0/TOPSECRET"));
      assertThat(p.path()).isEqualTo("alerts.sinks[0].url");
      assertThat(p.message()).doesNotContain("TOPSECRET").startsWith("'***' is not a usable URL");
    }

    @Test
    void an_unset_url_variable_is_named() {
      assertThat(sinkProblem("    - { type: discord, url: \"${DISCORD_WEBHOOK_URL}\" }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[0].url",
                  "environment variable DISCORD_WEBHOOK_URL is not set (set it, or give a"
                      + " default: ${DISCORD_WEBHOOK_URL:-value})"));
    }

    @Test
    void the_records_do_not_print_tokenised_urls_or_secrets() {
      List<SinkConfig> sinks =
          sinks(
              """
                  - { type: webhook, url: "https://bot.example:8443/hook?token=TOPSECRET1", secret: TOPSECRET2 }
                  - { type: slack, url: "https://hooks.slack.com/services/T0/B0/TOPSECRET3" }
                  - { type: discord, url: "https://discord.com/api/webhooks/1/TOPSECRET4" }
                  - { type: telegram, botToken: "1:TOPSECRET5", chatId: 42 }
              """);
      String printed = sinks.toString() + new AlertsConfig(Duration.ofMinutes(1), sinks);

      assertThat(printed).doesNotContain("TOPSECRET");
      assertThat(sinks.get(0).toString())
          .isEqualTo(
              "Webhook[name=webhook, url=https://bot.example:8443/***, secret=***, delivery="
                  + DEFAULT_DELIVERY
                  + "]");
      assertThat(sinks.get(1).toString()).contains("hooks.slack.com/***");
      assertThat(sinks.get(3).toString()).contains("botToken=***").contains("chatId=42");
    }
  }

  @Nested
  class Secrets {

    private static final String WEBHOOK =
        "    - { type: webhook, url: \"https://bot.example/hook\", secret: \"SECRET\" }\n";

    private ConfigProblem secretProblem(String secret, Map<String, String> env) {
      ConfigProblem p = sinkProblem(WEBHOOK.replace("SECRET", secret), env);
      assertThat(p.path()).isEqualTo("alerts.sinks[0].secret");
      return p;
    }

    @Test
    void an_unset_secret_variable_is_named_with_what_to_set() {
      assertThat(secretProblem("${HEDGEWATCH_WEBHOOK_SECRET}", Map.of()).message())
          .isEqualTo(
              "environment variable HEDGEWATCH_WEBHOOK_SECRET is not set: set it to the secret"
                  + " the receiver checks each delivery's signature with (unsigned webhooks are"
                  + " not offered)");
    }

    @Test
    void an_empty_secret_is_refused_naming_its_variable() {
      assertThat(
              secretProblem("${HEDGEWATCH_WEBHOOK_SECRET}", Map.of("HEDGEWATCH_WEBHOOK_SECRET", ""))
                  .message())
          .isEqualTo(
              "secret is empty: environment variable HEDGEWATCH_WEBHOOK_SECRET is empty; set it"
                  + " to the secret the receiver checks each delivery's signature with (unsigned"
                  + " webhooks are not offered)");
      assertThat(secretProblem("${HEDGEWATCH_WEBHOOK_SECRET:-}", Map.of()).message())
          .startsWith(
              "secret is empty: environment variable HEDGEWATCH_WEBHOOK_SECRET is unset or"
                  + " empty;");
      assertThat(secretProblem("", Map.of()).message())
          .startsWith("secret is empty: the value is empty; set it to the secret");
      assertThat(secretProblem("${A}${B}", Map.of("A", " ", "B", "")).message())
          .startsWith("secret is empty: environment variables A, B give an empty value;");
    }

    @Test
    void a_malformed_secret_is_not_quoted() {
      String message = secretProblem("TOPSECRET${", Map.of()).message();
      assertThat(message)
          .doesNotContain("TOPSECRET")
          .isEqualTo("'***' has an unterminated ${ (write ${NAME} or ${NAME:-default})");
    }

    @Test
    void a_secret_from_the_environment_is_read() {
      SinkConfig.Webhook webhook =
          (SinkConfig.Webhook)
              sinks(WEBHOOK.replace("SECRET", "${S}"), Map.of("S", "from-env")).get(0);
      assertThat(webhook.secret()).isEqualTo("from-env");
    }

    @Test
    void a_malformed_telegram_token_is_refused_without_showing_it() {
      ConfigProblem p =
          sinkProblem(
              "    - { type: telegram, botToken: \"${T}\", chatId: 1 }\n",
              Map.of("T", "TOPSECRET/../x"));
      assertThat(p)
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[0].botToken",
                  "botToken is not a Telegram bot token (value not shown): expected the bot's id,"
                      + " ':' and letters, digits, '_' or '-', as @BotFather gives it"));
    }

    @ParameterizedTest
    @CsvSource({"'my chat'", "'@abc'", "'12a'"})
    void a_telegram_chat_that_is_neither_a_number_nor_a_channel_name_is_refused(String chatId) {
      assertThat(
              sinkProblem(
                  "    - { type: telegram, botToken: \"1:x\", chatId: \"" + chatId + "\" }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[0].chatId",
                  "'"
                      + chatId
                      + "' is not a Telegram chat: expected its numeric id (-100... for a channel"
                      + " or supergroup) or a public channel's @username"));
    }
  }

  @Nested
  class JsonlPath {

    @Test
    void a_relative_path_is_resolved_against_the_working_directory() {
      SinkConfig.Jsonl jsonl =
          (SinkConfig.Jsonl) sinks("    - { type: jsonl, path: logs/../events.jsonl }\n").get(0);
      assertThat(jsonl.path())
          .isEqualTo(Path.of("").toAbsolutePath().resolve("events.jsonl"))
          .isAbsolute();
    }

    @Test
    void an_absolute_path_is_kept(@TempDir Path dir) {
      Path file = dir.resolve("alerts.jsonl");
      SinkConfig.Jsonl jsonl =
          (SinkConfig.Jsonl) sinks("    - { type: jsonl, path: \"" + file + "\" }\n").get(0);
      assertThat(jsonl.path()).isEqualTo(file);
    }

    @Test
    void a_directory_is_refused(@TempDir Path dir) throws IOException {
      Path sub = Files.createDirectory(dir.resolve("out"));
      assertThat(sinkProblem("    - { type: jsonl, path: \"" + sub + "\" }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[0].path",
                  "'"
                      + sub
                      + "' is a directory; expected the file to append events to, e.g. "
                      + sub.resolve("alerts.jsonl")));
    }

    @Test
    void an_empty_path_is_refused() {
      assertThat(sinkProblem("    - { type: jsonl, path: \"${LOG_FILE:-}\" }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "alerts.sinks[0].path",
                  "empty value; expected a file path such as alerts.jsonl (relative to the"
                      + " working directory)"));
    }
  }

  @Nested
  class Api {

    @Test
    void without_the_section_it_binds_loopback_8787_without_a_token() {
      assertThat(loaded("storage: {}\n").api())
          .isEqualTo(new ApiConfig("127.0.0.1", 8787, Optional.empty()));
      assertThat(loaded("api: {}\n").api()).isEqualTo(ApiConfig.ofDefaults());
      assertThat(loaded("api:\n").api()).isEqualTo(ApiConfig.ofDefaults());
    }

    @ParameterizedTest
    @CsvSource({
      "127.0.0.1:8787, 127.0.0.1, 8787",
      "127.0.0.1:0, 127.0.0.1, 0",
      "127.10.0.3:65535, 127.10.0.3, 65535",
      "localhost:9000, localhost, 9000",
      "LocalHost:9000, localhost, 9000",
      "[::1]:8787, ::1, 8787",
      "[0:0:0:0:0:0:0:1]:0, 0:0:0:0:0:0:0:1, 0",
    })
    void binds_loopback_addresses_without_a_token(String bind, String host, int port) {
      ApiConfig api = loaded("api: { bind: \"" + bind + "\" }\n").api();
      assertThat(api).isEqualTo(new ApiConfig(host, port, Optional.empty()));
      assertThat(api.loopback()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
      "0.0.0.0:8787, 0.0.0.0, 8787",
      "192.168.1.20:80, 192.168.1.20, 80",
      "[::]:8787, ::, 8787",
      "[2001:DB8::1]:443, 2001:db8::1, 443",
    })
    void binds_other_addresses_with_a_token(String bind, String host, int port) {
      ApiConfig api =
          loaded(
                  "api: { bind: \"" + bind + "\", token: \"${HEDGEWATCH_API_TOKEN}\" }\n",
                  Map.of("HEDGEWATCH_API_TOKEN", "TOPSECRET-token"))
              .api();
      assertThat(api).isEqualTo(new ApiConfig(host, port, Optional.of("TOPSECRET-token")));
      assertThat(api.loopback()).isFalse();
      assertThat(api.toString()).doesNotContain("TOPSECRET").contains("token=***");
    }

    @ParameterizedTest
    @CsvSource({"0.0.0.0:8787", "'[::]:9'", "10.0.0.1:8787"})
    void refuses_an_address_reachable_from_other_machines_without_a_token(String bind) {
      ConfigProblem p = problem("api: { bind: \"" + bind + "\" }\n");
      assertThat(p.path()).isEqualTo("api.bind");
      assertThat(p.message())
          .isEqualTo(
              "'"
                  + bind
                  + "' is reachable from other machines: set api.token (e.g. token:"
                  + " \"${HEDGEWATCH_API_TOKEN}\") so that only its holders can acknowledge"
                  + " alerts, or bind to loopback (127.0.0.1:"
                  + bind.substring(bind.lastIndexOf(':') + 1)
                  + ")");
    }

    @Test
    void reads_the_bind_from_the_environment() {
      assertThat(
              loaded("api: { bind: \"${BIND:-127.0.0.1:8787}\" }\n", Map.of("BIND", "[::1]:1"))
                  .api())
          .isEqualTo(new ApiConfig("::1", 1, Optional.empty()));
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        quoteCharacter = '"',
        value = {
          "127.0.0.1 | '127.0.0.1' has no port; BIND, e.g. 127.0.0.1:8787",
          "127.0.0.1:65536 | '127.0.0.1:65536': '65536' is not a port; expected 0 to 65535 (0:"
              + " any free port)",
          "127.0.0.1:http | '127.0.0.1:http': 'http' is not a port; expected 0 to 65535 (0: any"
              + " free port)",
          "127.0.0.1: | '127.0.0.1:': '' is not a port; expected 0 to 65535 (0: any free port)",
          "::1:8787 | '::1:8787': an IPv6 address goes in brackets, e.g. [::1]:8787; BIND",
          "[::1]8787 | '[::1]8787' has no port; BIND, e.g. [::1]:8787",
          "[::1:8787 | '[::1:8787' has no closing ']'; BIND",
          "[zz::1]:80 | '[zz::1]:80': 'zz::1' is not an IPv6 address; BIND",
          "[127.0.0.1]:80 | '[127.0.0.1]:80': '127.0.0.1' is not an IPv6 address; BIND",
          ":8787 | ':8787' has no host (write 0.0.0.0:8787 for every interface); BIND",
          "256.1.1.1:80 | '256.1.1.1:80': '256.1.1.1' is not an IP address or localhost (host"
              + " names are not resolved); BIND",
          "monitor.internal:80 | 'monitor.internal:80': 'monitor.internal' is not an IP address"
              + " or localhost (host names are not resolved); BIND",
        })
    void refuses_a_malformed_bind(String bind, String message) {
      assertThat(problem("api: { bind: \"" + bind + "\" }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "api.bind",
                  message.replace(
                      "BIND",
                      "expected HOST:PORT, HOST being an IPv4 address (127.0.0.1; 0.0.0.0 for"
                          + " every interface), an IPv6 address in brackets ([::1]) or"
                          + " localhost, and PORT 0 to 65535 (0: any free port)")));
    }

    @Test
    void a_loopback_bind_takes_a_token_too() {
      assertThat(loaded("api: { token: abc123 }\n").api())
          .isEqualTo(new ApiConfig("127.0.0.1", 8787, Optional.of("abc123")));
    }

    @Test
    void an_explicitly_empty_token_is_refused_naming_its_variable() {
      assertThat(
              problem(
                  "api: { token: \"${HEDGEWATCH_API_TOKEN}\" }\n",
                  Map.of("HEDGEWATCH_API_TOKEN", "")))
          .isEqualTo(
              new ConfigProblem(
                  "api.token",
                  "token is empty: environment variable HEDGEWATCH_API_TOKEN is empty; set it to"
                      + " the bearer token that POST /api/v1/alerts/{id}/ack requires (remove the"
                      + " key to refuse acknowledgements)"));
      assertThat(problem("api: { token: \"\" }\n").message())
          .startsWith("token is empty: the value is empty;");
    }

    @Test
    void an_unset_token_variable_is_named_and_the_bind_not_judged_twice() {
      assertThat(problem("api: { bind: \"0.0.0.0:1\", token: \"${HEDGEWATCH_API_TOKEN}\" }\n"))
          .isEqualTo(
              new ConfigProblem(
                  "api.token",
                  "environment variable HEDGEWATCH_API_TOKEN is not set: set it to the bearer"
                      + " token that POST /api/v1/alerts/{id}/ack requires (remove the key to"
                      + " refuse acknowledgements)"));
    }

    @Test
    void a_token_that_cannot_travel_in_a_header_is_refused_without_showing_it() {
      ConfigProblem p = problem("api: { token: \"TOP SECRET\" }\n");
      assertThat(p.path()).isEqualTo("api.token");
      assertThat(p.message())
          .doesNotContain("SECRET")
          .isEqualTo(
              "token holds a space, a control or a non-ASCII character (value not shown): a"
                  + " bearer token is sent in an HTTP header; use letters, digits and"
                  + " punctuation");
    }

    @Test
    void unknown_keys_name_the_nearest() {
      assertThat(problem("api: { bnid: \"127.0.0.1:1\" }\n"))
          .isEqualTo(new ConfigProblem("api.bnid", "unknown key 'bnid'; did you mean 'bind'?"));
      assertThat(problem("api: \"127.0.0.1:8787\"\n").message())
          .isEqualTo(
              "expected API settings, e.g. { bind: \"127.0.0.1:8787\", token:"
                  + " \"${HEDGEWATCH_API_TOKEN}\" }, got '127.0.0.1:8787'");
    }

    @Test
    void the_loaded_config_prints_no_secret() {
      HedgewatchConfig config =
          loaded(
              """
              alerts:
                sinks:
                  - { type: webhook, url: "https://bot.example/h/TOPSECRET1", secret: "${W}" }
                  - { type: telegram, botToken: "9:TOPSECRET2", chatId: 1 }
              api: { bind: "0.0.0.0:8787", token: "${T}" }
              """,
              Map.of("W", "TOPSECRET3", "T", "TOPSECRET4"));
      assertThat(config.toString()).doesNotContain("TOPSECRET");
    }
  }
}
