package io.hedgewatch.venue;

import static io.hedgewatch.venue.DydxPositionsTest.ADDRESS;
import static io.hedgewatch.venue.DydxPositionsTest.HEDGED;
import static io.hedgewatch.venue.OffchainTestSupport.FAST;
import static io.hedgewatch.venue.OffchainTestSupport.failure;
import static io.hedgewatch.venue.OffchainTestSupport.fixture;
import static io.hedgewatch.venue.OffchainTestSupport.unwrapCapture;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.venue.OffchainTestSupport.TestClock;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link DydxReader} as a {@link PositionReader}, against an indexer answering by path. */
class DydxPositionReaderTest {

  private static final Instant NOW = Instant.parse("2025-12-08T16:12:00Z");
  private static final String MARKETS = unwrapCapture(fixture("dydx-v4-perpetualMarkets.json"));
  private static final String SUBACCOUNT_0 =
      "/indexer/v4/addresses/" + ADDRESS + "/subaccountNumber/0";

  private MockWebServer server;
  private OkHttpClient http;
  private DydxReader reader;
  private final Map<String, MockResponse> replies = new ConcurrentHashMap<>();
  private final List<String> paths = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            paths.add(request.getPath());
            MockResponse reply = replies.get(request.getPath());
            return reply != null
                ? reply
                : new MockResponse()
                    .setResponseCode(404)
                    .setBody(
                        "{\"errors\":[{\"msg\":\"No subaccount found with address "
                            + ADDRESS
                            + " and subaccountNumber 7\"}]}");
          }
        });
    server.start();
    http = OffchainTestSupport.http();
    reader = new DydxReader("dydx", server.url("/indexer"), http, new TestClock(NOW), FAST);
  }

  @AfterEach
  void stop() throws IOException {
    OffchainTestSupport.close(http);
    server.shutdown();
  }

  private static MockResponse json200(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  private static PositionReader.Request request(String id, String ticker, String account) {
    return new PositionReader.Request(id, "perp-" + id, ticker, account);
  }

  @Test
  void one_subaccount_request_and_one_markets_request_serve_every_position() {
    replies.put(SUBACCOUNT_0, json200(HEDGED));
    replies.put("/indexer/v4/perpetualMarkets", json200(MARKETS));

    List<Read<PositionSnapshot>> reads =
        reader.positions(
            List.of(request("eth", "ETH-USD", ADDRESS), request("btc", "BTC-USD", ADDRESS + "/0")));

    assertThat(paths).containsExactlyInAnyOrder(SUBACCOUNT_0, "/indexer/v4/perpetualMarkets");
    PositionSnapshot eth = reads.get(0).asOptional().orElseThrow();
    assertThat(eth.positionId()).isEqualTo("eth");
    assertThat(eth.maintenanceMargin()).isEqualByComparingTo("200.993340");
    assertThat(eth.at()).isEqualTo(NOW);
    assertThat(reads.get(1).asOptional().orElseThrow().marketId()).isEqualTo("perp-btc");
  }

  @Test
  void an_unknown_subaccount_is_reported_in_the_indexers_words() {
    replies.put("/indexer/v4/perpetualMarkets", json200(MARKETS));

    assertThat(
            failure(reader.positions(List.of(request("a", "ETH-USD", ADDRESS + "/7"))).get(0))
                .describe())
        .isEqualTo(
            "unavailable: dydx subaccount refused: HTTP 404: No subaccount found with address "
                + ADDRESS
                + " and subaccountNumber 7");
    // nothing to price: no markets request
    assertThat(paths).containsExactly("/indexer/v4/addresses/" + ADDRESS + "/subaccountNumber/7");
  }

  @Test
  void markets_that_cannot_be_read_fail_the_positions_with_their_reason() {
    replies.put(SUBACCOUNT_0, json200(HEDGED));
    replies.put("/indexer/v4/perpetualMarkets", json200("{\"markets\":[]}"));

    assertThat(
            failure(reader.positions(List.of(request("a", "ETH-USD", ADDRESS))).get(0)).describe())
        .isEqualTo(
            "malformed return data: dydx perpetualMarkets.markets is an array, expected an object");
  }

  @Test
  void an_account_that_is_no_dydx_address_fails_alone_without_a_request() {
    List<Read<PositionSnapshot>> reads =
        reader.positions(
            List.of(request("a", "ETH-USD", "0x5e9ee1089755c3435139848e47e6635505d5a13a")));

    assertThat(failure(reads.get(0)).describe())
        .isEqualTo(
            "unavailable: dydx position a: account '0x5e9ee1089755c3435139848e47e6635505d5a13a' is"
                + " not a dYdX address (dydx1 and 38 characters), optionally /subaccount number 0"
                + " to 128000");
    assertThat(paths).isEmpty();
  }

  @Test
  void asking_for_no_position_sends_nothing() {
    assertThat(reader.positions(List.of())).isEmpty();
    assertThat(paths).isEmpty();
  }
}
