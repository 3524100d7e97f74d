package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.devnet.SimulatedExchanges;
import io.hedgewatch.domain.ReferenceVenue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reference prices end to end: a real anvil with the project's feeds, and the five reference venues
 * served on loopback in their real REST shapes, reached by the production clients through {@code
 * references.<venue>.baseUrl}.
 */
class ReferenceIT {

  private static Devnet devnet;
  private static DevnetContracts c;
  private static SimulatedExchanges venues;

  @TempDir Path dir;
  private Path config;

  @BeforeAll
  static void start() {
    devnet = Devnet.start();
    c = devnet.contracts();
    venues = devnet.exchanges();
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
  void calmVenues() {
    venues.setUsdPrice("ETH", new BigDecimal("3000"));
    venues.setUsdPrice("BTC", new BigDecimal("60000"));
    for (ReferenceVenue v : ReferenceVenue.values()) {
      venues.recover(v);
      venues.delay(v, Duration.ZERO);
      venues.clearStablecoinOnVenue(v, "USDT");
    }
  }

  private static JsonNode feed(JsonNode doc, String id) {
    for (JsonNode f : doc.get("feeds")) {
      if (f.get("id").asText().equals(id)) {
        return f;
      }
    }
    throw new AssertionError("no feed " + id);
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

  private static JsonNode detail(JsonNode reference, String venue) {
    for (JsonNode d : reference.get("details")) {
      if (d.get("venue").asText().equals(venue)) {
        return d;
      }
    }
    throw new AssertionError("no detail for " + venue + " in " + reference);
  }

  @Test
  void every_feed_shows_its_composite_per_venue_prices_and_drift() {
    CheckIT.Run run = CheckIT.check(config, true);
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode eth = feed(run.json(), "eth-usd");
    JsonNode ref = eth.get("reference");
    assertThat(ref.get("price").asText()).isEqualTo("3000");
    assertThat(ref.get("sources").size()).isEqualTo(5);
    assertThat(ref.get("sources").get("coinbase").asText()).isEqualTo("3000");
    assertThat(eth.get("driftBps").asDouble()).isEqualTo(0.0);
    // Binance quotes ETH in USDT: converted through the USDT/USD median of the venues that list
    // one.
    assertThat(detail(ref, "binance").get("market").asText()).isEqualTo("ETHUSDT");
    assertThat(detail(ref, "binance").get("conversionRate").asText()).isEqualTo("1");
    assertThat(ref.get("conversions").get("USDT/USD").get("rate").asText()).isEqualTo("1");
    assertThat(run.out()).contains("\"driftBps\" : 0.0");
  }

  @Test
  void a_feed_moved_away_from_the_market_drifts_and_clears_when_it_comes_back() {
    long t = devnet.anvil().latestBlockTimestamp();
    devnet.ops().postRound(c.ethUsdProxy(), new BigInteger("303000000000"), t); // +1.0 %
    JsonNode warn = CheckIT.check(config, true).json();
    JsonNode drift = alerts(warn, "oracle.drift", "feed:eth-usd").get(0);
    assertThat(drift.get("severity").asText()).isEqualTo("WARNING");
    assertThat(drift.get("value").asDouble()).isEqualTo(100.0);
    assertThat(drift.get("threshold").asDouble()).isEqualTo(50.0);
    assertThat(feed(warn, "eth-usd").get("driftBps").asDouble()).isEqualTo(100.0);

    venues.setUsdPrice("ETH", new BigDecimal("2970")); // the market falls 1 % more: +2.02 % apart
    CheckIT.Run critical = CheckIT.check(config, true);
    assertThat(
            alerts(critical.json(), "oracle.drift", "feed:eth-usd").get(0).get("severity").asText())
        .isEqualTo("CRITICAL");
    assertThat(critical.exit()).isEqualTo(2);

    venues.setUsdPrice("ETH", new BigDecimal("3030"));
    CheckIT.Run cleared = CheckIT.check(config, true);
    assertThat(alerts(cleared.json(), "oracle.drift", "feed:eth-usd")).isEmpty();
  }

  @Test
  void one_venue_whose_usdt_collapses_is_named_and_causes_no_false_drift() {
    venues.setStablecoinOnVenue(ReferenceVenue.BINANCE, "USDT", new BigDecimal("0.95"));
    CheckIT.Run run = CheckIT.check(config, true);
    JsonNode doc = run.json();
    List<JsonNode> divergence = alerts(doc, "reference.divergence", "reference:binance");
    assertThat(divergence).hasSize(1);
    assertThat(divergence.get(0).get("severity").asText()).isEqualTo("CRITICAL");
    assertThat(divergence.get(0).get("message").asText()).contains("binance").contains("ETHUSDT");
    assertThat(alerts(doc, "oracle.drift", "feed:eth-usd")).isEmpty();
    assertThat(feed(doc, "eth-usd").get("driftBps").asDouble()).isEqualTo(0.0);
    assertThat(detail(feed(doc, "eth-usd").get("reference"), "binance").get("state").asText())
        .isEqualTo("OUTLIER");
    assertThat(feed(doc, "eth-usd").get("status").asText()).isEqualTo("OK");

    venues.clearStablecoinOnVenue(ReferenceVenue.BINANCE, "USDT");
    assertThat(
            alerts(CheckIT.check(config, true).json(), "reference.divergence", "reference:binance"))
        .isEmpty();
  }

  @Test
  void without_enough_venues_drift_is_not_judged_and_the_feed_is_unknown_with_the_reason() {
    venues.fail(
        ReferenceVenue.BINANCE,
        503,
        "{\"code\":-1001,\"msg\":\"Internal error; unable to process your request.\"}");
    venues.fail(ReferenceVenue.COINBASE, 404, "{\"message\":\"NotFound\"}");
    venues.fail(
        ReferenceVenue.OKX,
        200,
        "{\"code\":\"50001\",\"msg\":\"Service temporarily unavailable\",\"data\":[]}");
    venues.fail(
        ReferenceVenue.BYBIT,
        200,
        "{\"retCode\":10016,\"retMsg\":\"Internal server error\",\"result\":{},\"time\":1}");
    CheckIT.Run run = CheckIT.check(config, true);
    assertThat(run.exit()).isEqualTo(3);
    JsonNode eth = feed(run.json(), "eth-usd");
    assertThat(eth.get("status").asText()).isEqualTo("UNKNOWN");
    assertThat(eth.get("driftBps").isNull()).isTrue();
    assertThat(eth.get("reference").get("price").isNull()).isTrue();
    assertThat(eth.get("reference").get("unavailable").asText()).isNotBlank();
    JsonNode drift = alerts(run.json(), "oracle.drift", "feed:eth-usd").get(0);
    assertThat(drift.get("severity").asText()).isEqualTo("UNKNOWN");
    // Each venue's own words reach the user.
    assertThat(detail(eth.get("reference"), "okx").get("note").asText())
        .contains("Service temporarily unavailable");
    assertThat(detail(eth.get("reference"), "bybit").get("note").asText())
        .contains("Internal server error");
    // Kraken still answers: too few venues, but hedgewatch is not blind to the market.
    assertThat(alerts(run.json(), "monitor.blind", "feed:eth-usd")).isEmpty();

    venues.fail(ReferenceVenue.KRAKEN, 200, "{\"error\":[\"EService:Unavailable\"]}");
    CheckIT.Run blind = CheckIT.check(config, true);
    assertThat(blind.exit()).isEqualTo(3);
    JsonNode blindness = alerts(blind.json(), "monitor.blind", "feed:eth-usd").get(0);
    assertThat(blindness.get("severity").asText()).isEqualTo("UNKNOWN");
    assertThat(blindness.get("message").asText()).contains("every reference venue for ETH/USD");

    for (ReferenceVenue v : ReferenceVenue.values()) {
      venues.recover(v);
    }
    CheckIT.Run recovered = CheckIT.check(config, true);
    assertThat(recovered.exit()).isZero();
    assertThat(feed(recovered.json(), "eth-usd").get("status").asText()).isEqualTo("OK");
  }

  @Test
  void a_slow_venue_costs_no_more_than_its_timeout_and_the_others_still_price() {
    venues.delay(ReferenceVenue.KRAKEN, Duration.ofSeconds(8));
    long start = System.nanoTime();
    CheckIT.Run run = CheckIT.check(config, true);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isLessThan(Duration.ofSeconds(6));
    JsonNode ref = feed(run.json(), "eth-usd").get("reference");
    assertThat(ref.get("price").asText()).isEqualTo("3000");
    assertThat(ref.get("sources").has("kraken")).isFalse();
    assertThat(detail(ref, "kraken").get("note").asText())
        .contains("reference.kraken.ticker.timeout");
    assertThat(run.exit()).isZero();
  }

  @Test
  void a_rate_limited_venue_is_left_out_with_its_retry_after() {
    venues.failWithRetryAfter(
        ReferenceVenue.COINBASE, 429, "{\"message\":\"Public rate limit exceeded\"}", "30");
    CheckIT.Run run = CheckIT.check(config, true);
    JsonNode ref = feed(run.json(), "eth-usd").get("reference");
    assertThat(ref.get("sources").has("coinbase")).isFalse();
    assertThat(detail(ref, "coinbase").get("note").asText())
        .contains("rate-limited")
        .contains("30 s");
    assertThat(run.exit()).isZero();
  }
}
