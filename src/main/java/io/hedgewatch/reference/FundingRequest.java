package io.hedgewatch.reference;

import java.time.Duration;
import java.util.Objects;
import okhttp3.HttpUrl;

/**
 * One GET a {@link FundingProtocol} needs and how to read its reply.
 *
 * @param endpoint the endpoint's short name, for the named timeout ({@code premiumIndex}, {@code
 *     tickers})
 * @param cacheFor how long a successful reply may be reused for the same URL ({@link Duration#ZERO}
 *     for never): Binance's {@code fundingInfo} changes rarely and shares a small request budget,
 *     Kraken Futures' {@code tickers} answers for every symbol at once
 */
public record FundingRequest<T>(
    String endpoint, HttpUrl url, Duration cacheFor, VenueHttp.ReplyReader<T> reader) {

  public FundingRequest {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(cacheFor, "cacheFor");
    Objects.requireNonNull(reader, "reader");
    if (cacheFor.isNegative()) {
      throw new IllegalArgumentException("cacheFor must not be negative, was " + cacheFor);
    }
  }

  public static <T> FundingRequest<T> uncached(
      String endpoint, HttpUrl url, VenueHttp.ReplyReader<T> reader) {
    return new FundingRequest<>(endpoint, url, Duration.ZERO, reader);
  }
}
