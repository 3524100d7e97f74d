package io.hedgewatch.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.risk.Stress;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contract's {@code stress --json} document: {@link CheckJson}'s document of the shocked state
 * ({@link StressReport#document()}), with {@code shock} after {@code status} and, per position,
 * {@code liquidated}, {@code marginAfter}, {@code bufferNeeded} and {@code liquidationShockPct}
 * (which replace the check's figures of the same names), then the extensions: the exact {@code
 * liquidationShock}, {@code observedMarkPrice}, {@code markMovePct}, {@code bufferUsable}, {@code
 * bufferShortfall}, {@code sequencerOutage}, and with the ladder {@code ladder} and {@code
 * firstLiquidatingRung}. A position that could not be read has these fields null, as the check has
 * its figures.
 */
public final class StressJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StressJson() {}

  public static String render(StressReport report) {
    return CheckJson.write(toJson(report));
  }

  public static ObjectNode toJson(StressReport report) {
    ObjectNode check = CheckJson.toJson(report.document());
    ObjectNode root = NODES.objectNode();
    root.set("at", check.get("at"));
    root.set("status", check.get("status"));
    root.set("shock", shock(report));
    root.put("observedStatus", report.observed().status().name());
    for (Iterator<Map.Entry<String, JsonNode>> it = check.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!root.has(field.getKey())) {
        root.set(field.getKey(), field.getValue());
      }
    }
    ArrayNode positions = (ArrayNode) root.get("positions");
    for (int i = 0; i < report.positions().size(); i++) {
      position((ObjectNode) positions.get(i), report.positions().get(i));
    }
    return root;
  }

  /**
   * {@code price}, {@code fundingX} and {@code drift} as the contract has them, then {@code
   * sequencerOutage} (every chain in outage) and, for the ladder, {@code ladder} (its rungs); the
   * document's state is then at {@code price} 0 %.
   */
  private static ObjectNode shock(StressReport report) {
    StressReport.Scenario s = report.scenario();
    ObjectNode node = NODES.objectNode();
    node.put("price", percent(s.price().orElse(BigDecimal.ZERO)));
    node.put("fundingX", new BigDecimal(CheckJson.plain(s.fundingMultiplier())));
    node.put("drift", percent(s.drift()));
    ArrayNode outage = node.putArray("sequencerOutage");
    report.outageChains().forEach(outage::add);
    if (s.isLadder()) {
      ArrayNode ladder = node.putArray("ladder");
      Stress.DEFAULT_PRICE_LADDER.forEach(r -> ladder.add(percent(r)));
    }
    return node;
  }

  private static void position(ObjectNode node, StressReport.StressedPosition p) {
    Optional<Stress.Result> result = p.result();
    if (result.isPresent()) {
      Stress.Result r = result.get();
      node.put("liquidated", r.liquidated());
      node.put("marginAfter", CheckJson.plain(r.marginAfter()));
      node.put("bufferNeeded", CheckJson.plain(r.bufferNeeded()));
    } else {
      node.putNull("liquidated");
      node.putNull("marginAfter");
      node.putNull("bufferNeeded");
    }
    // a percent as a number for the contract, and the exact fraction beside it: the move is
    // rounded so that a shock of exactly it liquidates, which a double cannot promise
    p.liquidationShock()
        .ifPresentOrElse(
            x -> {
              node.put("liquidationShockPct", x.movePointRight(2).doubleValue());
              node.put("liquidationShock", CheckJson.plain(x));
            },
            () -> {
              node.putNull("liquidationShockPct");
              node.putNull("liquidationShock");
            });
    p.observed()
        .snapshot()
        .asOptional()
        .ifPresentOrElse(
            s -> node.put("observedMarkPrice", CheckJson.plain(s.markPrice())),
            () -> node.putNull("observedMarkPrice"));
    result.ifPresentOrElse(
        r -> node.put("markMovePct", r.markMove().movePointRight(2).doubleValue()),
        () -> node.putNull("markMovePct"));
    p.bufferUsable()
        .ifPresentOrElse(u -> node.put("bufferUsable", u), () -> node.putNull("bufferUsable"));
    p.bufferShortfall()
        .ifPresentOrElse(
            v -> node.put("bufferShortfall", CheckJson.plain(v)),
            () -> node.putNull("bufferShortfall"));
    ArrayNode outage = node.putArray("sequencerOutage");
    p.outageChains().forEach(outage::add);
    if (!p.ladder().isEmpty()) {
      ArrayNode ladder = node.putArray("ladder");
      for (StressReport.Rung rung : p.ladder()) {
        ladder.add(rung(p, rung));
      }
      ObjectNode first = node.putObject("firstLiquidatingRung");
      rungOrNull(first, "down", p.firstLiquidatingRung(false));
      rungOrNull(first, "up", p.firstLiquidatingRung(true));
    }
  }

  private static ObjectNode rung(StressReport.StressedPosition p, StressReport.Rung rung) {
    Stress.Result r = rung.result();
    ObjectNode node = NODES.objectNode();
    node.put("price", percent(rung.price()));
    node.put("markPrice", CheckJson.plain(r.position().markPrice()));
    node.put("liquidated", r.liquidated());
    node.put("marginAfter", CheckJson.plain(r.marginAfter()));
    node.put("bufferNeeded", CheckJson.plain(r.bufferNeeded()));
    p.bufferShortfall(rung)
        .ifPresentOrElse(
            v -> node.put("bufferShortfall", CheckJson.plain(v)),
            () -> node.putNull("bufferShortfall"));
    node.put("status", rung.status().name());
    node.set("alerts", alertSummaries(r.alerts()));
    return node;
  }

  /** Rule and severity of each alert: the full alerts are those of the document's state. */
  private static ArrayNode alertSummaries(List<Alert> alerts) {
    ArrayNode array = NODES.arrayNode();
    for (Alert a : alerts) {
      ObjectNode node = array.addObject();
      node.put("rule", a.rule());
      node.put("severity", a.severity().name());
    }
    return array;
  }

  private static void rungOrNull(ObjectNode node, String field, Optional<BigDecimal> rung) {
    rung.ifPresentOrElse(r -> node.put(field, percent(r)), () -> node.putNull(field));
  }

  /** A fraction as the contract writes a shock: {@code -0.1} is {@code "-10%"}. */
  static String percent(BigDecimal fraction) {
    return CheckJson.plain(fraction.movePointRight(2)) + "%";
  }
}
