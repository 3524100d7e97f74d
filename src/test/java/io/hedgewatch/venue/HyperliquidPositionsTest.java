package io.hedgewatch.venue;

import static io.hedgewatch.venue.OffchainTestSupport.fixture;
import static io.hedgewatch.venue.OffchainTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.ReadFailure;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code clearinghouseState} replies read into position snapshots: the recorded 2023 mainnet reply
 * (old shape, twelve cross positions), the example reply of Hyperliquid's API docs (current shape,
 * an isolated long) and replies written in the current shape for what neither shows.
 */
class HyperliquidPositionsTest {

  private static final String OLD = fixture("hyperliquid-clearinghouseState.json");
  private static final String DOCS = fixture("hyperliquid-docs-clearinghouseState.json");
  private static final String OLD_USER = "0x5e9ee1089755c3435139848e47e6635505d5a13a";
  private static final String DOCS_USER = "0x0000000000000000000000000000000000000001";
  private static final Instant RECEIVED = Instant.parse("2023-03-27T12:00:00Z");

  /** A short ETH hedge on cross margin beside a BTC long, as current replies carry it. */
  private static final String CROSS_SHORT =
      """
      {"marginSummary":{"accountValue":"12000.5","totalNtlPos":"45000.0","totalRawUsd":"27000.5",
        "totalMarginUsed":"4500.0"},
       "crossMarginSummary":{"accountValue":"12000.5","totalNtlPos":"45000.0",
        "totalRawUsd":"27000.5","totalMarginUsed":"4500.0"},
       "crossMaintenanceMarginUsed":"1100.0","withdrawable":"7500.5",
       "assetPositions":[
        {"type":"oneWay","position":{"coin":"ETH","szi":"-10.0",
          "leverage":{"type":"cross","value":10},"entryPx":"3050.0","positionValue":"30000.0",
          "unrealizedPnl":"500.0","returnOnEquity":"0.16393","liquidationPx":"4012.5",
          "marginUsed":"3000.0","maxLeverage":25,
          "cumFunding":{"allTime":"-40.1","sinceOpen":"-12.25","sinceChange":"-3.5"}}},
        {"type":"oneWay","position":{"coin":"BTC","szi":"0.15",
          "leverage":{"type":"cross","value":10},"entryPx":"98000.0","positionValue":"15000.0",
          "unrealizedPnl":"300.0","returnOnEquity":"0.2","liquidationPx":null,
          "marginUsed":"1500.0","maxLeverage":40,
          "cumFunding":{"allTime":"7.0","sinceOpen":"7.0","sinceChange":"7.0"}}}],
       "time":1764000000000}
      """;

  private static PositionReader.Request request(String coin, String user) {
    return new PositionReader.Request("hedge", "perp", coin, user);
  }

  private static PositionSnapshot read(String body, String user, String coin) {
    return read(body, user, coin, Map.of());
  }

  private static PositionSnapshot read(
      String body, String user, String coin, Map<String, Integer> meta) {
    HyperliquidPositions.State state = HyperliquidPositions.parseState("hyperliquid", user, body);
    return HyperliquidPositions.snapshot("hyperliquid", request(coin, user), state, RECEIVED, meta);
  }

  private static ReadFailure rejection(Runnable read) {
    try {
      read.run();
    } catch (OffchainJson.Rejected e) {
      return e.failure();
    }
    throw new AssertionError("expected a rejection");
  }

  private static Map<String, Integer> everyCoinAt(int maxLeverage) {
    Map<String, Integer> meta = new HashMap<>();
    for (JsonNode entry : json(OLD).get("assetPositions")) {
      meta.put(entry.get("position").get("coin").asText(), maxLeverage);
    }
    return meta;
  }

  @Test
  void the_docs_isolated_long_is_its_own_margin_with_maintenance_at_half_the_max_leverage_margin() {
    PositionSnapshot eth = read(DOCS, DOCS_USER, "ETH");

    assertThat(eth.side()).isEqualTo(PositionSide.LONG);
    assertThat(eth.size()).isEqualByComparingTo("0.0335");
    assertThat(eth.entryPrice()).contains(new BigDecimal("2986.3"));
    // positionValue / |szi|
    assertThat(eth.markPrice()).isEqualByComparingTo("2985.9");
    assertThat(eth.marginMode()).isEqualTo(MarginMode.ISOLATED);
    // rawUsd + szi x mark = -95.059824 + 100.02765, the position's marginUsed
    assertThat(eth.equity()).isEqualByComparingTo("4.967826");
    // 100.02765 / (2 x 50)
    assertThat(eth.maintenanceMargin()).isEqualByComparingTo("1.0002765");
    assertThat(eth.venueLiquidationPrice()).contains(new BigDecimal("2866.26936529"));
    assertThat(eth.unrealizedPnl()).contains(new BigDecimal("-0.0134"));
    assertThat(eth.accruedFunding()).hasValueSatisfying(f -> assertThat(f).isZero());
    assertThat(eth.at()).isEqualTo(Instant.ofEpochMilli(1708622398623L));
    assertThat(eth.source())
        .isEqualTo("hyperliquid clearinghouseState of 0x0000000000000000000000000000000000000001");
    assertThat(eth.venueSaysLiquidatable()).isEmpty();
  }

