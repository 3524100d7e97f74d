package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.VenueMarket;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * The wire protocol of one venue's perpetual funding: which requests a current reading and a
 * history need, and how every reply is read, error replies included. Pure: requests go out through
 * the {@link FundingExchange} it is handed, so every venue is tested against recorded bodies.
 *
 * <p>Replies are read in {@link TickerProtocol}'s order: HTTP 429, 418 and 5xx first whatever the
 * body says; then the venue's error shape in any status; then any other non-2xx status as {@code
 * VenueError "HTTP nnn"}; then a 2xx body must be the endpoint's reply, else {@code Malformed}
 * naming the field.
 *
 * <p>Every rate comes out per hour with the venue's sign (positive = longs pay shorts): the venue's
 * rate per interval divided by the interval in hours ({@link FundingMath#perHour}).
 */
public abstract class FundingProtocol {

  /** A funding rate per interval of 100 % or more is a unit mistake, not a rate. */
  static final BigDecimal MAX_FRACTION = BigDecimal.ONE;

  /** Like {@link ReplyJson}'s price bound: no real rate needs more digits. */
  private static final int MAX_SCALE = 40;

  /** Largest reply of an ordinary endpoint. */
  static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;

  /** Reads a 2xx JSON reply that is no error reply; throws {@link ReplyJson.Rejected}. */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(JsonNode root);
  }

  public abstract CexFundingVenue venue();

  /** The venue's public REST base URL, used when config gives none. */
  public abstract String defaultBaseUrl();

  /**
   * The current funding, mark and index of {@code perp}, from as many requests as the venue needs.
   */
  public abstract VenueReply<CexFunding> current(
      FundingPerp perp, HttpUrl baseUrl, FundingExchange exchange);

  /** Whether {@link #history} is implemented for this venue. */
  public boolean hasHistory() {
    return false;
  }

  /**
   * Settled funding of {@code perp} with {@code from <= at <= to}, per hour, oldest first, paged
   * within the venue's limits.
   */
  public VenueReply<List<FundingPoint>> history(
      FundingPerp perp, Instant from, Instant to, HttpUrl baseUrl, FundingExchange exchange) {
    throw new UnsupportedOperationException(
        venue().configName() + ": hedgewatch does not read this venue's funding history");
  }

  /** Largest reply body this venue's endpoints send. */
  public int maxBodyBytes() {
    return DEFAULT_MAX_BODY_BYTES;
  }

  /**
   * What the venue said in its error shape (code and message); empty when {@code root} is not the
   * venue's error shape.
   */
  abstract Optional<String> venueMessage(JsonNode root);

  /**
   * The venue's error shape mapped to a failure, or empty when {@code root} is not an error reply.
   */
  abstract Optional<QuoteFailure> venueError(FundingPerp perp, int httpStatus, JsonNode root);

  /** HTTP statuses that mean rate limit, ban or unavailability, whatever the body. */
  Optional<QuoteFailure> statusFailure(int httpStatus, String says, Instant receivedAt) {
    if (httpStatus == 429) {
      return Optional.of(new QuoteFailure.RateLimited(Optional.empty(), says));
    }
    if (httpStatus == 418) {
      return Optional.of(
          new QuoteFailure.Banned(TickerProtocol.DEFAULT_BAN_BACK_OFF, "HTTP 418: " + says));
    }
    if (httpStatus >= 500 && httpStatus <= 599) {
      return Optional.of(new QuoteFailure.Unavailable("HTTP " + httpStatus + ": " + says));
    }
    return Optional.empty();
  }

  /** Reads one reply of any status in the order above. Never throws for bad input. */
  final <T> VenueReply<T> read(
      FundingPerp perp, int httpStatus, String body, Instant receivedAt, BodyReader<T> reader) {
    Objects.requireNonNull(perp, "perp");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Optional<JsonNode> json = ReplyJson.tryParse(body);
    try {
      String says =
          json.flatMap(root -> venueMessage(root)).orElseGet(() -> ReplyJson.snippet(body));
      Optional<QuoteFailure> failure = statusFailure(httpStatus, says, receivedAt);
      if (failure.isEmpty() && json.isPresent()) {
        failure = venueError(perp, httpStatus, json.get());
      }
      if (failure.isEmpty() && !TickerProtocol.isSuccess(httpStatus)) {
        failure = Optional.of(new QuoteFailure.VenueError("HTTP " + httpStatus, says));
      }
      if (failure.isPresent()) {
        return VenueReply.failed(failure.get());
      }
      JsonNode root = json.orElseThrow(() -> ReplyJson.notJson(body));
      return VenueReply.ok(reader.read(root));
    } catch (ReplyJson.Rejected rejected) {
      return VenueReply.failed(rejected.failure());
    }
  }

  /** Programming error unless {@code perp} is one of this venue's. */
  final void requireVenue(FundingPerp perp) {
    if (Objects.requireNonNull(perp, "perp").venue() != venue()) {
      throw new IllegalArgumentException(
          venue().configName() + " protocol asked for " + perp.venue().configName() + " perp");
    }
  }

  /**
   * A decimal, signed, of its exact text: a decimal string or a JSON number (exponent form too).
   */
  static BigDecimal decimal(JsonNode value, String field) {
    if (value == null || value.isMissingNode()) {
      throw ReplyJson.malformed(field + " is missing");
    }
    BigDecimal d;
    if (value.isTextual()) {
      String text = value.asText();
      if (text.isEmpty()) {
        throw ReplyJson.malformed(field + " is an empty string");
      }
      try {
        d = new BigDecimal(text);
      } catch (NumberFormatException e) {
        throw ReplyJson.malformed(field + " is not a decimal number: " + ReplyJson.quote(text));
      }
    } else if (value.isNumber()) {
      d = value.decimalValue();
    } else {
      throw ReplyJson.malformed(field + " is " + ReplyJson.kind(value));
    }
    if (d.scale() > MAX_SCALE || d.scale() < -MAX_SCALE) {
      throw ReplyJson.malformed(field + " is out of range: " + ReplyJson.quote(d.toString()));
    }
    return d;
  }

  /** A funding rate as a fraction per interval: signed, and less than 1 in size. */
  static BigDecimal fraction(JsonNode parent, String field) {
    BigDecimal rate = decimal(parent.get(field), field);
    if (rate.abs().compareTo(MAX_FRACTION) >= 0) {
      throw ReplyJson.malformed(field + " is not a fraction per interval: " + rate.toPlainString());
    }
    return rate;
  }

  /** Whether {@code field} is missing, JSON null or {@code ""} (Bybit's "not applicable"). */
  static boolean absent(JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    return value == null || value.isNull() || (value.isTextual() && value.asText().isEmpty());
  }

  static Optional<BigDecimal> optionalFraction(JsonNode parent, String field) {
    return absent(parent, field) ? Optional.empty() : Optional.of(fraction(parent, field));
  }

  static Optional<BigDecimal> optionalPrice(JsonNode parent, String field) {
    return absent(parent, field)
        ? Optional.empty()
        : Optional.of(ReplyJson.priceField(parent, field));
  }

  /**
   * A whole number in {@code [min, max]}, sent as a JSON integer ({@code 8}) or as digits in a
   * string ({@code "8"}).
   */
  static long wholeNumber(JsonNode parent, String field, long min, long max) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      throw ReplyJson.malformed(field + " is " + (value == null ? "missing" : "null"));
    }
    long n;
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      n = value.longValue();
    } else if (value.isTextual() && value.asText().matches("-?[0-9]{1,18}")) {
      n = Long.parseLong(value.asText());
    } else if (value.isTextual()) {
      throw ReplyJson.malformed(
          field + " is not a whole number: " + ReplyJson.quote(value.asText()));
    } else {
      throw ReplyJson.malformed(
          field + " is " + ReplyJson.kind(value) + ", expected a whole number");
    }
    if (n < min || n > max) {
      throw ReplyJson.malformed(field + " is " + n + ", expected " + min + " to " + max);
    }
    return n;
  }

  /** A funding interval given in whole hours, 1 to 24. */
  static Duration intervalHours(JsonNode parent, String field) {
    return Duration.ofHours(wholeNumber(parent, field, 1, 24));
  }

  /** The venue's cap for the side the rate is on, per hour: {@code ceiling} or {@code |floor|}. */
  static Optional<BigDecimal> capHourly(
      BigDecimal rate,
      Optional<BigDecimal> ceiling,
      Optional<BigDecimal> floor,
      Duration interval) {
    Optional<BigDecimal> cap = rate.signum() >= 0 ? ceiling : floor.map(BigDecimal::abs);
    return cap.map(c -> FundingMath.perHour(c, interval));
  }

  /** Reads one row of a list, naming the row in a {@code Malformed} ({@code [3].fundingRate}). */
  static <T> T inRow(String row, Supplier<T> read) {
    try {
      return read.get();
    } catch (ReplyJson.Rejected r) {
      if (r.failure() instanceof QuoteFailure.Malformed m) {
        throw ReplyJson.malformed(row + "." + m.detail());
      }
      throw r;
    }
  }

  /** Which way a venue's pages of settled rates run. */
  enum Paging {
    /** Oldest first: the next page starts just after the newest row of the last. */
    FORWARD,
    /** Newest first: the next page ends just before the oldest row of the last. */
    BACKWARD
  }

  /**
   * The settled rates of {@code [start, end]}, paged through {@code page} (asked for one window at
   * a time) until a page has fewer than {@code pageLimit} rows, or its edge row (the newest paging
   * forward, the oldest backward) leaves no window to ask for. More than {@code maxPages} full
   * pages is {@code Malformed}: a venue that ignores the window would be asked forever.
   *
   * @param endpoint the endpoint's name in that failure
   */
  static VenueReply<List<FundingMath.Settled>> pagedHistory(
      Paging paging,
      String endpoint,
      int pageLimit,
      int maxPages,
      Instant start,
      Instant end,
      BiFunction<Instant, Instant, VenueReply<List<FundingMath.Settled>>> page) {
    List<FundingMath.Settled> rows = new ArrayList<>();
    Instant windowStart = start;
    Instant windowEnd = end;
    for (int asked = 0; asked < maxPages; asked++) {
      VenueReply<List<FundingMath.Settled>> reply = page.apply(windowStart, windowEnd);
      if (reply instanceof VenueReply.Failed<List<FundingMath.Settled>> failed) {
        return VenueReply.failed(failed.failure());
      }
      List<FundingMath.Settled> pageRows = reply.asOptional().orElseThrow();
      rows.addAll(pageRows);
      if (pageRows.size() < pageLimit) {
        return VenueReply.ok(rows);
      }
      Comparator<Instant> order =
          paging == Paging.FORWARD ? Comparator.naturalOrder() : Comparator.reverseOrder();
      Instant edge = pageRows.stream().map(FundingMath.Settled::at).max(order).orElseThrow();
      if (!edge.isAfter(windowStart) || !edge.isBefore(windowEnd)) {
        return VenueReply.ok(rows);
      }
      if (paging == Paging.FORWARD) {
        windowStart = edge.plusMillis(1);
      } else {
        windowEnd = edge.minusMillis(1);
      }
    }
    return VenueReply.failed(
        new QuoteFailure.Malformed(
            endpoint + " still gave full pages after " + maxPages + " requests"));
  }

  /** The points with {@code from <= at <= to}. */
  static List<FundingPoint> inRange(List<FundingPoint> points, Instant from, Instant to) {
    return points.stream().filter(p -> !p.at().isBefore(from) && !p.at().isAfter(to)).toList();
  }

  /** The spot market with the perp's symbol, for the spot protocols' error mapping. */
  static VenueMarket market(FundingPerp perp) {
    return new VenueMarket(perp.symbol(), perp.pair());
  }

  static QuoteFailure unsupported(FundingPerp perp, String detail) {
    return new QuoteFailure.UnsupportedMarket(perp.symbol() + ": " + detail);
  }
}
