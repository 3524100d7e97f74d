package io.hedgewatch.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.alert.TrackedAlert;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.monitor.CheckJson;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.store.Delivery;
import io.hedgewatch.store.FeedObservation;
import io.hedgewatch.store.MarketObservation;
import io.hedgewatch.store.OutboxStats;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API's documents. What a check reports (status, chains, feeds, markets, positions, alerts) is
 * rendered by {@link CheckJson}, so that the API and {@code check --json} cannot drift apart; this
 * class only adds what a running monitor knows beyond one cycle.
 */
final class ApiJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The severities an open alert can have, worst first, counted in {@code openAlerts}. */
  private static final List<Severity> ALERT_SEVERITIES =
      List.of(Severity.CRITICAL, Severity.WARNING, Severity.UNKNOWN);

  private ApiJson() {}

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render an API document", e);
    }
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static String error(String message) {
    return write(object().put("error", message));
  }

  /**
   * {@code GET /api/v1/status}: the latest report's {@code at}, {@code status} and {@code chains},
   * then the monitor's own facts. Before the first cycle {@code at} is null, {@code status} UNKNOWN
   * and {@code chains} empty.
   */
  static ObjectNode status(MonitorView view, Instant now) {
    ObjectNode root = object();
    Optional<CheckReport> latest = view.latest();
    if (latest.isPresent()) {
      ObjectNode check = CheckJson.toJson(latest.get());
      root.set("at", check.get("at"));
      root.set("status", check.get("status"));
      root.set("chains", check.get("chains"));
    } else {
      root.putNull("at");
      root.put("status", Severity.UNKNOWN.name());
      root.putArray("chains");
    }
    root.put("startedAt", CheckJson.iso(view.startedAt()));
    root.put("ready", view.ready());
    root.set("lastSuccessfulCycle", lastSuccessfulCycle(view.lastSuccessfulCycle()));
    ObjectNode open = root.putObject("openAlerts");
    Map<Severity, Integer> counts = new EnumMap<>(Severity.class);
    for (TrackedAlert alert : view.alerts().open()) {
      counts.merge(alert.severity(), 1, Integer::sum);
    }
    for (Severity severity : ALERT_SEVERITIES) {
      open.put(severity.name(), counts.getOrDefault(severity, 0));
    }
    ArrayNode outbox = root.putArray("outbox");
    for (OutboxStats stats : view.outbox()) {
      outbox.add(outbox(stats, now));
    }
    return root;
  }

  /** {@code {chainId: time or null}}, in the view's order. */
  static ObjectNode lastSuccessfulCycle(Map<String, Optional<Instant>> cycles) {
    ObjectNode node = object();
    cycles.forEach(
        (chain, at) ->
            at.ifPresentOrElse(t -> node.put(chain, CheckJson.iso(t)), () -> node.putNull(chain)));
    return node;
  }

  /** One sink's outbox; {@code lagSeconds} is the age of its oldest pending event, 0 when none. */
  private static ObjectNode outbox(OutboxStats stats, Instant now) {
    ObjectNode node = object();
    node.put("sink", stats.sink());
    node.put("pending", stats.pending());
    node.put("dead", stats.dead());
    node.put(
        "lagSeconds",
        stats
            .oldestPendingAt()
            .map(t -> Math.max(0, Duration.between(t, now).getSeconds()))
            .orElse(0L));
    return node;
  }

  /**
   * {@code {"at": ..., "<section>": [...]}}: one array of the latest report exactly as {@code check
   * --json} renders it.
   */
  static ObjectNode section(CheckReport report, String section) {
    ObjectNode check = CheckJson.toJson(report);
    ObjectNode root = object();
    root.set("at", check.get("at"));
    root.set(section, check.get(section));
    return root;
  }

  /**
   * A tracked alert: {@code check --json}'s alert object (its latest observation; {@code since}
   * null while pending), then {@code phase}, {@code acknowledgement} and {@code notifiedAt}.
   */
  static ObjectNode alert(TrackedAlert alert) {
    ObjectNode node = CheckJson.alert(alert.last(), Optional.ofNullable(alert.since()));
    node.put("phase", alert.phase().name());
    if (alert.acknowledgement() != null) {
      ObjectNode ack = node.putObject("acknowledgement");
      ack.put("by", alert.acknowledgement().by());
      ack.put("at", CheckJson.iso(alert.acknowledgement().at()));
      ack.put("severity", alert.acknowledgement().severity().name());
    } else {
      node.putNull("acknowledgement");
    }
    if (alert.notifiedAt() != null) {
      node.put("notifiedAt", CheckJson.iso(alert.notifiedAt()));
    } else {
      node.putNull("notifiedAt");
    }
    return node;
  }

  static ObjectNode alerts(String state, Collection<TrackedAlert> alerts) {
    ObjectNode root = object();
    root.put("state", state);
    ArrayNode array = root.putArray("alerts");
    alerts.forEach(a -> array.add(alert(a)));
    return root;
  }

  static ObjectNode deadLetters(List<Delivery> deliveries) {
    ObjectNode root = object();
    root.put("state", "dead");
    ArrayNode array = root.putArray("deliveries");
    for (Delivery delivery : deliveries) {
      ObjectNode node = array.addObject();
      node.put("sink", delivery.sink());
      node.put("eventId", delivery.event().id());
      node.put("type", delivery.event().type());
      node.put("alertId", delivery.event().alertId());
      node.put("attempts", delivery.attempts());
      delivery
          .lastError()
          .ifPresentOrElse(e -> node.put("lastError", e), () -> node.putNull("lastError"));
      delivery
          .finishedAt()
          .ifPresentOrElse(
              t -> node.put("finishedAt", CheckJson.iso(t)), () -> node.putNull("finishedAt"));
    }
    return root;
  }

  /**
   * {@code GET /api/v1/history/feeds/{id}}: what the cycles saw of one feed, oldest first; decimals
   * as strings and drift rounded as in {@code check --json}, null where a cycle could not tell.
   */
  static ObjectNode feedHistory(String feedId, List<FeedObservation> observations) {
    ObjectNode root = object();
    root.put("feed", feedId);
    ArrayNode points = root.putArray("points");
    for (FeedObservation o : observations) {
      ObjectNode point = points.addObject();
      point.put("at", CheckJson.iso(o.at()));
      point.put("block", o.block());
      decimal(point, "price", o.price());
      decimal(point, "referencePrice", o.referencePrice());
      o.driftBps()
          .filter(Double::isFinite)
          .ifPresentOrElse(
              d ->
                  point.put(
                      "driftBps",
                      BigDecimal.valueOf(d).setScale(2, RoundingMode.HALF_UP).doubleValue()),
              () -> point.putNull("driftBps"));
      point.put("status", o.status().name());
    }
    return root;
  }

  /**
   * {@code GET /api/v1/history/markets/{id}}: what the cycles saw of one market, oldest first;
   * funding as a fraction per hour and a year, as the market object of {@code check --json}.
   */
  static ObjectNode marketHistory(String marketId, List<MarketObservation> observations) {
    ObjectNode root = object();
    root.put("market", marketId);
    ArrayNode points = root.putArray("points");
    for (MarketObservation o : observations) {
      ObjectNode point = points.addObject();
      point.put("at", CheckJson.iso(o.at()));
      decimal(point, "markPrice", o.markPrice());
      decimal(point, "indexPrice", o.indexPrice());
      decimal(point, "fundingRateHourly", o.fundingRateHourly());
      decimal(
          point,
          "fundingApr",
          o.fundingRateHourly().map(r -> r.multiply(MarketSnapshot.HOURS_PER_YEAR)));
      decimal(point, "openInterest", o.openInterest());
      decimal(point, "maxOpenInterestLong", o.maxOpenInterestLong());
      decimal(point, "maxOpenInterestShort", o.maxOpenInterestShort());
      point.put("status", o.status().name());
    }
    return root;
  }

  /**
   * {@code GET /api/v1/rules}: every rule of the catalogue with its effective settings, in the
   * catalogue's order. Ratios are fractions as decimal strings ({@code "0.005"} is 0.5 %),
   * durations ISO-8601 ({@code "PT5M"}), counts numbers, switches booleans.
   */
  static ObjectNode rules(io.hedgewatch.risk.RuleSettingsLookup lookup) {
    ObjectNode root = object();
    ArrayNode rules = root.putArray("rules");
    for (io.hedgewatch.risk.RuleCatalog.RuleSpec spec : io.hedgewatch.risk.RuleCatalog.all()) {
      io.hedgewatch.risk.RuleSettings settings = lookup.forRule(spec.id());
      ObjectNode rule = rules.addObject();
      rule.put("id", spec.id());
      rule.put("description", spec.doc());
      ObjectNode values = rule.putObject("settings");
      for (io.hedgewatch.risk.RuleCatalog.Param p : spec.params()) {
        switch (p.type()) {
          case RATIO:
            values.put(p.name(), CheckJson.plain(settings.ratio(p.name())));
            break;
          case DURATION:
            values.put(p.name(), settings.duration(p.name()).toString());
            break;
          case COUNT:
            values.put(p.name(), settings.count(p.name()));
            break;
          case BOOLEAN:
            values.put(p.name(), (Boolean) settings.values().get(p.name()));
            break;
          default:
            throw new IllegalStateException("unhandled parameter type " + p.type());
        }
      }
    }
    return root;
  }

  private static void decimal(ObjectNode node, String field, Optional<BigDecimal> value) {
    value.ifPresentOrElse(v -> node.put(field, CheckJson.plain(v)), () -> node.putNull(field));
  }
}
