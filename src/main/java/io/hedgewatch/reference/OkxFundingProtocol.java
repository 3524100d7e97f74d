package io.hedgewatch.reference;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.QuoteFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import okhttp3.HttpUrl;

/**
 * OKX v5 swaps ({@code https://www.okx.com}); every value is a string, times are epoch milliseconds
 * as strings.
 *
 * <ul>
 *   <li>{@code GET /api/v5/public/funding-rate?instId=ETH-USDT-SWAP} → {@code data[0]} with {@code
 *       fundingRate} (the current period's rate, paid at {@code fundingTime}), {@code
 *       nextFundingTime}, {@code minFundingRate}/{@code maxFundingRate} (per interval), {@code ts}.
 *       The interval is {@code nextFundingTime − fundingTime} (8 h by default, 4/2/1 h on some
 *       contracts); the reading's next funding time is {@code fundingTime}, when this rate is paid.
 *   <li>{@code GET /api/v5/public/mark-price?instType=SWAP&instId=ETH-USDT-SWAP} → {@code
 *       data[0].markPx}.
 * </ul>
 *
 * <p>No index price is read (OKX serves it from a third endpoint under the index's own id). Errors:
 * {@code code} ≠ {@code "0"}, read by {@link OkxProtocol} (51001 instrument does not exist, 50011
 * too many requests).
 */
public final class OkxFundingProtocol extends FundingProtocol {

  public static final String DEFAULT_BASE_URL = "https://www.okx.com";

  private final OkxProtocol errors = new OkxProtocol();

  /** {@code funding-rate}'s entry, the rate per {@code interval}. */
  public record FundingRate(
      String instId,
      BigDecimal fundingRate,
      Instant fundingTime,
      Duration interval,
      Optional<BigDecimal> minFundingRate,
      Optional<BigDecimal> maxFundingRate,
      Instant ts) {}

  public record MarkPrice(String instId, BigDecimal markPx, Instant ts) {}

  @Override
  public CexFundingVenue venue() {
    return CexFundingVenue.OKX;
  }

  @Override
  public String defaultBaseUrl() {
    return DEFAULT_BASE_URL;
  }

  public HttpUrl fundingRateUrl(HttpUrl baseUrl, FundingPerp perp) {
    return baseUrl
        .newBuilder()
        .addPathSegments("api/v5/public/funding-rate")
        .addQueryParameter("instId", perp.symbol())
        .build();
  }

  public HttpUrl markPriceUrl(HttpUrl baseUrl, FundingPerp perp) {
    return baseUrl
        .newBuilder()
        .addPathSegments("api/v5/public/mark-price")
        .addQueryParameter("instType", "SWAP")
        .addQueryParameter("instId", perp.symbol())
        .build();
  }

  @Override
  public VenueReply<CexFunding> current(
      FundingPerp perp, HttpUrl baseUrl, FundingExchange exchange) {
    requireVenue(perp);
    VenueReply<FundingRate> rate =
        exchange.get(
            FundingRequest.uncached(
                "funding-rate",
                fundingRateUrl(baseUrl, perp),
                (status, body, at) -> parseFundingRate(perp, status, body, at)));
    return rate.flatMap(
        r ->
            exchange
                .get(
                    FundingRequest.uncached(
                        "mark-price",
                        markPriceUrl(baseUrl, perp),
                        (status, body, at) -> parseMarkPrice(perp, status, body, at)))
                .map(mark -> funding(perp, r, mark)));
  }

  public static CexFunding funding(FundingPerp perp, FundingRate rate, MarkPrice mark) {
    return new CexFunding(
        CexFundingVenue.OKX,
        perp.symbol(),
        perp.pair(),
        rate.ts(),
        rate.fundingRate(),
        rate.interval(),
        FundingMath.perHour(rate.fundingRate(), rate.interval()),
        Optional.of(rate.fundingTime()),
        Optional.of(mark.markPx()),
        Optional.empty(),
        capHourly(
            rate.fundingRate(), rate.maxFundingRate(), rate.minFundingRate(), rate.interval()));
  }

  public VenueReply<FundingRate> parseFundingRate(
      FundingPerp perp, int httpStatus, String body, Instant receivedAt) {
    return read(
        perp,
        httpStatus,
        body,
        receivedAt,
        root -> {
          JsonNode d = entry(root, perp);
          Instant fundingTime = ReplyJson.epochMillis(d, "fundingTime");
          Instant nextFundingTime = ReplyJson.epochMillis(d, "nextFundingTime");
          return new FundingRate(
              perp.symbol(),
              fraction(d, "fundingRate"),
              fundingTime,
              interval(fundingTime, nextFundingTime),
              optionalFraction(d, "minFundingRate"),
              optionalFraction(d, "maxFundingRate"),
              ReplyJson.epochMillis(d, "ts"));
        });
  }

  public VenueReply<MarkPrice> parseMarkPrice(
      FundingPerp perp, int httpStatus, String body, Instant receivedAt) {
    return read(
        perp,
        httpStatus,
        body,
        receivedAt,
        root -> {
          JsonNode d = entry(root, perp);
          return new MarkPrice(
              perp.symbol(), ReplyJson.priceField(d, "markPx"), ReplyJson.epochMillis(d, "ts"));
        });
  }

  /** {@code nextFundingTime − fundingTime}, which must be whole hours, 1 h to 24 h. */
  static Duration interval(Instant fundingTime, Instant nextFundingTime) {
    Duration interval = Duration.between(fundingTime, nextFundingTime);
    long hours = interval.toHours();
    if (interval.isNegative()
        || hours < 1
        || hours > 24
        || !interval.equals(Duration.ofHours(hours))) {
      throw ReplyJson.malformed(
          "nextFundingTime − fundingTime is "
              + interval
              + ", expected whole hours from 1 to 24 ("
              + fundingTime
              + " to "
              + nextFundingTime
              + ")");
    }
    return interval;
  }

  /** {@code data[]}'s entry for the perp, in a reply whose {@code code} is "0". */
  private static JsonNode entry(JsonNode root, FundingPerp perp) {
    JsonNode reply = ReplyJson.object(root, "the reply");
    String code = ReplyJson.code(reply, "code");
    if (!code.equals(OkxProtocol.OK)) {
      throw ReplyJson.malformed("code is " + ReplyJson.quote(code));
    }
    return TickerProtocol.pickTicker(
        ReplyJson.requireArray(reply, "data"), "data", "instId", perp.symbol());
  }

  @Override
  Optional<String> venueMessage(JsonNode root) {
    return errors.venueMessage(root);
  }

  @Override
  Optional<QuoteFailure> statusFailure(int httpStatus, String says, Instant receivedAt) {
    return errors.statusFailure(httpStatus, says, receivedAt);
  }

  @Override
  Optional<QuoteFailure> venueError(FundingPerp perp, int httpStatus, JsonNode root) {
    return errors.venueError(market(perp), httpStatus, root);
  }
}
