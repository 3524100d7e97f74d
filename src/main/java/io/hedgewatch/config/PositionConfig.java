package io.hedgewatch.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the {@code positions} section: a perp position, read from its venue ({@link
 * #account}) or described by hand ({@link #manual}), exactly one of the two, with what it hedges.
 *
 * <p>The hedge ratio is the perp's notional over the value of the hedged exposure; it is judged
 * against the band {@code [band.low x targetRatio, band.high x targetRatio]} ({@link
 * #minHedgeRatio()}, {@link #maxHedgeRatio()}).
 *
 * @param market the key of its market under {@code markets}
 * @param hedges the exposures it hedges, summed; empty for a position that hedges nothing (then
 *     only its liquidation, margin, leverage and carry are judged)
 * @param targetRatio the hedge ratio aimed at, above 0 (1 = perp notional equals the exposure)
 * @param band the accepted hedge ratio relative to {@code targetRatio}
 * @param buffer the emergency liquidity behind it
 * @param collateralFeed the key of the feed pricing its collateral stablecoin ({@code
 *     collateral.depeg}); without one the peg is not judged for this position
 */
public record PositionConfig(
    String id,
    String market,
    Optional<PositionAccount> account,
    Optional<ManualPosition> manual,
    List<HedgeConfig> hedges,
    BigDecimal targetRatio,
    Band band,
    Optional<BufferConfig> buffer,
    Optional<String> collateralFeed) {

  public static final BigDecimal DEFAULT_TARGET_RATIO = BigDecimal.ONE;
  public static final Band DEFAULT_BAND = new Band(new BigDecimal("0.5"), BigDecimal.ONE);

  /**
   * The accepted hedge ratio as fractions of the target: {@code 0 < low < high}. The default [0.5,
   * 1.0] accepts from half hedged to fully hedged, and flags an over-hedge.
   */
  public record Band(BigDecimal low, BigDecimal high) {
    public Band {
      Objects.requireNonNull(low, "low");
      Objects.requireNonNull(high, "high");
      if (low.signum() <= 0 || low.compareTo(high) >= 0) {
        throw new IllegalArgumentException("a band needs 0 < low < high, was " + low + ", " + high);
      }
    }
  }

  public PositionConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(manual, "manual");
    if (account.isPresent() == manual.isPresent()) {
      throw new IllegalArgumentException(
          "a position has either an account or a description by hand: " + id);
    }
    hedges = List.copyOf(hedges);
    Objects.requireNonNull(targetRatio, "targetRatio");
    if (targetRatio.signum() <= 0) {
      throw new IllegalArgumentException("targetRatio must be above 0, was " + targetRatio);
    }
    Objects.requireNonNull(band, "band");
    Objects.requireNonNull(buffer, "buffer");
    Objects.requireNonNull(collateralFeed, "collateralFeed");
  }

  /** Read from its venue, rather than described by hand. */
  public boolean readFromVenue() {
    return account.isPresent();
  }

  /** The lowest accepted hedge ratio: {@code band.low x targetRatio}. */
  public BigDecimal minHedgeRatio() {
    return band.low().multiply(targetRatio);
  }

  /** The highest accepted hedge ratio: {@code band.high x targetRatio}. */
  public BigDecimal maxHedgeRatio() {
    return band.high().multiply(targetRatio);
  }
}
