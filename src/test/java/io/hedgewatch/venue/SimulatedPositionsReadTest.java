package io.hedgewatch.venue;

import static io.hedgewatch.venue.OffchainTestSupport.FAST;
import static io.hedgewatch.venue.OffchainTestSupport.failure;
import static io.hedgewatch.venue.OffchainTestSupport.fixture;
import static io.hedgewatch.venue.OffchainTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.devnet.SimulatedPerpVenues;
import io.hedgewatch.devnet.SimulatedPerpVenues.DydxPosition;
import io.hedgewatch.devnet.SimulatedPerpVenues.HyperliquidPosition;
import io.hedgewatch.devnet.SimulatedPerpVenues.Venue;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.venue.OffchainTestSupport.TestClock;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production position readers against the positions of {@link SimulatedPerpVenues} on loopback:
 * what a test opens, and where it moves the market, is what the reader sees.
 */
class SimulatedPositionsReadTest {

  private static final Instant NOW = Instant.parse("2025-12-08T16:20:00Z");
  private static final String USER = "0x00000000000000000000000000000000000000aa";
  private static final String DYDX = "dydx199tqg4wdlnu4qjlxchpd7seg454937hjrknju4";

  private SimulatedPerpVenues venues;
  private OkHttpClient http;
  private HyperliquidReader hyperliquid;
  private DydxReader dydx;

  @BeforeEach
  void start() {
    TestClock clock = new TestClock(NOW);
    venues = new SimulatedPerpVenues(clock);
    http = OffchainTestSupport.http();
    hyperliquid =
        HyperliquidReader.create(
            "hyperliquid", Optional.of(venues.baseUrl(Venue.HYPERLIQUID)), http, clock, FAST);
    dydx = DydxReader.create("dydx", Optional.of(venues.baseUrl(Venue.DYDX)), http, clock, FAST);
  }

  @AfterEach
  void stop() {
    OffchainTestSupport.close(http);
    venues.close();
  }

  private PositionSnapshot hl(String coin) {
    return hyperliquid
        .positions(List.of(new PositionReader.Request("hedge", "perp", coin, USER)))
        .get(0)
        .asOptional()
        .orElseThrow();
  }

  private Read<PositionSnapshot> dx(String ticker, String account) {
    return dydx.positions(List.of(new PositionReader.Request("hedge", "perp", ticker, account)))
        .get(0);
  }

