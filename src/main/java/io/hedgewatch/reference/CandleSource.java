package io.hedgewatch.reference;

import io.hedgewatch.domain.CandleSeries;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferenceVenue;
import java.time.Duration;

/**
 * One centralized venue's spot candles, the prices realised volatility is measured on.
 * Implementations own transport, rate limiting, retries and circuit breaking, and never throw for
 * an expected failure.
 */
public interface CandleSource {

  ReferenceVenue venue();

  /**
   * The last {@code count} closed candles of the venue's market for {@code pair} (its preferred
   * market: ETH/USD is read from ETHUSDT on Binance): the window of {@code count} whole intervals
   * that ends where the running interval begins. The venue may leave slots empty ({@link
   * CandleSeries#missing()}); a window it has no candle for at all is a failure.
   *
   * @throws IllegalArgumentException when {@code interval} is not whole minutes dividing a day, or
   *     {@code count} is not 1 to {@link HttpCandleSource#MAX_CANDLES}
   */
  VenueReply<CandleSeries> candles(Pair pair, Duration interval, int count);
}
