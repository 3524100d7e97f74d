package io.hedgewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.devnet.SimulatedExchanges;
import io.hedgewatch.domain.CandleSeries;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.testing.MovableClock;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The production candle sources against the candles of {@link SimulatedExchanges} on loopback: each
 * venue's paging rules hold, the walk is the same for the same seed and its realised volatility is
 * the one configured.
 */
class SimulatedCandlesReadTest {

  private static final Instant NOW = Instant.parse("2025-12-08T10:20:00Z");
  private static final Duration HOUR = Duration.ofHours(1);
  private static final Pair ETH_USD = Pair.of("ETH/USD");

  private MovableClock clock;
  private SimulatedExchanges exchanges;
  private OkHttpClient http;

  @BeforeEach
  void start() {
    clock = new MovableClock(NOW);
    exchanges = new SimulatedExchanges(clock);
    exchanges.setUsdPrice("ETH", new BigDecimal("3100"));
    exchanges.setUsdPrice("BTC", new BigDecimal("90000"));
    http = new OkHttpClient.Builder().retryOnConnectionFailure(false).build();
  }

  @AfterEach
  void stop() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
    exchanges.close();
  }

  private HttpCandleSource source(SimulatedExchanges on, ReferenceVenue venue) {
    return HttpCandleSource.create(venue, Optional.of(on.baseUrl(venue)), http, clock);
  }

  private CandleSeries read(ReferenceVenue venue, Duration interval, int count) {
    return source(exchanges, venue).candles(ETH_USD, interval, count).asOptional().orElseThrow();
  }

  /** Closes as text without trailing zeros: Binance writes 8 decimals, Coinbase numbers. */
  private static List<String> plain(List<BigDecimal> closes) {
    return closes.stream().map(c -> c.stripTrailingZeros().toPlainString()).toList();
  }

  /** The standard deviation of the log returns between consecutive closes. */
  private static double stdevOfLogReturns(List<BigDecimal> closes) {
    int n = closes.size() - 1;
    double[] r = new double[n];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      r[i] = Math.log(closes.get(i + 1).doubleValue() / closes.get(i).doubleValue());
      mean += r[i] / n;
    }
    double sum = 0;
    for (double x : r) {
      sum += (x - mean) * (x - mean);
    }
    return Math.sqrt(sum / (n - 1));
  }

  @Test
  void every_venue_serves_a_complete_window_within_its_own_paging_rules() {
    // Binance: 2 pages of at most 1000; Coinbase: 3 pages of at most 300; Kraken: its last 719
    CandleSeries binance = read(ReferenceVenue.BINANCE, HOUR, 1500);
    CandleSeries coinbase = read(ReferenceVenue.COINBASE, HOUR, 700);
    CandleSeries kraken = read(ReferenceVenue.KRAKEN, HOUR, 719);

    for (CandleSeries s : List.of(binance, coinbase, kraken)) {
      assertThat(s.complete()).as(s.venue().configName()).isTrue();
      assertThat(s.to()).isEqualTo(Instant.parse("2025-12-08T10:00:00Z"));
    }
    assertThat(binance.market().nativeSymbol()).isEqualTo("ETHUSDT");
    assertThat(coinbase.market().nativeSymbol()).isEqualTo("ETH-USD");
    assertThat(kraken.market().nativeSymbol()).isEqualTo("ETHUSD");
    assertThat(exchanges.requests(ReferenceVenue.BINANCE)).isEqualTo(2);
    assertThat(exchanges.requests(ReferenceVenue.COINBASE)).isEqualTo(3);
    assertThat(exchanges.requests(ReferenceVenue.KRAKEN)).isEqualTo(1);
    // one walk of ETH, as every venue quotes it: the same closes where the windows overlap
    assertThat(plain(coinbase.closes())).isEqualTo(plain(binance.closes().subList(800, 1500)));
    assertThat(plain(kraken.closes().subList(19, 719))).isEqualTo(plain(coinbase.closes()));
  }

  @Test
  void the_walk_ends_near_the_current_price_and_follows_it() {
    CandleSeries before = read(ReferenceVenue.COINBASE, HOUR, 24);
    BigDecimal lastClose = before.closes().get(23);
    assertThat(lastClose.doubleValue() / 3100).isCloseTo(1.0, within(0.05));

    exchanges.setUsdPrice("ETH", new BigDecimal("6200"));
    CandleSeries doubled = read(ReferenceVenue.COINBASE, HOUR, 24);
    for (int i = 0; i < 24; i++) {
      assertThat(doubled.closes().get(i).doubleValue() / before.closes().get(i).doubleValue())
          .isCloseTo(2.0, within(1e-8));
    }
  }

  @Test
  void the_same_seed_gives_the_same_candles_and_another_seed_others() {
    List<BigDecimal> first = read(ReferenceVenue.BINANCE, HOUR, 200).closes();
    try (SimulatedExchanges twin = new SimulatedExchanges(clock)) {
      twin.setUsdPrice("ETH", new BigDecimal("3100"));
      List<BigDecimal> again =
          source(twin, ReferenceVenue.BINANCE)
              .candles(ETH_USD, HOUR, 200)
              .asOptional()
              .orElseThrow()
              .closes();
      assertThat(again).isEqualTo(first);

      twin.candles().setSeed(7);
      List<BigDecimal> other =
          source(twin, ReferenceVenue.BINANCE)
              .candles(ETH_USD, HOUR, 200)
              .asOptional()
              .orElseThrow()
              .closes();
      assertThat(other).isNotEqualTo(first);
    }
  }

  @Test
  void the_realised_volatility_is_the_configured_one() {
    // 1999 hourly returns: the sample deviation is within about 1.6 % of the true one (1 sigma)
    double defaultAnnual =
        stdevOfLogReturns(read(ReferenceVenue.BINANCE, HOUR, 2000).closes()) * Math.sqrt(8760);
    assertThat(defaultAnnual).isCloseTo(0.60, within(0.06));

    exchanges.candles().setAnnualVolatility("ETH", 1.2);
    double squeeze =
        stdevOfLogReturns(read(ReferenceVenue.BINANCE, HOUR, 2000).closes()) * Math.sqrt(8760);
    assertThat(squeeze).isCloseTo(1.2, within(0.12));

    // daily candles of the same asset: the same yearly volatility
    double daily =
        stdevOfLogReturns(read(ReferenceVenue.BINANCE, Duration.ofDays(1), 1000).closes())
            * Math.sqrt(365);
    assertThat(daily).isCloseTo(1.2, within(0.15));
  }

  @Test
  void a_venue_with_a_local_stablecoin_depeg_quotes_the_same_walk_in_its_own_usdt() {
    exchanges.setStablecoinOnVenue(ReferenceVenue.BINANCE, "USDT", new BigDecimal("0.95"));

    List<BigDecimal> usdt = read(ReferenceVenue.BINANCE, HOUR, 48).closes();
    List<BigDecimal> usd = read(ReferenceVenue.COINBASE, HOUR, 48).closes();

    for (int i = 0; i < 48; i++) {
      assertThat(usdt.get(i).divide(usd.get(i), MathContext.DECIMAL64).doubleValue())
          .isCloseTo(1 / 0.95, within(1e-8));
    }
  }

  @Test
  void reference_candles_fall_back_when_the_first_venue_fails() {
    exchanges.fail(ReferenceVenue.BINANCE, 503, "<html>maintenance</html>");
    ReferenceCandles candles =
        new ReferenceCandles(
            List.of(
                source(exchanges, ReferenceVenue.BINANCE),
                source(exchanges, ReferenceVenue.COINBASE),
                source(exchanges, ReferenceVenue.KRAKEN)));

    CandleSeries series = candles.candles(ETH_USD, HOUR, 168).asOptional().orElseThrow();

    assertThat(series.venue()).isEqualTo(ReferenceVenue.COINBASE);
    assertThat(series.complete()).isTrue();
    assertThat(exchanges.requests(ReferenceVenue.KRAKEN)).isZero();
  }

  @Test
  void unknown_markets_get_each_venues_own_error() {
    assertThat(
            source(exchanges, ReferenceVenue.KRAKEN)
                .candles(Pair.of("BNB/USD"), HOUR, 10)
                .failureIfAny()
                .orElseThrow()
                .describe())
        .isEqualTo("not listed: hedgewatch lists no kraken market for BNB/USD");
    // Binance lists SOLUSDT, but the simulation prices no SOL: the venue says invalid symbol
    assertThat(
            source(exchanges, ReferenceVenue.BINANCE)
                .candles(Pair.of("SOL/USD"), HOUR, 10)
                .failureIfAny()
                .orElseThrow()
                .describe())
        .isEqualTo("not listed: SOLUSDT: -1121 Invalid symbol.");
    assertThat(
            source(exchanges, ReferenceVenue.COINBASE)
                .candles(Pair.of("SOL/USD"), HOUR, 10)
                .failureIfAny()
                .orElseThrow()
                .describe())
        .isEqualTo("not listed: SOL-USD: NotFound");
  }
}
