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
import java.util.TreeMap;

/**
 * Candles already fetched, one UTC day of one venue market at one interval at a time, so that an
 * audit run over a period already read makes no HTTP request. Only closed days are stored: a day
 * still running would change. A closed day may be stored in part (a period's first and last days
 * are read only as far as the period asks): the stored {@link Day} says which part, and a later run
 * asking for more fetches what is missing and stores the union. {@link ReferenceHistory} reads its
 * venue markets concurrently, so an implementation is called from several threads at once (never
 * for the same venue market).
 */
public interface CandleCache {

  /**
   * What a venue served of one UTC day: the candles opening in {@code [from, to)}, the part of the
   * day that was asked (clipped by the venue's lookback), all of it or a part. Slots of that part
   * without a candle had none at the venue (Coinbase publishes none for an interval without
   * trades).
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

    /** Whether this part holds every candle the venue served in {@code [from, to)}. */
    public boolean covers(Instant from, Instant to) {
      return !from.isBefore(this.from) && !to.isAfter(this.to);
    }

    /**
     * The window to fetch so that, merged with this part ({@link #mergedWith}), {@code [from, to)}
     * is covered: only the piece beyond this part's end or before its start when this part reaches
     * into {@code [from, to)} from one side, else all of {@code [from, to)} (one window: a part
     * inside the asked one is fetched again rather than in two requests).
     */
    public Window missing(Instant from, Instant to) {
      boolean startsInside = this.from.isAfter(from);
      boolean endsInside = this.to.isBefore(to);
      if (startsInside && !endsInside && !this.from.isAfter(to)) {
        return new Window(from, this.from);
      }
      if (endsInside && !startsInside && !this.to.isBefore(from)) {
        return new Window(this.to, to);
      }
      return new Window(from, to);
    }

    /**
     * This part and {@code fetched} as one: their union when they overlap or touch (a fetched
     * candle replaces a stored one of the same open), else {@code fetched} alone, as a day's parts
     * are stored as one range.
     */
    public Day mergedWith(Day fetched) {
      if (fetched.from.isAfter(to) || fetched.to.isBefore(from)) {
        return fetched;
      }
      TreeMap<Instant, Candle> byOpen = new TreeMap<>();
      candles.forEach(c -> byOpen.put(c.openTime(), c));
      fetched.candles.forEach(c -> byOpen.put(c.openTime(), c));
      return new Day(
          from.isBefore(fetched.from) ? from : fetched.from,
          to.isAfter(fetched.to) ? to : fetched.to,
          List.copyOf(byOpen.values()));
    }
  }

  /** A window {@code [from, to)} of a day to fetch. */
  record Window(Instant from, Instant to) {
    public Window {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
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
