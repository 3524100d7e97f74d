package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetDemo;
import io.hedgewatch.devnet.MarketDriver;
import io.hedgewatch.devnet.MarketWalk;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferenceVenue;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The devnet as {@code run} without a config brings it up: the demo hedges on both on-chain
 * markets, and the market driver moving prices, funding and open interest, while {@code check}
 * stays quiet.
 */
class DemoDevnetIT {

  private static Devnet devnet;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    devnet = Devnet.start();
    DevnetDemo.openPositions(devnet);
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  private static JsonNode byId(JsonNode doc, String section, String id) {
    for (JsonNode n : doc.get(section)) {
      if (n.get("id").asText().equals(id)) {
        return n;
      }
    }
    throw new AssertionError("no " + section + " " + id + " in " + doc);
  }

  private static BigDecimal dec(JsonNode n, String field) {
    return new BigDecimal(n.get(field).asText());
  }

  @Test
  void the_market_walk_moves_rounds_and_prices_everywhere_and_check_stays_quiet() {
    Path config = DevnetDemo.writeConfig(devnet, dir.resolve("demo.yaml"));
    CheckIT.Run before = CheckIT.check(config, true);
    assertThat(before.exit()).as(before.out() + before.err()).isZero();
    String roundBefore = byId(before.json(), "feeds", "eth-usd").get("roundId").asText();

    MarketDriver driver = new MarketDriver(devnet, 20261125L, Duration.ofMillis(300));
    try (driver) {
      driver.start();
      // past a slow tick (funding and open interest) too
      await().atMost(Duration.ofSeconds(90)).until(() -> driver.ticks() >= 11);
    }
    long ticks = driver.ticks();
    MarketWalk.Step step = driver.current();
    assertThat(step.index()).as("every tick applied in full").isEqualTo(ticks);
    BigDecimal eth = step.price("ETH");
    BigDecimal btc = step.price("BTC");
    assertThat(eth).isNotEqualByComparingTo("3000");

    // the simulated venues quote the walk's prices
    assertThat(devnet.exchanges().usdPrice("ETH")).isEqualByComparingTo(eth);
    assertThat(devnet.exchanges().priceOn(ReferenceVenue.COINBASE, Pair.of("BTC/USD")))
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo(btc));

    CheckIT.Run after = CheckIT.check(config, true);
    JsonNode doc = after.json();
    // on chain: a new Chainlink round of each at the walk's price, Pyth and Synthetix follow
    JsonNode ethFeed = byId(doc, "feeds", "eth-usd");
    assertThat(ethFeed.get("roundId").asText()).isNotEqualTo(roundBefore);
    assertThat(dec(ethFeed, "price")).isEqualByComparingTo(eth);
    assertThat(dec(byId(doc, "feeds", "btc-usd"), "price")).isEqualByComparingTo(btc);
    assertThat(dec(byId(doc, "feeds", "eth-usd-pyth"), "price")).isEqualByComparingTo(eth);
    assertThat(dec(byId(doc, "markets", "eth-perp-snx"), "indexPrice")).isEqualByComparingTo(eth);
    assertThat(dec(byId(doc, "markets", "eth-perp-hl"), "markPrice")).isEqualByComparingTo(eth);
    // the walk's drift is within noise: oracle and reference agree, and nothing fires
    assertThat(ethFeed.get("driftBps").asDouble()).isLessThan(5.0);
    assertThat(after.exit()).as(after.out() + after.err()).isZero();
    assertThat(doc.get("alerts")).as(doc.get("alerts").toString()).isEmpty();

    // both demo hedges are read from their venues
    JsonNode snx = byId(doc, "positions", "snx-eth-short");
    assertThat(snx.get("side").asText()).isEqualTo("SHORT");
    assertThat(dec(snx, "size")).isEqualByComparingTo("5");
    assertThat(snx.get("hedgeRatio").asDouble()).isBetween(0.99, 1.01);
    JsonNode gmx = byId(doc, "positions", "gmx-eth-short");
    assertThat(dec(gmx, "size")).isEqualByComparingTo("2");
    assertThat(dec(gmx, "bufferValue")).isEqualByComparingTo(DevnetDemo.BUFFER_USDC);
    assertThat(dec(snx, "bufferValue")).isEqualByComparingTo(DevnetDemo.BUFFER_USDC);
  }
}
