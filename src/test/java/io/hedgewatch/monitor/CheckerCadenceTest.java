package io.hedgewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.devnet.SimulatedExchanges;
import io.hedgewatch.devnet.SimulatedPerpVenues;
import io.hedgewatch.devnet.SimulatedPerpVenues.Venue;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.ReferenceSource;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.SourceState;
import io.hedgewatch.monitor.ReadCadences.Kind;
import io.hedgewatch.testing.MovableClock;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Checker#check()} over and over, as {@code run} calls it once per block, against the
 * simulated reference exchanges and perp venues on loopback, counting what each venue is asked.
 * There is no chain here: what the cadences govern is the off-chain reads.
 */
class CheckerCadenceTest {

  private static final Instant START = Instant.parse("2026-11-24T12:00:00Z");
  private static final String HL_USER = "0x4444444444444444444444444444444444444444";
  private static final List<ReferenceVenue> SPOT =
      List.of(ReferenceVenue.BINANCE, ReferenceVenue.COINBASE, ReferenceVenue.KRAKEN);

  @TempDir Path dir;

  private final MovableClock clock = new MovableClock(START);
  private SimulatedExchanges exchanges;
  private SimulatedPerpVenues perps;
  private HedgewatchConfig config;

  @BeforeEach
  void start() {
    exchanges = new SimulatedExchanges(clock);
    exchanges.setUsdPrice("ETH", new BigDecimal("3000"));
    perps = new SimulatedPerpVenues(clock);
    perps.addHyperliquidMarket("ETH", new BigDecimal("3000"));
    perps.addDydxMarket("ETH-USD", new BigDecimal("3000"));
    perps.setHyperliquidPosition(
        HL_USER,
        "ETH",
        SimulatedPerpVenues.HyperliquidPosition.isolated(
            new BigDecimal("-3"), new BigDecimal("3000"), 5, new BigDecimal("1800")));
    config = load();
  }

  @AfterEach
  void stop() {
    exchanges.close();
    perps.close();
  }

