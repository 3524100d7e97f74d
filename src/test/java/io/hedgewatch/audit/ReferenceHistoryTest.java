package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.devnet.SimulatedExchanges;
import io.hedgewatch.domain.Candle;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.reference.HttpCandleSource;
import io.hedgewatch.risk.RuleSettingsLookup;
import io.hedgewatch.testing.MovableClock;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit reference against the simulated exchanges' candles on loopback (the venues' real reply
 * shapes and paging rules) and the recorded Binance klines.
 */
class ReferenceHistoryTest {

  private static final Instant NOW = Instant.parse("2025-12-08T10:20:00Z");
  private static final Instant DAY_START = Instant.parse("2025-12-07T00:00:00Z");
  private static final Instant DAY_END = Instant.parse("2025-12-08T00:00:00Z");

  /** Kraken's oldest closed 1m candle at NOW: 719 before the running one. */
  private static final Instant KRAKEN_FROM = Instant.parse("2025-12-07T22:21:00Z");

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Pair ETH_USD = Pair.of("ETH/USD");
  private static final List<ReferenceVenue> ALL =
      List.of(ReferenceVenue.BINANCE, ReferenceVenue.COINBASE, ReferenceVenue.KRAKEN);

  private MovableClock clock;
  private SimulatedExchanges exchanges;
  private OkHttpClient http;

  @BeforeEach
  void start() {
    clock = new MovableClock(NOW);
    exchanges = new SimulatedExchanges(clock);
    exchanges.setUsdPrice("ETH", new BigDecimal("3100"));
    http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  }