  @Test
  void at_the_docs_liquidation_price_the_isolated_equity_meets_the_maintenance_margin() {
    // Source: Hyperliquid API docs, Info endpoint, Perpetuals, the clearinghouseState example.
    // Equity at P is rawUsd + szi x P; maintenance is szi x P / (2 x maxLeverage).
    BigDecimal szi = new BigDecimal("0.0335");
    BigDecimal liquidation = new BigDecimal("2866.26936529");
    BigDecimal equityThere = new BigDecimal("-95.059824").add(szi.multiply(liquidation));
    BigDecimal maintenanceThere = szi.multiply(liquidation).divide(BigDecimal.valueOf(100));

    assertThat(equityThere.subtract(maintenanceThere).abs()).isLessThan(new BigDecimal("0.000001"));
    assertThat(read(DOCS, DOCS_USER, "ETH").maintenanceMargin())
        .isEqualByComparingTo(new BigDecimal("100.02765").divide(BigDecimal.valueOf(100)));
  }

  @Test
  void a_cross_short_is_backed_by_the_cross_account_and_its_funding_received_is_positive() {
    PositionSnapshot eth = read(CROSS_SHORT, DOCS_USER, "ETH");

    assertThat(eth.side()).isEqualTo(PositionSide.SHORT);
    assertThat(eth.size()).isEqualByComparingTo("10");
    assertThat(eth.signedSize()).isEqualByComparingTo("-10");
    assertThat(eth.markPrice()).isEqualByComparingTo("3000");
    assertThat(eth.marginMode()).isEqualTo(MarginMode.CROSS);
    assertThat(eth.equity()).isEqualByComparingTo("12000.5");
    // the venue's own account figure, not the formula (which gives 30000/50 + 15000/80 = 787.5)
    assertThat(eth.maintenanceMargin()).isEqualByComparingTo("1100.0");
    assertThat(eth.venueLiquidationPrice()).contains(new BigDecimal("4012.5"));
    // sinceOpen -12.25 paid is 12.25 received
    assertThat(eth.accruedFunding()).contains(new BigDecimal("12.25"));
    assertThat(eth.at()).isEqualTo(Instant.ofEpochMilli(1764000000000L));

    PositionSnapshot btc = read(CROSS_SHORT, DOCS_USER, "BTC");
    assertThat(btc.side()).isEqualTo(PositionSide.LONG);
    assertThat(btc.venueLiquidationPrice()).isEmpty();
    assertThat(btc.accruedFunding()).contains(new BigDecimal("-7.0"));
    assertThat(btc.equity()).isEqualByComparingTo(eth.equity());
  }

  @Test
  void in_the_recorded_2023_reply_raw_usd_plus_signed_notional_is_the_account_value() {
    // the convention the isolated equity (rawUsd + szi x mark) rests on, seen on a real reply
    HyperliquidPositions.State state =
        HyperliquidPositions.parseState("hyperliquid", OLD_USER, OLD);
    BigDecimal signed =
        state.positions().stream()
            .map(HyperliquidPositions.Position::signedValue)
            .reduce(BigDecimal.ZERO, BigDecimal::add);
    JsonNode cross = json(OLD).get("crossMarginSummary");

    assertThat(state.positions()).hasSize(12);
    assertThat(new BigDecimal(cross.get("totalRawUsd").asText()).add(signed))
        .isEqualByComparingTo(cross.get("accountValue").asText());
  }

