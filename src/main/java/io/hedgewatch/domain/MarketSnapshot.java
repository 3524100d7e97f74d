package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One perp market as its venue showed it at one moment, on hedgewatch's common scales whatever the
 * venue's own units: prices in the market's quote currency (USD or USDC, as the venue quotes),
 * sizes in base-asset units, funding as a fraction per hour with the sign convention positive =
 * longs pay shorts.
 *
 * @param marketKey the venue's own key for the market (Hyperliquid coin, dYdX ticker, Synthetix
 *     market id, GMX market token address)
 * @param at the venue's timestamp for the snapshot (block time on chain, server time off chain)
 * @param markPrice the venue's mark price
 * @param indexPrice the venue's index or oracle price (what funding and liquidations are measured
 *     against)
 * @param fundingRateHourly the current funding rate per hour (normalised from the venue's interval
 *     and units)
 * @param fundingInterval how often funding settles on the venue (empty for continuous accrual)
 * @param nextFundingTime the next settlement, when the venue has discrete settlements
 * @param predictedFundingRateHourly the venue's predicted next rate per hour, where it gives one
 * @param fundingCapHourly the venue's cap on the absolute hourly rate, where it has one
 * @param openInterestLong long open interest in base units (empty when the venue reports only a
 *     total)
 * @param openInterestShort short open interest in base units
 * @param openInterest total open interest in base units (for venues that report one side, the sum
 *     of both sides)
 * @param maxOpenInterestLong cap on long open interest in base units
 * @param maxOpenInterestShort cap on short open interest in base units
 * @param skew net long minus short open interest in base units, where the venue defines one
 * @param status paused / disabled / reduce-only / delisted flags
 * @param oracleProblem the venue's own oracle cannot be read or is stale (e.g. Synthetix {@code
 *     OracleDataRequired}): the market's prices are missing for that reason, not because the venue
 *     is down
 */
public record MarketSnapshot(
    String marketKey,
    Instant at,
    Optional<BigDecimal> markPrice,
    Optional<BigDecimal> indexPrice,
    Optional<BigDecimal> fundingRateHourly,
    Optional<Duration> fundingInterval,
    Optional<Instant> nextFundingTime,
    Optional<BigDecimal> predictedFundingRateHourly,
    Optional<BigDecimal> fundingCapHourly,
    Optional<BigDecimal> openInterestLong,
    Optional<BigDecimal> openInterestShort,
    Optional<BigDecimal> openInterest,
    Optional<BigDecimal> maxOpenInterestLong,
    Optional<BigDecimal> maxOpenInterestShort,
    Optional<BigDecimal> skew,
    MarketStatus status,
    Optional<String> oracleProblem) {

  public static final BigDecimal HOURS_PER_YEAR = BigDecimal.valueOf(8760);

  public MarketSnapshot {
    Objects.requireNonNull(marketKey, "marketKey");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(status, "status");
  }

  /** The funding rate annualised (per hour x 8760), as the contract's {@code fundingApr}. */
  public Optional<BigDecimal> fundingApr() {
    return fundingRateHourly.map(r -> r.multiply(HOURS_PER_YEAR));
  }
}
