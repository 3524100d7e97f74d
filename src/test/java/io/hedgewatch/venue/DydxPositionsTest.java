package io.hedgewatch.venue;

import static io.hedgewatch.venue.OffchainTestSupport.fixture;
import static io.hedgewatch.venue.OffchainTestSupport.unwrapCapture;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.ReadFailure;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * dYdX subaccounts read into position snapshots, priced with the recorded {@code perpetualMarkets}
 * reply (BTC-USD oracle 89919.2, ETH-USD 3103.01, both with maintenance margin fraction 0.012). No
 * recorded subaccount with open positions exists; the subaccount bodies here are written in the
 * shape of the indexer's API documentation ({@code SubaccountResponseObject}, {@code
 * PerpetualPositionResponseObject}).
 */
class DydxPositionsTest {

  static final String ADDRESS = "dydx199tqg4wdlnu4qjlxchpd7seg454937hjrknju4";
  private static final Instant AT = Instant.parse("2025-12-08T16:12:00Z");
  private static final JsonNode MARKETS =
      DydxReader.parseMarkets("dydx", unwrapCapture(fixture("dydx-v4-perpetualMarkets.json")));

  /** A short ETH hedge beside a BTC long in subaccount 0. */
  static final String HEDGED =
      """
      {"subaccount":{"address":"dydx199tqg4wdlnu4qjlxchpd7seg454937hjrknju4","subaccountNumber":0,
        "equity":"10250.75","freeCollateral":"9900.1",
        "openPerpetualPositions":{
          "ETH-USD":{"market":"ETH-USD","status":"OPEN","side":"SHORT","size":"-2.5","maxSize":"-2.5",
            "entryPrice":"3150.0","exitPrice":null,"realizedPnl":"3.2","createdAt":"2025-12-01T10:00:00.000Z",
            "createdAtHeight":"60000000","sumOpen":"2.5","sumClose":"0","netFunding":"3.2",
            "unrealizedPnl":"117.475","closedAt":null,"subaccountNumber":0},
          "BTC-USD":{"market":"BTC-USD","status":"OPEN","side":"LONG","size":"0.1","maxSize":"0.1",
            "entryPrice":"90000","exitPrice":null,"realizedPnl":"-1.5","createdAt":"2025-12-02T10:00:00.000Z",
            "createdAtHeight":"60100000","sumOpen":"0.1","sumClose":"0","netFunding":"-1.5",
            "unrealizedPnl":"-8.08","closedAt":null,"subaccountNumber":0}},
        "assetPositions":{"USDC":{"size":"9241.855","symbol":"USDC","side":"LONG","assetId":"0",
          "subaccountNumber":0}},
        "marginEnabled":true,"updatedAtHeight":"63049869","latestProcessedBlockHeight":"66624141"}}
      """;

  private static final DydxPositions.SubaccountId ZERO = new DydxPositions.SubaccountId(ADDRESS, 0);

  private static PositionSnapshot read(String body, DydxPositions.SubaccountId id, String ticker) {
    DydxPositions.Subaccount sub = DydxPositions.parseSubaccount("dydx", id, body);
    return DydxPositions.snapshot(
        "dydx",
        new PositionReader.Request("hedge", "eth-perp", ticker, id.toString()),
        sub,
        MARKETS,
        AT);
  }

  private static ReadFailure rejection(Runnable read) {
    try {
      read.run();
    } catch (OffchainJson.Rejected e) {
      return e.failure();
    }
    throw new AssertionError("expected a rejection");
  }

  @Test
  void a_short_in_a_cross_subaccount_is_backed_by_its_equity_against_every_positions_maintenance() {
    PositionSnapshot eth = read(HEDGED, ZERO, "ETH-USD");

    assertThat(eth.side()).isEqualTo(PositionSide.SHORT);
    assertThat(eth.size()).isEqualByComparingTo("2.5");
    assertThat(eth.entryPrice()).contains(new BigDecimal("3150.0"));
    assertThat(eth.markPrice()).isEqualByComparingTo("3103.01");
    assertThat(eth.marginMode()).isEqualTo(MarginMode.CROSS);
    assertThat(eth.equity()).isEqualByComparingTo("10250.75");
    // 2.5 x 3103.01 x 0.012 + 0.1 x 89919.2 x 0.012
    assertThat(eth.maintenanceMargin()).isEqualByComparingTo("200.993340");
    assertThat(eth.unrealizedPnl()).contains(new BigDecimal("117.475"));
    assertThat(eth.accruedFunding()).contains(new BigDecimal("3.2"));
    assertThat(eth.venueLiquidationPrice()).isEmpty();
    assertThat(eth.venueSaysLiquidatable()).isEmpty();
    assertThat(eth.at()).isEqualTo(AT);
    assertThat(eth.source()).isEqualTo("dydx subaccount " + ADDRESS + "/0");

    PositionSnapshot btc = read(HEDGED, ZERO, "BTC-USD");
    assertThat(btc.side()).isEqualTo(PositionSide.LONG);
    assertThat(btc.markPrice()).isEqualByComparingTo("89919.2");
    assertThat(btc.maintenanceMargin()).isEqualByComparingTo(eth.maintenanceMargin());
    assertThat(btc.accruedFunding()).contains(new BigDecimal("-1.5"));
  }

