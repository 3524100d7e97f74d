package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetOps;
import io.hedgewatch.devnet.SimulatedPerpVenues;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Keys;

/**
 * Positions in {@code check}: one described by hand, one on the Synthetix-ABI market and one on the
 * GMX-ABI market of a real anvil, each with its hedged exposure, and a buffer read on chain; an
 * alert's action, applied, clears it.
 */
class PositionsIT {

  private static final BigInteger SNX_ACCOUNT = BigInteger.valueOf(1001);
  private static final String GMX_TRADER = "0x2222222222222222222222222222222222222222";
  private static final String BUFFER_HOLDER = "0x3333333333333333333333333333333333333333";
  private static final String HL_USER = "0x4444444444444444444444444444444444444444";

  /** dYdX's local-testnet account alice (dydxprotocol/v4-chain, testing/testnet-local). */
  private static final String DYDX_ALICE = "dydx199tqg4wdlnu4qjlxchpd7seg454937hjrknju4";

  private static Devnet devnet;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    devnet = Devnet.start();
    DevnetOps ops = devnet.ops();
    // Synthetix: a 5 ETH short filled at 3000 on 6000 snxUSD.
    ops.setSynthetixCollateral(SNX_ACCOUNT, d18("6000"));
    ops.openSynthetixPosition(SNX_ACCOUNT, Devnet.SYNTHETIX_ETH_MARKET_ID, d18("-5"), d18("3000"));
    // GMX: a 2 ETH short (6,000 USD) on 2,000 USDC.
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
    // Hyperliquid: a 3 ETH isolated short at 5x on 1,800 USDC; dYdX: a 4 ETH short on 4,000 USDC.
    SimulatedPerpVenues perps = devnet.perpVenues();
    perps.setHyperliquidPosition(
        HL_USER,
        "ETH",
        SimulatedPerpVenues.HyperliquidPosition.isolated(
            new BigDecimal("-3"), new BigDecimal("3000"), 5, new BigDecimal("1800")));
    perps.setDydxCollateral(DYDX_ALICE, 0, new BigDecimal("16000"));
    perps.setDydxPosition(
        DYDX_ALICE,
        0,
        "ETH-USD",
        SimulatedPerpVenues.DydxPosition.of(new BigDecimal("-4"), new BigDecimal("3000")));
    // The buffer: 5,000 USDC in a wallet.
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

  /** The devnet's config with three positions; the hand-described one has {@code collateral}. */
  private Path config(String collateral) throws IOException {
    Path file = devnet.writeConfig(dir.resolve("devnet.yaml"));
    String positions =
        "\npositions:\n"
            + "  hand-short:\n"
            + "    market: eth-perp-hl\n"
            + "    side: short\n"
            + "    size: 10\n"
            + "    entryPrice: 3000\n"
            + "    collateral: "
            + collateral
            + "\n"
            + "    maintenanceMarginRatio: 1%\n"
            + "    hedges: { asset: ETH, amount: 10 }\n"
            + "    buffer: { chain: devnet, token: \""
            + Keys.toChecksumAddress(Devnet.GMX_USDC)
            + "\", holder: \""
            + BUFFER_HOLDER
            + "\" }\n"
            + "    collateralFeed: usdc-usd\n"
            + "  snx-short: { market: eth-perp-snx, account: \""
            + SNX_ACCOUNT
            + "\", hedges: { asset: ETH, amount: 5 } }\n"
            + "  gmx-short: { market: eth-perp-gmx, account: \""
            + GMX_TRADER
            + "/short\", hedges: { asset: ETH, amount: 2 } }\n"
            + "  hl-short: { market: eth-perp-hl, account: \""
            + HL_USER
            + "\", hedges: { asset: ETH, amount: 3 } }\n"
            + "  dydx-short: { market: eth-perp-dydx, account: \""
            + DYDX_ALICE
            + "\", hedges: { asset: ETH, amount: 4 } }\n";
    Files.writeString(file, Files.readString(file) + positions);
    return file;
  }

