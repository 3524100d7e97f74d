package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.devnet.SimulatedCexPerps;
import io.hedgewatch.domain.CexFundingVenue;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The devnet's markets against the five simulated centralized perps, through {@code check} on a
 * real anvil: every venue is read by its production client in its own units and interval, a quiet
 * devnet raises nothing, and moving one venue's funding or mark fires {@code funding.divergence} or
 * {@code basis.wide} against it, and clears when it is restored.
 */
class CexFundingIT {

  /** The devnet's markets, on both on-chain venues and both off-chain ones. */
  private static final List<String> ETH_MARKETS =
      List.of("eth-perp-snx", "eth-perp-gmx", "eth-perp-hl", "eth-perp-dydx");

  private static final List<String> BTC_MARKETS =
      List.of("btc-perp-snx", "btc-perp-gmx", "btc-perp-hl", "btc-perp-dydx");

  private static Devnet devnet;
  private static DevnetContracts c;
  private static SimulatedCexPerps perps;

  @TempDir Path dir;
  private Path config;

  @BeforeAll
  static void start() {
    devnet = Devnet.start();
    c = devnet.contracts();
    perps = devnet.exchanges().perps();
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @BeforeEach
  void freshFeeds() {
    long t = devnet.anvil().latestBlockTimestamp();
    devnet.ops().postRound(c.ethUsdProxy(), Devnet.ETH_USD_ANSWER, t);
    devnet.ops().postRound(c.btcUsdProxy(), Devnet.BTC_USD_ANSWER, t);
    devnet.ops().postRound(c.usdcUsdProxy(), Devnet.USDC_USD_ANSWER, t);
    devnet
        .ops()
        .setPythPrice(
            c.pythEthUsdId(),
            Devnet.PYTH_ETH_USD_PRICE,
            Devnet.PYTH_ETH_USD_CONF,
            Devnet.PYTH_EXPO,
            t);
    config = devnet.writeConfig(dir.resolve("devnet.yaml"));
  }

  @AfterEach
  void calmPerps() {
    for (CexFundingVenue v : CexFundingVenue.values()) {
      for (String asset : List.of("ETH", "BTC")) {
        perps.clearFunding(v, asset);
        perps.clearMark(v, asset);
      }
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

  private static List<JsonNode> alerts(JsonNode doc, String rule) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode a : doc.get("alerts")) {
      if (a.get("rule").asText().equals(rule)) {
        found.add(a);
      }
    }
    return found;
  }

  private static List<String> subjects(List<JsonNode> alerts) {
    return alerts.stream().map(a -> a.get("subject").asText()).toList();
  }

  /** The devnet's config with every market compared with {@code venue} alone. */
  private Path comparedWithOnly(CexFundingVenue venue) throws IOException {
    String yaml = Files.readString(config);
    String all = "fundingReferences: [binance, bybit, okx, deribit, kraken-futures]";
    assertThat(yaml).contains(all);
    return Files.writeString(
        dir.resolve(venue.configName() + ".yaml"),
        yaml.replace(all, "fundingReferences: [" + venue.configName() + "]"));
  }

  @Test
  void a_quiet_devnet_reads_all_five_perps_on_one_scale_and_raises_nothing() {
    CheckIT.Run run = CheckIT.check(config, true);
    assertThat(run.exit()).as(run.out() + run.err()).isZero();
    assertThat(run.json().get("alerts")).as(run.out()).isEmpty();
    for (String id : ETH_MARKETS) {
      JsonNode cex = market(run.json(), id).get("cexFunding");
      assertThat(cex.size()).as(id + ": " + cex).isEqualTo(CexFundingVenue.values().length);
      cex.fields()
          .forEachRemaining(
              e -> {
                assertThat(e.getValue().get("fundingRateHourly").asText())
                    .as(e.getKey())
                    .isEqualTo("0.0000125");
                assertThat(e.getValue().get("markPrice").asText()).isEqualTo("3000");
              });
      // Each venue in its own interval: Kraken Futures hourly, the others per 8 h.
      assertThat(cex.get("kraken-futures").get("intervalHours").asInt()).isEqualTo(1);
      assertThat(cex.get("deribit").get("intervalHours").asInt()).isEqualTo(8);
      assertThat(cex.get("deribit").get("symbol").asText()).isEqualTo("ETH-PERPETUAL");
      assertThat(cex.get("okx").get("symbol").asText()).isEqualTo("ETH-USDT-SWAP");
    }
    for (String id : BTC_MARKETS) {
      JsonNode cex = market(run.json(), id).get("cexFunding");
      assertThat(cex.size()).as(id + ": " + cex).isEqualTo(CexFundingVenue.values().length);
      assertThat(cex.get("bybit").get("fundingRateHourly").asText()).isEqualTo("-0.000005");
      assertThat(cex.get("kraken-futures").get("symbol").asText()).isEqualTo("PF_XBTUSD");
      assertThat(cex.get("kraken-futures").get("markPrice").asText()).isEqualTo("60000");
    }

    // One venue of five moved far: the median the markets are compared with stays put.
    perps.setFunding(CexFundingVenue.OKX, "ETH", new BigDecimal("0.0001"));
    JsonNode oneOff = CheckIT.check(config, true).json();
    assertThat(alerts(oneOff, "funding.divergence")).isEmpty();
    assertThat(
            market(oneOff, "eth-perp-hl")
                .get("cexFunding")
                .get("okx")
                .get("fundingRateHourly")
                .asText())
        .isEqualTo("0.0001");
  }

  @ParameterizedTest
  @EnumSource(CexFundingVenue.class)
  void funding_divergence_fires_against_each_venue_when_its_funding_moves_and_clears(
      CexFundingVenue venue) throws IOException {
    Path only = comparedWithOnly(venue);
    CheckIT.Run calm = CheckIT.check(only, true);
    assertThat(calm.exit()).as(calm.out() + calm.err()).isZero();
    assertThat(market(calm.json(), "eth-perp-hl").get("cexFunding").has(venue.configName()))
        .isTrue();

    // 0.01 % per hour (87.6 % a year) against the markets' 10.95 %: critical on every ETH market.
    perps.setFunding(venue, "ETH", new BigDecimal("0.0001"));
    JsonNode moved = CheckIT.check(only, true).json();
    List<JsonNode> divergence = alerts(moved, "funding.divergence");
    assertThat(subjects(divergence))
        .containsExactlyInAnyOrderElementsOf(ETH_MARKETS.stream().map(m -> "market:" + m).toList());
    for (JsonNode a : divergence) {
      assertThat(a.get("severity").asText()).isEqualTo("CRITICAL");
      assertThat(a.get("message").asText())
          .contains(venue.configName())
          .contains(
              market(moved, "eth-perp-hl")
                  .get("cexFunding")
                  .get(venue.configName())
                  .get("symbol")
                  .asText())
          .contains("below");
    }
    assertThat(
            market(moved, "eth-perp-snx")
                .get("cexFunding")
                .get(venue.configName())
                .get("fundingRateHourly")
                .asText())
        .isEqualTo("0.0001");

    perps.clearFunding(venue, "ETH");
    CheckIT.Run cleared = CheckIT.check(only, true);
    assertThat(alerts(cleared.json(), "funding.divergence")).isEmpty();
    assertThat(cleared.exit()).isZero();
  }

  @Test
  void btc_funding_moved_on_kraken_futures_diverges_for_the_btc_markets_only() throws IOException {
    Path only = comparedWithOnly(CexFundingVenue.KRAKEN_FUTURES);
    // +0.005 % per hour: 43.8 % a year against the devnet's BTC funding of -4.38 % to +1.10 %.
    perps.setFunding(CexFundingVenue.KRAKEN_FUTURES, "BTC", new BigDecimal("0.00005"));
    JsonNode moved = CheckIT.check(only, true).json();
    assertThat(subjects(alerts(moved, "funding.divergence")))
        .containsExactlyInAnyOrderElementsOf(BTC_MARKETS.stream().map(m -> "market:" + m).toList());
    perps.clearFunding(CexFundingVenue.KRAKEN_FUTURES, "BTC");
    assertThat(alerts(CheckIT.check(only, true).json(), "funding.divergence")).isEmpty();
  }

  @Test
  void a_deribit_mark_moved_away_widens_the_basis_and_clears() throws IOException {
    Path only = comparedWithOnly(CexFundingVenue.DERIBIT);
    // 3 % above the markets' 3000: beyond basis.wide's critical 1.5 %.
    perps.setMark(CexFundingVenue.DERIBIT, "ETH", new BigDecimal("3090"));
    JsonNode moved = CheckIT.check(only, true).json();
    List<JsonNode> basis = alerts(moved, "basis.wide");
    // dYdX's markets carry no mark price of their own, so they have no basis to widen.
    assertThat(subjects(basis))
        .containsExactlyInAnyOrder("market:eth-perp-snx", "market:eth-perp-hl");
    assertThat(basis.get(0).get("severity").asText()).isEqualTo("CRITICAL");
    assertThat(
            market(moved, "eth-perp-hl").get("cexFunding").get("deribit").get("markPrice").asText())
        .isEqualTo("3090");
    perps.clearMark(CexFundingVenue.DERIBIT, "ETH");
    CheckIT.Run cleared = CheckIT.check(only, true);
    assertThat(alerts(cleared.json(), "basis.wide")).isEmpty();
    assertThat(cleared.exit()).isZero();
  }
}
