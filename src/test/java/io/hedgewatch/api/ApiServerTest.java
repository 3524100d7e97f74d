package io.hedgewatch.api;

import static io.hedgewatch.api.ApiFixtures.BLIND;
import static io.hedgewatch.api.ApiFixtures.NOW;
import static io.hedgewatch.api.ApiFixtures.STALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.alert.Acknowledgement;
import io.hedgewatch.alert.AlertId;
import io.hedgewatch.alert.AlertState;
import io.hedgewatch.config.ApiConfig;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.monitor.CheckJson;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.store.Delivery;
import io.hedgewatch.store.OutboxStats;
import io.hedgewatch.store.StoredEvent;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API on a real server on loopback, read with a real HTTP client, over a fake monitor. */
class ApiServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "s3cret-token-for-tests";
  private static final Instant CLOCK_NOW = NOW.plusSeconds(300);
  private static final ApiServer.Settings SETTINGS =
      new ApiServer.Settings(
          Duration.ofSeconds(15), 500, 100, 4, Clock.fixed(CLOCK_NOW, ZoneOffset.UTC));

  private final FakeMonitorView view = new FakeMonitorView(NOW.minusSeconds(3600));
  private final OkHttpClient http = new OkHttpClient();
  private ApiServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  private void start(Optional<String> token) {
    server =
        ApiServer.start(
            new ApiConfig("127.0.0.1", 0, token),
            view,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            SETTINGS);
  }

  private String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  private record Reply(int code, String contentType, String body, Response raw) {
    JsonNode json() throws Exception {
      assertThat(contentType).as("content type of %s", body).startsWith("application/json");
      return JSON.readTree(body);
    }
  }

  private Reply call(Request request) throws Exception {
    try (Response response = http.newCall(request).execute()) {
      return new Reply(
          response.code(), response.header("Content-Type", ""), response.body().string(), response);
    }
  }

  private Reply get(String path) throws Exception {
    return call(new Request.Builder().url(url(path)).build());
  }

  private Reply ack(String id, String authorization, String body) throws Exception {
    Request.Builder request =
        new Request.Builder()
            .url(url("/api/v1/alerts/" + id + "/ack"))
            .post(RequestBody.create(body, MediaType.get("application/json")));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return call(request.build());
  }

  private void withAlerts() {
    view.alerts =
        new AlertState(
            List.of(
                ApiFixtures.open(STALE, NOW.minusSeconds(600), null),
                ApiFixtures.open(
                    new Alert(
                        "position.liquidation",
                        Severity.CRITICAL,
                        "position:hand-short",
                        "3 % from liquidation",
                        3.0,
                        5.0,
                        "add margin"),
                    NOW.minusSeconds(120),
                    new Acknowledgement("alice", NOW.minusSeconds(60), Severity.CRITICAL)),
                ApiFixtures.pending(BLIND)));
  }

  @Test
  void status_before_the_first_cycle_is_unknown_with_the_monitor_facts() throws Exception {
    start(Optional.empty());
    view.lastSuccessfulCycle = Map.of("arbitrum", Optional.empty());
    view.outbox =
        List.of(new OutboxStats("ops-webhook", 2, 1, Optional.of(CLOCK_NOW.minusSeconds(42))));

    Reply reply = get("/api/v1/status");

    assertThat(reply.code()).isEqualTo(200);
    JsonNode status = reply.json();
    assertThat(status.get("at").isNull()).isTrue();
    assertThat(status.get("status").asText()).isEqualTo("UNKNOWN");
    assertThat(status.get("chains")).isEmpty();
    assertThat(status.get("startedAt").asText()).isEqualTo("2026-11-25T11:00:00Z");
    assertThat(status.get("ready").asBoolean()).isFalse();
    assertThat(status.get("lastSuccessfulCycle").get("arbitrum").isNull()).isTrue();
    assertThat(status.get("openAlerts").toString())
        .isEqualTo("{\"CRITICAL\":0,\"WARNING\":0,\"UNKNOWN\":0}");
    assertThat(status.get("outbox").toString())
        .isEqualTo("[{\"sink\":\"ops-webhook\",\"pending\":2,\"dead\":1,\"lagSeconds\":42}]");
  }

  @Test
  void status_after_a_cycle_is_the_checks_status_and_chains_plus_the_monitor_facts()
      throws Exception {
    start(Optional.empty());
    CheckReport report = ApiFixtures.report();
    view.latest = Optional.of(report);
    view.ready = true;
    Map<String, Optional<Instant>> cycles = new LinkedHashMap<>();
    cycles.put("arbitrum", Optional.of(NOW));
    view.lastSuccessfulCycle = cycles;
    view.outbox = List.of(new OutboxStats("slack", 0, 0, Optional.empty()));
    withAlerts();

    JsonNode status = get("/api/v1/status").json();

    ObjectNode check = CheckJson.toJson(report);
    assertThat(status.get("at")).isEqualTo(reparsed(check.get("at")));
    assertThat(status.get("status").asText()).isEqualTo("WARNING");
    assertThat(status.get("chains")).isEqualTo(reparsed(check.get("chains")));
    assertThat(status.get("chains").get(0).get("block").asLong()).isEqualTo(1234);
    assertThat(status.get("ready").asBoolean()).isTrue();
    assertThat(status.get("lastSuccessfulCycle").get("arbitrum").asText())
        .isEqualTo("2026-11-25T12:00:00Z");
    // two open (one CRITICAL, one WARNING); the pending one is not open
    assertThat(status.get("openAlerts").toString())
        .isEqualTo("{\"CRITICAL\":1,\"WARNING\":1,\"UNKNOWN\":0}");
    assertThat(status.get("outbox").get(0).get("lagSeconds").asLong()).isZero();
    assertThat(status.has("feeds")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"feeds", "markets", "positions"})
  void each_section_is_the_latest_reports_array_exactly_as_check_json_renders_it(String section)
      throws Exception {
    start(Optional.empty());
    CheckReport report = ApiFixtures.report();
    view.latest = Optional.of(report);

    Reply reply = get("/api/v1/" + section);

    assertThat(reply.code()).isEqualTo(200);
    JsonNode doc = reply.json();
    assertThat(doc.get("at").asText()).isEqualTo("2026-11-25T12:00:00Z");
    assertThat(doc.get(section))
        .hasSize(1)
        .isEqualTo(reparsed(CheckJson.toJson(report).get(section)));
    assertThat(doc.size()).isEqualTo(2);
  }

  @Test
  void sections_before_the_first_cycle_are_a_503_json_error() throws Exception {
    start(Optional.empty());

    Reply reply = get("/api/v1/feeds");

    assertThat(reply.code()).isEqualTo(503);
    assertThat(reply.json().get("error").asText()).contains("no cycle has completed yet");
  }

  @Test
  void rules_lists_every_rule_with_the_configs_overrides_over_the_defaults() throws Exception {
    view.rules =
        io.hedgewatch.risk.RuleSettingsLookup.of(
            java.util.Map.of(
                "oracle.drift",
                io.hedgewatch.risk.RuleSettings.of(
                    io.hedgewatch.risk.RuleCatalog.find("oracle.drift").orElseThrow(),
                    java.util.Map.of("warn", new java.math.BigDecimal("0.008"), "sustain", 3))));
    start(Optional.empty());

    Reply reply = get("/api/v1/rules");

    assertThat(reply.code()).as("no cycle is needed").isEqualTo(200);
    JsonNode rules = reply.json().get("rules");
    assertThat(rules).hasSize(io.hedgewatch.risk.RuleCatalog.all().size());
    JsonNode drift = rule(rules, "oracle.drift");
    assertThat(drift.get("description").asText()).contains("reference");
    JsonNode settings = drift.get("settings");
    assertThat(settings.get("warn").asText()).as("overridden").isEqualTo("0.008");
    assertThat(settings.get("critical").asText()).as("default").isEqualTo("0.015");
    assertThat(settings.get("sustain").asInt()).isEqualTo(3);
    assertThat(settings.get("enabled").asBoolean()).isTrue();
    assertThat(rule(rules, "oracle.stale").get("settings").get("grace").asText()).isEqualTo("PT5M");
  }

  private static JsonNode rule(JsonNode rules, String id) {
    for (JsonNode rule : rules) {
      if (rule.get("id").asText().equals(id)) {
        return rule;
      }
    }
    throw new AssertionError("no rule " + id + " in " + rules);
  }

  @Test
  void the_feed_section_carries_the_chainlink_reading() throws Exception {
    start(Optional.empty());
    view.latest = Optional.of(ApiFixtures.report());

    JsonNode feed = get("/api/v1/feeds").json().get("feeds").get(0);

    assertThat(feed.get("id").asText()).isEqualTo("eth-usd");
    assertThat(feed.get("price").asText()).isEqualTo("3000.12345678");
    assertThat(feed.get("ageSeconds").asLong()).isEqualTo(90_000);
    assertThat(feed.get("status").asText()).isEqualTo("WARNING");
  }

  @Test
  void alerts_default_to_the_open_ones_rendered_as_check_renders_them_plus_lifecycle_facts()
      throws Exception {
    start(Optional.empty());
    withAlerts();

    JsonNode doc = get("/api/v1/alerts").json();

    assertThat(doc.get("state").asText()).isEqualTo("open");
    JsonNode alerts = doc.get("alerts");
    assertThat(alerts).hasSize(2);
    JsonNode stale = find(alerts, AlertId.of(STALE));
    JsonNode expected = reparsed(CheckJson.alert(STALE, NOW.minusSeconds(600)));
    expected
        .fieldNames()
        .forEachRemaining(f -> assertThat(stale.get(f)).isEqualTo(expected.get(f)));
    assertThat(stale.get("phase").asText()).isEqualTo("OPEN");
    assertThat(stale.get("acknowledgement").isNull()).isTrue();
    assertThat(stale.get("notifiedAt").asText()).isEqualTo("2026-11-25T11:51:00Z");
    JsonNode liquidation = find(alerts, AlertId.of("position.liquidation", "position:hand-short"));
    assertThat(liquidation.get("acknowledgement").toString())
        .isEqualTo("{\"by\":\"alice\",\"at\":\"2026-11-25T11:59:00Z\",\"severity\":\"CRITICAL\"}");
  }

  @Test
  void alerts_by_state_pending_and_all() throws Exception {
    start(Optional.empty());
    withAlerts();

    JsonNode pending = get("/api/v1/alerts?state=pending").json().get("alerts");
    JsonNode all = get("/api/v1/alerts?state=all").json().get("alerts");

    assertThat(pending).hasSize(1);
    assertThat(pending.get(0).get("id").asText()).isEqualTo(AlertId.of(BLIND));
    assertThat(pending.get(0).get("phase").asText()).isEqualTo("PENDING");
    assertThat(pending.get(0).get("since").isNull()).isTrue();
    assertThat(pending.get(0).get("notifiedAt").isNull()).isTrue();
    assertThat(all).hasSize(3);
  }

  @Test
  void an_unknown_alert_state_is_a_400_naming_the_parameter_and_the_allowed_values()
      throws Exception {
    start(Optional.empty());

    Reply reply = get("/api/v1/alerts?state=closed");

    assertThat(reply.code()).isEqualTo(400);
    assertThat(reply.json().get("error").asText())
        .isEqualTo("query parameter state must be one of open, pending, all, got \"closed\"");
  }

  @Test
  void one_alert_by_id_and_404_json_for_an_unknown_id() throws Exception {
    start(Optional.empty());
    withAlerts();

    Reply found = get("/api/v1/alerts/" + AlertId.of(STALE));
    Reply missing = get("/api/v1/alerts/nope");

    assertThat(found.code()).isEqualTo(200);
    assertThat(found.json().get("rule").asText()).isEqualTo("oracle.stale");
    assertThat(missing.code()).isEqualTo(404);
    assertThat(missing.json().get("error").asText()).isEqualTo("no alert nope");
  }

  @Test
  void dead_deliveries_name_sink_event_type_attempts_last_error_and_finish() throws Exception {
    start(Optional.empty());
    StoredEvent event =
        new StoredEvent(
            7, "evt-7", "alert.opened", "a1", "oracle.stale", "feed:eth-usd", "WARNING", NOW, "{}");
    view.deadLetters =
        List.of(
            new Delivery(
                "ops-webhook",
                event,
                Delivery.State.DEAD,
                8,
                NOW,
                Optional.of("HTTP 500 from the receiver"),
                Optional.of(NOW.plusSeconds(90))));

    JsonNode doc = get("/api/v1/deliveries?state=dead").json();
    Reply badState = get("/api/v1/deliveries?state=pending");
    Reply badLimit = get("/api/v1/deliveries?limit=0");

    assertThat(doc.get("deliveries").toString())
        .isEqualTo(
            "[{\"sink\":\"ops-webhook\",\"eventId\":\"evt-7\",\"type\":\"alert.opened\","
                + "\"alertId\":\"a1\",\"attempts\":8,\"lastError\":\"HTTP 500 from the receiver\","
                + "\"finishedAt\":\"2026-11-25T12:01:30Z\"}]");
    assertThat(badState.code()).isEqualTo(400);
    assertThat(badState.json().get("error").asText()).contains("state", "dead", "\"pending\"");
    assertThat(badLimit.code()).isEqualTo(400);
    assertThat(badLimit.json().get("error").asText()).startsWith("limit must be");
  }

  @Test
  void ack_without_a_configured_token_is_forbidden_and_says_how_to_enable_it() throws Exception {
    start(Optional.empty());
    withAlerts();

    Reply reply = ack(AlertId.of(STALE), "Bearer " + TOKEN, "");

    assertThat(reply.code()).isEqualTo(403);
    assertThat(reply.json().get("error").asText()).contains("api.token");
    assertThat(view.acknowledgements).isEmpty();
  }

  @Test
  void ack_without_or_with_a_wrong_token_is_401_alike_and_changes_nothing() throws Exception {
    start(Optional.of(TOKEN));
    withAlerts();

    Reply missing = ack(AlertId.of(STALE), null, "");
    Reply wrong = ack(AlertId.of(STALE), "Bearer " + TOKEN + "x", "");
    Reply otherScheme = ack(AlertId.of(STALE), "Basic " + TOKEN, "");

    for (Reply reply : List.of(missing, wrong, otherScheme)) {
      assertThat(reply.code()).isEqualTo(401);
      assertThat(reply.raw().header("WWW-Authenticate")).startsWith("Bearer");
      assertThat(reply.body()).isEqualTo(missing.body()).doesNotContain(TOKEN);
    }
    assertThat(view.acknowledgements).isEmpty();
  }

  @Test
  void ack_with_the_token_acknowledges_and_returns_the_alert_then_unchanged_is_200_too()
      throws Exception {
    start(Optional.of(TOKEN));
    withAlerts();

    Reply first = ack(AlertId.of(STALE), "Bearer " + TOKEN, "{\"by\": \"bob\"}");
    Reply again = ack(AlertId.of(STALE), "bearer " + TOKEN, "");

    assertThat(first.code()).isEqualTo(200);
    JsonNode alert = first.json();
    assertThat(alert.get("id").asText()).isEqualTo(AlertId.of(STALE));
    assertThat(alert.get("acknowledgement").get("by").asText()).isEqualTo("bob");
    assertThat(alert.get("acknowledgement").get("severity").asText()).isEqualTo("WARNING");
    assertThat(again.code()).isEqualTo(200);
    assertThat(again.json().get("acknowledgement").get("by").asText()).isEqualTo("bob");
    assertThat(view.acknowledgements)
        .containsExactly(AlertId.of(STALE) + " by bob", AlertId.of(STALE) + " by api");
  }

  @Test
  void ack_of_a_pending_alert_is_409_and_of_an_unknown_one_404() throws Exception {
    start(Optional.of(TOKEN));
    withAlerts();

    Reply pending = ack(AlertId.of(BLIND), "Bearer " + TOKEN, "");
    Reply unknown = ack("nope", "Bearer " + TOKEN, "");

    assertThat(pending.code()).isEqualTo(409);
    assertThat(pending.json().get("error").asText()).contains("pending, not open");
    assertThat(unknown.code()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText()).isEqualTo("no alert nope");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1]", "{\"by\": 3}", "{\"by\": \"\"}", "{\"who\": \"x\"}", "{by"})
  void ack_with_a_bad_body_is_a_400_and_acknowledges_nothing(String body) throws Exception {
    start(Optional.of(TOKEN));
    withAlerts();

    Reply reply = ack(AlertId.of(STALE), "Bearer " + TOKEN, body);

    assertThat(reply.code()).isEqualTo(400);
    assertThat(reply.json().get("error").asText()).isNotBlank();
    assertThat(view.acknowledgements).isEmpty();
  }

  @Test
  void a_non_loopback_bind_without_a_token_is_refused() {
    assertThatThrownBy(
            () ->
                ApiServer.start(
                    new ApiConfig("0.0.0.0", 0, Optional.empty()),
                    view,
                    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0.0.0.0")
        .hasMessageContaining("not a loopback address")
        .hasMessageContaining("api.token");
  }

  @Test
  void a_port_in_use_is_an_error_naming_the_address() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(
              () ->
                  ApiServer.start(
                      new ApiConfig("127.0.0.1", taken.getLocalPort(), Optional.empty()),
                      view,
                      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("api: cannot serve on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void healthz_is_up_and_readyz_turns_from_503_to_200_listing_the_chains() throws Exception {
    start(Optional.empty());
    Map<String, Optional<Instant>> cycles = new LinkedHashMap<>();
    cycles.put("arbitrum", Optional.empty());
    view.lastSuccessfulCycle = cycles;

    Reply health = get("/healthz");
    Reply notReady = get("/readyz");
    view.ready = true;
    view.lastSuccessfulCycle = Map.of("arbitrum", Optional.of(NOW));
    Reply ready = get("/readyz");

    assertThat(health.code()).isEqualTo(200);
    assertThat(health.json().toString()).isEqualTo("{\"status\":\"UP\"}");
    assertThat(notReady.code()).isEqualTo(503);
    assertThat(notReady.json().toString())
        .isEqualTo("{\"ready\":false,\"lastSuccessfulCycle\":{\"arbitrum\":null}}");
    assertThat(ready.code()).isEqualTo(200);
    assertThat(ready.json().toString())
        .isEqualTo(
            "{\"ready\":true,\"lastSuccessfulCycle\":{\"arbitrum\":\"2026-11-25T12:00:00Z\"}}");
  }

  @Test
  void an_unknown_path_and_a_wrong_method_are_404_json() throws Exception {
    start(Optional.empty());

    Reply unknown = get("/api/v1/nothing-here");
    Reply wrongMethod =
        call(
            new Request.Builder()
                .url(url("/api/v1/status"))
                .post(RequestBody.create("", MediaType.get("application/json")))
                .build());

    assertThat(unknown.code()).isEqualTo(404);
    assertThat(unknown.json().get("error").asText())
        .isEqualTo("Endpoint GET /api/v1/nothing-here not found");
    assertThat(wrongMethod.code()).isEqualTo(404);
    assertThat(wrongMethod.json().get("error").asText())
        .isEqualTo("Endpoint POST /api/v1/status not found");
  }

  @Test
  void a_request_jetty_cannot_parse_gets_a_json_error_not_an_html_page() throws Exception {
    start(Optional.empty());

    String reply;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          "GET /api/v1/%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      in.transferTo(bytes);
      reply = bytes.toString(StandardCharsets.UTF_8);
    }

    assertThat(reply).startsWith("HTTP/1.1 400");
    assertThat(reply).containsIgnoringCase("content-type: application/json");
    assertThat(reply).contains("{\"error\":").doesNotContain("<html");
  }

  /** As a client reads it: numbers typed by their text, not by how they were put. */
  private static JsonNode reparsed(JsonNode node) throws Exception {
    return JSON.readTree(JSON.writeValueAsString(node));
  }

  private static JsonNode find(JsonNode alerts, String id) {
    for (JsonNode alert : alerts) {
      if (alert.get("id").asText().equals(id)) {
        return alert;
      }
    }
    throw new AssertionError("no alert " + id + " in " + alerts);
  }
}
