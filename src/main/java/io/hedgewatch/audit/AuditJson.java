package io.hedgewatch.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.audit.FeedAuditFindings.BoundHit;
import io.hedgewatch.audit.FeedAuditFindings.DeviationMiss;
import io.hedgewatch.audit.FeedAuditFindings.DriftEpisode;
import io.hedgewatch.audit.FeedAuditFindings.Gap;
import io.hedgewatch.audit.FeedAuditFindings.Percentiles;
import io.hedgewatch.audit.FeedAuditFindings.Reason;
import io.hedgewatch.domain.AnswerBounds;
import io.hedgewatch.domain.TimeRange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code summary.json}, following {@code check --json}'s conventions: prices and on-chain integers
 * are decimal strings (exact), bps are numbers rounded to 0.01, shares are numbers in [0, 1]
 * rounded to 0.0001, durations are seconds (numbers), times ISO-8601 UTC strings. An absent value
 * is null, never a missing field. Top level, in this order:
 *
 * <pre>
 * verdict       {trust: TRUSTWORTHY|DEGRADED|UNTRUSTWORTHY,
 *                reasons: [{severity, kind, summary, when: [{from, to}]}],
 *                untrusted: [{from, to}], degraded: [{from, to}]}
 * feed          {id, type, chain, address}
 * from, to      the period [from, to)
 * params        {heartbeatSeconds, deviationThresholdBps, deviationToleranceSeconds, driftWarnBps,
 *                driftCriticalBps, criticalHeartbeats, boundsMargin, minReferenceCoverage,
 *                bounds: {minAnswer, maxAnswer} | null}
 * rounds        updates in the period, complete or not; completeRounds, incompleteRounds
 * maxGapSeconds, heartbeatSeconds, gaps (count), gapsOverHeartbeat, gapsOverHeartbeatShare,
 * timeInGapsOverHeartbeatSeconds, staleSeconds
 * largestGaps   [{start, end, seconds, heartbeats, startsAtUpdate, endsAtUpdate}]
 * deviationTriggers, deviationTriggersMet, deviationTriggersUndetermined, missedDeviationTriggers
 * deviationMisses [{start, end | null, answerId, answer, peakMoveBps, peakAt}]
 * driftBps      {samples, p50, p95, p99, max} (of |drift|; the four null without samples)
 * timeAboveWarnSeconds, timeAboveCriticalSeconds, referenceCoverageShare
 * uncovered     [{from, to}] parts of the period without a judged drift
 * episodes      the worst drift episodes, worst first:
 *               [{start, end, seconds, peakDriftBps, peakAt, severity, samples}]
 * episodeCount  every episode
 * boundHits     [{id, at, answerRaw, price, bound: MIN|MAX, position: PAST|AT|NEAR, distance}]
 * incomplete    [{id, phaseId, at, answerRaw}]
 * referenceCoverage [{venue, coveredSlots, totalSlots, share, failure | null}]
 * carry         {title, notes: [..], series: [{name, unit, points: [{at, value}]}]} | null
 * </pre>
 */