  @Test
  void the_old_shape_has_no_maintenance_figure_so_every_cross_coin_needs_its_max_leverage() {
    HyperliquidPositions.State state =
        HyperliquidPositions.parseState("hyperliquid", OLD_USER, OLD);

    assertThat(state.crossMaintenanceMarginUsed()).isEmpty();
    assertThat(state.time()).isEmpty();
    assertThat(HyperliquidPositions.coinsLackingMaxLeverage(state, "ETH"))
        .containsExactly(
            "BTC", "ETH", "ATOM", "MATIC", "DYDX", "SOL", "AVAX", "BNB", "APE", "OP", "LTC", "ARB");
    assertThat(HyperliquidPositions.coinsLackingMaxLeverage(state, "DOGE")).isEmpty();
    HyperliquidPositions.State current =
        HyperliquidPositions.parseState("hyperliquid", DOCS_USER, CROSS_SHORT);
    assertThat(HyperliquidPositions.coinsLackingMaxLeverage(current, "ETH")).isEmpty();
  }

  @Test
  void the_old_shape_reads_with_the_max_leverage_of_meta() {
    PositionSnapshot btc = read(OLD, OLD_USER, "BTC", everyCoinAt(50));

    assertThat(btc.side()).isEqualTo(PositionSide.SHORT);
    assertThat(btc.size()).isEqualByComparingTo("0.00785");
    assertThat(btc.entryPrice()).contains(new BigDecimal("26951.0"));
    assertThat(btc.markPrice()).isEqualByComparingTo("26961.2");
    assertThat(btc.marginMode()).isEqualTo(MarginMode.CROSS);
    assertThat(btc.equity()).isEqualByComparingTo("1182.312496");
    // totalNtlPos 3434.815334 / (2 x 50)
    assertThat(btc.maintenanceMargin()).isEqualByComparingTo("34.34815334");
    assertThat(btc.venueLiquidationPrice()).contains(new BigDecimal("173198.69592357"));
    assertThat(btc.unrealizedPnl()).contains(new BigDecimal("-0.08007"));
    // the 2023 shape has no cumFunding, and no time: the reply's arrival stands in
    assertThat(btc.accruedFunding()).isEmpty();
    assertThat(btc.at()).isEqualTo(RECEIVED);

    PositionSnapshot eth = read(OLD, OLD_USER, "ETH", everyCoinAt(50));
    assertThat(eth.side()).isEqualTo(PositionSide.LONG);
    assertThat(eth.markPrice()).isEqualByComparingTo("1706.71");
    assertThat(eth.venueLiquidationPrice()).isEmpty();
  }

  @Test
  void the_old_shape_without_meta_is_malformed_naming_the_missing_max_leverage() {
    assertThat(rejection(() -> read(OLD, OLD_USER, "ETH")).describe())
        .isEqualTo(
            "malformed return data: hyperliquid clearinghouseState of "
                + OLD_USER
                + ".assetPositions[0] (BTC) has no maxLeverage and meta.universe gives none for"
                + " BTC: its maintenance margin cannot be computed");
  }

  @Test
  void an_account_without_the_coin_is_unavailable_saying_so() {
    ReadFailure failure = rejection(() -> read(DOCS, DOCS_USER, "eth"));

    assertThat(failure).isInstanceOf(ReadFailure.Unavailable.class);
    assertThat(failure.describe())
        .isEqualTo(
            "unavailable: hyperliquid: 0x0000000000000000000000000000000000000001 has no open eth"
                + " position (1 open positions in clearinghouseState; coin names are"
                + " case-sensitive)");
  }

  @Test
  void an_empty_account_and_a_zero_size_have_no_open_position() {
    String empty =
        """
        {"marginSummary":{"accountValue":"0.0","totalNtlPos":"0.0","totalRawUsd":"0.0",
          "totalMarginUsed":"0.0"},"crossMarginSummary":{"accountValue":"0.0","totalNtlPos":"0.0",
          "totalRawUsd":"0.0","totalMarginUsed":"0.0"},"crossMaintenanceMarginUsed":"0.0",
          "withdrawable":"0.0","assetPositions":[],"time":1764000000000}
        """;
    String zero = CROSS_SHORT.replace("\"szi\":\"-10.0\"", "\"szi\":\"0.0\"");

    assertThat(rejection(() -> read(empty, DOCS_USER, "ETH")))
        .isInstanceOf(ReadFailure.Unavailable.class);
    assertThat(rejection(() -> read(zero, DOCS_USER, "ETH")).describe())
        .contains("has no open ETH position (1 open positions");
  }

