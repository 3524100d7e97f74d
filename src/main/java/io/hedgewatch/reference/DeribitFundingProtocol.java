package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.QuoteFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Deribit perpetuals ({@code https://www.deribit.com}): {@code GET
 * /api/v2/public/ticker?instrument_name=ETH-PERPETUAL} → {@code {"jsonrpc":"2.0","result":{...}}}
 * with JSON numbers (exponent form too): {@code funding_8h}, {@code mark_price}, {@code
 * index_price}, {@code timestamp} (ms).
 *
 * <p>Deribit's funding accrues continuously; {@code funding_8h} is the rate over the last 8 hours,
 * a fraction per 8 h, so the interval is {@link #FUNDING_8H_INTERVAL} and there is no next funding
 * time. ({@code current_funding} is the instantaneous rate and is not used.) {@code BTC-PERPETUAL}
 * and {@code ETH-PERPETUAL} are inverse, quoted in USD.
 *
 * <p>Errors: {@code {"jsonrpc":"2.0","error":{"code":…,"message":…,"data":…}}} in HTTP 400 (or
 * other statuses): {@value #TOO_MANY_REQUESTS} is too_many_requests, {@value #INVALID_PARAMS} with
 * the instrument as the bad parameter is an unknown instrument.
 */
public final class DeribitFundingProtocol extends FundingProtocol {

  public static final String DEFAULT_BASE_URL = "https://www.deribit.com";

  /** {@code funding_8h} is per 8 hours. */
  public static final Duration FUNDING_8H_INTERVAL = Duration.ofHours(8);

  static final String TOO_MANY_REQUESTS = "10028";
  static final String INVALID_PARAMS = "-32602";

  @Override
  public CexFundingVenue venue() {
    return CexFundingVenue.DERIBIT;
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  public HttpUrl tickerUrl(HttpUrl baseUrl, FundingPerp perp) {
    return baseUrl
        .newBuilder()
        .addPathSegments("api/v2/public/ticker")
        .addQueryParameter("instrument_name", perp.symbol())
        .build();
  }

  @Override
  public VenueReply<CexFunding> current(
      FundingPerp perp, HttpUrl baseUrl, FundingExchange exchange) {
    requireVenue(perp);
    return exchange.get(
        FundingRequest.uncached(
            "ticker",
            tickerUrl(baseUrl, perp),
            (status, body, at) -> parseTicker(perp, status, body, at)));
  }

  public VenueReply<CexFunding> parseTicker(
      FundingPerp perp, int httpStatus, String body, Instant receivedAt) {
    return read(
        perp,
        httpStatus,
        body,
        receivedAt,
        root -> {
          JsonNode reply = ReplyJson.object(root, "the reply");
          JsonNode r = ReplyJson.requireObject(reply, "result");
          TickerProtocol.requireSymbol(r, "instrument_name", perp.symbol());
          BigDecimal rate = fraction(r, "funding_8h");
          return new CexFunding(
              CexFundingVenue.DERIBIT,
              perp.symbol(),
              perp.pair(),
              ReplyJson.epochMillis(r, "timestamp"),
              rate,
              FUNDING_8H_INTERVAL,
              FundingMath.perHour(rate, FUNDING_8H_INTERVAL),
              Optional.empty(),
              Optional.of(ReplyJson.priceField(r, "mark_price")),
              Optional.of(ReplyJson.priceField(r, "index_price")),
              Optional.empty());
        });
  }

  /** The {@code error} object of Deribit's error shape. */
  private static Optional<JsonNode> error(JsonNode root) {
    if (!root.isObject() || !root.path("error").isObject()) {
      return Optional.empty();
    }
    JsonNode error = root.get("error");
    JsonNode code = error.path("code");
    return code.isIntegralNumber() || code.isTextual() ? Optional.of(error) : Optional.empty();
  }

  @Override
  Optional<String> venueMessage(JsonNode root) {
    return error(root)
        .map(
            e ->
                TickerProtocol.codeAndMessage(
                    ReplyJson.code(e, "code"), ReplyJson.message(e, "message", "")));
  }

  @Override
  Optional<QuoteFailure> venueError(FundingPerp perp, int httpStatus, JsonNode root) {
    Optional<JsonNode> error = error(root);
    if (error.isEmpty()) {
      return Optional.empty();
    }
    JsonNode e = error.get();
    String code = ReplyJson.code(e, "code");
    String message = ReplyJson.message(e, "message", "");
    String data = e.has("data") ? e.get("data").toString() : "";
    String says = TickerProtocol.codeAndMessage(code, message) + (data.isEmpty() ? "" : " " + data);
    if (code.equals(TOO_MANY_REQUESTS)) {
      return Optional.of(new QuoteFailure.RateLimited(Optional.empty(), says));
    }
    if (code.equals(INVALID_PARAMS) && data.toLowerCase(Locale.ROOT).contains("instrument")) {
      return Optional.of(unsupported(perp, says));
    }
    return Optional.of(
        new QuoteFailure.VenueError(code, data.isEmpty() ? message : message + " " + data));
  }
}
