package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The order in which every venue's reply is read, so that the five parsers agree on it:
 *
 * <ol>
 *   <li>HTTP 429, 418 and 5xx are rate limit, ban and unavailability whatever the body says; the
 *       venue's own message is kept when the body has one ({@link #statusFailure}).
 *   <li>The venue's error shape in any status (Bybit and OKX send theirs in HTTP 200, Kraken always
 *       does) is mapped by its code ({@link #venueError}).
 *   <li>Any other status outside 2xx is {@link QuoteFailure.VenueError} with code {@code HTTP nnn}.
 *   <li>A 2xx body must be the venue's ticker ({@link #readTicker}); anything else is {@link
 *       QuoteFailure.Malformed}.
 * </ol>
 */
abstract class TickerProtocol implements VenueProtocol {

  /** How long to stay away after a ban (HTTP 418) that does not say until when. */
  static final Duration DEFAULT_BAN_BACK_OFF = Duration.ofMinutes(2);

  @Override
  public final QuoteOutcome parseTicker(
      VenueMarket market, int httpStatus, String body, Instant receivedAt) {
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Optional<JsonNode> json = ReplyJson.tryParse(body);
    try {
      String says =
          json.flatMap(root -> venueMessage(root)).orElseGet(() -> ReplyJson.snippet(body));
      Optional<QuoteFailure> failure = statusFailure(httpStatus, says, receivedAt);
      if (failure.isEmpty() && json.isPresent()) {
        failure = venueError(market, httpStatus, json.get());
      }
      if (failure.isEmpty() && !isSuccess(httpStatus)) {
        failure = Optional.of(new QuoteFailure.VenueError("HTTP " + httpStatus, says));
      }
      if (failure.isPresent()) {
        return new QuoteOutcome.NotQuoted(venue(), market, failure.get());
      }
      JsonNode root = json.orElseThrow(() -> ReplyJson.notJson(body));
      return new QuoteOutcome.Quoted(readTicker(market, root, receivedAt));
    } catch (ReplyJson.Rejected rejected) {
      return new QuoteOutcome.NotQuoted(venue(), market, rejected.failure());
    }
  }

  /**
   * What the venue said in its error shape (code and message), used as the message of status
   * failures; empty when the body is not the venue's error shape.
   */
  abstract Optional<String> venueMessage(JsonNode root);

  /**
   * The venue's error shape mapped to a failure, or empty when {@code root} is not an error reply.
   * Must not reject a body that merely lacks the error fields: that is {@link #readTicker}'s call.
   */
  abstract Optional<QuoteFailure> venueError(VenueMarket market, int httpStatus, JsonNode root);

  /** A 2xx body that is no error reply, read as the venue's ticker for {@code market}. */
  abstract VenueQuote readTicker(VenueMarket market, JsonNode root, Instant receivedAt);

  /** HTTP statuses that mean rate limit, ban or unavailability, whatever the body. */
  Optional<QuoteFailure> statusFailure(int httpStatus, String says, Instant receivedAt) {
    if (httpStatus == 429) {
      return Optional.of(new QuoteFailure.RateLimited(Optional.empty(), says));
    }
    if (httpStatus == 418) {
      return Optional.of(new QuoteFailure.Banned(DEFAULT_BAN_BACK_OFF, "HTTP 418: " + says));
    }
    if (httpStatus >= 500 && httpStatus <= 599) {
      return Optional.of(new QuoteFailure.Unavailable("HTTP " + httpStatus + ": " + says));
    }
    return Optional.empty();
  }

  static boolean isSuccess(int httpStatus) {
    return httpStatus >= 200 && httpStatus <= 299;
  }

  VenueQuote quote(VenueMarket market, BigDecimal price, Instant observedAt, boolean venueTimed) {
    return new VenueQuote(venue(), market, price, observedAt, venueTimed);
  }

  /**
   * {@code Malformed} unless the symbol the reply names is the one asked for; a reply without a
   * symbol field passes.
   */
  static void requireSymbol(JsonNode item, String field, String expected) {
    Optional<String> symbol = ReplyJson.optionalText(item, field);
    if (symbol.isPresent() && !symbol.get().equals(expected)) {
      throw ReplyJson.malformed(
          field + " is " + ReplyJson.quote(symbol.get()) + ", asked for '" + expected + "'");
    }
  }

  /**
   * The ticker for {@code symbol} from a venue's list of tickers ({@code data[]}, {@code
   * result.list[]}): an empty list means the venue has no such market; a single entry must name
   * {@code symbol} (or name none); of several, the one naming {@code symbol} is taken.
   */
  static JsonNode pickTicker(JsonNode list, String listName, String symbolField, String symbol) {
    if (list.isEmpty()) {
      throw new ReplyJson.Rejected(
          new QuoteFailure.UnsupportedMarket(symbol + ": " + listName + " is empty"));
    }
    for (int i = 0; i < list.size(); i++) {
      ReplyJson.object(list.get(i), listName + "[" + i + "]");
    }
    if (list.size() == 1) {
      requireSymbol(list.get(0), symbolField, symbol);
      return list.get(0);
    }
    for (JsonNode item : list) {
      if (ReplyJson.optionalText(item, symbolField).filter(symbol::equals).isPresent()) {
        return item;
      }
    }
    throw ReplyJson.malformed(
        listName + " has " + list.size() + " entries, none with " + symbolField + " " + symbol);
  }

  static String codeAndMessage(String code, String message) {
    return message.isEmpty() ? code : code + " " + message;
  }
}
