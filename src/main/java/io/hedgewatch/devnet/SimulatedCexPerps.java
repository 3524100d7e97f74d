package io.hedgewatch.devnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.reference.FundingPerp;
import io.hedgewatch.reference.FundingPerps;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The centralized perpetuals hedgewatch takes funding and mark references from, as {@link
 * SimulatedExchanges} serves them: the endpoints the production {@code reference.*FundingProtocol}
 * clients call, in each venue's real JSON shape, units and interval.
 *
 * <ul>
 *   <li>Binance USD-M: {@code /fapi/v1/premiumIndex} ({@code lastFundingRate} per 8 h) and {@code
 *       /fapi/v1/fundingInfo} (empty: no symbol has an adjusted interval or cap).
 *   <li>Bybit v5: {@code /v5/market/tickers?category=linear} ({@code fundingRate} per {@code
 *       fundingIntervalHour} "8"; every value a string).
 *   <li>OKX v5: {@code /api/v5/public/funding-rate} ({@code fundingRate} per {@code nextFundingTime
 *       − fundingTime}, 8 h) and {@code /api/v5/public/mark-price}.
 *   <li>Deribit: {@code /api/v2/public/ticker} (JSON-RPC, JSON numbers; {@code funding_8h} per 8
 *       h).
 *   <li>Kraken Futures: {@code /derivatives/api/v3/tickers} (every perp at once, JSON numbers,
 *       hourly funding stated as an <em>absolute</em> rate: USD per contract per hour for the
 *       linear {@code PF_} perps, i.e. the fraction times the index price).
 * </ul>
 *
 * <p>Every venue shows one funding rate per hour per asset, market-wide, so that all of them agree
 * for the same asset; a test moves one venue's funding or mark for an asset away from the others.
 * Index prices come from the function {@link SimulatedExchanges} hands in; a perp's mark is its
 * index unless set. The perps served are those of {@link FundingPerps#standard()} whose pair can be
 * priced; any other symbol gets the venue's own error reply.
 */
public final class SimulatedCexPerps {

  /** The funding of an asset until set: 0.00125 % per hour, Binance's usual 0.01 % per 8 h. */
  public static final BigDecimal DEFAULT_FUNDING_HOURLY = new BigDecimal("0.0000125");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final MathContext MC = MathContext.DECIMAL64;
  private static final Duration EIGHT_HOURS = Duration.ofHours(8);
  private static final long EIGHT_HOURS_MS = EIGHT_HOURS.toMillis();

  /** The index price of a venue's perp on {@code pair}, in the pair's quote; empty if unpriced. */
  @FunctionalInterface
  interface IndexPrices {
    Optional<BigDecimal> index(CexFundingVenue venue, Pair pair);
  }

  /** One HTTP answer. */
  record Reply(int status, String body) {}

  /** What one perp shows now: its index and mark in the pair's quote, and its funding per hour. */
  private record Live(FundingPerp perp, BigDecimal index, BigDecimal mark, BigDecimal hourly) {

    /** The funding rate per {@code interval}, as the venue states it. */
    BigDecimal per(Duration interval) {
      return hourly.multiply(BigDecimal.valueOf(interval.toHours()));
    }
  }

  private final Clock clock;
  private final FundingPerps perps;
  private final IndexPrices indexPrices;
  private final Map<String, BigDecimal> funding = new ConcurrentHashMap<>();
  private final Map<CexFundingVenue, Map<String, BigDecimal>> venueFunding =
      new EnumMap<>(CexFundingVenue.class);
  private final Map<CexFundingVenue, Map<String, BigDecimal>> venueMarks =
      new EnumMap<>(CexFundingVenue.class);

  SimulatedCexPerps(Clock clock, FundingPerps perps, IndexPrices indexPrices) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.perps = Objects.requireNonNull(perps, "perps");
    this.indexPrices = Objects.requireNonNull(indexPrices, "indexPrices");
    for (CexFundingVenue v : CexFundingVenue.values()) {
      venueFunding.put(v, new ConcurrentHashMap<>());
      venueMarks.put(v, new ConcurrentHashMap<>());
    }
  }

  /** The market-wide funding of {@code asset} per hour, on every venue without its own. */
  public void setFunding(String asset, BigDecimal rateHourly) {
    funding.put(key(asset), Objects.requireNonNull(rateHourly, "rateHourly"));
  }

  /** One venue's funding of {@code asset} per hour, whatever the market-wide rate. */
  public void setFunding(CexFundingVenue venue, String asset, BigDecimal rateHourly) {
    venueFunding.get(venue).put(key(asset), Objects.requireNonNull(rateHourly, "rateHourly"));
  }

  /** The venue follows the market-wide funding of {@code asset} again. */
  public void clearFunding(CexFundingVenue venue, String asset) {
    venueFunding.get(venue).remove(key(asset));
  }

  /** The funding per hour that {@code venue} shows for {@code asset} now. */
  public BigDecimal fundingHourly(CexFundingVenue venue, String asset) {
    BigDecimal own = venueFunding.get(venue).get(key(asset));
    if (own != null) {
      return own;
    }
    return funding.getOrDefault(key(asset), DEFAULT_FUNDING_HOURLY);
  }

  /**
   * Pins the mark of the venue's perps on {@code asset}, in each perp's quote, whatever the index
   * does (a perp trading at a premium).
   */
  public void setMark(CexFundingVenue venue, String asset, BigDecimal mark) {
    venueMarks.get(venue).put(key(asset), Objects.requireNonNull(mark, "mark"));
  }

  /** The venue's marks on {@code asset} follow its index again. */
  public void clearMark(CexFundingVenue venue, String asset) {
    venueMarks.get(venue).remove(key(asset));
  }

  private static String key(String asset) {
    return asset.toUpperCase(Locale.ROOT);
  }

  private Optional<Live> live(CexFundingVenue venue, String symbol) {
    Optional<FundingPerp> perp = perps.perpForSymbol(venue, symbol);
    if (perp.isEmpty()) {
      return Optional.empty();
    }
    Pair pair = perp.get().pair();
    return indexPrices
        .index(venue, pair)
        .filter(p -> p.signum() > 0)
        .map(
            index ->
                new Live(
                    perp.get(),
                    index,
                    venueMarks.get(venue).getOrDefault(pair.base(), index),
                    fundingHourly(venue, pair.base())));
  }

  /** The next 00:00, 08:00 or 16:00 UTC, when the 8-hourly venues settle. */
  private static long nextEightHours(long nowMillis) {
    return (nowMillis / EIGHT_HOURS_MS + 1) * EIGHT_HOURS_MS;
  }

  // ---- Binance USD-M

  /** Binance's perp endpoints; empty for any other path (spot). */
  Optional<Reply> binance(String path, Map<String, String> query) {
    if (path.equals("/fapi/v1/fundingInfo")) {
      // No symbol has an adjusted interval or cap: every one settles each 8 h.
      return Optional.of(new Reply(200, "[]"));
    }
    if (!path.equals("/fapi/v1/premiumIndex")) {
      return Optional.empty();
    }
    String symbol = query.getOrDefault("symbol", "");
    Optional<Live> perp = live(CexFundingVenue.BINANCE, symbol);
    if (perp.isEmpty()) {
      return Optional.of(new Reply(400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}"));
    }
    Live p = perp.get();
    long now = clock.millis();
    ObjectNode body = JSON.createObjectNode();
    body.put("symbol", symbol);
    body.put("markPrice", text(p.mark()));
    body.put("indexPrice", text(p.index()));
    body.put("estimatedSettlePrice", text(p.index()));
    body.put("lastFundingRate", text(p.per(EIGHT_HOURS)));
    body.put("interestRate", "0.00010000");
    body.put("nextFundingTime", nextEightHours(now));
    body.put("time", now);
    return Optional.of(new Reply(200, body.toString()));
  }

  // ---- Bybit v5

  /** Bybit's linear and inverse tickers; empty for any other path or category (spot). */
  Optional<Reply> bybit(String path, Map<String, String> query) {
    String category = query.getOrDefault("category", "");
    if (!path.equals("/v5/market/tickers")
        || !(category.equals("linear") || category.equals("inverse"))) {
      return Optional.empty();
    }
    String symbol = query.getOrDefault("symbol", "");
    FundingPerp.Contract contract =
        category.equals("linear") ? FundingPerp.Contract.LINEAR : FundingPerp.Contract.INVERSE;
    Optional<Live> perp =
        live(CexFundingVenue.BYBIT, symbol).filter(p -> p.perp().contract() == contract);
    long now = clock.millis();
    ObjectNode body = JSON.createObjectNode();
    if (perp.isEmpty()) {
      body.put("retCode", 10001);
      body.put("retMsg", "Not supported symbols");
      body.putObject("result");
    } else {
      Live p = perp.get();
      String mark = text(p.mark());
      String index = text(p.index());
      body.put("retCode", 0);
      body.put("retMsg", "OK");
      ObjectNode result = body.putObject("result");
      result.put("category", category);
      ObjectNode t = result.putArray("list").addObject();
      t.put("symbol", symbol);
      t.put("lastPrice", mark);
      t.put("indexPrice", index);
      t.put("markPrice", mark);
      t.put("prevPrice24h", mark);
      t.put("price24hPcnt", "0");
      t.put("highPrice24h", mark);
      t.put("lowPrice24h", mark);
      t.put("prevPrice1h", mark);
      t.put("openInterest", "150000");
      t.put("openInterestValue", text(p.mark().multiply(new BigDecimal("150000"))));
      t.put("turnover24h", "1000000000");
      t.put("volume24h", "350000");
      t.put("fundingRate", text(p.per(EIGHT_HOURS)));
      t.put("nextFundingTime", Long.toString(nextEightHours(now)));
      t.put("predictedDeliveryPrice", "");
      t.put("basisRate", "");
      t.put("deliveryFeeRate", "");
      t.put("deliveryTime", "0");
      t.put("ask1Size", "12.5");
      t.put("bid1Price", mark);
      t.put("ask1Price", mark);
      t.put("bid1Size", "9.8");
      t.put("basis", "");
      t.put("preOpenPrice", "");
      t.put("preQty", "");
      t.put("curPreListingPhase", "");
      t.put("fundingIntervalHour", Long.toString(EIGHT_HOURS.toHours()));
      t.put("basisRateYear", "");
      t.put("fundingCap", "0.005");
    }
    body.putObject("retExtInfo");
    body.put("time", now);
    return Optional.of(new Reply(200, body.toString()));
  }

  // ---- OKX v5

  /** OKX's swap funding and mark endpoints; empty for any other path (spot). */
  Optional<Reply> okx(String path, Map<String, String> query) {
    boolean fundingRate = path.equals("/api/v5/public/funding-rate");
    boolean markPrice = path.equals("/api/v5/public/mark-price");
    if (!fundingRate && !markPrice) {
      return Optional.empty();
    }
    String instId = query.getOrDefault("instId", "");
    Optional<Live> perp = live(CexFundingVenue.OKX, instId);
    if (perp.isEmpty() || (markPrice && !"SWAP".equals(query.get("instType")))) {
      return Optional.of(
          new Reply(
              200, "{\"code\":\"51001\",\"msg\":\"Instrument ID does not exist\",\"data\":[]}"));
    }
    Live p = perp.get();
    long now = clock.millis();
    ObjectNode item = JSON.createObjectNode();
    if (fundingRate) {
      // This period's rate is paid at fundingTime; the interval is nextFundingTime - fundingTime.
      long fundingTime = nextEightHours(now);
      String rate = text(p.per(EIGHT_HOURS));
      item.put("fundingRate", rate);
      item.put("fundingTime", Long.toString(fundingTime));
      item.put("instId", instId);
      item.put("instType", "SWAP");
      item.put("method", "current_period");
      item.put("formulaType", "noRate");
      item.put("maxFundingRate", "0.00375");
      item.put("minFundingRate", "-0.00375");
      item.put("nextFundingRate", "");
      item.put("nextFundingTime", Long.toString(fundingTime + EIGHT_HOURS_MS));
      item.put("premium", "0");
      item.put("settFundingRate", rate);
      item.put("settState", "settled");
      item.put("interestRate", "0");
      item.put("impactValue", "20000");
      item.put("ts", Long.toString(now));
    } else {
      item.put("instType", "SWAP");
      item.put("instId", instId);
      item.put("markPx", text(p.mark()));
      item.put("ts", Long.toString(now));
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("code", "0");
    body.put("msg", "");
    body.putArray("data").add(item);
    return Optional.of(new Reply(200, body.toString()));
  }

  // ---- Deribit

  /** Deribit's {@code public/ticker}; any other method is JSON-RPC's method not found. */
  Reply deribit(String path, Map<String, String> query) {
    long nowMicros = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
    if (!path.equals("/api/v2/public/ticker")) {
      return deribitError(400, -32601, "Method not found", false, nowMicros);
    }
    String instrument = query.getOrDefault("instrument_name", "");
    Optional<Live> perp = live(CexFundingVenue.DERIBIT, instrument);
    if (perp.isEmpty()) {
      return deribitError(400, -32602, "Invalid params", true, nowMicros);
    }
    Live p = perp.get();
    BigDecimal mark = p.mark();
    ObjectNode r = JSON.createObjectNode();
    r.put("best_ask_amount", 53040);
    r.put("best_ask_price", number(mark));
    r.put("best_bid_amount", 4600);
    r.put("best_bid_price", number(mark));
    r.put("current_funding", number(p.per(EIGHT_HOURS)));
    r.put("estimated_delivery_price", number(p.index()));
    r.put("funding_8h", number(p.per(EIGHT_HOURS)));
    r.put("index_price", number(p.index()));
    r.put("instrument_name", instrument);
    r.put("interest_value", 0);
    r.put("last_price", number(mark));
    r.put("mark_price", number(mark));
    r.put("max_price", number(mark.multiply(new BigDecimal("1.015"))));
    r.put("min_price", number(mark.multiply(new BigDecimal("0.985"))));
    r.put("open_interest", 502231260L);
    r.put("settlement_price", number(p.index()));
    r.put("state", "open");
    ObjectNode stats = r.putObject("stats");
    stats.put("high", number(mark));
    stats.put("low", number(mark));
    stats.put("price_change", 0);
    stats.put("volume", 7831.26548117);
    stats.put("volume_usd", 282615600L);
    r.put("timestamp", nowMicros / 1000);
    ObjectNode body = JSON.createObjectNode();
    body.put("jsonrpc", "2.0");
    body.set("result", r);
    deribitTimes(body, nowMicros);
    return new Reply(200, body.toString());
  }

  private static Reply deribitError(
      int status, int code, String message, boolean badInstrument, long nowMicros) {
    ObjectNode body = JSON.createObjectNode();
    body.put("jsonrpc", "2.0");
    ObjectNode error = body.putObject("error");
    error.put("message", message);
    if (badInstrument) {
      ObjectNode data = error.putObject("data");
      data.put("reason", "instrument not found");
      data.put("param", "instrument_name");
    }
    error.put("code", code);
    deribitTimes(body, nowMicros);
    return new Reply(status, body.toString());
  }

  private static void deribitTimes(ObjectNode body, long nowMicros) {
    body.put("usIn", nowMicros);
    body.put("usOut", nowMicros + 150);
    body.put("usDiff", 150);
    body.put("testnet", false);
  }

  // ---- Kraken Futures

  /** Kraken Futures' {@code tickers}: every priced perp of the table, and its index row. */
  Reply krakenFutures(String path) {
    String serverTime = clock.instant().truncatedTo(ChronoUnit.MILLIS).toString();
    if (!path.equals("/derivatives/api/v3/tickers")) {
      ObjectNode error = JSON.createObjectNode();
      error.put("result", "error");
      error.put("error", "Not Found");
      error.put("serverTime", serverTime);
      return new Reply(404, error.toString());
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("result", "success");
    ArrayNode tickers = body.putArray("tickers");
    for (FundingPerp perp : perps.perps(CexFundingVenue.KRAKEN_FUTURES)) {
      Optional<Live> live = live(CexFundingVenue.KRAKEN_FUTURES, perp.symbol());
      if (live.isEmpty()) {
        continue;
      }
      Live p = live.get();
      // Kraken names the pair by the symbol's own base (XBT for BTC): PF_XBTUSD -> XBT:USD.
      String instrument = perp.symbol().substring(perp.symbol().indexOf('_') + 1);
      String quote = perp.pair().quote();
      String base = instrument.substring(0, instrument.length() - quote.length());
      BigDecimal absolute = absoluteRate(perp.contract(), p.hourly(), p.index());
      ObjectNode t = tickers.addObject();
      t.put("tag", "perpetual");
      t.put("pair", base + ":" + quote);
      t.put("symbol", perp.symbol());
      t.put("markPrice", number(p.mark()));
      t.put("bid", number(p.mark()));
      t.put("bidSize", 1000);
      t.put("ask", number(p.mark()));
      t.put("askSize", 1000);
      t.put("vol24h", 15304);
      t.put("openInterest", 149655);
      t.put("open24h", number(p.mark()));
      t.put("indexPrice", number(p.index()));
      t.put("last", number(p.mark()));
      t.put("lastTime", serverTime);
      t.put("lastSize", 100);
      t.put("suspended", false);
      t.put("fundingRate", number(absolute));
      t.put("fundingRatePrediction", number(absolute));
      t.put("postOnly", false);
      t.put("change24h", 0);
      ObjectNode index = tickers.addObject();
      index.put("symbol", "in_" + instrument.toLowerCase(Locale.ROOT));
      index.put("last", number(p.index()));
      index.put("lastTime", serverTime);
    }
    body.put("serverTime", serverTime);
    return new Reply(200, body.toString());
  }

  /**
   * Kraken Futures' absolute hourly rate of a relative one: a linear contract is one unit of the
   * base and pays {@code relative × index} USD; an inverse one is one USD and pays {@code relative
   * / index} of the base.
   */
  static BigDecimal absoluteRate(
      FundingPerp.Contract contract, BigDecimal relativeHourly, BigDecimal index) {
    return contract == FundingPerp.Contract.LINEAR
        ? relativeHourly.multiply(index)
        : relativeHourly.divide(index, MC);
  }

  /** A decimal as the string venues send: plain digits, no exponent, no trailing zeros. */
  private static String text(BigDecimal value) {
    return value.stripTrailingZeros().toPlainString();
  }

  /**
   * A decimal for a JSON number: without trailing zeros, and in the exponent form Kraken Futures
   * and Deribit send for small rates ({@code 1.25E-7}) while prices stay plain ({@code 3000}).
   */
  private static BigDecimal number(BigDecimal value) {
    return new BigDecimal(text(value));
  }
}
