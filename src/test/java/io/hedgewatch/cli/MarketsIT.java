package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.SimulatedPerpVenues;
import io.hedgewatch.domain.FundingPoint;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Perp markets in {@code check}: Synthetix v3 read on a real anvil through the same reader as the
 * real proxy, and Hyperliquid and dYdX served on loopback in their real shapes; each market rule
 * fires and clears.
 */
class MarketsIT {

  private static Devnet devnet;
  private static SimulatedPerpVenues perps;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    devnet = Devnet.start();
    perps = new SimulatedPerpVenues(Clock.systemUTC());
    perps.addHyperliquidMarket("ETH", new BigDecimal("3000"));
    perps.addDydxMarket("ETH-USD", new BigDecimal("3000"));
  }

  @AfterAll
  static void stop() {
    if (perps != null) {
      perps.close();
    }
    if (devnet != null) {
      devnet.close();
    }
  }

  private static JsonNode market(JsonNode doc, String id) {
    for (JsonNode m : doc.get("markets")) {
      if (m.get("id").asText().equals(id)) {
        return m;
      }
    }
    throw new AssertionError("no market " + id + " in " + doc);
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

  /** A week of hourly funding that wobbles around 0.00125 %/h, so that a z-score exists. */
  private static SimulatedPerpVenues.FundingSeries wobblingWeek() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    List<FundingPoint> points = new ArrayList<>();
    for (int h = 1; h <= 8 * 24; h++) {
      BigDecimal rate = new BigDecimal(h % 2 == 0 ? "0.0000100" : "0.0000150");
      points.add(new FundingPoint(now.minus(Duration.ofHours(h)), rate));
    }
    return SimulatedPerpVenues.FundingSeries.of(points);
  }

  /** A store of the test's own, so that no history leaks from one test (or run) to another. */
  private String storage() {
    return "storage: { url: \"jdbc:sqlite:" + dir.resolve("hedgewatch.db") + "\" }\n";
  }

  private Path offChainConfig() throws IOException {
    return Files.writeString(
        dir.resolve("perps.yaml"),
        storage()
            + "venues:\n"
            + "  hl: { type: hyperliquid, baseUrl: \""
            + perps.baseUrl(SimulatedPerpVenues.Venue.HYPERLIQUID)
            + "\" }\n"
            + "  dydx: { type: dydx-v4, baseUrl: \""
            + perps.baseUrl(SimulatedPerpVenues.Venue.DYDX)
            + "\" }\n"
            + "markets:\n"
            + "  eth-perp-hl: { venue: hl, market: ETH }\n"
            + "  eth-perp-dydx: { venue: dydx, market: ETH-USD }\n");
  }

  @Test
  void synthetix_markets_are_read_on_chain_and_a_halt_and_a_stale_pyth_are_flagged() {
    Path config = devnet.writeConfig(dir.resolve("devnet.yaml"));
    CheckIT.Run run = CheckIT.check(config, true);
    JsonNode eth = market(run.json(), "eth-perp-snx");
    assertThat(eth.get("status").asText()).isEqualTo("OK");
    assertThat(eth.get("venueType").asText()).isEqualTo("synthetix-v3");
    assertThat(eth.get("indexPrice").asText()).isEqualTo("3000");
    assertThat(eth.get("fundingRateHourly").isNull()).isFalse();
    assertThat(eth.get("paused").asBoolean()).isFalse();
    // The market's own reference pair is priced with the feeds' references: the spot leg of
    // basis.wide.
    assertThat(eth.get("referencePrice").asText()).isEqualTo("3000");
    assertThat(eth.get("cexFunding").get("binance").get("fundingRateHourly").asText())
        .isEqualTo("0.0000125");
    assertThat(run.out()).contains("\"fundingApr\"");

    devnet.ops().setPerpsDenyAll(true);
    JsonNode halted = CheckIT.check(config, true).json();
    assertThat(
            alerts(halted, "platform.paused", "market:eth-perp-snx")
                .get(0)
                .get("severity")
                .asText())
        .isEqualTo("CRITICAL");
    assertThat(market(halted, "eth-perp-snx").get("paused").asBoolean()).isTrue();
    devnet.ops().setPerpsDenyAll(false);
    assertThat(alerts(CheckIT.check(config, true).json(), "platform.paused", "market:eth-perp-snx"))
        .isEmpty();

    devnet.ops().setSynthetixOracleStale(true);
    JsonNode stale = CheckIT.check(config, true).json();
    assertThat(market(stale, "eth-perp-snx").get("oracleProblem").asText())
        .contains("OracleDataRequired");
    assertThat(market(stale, "eth-perp-snx").get("status").asText()).isNotEqualTo("UNKNOWN");
    assertThat(alerts(stale, "oracle.stale", "market:eth-perp-snx")).hasSize(1);
    devnet.ops().setSynthetixOracleStale(false);
    assertThat(alerts(CheckIT.check(config, true).json(), "oracle.stale", "market:eth-perp-snx"))
        .isEmpty();
  }

  @Test
  void gmx_markets_are_priced_with_the_feeds_and_read_on_chain_and_a_disabled_market_flagged()
      throws IOException {
    Path config = devnet.writeConfig(dir.resolve("devnet.yaml"));
    JsonNode doc = CheckIT.check(config, true).json();
    JsonNode eth = market(doc, "eth-perp-gmx");
    assertThat(eth.get("status").asText()).isEqualTo("OK");
    assertThat(eth.get("venueType").asText()).isEqualTo("gmx-v2");
    assertThat(eth.get("indexPrice").asText()).isEqualTo("3000");
    // 5e21 per second at 1e30 is 0.0018 % an hour, longs paying; next to Binance's on one scale.
    assertThat(new BigDecimal(eth.get("fundingRateHourly").asText()))
        .isEqualByComparingTo("0.000018");
    assertThat(eth.get("cexFunding").get("binance").get("fundingRateHourly").asText())
        .isEqualTo("0.0000125");
    assertThat(new BigDecimal(eth.get("openInterestLong").asText())).isEqualByComparingTo("2000");
    assertThat(new BigDecimal(eth.get("openInterestShort").asText())).isEqualByComparingTo("1500");
    assertThat(
            new BigDecimal(eth.get("maxOpenInterestLong").asText())
                .setScale(6, RoundingMode.HALF_EVEN))
        .isEqualByComparingTo("26666.666667");
    assertThat(eth.get("oracleProblem").isNull()).isTrue();
    JsonNode btc = market(doc, "btc-perp-gmx");
    assertThat(btc.get("status").asText()).isEqualTo("OK");
    assertThat(new BigDecimal(btc.get("fundingRateHourly").asText()))
        .isEqualByComparingTo("-0.0000108");
    // BTC's 8 decimals come from the config (no contract at the synthetic index token): open
    // interest in whole BTC.
    assertThat(new BigDecimal(btc.get("openInterestLong").asText()).signum()).isPositive();
    assertThat(doc.get("alerts").toString()).doesNotContain("market:eth-perp-gmx");
    // The table puts the venue's funding next to the median of the centralized perps'.
    assertThat(CheckIT.check(config, false).out().lines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("eth-perp-gmx")
                    .contains(" 0.0018% ")
                    .contains(" 0.0013% (5) "));

    devnet.ops().setGmxMarketDisabled(devnet.contracts().gmxEthMarket(), true);
    JsonNode disabled = CheckIT.check(config, true).json();
    assertThat(
            alerts(disabled, "platform.paused", "market:eth-perp-gmx")
                .get(0)
                .get("severity")
                .asText())
        .isEqualTo("CRITICAL");
    assertThat(market(disabled, "eth-perp-gmx").get("disabled").asBoolean()).isTrue();
    devnet.ops().setGmxMarketDisabled(devnet.contracts().gmxEthMarket(), false);
    assertThat(alerts(CheckIT.check(config, true).json(), "platform.paused", "market:eth-perp-gmx"))
        .isEmpty();

    // Without indexDecimals the synthetic index token cannot be valued: said, not guessed.
    Path noDecimals =
        Files.writeString(
            dir.resolve("no-decimals.yaml"),
            Files.readString(config)
                .replace("indexDecimals: " + Devnet.GMX_BTC_DECIMALS + ", ", ""));
    JsonNode blind = CheckIT.check(noDecimals, true).json();
    assertThat(market(blind, "btc-perp-gmx").get("status").asText()).isEqualTo("UNKNOWN");
    assertThat(market(blind, "btc-perp-gmx").get("error").asText())
        .contains("has no contract (a synthetic index token)")
        .contains("give the market indexDecimals");
    assertThat(alerts(blind, "monitor.blind", "market:btc-perp-gmx")).hasSize(1);
    assertThat(market(blind, "eth-perp-gmx").get("status").asText()).isEqualTo("OK");
  }

  @Test
  void hyperliquid_and_dydx_funding_on_one_scale_with_spikes_and_status_flagged()
      throws IOException {
    perps.setHyperliquidFunding("ETH", new BigDecimal("0.0000125"));
    perps.setHyperliquidFundingHistory("ETH", wobblingWeek());
    perps.setDydxFunding("ETH-USD", new BigDecimal("0.0000125"));
    perps.setDydxFundingHistory("ETH-USD", wobblingWeek());
    Path config = offChainConfig();

    CheckIT.Run calm = CheckIT.check(config, true);
    assertThat(calm.exit()).as(calm.out() + calm.err()).isZero();
    JsonNode hl = market(calm.json(), "eth-perp-hl");
    assertThat(hl.get("fundingRateHourly").asText()).isEqualTo("0.0000125");
    assertThat(hl.get("fundingApr").asText()).isEqualTo("0.1095");
    assertThat(hl.get("fundingIntervalSeconds").asLong()).isEqualTo(3600);
    assertThat(hl.get("fundingHistoryPoints").asInt()).isGreaterThan(24);
    assertThat(hl.get("fundingZScore").isNull()).isFalse();
    assertThat(market(calm.json(), "eth-perp-dydx").get("status").asText()).isEqualTo("OK");

    perps.setHyperliquidFunding("ETH", new BigDecimal("0.0005"));
    JsonNode spiking = CheckIT.check(config, true).json();
    assertThat(
            alerts(spiking, "funding.spike", "market:eth-perp-hl").get(0).get("severity").asText())
        .isEqualTo("CRITICAL");
    perps.setHyperliquidFunding("ETH", new BigDecimal("0.0000125"));
    assertThat(alerts(CheckIT.check(config, true).json(), "funding.spike", "market:eth-perp-hl"))
        .isEmpty();

    perps.setHyperliquidDelisted("ETH", true);
    perps.setDydxStatus("ETH-USD", "CANCEL_ONLY");
    JsonNode restricted = CheckIT.check(config, true).json();
    assertThat(
            alerts(restricted, "platform.paused", "market:eth-perp-hl")
                .get(0)
                .get("severity")
                .asText())
        .isEqualTo("CRITICAL");
    assertThat(
            alerts(restricted, "platform.paused", "market:eth-perp-dydx")
                .get(0)
                .get("severity")
                .asText())
        .isEqualTo("WARNING");
    perps.setHyperliquidDelisted("ETH", false);
    perps.setDydxStatus("ETH-USD", "ACTIVE");
    CheckIT.Run cleared = CheckIT.check(config, true);
    assertThat(cleared.json().get("alerts")).isEmpty();
  }

  @Test
  void funding_against_binance_on_one_scale_diverges_and_clears() throws IOException {
    perps.setHyperliquidFunding("ETH", new BigDecimal("0.0000125"));
    String binance = devnet.exchanges().baseUrl(io.hedgewatch.domain.ReferenceVenue.BINANCE);
    Path config =
        Files.writeString(
            dir.resolve("funding.yaml"),
            storage()
                + "references:\n"
                + "  binance: { baseUrl: \""
                + binance
                + "\", futuresBaseUrl: \""
                + binance
                + "\" }\n"
                + "venues:\n"
                + "  hl: { type: hyperliquid, baseUrl: \""
                + perps.baseUrl(SimulatedPerpVenues.Venue.HYPERLIQUID)
                + "\" }\n"
                + "markets:\n"
                + "  eth-perp-hl:\n"
                + "    venue: hl\n"
                + "    market: ETH\n"
                + "    reference: { symbol: ETH/USD, sources: [binance], minSources: 1 }\n"
                + "    fundingReferences: [binance]\n");
    try {
      // 0.01 % per 8 h on Binance is Hyperliquid's 0.00125 % per hour: no divergence.
      devnet.exchanges().setBinanceFunding("ETHUSDT", new BigDecimal("0.0001"));
      CheckIT.Run calm = CheckIT.check(config, true);
      assertThat(market(calm.json(), "eth-perp-hl").get("cexFunding").has("binance"))
          .as(calm.out() + calm.err())
          .isTrue();
      JsonNode cex = market(calm.json(), "eth-perp-hl").get("cexFunding").get("binance");
      assertThat(cex.get("fundingRateHourly").asText()).isEqualTo("0.0000125");
      assertThat(cex.get("intervalHours").asInt()).isEqualTo(8);
      assertThat(alerts(calm.json(), "funding.divergence", "market:eth-perp-hl")).isEmpty();

      // 0.05 % per 8 h: 0.00625 %/h, 43.8 % a year above Hyperliquid.
      devnet.exchanges().setBinanceFunding("ETHUSDT", new BigDecimal("0.0005"));
      JsonNode diverging = CheckIT.check(config, true).json();
      assertThat(
              alerts(diverging, "funding.divergence", "market:eth-perp-hl")
                  .get(0)
                  .get("severity")
                  .asText())
          .isEqualTo("CRITICAL");
    } finally {
      devnet.exchanges().setBinanceFunding("ETHUSDT", new BigDecimal("0.0001"));
    }
    assertThat(
            alerts(CheckIT.check(config, true).json(), "funding.divergence", "market:eth-perp-hl"))
        .isEmpty();
  }

  @Test
  void centralized_funding_is_asked_concurrently_so_slow_answers_do_not_add_up()
      throws IOException {
    perps.addHyperliquidMarket("SOL", new BigDecimal("150"));
    String binance = devnet.exchanges().baseUrl(io.hedgewatch.domain.ReferenceVenue.BINANCE);
    Path config =
        Files.writeString(
            dir.resolve("slow.yaml"),
            storage()
                + "references:\n"
                + "  binance: { futuresBaseUrl: \""
                + binance
                + "\" }\n"
                + "venues:\n"
                + "  hl: { type: hyperliquid, baseUrl: \""
                + perps.baseUrl(SimulatedPerpVenues.Venue.HYPERLIQUID)
                + "\" }\n"
                + "markets:\n"
                + "  eth-perp-hl: { venue: hl, market: ETH, fundingReferences: [binance],"
                + " reference: { symbol: ETH/USD, sources: [binance], minSources: 1 } }\n"
                + "  btc-perp-hl: { venue: hl, market: BTC, fundingReferences: [binance],"
                + " reference: { symbol: BTC/USD, sources: [binance], minSources: 1 } }\n"
                + "  sol-perp-hl: { venue: hl, market: SOL, fundingReferences: [binance],"
                + " reference: { symbol: SOL/USD, sources: [binance], minSources: 1 } }\n");
    devnet.exchanges().delay(io.hedgewatch.domain.ReferenceVenue.BINANCE, Duration.ofSeconds(4));
    try {
      long start = System.nanoTime();
      CheckIT.Run run = CheckIT.check(config, true);
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      // Every Binance answer takes 4 s; each perp's premiumIndex comes after the one fundingInfo:
      // asked one after the other the three take at least 16 s, side by side about 8 s. The bound
      // sits between, with room for a loaded machine.
      assertThat(took).as(run.out() + run.err()).isLessThan(Duration.ofSeconds(12));
    } finally {
      devnet.exchanges().delay(io.hedgewatch.domain.ReferenceVenue.BINANCE, Duration.ZERO);
    }
  }

  @Test
  void an_unreachable_venue_makes_its_markets_unknown_and_says_why() throws IOException {
    perps.fail(
        SimulatedPerpVenues.Venue.DYDX, 503, "{\"errors\":[{\"msg\":\"indexer unavailable\"}]}");
    try {
      CheckIT.Run run = CheckIT.check(offChainConfig(), true);
      assertThat(run.exit()).isEqualTo(3);
      JsonNode dydx = market(run.json(), "eth-perp-dydx");
      assertThat(dydx.get("status").asText()).isEqualTo("UNKNOWN");
      assertThat(dydx.get("error").asText()).isNotBlank();
      assertThat(alerts(run.json(), "monitor.blind", "market:eth-perp-dydx")).hasSize(1);
      assertThat(market(run.json(), "eth-perp-hl").get("status").asText()).isEqualTo("OK");
    } finally {
      perps.recover(SimulatedPerpVenues.Venue.DYDX);
    }
  }
}
