package io.hedgewatch.audit;

import io.hedgewatch.domain.Severity;
import io.hedgewatch.domain.TimeRange;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What {@link FeedAudit} found about a feed over {@code [from, to)}. Drift and move sizes are
 * signed bps at DECIMAL64, unrounded (a report rounds them to 0.01 when it prints them); shares are
 * fractions in [0, 1].
 */
public record FeedAuditFindings(
    Instant from,
    Instant to,
    Updates updates,
    Heartbeat heartbeat,
    Deviation deviation,
    Drift drift,
    List<BoundHit> bounds,
    Verdict verdict) {

  /**
   * The updates in {@code [from, to)}, complete or not.
   *
   * @param inForceAtFrom the last complete update before {@code from}: the answer the period opens
   *     with
   */
  public record Updates(
      int total,
      int complete,
      int incomplete,
      Optional<FeedUpdate> first,
      Optional<FeedUpdate> last,
      Optional<FeedUpdate> inForceAtFrom,
      List<FeedUpdate> incompleteUpdates) {}

  /**
   * A stretch without a complete update.
   *
   * @param start the complete update that opened it, or {@code from} when the period opens with no
   *     known answer ({@code startsAtUpdate} false); it may lie before {@code from}
   * @param end the next complete update, or {@code to} ({@code endsAtUpdate} false)
   */
  public record Gap(Instant start, Instant end, boolean startsAtUpdate, boolean endsAtUpdate) {
    public Duration length() {
      return Duration.between(start, end);
    }
  }

  /**
   * Heartbeat compliance.
   *
   * @param gaps every gap, in time order: from the answer in force at {@code from} to the first
   *     complete update, between consecutive ones, from the last to {@code to}; never empty
   * @param largest the longest gaps, longest first (ties: earlier first)
   * @param overHeartbeat how many gaps are strictly longer than the heartbeat
   * @param timeInGapsOverHeartbeat the part of {@code [from, to)} inside gaps over heartbeat
   * @param staleTime the part of {@code [from, to)} when the answer in force was older than the
   *     heartbeat
   * @param staleWindows when the answer was older than the heartbeat
   * @param criticalStaleWindows when it was older than the critical number of heartbeats
   */
  public record Heartbeat(
      Duration heartbeat,
      List<Gap> gaps,
      List<Gap> largest,
      int overHeartbeat,
      double overHeartbeatShare,
      Duration timeInGapsOverHeartbeat,
      double timeInGapsOverHeartbeatShare,
      Duration staleTime,
      List<TimeRange> staleWindows,
      List<TimeRange> criticalStaleWindows) {

    public Gap maxGap() {
      return largest.isEmpty() ? gaps.get(0) : largest.get(0);
    }
  }

  /**
   * Deviation-trigger compliance: each answer in force owes a round once the reference moves beyond
   * the deviation threshold from it.
   *
   * @param triggers moves beyond the threshold whose deadline fell inside the period
   * @param met of those, how many were followed by a complete update within the tolerance
   * @param undetermined moves whose deadline fell at or after {@code to} with no update before it
   */
  public record Deviation(int triggers, int met, int undetermined, List<DeviationMiss> misses) {}

  /**
   * A move beyond the deviation threshold that no round followed within the tolerance.
   *
   * @param start the close of the first reference candle beyond the threshold
   * @param end the complete update that finally came; empty when none came before {@code to}
   * @param answerId the update whose answer the reference moved away from
   * @param peakMoveBps the largest move {@code (reference - answer) / answer} before {@code end}
   */
  public record DeviationMiss(
      Instant start,
      Optional<Instant> end,
      String answerId,
      BigDecimal answer,
      BigDecimal peakMoveBps,
      Instant peakAt) {}

  /**
   * The feed against one reference candle: the answer in force at the candle's close.
   *
   * @param driftBps {@code (answer - reference) / reference} in bps, as {@code check --json}
   */
  public record DriftSample(
      Instant openTime,
      Instant closeTime,
      String answerId,
      BigDecimal answer,
      BigDecimal reference,
      BigDecimal driftBps) {}

  /**
   * Nearest-rank percentiles of {@code |driftBps|} over the samples: the p-th percentile is the
   * value of rank {@code ceil(p / 100 x n)} in ascending order, so always an observed drift.
   */
  public record Percentiles(
      int samples, BigDecimal p50, BigDecimal p95, BigDecimal p99, BigDecimal max) {}

  /**
   * A contiguous stretch of candles whose drift is above warn (adjacent candles merged, none across
   * a reference gap).
   *
   * @param peakDriftBps the signed drift of largest magnitude
   * @param severity CRITICAL when the peak is above the critical level, else WARNING
   */
  public record DriftEpisode(
      Instant start,
      Instant end,
      BigDecimal peakDriftBps,
      Instant peakAt,
      Severity severity,
      int samples) {
    public Duration length() {
      return Duration.between(start, end);
    }
  }

  /**
   * The drift against the reference.
   *
   * @param samples one per reference candle inside the period with an answer in force, in time
   *     order
   * @param timeAboveWarn the candles' time with drift above warn (a candle counts whole)
   * @param covered the candles' time with a sample
   * @param uncovered the parts of the period without a sample
   * @param episodes every episode, in time order
   * @param worst the worst episodes: largest peak first, then longest, then earliest
   */
  public record Drift(
      List<DriftSample> samples,
      Optional<Percentiles> distribution,
      Duration timeAboveWarn,
      Duration timeAboveCritical,
      Duration covered,
      double coverageShare,
      List<TimeRange> uncovered,
      List<DriftEpisode> episodes,
      List<DriftEpisode> worst) {}

  public enum Bound {
    MIN,
    MAX
  }

  public enum BoundPosition {
    PAST,
    AT,
    NEAR
  }

  /**
   * A complete update at, past or near a circuit-breaker bound.
   *
   * @param distance raw distance to the bound, positive inside the band
   */
  public record BoundHit(
      FeedUpdate update, Bound bound, BoundPosition position, BigInteger distance) {}

  public enum Trust {
    TRUSTWORTHY,
    DEGRADED,
    UNTRUSTWORTHY
  }

  public enum ReasonKind {
    DRIFT_CRITICAL,
    STALE_CRITICAL,
    AT_BOUND,
    DRIFT_WARN,
    STALE,
    DEVIATION_MISSED,
    NEAR_BOUND,
    INCOMPLETE_ROUNDS,
    REFERENCE_MISSING
  }

  /** Why the verdict is not TRUSTWORTHY: a CRITICAL reason makes it UNTRUSTWORTHY. */
  public record Reason(Severity severity, ReasonKind kind, String summary, List<TimeRange> when) {}

  /**
   * The first screen's answer.
   *
   * @param untrusted when a CRITICAL reason held, joined
   * @param degraded when a WARNING reason held, joined
   */
  public record Verdict(
      Trust trust, List<Reason> reasons, List<TimeRange> untrusted, List<TimeRange> degraded) {}
}
