package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.Candle;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * The wire protocol of one centralized venue's spot candles: the request for the candles opening in
 * a window, and how every reply is read, error replies included. Pure, so each venue's parsing is
 * tested against bodies directly.
 *
 * <p>Replies are read in {@link TickerProtocol}'s order, by the venue's own ticker protocol (the
 * candle endpoints answer errors in the same shapes and codes): HTTP 429, 418 and 5xx first
 * whatever the body says; then the venue's error shape in any status; then any other non-2xx status
 * as {@code VenueError "HTTP nnn"}; then a 2xx body must be the venue's candles, else {@code
 * Malformed} naming the row and the field.
 *
 * <p>Every candle read must lie on the grid of whole intervals since the epoch: a candle that does
 * not (or, where the venue says when it closes, that closes at another time) is the reply of
 * another interval, and the reply is {@code Malformed}.
 */
public abstract class CandleProtocol {

  /** A reply of a few thousand rows is well under this. */
  static final int DEFAULT_MAX_BODY_BYTES = 4 << 20;

  private final TickerProtocol errors;
  private final String endpoint;
  private final Set<Duration> intervals;
  private final int maxPerRequest;

  /**
   * @param errors the venue's ticker protocol, which reads the error replies
   * @param endpoint see {@link #endpoint()}
   * @param intervals the intervals the venue serves candles of, each on the epoch grid
   * @param maxPerRequest see {@link #maxPerRequest()}
   */
  CandleProtocol(
      TickerProtocol errors, String endpoint, Set<Duration> intervals, int maxPerRequest) {
    this.errors = Objects.requireNonNull(errors, "errors");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.intervals = Set.copyOf(intervals);
    if (maxPerRequest < 1) {
      throw new IllegalArgumentException("maxPerRequest must be at least 1, was " + maxPerRequest);
    }
    this.maxPerRequest = maxPerRequest;
  }

  public ReferenceVenue venue() {
    return errors.venue();
  }

  /** The venue's public REST base URL, used when config gives none. */
  public String defaultBaseUrl() {
    return errors.defaultBaseUrl();
  }

  /** The endpoint's short name, for the named timeout ({@code klines}, {@code candles}). */
  public final String endpoint() {
    return endpoint;
  }

  /** Whether the venue serves candles of {@code interval}. */
  public final boolean supports(Duration interval) {
    return intervals.contains(interval);
  }

  /** The most candles one request may ask for. */
  public final int maxPerRequest() {
    return maxPerRequest;
  }

  /**
   * The most closed candles back from now the venue serves at all (Kraken keeps only its last 720
   * entries, the running one among them); {@link Integer#MAX_VALUE} when it pages back freely.
   */
  public int maxLookback() {
    return Integer.MAX_VALUE;
  }

  /**
   * The request for the candles of {@code market} opening in {@code [from, to)}, at most {@link
   * #maxPerRequest()} of them, under {@code baseUrl} (which may carry a path prefix).
   */
  public abstract HttpUrl url(
      HttpUrl baseUrl, VenueMarket market, Duration interval, Instant from, Instant to);

  /**
   * Every candle of a reply of any status, in the reply's order, or the typed failure. Never throws
   * for bad input.
   */
  public final VenueReply<List<Candle>> parse(
      VenueMarket market, Duration interval, int httpStatus, String body, Instant receivedAt) {
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Optional<JsonNode> json = ReplyJson.tryParse(body);
    try {
      String says =
          json.flatMap(root -> errors.venueMessage(root)).orElseGet(() -> ReplyJson.snippet(body));
      Optional<QuoteFailure> failure = errors.statusFailure(httpStatus, says, receivedAt);
      if (failure.isEmpty() && json.isPresent()) {
        failure = errors.venueError(market, httpStatus, json.get());
      }
      if (failure.isEmpty() && !TickerProtocol.isSuccess(httpStatus)) {
        failure = Optional.of(new QuoteFailure.VenueError("HTTP " + httpStatus, says));
      }
      if (failure.isPresent()) {
        return VenueReply.failed(failure.get());
      }
      JsonNode root = json.orElseThrow(() -> ReplyJson.notJson(body));
      return VenueReply.ok(List.copyOf(readCandles(market, interval, root)));
    } catch (ReplyJson.Rejected rejected) {
      return VenueReply.failed(rejected.failure());
    }
  }

  /** A 2xx body that is no error reply, read as candles; throws {@link ReplyJson.Rejected}. */
  abstract List<Candle> readCandles(VenueMarket market, Duration interval, JsonNode root);

  /** {@code root} as an array of row arrays, each of at least {@code width} values. */
  static List<JsonNode> rows(JsonNode root, String what, int width) {
    if (!root.isArray()) {
      throw ReplyJson.malformed(what + " is " + ReplyJson.kind(root) + ", expected an array");
    }
    List<JsonNode> rows = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      JsonNode row = root.get(i);
      if (row == null || !row.isArray() || row.size() < width) {
        throw ReplyJson.malformed(
            what
                + "["
                + i
                + "] is "
                + (row != null && row.isArray() ? "an array of " + row.size() : ReplyJson.kind(row))
                + ", expected an array of at least "
                + width
                + " values");
      }
      rows.add(row);
    }
    return rows;
  }

  /** A whole number of seconds or milliseconds since the epoch, sent as a JSON integer. */
  static long wholeNumber(JsonNode value, String name) {
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw ReplyJson.malformed(
          name
              + " is "
              + (value != null && value.isTextual()
                  ? ReplyJson.quote(value.asText())
                  : ReplyJson.kind(value))
              + ", expected a whole number");
    }
    return value.longValue();
  }

  private static final Instant LATEST_OPEN = Instant.parse("2200-01-01T00:00:00Z");

  /** A whole number of seconds since the epoch as an instant; beyond any instant, malformed. */
  static Instant epochSecond(long seconds, String name) {
    try {
      return Instant.ofEpochSecond(seconds);
    } catch (java.time.DateTimeException e) {
      throw ReplyJson.malformed(name + " is " + seconds + ", not a time");
    }
  }

  /** A candle opening at {@code open}, which must be on the {@code interval} grid. */
  static Candle candle(Instant open, Duration interval, JsonNode close, String name) {
    // A time no venue could have traded at is malformed, and beyond it epoch millis overflow.
    if (open.isBefore(Instant.EPOCH) || open.isAfter(LATEST_OPEN)) {
      throw ReplyJson.malformed(name + " opens at " + open + ", not a time a venue traded at");
    }
    if (open.toEpochMilli() % interval.toMillis() != 0) {
      throw ReplyJson.malformed(
          name + " opens at " + open + ", not on the " + CandleIntervals.label(interval) + " grid");
    }
    return new Candle(open, open.plus(interval), ReplyJson.price(close, name + ".close"));
  }
}
