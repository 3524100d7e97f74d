package io.hedgewatch.audit;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.domain.TimeRange;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The carry report's {@code summary.json}, following {@link AuditJson}'s conventions: money, sizes,
 * prices and APRs are decimal strings (money and sizes exact; an APR, a division, rounded half-up
 * to 10 decimals, as a yearly fraction: {@code "0.0876"} is 8.76 % a year), counts are numbers,
 * durations are seconds (numbers), times ISO-8601 UTC strings. An absent value is null, never a
 * missing field. Net amounts are {@code received − paid}: positive, the hedge earned.
 *
 * <pre>
 * carry
 *   target       {kind: market|position, id}
 *   market       the market the hedge is on
 *   from, to     the period [from, to)
 *   hedge        {side: LONG|SHORT, size}
 *   priceSource  how each settlement's notional was priced
 *   hedgeVenue   venue
 *   cex          [venue] each centralized venue whose history could be read, in config order
 *   comparison   {cheapestVenue, cheapestApr, medianApr, excessAprVsCheapest, excessAprVsMedian,
 *                 excessCostVsCheapest, excessCostVsMedian} each null without a comparison;
 *                excess = the CEX's APR (or its cost in money) beyond the hedge venue's: positive,
 *                the hedge venue cost more
 *   problems     [text] inputs that were missing, and why
 *
 * venue          {venue, intervalSeconds, paid, received, net, netApr | null, notionalHours,
 *                 settlements, partialSettlements,
 *                 coverage: {first | null, last | null, coveredSeconds, periodSeconds, complete,
 *                            missing: [{from, to}], missingIntervals}}
 * </pre>
 */
public final class CarryAuditJson {

  /** Decimals an APR or another quotient is printed to. */
  static final int QUOTIENT_SCALE = 10;

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private CarryAuditJson() {}

  public static String render(CarryReport report) {
    try {
      return MAPPER.writeValueAsString(toJson(report));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render the carry summary", e);
    }
  }

  public static ObjectNode toJson(CarryReport report) {
    CarryAuditResult r = report.result();
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode carry = root.putObject("carry");
    ObjectNode target = carry.putObject("target");
    target.put(
        "kind", report.target() instanceof CarryHistory.Target.Position ? "position" : "market");
    target.put("id", report.target().id());
    carry.put("market", report.marketId());
    carry.put("from", AuditText.iso(r.from()));
    carry.put("to", AuditText.iso(r.to()));
    ObjectNode hedge = carry.putObject("hedge");
    hedge.put("side", r.hedge().side().name());
    hedge.put("size", AuditText.plain(r.hedge().size()));
    carry.put("priceSource", report.priceSource());
    carry.set("hedgeVenue", venue(r.hedgeVenue(), r.from(), r.to()));
    ArrayNode cex = carry.putArray("cex");
    r.cex().forEach(v -> cex.add(venue(v, r.from(), r.to())));
    CarryAuditResult.Comparison c = r.comparison();
    ObjectNode comparison = carry.putObject("comparison");
    comparison.put("cheapestVenue", c.cheapestVenue().orElse(null));
    comparison.put("cheapestApr", quotient(c.cheapestApr()));
    comparison.put("medianApr", quotient(c.medianApr()));
    comparison.put("excessAprVsCheapest", quotient(c.excessAprVsCheapest()));
    comparison.put("excessAprVsMedian", quotient(c.excessAprVsMedian()));
    comparison.put("excessCostVsCheapest", quotient(c.excessCostVsCheapest()));
    comparison.put("excessCostVsMedian", quotient(c.excessCostVsMedian()));
    ArrayNode problems = carry.putArray("problems");
    report.problems().forEach(problems::add);
    return root;
  }

  private static ObjectNode venue(CarryAuditVenue v, Instant from, Instant to) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("venue", v.venue());
    n.put("intervalSeconds", v.interval().toSeconds());
    n.put("paid", AuditText.plain(v.paid()));
    n.put("received", AuditText.plain(v.received()));
    n.put("net", AuditText.plain(v.net()));
    n.put("netApr", quotient(v.netApr()));
    n.put("notionalHours", AuditText.plain(v.notionalHours()));
    n.put("settlements", v.settlements());
    n.put("partialSettlements", v.partialSettlements());
    CarryAuditVenue.Coverage c = v.coverage();
    ObjectNode coverage = n.putObject("coverage");
    coverage.put("first", c.first().map(AuditText::iso).orElse(null));
    coverage.put("last", c.last().map(AuditText::iso).orElse(null));
    coverage.put("coveredSeconds", c.covered().toSeconds());
    coverage.put("periodSeconds", Duration.between(from, to).toSeconds());
    coverage.put("complete", c.complete());
    ArrayNode missing = coverage.putArray("missing");
    for (TimeRange m : c.missing()) {
      missing.addObject().put("from", AuditText.iso(m.from())).put("to", AuditText.iso(m.to()));
    }
    coverage.put("missingIntervals", c.missingIntervals());
    return n;
  }

  private static String quotient(Optional<BigDecimal> value) {
    return value.map(CarryAuditJson::quotient).orElse(null);
  }

  static String quotient(BigDecimal value) {
    return AuditText.plain(value.setScale(QUOTIENT_SCALE, RoundingMode.HALF_UP));
  }
}
