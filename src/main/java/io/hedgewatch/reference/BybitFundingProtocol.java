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
 * Bybit v5 perpetuals ({@code https://api.bybit.com}).
 *
 * <ul>
 *   <li>{@code GET /v5/market/tickers?category=linear&symbol=ETHUSDT} (or {@code category=inverse}
 *       for an inverse perp) → {@code result.list[0]} with, all as strings, {@code fundingRate}
 *       (the running interval's rate, settled at {@code nextFundingTime}), {@code
 *       fundingIntervalHour}, {@code fundingCap} (per interval, both signs), {@code markPrice},
 *       {@code indexPrice}; {@code ""} means not applicable. The envelope's {@code time} stamps the
 *       reading.
 *   <li>{@code GET /v5/market/funding/history?category&symbol&startTime&endTime&limit} → settled
 *       rates, newest first, at most {@link #HISTORY_LIMIT} per request: paged backwards by {@code
 *       endTime}.
 * </ul>
 *
 * <p>Errors come as HTTP 200 with {@code retCode} ≠ 0 and HTTP 403 for the IP limit, read by {@link
 * BybitSpotProtocol}.
 */
public final class BybitFundingProtocol extends FundingProtocol {

  public static final String DEFAULT_BASE_URL = "https://api.bybit.com";

  /** Bybit's largest page of {@code /v5/market/funding/history}. */
  public static final int HISTORY_LIMIT = 200;

  static final Duration MAX_INTERVAL = Duration.ofHours(8);
  static final int MAX_PAGES = 100;

  private final BybitSpotProtocol errors = new BybitSpotProtocol();

  @Override
  public CexFundingVenue venue() {
    return CexFundingVenue.BYBIT;
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  @Override
  public boolean hasHistory() {
    return true;
  }

  static String category(FundingPerp perp) {
    return perp.contract() == FundingPerp.Contract.INVERSE ? "inverse" : "linear";
  }

  public HttpUrl tickerUrl(HttpUrl baseUrl, FundingPerp perp) {
    return baseUrl
        .newBuilder()
        .addPathSegments("v5/market/tickers")
        .addQueryParameter("category", category(perp))
        .addQueryParameter("symbol", perp.symbol())
        .build();
  }

  public HttpUrl historyUrl(
      HttpUrl baseUrl, FundingPerp perp, Instant startTime, Instant endTime, int limit) {
    return baseUrl
        .newBuilder()
        .addPathSegments("v5/market/funding/history")
        .addQueryParameter("category", category(perp))
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
    return exchange.get(
        FundingRequest.uncached(
            "tickers",
            tickerUrl(baseUrl, perp),
            (status, body, at) -> parseTicker(perp, status, body, at)));
  }

  @Override
  public VenueReply<List<FundingPoint>> history(
      FundingPerp perp, Instant from, Instant to, HttpUrl baseUrl, FundingExchange exchange) {
    requireVenue(perp);
    return pagedHistory(
            Paging.BACKWARD,
            "funding/history",
            HISTORY_LIMIT,
            MAX_PAGES,
            from.minus(MAX_INTERVAL),
            to,
            (start, end) ->
                exchange.get(
                    FundingRequest.uncached(
                        "funding.history",
                        historyUrl(baseUrl, perp, start, end, HISTORY_LIMIT),
                        (status, body, at) -> parseHistory(perp, status, body, at))))
        .flatMap(
            rows ->
                FundingMath.hourly(
                    rows,
                    MAX_INTERVAL,
                    () -> current(perp, baseUrl, exchange).map(CexFunding::interval)))
        .map(points -> inRange(points, from, to));
  }

  public VenueReply<CexFunding> parseTicker(
      FundingPerp perp, int httpStatus, String body, Instant receivedAt) {
    return read(
        perp,
        httpStatus,
        body,
        receivedAt,
        root -> {
          JsonNode result = result(root);
          JsonNode t =
              TickerProtocol.pickTicker(
                  ReplyJson.requireArray(result, "list"), "result.list", "symbol", perp.symbol());
          BigDecimal rate = fraction(t, "fundingRate");
          Duration interval = intervalHours(t, "fundingIntervalHour");
          Optional<BigDecimal> cap = optionalFraction(t, "fundingCap").map(BigDecimal::abs);
          return new CexFunding(
              CexFundingVenue.BYBIT,
              perp.symbol(),
              perp.pair(),
              ReplyJson.epochMillis(root, "time"),
              rate,
              interval,
              FundingMath.perHour(rate, interval),
              Optional.of(ReplyJson.epochMillis(t, "nextFundingTime")),
              Optional.of(ReplyJson.priceField(t, "markPrice")),
              Optional.of(ReplyJson.priceField(t, "indexPrice")),
              capHourly(rate, cap, cap, interval));
        });
  }

  /** Settled rates of {@code funding/history}; an empty list is a range without settlements. */
  public VenueReply<List<FundingMath.Settled>> parseHistory(
      FundingPerp perp, int httpStatus, String body, Instant receivedAt) {
    return read(
        perp,
        httpStatus,
        body,
        receivedAt,
        root -> {
          JsonNode list = ReplyJson.requireArray(result(root), "list");
          List<FundingMath.Settled> rows = new ArrayList<>(list.size());
          for (int i = 0; i < list.size(); i++) {
            JsonNode row = ReplyJson.object(list.get(i), "result.list[" + i + "]");
            rows.add(
                inRow(
                    "result.list[" + i + "]",
                    () -> {
                      TickerProtocol.requireSymbol(row, "symbol", perp.symbol());
                      return new FundingMath.Settled(
                          ReplyJson.epochMillis(row, "fundingRateTimestamp"),
                          fraction(row, "fundingRate"));
                    }));
          }
          return List.copyOf(rows);
        });
  }

  /** The envelope's {@code result} of a reply whose {@code retCode} is 0. */
  private static JsonNode result(JsonNode root) {
    JsonNode reply = ReplyJson.object(root, "the reply");
    String code = ReplyJson.code(reply, "retCode");
    if (!code.equals(BybitSpotProtocol.OK)) {
      throw ReplyJson.malformed("retCode is " + ReplyJson.quote(code) + ", expected a number");
    }
    return ReplyJson.requireObject(reply, "result");
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
