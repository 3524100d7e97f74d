package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import java.time.Instant;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * OKX v5 {@code GET /api/v5/market/ticker?instId=ETH-USDT} → {@code
 * {"code":"0","msg":"","data":[{"instId","last","ts",...}]}}: the price is {@code data[0].last},
 * the time {@code ts} (epoch milliseconds as a string).
 *
 * <p>Errors carry a {@code code} other than {@code "0"} with {@code msg} and empty {@code data}, in
 * HTTP 200 or 4xx: 51001 means the instrument does not exist, 50011 too many requests (sent with
 * HTTP 429).
 */
public final class OkxProtocol extends TickerProtocol {

  public static final String DEFAULT_BASE_URL = "https://www.okx.com";

  static final String OK = "0";
  static final String INSTRUMENT_DOES_NOT_EXIST = "51001";
  static final String TOO_MANY_REQUESTS = "50011";

  @Override
  public ReferenceVenue venue() {
    return ReferenceVenue.OKX;
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  @Override
  public HttpUrl tickerUrl(HttpUrl baseUrl, VenueMarket market) {
    return baseUrl
        .newBuilder()
        .addPathSegments("api/v5/market/ticker")
        .addQueryParameter("instId", market.nativeSymbol())
        .build();
  }

  /** The error code when {@code root} is OKX's envelope with a code other than "0". */
  private static Optional<String> errorCode(JsonNode root) {
    if (!root.isObject()) {
      return Optional.empty();
    }
    JsonNode code = root.path("code");
    if ((code.isTextual() && !code.asText().isEmpty()) || code.isIntegralNumber()) {
      String text = code.isTextual() ? code.asText() : code.bigIntegerValue().toString();
      return text.equals(OK) ? Optional.empty() : Optional.of(text);
    }
    return Optional.empty();
  }

  @Override
  Optional<String> venueMessage(JsonNode root) {
    return errorCode(root).map(code -> codeAndMessage(code, ReplyJson.message(root, "msg", "")));
  }

  @Override
  Optional<QuoteFailure> venueError(VenueMarket market, int httpStatus, JsonNode root) {
    Optional<String> code = errorCode(root);
    if (code.isEmpty()) {
      return Optional.empty();
    }
    String msg = ReplyJson.message(root, "msg", "");
    String says = codeAndMessage(code.get(), msg);
    switch (code.get()) {
      case INSTRUMENT_DOES_NOT_EXIST:
        return Optional.of(new QuoteFailure.UnsupportedMarket(market.nativeSymbol() + ": " + says));
      case TOO_MANY_REQUESTS:
        return Optional.of(new QuoteFailure.RateLimited(Optional.empty(), says));
      default:
        return Optional.of(new QuoteFailure.VenueError(code.get(), msg));
    }
  }

  @Override
  VenueQuote readTicker(VenueMarket market, JsonNode root, Instant receivedAt) {
    JsonNode reply = ReplyJson.object(root, "the reply");
    String code = ReplyJson.code(reply, "code");
    if (!code.equals(OK)) {
      throw ReplyJson.malformed("code is " + ReplyJson.quote(code)); // venueError took the others
    }
    JsonNode ticker =
        pickTicker(ReplyJson.requireArray(reply, "data"), "data", "instId", market.nativeSymbol());
    return quote(
        market, ReplyJson.priceField(ticker, "last"), ReplyJson.epochMillis(ticker, "ts"), true);
  }
}
