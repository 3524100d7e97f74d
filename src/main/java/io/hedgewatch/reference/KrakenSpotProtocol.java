package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Kraken spot {@code GET /0/public/Ticker?pair=ETHUSD} → {@code
 * {"error":[],"result":{"XETHZUSD":{"c":["<last>","<lot volume>"],...}}}}. The price is {@code
 * c[0]}, the last trade; the reply has no time, so a quote is stamped with when it was received.
 *
 * <p>The result key is Kraken's pair name, which for older pairs differs from the request ({@code
 * XBTUSD} is answered as {@code XXBTZUSD}); the accepted keys come from {@link VenueListings}. A
 * result under any other key is {@code Malformed}.
 *
 * <p>Errors come in HTTP 200 as strings in {@code error[]}, {@code "<severity><category>:<text>"}:
 * {@code E} errors fail the request, {@code W} warnings do not. {@code EQuery:Unknown asset pair}
 * means not listed; {@code EGeneral:Too many requests} and {@code EAPI:Rate limit exceeded} are
 * rate limits; {@code EService:Unavailable} and {@code EService:Busy} mean unavailable.
 */
public final class KrakenSpotProtocol extends TickerProtocol {

  public static final String DEFAULT_BASE_URL = "https://api.kraken.com";

  private static final Set<String> UNKNOWN_PAIR = Set.of("EQuery:Unknown asset pair");
  private static final Set<String> RATE_LIMITED =
      Set.of("EGeneral:Too many requests", "EAPI:Rate limit exceeded");
  private static final Set<String> UNAVAILABLE = Set.of("EService:Unavailable", "EService:Busy");

  private final VenueListings listings;

  public KrakenSpotProtocol() {
    this(VenueListings.standard());
  }

  /** Reads result keys for the markets of {@code listings}. */
  public KrakenSpotProtocol(VenueListings listings) {
    this.listings = Objects.requireNonNull(listings, "listings");
  }

  @Override
  public ReferenceVenue venue() {
    return ReferenceVenue.KRAKEN;
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  @Override
  public HttpUrl tickerUrl(HttpUrl baseUrl, VenueMarket market) {
    return baseUrl
        .newBuilder()
        .addPathSegments("0/public/Ticker")
        .addQueryParameter("pair", market.nativeSymbol())
        .build();
  }

  /** The error strings of {@code error[]}: absent when there is no such array of strings. */
  private static Optional<List<String>> errors(JsonNode root) {
    JsonNode error = root.path("error");
    if (!error.isArray()) {
      return Optional.empty();
    }
    List<String> errors = new ArrayList<>();
    for (JsonNode e : error) {
      if (!e.isTextual()) {
        return Optional.empty();
      }
      errors.add(e.asText());
    }
    return Optional.of(errors);
  }

  /** A market's entry in a reply's {@code result}, under the name Kraken answered it by. */
  record ResultEntry(String name, JsonNode value) {}

  /**
   * The entry for {@code market} in a 2xx reply of the public endpoints ({@code
   * {"error":[],"result":{"XETHZUSD":…}}}), under the first name {@code listings} accepts for it;
   * throws {@link ReplyJson.Rejected} when {@code error} is not an array of strings, {@code result}
   * not an object, or no accepted name is in it.
   */
  static ResultEntry resultEntry(JsonNode root, VenueListings listings, VenueMarket market) {
    JsonNode reply = ReplyJson.object(root, "the reply");
    ReplyJson.requireArray(reply, "error");
    if (errors(reply).isEmpty()) {
      throw ReplyJson.malformed("error holds a value that is not a string");
    }
    JsonNode result = ReplyJson.requireObject(reply, "result");
    Set<String> accepted = listings.replySymbols(ReferenceVenue.KRAKEN, market);
    for (String name : accepted) {
      if (result.has(name)) {
        return new ResultEntry(name, result.get(name));
      }
    }
    List<String> found = new ArrayList<>();
    for (Iterator<String> it = result.fieldNames(); it.hasNext() && found.size() < 5; ) {
      found.add(it.next());
    }
    throw ReplyJson.malformed(
        "result has no entry for "
            + market.nativeSymbol()
            + " (accepted "
            + accepted
            + ", found "
            + found
            + ")");
  }

  /** The errors that fail the request: everything but {@code W} warnings. */
  private static List<String> failing(List<String> errors) {
    return errors.stream().filter(e -> !e.startsWith("W")).toList();
  }

  @Override
  Optional<String> venueMessage(JsonNode root) {
    return errors(root).map(es -> String.join("; ", failing(es))).filter(s -> !s.isEmpty());
  }

  @Override
  Optional<QuoteFailure> venueError(VenueMarket market, int httpStatus, JsonNode root) {
    Optional<List<String>> errors = errors(root);
    if (errors.isEmpty()) {
      return Optional.empty();
    }
    List<String> failing = failing(errors.get());
    if (failing.isEmpty()) {
      return Optional.empty();
    }
    String says = String.join("; ", failing);
    if (failing.stream().anyMatch(RATE_LIMITED::contains)) {
      return Optional.of(new QuoteFailure.RateLimited(Optional.empty(), says));
    }
    if (failing.stream().anyMatch(UNKNOWN_PAIR::contains)) {
      return Optional.of(new QuoteFailure.UnsupportedMarket(market.nativeSymbol() + ": " + says));
    }
    if (failing.stream().anyMatch(UNAVAILABLE::contains)) {
      return Optional.of(new QuoteFailure.Unavailable(says));
    }
    String first = failing.get(0);
    int colon = first.indexOf(':');
    String code = colon > 0 ? first.substring(0, colon) : first;
    return Optional.of(new QuoteFailure.VenueError(code, says));
  }

  @Override
  VenueQuote readTicker(VenueMarket market, JsonNode root, Instant receivedAt) {
    ResultEntry entry = resultEntry(root, listings, market);
    JsonNode ticker = ReplyJson.object(entry.value(), "result." + entry.name());
    JsonNode last = ReplyJson.requireArray(ticker, "c");
    if (last.isEmpty()) {
      throw ReplyJson.malformed("c is an empty array");
    }
    return quote(market, ReplyJson.price(last.get(0), "c[0]"), receivedAt, false);
  }
}
