package io.hedgewatch.audit;

import io.hedgewatch.domain.AnswerBounds;
import io.hedgewatch.risk.OracleDriftRule;
import io.hedgewatch.risk.RuleCatalog;
import io.hedgewatch.risk.RuleSettings;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a feed audit judges the feed against. Ratios are fractions, as the rule config writes them
 * (0.005 = 0.5 % = 50 bps).
 *
 * @param heartbeat the feed's published heartbeat: a gap strictly longer is over heartbeat
 * @param deviationThreshold the feed's published deviation trigger as a fraction of the last answer
 * @param deviationTolerance how long after the reference moved beyond the deviation threshold a
 *     round may come and still count as on time
 * @param bounds the aggregator's circuit-breaker bounds, when known
 * @param boundsMargin a round is near a bound when its distance to it is at most this fraction of
 *     {@code |bound|}, as oracle.bounds measures it
 * @param driftWarn oracle.drift's warn level: drift strictly above it counts as above warn
 * @param driftCritical oracle.drift's critical level
 * @param criticalHeartbeats the answer older than this many heartbeats makes the feed untrustworthy
 *     (oracle.stale's {@code criticalHeartbeats})
 * @param minReferenceCoverage below this share of the period with a judged drift, the verdict says
 *     the reference was missing
 * @param topGaps how many of the largest gaps the findings list
 * @param topEpisodes how many of the worst drift episodes the findings list
 */
public record FeedAuditParams(
    Duration heartbeat,
    BigDecimal deviationThreshold,
    Duration deviationTolerance,
    Optional<AnswerBounds> bounds,
    BigDecimal boundsMargin,
    BigDecimal driftWarn,
    BigDecimal driftCritical,
    int criticalHeartbeats,
    BigDecimal minReferenceCoverage,
    int topGaps,
    int topEpisodes) {

  /**
   * A Chainlink round lands within about a minute of the move that triggers it; two minutes also
   * absorb the width of a one-minute candle, at whose close the move is first seen.
   */
  public static final Duration DEFAULT_DEVIATION_TOLERANCE = Duration.ofMinutes(2);

  public static final BigDecimal DEFAULT_BOUNDS_MARGIN = new BigDecimal("0.01");
  public static final BigDecimal DEFAULT_MIN_REFERENCE_COVERAGE = new BigDecimal("0.9");
  public static final int DEFAULT_TOP_GAPS = 10;
  public static final int DEFAULT_TOP_EPISODES = 10;

  public FeedAuditParams {
    Objects.requireNonNull(heartbeat, "heartbeat");
    Objects.requireNonNull(deviationThreshold, "deviationThreshold");
    Objects.requireNonNull(deviationTolerance, "deviationTolerance");
    Objects.requireNonNull(bounds, "bounds");
    Objects.requireNonNull(boundsMargin, "boundsMargin");
    Objects.requireNonNull(driftWarn, "driftWarn");
    Objects.requireNonNull(driftCritical, "driftCritical");
    Objects.requireNonNull(minReferenceCoverage, "minReferenceCoverage");
    require(
        !heartbeat.isNegative() && !heartbeat.isZero(),
        "heartbeat",
        heartbeat,
        "a positive duration");
    require(
        deviationThreshold.signum() > 0,
        "deviationThreshold",
        deviationThreshold,
        "a fraction > 0");
    require(
        !deviationTolerance.isNegative(),
        "deviationTolerance",
        deviationTolerance,
        "a duration >= 0");
    require(boundsMargin.signum() >= 0, "boundsMargin", boundsMargin, "a fraction >= 0");
    require(driftWarn.signum() > 0, "driftWarn", driftWarn, "a fraction > 0");
    require(
        driftCritical.compareTo(driftWarn) >= 0,
        "driftCritical",
        driftCritical,
        "a fraction >= driftWarn " + driftWarn);
    require(criticalHeartbeats >= 1, "criticalHeartbeats", criticalHeartbeats, "at least 1");
    require(
        minReferenceCoverage.signum() >= 0 && minReferenceCoverage.compareTo(BigDecimal.ONE) <= 0,
        "minReferenceCoverage",
        minReferenceCoverage,
        "a fraction in [0, 1]");
    require(topGaps >= 0, "topGaps", topGaps, "a count >= 0");
    require(topEpisodes >= 0, "topEpisodes", topEpisodes, "a count >= 0");
  }

  /**
   * The feed's heartbeat and deviation threshold with every other setting at its default: drift
   * levels and critical heartbeats from the rule catalogue's defaults of oracle.drift and
   * oracle.stale, no bounds.
   */
  public static FeedAuditParams defaults(Duration heartbeat, BigDecimal deviationThreshold) {
    RuleSettings drift = RuleCatalog.defaults(OracleDriftRule.ID);
    RuleSettings stale = RuleCatalog.defaults("oracle.stale");
    return new FeedAuditParams(
        heartbeat,
        deviationThreshold,
        DEFAULT_DEVIATION_TOLERANCE,
        Optional.empty(),
        DEFAULT_BOUNDS_MARGIN,
        drift.ratio("warn"),
        drift.ratio("critical"),
        stale.count("criticalHeartbeats"),
        DEFAULT_MIN_REFERENCE_COVERAGE,
        DEFAULT_TOP_GAPS,
        DEFAULT_TOP_EPISODES);
  }

  /** The drift levels of the configured oracle.drift (with the feed's overrides applied). */
  public FeedAuditParams withDrift(RuleSettings drift) {
    return new FeedAuditParams(
        heartbeat,
        deviationThreshold,
        deviationTolerance,
        bounds,
        boundsMargin,
        drift.ratio("warn"),
        drift.ratio("critical"),
        criticalHeartbeats,
        minReferenceCoverage,
        topGaps,
        topEpisodes);
  }

  public FeedAuditParams withBounds(AnswerBounds answerBounds) {
    return new FeedAuditParams(
        heartbeat,
        deviationThreshold,
        deviationTolerance,
        Optional.of(answerBounds),
        boundsMargin,
        driftWarn,
        driftCritical,
        criticalHeartbeats,
        minReferenceCoverage,
        topGaps,
        topEpisodes);
  }

  /** How close to a bound counts as near it: the configured oracle.bounds {@code margin}. */
  public FeedAuditParams withBoundsMargin(BigDecimal margin) {
    return new FeedAuditParams(
        heartbeat,
        deviationThreshold,
        deviationTolerance,
        bounds,
        margin,
        driftWarn,
        driftCritical,
        criticalHeartbeats,
        minReferenceCoverage,
        topGaps,
        topEpisodes);
  }

  public FeedAuditParams withDeviationTolerance(Duration tolerance) {
    return new FeedAuditParams(
        heartbeat,
        deviationThreshold,
        tolerance,
        bounds,
        boundsMargin,
        driftWarn,
        driftCritical,
        criticalHeartbeats,
        minReferenceCoverage,
        topGaps,
        topEpisodes);
  }

  private static void require(boolean ok, String field, Object value, String allowed) {
    if (!ok) {
      throw new IllegalArgumentException(
          "feed audit setting " + field + " is " + value + ": must be " + allowed);
    }
  }
}
