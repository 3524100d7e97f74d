package io.hedgewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.BufferBalance;
import io.hedgewatch.domain.HedgedExposure;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.domain.SequencerStatus;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.HedgeTarget;
import io.hedgewatch.risk.OracleRules;
import io.hedgewatch.risk.PositionContext;
import io.hedgewatch.risk.PositionRules;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A stress of a known portfolio, rendered: a short described by hand (10 ETH at 3000 on 6000, 1 %
 * maintenance: liquidated at 36000 / 10.1, a rise of 19 / 101) with a 5,000 USDC buffer on an L2,
 * and a position the check could not read.
 */
class StressReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
  private static final BlockRef BLOCK = new BlockRef(1234, NOW);
  private static final BigDecimal EXACT_SHOCK =
      new BigDecimal("19").divide(new BigDecimal("101"), MathContext.DECIMAL128);

  private static final HedgewatchConfig CONFIG =
      load(
          """
          chains:
            l2:
              chainId: 42161
              rpcUrls: ["http://127.0.0.1:9/"]
              sequencerUptimeFeed: "0xFdB631F5EE196F0ed6FAa767959853A9F217697D"
            l1: { chainId: 1, rpcUrls: ["http://127.0.0.1:9/"] }
          venues:
            hl: { type: hyperliquid, baseUrl: "http://127.0.0.1:9" }
          markets:
            eth-perp: { venue: hl, market: ETH }
          positions:
            hand-short:
              market: eth-perp
              side: short
              size: 10
              entryPrice: 3000
              collateral: 6000
              maintenanceMarginRatio: 1%
              hedges: { asset: ETH, amount: 10 }
              buffer:
                chain: l2
                token: "0xaf88d065e77c8cc2239327c5edb3a432268e5831"
                holder: "0x3333333333333333333333333333333333333333"
            unread: { market: eth-perp, account: "0x2222222222222222222222222222222222222222" }
          """);

  private static HedgewatchConfig load(String yaml) {
    LoadResult result = ConfigLoader.parse(yaml, Path.of("test.yaml"), Map.of());
    assertThat(result).as("%s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  private static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }

  /** The check the stress starts from, with the L2's sequencer {@code up} or down. */
  private static CheckReport check(boolean sequencerUp) {
    PositionSnapshot shortEth =
        new PositionSnapshot(
            "hand-short",
            "eth-perp",
            "described in config",
            NOW,
            PositionSide.SHORT,
            dec("10"),
            Optional.of(dec("3000")),
            dec("3000"),
            MarginMode.ISOLATED,
            dec("6000"),
            dec("300"),
            Optional.empty(),
            Optional.of(BigDecimal.ZERO),
            Optional.empty(),
            Optional.empty());
    PositionContext context =
        PositionContext.of("ETH", "USD")
            .withExposure(new HedgedExposure("ETH", dec("10"), Optional.of(dec("3000")), "config"))
            .withHedgeTarget(HedgeTarget.DEFAULT)
            .withBuffer(
                new BufferBalance(
                    "0xaf88d065e77c8cc2239327c5edb3a432268e5831",
                    "0x3333333333333333333333333333333333333333",
                    dec("5000"),
                    Optional.of(BigDecimal.ONE),
                    "balanceOf on l2"));
    List<Alert> alerts = new ArrayList<>(PositionRules.evaluate(shortEth, context, CONFIG::rule));
    PositionReport hand =
        new PositionReport(
            CONFIG.positions().get("hand-short"),
            CONFIG.markets().get("eth-perp"),
            Read.ok(shortEth),
            Optional.of(context),
            Optional.of(PositionRules.metrics(shortEth, context, CONFIG::rule)),
            List.of(),
            OracleRules.worst(alerts));
    PositionReport unread =
        new PositionReport(
            CONFIG.positions().get("unread"),
            CONFIG.markets().get("eth-perp"),
            Read.failed(new ReadFailure.Unavailable("venue hl answered 502")),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Severity.UNKNOWN);
    alerts.add(
        new Alert(
            "monitor.blind",
            Severity.UNKNOWN,
            "position:unread",
            "cannot read position unread",
            null,
            null,
            "check it"));
    // a feed's alert of the observation: check's business, not repeated by stress
    alerts.add(
        new Alert("oracle.stale", Severity.WARNING, "feed:eth-usd", "stale", 1.0, 1.0, "wait"));
    BigInteger since = BigInteger.valueOf(NOW.getEpochSecond() - 600);
    SequencerStatus sequencer =
        new SequencerStatus(
            sequencerUp ? BigInteger.ZERO : BigInteger.ONE, since, since, BigInteger.TEN);
    ChainStatus l2 =
        new ChainStatus(
            "l2",
            42161,
            Optional.of(BLOCK),
            Optional.of(Read.ok(sequencer)),
            Optional.empty(),
            "multicall3",
            2,
            2);
    return new CheckReport(
        NOW,
        OracleRules.worst(alerts),
        List.of(l2),
        List.of(),
        List.of(),
        List.of(hand, unread),
        List.of(),
        alerts,
        List.of());
  }

  private static StressReport.Scenario price(String move) {
    return new StressReport.Scenario(
        Optional.of(dec(move)), BigDecimal.ONE, BigDecimal.ZERO, List.of());
  }

  private static JsonNode json(StressReport report) throws Exception {
    return JSON.readTree(StressJson.render(report));
  }

  private static JsonNode position(JsonNode doc, String id) {
    for (JsonNode p : doc.get("positions")) {
      if (p.get("id").asText().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("no position " + id + " in " + doc);
  }

  private static List<String> rules(JsonNode doc) {
    List<String> rules = new ArrayList<>();
    doc.get("alerts")
        .forEach(a -> rules.add(a.get("rule").asText() + " " + a.get("subject").asText()));
    return rules;
  }

  @Test
  void a_shock_past_the_liquidation_shock_liquidates_and_needs_the_margin_it_lacks()
      throws Exception {
    StressReport report = StressReport.of(check(true), price("0.2"), CONFIG);
    JsonNode doc = json(report);

    assertThat(doc.get("status").asText()).isEqualTo("CRITICAL");
    assertThat(doc.get("shock").get("price").asText()).isEqualTo("20%");
    assertThat(doc.get("shock").get("fundingX").isNumber()).isTrue();
    assertThat(doc.get("shock").get("fundingX").asInt()).isEqualTo(1);
    assertThat(doc.get("shock").get("drift").asText()).isEqualTo("0%");
    assertThat(doc.get("shock").has("ladder")).isFalse();
    // marked at 3600: equity 6000 - 6000 = 0 against 1 % x 10 x 3600 = 360
    JsonNode hand = position(doc, "hand-short");
    assertThat(hand.get("liquidated").asBoolean()).isTrue();
    assertThat(new BigDecimal(hand.get("marginAfter").asText())).isEqualByComparingTo("-360");
    assertThat(new BigDecimal(hand.get("bufferNeeded").asText())).isEqualByComparingTo("360");
    assertThat(new BigDecimal(hand.get("markPrice").asText())).isEqualByComparingTo("3600");
    assertThat(hand.get("observedMarkPrice").asText()).isEqualTo("3000");
    assertThat(hand.get("liquidationShockPct").asDouble()).isCloseTo(1900.0 / 101, within(1e-9));
    assertThat(new BigDecimal(hand.get("liquidationShock").asText()))
        .isCloseTo(EXACT_SHOCK, within(dec("1e-32")))
        .isGreaterThanOrEqualTo(EXACT_SHOCK.setScale(32, java.math.RoundingMode.DOWN));
    assertThat(hand.get("bufferUsable").asBoolean()).isTrue();
    assertThat(new BigDecimal(hand.get("bufferShortfall").asText())).isEqualByComparingTo("0");
    assertThat(hand.get("status").asText()).isEqualTo("CRITICAL");
    // the check's own figures of the shocked state are there too
    assertThat(hand.get("leverage").isNull()).isTrue();
    assertThat(hand.get("hedgeRatio").asDouble()).isEqualTo(1.0);

    JsonNode unread = position(doc, "unread");
    assertThat(unread.get("error").asText()).contains("502");
    for (String field :
        List.of("liquidated", "marginAfter", "bufferNeeded", "liquidationShockPct")) {
      assertThat(unread.get(field).isNull()).as(field).isTrue();
    }
    assertThat(rules(doc))
        .contains(
            "position.liquidation-distance position:hand-short", "monitor.blind position:unread")
        .doesNotContain("oracle.stale feed:eth-usd");
    assertThat(doc.get("observedStatus").asText()).isEqualTo("WARNING");
  }

  @Test
  void a_shock_short_of_it_leaves_margin_and_only_the_alerts_of_the_shocked_state()
      throws Exception {
    // marked at 2700: equity 6000 + 3000 = 9000 against 270
    StressReport report = StressReport.of(check(true), price("-0.1"), CONFIG);
    JsonNode hand = position(json(report), "hand-short");
    assertThat(hand.get("liquidated").asBoolean()).isFalse();
    assertThat(new BigDecimal(hand.get("marginAfter").asText())).isEqualByComparingTo("8730");
    assertThat(new BigDecimal(hand.get("bufferNeeded").asText())).isEqualByComparingTo("0");
    assertThat(report.positions().get(0).result().orElseThrow().alerts())
        .noneMatch(a -> a.rule().equals("position.liquidation-distance"));
    // the unread position keeps the stress UNKNOWN at best
    assertThat(report.status()).isIn(Severity.UNKNOWN, Severity.WARNING);
  }

  @Test
  void the_ladder_shows_every_rung_and_the_first_that_liquidates_each_way() throws Exception {
    StressReport report =
        StressReport.of(
            check(true),
            new StressReport.Scenario(Optional.empty(), BigDecimal.ONE, BigDecimal.ZERO, List.of()),
            CONFIG);
    JsonNode doc = json(report);

    assertThat(doc.get("shock").get("price").asText()).isEqualTo("0%");
    List<String> rungs = new ArrayList<>();
    doc.get("shock").get("ladder").forEach(r -> rungs.add(r.asText()));
    assertThat(rungs)
        .containsExactly(
            "-50%", "-40%", "-30%", "-20%", "-10%", "0%", "10%", "20%", "30%", "40%", "50%");
    JsonNode hand = position(doc, "hand-short");
    // the document's state is the zero rung
    assertThat(hand.get("liquidated").asBoolean()).isFalse();
    assertThat(new BigDecimal(hand.get("markPrice").asText())).isEqualByComparingTo("3000");
    JsonNode ladder = hand.get("ladder");
    assertThat(ladder).hasSize(11);
    assertThat(ladder.get(6).get("price").asText()).isEqualTo("10%");
    assertThat(ladder.get(6).get("liquidated").asBoolean()).isFalse();
    assertThat(ladder.get(7).get("liquidated").asBoolean()).isTrue();
    assertThat(new BigDecimal(ladder.get(7).get("bufferNeeded").asText()))
        .isEqualByComparingTo("360");
    assertThat(ladder.get(7).get("status").asText()).isEqualTo("CRITICAL");
    assertThat(ladder.get(7).get("alerts").toString()).contains("position.liquidation-distance");
    // at +50 %: equity 6000 - 15000 = -9000 against 450
    assertThat(new BigDecimal(ladder.get(10).get("bufferNeeded").asText()))
        .isEqualByComparingTo("9450");
    assertThat(hand.get("firstLiquidatingRung").get("up").asText()).isEqualTo("20%");
    assertThat(hand.get("firstLiquidatingRung").get("down").isNull()).isTrue();
    assertThat(position(doc, "unread").has("ladder")).isFalse();

    String table = StressTable.render(report);
    assertThat(table)
        .contains("price ladder -50% to +50%")
        .contains("hand-short (eth-perp, short 10 marked at 3000): liquidated by a move of +18.82%")
        .contains("first rung that liquidates: down none, up +20%")
        .containsPattern("\\+20%\\s+3600\\s+LIQUIDATED\\s+-360\\s+360")
        .containsPattern("-10%\\s+2700\\s+survives\\s+8730\\s+0")
        .contains("unread (eth-perp): cannot be stressed: unavailable: venue hl answered 502")
        .contains("At no price move");
  }

  @Test
  void funding_and_drift_reach_the_shocked_state_and_the_liquidation_shock() throws Exception {
    StressReport report =
        StressReport.of(
            check(true),
            new StressReport.Scenario(Optional.of(dec("-0.1")), dec("3"), dec("0.02"), List.of()),
            CONFIG);
    JsonNode doc = json(report);
    assertThat(doc.get("shock").get("fundingX").asInt()).isEqualTo(3);
    assertThat(doc.get("shock").get("drift").asText()).isEqualTo("2%");
    JsonNode hand = position(doc, "hand-short");
    // 3000 x 0.9 x 1.02: the mark drifts up, against the short
    assertThat(new BigDecimal(hand.get("markPrice").asText())).isEqualByComparingTo("2754");
    assertThat(hand.get("markMovePct").asDouble()).isCloseTo(-8.2, within(1e-9));
    // with the mark 2 % against it, the market need only rise (36000 / 10.1) / 3060 - 1
    BigDecimal expected =
        dec("36000")
            .divide(dec("10.1"), MathContext.DECIMAL128)
            .divide(dec("3060"), MathContext.DECIMAL128)
            .subtract(BigDecimal.ONE);
    assertThat(new BigDecimal(hand.get("liquidationShock").asText()))
        .isCloseTo(expected, within(dec("1e-30")));
  }

  @Test
  void a_sequencer_outage_fires_sequencer_down_and_empties_the_buffer_on_that_chain()
      throws Exception {
    StressReport report =
        StressReport.of(
            check(true),
            new StressReport.Scenario(
                Optional.of(dec("0.2")), BigDecimal.ONE, BigDecimal.ZERO, List.of("l2")),
            CONFIG);
    JsonNode doc = json(report);

    List<JsonNode> down = new ArrayList<>();
    doc.get("alerts")
        .forEach(
            a -> {
              if (a.get("rule").asText().equals("sequencer.down")) {
                down.add(a);
              }
            });
    assertThat(down).hasSize(1);
    assertThat(down.get(0).get("subject").asText()).isEqualTo("chain:l2");
    assertThat(down.get(0).get("severity").asText()).isEqualTo("CRITICAL");
    assertThat(doc.get("shock").get("sequencerOutage").toString()).isEqualTo("[\"l2\"]");
    JsonNode hand = position(doc, "hand-short");
    assertThat(hand.get("bufferUsable").asBoolean()).isFalse();
    assertThat(hand.get("sequencerOutage").toString()).isEqualTo("[\"l2\"]");
    assertThat(hand.get("bufferValue").asText()).isEqualTo("0");
    // all 360 must be in before: the 5,000 in the buffer cannot get there in time
    assertThat(new BigDecimal(hand.get("bufferShortfall").asText())).isEqualByComparingTo("360");
    assertThat(rules(doc)).contains("buffer.insufficient position:hand-short");

    assertThat(StressTable.render(report))
        .contains("SEQUENCER OUTAGE on l2: no transaction gets in")
        .contains("sequencer down on l2")
        .contains("5000, unusable (sequencer of l2 down)");

    // without the outage, the same shock is covered by the buffer
    JsonNode calm =
        position(json(StressReport.of(check(true), price("0.2"), CONFIG)), "hand-short");
    assertThat(calm.get("bufferValue").asText()).isEqualTo("5000");
    assertThat(calm.get("sequencerOutage")).isEmpty();
  }

  @Test
  void a_sequencer_the_check_found_down_is_in_outage_without_asking() throws Exception {
    StressReport report = StressReport.of(check(false), price("0.2"), CONFIG);
    assertThat(report.outageChains()).containsExactly("l2");
    assertThat(report.alerts())
        .anySatisfy(
            a -> {
              assertThat(a.rule()).isEqualTo("sequencer.down");
              assertThat(a.message()).contains("10m");
            });
    assertThat(report.positions().get(0).bufferUsable()).contains(false);
  }

  @Test
  void an_outage_of_a_chain_without_an_uptime_feed_is_refused() {
    assertThatThrownBy(
            () ->
                StressReport.of(
                    check(true),
                    new StressReport.Scenario(
                        Optional.empty(), BigDecimal.ONE, BigDecimal.ZERO, List.of("l1")),
                    CONFIG))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("l1");
  }

  @Test
  void a_single_shock_is_one_row_per_position() {
    String table = StressTable.render(StressReport.of(check(true), price("0.2"), CONFIG));
    assertThat(table)
        .contains("shock: price +20%, funding x1, oracle drift 0% against each position")
        .containsPattern(
            "hand-short\\s+eth-perp\\s+short\\s+10\\s+3000\\s+3600\\s+3564\\.3564\\d*\\s+\\+18\\.82%"
                + "\\s+LIQUIDATED\\s+-360\\s+360\\s+5000\\s+0\\s+CRITICAL")
        .contains("cannot be stressed: unavailable: venue hl answered 502")
        .contains("STATUS: CRITICAL");
  }

  @Test
  void a_scenario_is_validated_by_the_shock_it_makes() {
    assertThatThrownBy(() -> price("-1")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new StressReport.Scenario(Optional.empty(), dec("-1"), BigDecimal.ZERO, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
