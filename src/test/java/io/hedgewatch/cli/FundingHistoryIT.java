package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.SimulatedPerpVenues;
import io.hedgewatch.devnet.SimulatedPerpVenues.HistoryRequest;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.store.Store;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Funding history kept in the store across checks: settled history backfilled once and then topped
 * up from the simulated Hyperliquid, and Synthetix v3 funding on a real anvil sampled check after
 * check until {@code funding.spike} has enough points for a z-score.
 */
class FundingHistoryIT {

  private static final Duration HISTORY = Duration.ofDays(8);
  private static final Duration LAG = Duration.ofMinutes(5);
  private static final BigDecimal DEVNET_HOURLY = new BigDecimal("0.0000125");

  private static Devnet devnet;
  private static SimulatedPerpVenues perps;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    devnet = Devnet.start();
    perps = devnet.perpVenues();
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @AfterEach
  void calmHistory() {
    perps.setHyperliquidFundingHistory(
        "ETH", SimulatedPerpVenues.FundingSeries.hourly(DEVNET_HOURLY));
  }

  private static JsonNode market(JsonNode doc, String id) {
    for (JsonNode m : doc.get("markets")) {
      if (m.get("id").asText().equals(id)) {
        return m;
      }
    }
    throw new AssertionError("no market " + id + " in " + doc);
  }

