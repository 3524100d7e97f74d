package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.MarketSnapshot;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The perp-market rules of one observation: {@code platform.paused}, {@code oracle.stale} (the
 * venue's own oracle), {@code funding.spike}, {@code funding.divergence}, {@code basis.wide},
 * {@code liquidity.oi-cap} and {@code liquidity.skew}, all on subject {@code market:ID} (the config
 * market id). Pure; they follow the conventions of {@link OracleRules} (strictly beyond a
 * threshold, the cap of {@code funding.spike} being a state that includes its edge; one alert per
 * (rule, subject); a disabled rule yields nothing). Units of {@code value} and {@code threshold}:
 * bps for {@code basis.wide}, percent for {@code liquidity.*} and {@code funding.divergence}
 * (percent APR), |z| or percent of the cap for {@code funding.spike}; null for the two facts.
 */
public final class MarketRules {

  private MarketRules() {}

  public static String subject(String marketId) {
    return MarketRuleText.marketSubject(marketId);
  }

  /**
   * One market observation judged: its alerts and the funding statistics behind {@code
   * funding.spike}, computed once for both (they are the costliest part of the market rules).
   *
   * @param fundingStats as {@link #fundingStats}, whether or not the rule is enabled
   */
  public record Observation(List<Alert> alerts, FundingSpikeRule.Stats fundingStats) {
    public Observation {
      alerts = List.copyOf(alerts);
      Objects.requireNonNull(fundingStats, "fundingStats");
    }

    /** The signed z-score of the current funding rate, as {@link MarketRules#fundingZScore}. */
    public Optional<Double> fundingZScore() {
      return fundingStats.zScore().map(BigDecimal::doubleValue);
    }
  }

  /** Every market rule for one market's snapshot and what it is compared with. */
  public static List<Alert> evaluate(
      String marketId,
      MarketSnapshot snapshot,
      MarketContext context,
      RuleSettingsLookup settings) {
    return alerts(
        marketId, snapshot, context, settings, () -> fundingStats(snapshot, context, settings));
  }

  /**
   * The alerts of {@link #evaluate} and the statistics of {@link #fundingStats} for one
   * observation, the statistics computed once.
   */
  public static Observation observe(
      String marketId,
      MarketSnapshot snapshot,
      MarketContext context,
      RuleSettingsLookup settings) {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(settings, "settings");
    FundingSpikeRule.Stats stats = fundingStats(snapshot, context, settings);
    return new Observation(alerts(marketId, snapshot, context, settings, () -> stats), stats);
  }

  private static List<Alert> alerts(
      String marketId,
      MarketSnapshot snapshot,
      MarketContext context,
      RuleSettingsLookup settings,
      Supplier<FundingSpikeRule.Stats> fundingStats) {
    Objects.requireNonNull(marketId, "marketId");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(settings, "settings");
    List<Alert> alerts = new ArrayList<>();
    alerts.addAll(
        PlatformPausedRule.evaluate(
            marketId, snapshot.status(), settings.forRule(PlatformPausedRule.ID)));
    alerts.addAll(
        MarketOracleStaleRule.evaluate(
            marketId, snapshot.oracleProblem(), settings.forRule(MarketOracleStaleRule.ID)));
    alerts.addAll(
        FundingSpikeRule.evaluate(
            marketId, snapshot, fundingStats, settings.forRule(FundingSpikeRule.ID)));
    alerts.addAll(
        FundingDivergenceRule.evaluate(
            marketId, snapshot, context.cexFunding(), settings.forRule(FundingDivergenceRule.ID)));
    alerts.addAll(
        BasisWideRule.evaluate(marketId, snapshot, context, settings.forRule(BasisWideRule.ID)));
    alerts.addAll(
        OpenInterestCapRule.evaluate(marketId, snapshot, settings.forRule(OpenInterestCapRule.ID)));
    alerts.addAll(SkewRule.evaluate(marketId, snapshot, settings.forRule(SkewRule.ID)));
    return List.copyOf(alerts);
  }

  /**
   * The rolling funding statistics and the z-score {@code funding.spike} judges, with the reason
   * when there is none (too few points, a flat history, no current rate), for {@code check --json}.
   * Uses {@code funding.spike}'s window and minPoints whether or not the rule is enabled.
   */
  public static FundingSpikeRule.Stats fundingStats(
      MarketSnapshot snapshot, MarketContext context, RuleSettingsLookup settings) {
    return FundingSpikeRule.stats(
        snapshot, context.fundingHistory(), settings.forRule(FundingSpikeRule.ID));
  }

  /** The signed z-score of the current funding rate; empty when {@link #fundingStats} has none. */
  public static Optional<Double> fundingZScore(
      MarketSnapshot snapshot, MarketContext context, RuleSettingsLookup settings) {
    return fundingStats(snapshot, context, settings).zScore().map(BigDecimal::doubleValue);
  }

  /**
   * The market's basis: {@code (mark - index) / index} in bps, signed (positive: mark above the
   * index); empty without a positive mark and index.
   */
  public static Optional<Double> basisBps(MarketSnapshot snapshot) {
    return BasisWideRule.indexBasisBps(snapshot).map(BigDecimal::doubleValue);
  }

  /** {@code (mark - median CEX mark) / median} in bps, signed; empty without both. */
  public static Optional<Double> cexBasisBps(MarketSnapshot snapshot, MarketContext context) {
    return BasisWideRule.cexBasisBps(snapshot, context).map(BigDecimal::doubleValue);
  }

  /** {@code (mark - reference) / reference} in bps, signed; empty without both. */
  public static Optional<Double> referenceBasisBps(MarketSnapshot snapshot, MarketContext context) {
    return BasisWideRule.referenceBasisBps(snapshot, context).map(BigDecimal::doubleValue);
  }

  /**
   * The market's funding APR minus the median CEX funding APR, in percent APR (10.0 = 10 % a year);
   * empty without a current rate or CEX references.
   */
  public static Optional<Double> fundingDivergencePct(
      MarketSnapshot snapshot, MarketContext context) {
    return FundingDivergenceRule.gap(snapshot, context.cexFunding())
        .map(g -> MarketRuleText.percent(g).doubleValue());
  }
}
