package io.hedgewatch.risk;

import java.time.Duration;
import java.util.Objects;

/**
 * The realised volatility of an asset: the sample standard deviation of its log returns, scaled to
 * a year of 365 days (crypto trades around the clock).
 *
 * @param annualised σ per √year, a plain fraction (0.6 = 60 % a year)
 * @param returns how many log returns it was measured on
 * @param interval the candles' interval
 * @param source for people: "binance ETHUSDT 1h candles, last 7d"
 */
public record RealisedVolatility(double annualised, int returns, Duration interval, String source) {

  public RealisedVolatility {
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(source, "source");
    if (!(annualised >= 0) || Double.isInfinite(annualised)) {
      throw new IllegalArgumentException(
          "annualised volatility must be finite and not negative, was " + annualised);
    }
  }

  /** σ over {@code horizon}: the annualised σ times √(horizon / 365 days). */
  public double over(Duration horizon) {
    return annualised * Math.sqrt(Volatility.years(horizon));
  }
}
