package io.hedgewatch.devnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferenceVenue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * Spot candles for the simulated exchanges: Binance {@code /api/v3/klines}, Coinbase {@code
 * /products/{id}/candles} and Kraken {@code /0/public/OHLC}, in each venue's reply shape and paging
 * rules.
 *
 * <p>Each asset's past is a random walk that ends at its current simulated price: the log return of
 * the candle opening at {@code k x interval} since the epoch is {@code sigma x z(seed, asset,
 * interval, k)}, {@code z} standard normal from a generator seeded with those four, and {@code
 * sigma} the asset's annual volatility scaled to the interval ({@code sigma_year x sqrt(interval /
 * 365 days)}). The running candle closes at the current price and each earlier close is the next
 * one less that candle's return; a venue's series is the walk in its own quote (Binance's ETHUSDT
 * carries its local USDT rate, a pinned market its pin). So candles are the same for the same seed,
 * clock and prices, and their realised volatility is the configured one. Stablecoins do not walk.
 */
public final class SimulatedCandles {

  /** ETH's and BTC's realised volatility has mostly been between 40 % and 80 % a year. */
  public static final double DEFAULT_ANNUAL_VOLATILITY = 0.60;

  public static final long DEFAULT_SEED = 20_240_806L;

  /** How far back the walk is served, in candles; older windows are empty. */
  public static final int HISTORY_CANDLES = 5000;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration YEAR = Duration.ofDays(365);
  private static final Set<String> FLAT = Set.of("USD", "USDT", "USDC");

  private static final Map<String, Duration> BINANCE_INTERVALS =
      Map.ofEntries(
          Map.entry("1m", Duration.ofMinutes(1)),
          Map.entry("3m", Duration.ofMinutes(3)),
          Map.entry("5m", Duration.ofMinutes(5)),
          Map.entry("15m", Duration.ofMinutes(15)),
          Map.entry("30m", Duration.ofMinutes(30)),
          Map.entry("1h", Duration.ofHours(1)),
          Map.entry("2h", Duration.ofHours(2)),
          Map.entry("4h", Duration.ofHours(4)),
          Map.entry("6h", Duration.ofHours(6)),
          Map.entry("8h", Duration.ofHours(8)),
          Map.entry("12h", Duration.ofHours(12)),
          Map.entry("1d", Duration.ofDays(1)));
  private static final Set<Long> COINBASE_GRANULARITIES =
      Set.of(60L, 300L, 900L, 3600L, 21600L, 86400L);
  private static final Set<Long> KRAKEN_MINUTES = Set.of(1L, 5L, 15L, 30L, 60L, 240L, 1440L);
  private static final int BINANCE_LIMIT = 1000;
  private static final int COINBASE_LIMIT = 300;
  private static final int KRAKEN_ENTRIES = 720;

  /** A venue's market: its pair, its current price, and Kraken's reply name. */
  record Market(Pair pair, BigDecimal price, String replyName) {}

  /** One simulated candle. */
  record Bar(
      Instant open,
      BigDecimal openPrice,
      BigDecimal high,
      BigDecimal low,
      BigDecimal close,
      BigDecimal volume) {}

  private final Clock clock;
  private final BiFunction<ReferenceVenue, String, Optional<Market>> markets;
  private final Map<String, Double> volatility = new ConcurrentHashMap<>();
  private volatile long seed = DEFAULT_SEED;