public final class AuditJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private AuditJson() {}

  public static String render(AuditReport report) {
    try {
      return MAPPER.writeValueAsString(toJson(report));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the audit summary", e);
    }
  }

  public static ObjectNode toJson(AuditReport report) {
    FeedAuditFindings f = report.findings();
    FeedAuditParams p = report.params();
    ObjectNode root = MAPPER.createObjectNode();

    ObjectNode verdict = root.putObject("verdict");
    verdict.put("trust", f.verdict().trust().name());
    ArrayNode reasons = verdict.putArray("reasons");
    for (Reason r : f.verdict().reasons()) {
      ObjectNode reason = reasons.addObject();
      reason.put("severity", r.severity().name());
      reason.put("kind", r.kind().name());
      reason.put("summary", r.summary());
      reason.set("when", ranges(r.when()));
    }
    verdict.set("untrusted", ranges(f.verdict().untrusted()));
    verdict.set("degraded", ranges(f.verdict().degraded()));

    ObjectNode feed = root.putObject("feed");
    feed.put("id", report.feed().id());
    feed.put("type", report.feed().type());
    feed.put("chain", report.feed().chain());
    feed.put("address", report.feed().address());
    root.put("from", AuditText.iso(f.from()));
    root.put("to", AuditText.iso(f.to()));

    ObjectNode params = root.putObject("params");
    params.put("heartbeatSeconds", seconds(p.heartbeat()));
    params.put("deviationThresholdBps", bps(AuditText.fractionBps(p.deviationThreshold())));
    params.put("deviationToleranceSeconds", seconds(p.deviationTolerance()));
    params.put("driftWarnBps", bps(AuditText.fractionBps(p.driftWarn())));
    params.put("driftCriticalBps", bps(AuditText.fractionBps(p.driftCritical())));
    params.put("criticalHeartbeats", p.criticalHeartbeats());
    params.put("boundsMargin", AuditText.plain(p.boundsMargin()));
    params.put("minReferenceCoverage", AuditText.plain(p.minReferenceCoverage()));
    if (p.bounds().isPresent()) {
      AnswerBounds b = p.bounds().get();
      ObjectNode bounds = params.putObject("bounds");
      bounds.put("minAnswer", b.minAnswer().toString());
      bounds.put("maxAnswer", b.maxAnswer().toString());
    } else {
      params.putNull("bounds");
    }

    root.put("rounds", f.updates().total());
    root.put("completeRounds", f.updates().complete());
    root.put("incompleteRounds", f.updates().incomplete());

    FeedAuditFindings.Heartbeat hb = f.heartbeat();
    root.put("maxGapSeconds", seconds(hb.maxGap().length()));
    root.put("heartbeatSeconds", seconds(hb.heartbeat()));
    root.put("gaps", hb.gaps().size());
    root.put("gapsOverHeartbeat", hb.overHeartbeat());
    root.put("gapsOverHeartbeatShare", AuditText.round4(hb.overHeartbeatShare()));
    root.put("timeInGapsOverHeartbeatSeconds", seconds(hb.timeInGapsOverHeartbeat()));
    root.put("staleSeconds", seconds(hb.staleTime()));
    ArrayNode largest = root.putArray("largestGaps");
    for (Gap g : hb.largest()) {
      ObjectNode gap = largest.addObject();
      gap.put("start", AuditText.iso(g.start()));
      gap.put("end", AuditText.iso(g.end()));
      gap.put("seconds", seconds(g.length()));
      gap.put("heartbeats", AuditText.heartbeats(g.length(), hb.heartbeat()));
      gap.put("startsAtUpdate", g.startsAtUpdate());
      gap.put("endsAtUpdate", g.endsAtUpdate());
    }

    FeedAuditFindings.Deviation dev = f.deviation();
    root.put("deviationTriggers", dev.triggers());
    root.put("deviationTriggersMet", dev.met());
    root.put("deviationTriggersUndetermined", dev.undetermined());
    root.put("missedDeviationTriggers", dev.misses().size());
    ArrayNode misses = root.putArray("deviationMisses");
    for (DeviationMiss m : dev.misses()) {
      ObjectNode miss = misses.addObject();
      miss.put("start", AuditText.iso(m.start()));
      time(miss, "end", m.end());
      miss.put("answerId", m.answerId());
      miss.put("answer", AuditText.plain(m.answer()));
      miss.put("peakMoveBps", bps(m.peakMoveBps()));
      miss.put("peakAt", AuditText.iso(m.peakAt()));
    }

    FeedAuditFindings.Drift drift = f.drift();
    ObjectNode distribution = root.putObject("driftBps");
    Optional<Percentiles> pct = drift.distribution();
    distribution.put("samples", pct.map(Percentiles::samples).orElse(0));
    percentile(distribution, "p50", pct.map(Percentiles::p50));
    percentile(distribution, "p95", pct.map(Percentiles::p95));
    percentile(distribution, "p99", pct.map(Percentiles::p99));
    percentile(distribution, "max", pct.map(Percentiles::max));
    root.put("timeAboveWarnSeconds", seconds(drift.timeAboveWarn()));
    root.put("timeAboveCriticalSeconds", seconds(drift.timeAboveCritical()));
    root.put("referenceCoverageShare", AuditText.round4(drift.coverageShare()));
    root.set("uncovered", ranges(drift.uncovered()));
    ArrayNode episodes = root.putArray("episodes");
    for (DriftEpisode e : drift.worst()) {
      ObjectNode episode = episodes.addObject();
      episode.put("start", AuditText.iso(e.start()));
      episode.put("end", AuditText.iso(e.end()));
      episode.put("seconds", seconds(e.length()));
      episode.put("peakDriftBps", bps(e.peakDriftBps()));
      episode.put("peakAt", AuditText.iso(e.peakAt()));
      episode.put("severity", e.severity().name());
      episode.put("samples", e.samples());
    }
    root.put("episodeCount", drift.episodes().size());

    ArrayNode bounds = root.putArray("boundHits");
    for (BoundHit h : f.bounds()) {
      ObjectNode hit = bounds.addObject();
      hit.put("id", h.update().id());
      hit.put("at", AuditText.iso(h.update().at()));
      hit.put("answerRaw", h.update().raw().toString());
      hit.put("price", AuditText.plain(h.update().price()));
      hit.put("bound", h.bound().name());
      hit.put("position", h.position().name());
      hit.put("distance", h.distance().toString());
    }
    ArrayNode incomplete = root.putArray("incomplete");
    for (FeedUpdate u : f.updates().incompleteUpdates()) {
      ObjectNode round = incomplete.addObject();
      round.put("id", u.id());
      round.put("phaseId", u.phaseId());
      round.put("at", AuditText.iso(u.at()));
      round.put("answerRaw", u.raw().toString());
    }
    ArrayNode coverage = root.putArray("referenceCoverage");
    for (ReferenceCoverage c : report.coverage()) {
      ObjectNode venue = coverage.addObject();
      venue.put("venue", c.venue());
      venue.put("coveredSlots", c.coveredSlots());
      venue.put("totalSlots", c.totalSlots());
      venue.put("share", AuditText.round4(c.share()));
      c.failure().ifPresentOrElse(e -> venue.put("failure", e), () -> venue.putNull("failure"));
    }
    if (report.carry().isPresent()) {
      CarrySection carry = report.carry().get();
      ObjectNode section = root.putObject("carry");
      section.put("title", carry.title());
      ArrayNode notes = section.putArray("notes");
      carry.notes().forEach(notes::add);
      ArrayNode series = section.putArray("series");
      for (CarrySection.TimeSeries s : carry.series()) {
        ObjectNode line = series.addObject();
        line.put("name", s.name());
        line.put("unit", s.unit());
        ArrayNode points = line.putArray("points");
        for (CarrySection.Point point : s.points()) {
          points
              .addObject()
              .put("at", AuditText.iso(point.at()))
              .put("value", AuditText.plain(point.value()));
        }
      }
    } else {
      root.putNull("carry");
    }
    return root;
  }

  private static ArrayNode ranges(List<TimeRange> ranges) {
    ArrayNode out = MAPPER.createArrayNode();
    for (TimeRange r : ranges) {
      out.addObject().put("from", AuditText.iso(r.from())).put("to", AuditText.iso(r.to()));
    }
    return out;
  }

  private static void time(ObjectNode node, String field, Optional<Instant> t) {
    t.ifPresentOrElse(v -> node.put(field, AuditText.iso(v)), () -> node.putNull(field));
  }

  private static void percentile(ObjectNode node, String field, Optional<BigDecimal> bps) {
    bps.ifPresentOrElse(v -> node.put(field, bps(v)), () -> node.putNull(field));
  }

  /** Bps as a JSON number to 0.01: a BigDecimal node, so no binary rounding shows. */
  private static BigDecimal bps(BigDecimal value) {
    return AuditText.bps2(value);
  }

  /** Whole seconds as an integer, else with the milliseconds. */
  private static BigDecimal seconds(Duration d) {
    BigDecimal s = BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros();
    return s.scale() < 0 ? s.setScale(0) : s;
  }
}