  @AfterEach
  void stop() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    exchanges.close();
  }

  private ReferenceHistory history(CandleCache cache) {
    Map<ReferenceVenue, Optional<String>> urls = new EnumMap<>(ReferenceVenue.class);
    for (ReferenceVenue v : ALL) {
      urls.put(v, Optional.of(exchanges.baseUrl(v)));
    }
    return ReferenceHistory.overHttp(urls, http, clock, cache, RuleSettingsLookup.defaults());
  }

  private ReferenceHistory.Result oneDay(List<ReferenceVenue> venues, CandleCache cache) {
    return history(cache).read(ETH_USD, venues, 1, DAY_START, DAY_END, MINUTE);
  }

  /** The venue's closes for one pair over the day, read straight from its candle endpoint. */
  private Map<Instant, BigDecimal> closes(ReferenceVenue venue, String pair) {
    HttpCandleSource source =
        HttpCandleSource.create(venue, Optional.of(exchanges.baseUrl(venue)), http, clock);
    return source
        .window(Pair.of(pair), MINUTE, DAY_START, DAY_END)
        .asOptional()
        .orElseThrow()
        .candles()
        .stream()
        .collect(Collectors.toMap(Candle::openTime, Candle::close));
  }

  private static Map<Instant, ReferencePoint> byOpen(ReferenceHistory.Result r) {
    return r.points().stream()
        .collect(Collectors.toMap(ReferencePoint::openTime, Function.identity()));
  }

  private static ReferenceHistory.Coverage coverage(
      ReferenceHistory.Result r, ReferenceVenue venue, String pair) {
    return r.coverage().stream()
        .filter(c -> c.venue() == venue && c.pair().equals(Pair.of(pair)))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void pagesEachVenueByItsLimitAndTakesTheMedianOfTheVenuesInEachSlot() {
    // Coinbase 0.1 % above, Kraken 0.1 % below: Binance is the middle venue where all three trade
    exchanges.pin(ReferenceVenue.COINBASE, ETH_USD, new BigDecimal("3103.1"));
    exchanges.pin(ReferenceVenue.KRAKEN, ETH_USD, new BigDecimal("3096.9"));

    ReferenceHistory.Result r = oneDay(ALL, CandleCache.NONE);

    // a day of 1m: Binance 1000 + 440, Coinbase 4 x 300 + 240 for ETH-USD and again for USDT-USD,
    // Kraken one request each for XETHZUSD and USDTZUSD (it serves only its last 719)
    assertThat(exchanges.requests(ReferenceVenue.BINANCE)).isEqualTo(2);
    assertThat(exchanges.requests(ReferenceVenue.COINBASE)).isEqualTo(10);
    assertThat(exchanges.requests(ReferenceVenue.KRAKEN)).isEqualTo(2);

    assertThat(r.slots()).isEqualTo(1440);
    assertThat(r.points()).hasSize(1440);
    Map<Instant, BigDecimal> binance = closes(ReferenceVenue.BINANCE, "ETH/USD");
    Map<Instant, BigDecimal> coinbase = closes(ReferenceVenue.COINBASE, "ETH/USD");
    Map<Instant, ReferencePoint> points = byOpen(r);

    Instant both = Instant.parse("2025-12-07T12:00:00Z");
    assertThat(points.get(both).sources()).isEqualTo(2);
    assertThat(points.get(both).price())
        .isEqualByComparingTo(
            binance
                .get(both)
                .add(coinbase.get(both))
                .divide(BigDecimal.valueOf(2), MathContext.DECIMAL128));
    Instant three = Instant.parse("2025-12-07T23:00:00Z");
    assertThat(points.get(three).sources()).isEqualTo(3);
    assertThat(points.get(three).price()).isEqualByComparingTo(binance.get(three));
    assertThat(points.get(three).closeTime()).isEqualTo(three.plus(MINUTE));
  }

  @Test
  void krakenCoversOnlyItsLastEntriesAndTheCoverageSaysSo() {
    ReferenceHistory.Result r = oneDay(ALL, CandleCache.NONE);

    ReferenceHistory.Coverage kraken = coverage(r, ReferenceVenue.KRAKEN, "ETH/USD");
    assertThat(kraken.slots()).isEqualTo(1440);
    assertThat(kraken.covered()).isEqualTo(99);
    assertThat(kraken.problems())
        .containsExactly(
            "kraken keeps only its last 719 closed 1m candles: nothing before "
                + KRAKEN_FROM
                + " (1341 slots)");
    ReferenceHistory.Coverage binance = coverage(r, ReferenceVenue.BINANCE, "ETH/USD");
    assertThat(binance.complete()).isTrue();
    assertThat(binance.symbol()).contains("ETHUSDT");
    assertThat(binance.problems()).isEmpty();
    assertThat(coverage(r, ReferenceVenue.COINBASE, "USDT/USD").conversion()).isTrue();
  }

  @Test
  void aFailingVenueLeavesTheOthersToPriceAndTheCoverageNamesTheFailure() {
    exchanges.fail(ReferenceVenue.KRAKEN, 200, "{\"error\":[\"EQuery:Unknown asset pair\"]}");

    ReferenceHistory.Result r = oneDay(ALL, CandleCache.NONE);

    assertThat(r.points()).hasSize(1440);
    assertThat(r.points()).allSatisfy(p -> assertThat(p.sources()).isEqualTo(2));
    ReferenceHistory.Coverage kraken = coverage(r, ReferenceVenue.KRAKEN, "ETH/USD");
    assertThat(kraken.covered()).isZero();
    assertThat(kraken.problems().get(0)).startsWith("2025-12-07: ").contains("Unknown asset pair");
  }

  @Test
  void afterAFailedDayTheVenuesLaterDaysAreNotAskedAndTheReportSaysSo() {
    exchanges.fail(ReferenceVenue.COINBASE, 400, "{\"message\":\"NotFound\"}");

    ReferenceHistory.Result r =
        history(CandleCache.NONE)
            .read(
                ETH_USD,
                List.of(ReferenceVenue.COINBASE, ReferenceVenue.KRAKEN),
                1,
                DAY_START.minus(Duration.ofDays(1)),
                DAY_END,
                MINUTE);

    ReferenceHistory.Coverage coinbase = coverage(r, ReferenceVenue.COINBASE, "ETH/USD");
    assertThat(coinbase.covered()).isZero();
    assertThat(coinbase.problems())
        .hasSize(2)
        .satisfies(p -> assertThat(p.get(0)).startsWith("2025-12-06: ").contains("NotFound"))
        .satisfies(
            p -> assertThat(p.get(1)).isEqualTo("1 later day(s) not asked after that failure"));
    assertThat(exchanges.requests(ReferenceVenue.COINBASE)).isEqualTo(1);
    // Kraken alone: its last 99 slots
    assertThat(r.points()).hasSize(99);
    assertThat(r.points().get(0).openTime()).isEqualTo(KRAKEN_FROM);
  }

  @Test
  void usdtQuotesAreConvertedThroughTheVenuesUsdtUsdCandlesNeverOneToOne() {
    // USDT at 0.98 everywhere: Binance's ETHUSDT is 2 % above ETH's dollar price
    exchanges.setUsdPrice("USDT", new BigDecimal("0.98"));

    ReferenceHistory.Result r = oneDay(List.of(ReferenceVenue.BINANCE), CandleCache.NONE);

    Map<Instant, BigDecimal> ethUsdt = closes(ReferenceVenue.BINANCE, "ETH/USD");
    Map<Instant, BigDecimal> ethUsd = closes(ReferenceVenue.COINBASE, "ETH/USD");
    assertThat(r.points()).hasSize(1440);
    for (ReferencePoint p : r.points()) {
      // the rate is Coinbase's (and, in its last 719, Kraken's) USDT/USD close: 0.98
      assertThat(p.price())
          .isEqualByComparingTo(ethUsdt.get(p.openTime()).multiply(new BigDecimal("0.98")));
      BigDecimal off = p.price().subtract(ethUsd.get(p.openTime())).abs();
      assertThat(off.divide(ethUsd.get(p.openTime()), MathContext.DECIMAL64))
          .isLessThan(new BigDecimal("0.000001"));
    }
  }

  @Test
  void aUsdtDepegOnOneVenueMakesItAnOutlierAsInTheLiveComposite() {
    exchanges.setStablecoinOnVenue(ReferenceVenue.BINANCE, "USDT", new BigDecimal("0.98"));

    ReferenceHistory.Result r = oneDay(ALL, CandleCache.NONE);

    Map<Instant, BigDecimal> coinbase = closes(ReferenceVenue.COINBASE, "ETH/USD");
    // where Kraken trades too, Binance (2 % high) is left out and Coinbase and Kraken agree
    assertThat(r.points()).hasSize(99);
    for (ReferencePoint p : r.points()) {
      assertThat(p.sources()).isEqualTo(3);
      assertThat(p.price()).isEqualByComparingTo(coinbase.get(p.openTime()));
    }
    // before that, two venues 2 % apart: which is wrong cannot be told, so no reference
    assertThat(r.unpricedSlots()).isEqualTo(1341);
    assertThat(r.unpricedExample().orElseThrow())
        .startsWith(DAY_START + ": ")
        .contains("fewer than minSources 1");
  }

  @Test
  void aSecondRunOverTheSamePeriodReadsTheCacheAndMakesNoRequest(@TempDir Path dir) {
    ReferenceHistory.Result first = oneDay(ALL, new DiskCandleCache(dir));
    int binance = exchanges.requests(ReferenceVenue.BINANCE);
    int coinbase = exchanges.requests(ReferenceVenue.COINBASE);
    int kraken = exchanges.requests(ReferenceVenue.KRAKEN);
    assertThat(dir.resolve("binance/ETHUSDT/1m/2025-12-07.jsonl")).isRegularFile();

    ReferenceHistory.Result second = oneDay(ALL, new DiskCandleCache(dir));

    assertThat(exchanges.requests(ReferenceVenue.BINANCE)).isEqualTo(binance);
    assertThat(exchanges.requests(ReferenceVenue.COINBASE)).isEqualTo(coinbase);
    assertThat(exchanges.requests(ReferenceVenue.KRAKEN)).isEqualTo(kraken);
    assertThat(second.points()).isEqualTo(first.points());
    assertThat(coverage(second, ReferenceVenue.BINANCE, "ETH/USD").cachedDays()).isEqualTo(1);
    assertThat(coverage(second, ReferenceVenue.BINANCE, "ETH/USD").fetchedDays()).isZero();
    assertThat(coverage(second, ReferenceVenue.KRAKEN, "ETH/USD").covered()).isEqualTo(99);
  }

  @Test
  void aPeriodsPartOfADayIsReadInPartStoredWithItsRangeAndWidenedByTheMissingPartOnly(
      @TempDir Path dir) throws Exception {
    List<ReferenceVenue> coinbase = List.of(ReferenceVenue.COINBASE);
    Instant evening = DAY_START.plus(Duration.ofHours(18));
    Instant noon = DAY_START.plus(Duration.ofHours(12));

    // 18:00 to midnight: 360 candles, 2 Coinbase pages of 300 (the whole day would be 5)
    List<String> told = new ArrayList<>();
    ReferenceHistory.Result first =
        history(new DiskCandleCache(dir))
            .read(
                ETH_USD,
                coinbase,
                1,
                evening,
                DAY_END,
                MINUTE,
                (done, total) -> told.add(done + "/" + total));
    assertThat(told).containsExactly("1/1");
    assertThat(exchanges.requests(ReferenceVenue.COINBASE)).isEqualTo(2);
    assertThat(first.points()).hasSize(360);
    assertThat(Files.readAllLines(dir.resolve("coinbase/ETH-USD/1m/2025-12-07.jsonl")).get(0))
        .contains(evening.toString())
        .contains(DAY_END.toString());

    // the same period again: the stored part covers it
    ReferenceHistory.Result again =
        history(new DiskCandleCache(dir)).read(ETH_USD, coinbase, 1, evening, DAY_END, MINUTE);
    assertThat(exchanges.requests(ReferenceVenue.COINBASE)).isEqualTo(2);
    assertThat(again.points()).isEqualTo(first.points());
    assertThat(coverage(again, ReferenceVenue.COINBASE, "ETH/USD").cachedDays()).isEqualTo(1);

    // from noon: only noon to 18:00 is asked (2 pages), and the union is stored
    ReferenceHistory.Result wider =
        history(new DiskCandleCache(dir)).read(ETH_USD, coinbase, 1, noon, DAY_END, MINUTE);
    assertThat(exchanges.requests(ReferenceVenue.COINBASE)).isEqualTo(4);
    Map<Instant, BigDecimal> closes = closes(ReferenceVenue.COINBASE, "ETH/USD");
    assertThat(wider.points()).hasSize(720);
    for (ReferencePoint p : wider.points()) {
      assertThat(p.price()).isEqualByComparingTo(closes.get(p.openTime()));
    }
    int afterDirect = exchanges.requests(ReferenceVenue.COINBASE);
    ReferenceHistory.Result widerAgain =
        history(new DiskCandleCache(dir)).read(ETH_USD, coinbase, 1, noon, DAY_END, MINUTE);
    assertThat(exchanges.requests(ReferenceVenue.COINBASE)).isEqualTo(afterDirect);
    assertThat(widerAgain.points()).isEqualTo(wider.points());
  }

  @Test
  void theIntervalIsTheFinestThatKeepsThePeriodToAWeekOfMinutes() {
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    assertThat(ReferenceHistory.intervalFor(t, t.plus(Duration.ofDays(7)))).isEqualTo(MINUTE);
    assertThat(ReferenceHistory.intervalFor(t, t.plus(Duration.ofDays(8))))
        .isEqualTo(Duration.ofMinutes(5));
    assertThat(ReferenceHistory.intervalFor(t, t.plus(Duration.ofDays(100))))
        .isEqualTo(Duration.ofMinutes(15));
    assertThat(ReferenceHistory.intervalFor(t, t.plus(Duration.ofDays(400))))
        .isEqualTo(Duration.ofHours(1));
    assertThat(ReferenceHistory.intervalFor(t, t.plus(Duration.ofDays(800))))
        .isEqualTo(Duration.ofDays(1));
  }

  @Test
  void recordedBinanceKlinesAreAskedForThePeriodsPartOfItsDayAndBecomeThePoints() throws Exception {
    String klines = resource("/fixtures/cex/binance-spot-klines-BTCUSDT-1m.json");
    try (MockWebServer server = new MockWebServer()) {
      server.enqueue(new MockResponse().setBody(klines));
      server.start();
      MovableClock then = new MovableClock(Instant.parse("2021-10-25T00:00:00Z"));
      ReferenceHistory h =
          ReferenceHistory.overHttp(
              Map.of(ReferenceVenue.BINANCE, Optional.of(server.url("/").toString())),
              http,
              then,
              CandleCache.NONE,
              RuleSettingsLookup.defaults());

      ReferenceHistory.Result r =
          h.read(
              Pair.of("BTC/USDT"),
              List.of(ReferenceVenue.BINANCE),
              1,
              Instant.parse("2021-10-22T23:03:00Z"),
              Instant.parse("2021-10-22T23:13:00Z"),
              MINUTE);

      // only the period's part of its day is asked: one request of 10
      assertThat(server.getRequestCount()).isEqualTo(1);
      RecordedRequest page = server.takeRequest();
      long start = Instant.parse("2021-10-22T23:03:00Z").toEpochMilli();
      assertThat(page.getRequestUrl().queryParameter("startTime")).isEqualTo(Long.toString(start));
      assertThat(page.getRequestUrl().queryParameter("endTime"))
          .isEqualTo(Long.toString(start + 10 * 60_000L - 1));
      assertThat(page.getRequestUrl().queryParameter("limit")).isEqualTo("10");
      assertThat(r.points()).hasSize(10);
      assertThat(r.points().get(0).openTime()).isEqualTo(Instant.ofEpochMilli(1634943780000L));
      assertThat(r.points().get(0).price()).isEqualByComparingTo("60719.27");
      assertThat(r.points()).allSatisfy(p -> assertThat(p.sources()).isEqualTo(1));
    }
  }

  private static String resource(String path) throws Exception {
    try (InputStream in = ReferenceHistoryTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
