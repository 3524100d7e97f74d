package io.hedgewatch.reference;

import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.support.HttpPolicy;
import java.time.Duration;
import java.util.Objects;

/**
 * The funding protocol of each centralized perp venue, the default policy for pressing it, and the
 * names of its rate limiter, retry, circuit breaker and timeouts.
 */
public final class FundingProtocols {

  /**
   * Binance USD-M: 2400 request weight per minute per IP, {@code premiumIndex} for one symbol
   * weighs 1; {@code fundingRate} and {@code fundingInfo} share 500 requests per 5 minutes. 10/s,
   * and a page of history may wait up to a second for its permit.
   */
  public static final HttpPolicy DEFAULT_BINANCE =
      ReferenceVenuePolicy.DEFAULT_BINANCE.withRateLimit(
          10, Duration.ofSeconds(1), Duration.ofSeconds(1));

  /** Bybit v5: 600 requests per 5 s per IP; 20/s as for spot. */
  public static final HttpPolicy DEFAULT_BYBIT =
      ReferenceVenuePolicy.DEFAULT_BYBIT.withRateLimit(
          20, Duration.ofSeconds(1), Duration.ofSeconds(1));

  /** OKX {@code funding-rate} and {@code mark-price}: 10 requests per 2 s; 4/s. */
  public static final HttpPolicy DEFAULT_OKX =
      ReferenceVenuePolicy.DEFAULT_OKX.withRateLimit(
          4, Duration.ofSeconds(1), Duration.ofSeconds(1));

  /** Deribit: credits for about 20 non-matching requests/s (bursts of 100); 10/s. */
  public static final HttpPolicy DEFAULT_DERIBIT =
      ReferenceVenuePolicy.DEFAULT_BYBIT.withRateLimit(
          10, Duration.ofSeconds(1), Duration.ofSeconds(1));

  /**
   * Kraken Futures: one {@code tickers} reply serves every symbol, so 2/s is plenty; a whole
   * history is megabytes, so its timeout is longer.
   */
  public static final HttpPolicy DEFAULT_KRAKEN_FUTURES =
      ReferenceVenuePolicy.DEFAULT_KRAKEN
          .withRateLimit(2, Duration.ofSeconds(1), Duration.ofSeconds(1))
          .withTimeout(Duration.ofSeconds(10));

  private FundingProtocols() {}

  public static FundingProtocol of(CexFundingVenue venue) {
    return switch (Objects.requireNonNull(venue, "venue")) {
      case BINANCE -> new BinanceFundingProtocol();
      case BYBIT -> new BybitFundingProtocol();
      case OKX -> new OkxFundingProtocol();
      case DERIBIT -> new DeribitFundingProtocol();
      case KRAKEN_FUTURES -> new KrakenFuturesFundingProtocol();
    };
  }

  public static HttpPolicy defaultPolicy(CexFundingVenue venue) {
    return switch (Objects.requireNonNull(venue, "venue")) {
      case BINANCE -> DEFAULT_BINANCE;
      case BYBIT -> DEFAULT_BYBIT;
      case OKX -> DEFAULT_OKX;
      case DERIBIT -> DEFAULT_DERIBIT;
      case KRAKEN_FUTURES -> DEFAULT_KRAKEN_FUTURES;
    };
  }

  /**
   * The name of the venue's funding rate limiter, retry and circuit breaker, e.g. {@code
   * funding.binance}: one per venue, because bans and request budgets are per IP across endpoints.
   */
  public static String instanceName(CexFundingVenue venue) {
    return "funding." + venue.configName();
  }

  /** The name of one endpoint's timeout, e.g. {@code funding.binance.premiumIndex.timeout}. */
  public static String timeoutName(CexFundingVenue venue, String endpoint) {
    return instanceName(venue) + "." + endpoint + ".timeout";
  }
}