  /**
   * @param markets the market a venue's symbol names, priced now, or empty when the venue lists
   *     none by that symbol
   */
  SimulatedCandles(Clock clock, BiFunction<ReferenceVenue, String, Optional<Market>> markets) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.markets = Objects.requireNonNull(markets, "markets");
  }

  /** Another walk: every asset's past changes, deterministically. */
  public void setSeed(long seed) {
    this.seed = seed;
  }

  /** The annual volatility of {@code asset}'s walk, e.g. 0.6 for 60 % a year. */
  public void setAnnualVolatility(String asset, double annual) {
    if (!(annual >= 0) || annual > 10) {
      throw new IllegalArgumentException("annual volatility must be 0 to 10, was " + annual);
    }
    volatility.put(asset.toUpperCase(Locale.ROOT), annual);
  }

  public double annualVolatility(String asset) {
    String key = asset.toUpperCase(Locale.ROOT);
    Double set = volatility.get(key);
    if (set != null) {
      return set;
    }
    return FLAT.contains(key) ? 0.0 : DEFAULT_ANNUAL_VOLATILITY;
  }

  // ---- the walk ----

  /**
   * The candles opening at indices {@code [first, last]} (index = open / interval), oldest first.
   */
  List<Bar> bars(Market market, Duration interval, long first, long last) {
    long step = interval.toMillis();
    long running = Math.floorDiv(clock.millis(), step);
    long oldest = running - HISTORY_CANDLES + 1;
    long from = Math.max(first, oldest);
    long to = Math.min(last, running);
    if (from > to) {
      return List.of();
    }
    String asset = market.pair().base();
    double sigma =
        annualVolatility(asset) * Math.sqrt((double) interval.toSeconds() / YEAR.toSeconds());
    // log close of candle k relative to now: minus the returns of the candles after it
    double[] logClose = new double[(int) (to - from + 1)];
    double behind = 0;
    for (long k = running; k >= from; k--) {
      if (k <= to) {
        logClose[(int) (k - from)] = -behind;
      }
      behind += sigma * gaussian(asset, interval, k, 0);
    }
    List<Bar> bars = new ArrayList<>(logClose.length);
    double now = market.price().doubleValue();
    for (long k = from; k <= to; k++) {
      double close = now * Math.exp(logClose[(int) (k - from)]);
      double open = close / Math.exp(sigma * gaussian(asset, interval, k, 0));
      double wick = Math.abs(sigma * gaussian(asset, interval, k, 1)) / 2;
      bars.add(
          new Bar(
              Instant.ofEpochMilli(k * step),
              price(open),
              price(Math.max(open, close) * Math.exp(wick)),
              price(Math.min(open, close) * Math.exp(-wick)),
              k == running ? market.price() : price(close),
              BigDecimal.valueOf(100 + Math.abs(gaussian(asset, interval, k, 2)) * 50)
                  .setScale(8, RoundingMode.HALF_EVEN)));
    }
    return bars;
  }

  /** A standard normal draw fixed by the seed, the asset, the interval, the candle and a stream. */
  private double gaussian(String asset, Duration interval, long index, int stream) {
    long h = seed;
    h = mix(h ^ asset.hashCode());
    h = mix(h ^ interval.toSeconds());
    h = mix(h ^ index);
    h = mix(h ^ stream);
    return new Random(h).nextGaussian();
  }

  /** SplitMix64's finaliser: neighbouring inputs give unrelated seeds. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Ten significant digits, never in exponent form. */
  private static BigDecimal price(double value) {
    BigDecimal rounded = new BigDecimal(value).round(new MathContext(10, RoundingMode.HALF_EVEN));
    return rounded.scale() < 0 ? rounded.setScale(0) : rounded;
  }

  // ---- the venues ----

  /** Binance {@code /api/v3/klines}; empty for any other path. */
  Optional<SimulatedCexPerps.Reply> binance(String path, Map<String, String> query) {
    if (!path.equals("/api/v3/klines")) {
      return Optional.empty();
    }
    String symbol = query.get("symbol");
    if (symbol == null || symbol.isEmpty()) {
      return Optional.of(
          binanceError(
              -1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."));
    }
    Duration interval = BINANCE_INTERVALS.get(query.getOrDefault("interval", ""));
    if (interval == null) {
      return Optional.of(binanceError(-1120, "Invalid interval."));
    }
    Optional<Market> market = markets.apply(ReferenceVenue.BINANCE, symbol);
    if (market.isEmpty()) {
      return Optional.of(binanceError(-1121, "Invalid symbol."));
    }
    int limit;
    Optional<Long> start;
    Optional<Long> end;
    try {
      limit = Math.min(BINANCE_LIMIT, Integer.parseInt(query.getOrDefault("limit", "500")));
      start = Optional.ofNullable(query.get("startTime")).map(Long::parseLong);
      end = Optional.ofNullable(query.get("endTime")).map(Long::parseLong);
    } catch (NumberFormatException e) {
      return Optional.of(binanceError(-1100, "Illegal characters found in a parameter."));
    }
    if (limit < 1) {
      return Optional.of(binanceError(-1100, "Illegal characters found in parameter 'limit'."));
    }
    long step = interval.toMillis();
    long running = Math.floorDiv(clock.millis(), step);
    long last = end.map(e -> Math.floorDiv(e, step)).orElse(running);
    long first;
    if (start.isPresent()) {
      first = Math.floorDiv(start.get() + step - 1, step);
      last = Math.min(last, first + limit - 1);
    } else {
      first = last - limit + 1;
    }
    ArrayNode rows = JSON.createArrayNode();
    for (Bar b : bars(market.get(), interval, first, last)) {
      ArrayNode row = rows.addArray();
      row.add(b.open().toEpochMilli());
      row.add(binancePrice(b.openPrice()));
      row.add(binancePrice(b.high()));
      row.add(binancePrice(b.low()));
      row.add(binancePrice(b.close()));
      row.add(b.volume().toPlainString());
      row.add(b.open().toEpochMilli() + step - 1);
      row.add(binancePrice(b.volume().multiply(b.close())));
      row.add(617);
      row.add(b.volume().divide(BigDecimal.valueOf(2)).toPlainString());
      row.add(binancePrice(b.volume().multiply(b.close()).divide(BigDecimal.valueOf(2))));
      row.add("0");
    }
    return Optional.of(new SimulatedCexPerps.Reply(200, rows.toString()));
  }

  private static String binancePrice(BigDecimal v) {
    return v.setScale(8, RoundingMode.HALF_EVEN).toPlainString();
  }

  private static SimulatedCexPerps.Reply binanceError(int code, String msg) {
    ObjectNode body = JSON.createObjectNode();
    body.put("code", code);
    body.put("msg", msg);
    return new SimulatedCexPerps.Reply(400, body.toString());
  }

  /** Coinbase {@code /products/{id}/candles}; empty for any other path. */
  Optional<SimulatedCexPerps.Reply> coinbase(String path, Map<String, String> query) {
    String[] parts = path.split("/");
    if (parts.length != 4 || !parts[1].equals("products") || !parts[3].equals("candles")) {
      return Optional.empty();
    }
    Optional<Market> market = markets.apply(ReferenceVenue.COINBASE, parts[2]);
    if (market.isEmpty()) {
      return Optional.of(coinbaseError(404, "NotFound"));
    }
    long granularity;
    try {
      granularity = Long.parseLong(query.getOrDefault("granularity", "0"));
    } catch (NumberFormatException e) {
      granularity = 0;
    }
    if (!COINBASE_GRANULARITIES.contains(granularity)) {
      return Optional.of(coinbaseError(400, "Unsupported granularity"));
    }
    Duration interval = Duration.ofSeconds(granularity);
    long step = interval.toMillis();
    long running = Math.floorDiv(clock.millis(), step);
    long first;
    long last;
    Optional<Instant> start = coinbaseTime(query.get("start"));
    Optional<Instant> end = coinbaseTime(query.get("end"));
    if (start.isPresent() && end.isPresent()) {
      first = Math.floorDiv(start.get().toEpochMilli() + step - 1, step);
      last = Math.floorDiv(end.get().toEpochMilli(), step);
      if (last - first + 1 > COINBASE_LIMIT) {
        return Optional.of(
            coinbaseError(
                400,
                "granularity too small for the requested time range. Count of aggregations"
                    + " requested exceeds 300"));
      }
    } else {
      // either bound alone is ignored, as Coinbase does
      last = running;
      first = running - COINBASE_LIMIT + 1;
    }
    List<Bar> bars = bars(market.get(), interval, first, last);
    ArrayNode rows = JSON.createArrayNode();
    for (int i = bars.size() - 1; i >= 0; i--) {
      Bar b = bars.get(i);
      ArrayNode row = rows.addArray();
      row.add(b.open().getEpochSecond());
      row.add(b.low());
      row.add(b.high());
      row.add(b.openPrice());
      row.add(b.close());
      row.add(b.volume());
    }
    return Optional.of(new SimulatedCexPerps.Reply(200, rows.toString()));
  }

  /** ISO-8601 or epoch seconds, as Coinbase takes them; empty when absent or unreadable. */
  private static Optional<Instant> coinbaseTime(String text) {
    if (text == null || text.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException e) {
      try {
        return Optional.of(Instant.ofEpochSecond(Long.parseLong(text)));
      } catch (NumberFormatException notSeconds) {
        return Optional.empty();
      }
    }
  }

  private static SimulatedCexPerps.Reply coinbaseError(int status, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.put("message", message);
    return new SimulatedCexPerps.Reply(status, body.toString());
  }

  /** Kraken {@code /0/public/OHLC}; empty for any other path. */
  Optional<SimulatedCexPerps.Reply> kraken(String path, Map<String, String> query) {
    if (!path.equals("/0/public/OHLC")) {
      return Optional.empty();
    }
    Optional<Market> market = markets.apply(ReferenceVenue.KRAKEN, query.getOrDefault("pair", ""));
    if (market.isEmpty()) {
      return Optional.of(krakenError("EQuery:Unknown asset pair"));
    }
    long minutes;
    long since;
    try {
      minutes = Long.parseLong(query.getOrDefault("interval", "1"));
      since = Long.parseLong(query.getOrDefault("since", "0"));
    } catch (NumberFormatException e) {
      return Optional.of(krakenError("EGeneral:Invalid arguments"));
    }
    if (!KRAKEN_MINUTES.contains(minutes)) {
      return Optional.of(krakenError("EGeneral:Invalid arguments"));
    }
    Duration interval = Duration.ofMinutes(minutes);
    long running = Math.floorDiv(clock.millis(), interval.toMillis());
    ArrayNode rows = JSON.createArrayNode();
    for (Bar b : bars(market.get(), interval, running - KRAKEN_ENTRIES + 1, running)) {
      // the running entry is always there, whatever since says
      if (b.open().getEpochSecond() <= since && !b.open().equals(runningOpen(running, interval))) {
        continue;
      }
      ArrayNode row = rows.addArray();
      row.add(b.open().getEpochSecond());
      row.add(b.openPrice().toPlainString());
      row.add(b.high().toPlainString());
      row.add(b.low().toPlainString());
      row.add(b.close().toPlainString());
      row.add(b.close().toPlainString());
      row.add(b.volume().toPlainString());
      row.add(42);
    }
    ObjectNode body = JSON.createObjectNode();
    body.putArray("error");
    ObjectNode result = body.putObject("result");
    result.set(market.get().replyName(), rows);
    result.put("last", runningOpen(running, interval).minus(interval).getEpochSecond());
    return Optional.of(new SimulatedCexPerps.Reply(200, body.toString()));
  }

  private static Instant runningOpen(long running, Duration interval) {
    return Instant.ofEpochMilli(running * interval.toMillis());
  }

  private static SimulatedCexPerps.Reply krakenError(String error) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("error").add(error);
    return new SimulatedCexPerps.Reply(200, body.toString());
  }
}
