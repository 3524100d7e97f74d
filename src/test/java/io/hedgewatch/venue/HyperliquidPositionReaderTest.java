package io.hedgewatch.venue;

import static io.hedgewatch.venue.OffchainTestSupport.FAST;
import static io.hedgewatch.venue.OffchainTestSupport.failure;
import static io.hedgewatch.venue.OffchainTestSupport.fixture;
import static io.hedgewatch.venue.OffchainTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.venue.OffchainTestSupport.TestClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link HyperliquidReader} as a {@link PositionReader}, against a scripted {@code /info}. */
class HyperliquidPositionReaderTest {

  private static final Instant NOW = Instant.parse("2023-03-27T12:00:00Z");
  private static final String OLD = fixture("hyperliquid-clearinghouseState.json");
  private static final String DOCS = fixture("hyperliquid-docs-clearinghouseState.json");
  private static final String META = fixture("hyperliquid-metaAndAssetCtxs.json");
  private static final String USER = "0x5e9ee1089755c3435139848e47e6635505d5a13a";
  private static final String OTHER = "0x0000000000000000000000000000000000000001";

  private MockWebServer server;
  private OkHttpClient http;
  private HyperliquidReader reader;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.start();
    http = OffchainTestSupport.http();
    reader =
        new HyperliquidReader(
            "hyperliquid", server.url("/hyperliquid"), http, new TestClock(NOW), FAST);
  }

  @AfterEach
  void stop() throws IOException {
    OffchainTestSupport.close(http);
    server.shutdown();
  }

  private static MockResponse json200(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private RecordedRequest take() throws InterruptedException {
    RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(r).as("a request reached the server").isNotNull();
    return r;
  }

  private static PositionReader.Request request(String id, String coin, String account) {
    return new PositionReader.Request(id, "perp-" + id, coin, account);
  }

  @Test
  void one_clearinghouse_state_per_account_serves_every_position_asked_of_it()
      throws InterruptedException {
    server.enqueue(json200(DOCS));

    List<Read<PositionSnapshot>> reads =
        reader.positions(
            List.of(
                request("a", "ETH", OTHER.toUpperCase().replace("0X", "0x")),
                request("b", "BTC", OTHER)));

    RecordedRequest sent = take();
    assertThat(sent.getMethod()).isEqualTo("POST");
    assertThat(sent.getPath()).isEqualTo("/hyperliquid/info");
    assertThat(json(sent.getBody().readUtf8()))
        .isEqualTo(json("{\"type\":\"clearinghouseState\",\"user\":\"" + OTHER + "\"}"));
    assertThat(server.getRequestCount()).isEqualTo(1);
    PositionSnapshot eth = reads.get(0).asOptional().orElseThrow();
    assertThat(eth.positionId()).isEqualTo("a");
    assertThat(eth.marketId()).isEqualTo("perp-a");
    assertThat(eth.equity()).isEqualByComparingTo("4.967826");
    assertThat(failure(reads.get(1)).describe()).contains("has no open BTC position");
  }

  /** A meta reply in Hyperliquid's shape: BTC and ETH at 50x, the old fixture's other coins 20x. */
  private static String metaOfTheOldCoins() {
    StringBuilder universe = new StringBuilder();
    StringBuilder contexts = new StringBuilder();
    for (String coin :
        List.of(
            "BTC", "ETH", "ATOM", "MATIC", "DYDX", "SOL", "AVAX", "BNB", "APE", "OP", "LTC",
            "ARB")) {
      int max = coin.equals("BTC") || coin.equals("ETH") ? 50 : 20;
      universe.append(universe.length() == 0 ? "" : ",");
      universe.append("{\"szDecimals\":2,\"name\":\"" + coin + "\",\"maxLeverage\":" + max + "}");
      contexts.append(contexts.length() == 0 ? "" : ",");
      contexts
          .append("{\"funding\":\"0.0000125\",\"openInterest\":\"1.0\",\"oraclePx\":\"1.0\",")
          .append("\"markPx\":\"1.0\"}");
    }
    return "[{\"universe\":[" + universe + "]},[" + contexts + "]]";
  }

  @Test
  void an_old_shape_reply_costs_one_meta_request_for_the_max_leverage()
      throws InterruptedException {
    server.enqueue(json200(OLD));
    server.enqueue(json200(metaOfTheOldCoins()));

    List<Read<PositionSnapshot>> reads =
        reader.positions(List.of(request("a", "BTC", USER), request("b", "ETH", USER)));

    assertThat(server.getRequestCount()).isEqualTo(2);
    take();
    assertThat(json(take().getBody().readUtf8()))
        .isEqualTo(json("{\"type\":\"metaAndAssetCtxs\"}"));
    PositionSnapshot btc = reads.get(0).asOptional().orElseThrow();
    // (211.64542 + 227.675114) / 100 + (the other ten positions' 2995.4948) / 40
    assertThat(btc.maintenanceMargin()).isEqualByComparingTo("79.28057534");
    assertThat(btc.at()).isEqualTo(NOW);
    assertThat(reads.get(1).asOptional().orElseThrow().maintenanceMargin())
        .isEqualByComparingTo("79.28057534");
  }

  @Test
  void an_old_shape_position_fails_when_meta_does_not_list_one_of_the_accounts_coins() {
    server.enqueue(json200(OLD));
    // the recorded (testnet) meta lists no LTC
    server.enqueue(json200(META));

    ReadFailure failure = failure(reader.positions(List.of(request("a", "BTC", USER))).get(0));

    assertThat(failure).isInstanceOf(ReadFailure.Malformed.class);
    assertThat(failure.describe())
        .endsWith(
            ".assetPositions[10] (LTC) has no maxLeverage and meta.universe gives none for LTC: its"
                + " maintenance margin cannot be computed");
  }

  @Test
  void when_meta_fails_an_old_shape_position_says_why_it_has_no_maintenance_figure() {
    server.enqueue(json200(OLD));
    server.enqueue(new MockResponse().setResponseCode(500).setBody("busy"));
    server.enqueue(new MockResponse().setResponseCode(500).setBody("busy"));

    ReadFailure failure = failure(reader.positions(List.of(request("a", "BTC", USER))).get(0));

    assertThat(failure.describe())
        .startsWith(
            "unavailable: hyperliquid BTC: the clearinghouseState of "
                + USER
                + " gives no maintenance figures and the max leverage of [BTC, ETH, ATOM,")
        .contains("HTTP 500");
  }

  @Test
  void an_account_that_is_no_address_fails_alone_without_a_request() {
    server.enqueue(json200(DOCS));

    List<Read<PositionSnapshot>> reads =
        reader.positions(List.of(request("bad", "ETH", "vitalik.eth"), request("a", "ETH", OTHER)));

    assertThat(failure(reads.get(0)).describe())
        .isEqualTo(
            "unavailable: hyperliquid position bad: account 'vitalik.eth' is not a 0x address of"
                + " 40 hex digits");
    assertThat(reads.get(1)).isInstanceOf(Read.Ok.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a_refusal_fails_every_position_of_that_account_in_the_venues_words() {
    server.enqueue(
        new MockResponse()
            .setResponseCode(422)
            .setBody("Failed to deserialize the JSON body into the target type"));
    server.enqueue(json200(DOCS));

    List<Read<PositionSnapshot>> reads =
        reader.positions(
            List.of(
                request("a", "ETH", USER), request("b", "BTC", USER), request("c", "ETH", OTHER)));

    assertThat(failure(reads.get(0)).describe())
        .isEqualTo(
            "unavailable: hyperliquid clearinghouseState refused: HTTP 422: Failed to deserialize"
                + " the JSON body into the target type");
    assertThat(failure(reads.get(1))).isEqualTo(failure(reads.get(0)));
    assertThat(reads.get(2).asOptional().orElseThrow().markPrice())
        .isEqualByComparingTo(new BigDecimal("2985.9"));
  }

  @Test
  void a_malformed_reply_is_a_typed_failure_not_an_exception() {
    server.enqueue(json200("{\"assetPositions\":\"none\"}"));

    assertThat(failure(reader.positions(List.of(request("a", "ETH", USER))).get(0)))
        .isInstanceOf(ReadFailure.Malformed.class)
        .extracting(ReadFailure::describe)
        .asString()
        .contains(".assetPositions is a string, expected an array");
  }

  @Test
  void asking_for_no_position_sends_nothing() {
    assertThat(reader.positions(List.of())).isEmpty();
    assertThat(server.getRequestCount()).isZero();
  }
}