  private HedgewatchConfig load() {
    String yaml =
        "references:\n"
            + "  binance: { baseUrl: \""
            + exchanges.baseUrl(ReferenceVenue.BINANCE)
            + "\", futuresBaseUrl: \""
            + exchanges.fundingBaseUrl(CexFundingVenue.BINANCE)
            + "\" }\n"
            + "  coinbase: { baseUrl: \""
            + exchanges.baseUrl(ReferenceVenue.COINBASE)
            + "\" }\n"
            + "  kraken: { baseUrl: \""
            + exchanges.baseUrl(ReferenceVenue.KRAKEN)
            + "\" }\n"
            + "storage: { url: \"jdbc:sqlite:"
            + dir.resolve("cadence.db")
            + "\" }\n"
            + "venues:\n"
            + "  hl: { type: hyperliquid, baseUrl: \""
            + perps.baseUrl(Venue.HYPERLIQUID)
            + "\" }\n"
            + "  dydx: { type: dydx-v4, baseUrl: \""
            + perps.baseUrl(Venue.DYDX)
            + "\" }\n"
            + "markets:\n"
            + "  eth-perp-hl: { venue: hl, market: ETH, reference: { symbol: ETH/USD },"
            + " fundingReferences: [binance] }\n"
            + "  eth-perp-dydx: { venue: dydx, market: ETH-USD, reference: { symbol: ETH/USD },"
            + " fundingReferences: [binance] }\n"
            + "positions:\n"
            + "  hl-short: { market: eth-perp-hl, account: \""
            + HL_USER
            + "\", hedges: { asset: ETH, amount: 3 } }\n";
    LoadResult result = ConfigLoader.parse(yaml, dir.resolve("cadence.yaml"), Map.of());
    assertThat(result).as("%s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  /** What the venues were asked so far, by kind of request. */
  private record Asked(
      Map<ReferenceVenue, Long> spot,
      long candles,
      long cexFunding,
      long hlMarkets,
      long hlAccounts,
      long hlHistory,
      long dydxMarkets,
      long dydxHistory) {

    Asked minus(Asked before) {
      Map<ReferenceVenue, Long> spot = new EnumMap<>(ReferenceVenue.class);
      this.spot.forEach((v, n) -> spot.put(v, n - before.spot.get(v)));
      return new Asked(
          spot,
          candles - before.candles,
          cexFunding - before.cexFunding,
          hlMarkets - before.hlMarkets,
          hlAccounts - before.hlAccounts,
          hlHistory - before.hlHistory,
          dydxMarkets - before.dydxMarkets,
          dydxHistory - before.dydxHistory);
    }
  }

  private Asked asked() {
    Map<ReferenceVenue, Long> spot = new EnumMap<>(ReferenceVenue.class);
    long candles = 0;
    for (ReferenceVenue venue : SPOT) {
      List<String> paths = exchanges.requestPaths(venue);
      spot.put(
          venue,
          paths.stream()
              .filter(
                  p ->
                      p.equals("/api/v3/ticker/price")
                          || p.endsWith("/ticker")
                          || p.equals("/0/public/Ticker"))
              .count());
      candles +=
          paths.stream()
              .filter(
                  p ->
                      p.equals("/api/v3/klines")
                          || p.endsWith("/candles")
                          || p.equals("/0/public/OHLC"))
              .count();
    }
    long cexFunding =
        exchanges.requestPaths(CexFundingVenue.BINANCE).stream()
            .filter(p -> p.startsWith("/fapi/"))
            .count();
    return new Asked(
        spot,
        candles,
        cexFunding,
        perps.requests(Venue.HYPERLIQUID, "metaAndAssetCtxs"),
        perps.requests(Venue.HYPERLIQUID, "clearinghouseState"),
        perps.requests(Venue.HYPERLIQUID, "fundingHistory"),
        perps.requests(Venue.DYDX, "perpetualMarkets"),
        perps.requests(Venue.DYDX, "historicalFunding"));
  }

  private static ReferencePrice reference(CheckReport report, String marketId) {
    return report.markets().stream()
        .filter(m -> m.market().id().equals(marketId))
        .findFirst()
        .orElseThrow()
        .context()
        .reference()
        .orElseThrow();
  }

  @Test
  void ten_checks_within_ten_seconds_ask_each_venue_once_and_the_next_second_asks_again() {
    try (ReadCadences cadences = ReadCadences.defaults(clock)) {
      Checker checker = new Checker(config, RpcRetryPolicy.DEFAULT, clock, cadences);
      CheckReport first = checker.check();
      Asked once = asked();
      // Every kind was read once: each spot venue for ETH and its stablecoin rates, the candles of
      // one venue, Binance's perp, both perp venues' markets, history and the account.
      assertThat(once.spot()).allSatisfy((v, n) -> assertThat(n).as("%s", v).isPositive());
      assertThat(once.candles()).isEqualTo(1);
      assertThat(once.cexFunding()).isPositive();
      assertThat(once.hlMarkets()).isEqualTo(1);
      assertThat(once.hlAccounts()).isEqualTo(1);
      assertThat(once.hlHistory()).isPositive();
      assertThat(once.dydxMarkets()).isEqualTo(1);
      assertThat(once.dydxHistory()).isPositive();
      assertThat(reference(first, "eth-perp-hl").price()).isPresent();

      CheckReport last = first;
      for (int i = 1; i < 10; i++) {
        clock.advance(Duration.ofSeconds(1));
        last = checker.check();
      }
      assertThat(asked()).isEqualTo(once);
      // The cached quotes keep their own time; the composite is made at the check's.
      ReferencePrice cached = reference(last, "eth-perp-hl");
      assertThat(cached.at()).isEqualTo(START.plusSeconds(9));
      assertThat(cached.sources())
          .filteredOn(s -> s.state() == SourceState.USED)
          .isNotEmpty()
          .allSatisfy(s -> assertThat(s.observedAt()).contains(START));
      assertThat(cached.price()).isEqualTo(reference(first, "eth-perp-hl").price());
      // The position is the one read at the start, at its own time.
      assertThat(last.positions().get(0).snapshot().asOptional().orElseThrow().at())
          .isEqualTo(START);

      clock.advance(Duration.ofSeconds(1));
      checker.check();
      Asked again = asked().minus(once);
      // 10 s on: the spot quotes and the perp venues' snapshots once more; candles (15 min),
      // Binance's funding (60 s) and the funding history (15 min) not yet.
      assertThat(again.spot()).isEqualTo(once.spot());
      assertThat(again.hlMarkets()).isEqualTo(1);
      assertThat(again.hlAccounts()).isEqualTo(1);
      assertThat(again.dydxMarkets()).isEqualTo(1);
      assertThat(again.candles()).isZero();
      assertThat(again.cexFunding()).isZero();
      assertThat(again.hlHistory()).isZero();
      // dYdX's snapshot itself asks for the market's latest settled rate: that one alone.
      assertThat(again.dydxHistory()).isEqualTo(1);

      clock.advance(Duration.ofMinutes(15));
      checker.check();
      Asked later = asked().minus(once).minus(again);
      assertThat(later.candles()).isEqualTo(1);
      assertThat(later.cexFunding()).isEqualTo(once.cexFunding());
      assertThat(later.hlHistory()).isPositive();
      assertThat(later.dydxHistory()).isGreaterThan(1);
      assertThat(cadences.stats(Kind.SPOT_QUOTES).served()).isPositive();
    }
  }

  @Test
  void without_cadences_every_check_asks_every_venue() {
    Checker checker = new Checker(config, RpcRetryPolicy.DEFAULT, clock);
    checker.check();
    Asked once = asked();
    for (int i = 1; i < 3; i++) {
      clock.advance(Duration.ofSeconds(1));
      checker.check();
    }
    Asked all = asked();
    once.spot().forEach((v, n) -> assertThat(all.spot().get(v)).as("%s", v).isEqualTo(3 * n));
    assertThat(all.candles()).isEqualTo(3);
    assertThat(all.cexFunding()).isEqualTo(3 * once.cexFunding());
    assertThat(all.hlMarkets()).isEqualTo(3);
    assertThat(all.hlAccounts()).isEqualTo(3);
    assertThat(all.dydxMarkets()).isEqualTo(3);
    // The store keeps the history: later checks ask only for the part not yet settled.
    assertThat(all.hlHistory()).isGreaterThan(once.hlHistory());
  }

  @Test
  void a_cached_quote_older_than_max_age_is_judged_stale_by_its_own_time() {
    // A spot cadence longer than reference.unavailable's maxAge (60 s), to show that the
    // composite judges a quote by the quote's time and not by the check's.
    try (ReadCadences slow =
        ReadCadences.custom(
            clock, Map.of(Kind.SPOT_QUOTES, Duration.ofMinutes(5)), ReadCadences.DEFAULT_FAILURE)) {
      Checker checker = new Checker(config, RpcRetryPolicy.DEFAULT, clock, slow);
      assertThat(reference(checker.check(), "eth-perp-hl").price()).isPresent();
      clock.advance(Duration.ofSeconds(61));
      ReferencePrice stale = reference(checker.check(), "eth-perp-hl");
      assertThat(stale.price()).isEmpty();
      assertThat(stale.sources())
          .extracting(ReferenceSource::state)
          .contains(SourceState.STALE)
          .doesNotContain(SourceState.USED);
    }
  }

  @Test
  void a_venue_that_fails_is_asked_again_after_the_failure_ttl_and_seen_recovering() {
    try (ReadCadences cadences = ReadCadences.defaults(clock)) {
      Checker checker = new Checker(config, RpcRetryPolicy.DEFAULT, clock, cadences);
      perps.fail(Venue.DYDX, 503, "{\"errors\":[{\"msg\":\"unavailable\"}]}");
      CheckReport down = checker.check();
      assertThat(market(down, "eth-perp-dydx").snapshot().failureIfAny()).isPresent();
      int asked = perps.requests(Venue.DYDX);

      perps.recover(Venue.DYDX);
      clock.advance(Duration.ofSeconds(4));
      CheckReport stillDown = checker.check();
      assertThat(market(stillDown, "eth-perp-dydx").snapshot().failureIfAny()).isPresent();
      assertThat(perps.requests(Venue.DYDX)).isEqualTo(asked);

      clock.advance(Duration.ofSeconds(1));
      CheckReport up = checker.check();
      assertThat(market(up, "eth-perp-dydx").snapshot().asOptional()).isPresent();
      assertThat(perps.requests(Venue.DYDX)).isGreaterThan(asked);
    }
  }

  private static MarketReport market(CheckReport report, String id) {
    return report.markets().stream()
        .filter(m -> m.market().id().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void metrics_time_each_real_spot_request_by_venue_and_not_the_ones_served_from_memory() {
    io.micrometer.core.instrument.simple.SimpleMeterRegistry registry =
        new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    try (ReadCadences cadences = ReadCadences.defaults(clock).withMetrics(registry)) {
      Checker checker = new Checker(config, RpcRetryPolicy.DEFAULT, clock, cadences);
      Asked before = asked();
      checker.check();
      clock.advance(Duration.ofSeconds(1));
      checker.check();
      Asked spent = asked().minus(before);
      for (ReferenceVenue venue : SPOT) {
        io.micrometer.core.instrument.Timer timer =
            registry.find("hedgewatch.reference.latency").tag("venue", venue.configName()).timer();
        assertThat(timer).as(venue.configName()).isNotNull();
        assertThat(timer.count()).as(venue.configName()).isEqualTo(spent.spot().get(venue));
      }
      assertThat(registry.find("hedgewatch.reference.errors").counters()).isEmpty();
    }
  }
}
