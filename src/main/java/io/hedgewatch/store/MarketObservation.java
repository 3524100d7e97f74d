package io.hedgewatch.store;

import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What one cycle saw of one perp market, on the scales of {@link MarketSnapshot}: prices in the
 * quote currency, sizes in base units, funding as a fraction per hour (positive = longs pay).
 *
 * @param marketId the config's market id (not the venue's key)
 * @param at the venue's timestamp of the snapshot
 * @param status the market's status in that cycle
 */
public record MarketObservation(
    String marketId,
    Instant at,
    Optional<BigDecimal> markPrice,
    Optional<BigDecimal> indexPrice,
    Optional<BigDecimal> fundingRateHourly,
    Optional<BigDecimal> openInterestLong,
    Optional<BigDecimal> openInterestShort,
    Optional<BigDecimal> openInterest,
    Optional<BigDecimal> maxOpenInterestLong,
    Optional<BigDecimal> maxOpenInterestShort,
    Optional<BigDecimal> skew,
    MarketStatus marketStatus,
    Severity status) {

  public MarketObservation {
    Objects.requireNonNull(marketId, "marketId");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(markPrice, "markPrice");
    Objects.requireNonNull(indexPrice, "indexPrice");
    Objects.requireNonNull(fundingRateHourly, "fundingRateHourly");
    Objects.requireNonNull(openInterestLong, "openInterestLong");
    Objects.requireNonNull(openInterestShort, "openInterestShort");
    Objects.requireNonNull(openInterest, "openInterest");
    Objects.requireNonNull(maxOpenInterestLong, "maxOpenInterestLong");
    Objects.requireNonNull(maxOpenInterestShort, "maxOpenInterestShort");
    Objects.requireNonNull(skew, "skew");
    Objects.requireNonNull(marketStatus, "marketStatus");
    Objects.requireNonNull(status, "status");
  }

  /** The observation of {@code marketId} that {@code snapshot} makes, judged {@code status}. */
  public static MarketObservation of(String marketId, MarketSnapshot snapshot, Severity status) {
    return new MarketObservation(
        marketId,
        snapshot.at(),
        snapshot.markPrice(),
        snapshot.indexPrice(),
        snapshot.fundingRateHourly(),
        snapshot.openInterestLong(),
        snapshot.openInterestShort(),
        snapshot.openInterest(),
        snapshot.maxOpenInterestLong(),
        snapshot.maxOpenInterestShort(),
        snapshot.skew(),
        snapshot.status(),
        status);
  }
}
