package io.hedgewatch.devnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.reference.FundingPerps;
import io.hedgewatch.reference.VenueListings;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Binance, Coinbase, Kraken, OKX and Bybit spot tickers served on loopback in the venues' real REST
 * shapes (error shapes included), so that the production clients reach them through their {@code
 * baseUrl}. Each venue lives under its own path prefix: {@code
 * http://127.0.0.1:PORT/binance/api/v3/ticker/price?symbol=ETHUSDT}.
 *
 * <p>The centralized perps of {@link #perps()} are served too: Binance USD-M, Bybit and OKX under
 * their exchange's prefix (one host for spot and perps, as Bybit and OKX have), Deribit and Kraken
 * Futures under prefixes of their own ({@link #fundingBaseUrl}).
 *
 * <p>Prices come from one market-wide USD price per asset and, per venue, what its stablecoins are
 * worth there: a venue whose USDT trades at 0.95 USD quotes ETHUSDT 1/0.95 higher, as on a venue
 * with a local depeg. A market can also be pinned to any price (a thin venue pushed around), a
 * venue made to fail with a status and body, or slowed down.
 *
 * <p>Binance, Coinbase and Kraken serve spot candles too ({@link #candles()}): a seeded random walk
 * ending at each market's current price.
 */
public final class SimulatedExchanges implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MathContext MC = MathContext.DECIMAL64;

  /** The perp venues that have no spot market here, and so a host of their own. */
  private static final List<CexFundingVenue> FUNDING_ONLY_HOSTS =
      List.of(CexFundingVenue.DERIBIT, CexFundingVenue.KRAKEN_FUTURES);

  private final HttpServer server;
  private final ExecutorService executor;
  private final Clock clock;
  private final VenueListings listings;
  private final Map<String, BigDecimal> usdPrices = new ConcurrentHashMap<>();
  private final Map<ReferenceVenue, Map<String, BigDecimal>> venueStablecoins =
      new EnumMap<>(ReferenceVenue.class);
  private final Map<ReferenceVenue, Map<Pair, BigDecimal>> pinned =
      new EnumMap<>(ReferenceVenue.class);
  private final Map<ReferenceVenue, Failure> failures = new ConcurrentHashMap<>();
  private final Map<ReferenceVenue, Duration> delays = new ConcurrentHashMap<>();
  private final Map<ReferenceVenue, AtomicInteger> requests = new EnumMap<>(ReferenceVenue.class);

  /** Every path asked of each host (a venue's config name), failed requests included. */
  private final Map<String, Queue<String>> paths = new ConcurrentHashMap<>();

  private final AtomicInteger tradeIds = new AtomicInteger(1_000_000);
  private final SimulatedCexPerps perps;
  private final SimulatedCandles candles;

  private record Failure(int status, String body, Optional<String> retryAfter) {}

  public SimulatedExchanges(Clock clock) {
    this(clock, VenueListings.standard());
  }

  public SimulatedExchanges(Clock clock, VenueListings listings) {
    this.clock = clock;
    this.listings = listings;
    for (ReferenceVenue v : ReferenceVenue.values()) {
      venueStablecoins.put(v, new ConcurrentHashMap<>());
      pinned.put(v, new ConcurrentHashMap<>());
      requests.put(v, new AtomicInteger());
    }
    usdPrices.put(VenueListings.USDT, BigDecimal.ONE);
    usdPrices.put(VenueListings.USDC, BigDecimal.ONE);
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open a loopback port for the simulated exchanges", e);
    }
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "simulated-exchanges");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    for (ReferenceVenue venue : ReferenceVenue.values()) {
      server.createContext("/" + venue.configName() + "/", exchange -> handle(venue, exchange));
    }
    perps = new SimulatedCexPerps(clock, FundingPerps.standard(), this::perpIndex);
    candles = new SimulatedCandles(clock, this::candleMarket);
    for (CexFundingVenue venue : FUNDING_ONLY_HOSTS) {
      server.createContext(
          "/" + venue.configName() + "/", exchange -> handleFundingOnly(venue, exchange));
    }
    server.start();
  }

  /** The base URL to configure for {@code venue} ({@code references.<venue>.baseUrl}). */
  public String baseUrl(ReferenceVenue venue) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + venue.configName();
  }

  /**
   * Where {@code venue}'s perps are served: Binance, Bybit and OKX at their spot {@link #baseUrl},
   * Deribit and Kraken Futures each at a base of its own.
   */
  public String fundingBaseUrl(CexFundingVenue venue) {
    return switch (venue) {
      case BINANCE -> baseUrl(ReferenceVenue.BINANCE);
      case BYBIT -> baseUrl(ReferenceVenue.BYBIT);
      case OKX -> baseUrl(ReferenceVenue.OKX);
      case DERIBIT, KRAKEN_FUTURES ->
          "http://127.0.0.1:" + server.getAddress().getPort() + "/" + venue.configName();
    };
  }

  /** The centralized perps' funding and marks, and the hooks that move them. */
  public SimulatedCexPerps perps() {
    return perps;
  }

  /** The spot candles of Binance, Coinbase and Kraken, and the hooks that shape their walk. */
  public SimulatedCandles candles() {
    return candles;
  }

  /** The market {@code symbol} names on {@code venue}, at its price there now. */
  private Optional<SimulatedCandles.Market> candleMarket(ReferenceVenue venue, String symbol) {
    return listings.listings(venue).stream()
        .filter(l -> l.market().nativeSymbol().equals(symbol))
        .findFirst()
        .flatMap(
            l ->
                priceOn(venue, l.market().pair())
                    .map(
                        price ->
                            new SimulatedCandles.Market(
                                l.market().pair(),
                                price,
                                l.replySymbols().stream().reduce((a, b) -> b).orElse(symbol))));
  }

  /** The market-wide USD price of an asset; USDT and USDC start at 1. */
  public void setUsdPrice(String asset, BigDecimal usd) {
    usdPrices.put(asset.toUpperCase(Locale.ROOT), usd);
  }

  public BigDecimal usdPrice(String asset) {
    return usdPrices.get(asset.toUpperCase(Locale.ROOT));
  }

  /**
   * What one stablecoin is worth in USD on one venue only (a local depeg); the others keep the
   * market-wide rate.
   */
  public void setStablecoinOnVenue(ReferenceVenue venue, String stablecoin, BigDecimal usd) {
    venueStablecoins.get(venue).put(stablecoin.toUpperCase(Locale.ROOT), usd);
  }

  public void clearStablecoinOnVenue(ReferenceVenue venue, String stablecoin) {
    venueStablecoins.get(venue).remove(stablecoin.toUpperCase(Locale.ROOT));
  }

  /** Pins one venue's market to a price, whatever the market does (a thin venue pushed around). */
  public void pin(ReferenceVenue venue, Pair pair, BigDecimal price) {
    pinned.get(venue).put(pair, price);
  }

  public void unpin(ReferenceVenue venue, Pair pair) {
    pinned.get(venue).remove(pair);
  }

  /**
   * Every request to {@code venue} answers {@code status} with {@code body} until {@link #recover}.
   */
  public void fail(ReferenceVenue venue, int status, String body) {
    failures.put(venue, new Failure(status, body, Optional.empty()));
  }

  public void failWithRetryAfter(ReferenceVenue venue, int status, String body, String retryAfter) {
    failures.put(venue, new Failure(status, body, Optional.of(retryAfter)));
  }

  public void recover(ReferenceVenue venue) {
    failures.remove(venue);
  }

  /** Delays every answer of {@code venue}; zero removes the delay. */
  public void delay(ReferenceVenue venue, Duration delay) {
    if (delay.isZero()) {
      delays.remove(venue);
    } else {
      delays.put(venue, delay);
    }
  }

  /**
   * The current funding rate per 8 h that Binance USD-M's {@code premiumIndex} shows for {@code
   * symbol} (e.g. ETHUSDT), whatever the other venues show: {@link SimulatedCexPerps#setFunding(
   * CexFundingVenue, String, BigDecimal)} for Binance, in Binance's own unit.
   */
  public void setBinanceFunding(String symbol, BigDecimal ratePer8h) {
    String asset =
        FundingPerps.standard()
            .perpForSymbol(CexFundingVenue.BINANCE, symbol)
            .orElseThrow(
                () -> new IllegalArgumentException("no Binance USD-M perp is named " + symbol))
            .pair()
            .base();
    perps.setFunding(CexFundingVenue.BINANCE, asset, ratePer8h.divide(BigDecimal.valueOf(8), MC));
  }

  public int requests(ReferenceVenue venue) {
    return requests.get(venue).get();
  }

  /**
   * The path of every request {@code venue}'s host received, in order, failed ones included: spot
   * tickers, candles and, for Binance, Bybit and OKX, perps (e.g. {@code /api/v3/ticker/price},
   * {@code /api/v3/klines}, {@code /fapi/v1/premiumIndex}).
   */
  public List<String> requestPaths(ReferenceVenue venue) {
    return List.copyOf(paths.getOrDefault(venue.configName(), new ConcurrentLinkedQueue<>()));
  }

  /**
   * The path of every request the host of {@code venue}'s perps ({@link #fundingBaseUrl}) received.
   */
  public List<String> requestPaths(CexFundingVenue venue) {
    return switch (venue) {
      case BINANCE -> requestPaths(ReferenceVenue.BINANCE);
      case BYBIT -> requestPaths(ReferenceVenue.BYBIT);
      case OKX -> requestPaths(ReferenceVenue.OKX);
      case DERIBIT, KRAKEN_FUTURES ->
          List.copyOf(paths.getOrDefault(venue.configName(), new ConcurrentLinkedQueue<>()));
    };
  }

  private String recordPath(String host, HttpExchange exchange) {
    String path = exchange.getRequestURI().getPath().substring(host.length() + 1);
    paths.computeIfAbsent(host, h -> new ConcurrentLinkedQueue<>()).add(path);
    return path;
  }

  /**
   * The price {@code venue} quotes for {@code pair} now, in the pair's quote asset; empty when it
   * cannot price it.
   */
  public Optional<BigDecimal> priceOn(ReferenceVenue venue, Pair pair) {
    BigDecimal pin = pinned.get(venue).get(pair);
    if (pin != null) {
      return Optional.of(pin);
    }
    return price(valueOn(venue, pair.base()), valueOn(venue, pair.quote()));
  }

  /** {@code base / quote} at 8 decimals, as the venues quote; empty when either is unknown. */
  private static Optional<BigDecimal> price(BigDecimal base, BigDecimal quote) {
    if (base == null || quote == null || quote.signum() == 0) {
      return Optional.empty();
    }
    return Optional.of(
        base.divide(quote, MC).setScale(8, RoundingMode.HALF_EVEN).stripTrailingZeros());
  }

  /**
   * The index of a venue's perp: the spot price on the same exchange for Binance, Bybit and OKX (a
   * local stablecoin depeg or a pinned spot market moves their perps too); the market-wide price
   * for Deribit and Kraken Futures, whose indices are made of other exchanges' prices.
   */
  private Optional<BigDecimal> perpIndex(CexFundingVenue venue, Pair pair) {
    return switch (venue) {
      case BINANCE -> priceOn(ReferenceVenue.BINANCE, pair);
      case BYBIT -> priceOn(ReferenceVenue.BYBIT, pair);
      case OKX -> priceOn(ReferenceVenue.OKX, pair);
      case DERIBIT, KRAKEN_FUTURES -> marketPrice(pair);
    };
  }

  private Optional<BigDecimal> marketPrice(Pair pair) {
    return price(usdValue(pair.base()), usdValue(pair.quote()));
  }

  private BigDecimal usdValue(String asset) {
    return asset.equals(VenueListings.USD) ? BigDecimal.ONE : usdPrices.get(asset);
  }

  private BigDecimal valueOn(ReferenceVenue venue, String asset) {
    if (asset.equals(VenueListings.USD)) {
      return BigDecimal.ONE;
    }
    BigDecimal local = venueStablecoins.get(venue).get(asset);
    return local != null ? local : usdPrices.get(asset);
  }

  private void handle(ReferenceVenue venue, HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.get(venue).incrementAndGet();
      recordPath(venue.configName(), exchange);
      Duration delay = delays.get(venue);
      if (delay != null) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      Failure failure = failures.get(venue);
      if (failure != null) {
        failure.retryAfter().ifPresent(r -> exchange.getResponseHeaders().add("Retry-After", r));
        reply(exchange, failure.status(), failure.body());
        return;
      }
      String path = exchange.getRequestURI().getPath().substring(venue.configName().length() + 1);
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      Optional<SimulatedCexPerps.Reply> perp =
          switch (venue) {
            case BINANCE -> perps.binance(path, query);
            case BYBIT -> perps.bybit(path, query);
            case OKX -> perps.okx(path, query);
            case COINBASE, KRAKEN -> Optional.empty();
          };
      if (perp.isPresent()) {
        reply(exchange, perp.get().status(), perp.get().body());
        return;
      }
      Optional<SimulatedCexPerps.Reply> candle =
          switch (venue) {
            case BINANCE -> candles.binance(path, query);
            case COINBASE -> candles.coinbase(path, query);
            case KRAKEN -> candles.kraken(path, query);
            case OKX, BYBIT -> Optional.empty();
          };
      if (candle.isPresent()) {
        reply(exchange, candle.get().status(), candle.get().body());
        return;
      }
      switch (venue) {
        case BINANCE -> binance(exchange, path, query);
        case COINBASE -> coinbase(exchange, path);
        case KRAKEN -> kraken(exchange, path, query);
        case OKX -> okx(exchange, path, query);
        case BYBIT -> bybit(exchange, path, query);
      }
    }
  }

  private void handleFundingOnly(CexFundingVenue venue, HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = recordPath(venue.configName(), exchange);
      SimulatedCexPerps.Reply answer =
          venue == CexFundingVenue.DERIBIT
              ? perps.deribit(path, query(exchange.getRequestURI().getRawQuery()))
              : perps.krakenFutures(path);
      reply(exchange, answer.status(), answer.body());
    }
  }

  private Optional<Pair> pairOf(ReferenceVenue venue, String symbol) {
    return listings.marketForSymbol(venue, symbol).map(m -> m.pair());
  }

  private Optional<String> quote(ReferenceVenue venue, String symbol) {
    return pairOf(venue, symbol).flatMap(p -> priceOn(venue, p)).map(BigDecimal::toPlainString);
  }

  private void binance(HttpExchange exchange, String path, Map<String, String> query)
      throws IOException {
    String symbol = query.getOrDefault("symbol", "");
    Optional<String> price =
        path.equals("/api/v3/ticker/price")
            ? quote(ReferenceVenue.BINANCE, symbol)
            : Optional.empty();
    if (price.isEmpty()) {
      reply(exchange, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("symbol", symbol);
    body.put("price", price.get());
    reply(exchange, 200, body.toString());
  }

  private void coinbase(HttpExchange exchange, String path) throws IOException {
    String[] parts = path.split("/");
    // /products/ETH-USD/ticker
    Optional<String> price =
        parts.length == 4 && parts[1].equals("products") && parts[3].equals("ticker")
            ? quote(ReferenceVenue.COINBASE, parts[2])
            : Optional.empty();
    if (price.isEmpty()) {
      reply(exchange, 404, "{\"message\":\"NotFound\"}");
      return;
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("ask", price.get());
    body.put("bid", price.get());
    body.put("volume", "1207.50668151");
    body.put("trade_id", tradeIds.incrementAndGet());
    body.put("price", price.get());
    body.put("size", "0.00730812");
    body.put("time", clock.instant().toString());
    reply(exchange, 200, body.toString());
  }

  private void kraken(HttpExchange exchange, String path, Map<String, String> query)
      throws IOException {
    String pair = query.getOrDefault("pair", "");
    Optional<VenueListings.Listing> listing =
        listings.listings(ReferenceVenue.KRAKEN).stream()
            .filter(l -> l.market().nativeSymbol().equals(pair))
            .findFirst();
    Optional<String> price =
        path.equals("/0/public/Ticker") ? quote(ReferenceVenue.KRAKEN, pair) : Optional.empty();
    if (price.isEmpty() || listing.isEmpty()) {
      reply(exchange, 200, "{\"error\":[\"EQuery:Unknown asset pair\"]}");
      return;
    }
    // Kraken answers under the pair's own name, which for old pairs is the legacy one (ETHUSD ->
    // XETHZUSD).
    String key = listing.get().replySymbols().stream().reduce((a, b) -> b).orElse(pair);
    ObjectNode ticker = JSON.createObjectNode();
    ticker.set("a", strings(price.get(), "1", "1.000"));
    ticker.set("b", strings(price.get(), "1", "1.000"));
    ticker.set("c", strings(price.get(), "0.00009443"));
    ticker.set("v", strings("0.78648221", "163.28908096"));
    ticker.set("p", strings(price.get(), price.get()));
    ArrayNode trades = JSON.createArrayNode().add(35).add(3276);
    ticker.set("t", trades);
    ticker.set("l", strings(price.get(), price.get()));
    ticker.set("h", strings(price.get(), price.get()));
    ticker.put("o", price.get());
    ObjectNode body = JSON.createObjectNode();
    body.putArray("error");
    body.putObject("result").set(key, ticker);
    reply(exchange, 200, body.toString());
  }

  private void okx(HttpExchange exchange, String path, Map<String, String> query)
      throws IOException {
    String instId = query.getOrDefault("instId", "");
    Optional<String> price =
        path.equals("/api/v5/market/ticker") ? quote(ReferenceVenue.OKX, instId) : Optional.empty();
    if (price.isEmpty()) {
      reply(
          exchange,
          200,
          "{\"code\":\"51001\",\"msg\":\"Instrument ID does not exist\",\"data\":[]}");
      return;
    }
    ObjectNode item = JSON.createObjectNode();
    item.put("instType", "SPOT");
    item.put("instId", instId);
    item.put("last", price.get());
    item.put("lastSz", "0.1");
    item.put("askPx", price.get());
    item.put("askSz", "11");
    item.put("bidPx", price.get());
    item.put("bidSz", "5");
    item.put("open24h", price.get());
    item.put("high24h", price.get());
    item.put("low24h", price.get());
    item.put("volCcy24h", "2222");
    item.put("vol24h", "2222");
    item.put("sodUtc0", price.get());
    item.put("sodUtc8", price.get());
    item.put("ts", Long.toString(clock.millis()));
    ObjectNode body = JSON.createObjectNode();
    body.put("code", "0");
    body.put("msg", "");
    body.putArray("data").add(item);
    reply(exchange, 200, body.toString());
  }

  private void bybit(HttpExchange exchange, String path, Map<String, String> query)
      throws IOException {
    String symbol = query.getOrDefault("symbol", "");
    boolean spot = "spot".equals(query.get("category"));
    Optional<String> price =
        path.equals("/v5/market/tickers") && spot
            ? quote(ReferenceVenue.BYBIT, symbol)
            : Optional.empty();
    ObjectNode body = JSON.createObjectNode();
    if (price.isEmpty()) {
      body.put("retCode", 10001);
      body.put("retMsg", "Not supported symbols");
      body.putObject("result");
    } else {
      body.put("retCode", 0);
      body.put("retMsg", "OK");
      ObjectNode result = body.putObject("result");
      result.put("category", "spot");
      ObjectNode item = result.putArray("list").addObject();
      item.put("symbol", symbol);
      item.put("bid1Price", price.get());
      item.put("bid1Size", "1.5");
      item.put("ask1Price", price.get());
      item.put("ask1Size", "2.1");
      item.put("lastPrice", price.get());
      item.put("prevPrice24h", price.get());
      item.put("price24hPcnt", "0.0001");
      item.put("highPrice24h", price.get());
      item.put("lowPrice24h", price.get());
      item.put("turnover24h", "1000000");
      item.put("volume24h", "350");
      item.put("usdIndexPrice", price.get());
    }
    body.putObject("retExtInfo");
    body.put("time", clock.millis());
    reply(exchange, 200, body.toString());
  }

  private static ArrayNode strings(String... values) {
    ArrayNode array = JSON.createArrayNode();
    for (String v : values) {
      array.add(v);
    }
    return array;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return params;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The time a venue stamps its prices with; exposed for tests that check freshness. */
  public Instant now() {
    return clock.instant();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