  private static JsonNode position(JsonNode doc, String id) {
    for (JsonNode p : doc.get("positions")) {
      if (p.get("id").asText().equals(id)) {
        return p;
      }
    }
    throw new AssertionError("no position " + id + " in " + doc);
  }

  private static List<JsonNode> alerts(JsonNode doc, String rule, String subject) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode a : doc.get("alerts")) {
      if (a.get("rule").asText().equals(rule) && a.get("subject").asText().equals(subject)) {
        found.add(a);
      }
    }
    return found;
  }

  @Test
  void every_position_shows_its_liquidation_distance_hedge_ratio_carry_and_buffer()
      throws Exception {
    CheckIT.Run run = CheckIT.check(config("6000"), true);
    JsonNode doc = run.json();

    // By hand: liquidated where 6000 + 10 x (3000 - P) = 1 % x 10 x P, P = 36000 / 10.1.
    JsonNode hand = position(doc, "hand-short");
    assertThat(hand.get("side").asText()).isEqualTo("SHORT");
    assertThat(
            new BigDecimal(hand.get("liquidationPrice").asText())
                .setScale(2, java.math.RoundingMode.HALF_EVEN))
        .isEqualByComparingTo("3564.36");
    assertThat(hand.get("liquidationDistancePct").asDouble()).isBetween(18.8, 18.9);
    assertThat(hand.get("hedgeRatio").asDouble()).isEqualTo(1.0);
    assertThat(hand.get("leverage").asDouble()).isEqualTo(5.0);
    assertThat(hand.get("bufferValue").asText()).isEqualTo("5000");
    assertThat(hand.get("bufferCoverage").isNull()).isFalse();
    assertThat(hand.get("carryProjected").isNull()).isFalse();
    assertThat(hand.get("status").asText()).isNotEqualTo("UNKNOWN");

    // Synthetix: the venue's own figures, cross margin.
    JsonNode snx = position(doc, "snx-short");
    assertThat(snx.get("side").asText()).isEqualTo("SHORT");
    assertThat(new BigDecimal(snx.get("size").asText())).isEqualByComparingTo("5");
    assertThat(snx.get("marginMode").asText()).isEqualTo("CROSS");
    // Alone in its account, by Synthetix's own rule: 6,000 - 5 x (P - 3,000) = 5 x P x (0.010005
    // maintenance ratio + 0.0003 flag reward) + 10 at P = 20,990 / 5.051525.
    assertThat(snx.get("liquidationBasis").asText()).isEqualTo("VENUE");
    assertThat(new BigDecimal(snx.get("liquidationPrice").asText()))
        .isEqualByComparingTo("4155.180861225075595983");
    assertThat(snx.get("hedgeRatio").asDouble()).isBetween(0.99, 1.01);
    // cross margin, but alone in its account: nothing else shares its equity, so no warning
    assertThat(alerts(doc, "position.cross-margin", "position:snx-short")).isEmpty();

    // GMX: 2 ETH short on 2,000 USDC, isolated.
    JsonNode gmx = position(doc, "gmx-short");
    assertThat(new BigDecimal(gmx.get("size").asText())).isEqualByComparingTo("2");
    assertThat(gmx.get("marginMode").asText()).isEqualTo("ISOLATED");
    assertThat(new BigDecimal(gmx.get("liquidationPrice").asText()))
        .isGreaterThan(new BigDecimal("3000"));
    assertThat(gmx.get("hedgeRatio").asDouble()).isEqualTo(1.0);

    // Hyperliquid: the venue's own liquidation price; dYdX: solved from the subaccount.
    JsonNode hl = position(doc, "hl-short");
    assertThat(hl.get("marginMode").asText()).isEqualTo("ISOLATED");
    assertThat(hl.get("liquidationBasis").asText()).isEqualTo("VENUE");
    assertThat(new BigDecimal(hl.get("size").asText())).isEqualByComparingTo("3");
    assertThat(hl.get("hedgeRatio").asDouble()).isEqualTo(1.0);
    JsonNode dydx = position(doc, "dydx-short");
    assertThat(new BigDecimal(dydx.get("size").asText())).isEqualByComparingTo("4");
    assertThat(new BigDecimal(dydx.get("liquidationPrice").asText()))
        .isGreaterThan(new BigDecimal("3000"));
    // The simulated exchanges serve a week of hourly candles: a distance in sigmas and a touch
    // probability for every readable position.
    for (String id : List.of("hand-short", "snx-short", "gmx-short", "hl-short", "dydx-short")) {
      assertThat(position(doc, id).get("liquidationDistanceSigma").isNull()).as(id).isFalse();
      assertThat(position(doc, id).get("liquidationProbability").asDouble())
          .as(id)
          .isBetween(0.0, 1.0);
    }
    assertThat(run.exit()).as(run.out()).isNotEqualTo(3);

    assertThat(CheckIT.check(config("6000"), false).out())
        .contains("POSITION", "hand-short", "snx-short", "gmx-short", "LIQ PRICE");
  }

  @Test
  void a_position_near_liquidation_says_how_much_margin_to_add_and_adding_it_clears_the_alert()
      throws Exception {
    // Liquidated at (3330 + 30000) / 10.1 = 3300: 10 % away, between critical (7 %) and warn (15
    // %).
    JsonNode near = CheckIT.check(config("3330"), true).json();
    List<JsonNode> distance = alerts(near, "position.liquidation-distance", "position:hand-short");
    assertThat(distance).hasSize(1);
    assertThat(distance.get(0).get("severity").asText()).isEqualTo("WARNING");
    String action = distance.get(0).get("action").asText();
    Matcher add = Pattern.compile("add ([0-9,.]+) USD").matcher(action);
    assertThat(add.find()).as(action).isTrue();
    BigDecimal margin = new BigDecimal(add.group(1).replace(",", ""));
    // 15 % away needs a liquidation price of 3450: collateral 34845 - 30000 = 4845, 1515 more.
    assertThat(margin).isBetween(new BigDecimal("1515"), new BigDecimal("1530"));

    JsonNode after =
        CheckIT.check(config(new BigDecimal("3330").add(margin).toPlainString()), true).json();
    assertThat(alerts(after, "position.liquidation-distance", "position:hand-short")).isEmpty();
    assertThat(position(after, "hand-short").get("liquidationDistancePct").asDouble())
        .isGreaterThanOrEqualTo(15.0);
  }

  /** Moves the Synthetix ETH market's index price, its other state as the devnet set it. */
  private static void synthetixEthPrice(BigDecimal price) {
    devnet
        .ops()
        .setSynthetixMarket(
            Devnet.SYNTHETIX_ETH_MARKET_ID,
            Devnet.SNX_ETH_SKEW,
            Devnet.SNX_ETH_SIZE,
            Devnet.SNX_ETH_FUNDING_RATE,
            Devnet.synthetixVelocity(
                Devnet.SNX_ETH_SKEW, Devnet.SNX_ETH_SKEW_SCALE, Devnet.SNX_MAX_FUNDING_VELOCITY),
            price.movePointRight(18).toBigIntegerExact());
  }

  @Test
  void a_synthetix_short_escalates_as_the_price_rises_towards_its_liquidation_price()
      throws Exception {
    Path config = config("6000");
    BigDecimal liquidation =
        new BigDecimal(
            position(CheckIT.check(config, true).json(), "snx-short")
                .get("liquidationPrice")
                .asText());
    assertThat(liquidation).isGreaterThan(new BigDecimal("3000"));
    String subject = "position:snx-short";
    try {
      // 10 % below the liquidation price: WARNING, with margin to add.
      synthetixEthPrice(liquidation.divide(new BigDecimal("1.10"), 0, java.math.RoundingMode.DOWN));
      JsonNode warned = CheckIT.check(config, true).json();
      List<JsonNode> warning = alerts(warned, "position.liquidation-distance", subject);
      assertThat(warning).hasSize(1);
      assertThat(warning.get(0).get("severity").asText()).isEqualTo("WARNING");
      assertThat(warning.get(0).get("action").asText())
          .contains("add ")
          .contains("cut the short by");

      // 4 % below it: CRITICAL.
      synthetixEthPrice(liquidation.divide(new BigDecimal("1.04"), 0, java.math.RoundingMode.DOWN));
      JsonNode critical = CheckIT.check(config, true).json();
      assertThat(
              alerts(critical, "position.liquidation-distance", subject)
                  .get(0)
                  .get("severity")
                  .asText())
          .isEqualTo("CRITICAL");
      assertThat(position(critical, "snx-short").get("status").asText()).isEqualTo("CRITICAL");
    } finally {
      synthetixEthPrice(new BigDecimal("3000"));
    }
    assertThat(alerts(CheckIT.check(config, true).json(), "position.liquidation-distance", subject))
        .isEmpty();
  }

  @Test
  void an_exposure_held_in_a_wallet_is_read_on_chain_token_and_native_and_valued_at_the_reference()
      throws Exception {
    String holder = "0x5555555555555555555555555555555555555555";
    // 4 ETH native and 3 WETH: 7 ETH hedged by a 10 ETH short.
    devnet.anvil().rpc("anvil_setBalance", holder, "0x" + d18("4").toString(16));
    devnet.ops().setTokenBalance(Devnet.GMX_WETH, holder, d18("3"));
    Path file = devnet.writeConfig(dir.resolve("wallet.yaml"));
    Files.writeString(
        file,
        Files.readString(file)
            + "\npositions:\n"
            + "  wallet-hedge:\n"
            + "    market: eth-perp-hl\n"
            + "    side: short\n"
            + "    size: 10\n"
            + "    entryPrice: 3000\n"
            + "    collateral: 9000\n"
            + "    maintenanceMarginRatio: 1%\n"
            + "    hedges:\n"
            + "      - { wallet: { chain: devnet, holder: \""
            + holder
            + "\" } }\n"
            + "      - { wallet: { chain: devnet, token: \""
            + Keys.toChecksumAddress(Devnet.GMX_WETH)
            + "\", holder: \""
            + holder
            + "\" } }\n");
    JsonNode doc = CheckIT.check(file, true).json();
    JsonNode p = position(doc, "wallet-hedge");
    assertThat(new BigDecimal(p.get("exposure").get("amount").asText())).isEqualByComparingTo("7");
    assertThat(new BigDecimal(p.get("exposure").get("value").asText()))
        .isEqualByComparingTo("21000");
    assertThat(p.get("exposure").get("source").asText())
        .contains("balance of " + holder)
        .contains("balanceOf(" + holder + ")");
    // 30,000 of perp against 21,000 of exposure: 1.43, above the band's 1.0.
    assertThat(p.get("hedgeRatio").asDouble()).isEqualTo(1.4286);
    assertThat(alerts(doc, "hedge.ratio", "position:wallet-hedge")).hasSize(1);
  }

  @Test
  void a_depegged_collateral_feed_raises_collateral_depeg_on_the_position() throws Exception {
    long t = devnet.anvil().latestBlockTimestamp();
    devnet.ops().postRound(devnet.contracts().usdcUsdProxy(), BigInteger.valueOf(96_000_000L), t);
    try {
      JsonNode doc = CheckIT.check(config("6000"), true).json();
      List<JsonNode> depeg = alerts(doc, "collateral.depeg", "position:hand-short");
      assertThat(depeg).hasSize(1);
      assertThat(depeg.get(0).get("severity").asText()).isEqualTo("CRITICAL");
    } finally {
      devnet.ops().postRound(devnet.contracts().usdcUsdProxy(), Devnet.USDC_USD_ANSWER, t);
    }
    assertThat(
            alerts(
                CheckIT.check(config("6000"), true).json(),
                "collateral.depeg",
                "position:hand-short"))
        .isEmpty();
  }
}
