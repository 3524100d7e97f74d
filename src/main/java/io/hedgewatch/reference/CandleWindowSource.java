package io.hedgewatch.reference;

import io.hedgewatch.domain.CandleSeries;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One centralized venue's spot candles over a window of the past, for audits: where {@link
 * CandleSource} asks for the last few candles, this asks for {@code [from, to)} wherever it lies.
 * Implementations own transport, rate limiting and retries, and never throw for an expected
 * failure.
 */
public interface CandleWindowSource {

  ReferenceVenue venue();

  /** The venue's market {@link #window} reads for {@code pair}; empty when it lists none. */
  Optional<VenueMarket> market(Pair pair);

  /** Whether the venue serves candles of {@code interval}. */
  boolean supports(Duration interval);

  /**
   * The open of the oldest closed candle of {@code interval} the venue serves now; empty when it
   * pages back freely. Kraken keeps only its last 720 entries: at 1m that is the last 12 hours.
   */
  Optional<Instant> earliestServed(Duration interval);

  /**
   * The closed candles of the venue's market for {@code pair} opening in {@code [from, to)}, paged
   * as the venue requires, oldest first. The part of the window the venue cannot serve (before
   * {@link #earliestServed}, or not yet closed) is not asked for and holds no candle; a window the
   * venue has no candle in is an empty series, not a failure.
   *
   * @throws IllegalArgumentException when {@code interval} is not whole minutes dividing a day, or
   *     {@code from} and {@code to} are not on its grid with {@code from <= to}
   */
  VenueReply<CandleSeries> window(Pair pair, Duration interval, Instant from, Instant to);
}
