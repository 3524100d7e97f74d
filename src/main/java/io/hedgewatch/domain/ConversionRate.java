package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The rate that turns prices quoted in {@code pair.base()} into {@code pair.quote()}, e.g. USDT/USD
 * 0.9999: a composite of the venues that list the pair (or its inverse), never assumed 1:1.
 *
 * @param pair e.g. USDT/USD: one USDT is worth {@code rate} USD
 * @param rate the composite rate; empty when no venue gave a usable one
 * @param sources every venue market quoting the pair directly or inversely, with its state
 * @param via when the direct quotes gave no rate, the two legs it was chained from (USDC/USD =
 *     USDC/USDT x USDT/USD); empty otherwise
 * @param freshMedian the median of the fresh venues that outliers were judged against
 * @param unavailableReason why there is no rate; present exactly when {@code rate} is empty
 */
public record ConversionRate(
    Pair pair,
    Optional<BigDecimal> rate,
    List<ReferenceSource> sources,
    List<ConversionRate> via,
    Optional<BigDecimal> freshMedian,
    Optional<String> unavailableReason) {

  public ConversionRate {
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(rate, "rate");
    sources = List.copyOf(sources);
    via = List.copyOf(via);
    Objects.requireNonNull(freshMedian, "freshMedian");
    Objects.requireNonNull(unavailableReason, "unavailableReason");
    if (rate.isPresent() == unavailableReason.isPresent()) {
      throw new IllegalArgumentException(
          "conversion " + pair + ": exactly one of rate and unavailableReason must be present");
    }
  }
}
