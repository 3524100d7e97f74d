package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetOps;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Keys;

/**
 * {@code hedgewatch stress} on a known portfolio on a real anvil: a short described by hand (10 ETH
 * at 3000 on 6000 with 1 % maintenance, liquidated at 36000 / 10.1), a Synthetix short (5 ETH at
 * 3000 on 6000, cross) and a GMX short (2 ETH on 2,000 USDC), with a 5,000 USDC buffer on the
 * devnet's chain.
 */
class StressIT {

  private static final BigInteger SNX_ACCOUNT = BigInteger.valueOf(1001);
  private static final String GMX_TRADER = "0x2222222222222222222222222222222222222222";
  private static final String BUFFER_HOLDER = "0x3333333333333333333333333333333333333333";
  private static final MathContext MC = MathContext.DECIMAL128;

  /** The hand-described short's liquidation shock: (36000 / 10.1) / 3000 - 1 = 19 / 101. */
  private static final BigDecimal HAND_SHOCK =
      new BigDecimal("19").divide(new BigDecimal("101"), MC);

  private static Devnet devnet;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    devnet = Devnet.start();
    DevnetOps ops = devnet.ops();
    ops.setSynthetixCollateral(SNX_ACCOUNT, d18("6000"));
    ops.openSynthetixPosition(SNX_ACCOUNT, Devnet.SYNTHETIX_ETH_MARKET_ID, d18("-5"), d18("3000"));
    ops.setGmxPosition(
        DevnetOps.GmxPosition.open(
            GMX_TRADER,
            devnet.contracts().gmxEthMarket(),
            Devnet.GMX_USDC,
            false,
            new BigInteger("6000").multiply(BigInteger.TEN.pow(30)),
            d18("2"),
            BigInteger.valueOf(2_000_000_000L),
            devnet.anvil().latestBlockTimestamp()));
    ops.setTokenBalance(Devnet.GMX_USDC, BUFFER_HOLDER, BigInteger.valueOf(5_000_000_000L));
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  private static BigInteger d18(String value) {
    return new BigDecimal(value).movePointRight(18).toBigIntegerExact();
  }

  private static final String HAND_SHORT =
      "  hand-short:\n"
          + "    market: eth-perp-hl\n"
          + "    side: short\n"
          + "    size: 10\n"
          + "    entryPrice: 3000\n"
          + "    collateral: %s\n"
          + "    maintenanceMarginRatio: 1%%\n";

  /** The devnet's config with the whole portfolio. */
  private Path portfolio() throws IOException {
    return config(
        "\npositions:\n"
            + HAND_SHORT.formatted("6000")
            + "    hedges: { asset: ETH, amount: 10 }\n"
            + "    buffer: { chain: devnet, token: \""
            + Keys.toChecksumAddress(Devnet.GMX_USDC)
            + "\", holder: \""
            + BUFFER_HOLDER
            + "\" }\n"
            + "  snx-short: { market: eth-perp-snx, account: \""
            + SNX_ACCOUNT
            + "\", hedges: { asset: ETH, amount: 5 } }\n"
            + "  gmx-short: { market: eth-perp-gmx, account: \""
            + GMX_TRADER
            + "/short\", hedges: { asset: ETH, amount: 2 } }\n");
  }

  private Path config(String positions) throws IOException {
    Path file = devnet.writeConfig(dir.resolve("devnet.yaml"));
    Files.writeString(file, Files.readString(file) + positions);
    return file;
  }

