package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Bybit v5 {@code GET /v5/market/tickers?category=spot&symbol=ETHUSDT} → {@code
 * {"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[{"symbol","lastPrice",...}]},
 * "time":<ms>}}: the price is {@code result.list[0].lastPrice}; the list items carry no time, so
 * the envelope's {@code time} (the server's clock when it answered) stamps the quote.
 *
 * <p>Errors come as HTTP 200 with {@code retCode} ≠ 0: 10001 (parameter error) whose {@code retMsg}
 * speaks of the symbol ("Not supported symbols", "symbol invalid") means not listed, 10006 ("Too
 * many visits!") is a rate limit. Over the IP limit Bybit answers HTTP 403 ("access too frequent")
 * and asks clients to stay away for {@link #IP_LIMIT_BACK_OFF}, which is reported as a ban.
 */
public final class BybitSpotProtocol extends TickerProtocol {

  public static final String DEFAULT_BASE_URL = "https://api.bybit.com";

  /** Bybit's documented wait after HTTP 403 for exceeding the per-IP limit. */
  public static final Duration IP_LIMIT_BACK_OFF = Duration.ofMinutes(10);

  static final String OK = "0";
  static final String PARAMETER_ERROR = "10001";
  static final String TOO_MANY_VISITS = "10006";

  @Override
  public ReferenceVenue venue() {
    return ReferenceVenue.BYBIT;
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  @Override
  public HttpUrl tickerUrl(HttpUrl baseUrl, VenueMarket market) {
    return baseUrl
        .newBuilder()
        .addPathSegments("v5/market/tickers")
        .addQueryParameter("category", "spot")
        .addQueryParameter("symbol", market.nativeSymbol())
        .build();
  }

  /** The error code when {@code root} is Bybit's envelope with a retCode other than 0. */
  private static Optional<String> errorCode(JsonNode root) {
    if (!root.isObject()) {
      return Optional.empty();
    }
    JsonNode code = root.path("retCode");
    if (code.isIntegralNumber() || (code.isTextual() && code.asText().matches("-?[0-9]+"))) {
      String text = code.isTextual() ? code.asText() : code.bigIntegerValue().toString();
      return text.equals(OK) ? Optional.empty() : Optional.of(text);
    }
    return Optional.empty();
  }

  @Override
  Optional<String> venueMessage(JsonNode root) {
    return errorCode(root).map(code -> codeAndMessage(code, ReplyJson.message(root, "retMsg", "")));
  }

  @Override
  Optional<QuoteFailure> statusFailure(int httpStatus, String says, Instant receivedAt) {
    if (httpStatus == 403) {
      return Optional.of(new QuoteFailure.Banned(IP_LIMIT_BACK_OFF, "HTTP 403: " + says));
    }
    return super.statusFailure(httpStatus, says, receivedAt);
  }

  @Override
  Optional<QuoteFailure> venueError(VenueMarket market, int httpStatus, JsonNode root) {
    Optional<String> code = errorCode(root);
    if (code.isEmpty()) {
      return Optional.empty();
    }
    String msg = ReplyJson.message(root, "retMsg", "");
    String says = codeAndMessage(code.get(), msg);
    if (code.get().equals(PARAMETER_ERROR) && msg.toLowerCase(Locale.ROOT).contains("symbol")) {
      return Optional.of(new QuoteFailure.UnsupportedMarket(market.nativeSymbol() + ": " + says));
    }
    if (code.get().equals(TOO_MANY_VISITS)) {
      return Optional.of(new QuoteFailure.RateLimited(Optional.empty(), says));
    }
    return Optional.of(new QuoteFailure.VenueError(code.get(), msg));
  }

  @Override
  VenueQuote readTicker(VenueMarket market, JsonNode root, Instant receivedAt) {
    JsonNode reply = ReplyJson.object(root, "the reply");
    String code = ReplyJson.code(reply, "retCode");
    if (!code.equals(OK)) {
      throw ReplyJson.malformed("retCode is " + ReplyJson.quote(code) + ", expected a number");
    }
    JsonNode result = ReplyJson.requireObject(reply, "result");
    JsonNode ticker =
        pickTicker(
            ReplyJson.requireArray(result, "list"), "result.list", "symbol", market.nativeSymbol());
    return quote(
        market,
        ReplyJson.priceField(ticker, "lastPrice"),
        ReplyJson.epochMillis(reply, "time"),
        true);
  }
}
