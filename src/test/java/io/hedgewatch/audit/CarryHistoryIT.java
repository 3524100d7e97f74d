package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.devnet.SimulatedPerpVenues;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.domain.TimeRange;
import io.hedgewatch.store.MarketObservation;
import io.hedgewatch.store.Store;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CarryHistory} over real HTTP on loopback: Hyperliquid's history from the devnet's
 * simulated venue (paged), Binance USD-M's {@code /fapi/v1/fundingRate} in the shape of the
 * recorded reply ({@code fixtures/cex/binance-fapi-fundingRate-BTCUSDT.json}) from a MockWebServer
 * that honours {@code startTime}, {@code endTime} and {@code limit}, and an on-chain market's
 * samples and marks from a real SQLite store.
 */
class CarryHistoryIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant D = Instant.parse("2026-02-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(D.plus(Duration.ofDays(3)), ZoneOffset.UTC);
  private static final CarryAuditHedge SHORT_2 =
      new CarryAuditHedge(PositionSide.SHORT, new BigDecimal("2"));

  @TempDir Path dir;

  private final MockWebServer binance = new MockWebServer();
  private final List<RecordedRequest> binanceRequests = new CopyOnWriteArrayList<>();
  private SimulatedPerpVenues venues;
  private Store store;
  private OkHttpClient http;

  /** Binance's first settlement the server knows of: its history does not reach further back. */
  private Instant binanceSince = D;

  @BeforeEach
  void start() throws Exception {
    binance.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            binanceRequests.add(request);
            return binanceReply(request.getRequestUrl());
          }
        });
    binance.start();
    venues = new SimulatedPerpVenues(CLOCK);
    venues.addHyperliquidMarket("ETH", new BigDecimal("3000"));
    venues.setHyperliquidFundingHistory(
        "ETH", SimulatedPerpVenues.FundingSeries.hourly(new BigDecimal("0.00001")));
    venues.setHyperliquidHistoryPageSize(12);
    store = Store.open("jdbc:sqlite:" + dir.resolve("hw.db"));
    http = new OkHttpClient();
  }

  @AfterEach
  void stop() throws Exception {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    store.close();
    venues.close();
    binance.shutdown();
  }

  /** Every 8 h from {@link #binanceSince}, 0.01 % per 8 h, oldest first, as Binance answers. */
  private MockResponse binanceReply(HttpUrl url) {
    if (url.encodedPath().equals("/fapi/v1/fundingInfo")) {
      return new MockResponse().setBody("[]");
    }
    if (!url.encodedPath().equals("/fapi/v1/fundingRate")) {
      return new MockResponse().setResponseCode(404).setBody("{\"code\":-5000,\"msg\":\"Path\"}");
    }
    Instant start = Instant.ofEpochMilli(Long.parseLong(url.queryParameter("startTime")));
    Instant end = Instant.ofEpochMilli(Long.parseLong(url.queryParameter("endTime")));
    int limit = Integer.parseInt(url.queryParameter("limit"));
    ArrayNode rows = JSON.createArrayNode();
    for (Instant t = binanceSince;
        !t.isAfter(end) && rows.size() < limit;
        t = t.plus(Duration.ofHours(8))) {
      if (t.isBefore(start) || t.isAfter(CLOCK.instant())) {
        continue;
      }
      ObjectNode row = rows.addObject();
      row.put("symbol", url.queryParameter("symbol"));
      row.put("fundingTime", t.toEpochMilli());
      row.put("fundingRate", "0.00010000");
      row.put("markPrice", "3000.00000000");
    }
    return new MockResponse().setBody(rows.toString());
  }

  private HedgewatchConfig config() {
    String yaml =
        """
        chains:
          arbitrum: { chainId: 42161, rpcUrls: ["http://127.0.0.1:1"] }
        references:
          binance: { futuresBaseUrl: "%s" }
        venues:
          gmx: { type: gmx-v2, chain: arbitrum, reader: "0x470fbC46bcC0f16532691Df360A07d8Bf5ee0789", dataStore: "0xFD70de6b91282D8017aA4E741e9Ae325CAb992d8" }
          hyperliquid: { type: hyperliquid, baseUrl: "%s" }
        markets:
          hl-eth: { venue: hyperliquid, market: ETH, reference: { symbol: ETH/USD, minSources: 1 }, fundingReferences: [binance] }
          gmx-eth: { venue: gmx, market: "0x70d95587d40A2caf56bd97485aB3Eec10Bee6336", reference: { symbol: ETH/USD, minSources: 1 }, fundingReferences: [binance] }
        positions:
          gmx-short: { market: gmx-eth, side: short, size: 2, entryPrice: 3000, collateral: 6000, maintenanceMarginRatio: 1%% }
        """
            .formatted(
                binance.url("/").toString(), venues.baseUrl(SimulatedPerpVenues.Venue.HYPERLIQUID));
    LoadResult result = ConfigLoader.parse(yaml, Path.of("carry.yaml"), Map.of());
    assertThat(result).as("%s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  private CarryHistory history() {
    return CarryHistory.overHttp(config(), store, http, CLOCK);
  }

  @Test
  void audits_a_hyperliquid_hedge_against_a_binance_history_that_starts_late() {
    binanceSince = D.plus(Duration.ofDays(1));
    Instant from = D;
    Instant to = D.plus(Duration.ofDays(2));

    CarryHistory.Loaded loaded =
        history()
            .load(
                new CarryHistory.Target.Market("hl-eth"),
                from,
                to,
                Optional.of(SHORT_2),
                Optional.of(new BigDecimal("3000")));

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.priceSource()).startsWith("constant notional at 3000");
    // Paged 12 rows at a time (72 h with the tail: within the venue client's 10 requests per 20 s)
    // through the simulated venue.
    assertThat(venues.historyRequests(SimulatedPerpVenues.Venue.HYPERLIQUID).size())
        .isGreaterThanOrEqualTo(6);
    // The period and the settlements after it that may still settle part of it were asked for.
    assertThat(binanceRequests)
        .filteredOn(r -> r.getRequestUrl().encodedPath().equals("/fapi/v1/fundingRate"))
        .anySatisfy(
            r -> {
              HttpUrl url = r.getRequestUrl();
              assertThat(Long.parseLong(url.queryParameter("startTime")))
                  .isLessThanOrEqualTo(from.toEpochMilli());
              assertThat(Long.parseLong(url.queryParameter("endTime")))
                  .isGreaterThanOrEqualTo(to.plus(Duration.ofHours(8)).toEpochMilli());
            });

    CarryAuditResult result = loaded.audit(from, to).orElseThrow();
    CarryAuditVenue hl = result.hedgeVenue();
    // 48 hours × 2 × 3000 × 0.00001 received by the short.
    assertThat(hl.interval()).isEqualTo(Duration.ofHours(1));
    assertThat(hl.received()).isEqualByComparingTo("2.88");
    assertThat(hl.settlements()).isEqualTo(48);
    assertThat(hl.coverage().complete()).isTrue();
    assertThat(hl.netApr()).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("0.0876"));

    CarryAuditVenue bn = result.cex().get(0);
    assertThat(bn.venue()).isEqualTo("binance");
    assertThat(bn.interval()).isEqualTo(Duration.ofHours(8));
    // Settlements at D+1 00:00 (the 8 h from D 16:00), 08:00, 16:00 and D+2 00:00: 4 × 0.6.
    assertThat(bn.net()).isEqualByComparingTo("2.4");
    assertThat(bn.coverage().missing())
        .containsExactly(new TimeRange(D, D.plus(Duration.ofHours(16))));
    assertThat(bn.coverage().missingIntervals()).isEqualTo(2);
    assertThat(bn.netApr()).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("0.1095"));
    assertThat(result.comparison().cheapestVenue()).contains("binance");
    // 0.1095 − 0.0876 on 288000 notional-hours.
    assertThat(result.comparison().excessCostVsCheapest())
        .hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo("0.72"));
  }

  @Test
  void reads_an_on_chain_position_from_the_stores_hourly_samples_and_marks() {
    List<FundingPoint> samples = new ArrayList<>();
    for (int i = 0; i <= 12; i++) {
      samples.add(new FundingPoint(D.plus(Duration.ofHours(i)), new BigDecimal("0.00002")));
    }
    store.append("gmx-eth", samples);
    store.recordMarket(
        new MarketObservation(
            "gmx-eth",
            D,
            Optional.of(new BigDecimal("3100")),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            MarketStatus.ACTIVE,
            Severity.OK));

    CarryHistory.Loaded loaded =
        history()
            .load(
                new CarryHistory.Target.Position("gmx-short"),
                D,
                D.plus(Duration.ofDays(1)),
                Optional.empty(),
                Optional.empty());

    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.hedge()).contains(SHORT_2);
    assertThat(loaded.priceSource()).contains("1 mark prices of gmx-eth");
    CarryAuditResult result = loaded.audit(D, D.plus(Duration.ofDays(1))).orElseThrow();
    CarryAuditVenue gmx = result.hedgeVenue();
    // The samples at 01:00..12:00 stand for the 12 hours before them: 12 × 2 × 3100 × 0.00002.
    assertThat(gmx.received()).isEqualByComparingTo("1.488");
    assertThat(gmx.coverage().missing())
        .containsExactly(new TimeRange(D.plus(Duration.ofHours(12)), D.plus(Duration.ofDays(1))));
    // Binance over the same day at the observed mark: 3 × 2 × 3100 × 0.0001.
    assertThat(result.cex().get(0).net()).isEqualByComparingTo("1.86");
  }

  @Test
  void says_so_when_the_store_holds_no_samples_of_the_period() {
    CarryHistory.Loaded loaded =
        history()
            .load(
                new CarryHistory.Target.Position("gmx-short"),
                D,
                D.plus(Duration.ofDays(1)),
                Optional.empty(),
                Optional.empty());

    assertThat(loaded.problems())
        .singleElement()
        .asString()
        .contains("gmx keeps no funding history")
        .contains("while `run` watches market gmx-eth")
        .contains("no sample between " + D);
    assertThat(loaded.priceSource()).contains("constant notional at 3000");
    CarryAuditResult result = loaded.audit(D, D.plus(Duration.ofDays(1))).orElseThrow();
    assertThat(result.hedgeVenue().netApr()).isEmpty();
    assertThat(result.hedgeVenue().coverage().missing())
        .containsExactly(new TimeRange(D, D.plus(Duration.ofDays(1))));
  }

  @Test
  void a_market_needs_a_hedge_and_unknown_ids_and_overlong_periods_are_named() {
    CarryHistory history = history();

    CarryHistory.Loaded loaded =
        history.load(
            new CarryHistory.Target.Market("hl-eth"),
            D,
            D.plus(Duration.ofHours(8)),
            Optional.empty(),
            Optional.of(new BigDecimal("3000")));

    assertThat(loaded.problems()).anySatisfy(p -> assertThat(p).contains("give the hedge's side"));
    assertThat(loaded.audit(D, D.plus(Duration.ofHours(8)))).isEmpty();
    assertThatThrownBy(
            () ->
                history.load(
                    new CarryHistory.Target.Position("nope"),
                    D,
                    D.plus(Duration.ofHours(8)),
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no position 'nope' under positions");
    assertThatThrownBy(
            () ->
                history.load(
                    new CarryHistory.Target.Market("hl-eth"),
                    D.minus(Duration.ofDays(400)),
                    D,
                    Optional.of(SHORT_2),
                    Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is too long");
  }
}
