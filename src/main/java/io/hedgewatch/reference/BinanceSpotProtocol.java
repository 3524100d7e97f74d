package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Binance spot {@code GET /api/v3/ticker/price?symbol=ETHUSDT} → {@code {"symbol","price"}}. The
 * reply has no time, so a quote is stamped with when it was received.
 *
 * <p>Errors are HTTP 4xx with {@code {"code":-1121,"msg":"Invalid symbol."}}: -1121 means the
 * market is not listed, -1003 too many requests; HTTP 418 is an IP ban, whose message says until
 * when ({@code "... banned until 1659146187000 ..."}), else {@link #DEFAULT_BAN_BACK_OFF}.
 */
public final class BinanceSpotProtocol extends TickerProtocol {

  public static final String DEFAULT_BASE_URL = "https://api.binance.com";

  static final long INVALID_SYMBOL = -1121;
  static final long TOO_MANY_REQUESTS = -1003;

  private static final Pattern BANNED_UNTIL = Pattern.compile("banned until (\\d{12,14})");

  @Override
  public ReferenceVenue venue() {
    return ReferenceVenue.BINANCE;
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  @Override
  public HttpUrl tickerUrl(HttpUrl baseUrl, VenueMarket market) {
    return baseUrl
        .newBuilder()
        .addPathSegments("api/v3/ticker/price")
        .addQueryParameter("symbol", market.nativeSymbol())
        .build();
  }

  /** Binance's error shape: an object with {@code code} and {@code msg} and no price. */
  private static boolean isError(JsonNode root) {
    return root.isObject() && root.has("code") && root.has("msg") && !root.has("price");
  }

  @Override
  Optional<String> venueMessage(JsonNode root) {
    if (!isError(root)) {
      return Optional.empty();
    }
    return Optional.of(
        codeAndMessage(root.get("code").asText(), ReplyJson.message(root, "msg", "")));
  }

  @Override
  Optional<QuoteFailure> statusFailure(int httpStatus, String says, Instant receivedAt) {
    if (httpStatus == 418) {
      return Optional.of(
          new QuoteFailure.Banned(banBackOff(says, receivedAt), "HTTP 418: " + says));
    }
    return super.statusFailure(httpStatus, says, receivedAt);
  }

  /** Until the time the ban message names, else the default; never less than one second. */
  static Duration banBackOff(String message, Instant receivedAt) {
    Matcher m = BANNED_UNTIL.matcher(message);
    if (m.find()) {
      Duration left =
          Duration.between(receivedAt, Instant.ofEpochMilli(Long.parseLong(m.group(1))));
      if (!left.isNegative() && !left.isZero()) {
        return Duration.ofSeconds(Math.max(1, (left.toMillis() + 999) / 1000)); // whole s, up
      }
    }
    return DEFAULT_BAN_BACK_OFF;
  }

  @Override
  Optional<QuoteFailure> venueError(VenueMarket market, int httpStatus, JsonNode root) {
    if (!isError(root)) {
      return Optional.empty();
    }
    String code = ReplyJson.code(root, "code");
    String msg = ReplyJson.message(root, "msg", "");
    String says = codeAndMessage(code, msg);
    if (code.equals(Long.toString(INVALID_SYMBOL))) {
      return Optional.of(new QuoteFailure.UnsupportedMarket(market.nativeSymbol() + ": " + says));
    }
    if (code.equals(Long.toString(TOO_MANY_REQUESTS))) {
      return Optional.of(new QuoteFailure.RateLimited(Optional.empty(), says));
    }
    return Optional.of(new QuoteFailure.VenueError(code, msg));
  }

  @Override
  VenueQuote readTicker(VenueMarket market, JsonNode root, Instant receivedAt) {
    JsonNode ticker = ReplyJson.object(root, "the reply");
    requireSymbol(ticker, "symbol", market.nativeSymbol());
    return quote(market, ReplyJson.priceField(ticker, "price"), receivedAt, false);
  }
}
