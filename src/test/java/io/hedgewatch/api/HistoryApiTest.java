package io.hedgewatch.api;

import static io.hedgewatch.api.ApiFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.config.ApiConfig;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.store.FeedObservation;
import io.hedgewatch.store.MarketObservation;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The history routes on a real server on loopback, over a fake monitor's observations. */
class HistoryApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant CLOCK_NOW = NOW.plusSeconds(300);

  private final FakeMonitorView view = new FakeMonitorView(NOW.minusSeconds(3600));
  private final OkHttpClient http = new OkHttpClient();
  private ApiServer server;

  @BeforeEach
  void start() {
    view.latest = Optional.of(ApiFixtures.report());
    server =
        ApiServer.start(
            new ApiConfig("127.0.0.1", 0, Optional.empty()),
            view,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new ApiServer.Settings(
                Duration.ofSeconds(15), 500, 100, 4, Clock.fixed(CLOCK_NOW, ZoneOffset.UTC)));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private record Reply(int code, String contentType, JsonNode json) {}

  private Reply get(String path) throws Exception {
    Request request = new Request.Builder().url("http://127.0.0.1:" + server.port() + path).build();
    try (Response response = http.newCall(request).execute()) {
      String body = response.body().string();
      assertThat(response.header("Content-Type", "")).as(body).startsWith("application/json");
      return new Reply(response.code(), response.header("Content-Type"), JSON.readTree(body));
    }
  }

  private static FeedObservation feed(String id, Instant at, long block, String price) {
    return new FeedObservation(
        id,
        block,
        at,
        Optional.of(new BigDecimal(price)),
        Optional.of(at.minusSeconds(30)),
        Severity.OK,
        Optional.of(new BigDecimal("3000.00")),
        Optional.of(12.3456));
  }

  private static MarketObservation market(String id, Instant at, String fundingHourly) {
    return new MarketObservation(
        id,
        at,
        Optional.of(new BigDecimal("3001.50")),
        Optional.of(new BigDecimal("3000")),
        Optional.ofNullable(fundingHourly).map(BigDecimal::new),
        Optional.of(new BigDecimal("600")),
        Optional.of(new BigDecimal("400")),
        Optional.of(new BigDecimal("1000.0")),
        Optional.of(new BigDecimal("5000")),
        Optional.empty(),
        Optional.empty(),
        MarketStatus.ACTIVE,
        Severity.WARNING);
  }

  @Test
  void feed_history_lists_the_last_24_hours_oldest_first_with_decimals_as_strings()
      throws Exception {
    view.feedHistory =
        List.of(
            feed("eth-usd", CLOCK_NOW.minus(Duration.ofHours(25)), 1, "2900"),
            feed("eth-usd", CLOCK_NOW.minus(Duration.ofHours(2)), 2, "3010.50"),
            new FeedObservation(
                "eth-usd",
                3,
                CLOCK_NOW.minus(Duration.ofHours(1)),
                Optional.empty(),
                Optional.empty(),
                Severity.UNKNOWN),
            feed("btc-usd", CLOCK_NOW.minus(Duration.ofHours(1)), 4, "90000"));

    Reply reply = get("/api/v1/history/feeds/eth-usd");

    assertThat(reply.code()).isEqualTo(200);
    assertThat(reply.json().get("feed").asText()).isEqualTo("eth-usd");
    JsonNode points = reply.json().get("points");
    assertThat(points).hasSize(2);
    JsonNode first = points.get(0);
    assertThat(first.get("at").asText()).isEqualTo("2026-11-25T10:05:00Z");
    assertThat(first.get("block").asLong()).isEqualTo(2);
    assertThat(first.get("price").isTextual()).isTrue();
    assertThat(first.get("price").asText()).isEqualTo("3010.5");
    assertThat(first.get("referencePrice").asText()).isEqualTo("3000");
    assertThat(first.get("driftBps").isNumber()).isTrue();
    assertThat(first.get("driftBps").asDouble()).isEqualTo(12.35);
    assertThat(first.get("status").asText()).isEqualTo("OK");
    JsonNode blind = points.get(1);
    assertThat(blind.get("block").asLong()).isEqualTo(3);
    assertThat(blind.get("price").isNull()).isTrue();
    assertThat(blind.get("referencePrice").isNull()).isTrue();
    assertThat(blind.get("driftBps").isNull()).isTrue();
    assertThat(blind.get("status").asText()).isEqualTo("UNKNOWN");
  }

  @Test
  void from_to_and_limit_choose_the_window_and_keep_the_newest_points() throws Exception {
    List<FeedObservation> history = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      history.add(feed("eth-usd", NOW.minus(Duration.ofDays(3)).plusSeconds(60L * i), i, "3000"));
    }
    view.feedHistory = history;
    String from = NOW.minus(Duration.ofDays(3)).plusSeconds(60).toString();
    String to = NOW.minus(Duration.ofDays(3)).plusSeconds(480).toString();

    Reply reply = get("/api/v1/history/feeds/eth-usd?from=" + from + "&to=" + to + "&limit=3");

    assertThat(reply.code()).isEqualTo(200);
    assertThat(reply.json().get("points"))
        .extracting(p -> p.get("block").asLong())
        .containsExactly(6L, 7L, 8L);
  }

  @Test
  void market_history_gives_funding_per_hour_and_a_year_and_open_interest_against_caps()
      throws Exception {
    view.marketHistory =
        List.of(
            market("eth-perp", CLOCK_NOW.minusSeconds(120), "0.0000125"),
            market("eth-perp", CLOCK_NOW.minusSeconds(60), null),
            market("btc-perp", CLOCK_NOW.minusSeconds(60), "0.0001"));

    Reply reply = get("/api/v1/history/markets/eth-perp");

    assertThat(reply.code()).isEqualTo(200);
    assertThat(reply.json().get("market").asText()).isEqualTo("eth-perp");
    JsonNode points = reply.json().get("points");
    assertThat(points).hasSize(2);
    JsonNode first = points.get(0);
    assertThat(first.get("at").asText()).isEqualTo("2026-11-25T12:03:00Z");
    assertThat(first.get("markPrice").asText()).isEqualTo("3001.5");
    assertThat(first.get("indexPrice").asText()).isEqualTo("3000");
    assertThat(first.get("fundingRateHourly").asText()).isEqualTo("0.0000125");
    assertThat(first.get("fundingApr").asText()).isEqualTo("0.1095");
    assertThat(first.get("openInterest").asText()).isEqualTo("1000");
    assertThat(first.get("maxOpenInterestLong").asText()).isEqualTo("5000");
    assertThat(first.get("maxOpenInterestShort").isNull()).isTrue();
    assertThat(first.get("status").asText()).isEqualTo("WARNING");
    assertThat(points.get(1).get("fundingRateHourly").isNull()).isTrue();
    assertThat(points.get(1).get("fundingApr").isNull()).isTrue();
  }

  @Test
  void a_reported_feed_or_market_without_history_in_the_window_has_no_points() throws Exception {
    Reply feed = get("/api/v1/history/feeds/eth-usd");
    Reply market = get("/api/v1/history/markets/eth-perp");

    assertThat(feed.code()).isEqualTo(200);
    assertThat(feed.json().get("points")).isEmpty();
    assertThat(market.code()).isEqualTo(200);
    assertThat(market.json().get("points")).isEmpty();
  }

  @Test
  void an_unknown_feed_or_market_is_404() throws Exception {
    Reply feed = get("/api/v1/history/feeds/doge-usd");
    Reply market = get("/api/v1/history/markets/doge-perp");

    assertThat(feed.code()).isEqualTo(404);
    assertThat(feed.json().get("error").asText()).isEqualTo("no feed doge-usd");
    assertThat(market.code()).isEqualTo(404);
    assertThat(market.json().get("error").asText()).isEqualTo("no market doge-perp");
  }

  @Test
  void before_the_first_cycle_history_is_served_when_kept_and_otherwise_503() throws Exception {
    view.latest = Optional.empty();
    view.feedHistory = List.of(feed("eth-usd", CLOCK_NOW.minusSeconds(600), 9, "3000"));

    Reply kept = get("/api/v1/history/feeds/eth-usd");
    Reply none = get("/api/v1/history/markets/eth-perp");

    assertThat(kept.code()).isEqualTo(200);
    assertThat(kept.json().get("points")).hasSize(1);
    assertThat(none.code()).isEqualTo(503);
    assertThat(none.json().get("error").asText()).contains("no cycle has completed yet");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "limit=0 | query parameter limit must be a whole number from 1 to 10000, got \"0\"",
        "limit=10001 | query parameter limit must be a whole number from 1 to 10000",
        "limit=lots | query parameter limit must be a whole number from 1 to 10000, got \"lots\"",
        "from=yesterday | query parameter from must be an ISO-8601 time",
        "to=2026-13-01T00:00:00Z | query parameter to must be an ISO-8601 time",
        "from=2026-11-25T12:00:00Z&to=2026-11-25T11:00:00Z"
            + " | query parameter from (2026-11-25T12:00:00Z) must not be after to"
      })
  void a_bad_parameter_is_400_naming_it(String query, String message) throws Exception {
    for (String section : List.of("feeds/eth-usd", "markets/eth-perp")) {
      Reply reply = get("/api/v1/history/" + section + "?" + query);

      assertThat(reply.code()).as(section).isEqualTo(400);
      assertThat(reply.json().get("error").asText()).as(section).contains(message);
    }
  }
}
