package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A centralized venue's perpetual for an asset, on the same scale as {@link MarketSnapshot}:
 * funding per hour (positive = longs pay), with the venue's interval, and its mark and index
 * prices.
 *
 * @param symbol the venue's instrument (ETHUSDT, ETH-USDT-SWAP, ETH-PERPETUAL, PF_ETHUSD)
 * @param rateRaw the rate as the venue states it, per {@code interval} (for Kraken Futures the
 *     relative rate)
 * @param fundingCapHourly the venue's cap on the absolute rate per hour, where known
 */
public record CexFunding(
    CexFundingVenue venue,
    String symbol,
    Pair pair,
    Instant observedAt,
    BigDecimal rateRaw,
    Duration interval,
    BigDecimal rateHourly,
    Optional<Instant> nextFundingTime,
    Optional<BigDecimal> markPrice,
    Optional<BigDecimal> indexPrice,
    Optional<BigDecimal> fundingCapHourly) {
  public CexFunding {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(observedAt, "observedAt");
    Objects.requireNonNull(rateRaw, "rateRaw");
    Objects.requireNonNull(interval, "interval");
    Objects.requireNonNull(rateHourly, "rateHourly");
  }

  public BigDecimal apr() {
    return rateHourly.multiply(MarketSnapshot.HOURS_PER_YEAR);
  }
}