  private static Set<String> fields(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private String post(String body) throws IOException {
    Request request =
        new Request.Builder()
            .url(venues.baseUrl(Venue.HYPERLIQUID) + "/info")
            .post(RequestBody.create(body, MediaType.get("application/json")))
            .build();
    try (Response response = http.newCall(request).execute()) {
      return response.body().string();
    }
  }

  /** The example account of Hyperliquid's API docs, opened on the simulated venue. */
  private void openTheDocsExample() {
    venues.addHyperliquidMarket("ETH", new BigDecimal("2985.9"));
    // rawUsd -95.059824 = margin - 0.0335 x 2986.3
    venues.setHyperliquidPosition(
        USER,
        "ETH",
        HyperliquidPosition.isolated(
            new BigDecimal("0.0335"), new BigDecimal("2986.3"), 20, new BigDecimal("4.981226")));
    venues.setHyperliquidCrossCollateral(USER, new BigDecimal("13104.514502"));
  }

  @Test
  void the_simulated_clearinghouse_state_has_the_fields_of_the_docs_reply() throws IOException {
    openTheDocsExample();
    JsonNode docs = json(fixture("hyperliquid-docs-clearinghouseState.json"));

    JsonNode sim = json(post("{\"type\":\"clearinghouseState\",\"user\":\"" + USER + "\"}"));

    assertThat(fields(sim)).isEqualTo(fields(docs));
    assertThat(fields(sim.get("marginSummary"))).isEqualTo(fields(docs.get("marginSummary")));
    JsonNode position = sim.get("assetPositions").get(0);
    assertThat(fields(position)).isEqualTo(fields(docs.get("assetPositions").get(0)));
    assertThat(fields(position.get("position")))
        .isEqualTo(fields(docs.get("assetPositions").get(0).get("position")));
    assertThat(fields(position.get("position").get("leverage")))
        .isEqualTo(fields(docs.get("assetPositions").get(0).get("position").get("leverage")));
    // the docs' account, figure for figure
    for (String field : List.of("accountValue", "totalNtlPos", "totalRawUsd", "totalMarginUsed")) {
      assertThat(sim.get("marginSummary").get(field).asText())
          .isEqualTo(docs.get("marginSummary").get(field).asText());
    }
    for (String field : List.of("positionValue", "unrealizedPnl", "marginUsed")) {
      assertThat(position.get("position").get(field).asText())
          .isEqualTo(docs.get("assetPositions").get(0).get("position").get(field).asText());
    }
    assertThat(sim.get("withdrawable").asText()).isEqualTo(docs.get("withdrawable").asText());
  }

  @Test
  void the_docs_isolated_long_reads_back_with_the_docs_liquidation_price() {
    openTheDocsExample();

    PositionSnapshot eth = hl("ETH");

    assertThat(eth.marginMode()).isEqualTo(MarginMode.ISOLATED);
    assertThat(eth.side()).isEqualTo(PositionSide.LONG);
    assertThat(eth.markPrice()).isEqualByComparingTo("2985.9");
    assertThat(eth.equity()).isEqualByComparingTo("4.967826");
    assertThat(eth.maintenanceMargin()).isEqualByComparingTo("1.0002765");
    // the docs' figure within 0.0001: Hyperliquid keeps rawUsd to more digits than it prints
    assertThat(eth.venueLiquidationPrice())
        .hasValueSatisfying(
            p ->
                assertThat(p.subtract(new BigDecimal("2866.26936529")).abs())
                    .isLessThan(new BigDecimal("0.0001")));
    assertThat(eth.at()).isEqualTo(NOW);
  }

  @Test
  void a_cross_short_follows_the_mark_and_at_its_liquidation_price_equity_meets_maintenance() {
    venues.addHyperliquidMarket("ETH", new BigDecimal("3000"));
    venues.setHyperliquidMaxLeverage("ETH", 25);
    venues.setHyperliquidCrossCollateral(USER, new BigDecimal("5000"));
    venues.setHyperliquidPosition(
        USER, "ETH", HyperliquidPosition.cross(new BigDecimal("-10"), new BigDecimal("3000"), 10));

    PositionSnapshot calm = hl("ETH");
    assertThat(calm.side()).isEqualTo(PositionSide.SHORT);
    assertThat(calm.marginMode()).isEqualTo(MarginMode.CROSS);
    assertThat(calm.equity()).isEqualByComparingTo("5000");
    // 30000 / (2 x 25)
    assertThat(calm.maintenanceMargin()).isEqualByComparingTo("600");
    // 3000 + (5000 - 600) / (10 x 1.02)
    BigDecimal liquidation = calm.venueLiquidationPrice().orElseThrow();
    assertThat(liquidation.subtract(new BigDecimal("3431.3725490196")).abs())
        .isLessThan(new BigDecimal("0.000001"));

    venues.setHyperliquidPrices("ETH", new BigDecimal("3300"), new BigDecimal("3299"));
    PositionSnapshot squeezed = hl("ETH");
    assertThat(squeezed.markPrice()).isEqualByComparingTo("3300");
    assertThat(squeezed.equity()).isEqualByComparingTo("2000");
    assertThat(squeezed.unrealizedPnl())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("-3000"));
    assertThat(squeezed.maintenanceMargin()).isEqualByComparingTo("660");
    assertThat(squeezed.venueLiquidationPrice()).contains(liquidation);

    venues.setHyperliquidPrices("ETH", liquidation, liquidation);
    PositionSnapshot there = hl("ETH");
    assertThat(there.equity().subtract(there.maintenanceMargin()).abs())
        .isLessThan(new BigDecimal("0.00001"));
  }

