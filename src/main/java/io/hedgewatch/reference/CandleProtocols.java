package io.hedgewatch.reference;

import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.support.HttpPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The candle protocol of each venue that has one, the default policy for pressing it, and the names
 * of its rate limiter, retry, circuit breaker and timeout.
 */
public final class CandleProtocols {

  /** The venues asked for candles, in the order one falls back to the next. */
  public static final List<ReferenceVenue> DEFAULT_ORDER =
      List.of(ReferenceVenue.BINANCE, ReferenceVenue.COINBASE, ReferenceVenue.KRAKEN);

  /**
   * A page of candles is up to a few hundred kilobytes, and a long window takes several: five
   * seconds a page.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  /** Binance: {@code klines} weighs 2 of 6000 a minute per IP; 5/s is a sixth of that. */
  public static final HttpPolicy DEFAULT_BINANCE =
      HttpPolicy.DEFAULT
          .withTimeout(DEFAULT_TIMEOUT)
          .withRateLimit(5, Duration.ofSeconds(1), Duration.ofSeconds(1));

  /**
   * Coinbase Exchange: about 10 public requests/s per IP (bursts to 15), and its docs ask that
   * historic rates not be polled often. 5/s is half the limit: an audit's pages (300 candles each,
   * about 20 for two markets over two days of 1m) come in a few seconds rather than ten, and a live
   * monitor or another tool on the same IP keeps the other half; a page may wait a second for its
   * permit.
   */
  public static final HttpPolicy DEFAULT_COINBASE =
      HttpPolicy.DEFAULT
          .withTimeout(DEFAULT_TIMEOUT)
          .withRateLimit(5, Duration.ofSeconds(1), Duration.ofSeconds(1));

  /** Kraken spot: about one public call a second; one request serves any window it has. */
  public static final HttpPolicy DEFAULT_KRAKEN =
      HttpPolicy.DEFAULT
          .withTimeout(DEFAULT_TIMEOUT)
          .withRateLimit(1, Duration.ofSeconds(1), Duration.ofSeconds(2));

  private CandleProtocols() {}

  /** The venue's candle protocol; empty for a venue hedgewatch reads no candles from. */
  public static Optional<CandleProtocol> of(ReferenceVenue venue, VenueListings listings) {
    Objects.requireNonNull(listings, "listings");
    return switch (Objects.requireNonNull(venue, "venue")) {
      case BINANCE -> Optional.of(new BinanceKlinesProtocol());
      case COINBASE -> Optional.of(new CoinbaseCandlesProtocol());
      case KRAKEN -> Optional.of(new KrakenOhlcProtocol(listings));
      case OKX, BYBIT -> Optional.empty();
    };
  }

  public static HttpPolicy defaultPolicy(ReferenceVenue venue) {
    return switch (Objects.requireNonNull(venue, "venue")) {
      case BINANCE -> DEFAULT_BINANCE;
      case COINBASE -> DEFAULT_COINBASE;
      case KRAKEN -> DEFAULT_KRAKEN;
      case OKX, BYBIT ->
          throw new IllegalArgumentException("hedgewatch reads no candles from " + venue);
    };
  }

  /**
   * The name of the venue's candle rate limiter, retry and circuit breaker, e.g. {@code
   * candles.binance}.
   */
  public static String instanceName(ReferenceVenue venue) {
    return "candles." + venue.configName();
  }

  /** The name of the endpoint's timeout, e.g. {@code candles.binance.klines.timeout}. */
  public static String timeoutName(ReferenceVenue venue, String endpoint) {
    return instanceName(venue) + "." + endpoint + ".timeout";
  }
}
