package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * A venue protocol for transport tests, independent of every real venue: {@code GET
 * /ticker?symbol=X} answers {@code {"price":"1.5"}}; {@code {"error":"..."}} is the venue's error
 * (its code the HTTP status), {@code {"rateLimited":"...","retryAfterSeconds":n}} its rate-limit
 * code, {@code {"unavailable":"..."}} its "try later". It reads any status the same way, so that
 * what HTTP statuses mean is left to {@link HttpPriceSource}.
 */
class FakeJsonProtocol implements VenueProtocol {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ReferenceVenue venue;

  FakeJsonProtocol(ReferenceVenue venue) {
    this.venue = venue;
  }

  @Override
  public ReferenceVenue venue() {
    return venue;
  }

  @Override
  public String defaultBaseUrl() {
    return "https://fake.invalid/api";
  }

  @Override
  public HttpUrl tickerUrl(HttpUrl baseUrl, VenueMarket market) {
    return baseUrl
        .newBuilder()
        .addPathSegment("ticker")
        .addQueryParameter("symbol", market.nativeSymbol())
        .build();
  }

  @Override
  public QuoteOutcome parseTicker(
      VenueMarket market, int httpStatus, String body, Instant receivedAt) {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (IOException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      return failed(market, new QuoteFailure.Malformed("not a JSON object: " + body));
    }
    if (root.has("rateLimited")) {
      Optional<Duration> after =
          root.has("retryAfterSeconds")
              ? Optional.of(Duration.ofSeconds(root.get("retryAfterSeconds").asLong()))
              : Optional.empty();
      return failed(market, new QuoteFailure.RateLimited(after, root.get("rateLimited").asText()));
    }
    if (root.has("error")) {
      return failed(
          market,
          new QuoteFailure.VenueError(Integer.toString(httpStatus), root.get("error").asText()));
    }
    if (root.has("unavailable")) {
      return failed(market, new QuoteFailure.Unavailable(root.get("unavailable").asText()));
    }
    JsonNode price = root.get("price");
    if (price == null || !price.isTextual()) {
      return failed(market, new QuoteFailure.Malformed("no price text in " + body));
    }
    try {
      return new QuoteOutcome.Quoted(
          new VenueQuote(venue, market, new BigDecimal(price.asText()), receivedAt, false));
    } catch (NumberFormatException e) {
      return failed(market, new QuoteFailure.Malformed("price is not a number: " + price));
    }
  }

  private QuoteOutcome failed(VenueMarket market, QuoteFailure failure) {
    return new QuoteOutcome.NotQuoted(venue, market, failure);
  }
}