  @Test
  void funding_paid_comes_out_of_the_margin_and_reads_as_negative_accrued_funding() {
    venues.addHyperliquidMarket("ETH", new BigDecimal("3000"));
    venues.setHyperliquidCrossCollateral(USER, new BigDecimal("5000"));
    venues.setHyperliquidPosition(
        USER,
        "ETH",
        HyperliquidPosition.cross(new BigDecimal("2"), new BigDecimal("3000"), 5)
            .withFundingPaid(new BigDecimal("12.25")));

    PositionSnapshot eth = hl("ETH");

    assertThat(eth.accruedFunding())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("-12.25"));
    assertThat(eth.equity()).isEqualByComparingTo("4987.75");
    // a long whose account can lose its whole value has no liquidation price above zero
    venues.setHyperliquidCrossCollateral(USER, new BigDecimal("100000"));
    assertThat(hl("ETH").venueLiquidationPrice()).isEmpty();
  }

  @Test
  void a_closed_position_and_an_unknown_user_have_no_open_position() {
    venues.addHyperliquidMarket("ETH", new BigDecimal("3000"));
    venues.setHyperliquidPosition(
        USER, "ETH", HyperliquidPosition.cross(new BigDecimal("1"), new BigDecimal("3000"), 5));
    venues.closeHyperliquidPosition(USER, "ETH");

    Read<PositionSnapshot> closed =
        hyperliquid.positions(List.of(new PositionReader.Request("h", "p", "ETH", USER))).get(0);
    Read<PositionSnapshot> stranger =
        hyperliquid
            .positions(
                List.of(
                    new PositionReader.Request(
                        "h", "p", "ETH", "0x00000000000000000000000000000000000000bb")))
            .get(0);

    assertThat(failure(closed).describe()).contains(USER + " has no open ETH position (0 open");
    assertThat(failure(stranger).describe()).contains("has no open ETH position (0 open");
  }

  @Test
  void a_dydx_short_is_valued_at_the_oracle_and_follows_it() {
    venues.addDydxMarket("ETH-USD", new BigDecimal("3103.01"));
    venues.addDydxMarket("BTC-USD", new BigDecimal("89919.2"));
    venues.setDydxCollateral(DYDX, 0, new BigDecimal("3000"));
    venues.setDydxPosition(
        DYDX,
        0,
        "ETH-USD",
        new DydxPosition(new BigDecimal("-2.5"), new BigDecimal("3150"), new BigDecimal("3.2")));
    venues.setDydxPosition(
        DYDX, 0, "BTC-USD", DydxPosition.of(new BigDecimal("0.1"), new BigDecimal("90000")));

    PositionSnapshot eth = dx("ETH-USD", DYDX).asOptional().orElseThrow();
    assertThat(eth.side()).isEqualTo(PositionSide.SHORT);
    assertThat(eth.size()).isEqualByComparingTo("2.5");
    assertThat(eth.marginMode()).isEqualTo(MarginMode.CROSS);
    assertThat(eth.markPrice()).isEqualByComparingTo("3103.01");
    // 3000 + 3.2 - 2.5 x (3103.01 - 3150) + 0.1 x (89919.2 - 90000)
    assertThat(eth.equity()).isEqualByComparingTo("3112.595");
    // the same sum as the indexer's maintenance: 2.5 x 3103.01 x 0.012 + 0.1 x 89919.2 x 0.012
    assertThat(eth.maintenanceMargin()).isEqualByComparingTo("200.99334");
    assertThat(eth.unrealizedPnl())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("117.475"));
    assertThat(eth.accruedFunding())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("3.2"));

    venues.setDydxOraclePrice("ETH-USD", new BigDecimal("3500"));
    PositionSnapshot squeezed = dx("ETH-USD", DYDX + "/0").asOptional().orElseThrow();
    assertThat(squeezed.markPrice()).isEqualByComparingTo("3500");
    assertThat(squeezed.equity()).isEqualByComparingTo("2120.12");
    assertThat(squeezed.maintenanceMargin()).isEqualByComparingTo("212.90304");
  }

  @Test
  void a_dydx_isolated_subaccount_and_an_unknown_one() {
    venues.addDydxMarket("ETH-USD", new BigDecimal("3100"));
    venues.setDydxCollateral(DYDX, 128, new BigDecimal("800"));
    venues.setDydxPosition(
        DYDX, 128, "ETH-USD", DydxPosition.of(new BigDecimal("-1"), new BigDecimal("3100")));

    PositionSnapshot eth = dx("ETH-USD", DYDX + "/128").asOptional().orElseThrow();
    assertThat(eth.marginMode()).isEqualTo(MarginMode.ISOLATED);
    assertThat(eth.equity()).isEqualByComparingTo("800");
    assertThat(eth.maintenanceMargin()).isEqualByComparingTo("37.2");

    assertThat(failure(dx("ETH-USD", DYDX + "/3")).describe())
        .isEqualTo(
            "unavailable: dydx subaccount refused: HTTP 404: No subaccount found with address "
                + DYDX
                + " and subaccountNumber 3");
    venues.closeDydxPosition(DYDX, 128, "ETH-USD");
    assertThat(failure(dx("ETH-USD", DYDX + "/128")).describe())
        .contains("has no open ETH-USD position (0 open positions)");
  }
}
