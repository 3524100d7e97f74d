package io.hedgewatch.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The price that turns the hedge's size into a notional at each settlement: a series of marks, or
 * one constant price when only a notional is known (then every settlement is charged on the same
 * notional, {@code size × price}).
 *
 * <p>A settlement is charged at the last price at or before its time, as venues charge funding on
 * the mark at settlement; a settlement older than the whole series takes the series' first price.
 */
public final class CarryAuditPrices {

  private final NavigableMap<Instant, BigDecimal> prices;

  private CarryAuditPrices(NavigableMap<Instant, BigDecimal> prices) {
    this.prices = prices;
  }

  /** One price for the whole period. */
  public static CarryAuditPrices constant(BigDecimal price) {
    positive(price, "constant price");
    TreeMap<Instant, BigDecimal> one = new TreeMap<>();
    one.put(Instant.MIN, price);
    return new CarryAuditPrices(one);
  }

  /** Prices by time; at least one, each above 0. */
  public static CarryAuditPrices series(Map<Instant, BigDecimal> prices) {
    Objects.requireNonNull(prices, "prices");
    if (prices.isEmpty()) {
      throw new IllegalArgumentException("a price series needs at least one price");
    }
    prices.forEach((at, p) -> positive(p, "price at " + at));
    return new CarryAuditPrices(new TreeMap<>(prices));
  }

  /** The price a settlement at {@code at} is charged at. */
  public BigDecimal at(Instant at) {
    Map.Entry<Instant, BigDecimal> e = prices.floorEntry(at);
    return e != null ? e.getValue() : prices.firstEntry().getValue();
  }

  private static void positive(BigDecimal p, String what) {
    Objects.requireNonNull(p, what);
    if (p.signum() <= 0) {
      throw new IllegalArgumentException(what + " must be above 0, was " + p.toPlainString());
    }
  }
}
