package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The closed candles of one market of one centralized venue over {@code [from, to)}, oldest first,
 * one per {@code interval} on the grid of whole intervals since the epoch (so hourly candles open
 * on the hour, daily ones at 00:00 UTC).
 *
 * <p>A venue may leave a slot empty (Coinbase publishes no candle for an interval without trades),
 * so the series can hold fewer candles than the window has slots: {@link #missing()} says how many,
 * and the open times say which. The closes are in the market's own quote asset (ETH/USDT on
 * Binance): for returns and volatility that makes no difference as long as one series is used.
 *
 * @param venue where the candles come from
 * @param market the venue's market (native symbol and pair)
 * @param interval the candle length
 * @param from the open time of the first slot of the window
 * @param to the end of the window: the close time of its last slot
 * @param candles the candles the venue had, ascending by open time, each of one slot
 */
public record CandleSeries(
    ReferenceVenue venue,
    VenueMarket market,
    Duration interval,
    Instant from,
    Instant to,
    List<Candle> candles) {

  public CandleSeries {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    candles = List.copyOf(candles);
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    if (to.isBefore(from) || Duration.between(from, to).toMillis() % interval.toMillis() != 0) {
      throw new IllegalArgumentException(
          "window [" + from + ", " + to + ") is not a whole number of " + interval + " slots");
    }
    Instant previous = null;
    for (Candle c : candles) {
      if (c.openTime().isBefore(from) || c.closeTime().isAfter(to)) {
        throw new IllegalArgumentException(
            "candle at " + c.openTime() + " is outside [" + from + ", " + to + ")");
      }
      if (!Duration.between(c.openTime(), c.closeTime()).equals(interval)
          || Duration.between(from, c.openTime()).toMillis() % interval.toMillis() != 0) {
        throw new IllegalArgumentException(
            "candle "
                + c.openTime()
                + " .. "
                + c.closeTime()
                + " is not one "
                + interval
                + " slot");
      }
      if (previous != null && !c.openTime().isAfter(previous)) {
        throw new IllegalArgumentException(
            "candles must ascend by open time: " + c.openTime() + " after " + previous);
      }
      previous = c.openTime();
    }
  }

  /** How many slots the window has. */
  public int slots() {
    return (int) (Duration.between(from, to).toMillis() / interval.toMillis());
  }

  /** Slots of the window the venue left without a candle. */
  public int missing() {
    return slots() - candles.size();
  }

  public boolean complete() {
    return missing() == 0;
  }

  /** The closes, oldest first. */
  public List<BigDecimal> closes() {
    return candles.stream().map(Candle::close).toList();
  }
}
