package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference price of one pair from the centralized venues, with every venue market that was
 * asked and why it was or was not used. {@code check --json} shows {@code "reference": {"price":
 * price, "sources": usedPrices()}} (venues by config name, prices as decimal strings) and may add
 * the detail: every source's state and note, and the conversions.
 *
 * @param pair the canonical pair, e.g. ETH/USD
 * @param at the time freshness was judged at
 * @param price the composite: the median of the USED sources' converted prices; empty when fewer
 *     than {@code minSources} venues were USED
 * @param sources every venue market quoting {@code pair.base()}, one price per venue at most USED
 *     or OUTLIER, ordered by venue then market
 * @param conversions the rates used for markets in another quote asset, by conversion pair
 *     (USDT/USD, USDC/USD)
 * @param minSources the fewest USED venues for a price
 * @param freshMedian the median of every fresh venue's price, the one OUTLIER was judged against;
 *     empty when no venue was fresh
 * @param unavailableReason why there is no price, naming how many venues answered and why the
 *     others did not; present exactly when {@code price} is empty
 */
public record ReferencePrice(
    Pair pair,
    Instant at,
    Optional<BigDecimal> price,
    List<ReferenceSource> sources,
    Map<Pair, ConversionRate> conversions,
    int minSources,
    Optional<BigDecimal> freshMedian,
    Optional<String> unavailableReason) {

  public ReferencePrice {
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(price, "price");
    sources = List.copyOf(sources);
    conversions = Collections.unmodifiableMap(new LinkedHashMap<>(conversions));
    Objects.requireNonNull(freshMedian, "freshMedian");
    Objects.requireNonNull(unavailableReason, "unavailableReason");
    if (minSources < 1) {
      throw new IllegalArgumentException("minSources must be at least 1, got " + minSources);
    }
    if (price.isPresent() == unavailableReason.isPresent()) {
      throw new IllegalArgumentException(
          "reference " + pair + ": exactly one of price and unavailableReason must be present");
    }
  }

  /** A reference with no source at all, e.g. when no venue is configured for the pair. */
  public static ReferencePrice unavailable(Pair pair, Instant at, int minSources, String reason) {
    return new ReferencePrice(
        pair,
        at,
        Optional.empty(),
        List.of(),
        Map.of(),
        minSources,
        Optional.empty(),
        Optional.of(reason));
  }

  public boolean available() {
    return price.isPresent();
  }

  /** The sources the composite was taken from, in {@link #sources()} order. */
  public List<ReferenceSource> used() {
    return sources.stream().filter(s -> s.state() == SourceState.USED).toList();
  }

  /**
   * The contract's {@code reference.sources}: each USED venue's converted price, in venue order.
   */
  public Map<ReferenceVenue, BigDecimal> usedPrices() {
    Map<ReferenceVenue, BigDecimal> prices = new LinkedHashMap<>();
    for (ReferenceSource s : used()) {
      prices.put(s.venue(), s.convertedPrice().orElseThrow());
    }
    return Collections.unmodifiableMap(prices);
  }
}