  @Test
  void bodies_that_are_no_clearinghouse_state_are_malformed_naming_what_was_found() {
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("", "clearinghouseState of " + DOCS_USER + ": empty body, expected JSON");
    cases.put("<html>", "clearinghouseState of " + DOCS_USER + ": not JSON: '<html>'");
    cases.put("{\"assetPositions\":[{\"position\":{\"coin\":\"ETH\"", "not JSON");
    cases.put("[]", "reply is an array, expected an object");
    cases.put("{}", ".assetPositions is missing, expected an array");
    cases.put("{\"assetPositions\":[null]}", ".assetPositions[0] is null, expected an object");
    cases.put(
        "{\"assetPositions\":[{\"type\":\"oneWay\"}]}",
        ".assetPositions[0].position is missing, expected an object");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      ReadFailure failure = rejection(() -> read(c.getKey(), DOCS_USER, "ETH"));
      assertThat(failure).as(c.getKey()).isInstanceOf(ReadFailure.Malformed.class);
      assertThat(failure.describe()).as(c.getKey()).contains(c.getValue());
    }
  }

  @Test
  void a_mistyped_position_field_is_malformed_naming_the_entry_and_the_field() {
    List<String[]> cases =
        List.of(
            new String[] {
              "\"szi\":\"-10.0\"", "\"szi\":\"ten\"", "[0] (ETH).szi is not a decimal number"
            },
            new String[] {
              "\"type\":\"cross\",\"value\":10},\"entryPx\":\"3050.0\"",
              "\"type\":\"portfolio\",\"value\":10},\"entryPx\":\"3050.0\"",
              "[0] (ETH).leverage.type is 'portfolio', expected 'cross' or 'isolated'"
            },
            new String[] {
              "\"positionValue\":\"30000.0\"",
              "\"positionValue\":\"0.0\"",
              "[0] (ETH).positionValue is zero"
            },
            new String[] {
              "\"maxLeverage\":25", "\"maxLeverage\":\"25\"", "[0] (ETH).maxLeverage is '25'"
            },
            new String[] {
              "\"liquidationPx\":\"4012.5\"",
              "\"liquidationPx\":\"-1\"",
              "[0] (ETH).liquidationPx is negative"
            },
            new String[] {
              "\"sinceOpen\":\"-12.25\"",
              "\"sinceOpen\":null",
              "[0] (ETH).cumFunding.sinceOpen is null"
            },
            new String[] {
              "\"crossMaintenanceMarginUsed\":\"1100.0\"",
              "\"crossMaintenanceMarginUsed\":\"-1\"",
              ".crossMaintenanceMarginUsed is negative"
            },
            new String[] {
              "\"coin\":\"BTC\"", "\"coin\":\"ETH\"", ".assetPositions lists ETH twice"
            });
    for (String[] c : cases) {
      assertThat(CROSS_SHORT).contains(c[0]);
      String body = CROSS_SHORT.replace(c[0], c[1]);
      ReadFailure failure = rejection(() -> read(body, DOCS_USER, "ETH"));
      assertThat(failure).as(c[1]).isInstanceOf(ReadFailure.Malformed.class);
      assertThat(failure.describe()).as(c[1]).contains(c[2]);
    }
  }

  @Test
  void an_isolated_position_without_raw_usd_takes_its_margin_used() {
    String body =
        DOCS.replace("\"rawUsd\": \"-95.059824\",", "").replace("\"maxLeverage\": 50,", "");

    PositionSnapshot eth = read(body, DOCS_USER, "ETH", Map.of("ETH", 25));

    assertThat(eth.equity()).isEqualByComparingTo("4.967826");
    assertThat(eth.maintenanceMargin()).isEqualByComparingTo("2.000553");
  }

  @Test
  void accounts_are_0x_addresses_asked_in_lower_case() {
    assertThat(HyperliquidPositions.user(" 0x5E9EE1089755C3435139848E47E6635505D5A13A "))
        .contains(OLD_USER);
    assertThat(HyperliquidPositions.user("0x5e9ee1089755c3435139848e47e6635505d5a13")).isEmpty();
    assertThat(HyperliquidPositions.user("5e9ee1089755c3435139848e47e6635505d5a13a0x")).isEmpty();
    assertThat(HyperliquidPositions.user("dydx1abc")).isEqualTo(Optional.empty());
  }

  @Test
  void meta_gives_max_leverage_by_coin() {
    JsonNode universe = json(fixture("hyperliquid-metaAndAssetCtxs.json")).get(0).get("universe");

    Map<String, Integer> max = HyperliquidPositions.maxLeverages("hyperliquid", universe);

    assertThat(max).hasSize(142).containsEntry("SOL", 3).containsEntry("BTC", 50);
    assertThatThrownBy(
            () ->
                HyperliquidPositions.maxLeverages(
                    "hyperliquid", json("[{\"name\":\"X\",\"maxLeverage\":0}]")))
        .isInstanceOf(OffchainJson.Rejected.class)
        .hasMessageContaining("meta.universe[0].maxLeverage is 0, expected 1 to 200");
  }
}
