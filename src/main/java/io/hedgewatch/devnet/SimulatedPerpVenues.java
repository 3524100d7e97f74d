package io.hedgewatch.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hedgewatch.domain.FundingPoint;
import java.io.IOException;
import java.io.InputStream;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hyperliquid's {@code POST /info} and dYdX's v4 indexer served on loopback in their real reply
 * shapes (taken from recorded replies), so that the production readers reach them through their
 * base URL: {@code http://127.0.0.1:PORT/hyperliquid/info}, {@code
 * http://127.0.0.1:PORT/dydx/v4/perpetualMarkets}.
 *
 * <p>Hyperliquid answers {@code metaAndAssetCtxs}, {@code fundingHistory} (oldest first, at most
 * {@link #setHyperliquidHistoryPageSize a page} of rows from {@code startTime}) and {@code
 * predictedFundings}. dYdX answers {@code /v4/perpetualMarkets} (all markets, or {@code ?ticker=})
 * and {@code /v4/historicalFunding/{ticker}} ({@code limit}, {@code effectiveBeforeOrAt}, newest
 * first), with the indexer's {@code {"errors":[{"msg":…}]}} for unknown tickers and bad parameters.
 *
 * <p>Tests set each market's prices, funding, predicted funding, open interest and status, give it
 * a {@link FundingSeries} for its history, and make a whole venue fail (status and body, optionally
 * {@code Retry-After}, for every request or for the next few) or answer slowly. Funding history
 * never runs past the injected clock's now, nor further back than {@link #HISTORY_LIMIT}.
 *
 * <p>Accounts hold positions too: Hyperliquid answers {@code clearinghouseState} for a user and
 * dYdX {@code /v4/addresses/{address}/subaccountNumber/{n}}, in the venues' reply shapes, valued at
 * the simulated markets' current prices (Hyperliquid's mark, dYdX's oracle) with each venue's own
 * margin rules, so that moving a market's price moves the accounts' equity, PnL and margin as on
 * the venue. Tests open, change and close positions ({@link #setHyperliquidPosition}, {@link
 * #setDydxPosition}) and set each account's collateral.
 */
public final class SimulatedPerpVenues implements AutoCloseable {

  /** How far back a simulated history reaches. */
  public static final Duration HISTORY_LIMIT = Duration.ofDays(366);

  /**
   * Rows per {@code fundingHistory} reply; Hyperliquid documents 500 for current replies
   * (unverified).
   */
  public static final int DEFAULT_HYPERLIQUID_HISTORY_PAGE = 500;

  /** The indexer's {@code API_LIMIT_V4}: default and largest {@code limit}. */
  public static final int DYDX_API_LIMIT = 1000;

  /** dYdX's highest subaccount number. */
  public static final int DYDX_MAX_SUBACCOUNT = 128_000;

  /** The max leverage a Hyperliquid market is listed with until a test sets another. */
  public static final int DEFAULT_HYPERLIQUID_MAX_LEVERAGE = 50;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter DYDX_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /** The two venues, each under its own path prefix. */
  public enum Venue {
    HYPERLIQUID("hyperliquid"),
    DYDX("dydx");

    private final String prefix;

    Venue(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  /** A market's settled funding rates per hour over time. */
  @FunctionalInterface
  public interface FundingSeries {

    /** The rows settled in [from, to], oldest first. */
    List<FundingPoint> between(Instant from, Instant to);

    /** A row at every whole hour, all at {@code rateHourly}. */
    static FundingSeries hourly(BigDecimal rateHourly) {
      Objects.requireNonNull(rateHourly, "rateHourly");
      return (from, to) -> {
        List<FundingPoint> rows = new ArrayList<>();
        Instant t = from.truncatedTo(ChronoUnit.HOURS);
        if (t.isBefore(from)) {
          t = t.plus(Duration.ofHours(1));
        }
        for (; !t.isAfter(to); t = t.plus(Duration.ofHours(1))) {
          rows.add(new FundingPoint(t, rateHourly));
        }
        return rows;
      };
    }

    /** Exactly these rows. */
    static FundingSeries of(List<FundingPoint> points) {
      List<FundingPoint> sorted = new ArrayList<>(points);
      sorted.sort((a, b) -> a.at().compareTo(b.at()));
      List<FundingPoint> copy = List.copyOf(sorted);
      return (from, to) ->
          copy.stream().filter(p -> !p.at().isBefore(from) && !p.at().isAfter(to)).toList();
    }

    /** Hourly at {@code base}, with one hour settled at {@code spike}. */
    static FundingSeries hourlyWithSpike(BigDecimal base, Instant spikeHour, BigDecimal spike) {
      return hourly(base).with(spikeHour.truncatedTo(ChronoUnit.HOURS), spike);
    }

    /** This series with the row at {@code at} settled at {@code rateHourly} (added or replaced). */
    default FundingSeries with(Instant at, BigDecimal rateHourly) {
      FundingSeries base = this;
      FundingPoint point = new FundingPoint(at, rateHourly);
      return (from, to) -> {
        TreeMap<Instant, FundingPoint> rows = new TreeMap<>();
        for (FundingPoint p : base.between(from, to)) {
          rows.put(p.at(), p);
        }
        if (!at.isBefore(from) && !at.isAfter(to)) {
          rows.put(at, point);
        }
        return List.copyOf(rows.values());
      };
    }
  }

  private static final class HlMarket {
    final String coin;
    final int szDecimals;
    BigDecimal mark;
    BigDecimal oracle;
    BigDecimal funding = new BigDecimal("0.0000125");
    BigDecimal predicted;
    boolean predictionListed = true;
    BigDecimal openInterest = new BigDecimal("1000");
    boolean delisted;
    int maxLeverage = DEFAULT_HYPERLIQUID_MAX_LEVERAGE;
    FundingSeries history = FundingSeries.hourly(new BigDecimal("0.0000125"));

    HlMarket(String coin, int szDecimals, BigDecimal price) {
      this.coin = coin;
      this.szDecimals = szDecimals;
      this.mark = price;
      this.oracle = price;
    }
  }

  private static final class DydxMarket {
    final String ticker;
    final int clobPairId;
    BigDecimal oracle;
    BigDecimal nextFundingRate = new BigDecimal("0.00000125");
    BigDecimal openInterest = new BigDecimal("1000");
    BigDecimal initialMarginFraction = new BigDecimal("0.02");
    BigDecimal maintenanceMarginFraction = new BigDecimal("0.012");
    String status = "ACTIVE";
    FundingSeries history = FundingSeries.hourly(new BigDecimal("0.00000125"));

    DydxMarket(String ticker, int clobPairId, BigDecimal oracle) {
      this.ticker = ticker;
      this.clobPairId = clobPairId;
      this.oracle = oracle;
    }
  }

  private record Failure(int status, String body, Optional<String> retryAfter) {}

  private final HttpServer server;
  private final ExecutorService executor;
  private final Clock clock;
  private final Object lock = new Object();
  private final Map<String, HlMarket> hyperliquid = new LinkedHashMap<>();
  private final Map<String, DydxMarket> dydx = new LinkedHashMap<>();
  private final Map<String, HlAccount> hyperliquidAccounts = new HashMap<>();
  private final Map<String, DydxSubaccount> dydxSubaccounts = new HashMap<>();
  private int hyperliquidHistoryPage = DEFAULT_HYPERLIQUID_HISTORY_PAGE;
  private final Map<Venue, Failure> failures = new ConcurrentHashMap<>();
  private final Map<Venue, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
  private final Map<Venue, Duration> delays = new ConcurrentHashMap<>();
  private final Map<Venue, AtomicInteger> requests = new EnumMap<>(Venue.class);
  private final Map<Venue, Map<String, AtomicInteger>> endpoints = new EnumMap<>(Venue.class);
  private final Map<Venue, List<HistoryRequest>> historyRequests = new EnumMap<>(Venue.class);

  /**
   * One funding-history request as a venue received it: Hyperliquid's {@code startTime} and {@code
   * endTime}; dYdX's {@code effectiveBeforeOrAt} as the end (it pages backwards and has no start).
   * An absent or unreadable bound is empty.
   */
  public record HistoryRequest(String market, Optional<Instant> start, Optional<Instant> end) {}

  public SimulatedPerpVenues(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    for (Venue v : Venue.values()) {
      requests.put(v, new AtomicInteger());
      endpoints.put(v, new ConcurrentHashMap<>());
      historyRequests.put(v, new ArrayList<>());
    }
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open a loopback port for the simulated perp venues", e);
    }
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "simulated-perp-venues");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    for (Venue venue : Venue.values()) {
      server.createContext("/" + venue.prefix() + "/", exchange -> handle(venue, exchange));
    }
    server.start();
  }

  /** The base URL to configure for {@code venue} ({@code venues.<id>.baseUrl}). */
  public String baseUrl(Venue venue) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + venue.prefix();
  }

  // ---- Hyperliquid ----

  /**
   * Lists {@code coin} (appended to the universe) with mark = oracle = {@code price}, funding
   * 0.0000125 per hour (current, predicted and history), open interest 1000.
   */
  public void addHyperliquidMarket(String coin, BigDecimal price) {
    synchronized (lock) {
      if (hyperliquid.containsKey(coin)) {
        throw new IllegalArgumentException("hyperliquid already lists " + coin);
      }
      hyperliquid.put(coin, new HlMarket(coin, 4, price));
    }
  }

  public void setHyperliquidPrices(String coin, BigDecimal markPx, BigDecimal oraclePx) {
    synchronized (lock) {
      HlMarket m = hl(coin);
      m.mark = markPx;
      m.oracle = oraclePx;
    }
  }

  /** The current hourly rate in {@code assetCtxs} ({@code funding}). */
  public void setHyperliquidFunding(String coin, BigDecimal rateHourly) {
    synchronized (lock) {
      hl(coin).funding = rateHourly;
    }
  }

  /** The {@code HlPerp} prediction; until set it follows the current rate. */
  public void setHyperliquidPredictedFunding(String coin, BigDecimal rateHourly) {
    synchronized (lock) {
      HlMarket m = hl(coin);
      m.predicted = rateHourly;
      m.predictionListed = true;
    }
  }

  /** Answers {@code ["HlPerp", null]} for {@code coin}, as for a venue that lacks the market. */
  public void clearHyperliquidPredictedFunding(String coin) {
    synchronized (lock) {
      hl(coin).predictionListed = false;
    }
  }

  public void setHyperliquidOpenInterest(String coin, BigDecimal openInterest) {
    synchronized (lock) {
      hl(coin).openInterest = openInterest;
    }
  }

  public void setHyperliquidDelisted(String coin, boolean delisted) {
    synchronized (lock) {
      hl(coin).delisted = delisted;
    }
  }

  public void setHyperliquidFundingHistory(String coin, FundingSeries history) {
    synchronized (lock) {
      hl(coin).history = Objects.requireNonNull(history, "history");
    }
  }

  public void setHyperliquidHistoryPageSize(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("page size must be at least 1, was " + rows);
    }
    synchronized (lock) {
      hyperliquidHistoryPage = rows;
    }
  }

  // ---- dYdX ----

  /**
   * Lists {@code ticker} as an ACTIVE cross market with oracle {@code oraclePrice}, next funding
   * rate and history 0.00000125 per hour, open interest 1000, IMF 0.02 and MMF 0.012.
   */
  public void addDydxMarket(String ticker, BigDecimal oraclePrice) {
    synchronized (lock) {
      if (dydx.containsKey(ticker)) {
        throw new IllegalArgumentException("dydx already lists " + ticker);
      }
      dydx.put(ticker, new DydxMarket(ticker, dydx.size(), oraclePrice));
    }
  }

  public void setDydxOraclePrice(String ticker, BigDecimal oraclePrice) {
    synchronized (lock) {
      dx(ticker).oracle = oraclePrice;
    }
  }

  /** The rate of the latest settled hour (the newest {@code historicalFunding} row now). */
  public void setDydxFunding(String ticker, BigDecimal rateHourly) {
    synchronized (lock) {
      DydxMarket m = dx(ticker);
      m.history = m.history.with(clock.instant().truncatedTo(ChronoUnit.HOURS), rateHourly);
    }
  }

  /** {@code nextFundingRate}: the predicted rate of the hour under way. */
  public void setDydxPredictedFunding(String ticker, BigDecimal rateHourly) {
    synchronized (lock) {
      dx(ticker).nextFundingRate = rateHourly;
    }
  }

  public void setDydxOpenInterest(String ticker, BigDecimal openInterest) {
    synchronized (lock) {
      dx(ticker).openInterest = openInterest;
    }
  }

  public void setDydxMarginFractions(String ticker, BigDecimal initial, BigDecimal maintenance) {
    synchronized (lock) {
      DydxMarket m = dx(ticker);
      m.initialMarginFraction = initial;
      m.maintenanceMarginFraction = maintenance;
    }
  }

  /** The indexer's status text: ACTIVE, PAUSED, CANCEL_ONLY, POST_ONLY, FINAL_SETTLEMENT, … */
  public void setDydxStatus(String ticker, String status) {
    synchronized (lock) {
      dx(ticker).status = Objects.requireNonNull(status, "status");
    }
  }

  public void setDydxFundingHistory(String ticker, FundingSeries history) {
    synchronized (lock) {
      dx(ticker).history = Objects.requireNonNull(history, "history");
    }
  }

  // ---- accounts ----

  /**
   * One position of a Hyperliquid user.
   *
   * @param szi signed size in coin units, negative for a short
   * @param entryPx average entry price
   * @param isolated isolated margin, else cross
   * @param leverage the user's leverage setting (what {@code marginUsed} of a cross position and
   *     {@code returnOnEquity} are measured with), 1 to the market's max leverage
   * @param isolatedMargin the USDC put into an isolated position (its equity at the entry price);
   *     ignored for cross, whose collateral is the account's
   * @param fundingPaidSinceOpen funding the position paid since it opened (negative when it
   *     received), taken out of its margin as Hyperliquid settles it
   */
  public record HyperliquidPosition(
      BigDecimal szi,
      BigDecimal entryPx,
      boolean isolated,
      int leverage,
      BigDecimal isolatedMargin,
      BigDecimal fundingPaidSinceOpen) {

    public HyperliquidPosition {
      Objects.requireNonNull(szi, "szi");
      Objects.requireNonNull(entryPx, "entryPx");
      Objects.requireNonNull(isolatedMargin, "isolatedMargin");
      Objects.requireNonNull(fundingPaidSinceOpen, "fundingPaidSinceOpen");
      if (szi.signum() == 0) {
        throw new IllegalArgumentException("szi must not be zero; close the position instead");
      }
      if (entryPx.signum() <= 0) {
        throw new IllegalArgumentException("entryPx must be positive, was " + entryPx);
      }
      if (leverage < 1) {
        throw new IllegalArgumentException("leverage must be at least 1, was " + leverage);
      }
      if (isolated && isolatedMargin.signum() <= 0) {
        throw new IllegalArgumentException(
            "an isolated position needs a positive margin, was " + isolatedMargin);
      }
    }

    /** A cross position: the account's cross collateral backs it. */
    public static HyperliquidPosition cross(BigDecimal szi, BigDecimal entryPx, int leverage) {
      return new HyperliquidPosition(
          szi, entryPx, false, leverage, BigDecimal.ZERO, BigDecimal.ZERO);
    }

    /** An isolated position holding {@code margin} USDC of its own. */
    public static HyperliquidPosition isolated(
        BigDecimal szi, BigDecimal entryPx, int leverage, BigDecimal margin) {
      return new HyperliquidPosition(szi, entryPx, true, leverage, margin, BigDecimal.ZERO);
    }

    public HyperliquidPosition withFundingPaid(BigDecimal paidSinceOpen) {
      return new HyperliquidPosition(
          szi, entryPx, isolated, leverage, isolatedMargin, paidSinceOpen);
    }
  }

  private static final class HlAccount {
    BigDecimal crossCollateral = BigDecimal.ZERO;
    final Map<String, HyperliquidPosition> positions = new LinkedHashMap<>();
  }

  /**
   * The USDC of {@code user}'s cross account at the entry prices of its cross positions (deposits
   * and realised PnL, before funding and unrealised PnL).
   */
  public void setHyperliquidCrossCollateral(String user, BigDecimal usdc) {
    Objects.requireNonNull(usdc, "usdc");
    synchronized (lock) {
      hlAccount(user).crossCollateral = usdc;
    }
  }

  /** Opens or replaces {@code user}'s position in {@code coin}, a listed market. */
  public void setHyperliquidPosition(String user, String coin, HyperliquidPosition position) {
    Objects.requireNonNull(position, "position");
    synchronized (lock) {
      HlMarket m = hl(coin);
      if (position.leverage() > m.maxLeverage) {
        throw new IllegalArgumentException(
            "leverage " + position.leverage() + " is above " + coin + "'s max " + m.maxLeverage);
      }
      hlAccount(user).positions.put(coin, position);
    }
  }

  public void closeHyperliquidPosition(String user, String coin) {
    synchronized (lock) {
      hlAccount(user).positions.remove(coin);
    }
  }

  /** The max leverage {@code meta} lists for {@code coin}, and its positions are margined with. */
  public void setHyperliquidMaxLeverage(String coin, int maxLeverage) {
    if (maxLeverage < 1) {
      throw new IllegalArgumentException("maxLeverage must be at least 1, was " + maxLeverage);
    }
    synchronized (lock) {
      hl(coin).maxLeverage = maxLeverage;
    }
  }

  private HlAccount hlAccount(String user) {
    if (user == null || !user.matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException("not a Hyperliquid user address: " + user);
    }
    return hyperliquidAccounts.computeIfAbsent(user.toLowerCase(Locale.ROOT), u -> new HlAccount());
  }

  /**
   * One dYdX perpetual position.
   *
   * @param size signed size in base units, negative for a short
   * @param entryPrice average entry price
   * @param netFunding funding received since it opened (negative when paid), settled into the
   *     subaccount's USDC
   */
  public record DydxPosition(BigDecimal size, BigDecimal entryPrice, BigDecimal netFunding) {
    public DydxPosition {
      Objects.requireNonNull(size, "size");
      Objects.requireNonNull(entryPrice, "entryPrice");
      Objects.requireNonNull(netFunding, "netFunding");
      if (size.signum() == 0) {
        throw new IllegalArgumentException("size must not be zero; close the position instead");
      }
      if (entryPrice.signum() <= 0) {
        throw new IllegalArgumentException("entryPrice must be positive, was " + entryPrice);
      }
    }

    public static DydxPosition of(BigDecimal size, BigDecimal entryPrice) {
      return new DydxPosition(size, entryPrice, BigDecimal.ZERO);
    }
  }

  private static final class DydxSubaccount {
    BigDecimal collateral = BigDecimal.ZERO;
    final Map<String, DydxPosition> positions = new LinkedHashMap<>();
  }

  /** The USDC a subaccount was funded with (its equity at the entry prices, before funding). */
  public void setDydxCollateral(String address, int subaccountNumber, BigDecimal usdc) {
    Objects.requireNonNull(usdc, "usdc");
    synchronized (lock) {
      dydxSubaccount(address, subaccountNumber).collateral = usdc;
    }
  }

  /** Opens or replaces a subaccount's position in {@code ticker}, a listed market. */
  public void setDydxPosition(
      String address, int subaccountNumber, String ticker, DydxPosition position) {
    Objects.requireNonNull(position, "position");
    synchronized (lock) {
      dx(ticker);
      dydxSubaccount(address, subaccountNumber).positions.put(ticker, position);
    }
  }

  public void closeDydxPosition(String address, int subaccountNumber, String ticker) {
    synchronized (lock) {
      dydxSubaccount(address, subaccountNumber).positions.remove(ticker);
    }
  }

  private DydxSubaccount dydxSubaccount(String address, int number) {
    if (address == null || !address.startsWith("dydx1")) {
      throw new IllegalArgumentException("not a dYdX address: " + address);
    }
    if (number < 0 || number > DYDX_MAX_SUBACCOUNT) {
      throw new IllegalArgumentException("subaccount number must be 0 to 128000, was " + number);
    }
    return dydxSubaccounts.computeIfAbsent(address + "/" + number, k -> new DydxSubaccount());
  }

  // ---- failures ----

  /**
   * Every request to {@code venue} answers {@code status} with {@code body} until {@link #recover}.
   */
  public void fail(Venue venue, int status, String body) {
    failuresLeft.remove(venue);
    failures.put(venue, new Failure(status, body, Optional.empty()));
  }

  public void failWithRetryAfter(Venue venue, int status, String body, String retryAfter) {
    failuresLeft.remove(venue);
    failures.put(venue, new Failure(status, body, Optional.of(retryAfter)));
  }

  /** The next {@code times} requests to {@code venue} answer {@code status}, then it recovers. */
  public void failNext(Venue venue, int times, int status, String body) {
    failures.put(venue, new Failure(status, body, Optional.empty()));
    failuresLeft.put(venue, new AtomicInteger(times));
  }

  public void recover(Venue venue) {
    failures.remove(venue);
    failuresLeft.remove(venue);
  }

  /** Delays every answer of {@code venue}; zero removes the delay. */
  public void delay(Venue venue, Duration delay) {
    if (delay.isZero()) {
      delays.remove(venue);
    } else {
      delays.put(venue, delay);
    }
  }

  /** Requests {@code venue} received, failed ones included. */
  public int requests(Venue venue) {
    return requests.get(venue).get();
  }

  /**
   * Requests {@code venue} routed to {@code endpoint} (not the injected failures): for Hyperliquid
   * the {@code type} of an {@code /info} request ({@code metaAndAssetCtxs}, {@code
   * clearinghouseState}, ...), for dYdX {@code perpetualMarkets}, {@code addresses} or {@code
   * historicalFunding}.
   */
  public int requests(Venue venue, String endpoint) {
    AtomicInteger count = endpoints.get(venue).get(endpoint);
    return count == null ? 0 : count.get();
  }

  private void routed(Venue venue, String endpoint) {
    endpoints.get(venue).computeIfAbsent(endpoint, e -> new AtomicInteger()).incrementAndGet();
  }

  /** The funding-history requests {@code venue} answered (not the failed ones), oldest first. */
  public List<HistoryRequest> historyRequests(Venue venue) {
    synchronized (lock) {
      return List.copyOf(historyRequests.get(venue));
    }
  }

  /** Forgets the funding-history requests every venue has answered so far. */
  public void clearHistoryRequests() {
    synchronized (lock) {
      historyRequests.values().forEach(List::clear);
    }
  }

  // ---- serving ----

  private record Reply(int status, String body, String contentType) {
    static Reply json(int status, JsonNode body) {
      return new Reply(status, body.toString(), "application/json");
    }

    static Reply text(int status, String body) {
      return new Reply(status, body, "text/plain; charset=utf-8");
    }
  }

  private void handle(Venue venue, HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.get(venue).incrementAndGet();
      Duration delay = delays.get(venue);
      if (delay != null) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      Optional<Failure> failure = takeFailure(venue);
      if (failure.isPresent()) {
        Failure f = failure.get();
        f.retryAfter().ifPresent(r -> exchange.getResponseHeaders().add("Retry-After", r));
        send(exchange, new Reply(f.status(), f.body(), "application/json"));
        return;
      }
      String path = exchange.getRequestURI().getRawPath().substring(venue.prefix().length() + 1);
      Reply reply =
          switch (venue) {
            case HYPERLIQUID -> hyperliquid(exchange, path);
            case DYDX -> dydx(exchange, path);
          };
      send(exchange, reply);
    }
  }

  private Optional<Failure> takeFailure(Venue venue) {
    Failure f = failures.get(venue);
    if (f == null) {
      return Optional.empty();
    }
    AtomicInteger left = failuresLeft.get(venue);
    if (left != null && left.getAndDecrement() <= 0) {
      failures.remove(venue, f);
      failuresLeft.remove(venue, left);
      return Optional.empty();
    }
    return Optional.of(f);
  }

  private Reply hyperliquid(HttpExchange exchange, String path) throws IOException {
    if (!path.equals("/info")) {
      return Reply.text(404, "");
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      return Reply.text(405, "");
    }
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      request = JSON.readTree(in);
    } catch (IOException e) {
      return Reply.text(400, "Failed to parse the request body as JSON");
    }
    String type = request == null ? null : request.path("type").asText(null);
    if (type == null) {
      return Reply.text(
          422, "Failed to deserialize the JSON body into the target type: missing field `type`");
    }
    routed(Venue.HYPERLIQUID, type);
    Instant now = clock.instant();
    synchronized (lock) {
      return switch (type) {
        case "metaAndAssetCtxs" -> Reply.json(200, metaAndAssetCtxs());
        case "predictedFundings" -> Reply.json(200, predictedFundings(now));
        case "fundingHistory" -> fundingHistory(request, now);
        case "clearinghouseState" -> clearinghouseState(request, now);
        default ->
            Reply.text(
                422,
                "Failed to deserialize the JSON body into the target type: type: unknown variant `"
                    + type
                    + "`");
      };
    }
  }

  private ArrayNode metaAndAssetCtxs() {
    ArrayNode root = JSON.createArrayNode();
    ObjectNode meta = root.addObject();
    ArrayNode universe = meta.putArray("universe");
    ArrayNode contexts = root.addArray();
    for (HlMarket m : hyperliquid.values()) {
      ObjectNode asset = universe.addObject();
      asset.put("szDecimals", m.szDecimals);
      asset.put("name", m.coin);
      asset.put("maxLeverage", m.maxLeverage);
      if (m.delisted) {
        asset.put("isDelisted", true);
      }
      ObjectNode ctx = contexts.addObject();
      ctx.put("funding", m.funding.toPlainString());
      ctx.put("openInterest", m.openInterest.toPlainString());
      ctx.put("prevDayPx", m.mark.toPlainString());
      ctx.put("dayNtlVlm", "2146707.657");
      if (m.delisted) {
        ctx.putNull("premium");
      } else {
        ctx.put("premium", "0.0");
      }
      ctx.put("oraclePx", m.oracle.toPlainString());
      ctx.put("markPx", m.mark.toPlainString());
      if (m.delisted) {
        ctx.putNull("midPx");
        ctx.putNull("impactPxs");
      } else {
        ctx.put("midPx", m.mark.toPlainString());
        ctx.putArray("impactPxs").add(m.mark.toPlainString()).add(m.mark.toPlainString());
      }
      ctx.put("dayBaseVlm", "11482.64");
    }
    return root;
  }

  private ArrayNode predictedFundings(Instant now) {
    long nextHour = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)).toEpochMilli();
    long nextEight = nextSettlement(now, 8).toEpochMilli();
    ArrayNode root = JSON.createArrayNode();
    for (HlMarket m : hyperliquid.values()) {
      if (m.delisted) {
        continue;
      }
      ArrayNode entry = root.addArray();
      entry.add(m.coin);
      ArrayNode venues = entry.addArray();
      ArrayNode binance = venues.addArray().add("BinPerp");
      ObjectNode b = binance.addObject();
      b.put("fundingRate", "0.0001");
      b.put("nextFundingTime", nextEight);
      b.put("fundingIntervalHours", 8);
      ArrayNode hlEntry = venues.addArray().add("HlPerp");
      if (m.predictionListed) {
        ObjectNode h = hlEntry.addObject();
        h.put("fundingRate", (m.predicted != null ? m.predicted : m.funding).toPlainString());
        h.put("nextFundingTime", nextHour);
        h.put("fundingIntervalHours", 1);
      } else {
        hlEntry.addNull();
      }
      venues.addArray().add("BybitPerp").addNull();
    }
    return root;
  }

  private Reply fundingHistory(JsonNode request, Instant now) {
    JsonNode coinNode = request.get("coin");
    JsonNode startNode = request.get("startTime");
    if (coinNode == null || !coinNode.isTextual()) {
      return Reply.text(
          422, "Failed to deserialize the JSON body into the target type: missing field `coin`");
    }
    if (startNode == null || !startNode.canConvertToLong()) {
      return Reply.text(
          422,
          "Failed to deserialize the JSON body into the target type: missing field `startTime`");
    }
    JsonNode endNode = request.get("endTime");
    Instant start = Instant.ofEpochMilli(startNode.longValue());
    boolean endGiven = endNode != null && endNode.canConvertToLong();
    Instant end = endGiven ? Instant.ofEpochMilli(endNode.longValue()) : now;
    historyRequests
        .get(Venue.HYPERLIQUID)
        .add(
            new HistoryRequest(
                coinNode.asText(),
                Optional.of(start),
                endGiven ? Optional.of(end) : Optional.empty()));
    ArrayNode rows = JSON.createArrayNode();
    HlMarket m = hyperliquid.get(coinNode.asText());
    if (m != null) {
      for (FundingPoint p : window(m.history, start, end, now)) {
        if (rows.size() >= hyperliquidHistoryPage) {
          break;
        }
        ObjectNode row = rows.addObject();
        row.put("coin", m.coin);
        row.put("fundingRate", p.rateHourly().toPlainString());
        row.put("premium", "0.0");
        row.put("time", p.at().toEpochMilli());
      }
    }
    return Reply.json(200, rows);
  }

  private static final String ADDRESSES_PREFIX = "/v4/addresses/";
  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  /** USDC amounts as Hyperliquid and dYdX write them: six decimals. */
  private static String usd(BigDecimal v) {
    return decimal(v.setScale(6, RoundingMode.HALF_EVEN));
  }

  /** A decimal without trailing zeros, but with at least one fraction digit ("0.0", "3000.0"). */
  private static String decimal(BigDecimal v) {
    BigDecimal stripped = v.stripTrailingZeros();
    return (stripped.scale() < 1 ? stripped.setScale(1) : stripped).toPlainString();
  }

  private static BigDecimal quotient(BigDecimal a, BigDecimal b) {
    return a.divide(b, MathContext.DECIMAL128);
  }

  /**
   * Hyperliquid's {@code clearinghouseState} of a user at the markets' marks, by the venue's rules:
   * an isolated position's value is its raw USD plus szi x mark, the cross account's its raw USD
   * plus every cross position's szi x mark; maintenance is value / (2 x max leverage); the
   * liquidation price is where the equity backing a position meets its maintenance with every other
   * price held (Hyperliquid docs, Trading, Liquidations), none when no positive price is.
   */
  private Reply clearinghouseState(JsonNode request, Instant now) {
    JsonNode userNode = request.get("user");
    if (userNode == null
        || !userNode.isTextual()
        || !userNode.asText().matches("0x[0-9a-fA-F]{40}")) {
      return Reply.text(
          422, "Failed to deserialize the JSON body into the target type: user: invalid address");
    }
    HlAccount account =
        hyperliquidAccounts.getOrDefault(
            userNode.asText().toLowerCase(Locale.ROOT), new HlAccount());
    record Row(
        String coin,
        HyperliquidPosition p,
        HlMarket m,
        BigDecimal value,
        BigDecimal pnl,
        BigDecimal raw,
        BigDecimal marginUsed,
        BigDecimal l) {}
    List<Row> rows = new ArrayList<>();
    BigDecimal crossRaw = account.crossCollateral;
    BigDecimal crossSigned = BigDecimal.ZERO;
    BigDecimal crossNtl = BigDecimal.ZERO;
    BigDecimal crossMaintenance = BigDecimal.ZERO;
    BigDecimal crossMarginUsed = BigDecimal.ZERO;
    for (Map.Entry<String, HyperliquidPosition> e : account.positions.entrySet()) {
      HyperliquidPosition p = e.getValue();
      HlMarket m = hyperliquid.get(e.getKey());
      BigDecimal value = p.szi().abs().multiply(m.mark);
      BigDecimal pnl = p.szi().multiply(m.mark.subtract(p.entryPx()));
      BigDecimal l =
          BigDecimal.ONE.divide(BigDecimal.valueOf(2L * m.maxLeverage), MathContext.DECIMAL128);
      BigDecimal raw;
      BigDecimal marginUsed;
      if (p.isolated()) {
        raw =
            p.isolatedMargin()
                .subtract(p.fundingPaidSinceOpen())
                .subtract(p.szi().multiply(p.entryPx()));
        marginUsed = raw.add(p.szi().multiply(m.mark));
      } else {
        raw = BigDecimal.ZERO;
        marginUsed = quotient(value, BigDecimal.valueOf(p.leverage()));
        crossRaw =
            crossRaw.subtract(p.fundingPaidSinceOpen()).subtract(p.szi().multiply(p.entryPx()));
        crossSigned = crossSigned.add(p.szi().multiply(m.mark));
        crossNtl = crossNtl.add(value);
        crossMaintenance = crossMaintenance.add(value.multiply(l));
        crossMarginUsed = crossMarginUsed.add(marginUsed);
      }
      rows.add(new Row(e.getKey(), p, m, value, pnl, raw, marginUsed, l));
    }
    BigDecimal crossValue = crossRaw.add(crossSigned);
    BigDecimal totalValue = crossValue;
    BigDecimal totalRaw = crossRaw;
    BigDecimal totalNtl = crossNtl;
    BigDecimal totalMarginUsed = crossMarginUsed;
    ArrayNode positions = JSON.createArrayNode();
    for (Row r : rows) {
      HyperliquidPosition p = r.p();
      BigDecimal size = p.szi().abs();
      BigDecimal side = BigDecimal.valueOf(p.szi().signum());
      BigDecimal liquidation;
      if (p.isolated()) {
        totalValue = totalValue.add(r.marginUsed());
        totalRaw = totalRaw.add(r.raw());
        totalNtl = totalNtl.add(r.value());
        totalMarginUsed = totalMarginUsed.add(r.marginUsed());
        // raw + szi P = |szi| P l
        liquidation = quotient(r.raw().negate(), p.szi().subtract(size.multiply(r.l())));
      } else {
        // mark - side (value - maintenance) / (|szi| (1 - l side))
        liquidation =
            r.m()
                .mark
                .subtract(
                    side.multiply(
                        quotient(
                            crossValue.subtract(crossMaintenance),
                            size.multiply(BigDecimal.ONE.subtract(r.l().multiply(side))))));
      }
      ObjectNode entry = positions.addObject();
      entry.put("type", "oneWay");
      ObjectNode o = entry.putObject("position");
      o.put("coin", r.coin());
      o.put("szi", decimal(p.szi()));
      ObjectNode leverage = o.putObject("leverage");
      leverage.put("type", p.isolated() ? "isolated" : "cross");
      leverage.put("value", p.leverage());
      if (p.isolated()) {
        leverage.put("rawUsd", usd(r.raw()));
      }
      o.put("entryPx", decimal(p.entryPx()));
      o.put("positionValue", usd(r.value()));
      o.put("unrealizedPnl", usd(r.pnl()));
      BigDecimal initial = quotient(size.multiply(p.entryPx()), BigDecimal.valueOf(p.leverage()));
      o.put(
          "returnOnEquity",
          decimal(quotient(r.pnl(), initial).setScale(10, RoundingMode.HALF_EVEN)));
      if (liquidation.signum() > 0) {
        o.put("liquidationPx", decimal(liquidation.setScale(10, RoundingMode.HALF_EVEN)));
      } else {
        o.putNull("liquidationPx");
      }
      o.put("marginUsed", usd(r.marginUsed()));
      o.put("maxLeverage", r.m().maxLeverage);
      ObjectNode funding = o.putObject("cumFunding");
      funding.put("allTime", usd(p.fundingPaidSinceOpen()));
      funding.put("sinceOpen", usd(p.fundingPaidSinceOpen()));
      funding.put("sinceChange", usd(p.fundingPaidSinceOpen()));
    }
    ObjectNode body = JSON.createObjectNode();
    summary(body.putObject("marginSummary"), totalValue, totalNtl, totalRaw, totalMarginUsed);
    summary(body.putObject("crossMarginSummary"), crossValue, crossNtl, crossRaw, crossMarginUsed);
    body.put("crossMaintenanceMarginUsed", usd(crossMaintenance));
    body.put("withdrawable", usd(crossValue.subtract(crossMarginUsed).max(BigDecimal.ZERO)));
    body.set("assetPositions", positions);
    body.put("time", now.toEpochMilli());
    return Reply.json(200, body);
  }

  private static void summary(
      ObjectNode o, BigDecimal value, BigDecimal ntl, BigDecimal raw, BigDecimal marginUsed) {
    o.put("accountValue", usd(value));
    o.put("totalNtlPos", usd(ntl));
    o.put("totalRawUsd", usd(raw));
    o.put("totalMarginUsed", usd(marginUsed));
  }

  /**
   * The indexer's subaccount at the markets' oracle prices: its USDC is the collateral plus the
   * funding received less what its positions cost at entry; equity adds each position's size x
   * oracle; free collateral takes off the initial margin of each.
   */
  private Reply subaccount(String rest) {
    String[] parts = rest.split("/", -1);
    if (parts.length != 3 || !parts[1].equals("subaccountNumber") || parts[0].isEmpty()) {
      return dydxError(404, "Not Found");
    }
    String address = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
    int number;
    try {
      number = Integer.parseInt(parts[2]);
    } catch (NumberFormatException e) {
      number = -1;
    }
    if (number < 0 || number > DYDX_MAX_SUBACCOUNT) {
      return dydxValidationError(
          "subaccountNumber",
          parts[2],
          "subaccountNumber must be a non-negative integer less than " + (DYDX_MAX_SUBACCOUNT + 1));
    }
    DydxSubaccount sub = dydxSubaccounts.get(address + "/" + number);
    if (sub == null) {
      return dydxError(
          404, "No subaccount found with address " + address + " and subaccountNumber " + number);
    }
    BigDecimal usdc = sub.collateral;
    BigDecimal signedValue = BigDecimal.ZERO;
    BigDecimal initial = BigDecimal.ZERO;
    ObjectNode open = JSON.createObjectNode();
    for (Map.Entry<String, DydxPosition> e : sub.positions.entrySet()) {
      DydxPosition p = e.getValue();
      DydxMarket m = dydx.get(e.getKey());
      usdc = usdc.add(p.netFunding()).subtract(p.size().multiply(p.entryPrice()));
      signedValue = signedValue.add(p.size().multiply(m.oracle));
      initial = initial.add(p.size().abs().multiply(m.oracle).multiply(m.initialMarginFraction));
      ObjectNode o = open.putObject(e.getKey());
      o.put("market", e.getKey());
      o.put("status", "OPEN");
      o.put("side", p.size().signum() > 0 ? "LONG" : "SHORT");
      o.put("size", p.size().stripTrailingZeros().toPlainString());
      o.put("maxSize", p.size().stripTrailingZeros().toPlainString());
      o.put("entryPrice", p.entryPrice().stripTrailingZeros().toPlainString());
      o.putNull("exitPrice");
      o.put("realizedPnl", usd(p.netFunding()));
      o.put("createdAt", "2025-12-01T00:00:00.000Z");
      o.put("createdAtHeight", "60000000");
      o.put("sumOpen", p.size().abs().stripTrailingZeros().toPlainString());
      o.put("sumClose", "0");
      o.put("netFunding", usd(p.netFunding()));
      o.put("unrealizedPnl", usd(p.size().multiply(m.oracle.subtract(p.entryPrice()))));
      o.putNull("closedAt");
      o.put("subaccountNumber", number);
    }
    BigDecimal equity = usdc.add(signedValue);
    ObjectNode body = JSON.createObjectNode();
    ObjectNode s = body.putObject("subaccount");
    s.put("address", address);
    s.put("subaccountNumber", number);
    s.put("equity", usd(equity));
    s.put("freeCollateral", usd(equity.subtract(initial)));
    s.set("openPerpetualPositions", open);
    ObjectNode usdcPosition = s.putObject("assetPositions").putObject("USDC");
    usdcPosition.put("size", usd(usdc.abs()));
    usdcPosition.put("symbol", "USDC");
    usdcPosition.put("side", usdc.signum() < 0 ? "SHORT" : "LONG");
    usdcPosition.put("assetId", "0");
    usdcPosition.put("subaccountNumber", number);
    s.put("marginEnabled", true);
    long height = height(clock.instant());
    s.put("updatedAtHeight", Long.toString(height));
    s.put("latestProcessedBlockHeight", Long.toString(height));
    return Reply.json(200, body);
  }

  private Reply dydx(HttpExchange exchange, String path) {
    if (!exchange.getRequestMethod().equals("GET")) {
      return dydxError(404, "Not Found");
    }
    Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
    Instant now = clock.instant();
    synchronized (lock) {
      if (path.equals("/v4/perpetualMarkets")) {
        routed(Venue.DYDX, "perpetualMarkets");
        return perpetualMarkets(query);
      }
      if (path.startsWith(ADDRESSES_PREFIX)) {
        routed(Venue.DYDX, "addresses");
        return subaccount(path.substring(ADDRESSES_PREFIX.length()));
      }
      String prefix = "/v4/historicalFunding/";
      if (path.startsWith(prefix) && path.length() > prefix.length()) {
        routed(Venue.DYDX, "historicalFunding");
        return historicalFunding(path.substring(prefix.length()), query, now);
      }
    }
    return dydxError(404, "Not Found");
  }

  private Reply perpetualMarkets(Map<String, String> query) {
    Optional<Integer> limit;
    try {
      limit = limit(query);
    } catch (IllegalArgumentException e) {
      return dydxValidationError("limit", query.get("limit"), e.getMessage());
    }
    String ticker = query.get("ticker");
    ObjectNode body = JSON.createObjectNode();
    ObjectNode markets = body.putObject("markets");
    if (ticker != null) {
      DydxMarket m = dydx.get(ticker);
      if (m == null) {
        return dydxError(404, ticker + " not found in markets of type PERPETUAL");
      }
      markets.set(ticker, dydxMarket(m));
      return Reply.json(200, body);
    }
    int max = limit.orElse(DYDX_API_LIMIT);
    for (DydxMarket m : dydx.values()) {
      if (markets.size() >= max) {
        break;
      }
      markets.set(m.ticker, dydxMarket(m));
    }
    return Reply.json(200, body);
  }

  private ObjectNode dydxMarket(DydxMarket m) {
    ObjectNode o = JSON.createObjectNode();
    o.put("clobPairId", Integer.toString(m.clobPairId));
    o.put("ticker", m.ticker);
    o.put("status", m.status);
    o.put("oraclePrice", m.oracle.toPlainString());
    o.put("priceChange24H", "0");
    o.put("volume24H", "59598032.8897");
    o.put("trades24H", 22916);
    o.put("nextFundingRate", m.nextFundingRate.toPlainString());
    o.put("initialMarginFraction", m.initialMarginFraction.toPlainString());
    o.put("maintenanceMarginFraction", m.maintenanceMarginFraction.toPlainString());
    o.put("openInterest", m.openInterest.toPlainString());
    o.put("atomicResolution", -9);
    o.put("quantumConversionExponent", -9);
    o.put("tickSize", "0.1");
    o.put("stepSize", "0.001");
    o.put("stepBaseQuantums", 1000000);
    o.put("subticksPerTick", 100000);
    o.put("marketType", "CROSS");
    o.put("openInterestLowerCap", "0");
    o.put("openInterestUpperCap", "0");
    o.put("baseOpenInterest", m.openInterest.toPlainString());
    o.put("defaultFundingRate1H", "0");
    return o;
  }

  private Reply historicalFunding(String rawTicker, Map<String, String> query, Instant now) {
    String ticker = URLDecoder.decode(rawTicker, StandardCharsets.UTF_8);
    int limit;
    try {
      limit = limit(query).orElse(DYDX_API_LIMIT);
    } catch (IllegalArgumentException e) {
      return dydxValidationError("limit", query.get("limit"), e.getMessage());
    }
    Instant before = now;
    String beforeText = query.get("effectiveBeforeOrAt");
    if (beforeText != null) {
      try {
        before = OffsetDateTime.parse(beforeText).toInstant();
      } catch (DateTimeParseException e) {
        return dydxValidationError(
            "effectiveBeforeOrAt", beforeText, "effectiveBeforeOrAt must be a valid ISO string");
      }
    }
    DydxMarket m = dydx.get(ticker);
    if (m == null) {
      return dydxError(404, ticker + " not found in markets of type PERPETUAL");
    }
    historyRequests
        .get(Venue.DYDX)
        .add(
            new HistoryRequest(
                ticker,
                Optional.empty(),
                beforeText == null ? Optional.empty() : Optional.of(before)));
    List<FundingPoint> rows = window(m.history, now.minus(HISTORY_LIMIT), before, now);
    ObjectNode body = JSON.createObjectNode();
    ArrayNode out = body.putArray("historicalFunding");
    for (int i = rows.size() - 1; i >= 0 && out.size() < limit; i--) {
      FundingPoint p = rows.get(i);
      ObjectNode row = out.addObject();
      row.put("ticker", m.ticker);
      row.put("rate", p.rateHourly().toPlainString());
      row.put("price", m.oracle.toPlainString());
      row.put("effectiveAtHeight", Long.toString(height(p.at())));
      row.put("effectiveAt", DYDX_TIME.format(p.at()));
    }
    return Reply.json(200, body);
  }

  /** A block height that grows with time, as the chain's would (about 1.6 blocks a second). */
  private static long height(Instant at) {
    return at.getEpochSecond() * 8 / 5 - 2_600_000_000L;
  }

  private static Optional<Integer> limit(Map<String, String> query) {
    String text = query.get("limit");
    if (text == null) {
      return Optional.empty();
    }
    String message =
        "limit must be a positive integer that is not greater than max: " + DYDX_API_LIMIT;
    int value;
    try {
      value = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(message);
    }
    if (value < 1 || value > DYDX_API_LIMIT) {
      throw new IllegalArgumentException(message);
    }
    return Optional.of(value);
  }

  private static Reply dydxError(int status, String message) {
    ObjectNode body = JSON.createObjectNode();
    body.putArray("errors").addObject().put("msg", message);
    return Reply.json(status, body);
  }

  private static Reply dydxValidationError(String param, String value, String message) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error = body.putArray("errors").addObject();
    error.put("value", value);
    error.put("msg", message);
    error.put("param", param);
    error.put("location", "query");
    return Reply.json(400, body);
  }

  /** The series' rows in [from, to], never past now nor older than {@link #HISTORY_LIMIT}. */
  private static List<FundingPoint> window(
      FundingSeries series, Instant from, Instant to, Instant now) {
    Instant earliest = now.minus(HISTORY_LIMIT);
    Instant start = from.isBefore(earliest) ? earliest : from;
    Instant end = to.isAfter(now) ? now : to;
    if (start.isAfter(end)) {
      return List.of();
    }
    return series.between(start, end);
  }

  private static Instant nextSettlement(Instant now, int everyHours) {
    Instant hour = now.truncatedTo(ChronoUnit.HOURS);
    long h = hour.getEpochSecond() / 3600;
    long next = (h / everyHours + 1) * everyHours;
    return Instant.ofEpochSecond(next * 3600);
  }

  private HlMarket hl(String coin) {
    HlMarket m = hyperliquid.get(coin);
    if (m == null) {
      throw new IllegalArgumentException("hyperliquid lists no " + coin + "; add it first");
    }
    return m;
  }

  private DydxMarket dx(String ticker) {
    DydxMarket m = dydx.get(ticker);
    if (m == null) {
      throw new IllegalArgumentException("dydx lists no " + ticker + "; add it first");
    }
    return m;
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

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", reply.contentType());
    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** The time the venues stamp their replies with. */
  public Instant now() {
    return clock.instant();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