  @Test
  void a_position_in_a_front_end_isolated_subaccount_is_isolated() {
    String isolated = HEDGED.replace("\"subaccountNumber\":0", "\"subaccountNumber\":128");
    DydxPositions.SubaccountId child = new DydxPositions.SubaccountId(ADDRESS, 128);

    PositionSnapshot eth = read(isolated, child, "ETH-USD");

    assertThat(eth.marginMode()).isEqualTo(MarginMode.ISOLATED);
    assertThat(eth.source()).endsWith("/128");
  }

  @Test
  void an_unsigned_short_size_reads_as_a_short_but_a_negative_long_is_malformed() {
    assertThat(
            read(HEDGED.replace("\"size\":\"-2.5\"", "\"size\":\"2.5\""), ZERO, "ETH-USD").size())
        .isEqualByComparingTo("2.5");

    String negativeLong = HEDGED.replace("\"size\":\"0.1\"", "\"size\":\"-0.1\"");
    assertThat(rejection(() -> read(negativeLong, ZERO, "ETH-USD")).describe())
        .isEqualTo(
            "malformed return data: dydx subaccount "
                + ADDRESS
                + "/0.subaccount.openPerpetualPositions['BTC-USD'] is LONG with a negative size -0.1");
  }

  @Test
  void no_open_position_in_the_ticker_is_unavailable_saying_so() {
    ReadFailure failure = rejection(() -> read(HEDGED, ZERO, "SOL-USD"));

    assertThat(failure).isInstanceOf(ReadFailure.Unavailable.class);
    assertThat(failure.describe())
        .isEqualTo(
            "unavailable: dydx: subaccount "
                + ADDRESS
                + "/0 has no open SOL-USD position (2 open positions)");
    String closed =
        HEDGED.replace(
            "\"status\":\"OPEN\",\"side\":\"SHORT\"", "\"status\":\"CLOSED\",\"side\":\"SHORT\"");
    assertThat(rejection(() -> read(closed, ZERO, "ETH-USD")).describe())
        .contains("has no open ETH-USD position (1 open positions)");
  }

  @Test
  void a_held_market_the_indexer_does_not_list_leaves_the_maintenance_unknown() {
    String doge = HEDGED.replace("\"BTC-USD\"", "\"DOGE-USD\"");

    assertThat(rejection(() -> read(doge, ZERO, "ETH-USD")).describe())
        .isEqualTo(
            "unavailable: dydx lists no market 'DOGE-USD', which subaccount "
                + ADDRESS
                + "/0 holds: its maintenance margin cannot be computed");
  }

  @Test
  void replies_that_are_no_subaccount_of_the_asked_address_are_malformed() {
    List<String[]> cases =
        List.of(
            new String[] {"", "subaccount " + ADDRESS + "/0: empty body, expected JSON"},
            new String[] {"{\"errors\":[]}", ".subaccount is missing, expected an object"},
            new String[] {
              HEDGED.replace("\"address\":\"" + ADDRESS, "\"address\":\"dydx1other"),
              ".subaccount.address is 'dydx1other"
            },
            new String[] {
              HEDGED.replace("\"equity\":\"10250.75\"", "\"equity\":null"),
              ".subaccount.equity is null"
            },
            new String[] {
              HEDGED.replace("\"side\":\"SHORT\"", "\"side\":\"short\""),
              "['ETH-USD'].side is 'short', expected LONG or SHORT"
            },
            new String[] {
              HEDGED.replace("\"market\":\"ETH-USD\"", "\"market\":\"ETH\""),
              "['ETH-USD'].market is 'ETH'"
            },
            new String[] {
              HEDGED.replace("\"entryPrice\":\"3150.0\"", "\"entryPrice\":\"0\""),
              "['ETH-USD'].entryPrice is zero"
            });
    for (String[] c : cases) {
      ReadFailure failure = rejection(() -> read(c[0], ZERO, "ETH-USD"));
      assertThat(failure).as(c[1]).isInstanceOf(ReadFailure.Malformed.class);
      assertThat(failure.describe()).as(c[1]).contains(c[1]);
    }
    String otherNumber = HEDGED.replaceFirst("\"subaccountNumber\":0", "\"subaccountNumber\":1");
    assertThat(rejection(() -> read(otherNumber, ZERO, "ETH-USD")).describe())
        .contains(".subaccount.subaccountNumber is 1, asked for 0");
  }

  @Test
  void accounts_are_dydx_addresses_with_an_optional_subaccount_number() {
    assertThat(DydxPositions.subaccount(ADDRESS)).contains(ZERO);
    assertThat(DydxPositions.subaccount(" " + ADDRESS + "/256 "))
        .contains(new DydxPositions.SubaccountId(ADDRESS, 256));
    assertThat(DydxPositions.subaccount(ADDRESS + "/128001")).isEmpty();
    assertThat(DydxPositions.subaccount(ADDRESS + "/")).isEmpty();
    assertThat(DydxPositions.subaccount(ADDRESS.toUpperCase())).isEmpty();
    assertThat(DydxPositions.subaccount("0x5e9ee1089755c3435139848e47e6635505d5a13a"))
        .isEqualTo(Optional.empty());
    // 'b' is not a bech32 character
    assertThat(DydxPositions.subaccount(ADDRESS.replace('q', 'b'))).isEmpty();
  }
}
