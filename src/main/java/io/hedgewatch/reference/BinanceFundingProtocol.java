package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.QuoteFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Binance USD-M futures ({@code https://fapi.binance.com}).
 *
 * <ul>
 *   <li>{@code GET /fapi/v1/premiumIndex?symbol=ETHUSDT} → {@code {"symbol","markPrice",
 *       "indexPrice","lastFundingRate","nextFundingTime","time",...}}: {@code lastFundingRate} is
 *       the running interval's rate, settled at {@code nextFundingTime}.
 *   <li>{@code GET /fapi/v1/fundingInfo} → {@code [{"symbol","adjustedFundingRateCap",
 *       "adjustedFundingRateFloor","fundingIntervalHours","disclaimer"}]}: only the symbols whose
 *       interval, cap or floor were adjusted; a symbol it does not list settles every {@link
 *       #DEFAULT_INTERVAL}. After a rate hits its cap Binance may move the symbol to 4 h or 1 h,
 *       and {@code lastFundingRate} is then per that interval. Read at most once per {@link
 *       #FUNDING_INFO_CACHE}.
 *   <li>{@code GET /fapi/v1/fundingRate?symbol&startTime&endTime&limit} → settled rates, oldest
 *       first, at most {@link #HISTORY_LIMIT} per request.
 * </ul>
 *
 * <p>Errors have the spot API's shape and codes ({@code {"code":-1121,"msg":"Invalid symbol."}},
 * -1003 too many requests, HTTP 418 "banned until ..."), read by {@link BinanceSpotProtocol}.
 */
public final class BinanceFundingProtocol extends FundingProtocol {

  public static final String DEFAULT_BASE_URL = "https://fapi.binance.com";

  /** The interval of a symbol {@code fundingInfo} does not list. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofHours(8);

  /** Binance's largest page of {@code /fapi/v1/fundingRate}. */
  public static final int HISTORY_LIMIT = 1000;

  /** How long one {@code fundingInfo} reply is used for. */
  public static final Duration FUNDING_INFO_CACHE = Duration.ofMinutes(1);

  /** The longest interval Binance uses; settlements further apart mean missing rows. */
  static final Duration MAX_INTERVAL = Duration.ofHours(8);

  /** Pages one history may take before the venue is taken for ignoring the paging. */
  static final int MAX_PAGES = 100;

  private final BinanceSpotProtocol errors = new BinanceSpotProtocol();

  /** {@code premiumIndex} for one symbol. */
  public record PremiumIndex(
      String symbol,
      BigDecimal markPrice,
      BigDecimal indexPrice,
      BigDecimal lastFundingRate,
      Instant nextFundingTime,
      Instant time) {}

  /** One adjusted symbol of {@code fundingInfo}; cap and floor are per interval. */
  public record FundingInfo(
      String symbol, Duration interval, BigDecimal rateCap, BigDecimal rateFloor) {}

  @Override
  public CexFundingVenue venue() {
    return CexFundingVenue.BINANCE;
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  @Override
  public boolean hasHistory() {
    return true;
  }

  public HttpUrl premiumIndexUrl(HttpUrl baseUrl, FundingPerp perp) {
    return baseUrl
        .newBuilder()
        .addPathSegments("fapi/v1/premiumIndex")
        .addQueryParameter("symbol", perp.symbol())
        .build();
  }

  public HttpUrl fundingInfoUrl(HttpUrl baseUrl) {
    return baseUrl.newBuilder().addPathSegments("fapi/v1/fundingInfo").build();
  }

  public HttpUrl fundingRateUrl(
      HttpUrl baseUrl, FundingPerp perp, Instant startTime, Instant endTime, int limit) {
    return baseUrl
        .newBuilder()
        .addPathSegments("fapi/v1/fundingRate")
        .addQueryParameter("symbol", perp.symbol())
        .addQueryParameter("startTime", Long.toString(startTime.toEpochMilli()))
        .addQueryParameter("endTime", Long.toString(endTime.toEpochMilli()))
        .addQueryParameter("limit", Integer.toString(limit))
        .build();
  }

  @Override
  public VenueReply<CexFunding> current(
      FundingPerp perp, HttpUrl baseUrl, FundingExchange exchange) {
    requireVenue(perp);
    VenueReply<PremiumIndex> index =
        exchange.get(
            FundingRequest.uncached(
                "premiumIndex",
                premiumIndexUrl(baseUrl, perp),
                (status, body, at) -> parsePremiumIndex(perp, status, body, at)));
    return index.flatMap(
        p -> fundingInfo(perp, baseUrl, exchange).map(info -> funding(perp, p, info)));
  }

  private VenueReply<Optional<FundingInfo>> fundingInfo(
      FundingPerp perp, HttpUrl baseUrl, FundingExchange exchange) {
    return exchange.get(
        new FundingRequest<>(
            "fundingInfo",
            fundingInfoUrl(baseUrl),
            FUNDING_INFO_CACHE,
            (status, body, at) -> parseFundingInfo(perp, status, body, at)));
  }

  /**
   * The funding of {@code perp} from its premium index and its {@code fundingInfo} entry (empty:
   * not adjusted, {@link #DEFAULT_INTERVAL} and no cap known).
   */
  public static CexFunding funding(
      FundingPerp perp, PremiumIndex index, Optional<FundingInfo> info) {
    Duration interval = info.map(FundingInfo::interval).orElse(DEFAULT_INTERVAL);
    BigDecimal rate = index.lastFundingRate();
    return new CexFunding(
        CexFundingVenue.BINANCE,
        perp.symbol(),
        perp.pair(),
        index.time(),
        rate,
        interval,
        FundingMath.perHour(rate, interval),
        Optional.of(index.nextFundingTime()),
        Optional.of(index.markPrice()),
        Optional.of(index.indexPrice()),
        info.flatMap(
            i -> capHourly(rate, Optional.of(i.rateCap()), Optional.of(i.rateFloor()), interval)));
  }

  @Override
  public VenueReply<List<FundingPoint>> history(
      FundingPerp perp, Instant from, Instant to, HttpUrl baseUrl, FundingExchange exchange) {
    requireVenue(perp);
    // One interval before `from`, so that the first settlement in range has one before it to
    // read its interval from.
    return pagedHistory(
            Paging.FORWARD,
            "fundingRate",
            HISTORY_LIMIT,
            MAX_PAGES,
            from.minus(MAX_INTERVAL),
            to,
            (start, end) ->
                exchange.get(
                    FundingRequest.uncached(
                        "fundingRate",
                        fundingRateUrl(baseUrl, perp, start, end, HISTORY_LIMIT),
                        (status, body, at) -> parseFundingRates(perp, status, body, at))))
        .flatMap(
            rows ->
                FundingMath.hourly(
                    rows,
                    MAX_INTERVAL,
                    () ->
                        fundingInfo(perp, baseUrl, exchange)
                            .map(info -> info.map(FundingInfo::interval).orElse(DEFAULT_INTERVAL))))
        .map(points -> inRange(points, from, to));
  }

  public VenueReply<PremiumIndex> parsePremiumIndex(
      FundingPerp perp, int httpStatus, String body, Instant receivedAt) {
    return read(
        perp,
        httpStatus,
        body,
        receivedAt,
        root -> {
          JsonNode reply = ReplyJson.object(root, "the reply");
          TickerProtocol.requireSymbol(reply, "symbol", perp.symbol());
          return new PremiumIndex(
              perp.symbol(),
              ReplyJson.priceField(reply, "markPrice"),
              ReplyJson.priceField(reply, "indexPrice"),
              fraction(reply, "lastFundingRate"),
              ReplyJson.epochMillis(reply, "nextFundingTime"),
              ReplyJson.epochMillis(reply, "time"));
        });
  }

  /**
   * {@code fundingInfo}'s entry for {@code perp}, empty when the list does not name it. The entry
   * is read strictly; the others only need to be objects with a symbol.
   */
  public VenueReply<Optional<FundingInfo>> parseFundingInfo(
      FundingPerp perp, int httpStatus, String body, Instant receivedAt) {
    return read(
        perp,
        httpStatus,
        body,
        receivedAt,
        root -> {
          if (!root.isArray()) {
            throw ReplyJson.malformed(
                "the reply is " + ReplyJson.kind(root) + ", expected an array");
          }
          Optional<FundingInfo> found = Optional.empty();
          for (int i = 0; i < root.size(); i++) {
            String name = "[" + i + "]";
            JsonNode item = ReplyJson.object(root.get(i), name);
            String symbol =
                inRow(name, () -> ReplyJson.optionalText(item, "symbol"))
                    .orElseThrow(() -> ReplyJson.malformed(name + ".symbol is missing"));
            if (!symbol.equals(perp.symbol())) {
              continue;
            }
            if (found.isPresent()) {
              throw ReplyJson.malformed("fundingInfo lists " + symbol + " twice");
            }
            BigDecimal cap = fraction(item, "adjustedFundingRateCap");
            BigDecimal floor = fraction(item, "adjustedFundingRateFloor");
            if (cap.compareTo(floor) < 0) {
              throw ReplyJson.malformed(
                  "adjustedFundingRateCap " + cap + " is below adjustedFundingRateFloor " + floor);
            }
            found =
                Optional.of(
                    new FundingInfo(
                        symbol, intervalHours(item, "fundingIntervalHours"), cap, floor));
          }
          return found;
        });
  }

  /** {@code fundingRate}'s rows as settled rates per their interval. */
  public VenueReply<List<FundingMath.Settled>> parseFundingRates(
      FundingPerp perp, int httpStatus, String body, Instant receivedAt) {
    return read(
        perp,
        httpStatus,
        body,
        receivedAt,
        root -> {
          if (!root.isArray()) {
            throw ReplyJson.malformed(
                "the reply is " + ReplyJson.kind(root) + ", expected an array");
          }
          List<FundingMath.Settled> rows = new ArrayList<>(root.size());
          for (int i = 0; i < root.size(); i++) {
            JsonNode row = ReplyJson.object(root.get(i), "[" + i + "]");
            rows.add(
                inRow(
                    "[" + i + "]",
                    () -> {
                      TickerProtocol.requireSymbol(row, "symbol", perp.symbol());
                      return new FundingMath.Settled(
                          ReplyJson.epochMillis(row, "fundingTime"), fraction(row, "fundingRate"));
                    }));
          }
          return List.copyOf(rows);
        });
  }

  @Override
  Optional<String> venueMessage(JsonNode root) {
    return errors.venueMessage(root);
  }

  @Override
  Optional<QuoteFailure> statusFailure(int httpStatus, String says, Instant receivedAt) {
    return errors.statusFailure(httpStatus, says, receivedAt);
  }

  @Override
  Optional<QuoteFailure> venueError(FundingPerp perp, int httpStatus, JsonNode root) {
    return errors.venueError(market(perp), httpStatus, root);
  }
}
