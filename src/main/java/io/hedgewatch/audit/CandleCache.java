package io.hedgewatch.audit;

import io.hedgewatch.domain.Candle;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Candles already fetched, one UTC day of one venue market at one interval at a time, so that an
 * audit run over a period already read makes no HTTP request. Only closed days are stored: a day
 * still running would change. {@link ReferenceHistory} reads its venue markets concurrently, so an
 * implementation is called from several threads at once (never for the same venue market).
 */
public interface CandleCache {

  /**
   * What a venue served of one UTC day: the candles opening in {@code [from, to)}, a part of the
   * day (all of it unless the venue's lookback cut the start off). Slots of that part without a
   * candle had none at the venue (Coinbase publishes none for an interval without trades).
   */
  record Day(Instant from, Instant to, List<Candle> candles) {
    public Day {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
      candles = List.copyOf(candles);
      if (to.isBefore(from)) {
        throw new IllegalArgumentException("cached day from " + from + " is after to " + to);
      }
    }
  }

  /** The cached day, or empty when it was never stored. */
  Optional<Day> read(ReferenceVenue venue, VenueMarket market, Duration interval, LocalDate day);

  void write(ReferenceVenue venue, VenueMarket market, Duration interval, LocalDate day, Day read);

  /** Stores nothing: every run fetches. */
  CandleCache NONE =
      new CandleCache() {
        @Override
        public Optional<Day> read(
            ReferenceVenue venue, VenueMarket market, Duration interval, LocalDate day) {
          return Optional.empty();
        }

        @Override
        public void write(
            ReferenceVenue venue, VenueMarket market, Duration interval, LocalDate day, Day read) {}
      };
}