  static CheckIT.Run stress(Path config, String... options) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("stress", "--config", config.toString()));
    args.addAll(List.of(options));
    int exit =
        HedgewatchCommand.execute(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new CheckIT.Run(exit, out.toString(), err.toString());
  }

  private static JsonNode position(JsonNode doc, String id) {
    for (JsonNode p : doc.get("positions")) {
      if (p.get("id").asText().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("no position " + id + " in " + doc);
  }

  private static BigDecimal dec(JsonNode node, String field) {
    assertThat(node.get(field).isNull()).as("%s of %s", field, node.get("id")).isFalse();
    return new BigDecimal(node.get(field).asText());
  }

  private static List<JsonNode> alerts(JsonNode doc, String rule) {
    List<JsonNode> found = new ArrayList<>();
    doc.get("alerts")
        .forEach(
            a -> {
              if (a.get("rule").asText().equals(rule)) {
                found.add(a);
              }
            });
    return found;
  }

  /** (equity - maintenance) / (size x mark + maintenance), from the figures at no move. */
  private static BigDecimal proportionalShortShock(JsonNode p) {
    assertThat(p.get("side").asText()).isEqualTo("SHORT");
    BigDecimal maintenance = dec(p, "maintenanceMargin");
    return dec(p, "equity")
        .subtract(maintenance)
        .divide(dec(p, "size").multiply(dec(p, "markPrice")).add(maintenance), MC);
  }

  @Test
  void each_position_gets_its_exact_liquidation_shock() throws Exception {
    // the ladder's document is the state at no move: the observed figures
    CheckIT.Run run = stress(portfolio(), "--json");
    JsonNode doc = run.json();
    assertThat(doc.get("shock").get("ladder")).hasSize(11);

    JsonNode hand = position(doc, "hand-short");
    assertThat(dec(hand, "markPrice")).isEqualByComparingTo("3000");
    assertThat(dec(hand, "liquidationShock"))
        .isCloseTo(HAND_SHOCK, within(new BigDecimal("1e-32")));
    assertThat(hand.get("liquidationShockPct").asDouble()).isCloseTo(18.811881188, within(1e-8));

    // Synthetix's own rule, the short alone in its account: only the notional part of the
    // requirement moves with the price. Maintenance ratio (5 / 1e6 x 2 + 0.02) x 0.5 = 0.010005,
    // flag reward 0.0003, 10 USD per position: 6,000 - 5 x (P - 3,000) = 5 x P x 0.010305 + 10 at
    // P = 20,990 / 5.051525 = 4,155.180861225075595983 (to the wei), a 1,155.18... / 3,000 rise.
    // The model, the whole requirement (the fixed 10 USD too) moving with the price, would have put
    // it a little lower: a 38.48 % rise.
    JsonNode snx = position(doc, "snx-short");
    assertThat(snx.get("liquidationBasis").asText()).isEqualTo("VENUE");
    assertThat(dec(snx, "liquidationPrice")).isEqualByComparingTo("4155.180861225075595983");
    BigDecimal snxShock =
        new BigDecimal("1155.180861225075595983").divide(new BigDecimal("3000"), MC);
    assertThat(dec(snx, "liquidationShock")).isCloseTo(snxShock, within(new BigDecimal("1e-30")));
    assertThat(proportionalShortShock(snx)).isLessThan(snxShock);
    assertThat(snx.get("liquidationShockPct").asDouble())
        .isCloseTo(snxShock.movePointRight(2).doubleValue(), within(1e-9));

    JsonNode gmx = position(doc, "gmx-short");
    // GMX's own rule: the requirement is fixed in USD (1 % of the 6,000 USD of size): 2,000 USDC +
    // 6,000 - 2 x P = 60 at P = 3,970, a 970 / 3,000 rise.
    assertThat(gmx.get("liquidationBasis").asText()).isEqualTo("VENUE");
    assertThat(dec(gmx, "liquidationPrice")).isEqualByComparingTo("3970");
    assertThat(dec(gmx, "liquidationShock"))
        .isCloseTo(
            new BigDecimal("970").divide(new BigDecimal("3000"), java.math.MathContext.DECIMAL128),
            within(new BigDecimal("1e-30")));

    // a shock of the rounded-down percent leaves the short standing, the rounded-up one liquidates
    JsonNode below = stress(portfolio(), "--json", "--price-shock", "18.81%").json();
    assertThat(position(below, "hand-short").get("liquidated").asBoolean()).isFalse();
    assertThat(dec(position(below, "hand-short"), "marginAfter").signum()).isPositive();
    JsonNode past = stress(portfolio(), "--json", "--price-shock", "18.82%").json();
    assertThat(position(past, "hand-short").get("liquidated").asBoolean()).isTrue();
  }

  @Test
  void a_shock_past_it_liquidates_needing_the_margin_it_lacks_and_exits_critical()
      throws Exception {
    CheckIT.Run run = stress(portfolio(), "--json", "--price-shock", "20%");
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    JsonNode doc = run.json();
    assertThat(doc.get("status").asText()).isEqualTo("CRITICAL");
    assertThat(doc.get("shock").get("price").asText()).isEqualTo("20%");
    assertThat(doc.get("shock").get("fundingX").asInt()).isEqualTo(1);
    assertThat(doc.get("shock").get("drift").asText()).isEqualTo("0%");

    // marked at 3600: equity 6000 - 6000 = 0 against 1 % x 10 x 3600 = 360
    JsonNode hand = position(doc, "hand-short");
    assertThat(hand.get("liquidated").asBoolean()).isTrue();
    assertThat(dec(hand, "markPrice")).isEqualByComparingTo("3600");
    assertThat(dec(hand, "marginAfter")).isEqualByComparingTo("-360");
    assertThat(dec(hand, "bufferNeeded")).isEqualByComparingTo("360");
    assertThat(dec(hand, "bufferShortfall")).isEqualByComparingTo("0");
    assertThat(alerts(doc, "position.liquidation-distance"))
        .anySatisfy(
            a -> {
              assertThat(a.get("subject").asText()).isEqualTo("position:hand-short");
              assertThat(a.get("severity").asText()).isEqualTo("CRITICAL");
            });

    // the Synthetix short survives +20 % with margin to spare
    JsonNode snx = position(doc, "snx-short");
    assertThat(snx.get("liquidated").asBoolean()).isFalse();
    assertThat(dec(snx, "bufferNeeded")).isEqualByComparingTo("0");
    assertThat(dec(snx, "marginAfter").signum()).isPositive();

    CheckIT.Run table = stress(portfolio(), "--price-shock", "20%");
    assertThat(table.exit()).isEqualTo(2);
    assertThat(table.out())
        .containsPattern("hand-short\\s+eth-perp-hl\\s+short\\s+10\\s+3000\\s+3600\\s+")
        .contains("+18.82%", "LIQUIDATED", "STATUS: CRITICAL");
  }

  @Test
  void the_exit_code_follows_the_worst_alert_of_the_shocked_state() throws Exception {
    // a short on 30,000 against 30,000 of notional: a 10 % fall leaves it at 1x without an alert
    Path calm = config("\npositions:\n" + HAND_SHORT.formatted("30000"));
    CheckIT.Run down = stress(calm, "--json", "--price-shock", "-10%");
    assertThat(down.exit()).as(down.out()).isZero();
    assertThat(down.json().get("status").asText()).isEqualTo("OK");
    assertThat(down.json().get("alerts")).isEmpty();
    // a 60 % rise leaves 30000 - 18000 = 12000 on 48,000: 4x, beyond the warning level of 3x
    CheckIT.Run up = stress(calm, "--json", "--price-shock", "60%");
    assertThat(up.exit()).as(up.out()).isEqualTo(1);
    assertThat(alerts(up.json(), "position.leverage")).hasSize(1);
    // the portfolio 10 % lower with tripled funding: the short by hand is at 3x, not beyond it,
    // the shorts receive the funding, and the Synthetix short is alone in its account, so its
    // cross margin shares nothing: the shocked state is quiet
    CheckIT.Run quiet = stress(portfolio(), "--json", "--price-shock", "-10%", "--funding-x", "3");
    List<String> fired = new ArrayList<>();
    quiet
        .json()
        .get("alerts")
        .forEach(a -> fired.add(a.get("rule").asText() + " " + a.get("subject").asText()));
    assertThat(fired).isEmpty();
    assertThat(quiet.exit()).isZero();
    assertThat(quiet.json().get("status").asText()).isEqualTo("OK");
  }

  @Test
  void the_ladder_shows_each_rung_and_the_first_that_liquidates() throws Exception {
    CheckIT.Run run = stress(portfolio());
    assertThat(run.out())
        .contains("price ladder -50% to +50%")
        .contains(
            "hand-short (eth-perp-hl, short 10 marked at 3000): liquidated by a move of +18.82%")
        .contains("first rung that liquidates: down none, up +20%")
        .containsPattern("\\+20%\\s+3600\\s+LIQUIDATED\\s+-360\\s+360\\s+0\\s+CRITICAL")
        .contains("snx-short (eth-perp-snx, short (cross) 5 marked at 3000)")
        .contains("gmx-short (eth-perp-gmx, short 2 marked at 3000)");

    JsonNode hand = position(stress(portfolio(), "--json").json(), "hand-short");
    assertThat(hand.get("ladder")).hasSize(11);
    assertThat(hand.get("ladder").get(7).get("price").asText()).isEqualTo("20%");
    assertThat(hand.get("ladder").get(7).get("liquidated").asBoolean()).isTrue();
    assertThat(hand.get("ladder").get(6).get("liquidated").asBoolean()).isFalse();
    assertThat(hand.get("firstLiquidatingRung").get("up").asText()).isEqualTo("20%");
    assertThat(hand.get("firstLiquidatingRung").get("down").isNull()).isTrue();
  }

  @Test
  void a_sequencer_outage_fires_sequencer_down_and_leaves_the_buffer_on_the_chain_unusable()
      throws Exception {
    CheckIT.Run run = stress(portfolio(), "--json", "--price-shock", "20%", "--sequencer-outage");
    assertThat(run.exit()).isEqualTo(2);
    JsonNode doc = run.json();
    assertThat(doc.get("shock").get("sequencerOutage").toString()).isEqualTo("[\"devnet\"]");
    List<JsonNode> down = alerts(doc, "sequencer.down");
    assertThat(down).hasSize(1);
    assertThat(down.get(0).get("subject").asText()).isEqualTo("chain:devnet");
    assertThat(down.get(0).get("severity").asText()).isEqualTo("CRITICAL");

    // Hyperliquid is off chain, but its buffer is on the devnet: all 360 must be in beforehand
    JsonNode hand = position(doc, "hand-short");
    assertThat(hand.get("bufferUsable").asBoolean()).isFalse();
    assertThat(hand.get("bufferValue").asText()).isEqualTo("0");
    assertThat(dec(hand, "bufferShortfall")).isEqualByComparingTo("360");
    // the on-chain venues are on it too; they have no buffer to lose
    assertThat(position(doc, "snx-short").get("sequencerOutage").toString())
        .isEqualTo("[\"devnet\"]");
    assertThat(position(doc, "gmx-short").get("bufferUsable").isNull()).isTrue();

    assertThat(stress(portfolio(), "--sequencer-outage=devnet", "--price-shock", "20%").out())
        .contains("SEQUENCER OUTAGE on devnet")
        .contains("5000, unusable (sequencer of devnet down)");
  }
}