  /** A week and a day of hourly funding that wobbles around 0.00125 %/h. */
  private static SimulatedPerpVenues.FundingSeries wobblingWeek() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    List<FundingPoint> points = new ArrayList<>();
    for (int h = 1; h <= 8 * 24; h++) {
      BigDecimal rate = new BigDecimal(h % 2 == 0 ? "0.0000100" : "0.0000150");
      points.add(new FundingPoint(now.minus(Duration.ofHours(h)), rate));
    }
    return SimulatedPerpVenues.FundingSeries.of(points);
  }

  private static List<HistoryRequest> ethHistoryAsked() {
    return perps.historyRequests(SimulatedPerpVenues.Venue.HYPERLIQUID).stream()
        .filter(r -> r.market().equals("ETH"))
        .toList();
  }

  @Test
  void a_second_check_asks_the_venue_only_for_what_the_store_lacks() {
    perps.setHyperliquidFundingHistory("ETH", wobblingWeek());
    Path config = devnet.writeConfig(dir.resolve("devnet.yaml"));

    perps.clearHistoryRequests();
    Instant before = Instant.now();
    CheckIT.Run first = CheckIT.check(config, true);
    Instant after = Instant.now();
    JsonNode hl = market(first.json(), "eth-perp-hl");
    assertThat(hl.get("fundingHistorySource").asText()).as(first.out()).isEqualTo("store+venue");
    assertThat(hl.get("fundingHistoryPoints").asInt()).isGreaterThan(24);
    assertThat(hl.get("fundingZScore").isNull()).isFalse();
    // The first check backfills the whole window.
    assertThat(ethHistoryAsked().get(0).start().orElseThrow())
        .isBetween(before.minus(HISTORY).minusMillis(1), after.minus(HISTORY));

    // Were the venue asked for the whole window again, this flat history would leave no z-score.
    perps.setHyperliquidFundingHistory(
        "ETH", SimulatedPerpVenues.FundingSeries.hourly(DEVNET_HOURLY));
    perps.clearHistoryRequests();
    CheckIT.Run second = CheckIT.check(config, true);

    // Only from a few minutes before the first check (the last minutes are asked again, in case a
    // settlement was published late); further pages, if any, start later still.
    List<HistoryRequest> asked = ethHistoryAsked();
    assertThat(asked).as(second.out()).isNotEmpty();
    assertThat(asked.get(0).start().orElseThrow())
        .isBetween(before.minus(LAG).minusMillis(1), after.minus(LAG));
    assertThat(asked)
        .allSatisfy(
            r -> assertThat(r.start().orElseThrow()).isAfter(before.minus(LAG).minusMillis(2)));
    JsonNode again = market(second.json(), "eth-perp-hl");
    assertThat(again.get("fundingHistorySource").asText()).isEqualTo("store+venue");
    assertThat(again.get("fundingHistoryPoints").asInt())
        .isGreaterThanOrEqualTo(hl.get("fundingHistoryPoints").asInt() - 1);
    assertThat(again.get("fundingZScore").isNull()).isFalse();
    assertThat(market(second.json(), "eth-perp-dydx").get("fundingHistorySource").asText())
        .isEqualTo("store+venue");
  }

  @Test
  void synthetix_funding_is_sampled_check_after_check_until_a_z_score_exists() {
    Path config = devnet.writeConfig(dir.resolve("devnet.yaml"));
    String marketId = "eth-perp-snx";

    JsonNode first = market(CheckIT.check(config, true).json(), marketId);
    assertThat(first.get("fundingHistorySource").asText()).isEqualTo("samples");
    assertThat(first.get("fundingHistoryPoints").asInt()).isEqualTo(1);
    assertThat(first.get("fundingHistoryError").isNull()).isTrue();
    assertThat(first.get("fundingZScore").isNull()).isTrue();
    Instant at = Instant.parse(first.get("at").asText());
    BigDecimal rate = new BigDecimal(first.get("fundingRateHourly").asText());

    // The same block again: no second sample.
    assertThat(
            market(CheckIT.check(config, true).json(), marketId)
                .get("fundingHistoryPoints")
                .asInt())
        .isEqualTo(1);

    // An hour later on chain: a second sample.
    String snapshot = devnet.anvil().snapshot();
    try {
      devnet.anvil().increaseTime(3600);
      devnet.anvil().mine();
      assertThat(
              market(CheckIT.check(config, true).json(), marketId)
                  .get("fundingHistoryPoints")
                  .asInt())
          .isEqualTo(2);
    } finally {
      devnet.anvil().revert(snapshot);
    }

    // Earlier checks, simulated through the store: 23 hourly samples before the block are one short
    // of funding.spike's minPoints (24), the 24th gives a z-score. Half of them sit 2e-7 above the
    // current rate and half at it, so z = -1 / sqrt(24/23) = -0.98.
    BigDecimal step = new BigDecimal("0.0000002");
    List<FundingPoint> past = new ArrayList<>();
    for (int h = 1; h <= 24; h++) {
      past.add(new FundingPoint(at.minus(Duration.ofHours(h)), h % 2 == 0 ? rate.add(step) : rate));
    }
    String url = "jdbc:sqlite:" + dir.resolve("devnet.db");
    try (Store store = Store.open(url)) {
      store.append(marketId, past.subList(0, 23));
    }
    JsonNode shortOfPoints = market(CheckIT.check(config, true).json(), marketId);
    assertThat(shortOfPoints.get("at").asText()).isEqualTo(first.get("at").asText());
    assertThat(shortOfPoints.get("fundingHistoryPoints").asInt()).isEqualTo(24);
    assertThat(shortOfPoints.get("fundingZScore").isNull()).isTrue();

    try (Store store = Store.open(url)) {
      store.append(marketId, past.subList(23, 24));
    }
    JsonNode judged = market(CheckIT.check(config, true).json(), marketId);
    assertThat(judged.get("fundingHistoryPoints").asInt()).isEqualTo(25);
    assertThat(judged.get("fundingZScore").asDouble()).isEqualTo(-0.98);
  }

  @Test
  void an_unusable_store_leaves_markets_judged_on_their_venues_history_and_says_why()
      throws IOException {
    perps.setHyperliquidFundingHistory("ETH", wobblingWeek());
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    Path config =
        Files.writeString(
            dir.resolve("bad-store.yaml"),
            "storage: { url: \"jdbc:sqlite:"
                + notADirectory.resolve("x.db")
                + "\" }\n"
                + "venues:\n"
                + "  hl: { type: hyperliquid, baseUrl: \""
                + perps.baseUrl(SimulatedPerpVenues.Venue.HYPERLIQUID)
                + "\" }\n"
                + "markets:\n"
                + "  eth-perp-hl: { venue: hl, market: ETH }\n");

    CheckIT.Run run = CheckIT.check(config, true);

    assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(3);
    JsonNode hl = market(run.json(), "eth-perp-hl");
    assertThat(hl.get("fundingHistorySource").asText()).isEqualTo("venue");
    assertThat(hl.get("fundingZScore").isNull()).isFalse();
    assertThat(hl.get("status").asText()).isEqualTo("OK");
    List<JsonNode> blind = new ArrayList<>();
    run.json().get("alerts").forEach(a -> blind.add(a));
    assertThat(blind)
        .filteredOn(a -> a.get("rule").asText().equals("monitor.blind"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.get("subject").asText()).isEqualTo("monitor");
              assertThat(a.get("message").asText())
                  .contains("funding history", notADirectory.toString());
            });
  }
}
