package io.hedgewatch.audit;

import io.hedgewatch.audit.FeedAuditFindings.Bound;
import io.hedgewatch.audit.FeedAuditFindings.BoundHit;
import io.hedgewatch.audit.FeedAuditFindings.BoundPosition;
import io.hedgewatch.audit.FeedAuditFindings.Deviation;
import io.hedgewatch.audit.FeedAuditFindings.DeviationMiss;
import io.hedgewatch.audit.FeedAuditFindings.Drift;
import io.hedgewatch.audit.FeedAuditFindings.DriftEpisode;
import io.hedgewatch.audit.FeedAuditFindings.DriftSample;
import io.hedgewatch.audit.FeedAuditFindings.Gap;
import io.hedgewatch.audit.FeedAuditFindings.Heartbeat;
import io.hedgewatch.audit.FeedAuditFindings.Percentiles;
import io.hedgewatch.audit.FeedAuditFindings.Reason;
import io.hedgewatch.audit.FeedAuditFindings.ReasonKind;
import io.hedgewatch.audit.FeedAuditFindings.Trust;
import io.hedgewatch.audit.FeedAuditFindings.Updates;
import io.hedgewatch.audit.FeedAuditFindings.Verdict;
import io.hedgewatch.domain.AnswerBounds;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.domain.TimeRange;
import io.hedgewatch.risk.OracleBoundsRule;
import io.hedgewatch.risk.OracleDriftRule;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The findings of a feed audit, from the feed's updates and the reference's candles: pure, no I/O,
 * linear in updates plus candles (bar the sorts for the largest gaps, worst episodes and
 * percentiles).
 *
 * <p>Conventions:
 *
 * <ul>
 *   <li>The period is {@code [from, to)}. Updates before {@code from} only give the answer in force
 *       at {@code from}; updates at or after {@code to} are ignored.
 *   <li>Only complete updates carry an answer: an incomplete one is counted and named, but neither
 *       refreshes the answer nor ends a gap.
 *   <li>A reference candle is judged when it lies inside {@code [from, to]}, at its close, against
 *       the answer in force then (the last complete update at or before the close). A candle counts
 *       whole toward the time above a level; time without a candle is not judged (reported as
 *       uncovered).
 *   <li>Drift and its levels are compared exactly, as oracle.drift does ({@code |answer - ref| >
 *       level x ref}); the bps figures come from {@link OracleDriftRule#driftBps}.
 *   <li>Deviation trigger: once the reference, at a candle close, is strictly beyond {@code
 *       deviationThreshold x answer} from the answer in force, a complete update is owed by that
 *       close plus the tolerance; one trigger per answer. A deadline at or after {@code to} with no
 *       update before {@code to} is undetermined, not a miss.
 * </ul>
 *
 * <p>Verdict: UNTRUSTWORTHY when any CRITICAL reason holds (drift above critical; the answer older
 * than {@code criticalHeartbeats} heartbeats; a round at or past a circuit-breaker bound), DEGRADED
 * when only WARNING reasons hold (drift above warn; the answer older than the heartbeat; a missed
 * deviation trigger; a round near a bound; incomplete rounds; the reference covering less than
 * {@code minReferenceCoverage} of the period), TRUSTWORTHY otherwise. Each reason carries the time
 * ranges it held.
 */
public final class FeedAudit {

  private FeedAudit() {}

  /**
   * @param updates the feed's updates in time order, possibly starting before {@code from}
   * @param reference the reference candles in time order, not overlapping
   * @throws IllegalArgumentException for an empty period or inputs out of order
   */
  public static FeedAuditFindings audit(
      Instant from,
      Instant to,
      List<FeedUpdate> updates,
      List<ReferencePoint> reference,
      FeedAuditParams params) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(params, "params");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException(
          "audit period from " + from + " to " + to + " is empty: to must be after from");
    }
    checkUpdatesInOrder(updates);
    checkReferenceInOrder(reference);

    Optional<FeedUpdate> inForceAtFrom = Optional.empty();
    List<FeedUpdate> inPeriod = new ArrayList<>();
    for (FeedUpdate u : updates) {
      if (u.at().isBefore(from)) {
        if (u.complete()) {
          inForceAtFrom = Optional.of(u);
        }
      } else if (u.at().isBefore(to)) {
        inPeriod.add(u);
      }
    }
    List<FeedUpdate> rounds = inPeriod.stream().filter(FeedUpdate::complete).toList();
    List<FeedUpdate> incomplete = inPeriod.stream().filter(u -> !u.complete()).toList();
    Updates counts =
        new Updates(
            inPeriod.size(),
            rounds.size(),
            incomplete.size(),
            inPeriod.isEmpty() ? Optional.empty() : Optional.of(inPeriod.get(0)),
            inPeriod.isEmpty() ? Optional.empty() : Optional.of(inPeriod.get(inPeriod.size() - 1)),
            inForceAtFrom,
            incomplete);

    // The priced rounds the walk steps through: the one in force at from, then the period's.
    List<FeedUpdate> priced = new ArrayList<>(rounds.size() + 1);
    inForceAtFrom.ifPresent(priced::add);
    priced.addAll(rounds);

    Heartbeat heartbeat = heartbeat(from, to, inForceAtFrom, rounds, params);
    Walk walk = new Walk(from, to, priced, params);
    walk.run(reference);
    List<BoundHit> bounds = params.bounds().map(b -> bounds(rounds, b, params)).orElse(List.of());
    Verdict verdict =
        verdict(from, to, counts, heartbeat, walk.deviation, walk.drift, bounds, priced, params);
    return new FeedAuditFindings(
        from, to, counts, heartbeat, walk.deviation, walk.drift, bounds, verdict);
  }

  private static void checkUpdatesInOrder(List<FeedUpdate> updates) {
    for (int i = 1; i < updates.size(); i++) {
      if (updates.get(i).at().isBefore(updates.get(i - 1).at())) {
        throw new IllegalArgumentException(
            "feed updates must be in time order: update "
                + i
                + " ("
                + updates.get(i).id()
                + " at "
                + updates.get(i).at()
                + ") comes before update "
                + (i - 1)
                + " ("
                + updates.get(i - 1).id()
                + " at "
                + updates.get(i - 1).at()
                + ")");
      }
    }
  }

  private static void checkReferenceInOrder(List<ReferencePoint> reference) {
    for (int i = 1; i < reference.size(); i++) {
      if (reference.get(i).openTime().isBefore(reference.get(i - 1).closeTime())) {
        throw new IllegalArgumentException(
            "reference candles must be in time order without overlap: candle "
                + i
                + " opens at "
                + reference.get(i).openTime()
                + ", before candle "
                + (i - 1)
                + " closes at "
                + reference.get(i - 1).closeTime());
      }
    }
  }

  // ---------------------------------------------------------------- heartbeat

  private static Heartbeat heartbeat(
      Instant from,
      Instant to,
      Optional<FeedUpdate> inForceAtFrom,
      List<FeedUpdate> rounds,
      FeedAuditParams params) {
    List<Gap> gaps = new ArrayList<>(rounds.size() + 1);
    Instant start = inForceAtFrom.map(FeedUpdate::at).orElse(from);
    boolean startsAtUpdate = inForceAtFrom.isPresent();
    for (FeedUpdate r : rounds) {
      gaps.add(new Gap(start, r.at(), startsAtUpdate, true));
      start = r.at();
      startsAtUpdate = true;
    }
    gaps.add(new Gap(start, to, startsAtUpdate, false));

    Duration hb = params.heartbeat();
    Duration critical = hb.multipliedBy(params.criticalHeartbeats());
    int over = 0;
    Duration inOverGaps = Duration.ZERO;
    Duration stale = Duration.ZERO;
    List<TimeRange> staleWindows = new ArrayList<>();
    List<TimeRange> criticalWindows = new ArrayList<>();
    for (Gap g : gaps) {
      if (g.length().compareTo(hb) > 0) {
        over++;
        inOverGaps = inOverGaps.plus(Duration.between(latest(g.start(), from), g.end()));
        Instant staleFrom = latest(g.start().plus(hb), from);
        if (g.end().isAfter(staleFrom)) {
          stale = stale.plus(Duration.between(staleFrom, g.end()));
          staleWindows.add(new TimeRange(staleFrom, g.end()));
        }
        Instant criticalFrom = latest(g.start().plus(critical), from);
        if (g.end().isAfter(criticalFrom)) {
          criticalWindows.add(new TimeRange(criticalFrom, g.end()));
        }
      }
    }
    List<Gap> largest =
        gaps.stream()
            .sorted(Comparator.comparing(Gap::length).reversed().thenComparing(Gap::start))
            .limit(params.topGaps())
            .toList();
    Duration period = Duration.between(from, to);
    return new Heartbeat(
        hb,
        List.copyOf(gaps),
        largest,
        over,
        (double) over / gaps.size(),
        inOverGaps,
        share(inOverGaps, period),
        stale,
        List.copyOf(staleWindows),
        List.copyOf(criticalWindows));
  }

  // ---------------------------------------------------------------- drift and deviation

  /**
   * One pass over the candles, stepping through the priced rounds alongside: the answer in force at
   * each close is the last round at or before it.
   */
  private static final class Walk {
    private final Instant from;
    private final Instant to;
    private final List<FeedUpdate> priced;
    private final FeedAuditParams params;

    private int next; // index of the first priced round after the answer in force
    private FeedUpdate answer;

    // deviation state for the answer in force
    private Instant triggerAt;
    private BigDecimal peakMove;
    private Instant peakMoveAt;
    private int triggers;
    private int met;
    private int undetermined;
    private final List<DeviationMiss> misses = new ArrayList<>();

    // drift state
    private final List<DriftSample> samples = new ArrayList<>();
    private final List<BigDecimal> magnitudes = new ArrayList<>();
    private Duration aboveWarn = Duration.ZERO;
    private Duration aboveCritical = Duration.ZERO;
    private Duration covered = Duration.ZERO;
    private final List<TimeRange> coveredRanges = new ArrayList<>();
    private final List<DriftEpisode> episodes = new ArrayList<>();
    private EpisodeBuilder episode;

    Deviation deviation;
    Drift drift;

    Walk(Instant from, Instant to, List<FeedUpdate> priced, FeedAuditParams params) {
      this.from = from;
      this.to = to;
      this.priced = priced;
      this.params = params;
    }

    void run(List<ReferencePoint> reference) {
      for (ReferencePoint p : reference) {
        if (p.openTime().isBefore(from) || p.closeTime().isAfter(to)) {
          continue;
        }
        advanceTo(p.closeTime());
        if (answer == null) {
          closeEpisode();
          continue;
        }
        judgeDeviation(p);
        judgeDrift(p);
      }
      closeEpisode();
      // Rounds after the last candle still settle the trigger of the answer they replace.
      advanceTo(Instant.MAX);
      settleOpenTrigger(Optional.empty());
      finish();
    }

    private void advanceTo(Instant t) {
      while (next < priced.size() && !priced.get(next).at().isAfter(t)) {
        FeedUpdate round = priced.get(next++);
        settleOpenTrigger(Optional.of(round.at()));
        answer = round;
      }
    }

    /** The answer in force is replaced at {@code replacedAt} (empty: never, within the period). */
    private void settleOpenTrigger(Optional<Instant> replacedAt) {
      if (triggerAt == null) {
        return;
      }
      Instant deadline = triggerAt.plus(params.deviationTolerance());
      if (replacedAt.isPresent() && !replacedAt.get().isAfter(deadline)) {
        triggers++;
        met++;
      } else if (replacedAt.isEmpty() && !deadline.isBefore(to)) {
        undetermined++;
      } else {
        triggers++;
        misses.add(
            new DeviationMiss(
                triggerAt, replacedAt, answer.id(), answer.price(), peakMove, peakMoveAt));
      }
      triggerAt = null;
      peakMove = null;
      peakMoveAt = null;
    }

    private void judgeDeviation(ReferencePoint p) {
      BigDecimal ans = answer.price();
      BigDecimal move = p.price().subtract(ans).abs();
      boolean beyond = move.compareTo(params.deviationThreshold().multiply(ans)) > 0;
      if (triggerAt == null && !beyond) {
        return;
      }
      // The reference's move from the answer: the drift formula with the roles swapped.
      BigDecimal moveBps = OracleDriftRule.driftBps(p.price(), ans);
      if (triggerAt == null) {
        triggerAt = p.closeTime();
      }
      if (peakMove == null || moveBps.abs().compareTo(peakMove.abs()) > 0) {
        peakMove = moveBps;
        peakMoveAt = p.closeTime();
      }
    }

    private void judgeDrift(ReferencePoint p) {
      BigDecimal ans = answer.price();
      BigDecimal ref = p.price();
      BigDecimal bps = OracleDriftRule.driftBps(ans, ref);
      samples.add(new DriftSample(p.openTime(), p.closeTime(), answer.id(), ans, ref, bps));
      magnitudes.add(bps.abs());
      Duration span = Duration.between(p.openTime(), p.closeTime());
      covered = covered.plus(span);
      int last = coveredRanges.size() - 1;
      if (last >= 0 && coveredRanges.get(last).to().equals(p.openTime())) {
        coveredRanges.set(last, new TimeRange(coveredRanges.get(last).from(), p.closeTime()));
      } else {
        coveredRanges.add(new TimeRange(p.openTime(), p.closeTime()));
      }

      BigDecimal gap = ans.subtract(ref).abs();
      boolean warn = gap.compareTo(params.driftWarn().multiply(ref)) > 0;
      boolean critical = gap.compareTo(params.driftCritical().multiply(ref)) > 0;
      if (!warn) {
        closeEpisode();
        return;
      }
      aboveWarn = aboveWarn.plus(span);
      if (critical) {
        aboveCritical = aboveCritical.plus(span);
      }
      if (episode != null && !p.openTime().isAfter(episode.end)) {
        episode.add(p, bps, critical);
      } else {
        closeEpisode();
        episode = new EpisodeBuilder(p, bps, critical);
      }
    }

    private void closeEpisode() {
      if (episode != null) {
        episodes.add(episode.build());
        episode = null;
      }
    }

    private void finish() {
      deviation = new Deviation(triggers, met, undetermined, List.copyOf(misses));
      Optional<Percentiles> distribution =
          magnitudes.isEmpty() ? Optional.empty() : Optional.of(percentiles(magnitudes));
      List<DriftEpisode> worst =
          episodes.stream()
              .sorted(
                  Comparator.comparing((DriftEpisode e) -> e.peakDriftBps().abs())
                      .reversed()
                      .thenComparing(Comparator.comparing(DriftEpisode::length).reversed())
                      .thenComparing(DriftEpisode::start))
              .limit(params.topEpisodes())
              .toList();
      TimeRange period = new TimeRange(from, to);
      List<TimeRange> uncovered =
          coveredRanges.isEmpty()
              ? List.of(period)
              : TimeRange.gaps(period, coveredRanges).stream()
                  .filter(g -> g.to().isAfter(g.from()))
                  .toList();
      drift =
          new Drift(
              List.copyOf(samples),
              distribution,
              aboveWarn,
              aboveCritical,
              covered,
              share(covered, Duration.between(from, to)),
              uncovered,
              List.copyOf(episodes),
              worst);
    }
  }

  private static final class EpisodeBuilder {
    private final Instant start;
    private Instant end;
    private BigDecimal peak;
    private Instant peakAt;
    private boolean critical;
    private int samples;

    EpisodeBuilder(ReferencePoint p, BigDecimal bps, boolean critical) {
      this.start = p.openTime();
      this.end = p.closeTime();
      this.peak = bps;
      this.peakAt = p.closeTime();
      this.critical = critical;
      this.samples = 1;
    }

    void add(ReferencePoint p, BigDecimal bps, boolean isCritical) {
      end = p.closeTime();
      if (bps.abs().compareTo(peak.abs()) > 0) {
        peak = bps;
        peakAt = p.closeTime();
      }
      critical |= isCritical;
      samples++;
    }

    DriftEpisode build() {
      return new DriftEpisode(
          start, end, peak, peakAt, critical ? Severity.CRITICAL : Severity.WARNING, samples);
    }
  }

  /**
   * Nearest-rank percentiles: rank {@code ceil(p x n / 100)} (1-based) of the ascending values.
   * Exact and always an observed value; p100 is the maximum.
   */
  static Percentiles percentiles(List<BigDecimal> values) {
    List<BigDecimal> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return new Percentiles(
        n,
        nearestRank(sorted, 50),
        nearestRank(sorted, 95),
        nearestRank(sorted, 99),
        sorted.get(n - 1));
  }

  static BigDecimal nearestRank(List<BigDecimal> sorted, int percent) {
    long n = sorted.size();
    long rank = (percent * n + 99) / 100;
    return sorted.get((int) Math.max(rank, 1) - 1);
  }

  // ---------------------------------------------------------------- bounds

  private static List<BoundHit> bounds(
      List<FeedUpdate> rounds, AnswerBounds bounds, FeedAuditParams params) {
    boolean lower = OracleBoundsRule.hasLowerBound(bounds);
    boolean upper = OracleBoundsRule.hasUpperBound(bounds);
    if (!lower && !upper) {
      return List.of();
    }
    BigDecimal margin = params.boundsMargin();
    // Each bound's own fraction, as oracle.bounds measures it: a fraction of the band would call a
    // 3,000 USD answer near a 10 USD minAnswer when the maxAnswer is 1,000,000 USD.
    BigDecimal nearMin = margin.multiply(new BigDecimal(bounds.minAnswer().abs()));
    BigDecimal nearMax = margin.multiply(new BigDecimal(bounds.maxAnswer().abs()));
    List<BoundHit> hits = new ArrayList<>();
    for (FeedUpdate r : rounds) {
      BoundHit best = null;
      if (lower) {
        best = hit(r, Bound.MIN, r.raw().subtract(bounds.minAnswer()), nearMin);
      }
      if (upper) {
        BoundHit h = hit(r, Bound.MAX, bounds.maxAnswer().subtract(r.raw()), nearMax);
        if (h != null && (best == null || h.distance().compareTo(best.distance()) < 0)) {
          best = h;
        }
      }
      if (best != null) {
        hits.add(best);
      }
    }
    return List.copyOf(hits);
  }

  private static BoundHit hit(FeedUpdate r, Bound bound, BigInteger distance, BigDecimal near) {
    if (distance.signum() < 0) {
      return new BoundHit(r, bound, BoundPosition.PAST, distance);
    }
    if (distance.signum() == 0) {
      return new BoundHit(r, bound, BoundPosition.AT, distance);
    }
    if (new BigDecimal(distance).compareTo(near) <= 0) {
      return new BoundHit(r, bound, BoundPosition.NEAR, distance);
    }
    return null;
  }

  // ---------------------------------------------------------------- verdict

  private static Verdict verdict(
      Instant from,
      Instant to,
      Updates updates,
      Heartbeat heartbeat,
      Deviation deviation,
      Drift drift,
      List<BoundHit> bounds,
      List<FeedUpdate> priced,
      FeedAuditParams params) {
    List<Reason> reasons = new ArrayList<>();
    List<DriftEpisode> criticalEpisodes =
        drift.episodes().stream().filter(e -> e.severity() == Severity.CRITICAL).toList();
    if (!criticalEpisodes.isEmpty()) {
      reasons.add(
          new Reason(
              Severity.CRITICAL,
              ReasonKind.DRIFT_CRITICAL,
              "drift above the critical level of "
                  + bpsText(bps(params.driftCritical()))
                  + " for "
                  + durationText(drift.timeAboveCritical())
                  + " in "
                  + criticalEpisodes.size()
                  + " episode(s), peak "
                  + bpsText(peakOf(criticalEpisodes)),
              criticalEpisodes.stream().map(e -> new TimeRange(e.start(), e.end())).toList()));
    }
    if (!heartbeat.criticalStaleWindows().isEmpty()) {
      reasons.add(
          new Reason(
              Severity.CRITICAL,
              ReasonKind.STALE_CRITICAL,
              "answer older than "
                  + params.criticalHeartbeats()
                  + " heartbeats ("
                  + durationText(heartbeat.heartbeat().multipliedBy(params.criticalHeartbeats()))
                  + ") for "
                  + durationText(total(heartbeat.criticalStaleWindows()))
                  + "; longest gap "
                  + durationText(heartbeat.maxGap().length()),
              heartbeat.criticalStaleWindows()));
    }
    List<BoundHit> atBound =
        bounds.stream().filter(b -> b.position() != BoundPosition.NEAR).toList();
    if (!atBound.isEmpty()) {
      reasons.add(
          new Reason(
              Severity.CRITICAL,
              ReasonKind.AT_BOUND,
              atBound.size()
                  + " round(s) at or past the circuit-breaker bound: the price could not follow"
                  + " the market",
              inForceWindows(atBound, priced, to)));
    }
    List<DriftEpisode> warnEpisodes =
        drift.episodes().stream().filter(e -> e.severity() == Severity.WARNING).toList();
    if (!warnEpisodes.isEmpty()) {
      reasons.add(
          new Reason(
              Severity.WARNING,
              ReasonKind.DRIFT_WARN,
              // the warning-level episodes alone, as the ranges are: the critical ones have
              // their own reason
              "drift above the warning level of "
                  + bpsText(bps(params.driftWarn()))
                  + (warnEpisodes.size() < drift.episodes().size() ? ", short of critical," : "")
                  + " for "
                  + durationText(
                      warnEpisodes.stream()
                          .map(DriftEpisode::length)
                          .reduce(Duration.ZERO, Duration::plus))
                  + " in "
                  + warnEpisodes.size()
                  + " episode(s)",
              warnEpisodes.stream().map(e -> new TimeRange(e.start(), e.end())).toList()));
    }
    if (!heartbeat.staleWindows().isEmpty()) {
      reasons.add(
          new Reason(
              Severity.WARNING,
              ReasonKind.STALE,
              heartbeat.overHeartbeat()
                  + " gap(s) over the heartbeat of "
                  + durationText(heartbeat.heartbeat())
                  + ": answer older than the heartbeat for "
                  + durationText(heartbeat.staleTime()),
              heartbeat.staleWindows()));
    }
    if (!deviation.misses().isEmpty()) {
      reasons.add(
          new Reason(
              Severity.WARNING,
              ReasonKind.DEVIATION_MISSED,
              deviation.misses().size()
                  + " of "
                  + deviation.triggers()
                  + " deviation trigger(s) of "
                  + bpsText(bps(params.deviationThreshold()))
                  + " missed: no round within "
                  + durationText(params.deviationTolerance()),
              deviation.misses().stream()
                  .map(m -> new TimeRange(m.start(), m.end().orElse(to)))
                  .toList()));
    }
    List<BoundHit> nearBound =
        bounds.stream().filter(b -> b.position() == BoundPosition.NEAR).toList();
    if (!nearBound.isEmpty()) {
      reasons.add(
          new Reason(
              Severity.WARNING,
              ReasonKind.NEAR_BOUND,
              nearBound.size() + " round(s) near a circuit-breaker bound",
              inForceWindows(nearBound, priced, to)));
    }
    if (updates.incomplete() > 0) {
      reasons.add(
          new Reason(
              Severity.WARNING,
              ReasonKind.INCOMPLETE_ROUNDS,
              updates.incomplete() + " incomplete round(s)",
              updates.incompleteUpdates().stream()
                  .map(u -> new TimeRange(u.at(), u.at()))
                  .toList()));
    }
    if (BigDecimal.valueOf(drift.coverageShare()).compareTo(params.minReferenceCoverage()) < 0) {
      reasons.add(
          new Reason(
              Severity.WARNING,
              ReasonKind.REFERENCE_MISSING,
              "drift judged over "
                  + BigDecimal.valueOf(drift.coverageShare() * 100)
                      .setScale(1, RoundingMode.HALF_EVEN)
                      .toPlainString()
                  + " % of the period only: no reference (or no answer) for the rest",
              drift.uncovered()));
    }
    boolean anyCritical = reasons.stream().anyMatch(r -> r.severity() == Severity.CRITICAL);
    Trust trust =
        anyCritical ? Trust.UNTRUSTWORTHY : reasons.isEmpty() ? Trust.TRUSTWORTHY : Trust.DEGRADED;
    return new Verdict(
        trust,
        List.copyOf(reasons),
        windowsOf(reasons, Severity.CRITICAL),
        windowsOf(reasons, Severity.WARNING));
  }

  /** From each round until the next priced round (or {@code to}): while its answer was in force. */
  private static List<TimeRange> inForceWindows(
      List<BoundHit> hits, List<FeedUpdate> priced, Instant to) {
    List<TimeRange> windows = new ArrayList<>();
    int i = 0;
    for (BoundHit h : hits) {
      while (i < priced.size() && priced.get(i) != h.update()) {
        i++;
      }
      Instant end = i + 1 < priced.size() ? priced.get(i + 1).at() : to;
      windows.add(new TimeRange(h.update().at(), end));
    }
    return List.copyOf(windows);
  }

  private static List<TimeRange> windowsOf(List<Reason> reasons, Severity severity) {
    return TimeRange.union(
        reasons.stream()
            .filter(r -> r.severity() == severity)
            .flatMap(r -> r.when().stream())
            .toList());
  }

  private static BigDecimal peakOf(List<DriftEpisode> episodes) {
    return episodes.stream()
        .map(e -> e.peakDriftBps().abs())
        .max(Comparator.naturalOrder())
        .orElseThrow();
  }

  private static Duration total(List<TimeRange> ranges) {
    return ranges.stream()
        .map(r -> Duration.between(r.from(), r.to()))
        .reduce(Duration.ZERO, Duration::plus);
  }

  private static BigDecimal bps(BigDecimal fraction) {
    return fraction.multiply(BigDecimal.valueOf(10_000));
  }

  private static String bpsText(BigDecimal bps) {
    BigDecimal rounded = bps.setScale(2, RoundingMode.HALF_EVEN).stripTrailingZeros();
    return (rounded.scale() < 0 ? rounded.setScale(0) : rounded).toPlainString() + " bps";
  }

  private static String durationText(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }

  private static double share(Duration part, Duration whole) {
    return whole.isZero() ? 0 : (double) part.toMillis() / whole.toMillis();
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
