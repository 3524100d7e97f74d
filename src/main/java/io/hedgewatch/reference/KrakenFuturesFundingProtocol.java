package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.QuoteFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * Kraken Futures ({@code https://futures.kraken.com}); JSON numbers (exponent form too), ISO-8601
 * times. Funding settles every hour.
 *
 * <ul>
 *   <li>{@code GET /derivatives/api/v3/tickers} → {@code {"result":"success","tickers":[...],
 *       "serverTime"}}, every instrument at once (reused for {@link #TICKERS_CACHE}); a perpetual
 *       has {@code "tag":"perpetual"}, {@code markPrice}, {@code indexPrice}, {@code suspended} and
 *       {@code fundingRate}.
 *   <li>{@code GET /derivatives/api/v4/historicalfundingrates?symbol=PF_ETHUSD} → {@code
 *       {"rates":[{"timestamp","fundingRate","relativeFundingRate"}]}}, oldest first, every hour
 *       since the contract was listed (no paging; the range is cut here).
 * </ul>
 *
 * <p><b>Absolute and relative rates.</b> The ticker's {@code fundingRate} is not a fraction but an
 * <em>absolute</em> rate: what one contract pays per hour, in the contract's settlement unit. A
 * linear {@code PF_} contract is one unit of the base asset, so its absolute rate is USD per hour
 * and the fraction is {@code fundingRate / indexPrice}; an inverse {@code PI_} contract is 1 USD
 * settled in the base asset, so its absolute rate is base asset per hour and the fraction is {@code
 * fundingRate × indexPrice}. The index price, not the mark, is used because Kraken measures the
 * premium that sets funding against the index. Checked against real values: in Kraken's own {@code
 * historicalfundingrates} example for {@code PI_XBTUSD} (2022-06-28) {@code relativeFundingRate /
 * fundingRate} is 20 713 ≈ the BTC/USD price that day, and the recorded {@code PI_XBTUSD} ticker
 * ({@code fundingRate} 1.18588737106e-7, index 21087.8, mark 30209.9) gives 0.0025008 per hour with
 * the index (0.0035825 with the mark). The history's {@code relativeFundingRate} is already the
 * fraction per hour and is used as it is.
 *
 * <p>Errors: {@code {"result":"error","error":"apiLimitExceeded",...}} (v3) or {@code
 * {"result":"error","errors":[{"code":11,"message":"Argument invalid: symbol"}],...}} (v4).
 */
public final class KrakenFuturesFundingProtocol extends FundingProtocol {

  public static final String DEFAULT_BASE_URL = "https://futures.kraken.com";

  public static final Duration INTERVAL = FundingMath.HOUR;

  /** One {@code tickers} reply serves every symbol read within this long. */
  public static final Duration TICKERS_CACHE = Duration.ofSeconds(5);

  /** The full hourly history of a contract listed in 2022 is a few megabytes. */
  static final int MAX_BODY_BYTES = 16 << 20;

  static final String API_LIMIT_EXCEEDED = "apiLimitExceeded";
  static final String ARGUMENT_INVALID = "11";

  /** One perpetual's row of {@code tickers}. */
  public record Ticker(
      String symbol,
      BigDecimal markPrice,
      BigDecimal indexPrice,
      BigDecimal absoluteFundingRate,
      Instant serverTime) {}

  @Override
  public CexFundingVenue venue() {
    return CexFundingVenue.KRAKEN_FUTURES;
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  @Override
  public boolean hasHistory() {
    return true;
  }

  @Override
  public int maxBodyBytes() {
    return MAX_BODY_BYTES;
  }

  public HttpUrl tickersUrl(HttpUrl baseUrl) {
    return baseUrl.newBuilder().addPathSegments("derivatives/api/v3/tickers").build();
  }

  public HttpUrl historyUrl(HttpUrl baseUrl, FundingPerp perp) {
    return baseUrl
        .newBuilder()
        .addPathSegments("derivatives/api/v4/historicalfundingrates")
        .addQueryParameter("symbol", perp.symbol())
        .build();
  }

  @Override
  public VenueReply<CexFunding> current(
      FundingPerp perp, HttpUrl baseUrl, FundingExchange exchange) {
    requireVenue(perp);
    return exchange
        .get(
            new FundingRequest<>(
                "tickers",
                tickersUrl(baseUrl),
                TICKERS_CACHE,
                (status, body, at) -> parseTicker(perp, status, body, at)))
        .flatMap(t -> funding(perp, t));
  }

  /**
   * The funding of {@code perp} from its ticker row: the absolute rate made relative ({@link
   * #relativeRate}), per hour; the next settlement is the next full hour.
   */
  public static VenueReply<CexFunding> funding(FundingPerp perp, Ticker t) {
    BigDecimal relative = relativeRate(perp.contract(), t.absoluteFundingRate(), t.indexPrice());
    if (relative.abs().compareTo(MAX_FRACTION) >= 0) {
      return VenueReply.failed(
          new QuoteFailure.Malformed(
              "fundingRate "
                  + t.absoluteFundingRate()
                  + " at index "
                  + t.indexPrice()
                  + " is "
                  + relative.toPlainString()
                  + " per hour, not a fraction"));
    }
    return VenueReply.ok(
        new CexFunding(
            CexFundingVenue.KRAKEN_FUTURES,
            perp.symbol(),
            perp.pair(),
            t.serverTime(),
            relative,
            INTERVAL,
            relative,
            Optional.of(t.serverTime().truncatedTo(ChronoUnit.HOURS).plus(INTERVAL)),
            Optional.of(t.markPrice()),
            Optional.of(t.indexPrice()),
            Optional.empty()));
  }

  /**
   * The fraction per hour of an absolute rate: {@code absolute / indexPrice} for a linear contract
   * (one unit of base, pays USD), {@code absolute × indexPrice} for an inverse one (one USD, pays
   * base asset).
   */
  public static BigDecimal relativeRate(
      FundingPerp.Contract contract, BigDecimal absolute, BigDecimal indexPrice) {
    return contract == FundingPerp.Contract.LINEAR
        ? FundingMath.divide(absolute, indexPrice)
        : absolute.multiply(indexPrice);
  }

  public VenueReply<Ticker> parseTicker(
      FundingPerp perp, int httpStatus, String body, Instant receivedAt) {
    return read(
        perp,
        httpStatus,
        body,
        receivedAt,
        root -> {
          JsonNode reply = ReplyJson.object(root, "the reply");
          requireSuccess(reply);
          JsonNode tickers = ReplyJson.requireArray(reply, "tickers");
          JsonNode row = null;
          for (int i = 0; i < tickers.size(); i++) {
            JsonNode item = ReplyJson.object(tickers.get(i), "tickers[" + i + "]");
            if (ReplyJson.optionalText(item, "symbol").filter(perp.symbol()::equals).isPresent()) {
              if (row != null) {
                throw ReplyJson.malformed("tickers lists " + perp.symbol() + " twice");
              }
              row = item;
            }
          }
          if (row == null) {
            throw new ReplyJson.Rejected(
                unsupported(perp, "not among the " + tickers.size() + " tickers"));
          }
          Optional<String> tag = ReplyJson.optionalText(row, "tag");
          if (tag.isPresent() && !tag.get().equals("perpetual")) {
            throw new ReplyJson.Rejected(
                unsupported(perp, "tag is " + ReplyJson.quote(tag.get()) + ", not a perpetual"));
          }
          JsonNode suspended = row.get("suspended");
          if (suspended != null && suspended.isBoolean() && suspended.booleanValue()) {
            throw new ReplyJson.Rejected(
                new QuoteFailure.VenueError("suspended", perp.symbol() + " is suspended"));
          }
          return new Ticker(
              perp.symbol(),
              ReplyJson.priceField(row, "markPrice"),
              ReplyJson.priceField(row, "indexPrice"),
              decimal(row.get("fundingRate"), "fundingRate"),
              ReplyJson.isoInstant(reply, "serverTime"));
        });
  }

  @Override
  public VenueReply<List<FundingPoint>> history(
      FundingPerp perp, Instant from, Instant to, HttpUrl baseUrl, FundingExchange exchange) {
    requireVenue(perp);
    return exchange
        .get(
            FundingRequest.uncached(
                "historicalfundingrates",
                historyUrl(baseUrl, perp),
                (status, body, at) -> parseHistory(perp, status, body, at)))
        .map(points -> inRange(points, from, to));
  }

  /** Every row of {@code historicalfundingrates}: {@code relativeFundingRate} per hour. */
  public VenueReply<List<FundingPoint>> parseHistory(
      FundingPerp perp, int httpStatus, String body, Instant receivedAt) {
    return read(
        perp,
        httpStatus,
        body,
        receivedAt,
        root -> {
          JsonNode reply = ReplyJson.object(root, "the reply");
          if (reply.has("result")) {
            requireSuccess(reply);
          }
          JsonNode rates = ReplyJson.requireArray(reply, "rates");
          List<FundingPoint> points = new ArrayList<>(rates.size());
          for (int i = 0; i < rates.size(); i++) {
            JsonNode row = ReplyJson.object(rates.get(i), "rates[" + i + "]");
            points.add(
                inRow(
                    "rates[" + i + "]",
                    () ->
                        new FundingPoint(
                            ReplyJson.isoInstant(row, "timestamp"),
                            fraction(row, "relativeFundingRate"))));
          }
          return List.copyOf(points);
        });
  }

  private static void requireSuccess(JsonNode reply) {
    String result =
        ReplyJson.optionalText(reply, "result")
            .orElseThrow(() -> ReplyJson.malformed("result is missing"));
    if (!result.equals("success")) {
      throw ReplyJson.malformed("result is " + ReplyJson.quote(result) + ", expected 'success'");
    }
  }

  /** Whether {@code root} is Kraken Futures' error shape. */
  private static boolean isError(JsonNode root) {
    return root.isObject() && root.path("result").asText("").equals("error");
  }

  /** The error's code and message: v3 {@code error} text, or v4 {@code errors[0]}. */
  private static String[] codeAndMessage(JsonNode root) {
    JsonNode error = root.get("error");
    if (error != null && error.isTextual() && !error.asText().isBlank()) {
      return new String[] {error.asText(), ""};
    }
    JsonNode errors = root.get("errors");
    if (errors != null && errors.isArray() && !errors.isEmpty() && errors.get(0).isObject()) {
      JsonNode first = errors.get(0);
      JsonNode code = first.path("code");
      String c = code.isIntegralNumber() || code.isTextual() ? code.asText() : "error";
      return new String[] {c, ReplyJson.message(first, "message", "")};
    }
    return new String[] {"error", ReplyJson.message(root, "status", "")};
  }

  @Override
  Optional<String> venueMessage(JsonNode root) {
    if (!isError(root)) {
      return Optional.empty();
    }
    String[] cm = codeAndMessage(root);
    return Optional.of(TickerProtocol.codeAndMessage(cm[0], cm[1]));
  }

  @Override
  Optional<QuoteFailure> venueError(FundingPerp perp, int httpStatus, JsonNode root) {
    if (!isError(root)) {
      return Optional.empty();
    }
    String[] cm = codeAndMessage(root);
    String says = TickerProtocol.codeAndMessage(cm[0], cm[1]);
    if (cm[0].equals(API_LIMIT_EXCEEDED)) {
      return Optional.of(new QuoteFailure.RateLimited(Optional.empty(), says));
    }
    if (cm[0].equals(ARGUMENT_INVALID) && cm[1].contains("symbol")) {
      return Optional.of(unsupported(perp, says));
    }
    return Optional.of(new QuoteFailure.VenueError(cm[0], cm[1]));
  }
}
