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
 * Coinbase Exchange {@code GET /products/ETH-USD/ticker} → {@code price} (decimal string) and
 * {@code time} (ISO-8601, microsecond or finer fractions). {@code trade_id} is a number on the wire
 * and a string in some recordings; it is not used, so either is accepted. The reply names no
 * product, so there is no symbol to check.
 *
 * <p>Errors are {@code {"message":"..."}}; HTTP 404 with {@code "NotFound"} means the product is
 * not listed.
 */
public final class CoinbaseExchangeProtocol extends TickerProtocol {

  public static final String DEFAULT_BASE_URL = "https://api.exchange.coinbase.com";

  @Override
  public ReferenceVenue venue() {
    return ReferenceVenue.COINBASE;
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  @Override
  public HttpUrl tickerUrl(HttpUrl baseUrl, VenueMarket market) {
    return baseUrl
        .newBuilder()
        .addPathSegment("products")
        .addPathSegment(market.nativeSymbol())
        .addPathSegment("ticker")
        .build();
  }

  /** Coinbase's error shape: an object with a text {@code message} and no price. */
  private static boolean isError(JsonNode root) {
    return root.isObject() && root.path("message").isTextual() && !root.has("price");
  }

  @Override
  Optional<String> venueMessage(JsonNode root) {
    return isError(root) ? Optional.of(root.get("message").asText()) : Optional.empty();
  }

  @Override
  Optional<QuoteFailure> venueError(VenueMarket market, int httpStatus, JsonNode root) {
    if (!isError(root)) {
      return Optional.empty();
    }
    String message = root.get("message").asText();
    if (message.equals("NotFound")) {
      return Optional.of(
          new QuoteFailure.UnsupportedMarket(market.nativeSymbol() + ": " + message));
    }
    return Optional.of(new QuoteFailure.VenueError("HTTP " + httpStatus, message));
  }

  @Override
  VenueQuote readTicker(VenueMarket market, JsonNode root, Instant receivedAt) {
    JsonNode ticker = ReplyJson.object(root, "the reply");
    return quote(
        market, ReplyJson.priceField(ticker, "price"), ReplyJson.isoInstant(ticker, "time"), true);
  }
}
