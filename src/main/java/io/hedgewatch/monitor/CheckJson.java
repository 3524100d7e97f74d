package io.hedgewatch.monitor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.alert.AlertId;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.AnswerBounds;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.ConversionRate;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.PythPrice;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.ReferenceSource;
import io.hedgewatch.domain.RpcProbe;
import io.hedgewatch.domain.SequencerStatus;
import io.hedgewatch.platform.PlatformWatch;
import io.hedgewatch.risk.OracleRules;
import io.hedgewatch.risk.PositionMetrics;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The contract's {@code check --json} document. Prices and on-chain integers are decimal strings
 * (exact), ratios in bps are numbers, times ISO-8601 UTC. Fields the contract shows that this
 * version does not compute yet ({@code reference}, {@code driftBps}) are present as null so that
 * the document's shape is stable for scripts.
 */
public final class CheckJson {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CheckJson() {}

  public static String render(CheckReport report) {
    return write(toJson(report));
  }

  /** A document as check prints it: indented. */
  static String write(ObjectNode document) {
    try {
      return MAPPER.writeValueAsString(document);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot render the report", e);
    }
  }

  public static ObjectNode toJson(CheckReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("at", iso(report.at()));
    root.put("status", report.status().name());
    ArrayNode chains = root.putArray("chains");
    Map<String, RpcProbe> probes = new LinkedHashMap<>();
    report.endpoints().forEach(p -> probes.put(p.chain(), p));
    for (ChainStatus chain : report.chains()) {
      chains.add(
          chain(chain)
              .set("endpoints", RpcJson.endpoints(Optional.ofNullable(probes.remove(chain.id())))));
    }
    probes.values().forEach(p -> chains.add(RpcJson.probedOnly(p)));
    ArrayNode feeds = root.putArray("feeds");
    for (FeedStatus feed : report.feeds()) {
      feeds.add(feed(feed));
    }
    ArrayNode markets = root.putArray("markets");
    for (MarketReport market : report.markets()) {
      markets.add(market(market));
    }
    ArrayNode positions = root.putArray("positions");
    for (PositionReport position : report.positions()) {
      positions.add(position(position));
    }
    ArrayNode contracts = root.putArray("contracts");
    for (PlatformWatch.ContractReport contract : report.contracts()) {
      contracts.add(contract(contract));
    }
    ArrayNode alerts = root.putArray("alerts");
    for (Alert alert : report.alerts()) {
      alerts.add(alert(alert, report.at()));
    }
    return root;
  }

  private static ObjectNode chain(ChainStatus chain) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", chain.id());
    node.put("chainId", chain.chainId());
    if (chain.block().isPresent()) {
      node.put("block", chain.block().get().number());
      node.put("blockTime", iso(chain.block().get().timestamp()));
    } else {
      node.putNull("block");
      node.putNull("blockTime");
    }
    if (chain.sequencer().isPresent() && chain.sequencer().get().asOptional().isPresent()) {
      SequencerStatus s = chain.sequencer().get().asOptional().get();
      ObjectNode seq = node.putObject("sequencer");
      if (s.valid()) {
        seq.put("up", s.up());
        seq.put("since", iso(s.since()));
      } else {
        seq.putNull("up");
        seq.putNull("since");
        seq.put(
            "error",
            "no valid status round (answer " + s.answer() + ", startedAt " + s.startedAt() + ")");
      }
    } else if (chain.sequencer().isPresent()) {
      ObjectNode seq = node.putObject("sequencer");
      seq.putNull("up");
      seq.putNull("since");
      seq.put("error", chain.sequencer().get().failureIfAny().get().describe());
    } else {
      node.putNull("sequencer");
    }
    node.put("readMode", chain.readMode());
    ObjectNode rpc = node.putObject("rpc");
    rpc.put("httpRequests", chain.httpRequests());
    rpc.put("calls", chain.rpcCalls());
    chain.error().ifPresentOrElse(e -> node.put("error", e), () -> node.putNull("error"));
    return node;
  }

  private static ObjectNode feed(FeedStatus feed) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", feed.spec().id());
    node.put("type", feed.spec().type().configName());
    node.put("chain", feed.spec().chain());
    node.put("address", feed.spec().address());
    FeedReading reading = feed.reading().orElse(null);
    BlockRef block = feed.block().orElse(null);
    if (reading instanceof FeedReading.Chainlink c) {
      node.put("price", plain(c.price()));
      putUpdate(node, reading, block);
      node.put("roundId", c.round().roundId().toString());
      node.put("answeredInRound", c.round().answeredInRound().toString());
      node.put("decimals", c.decimals());
      c.description()
          .ifPresentOrElse(d -> node.put("description", d), () -> node.putNull("description"));
      c.aggregator()
          .ifPresentOrElse(a -> node.put("aggregator", a), () -> node.putNull("aggregator"));
      c.phaseId().ifPresentOrElse(p -> node.put("phaseId", p), () -> node.putNull("phaseId"));
      c.proposedAggregator()
          .ifPresentOrElse(
              a -> node.put("proposedAggregator", a), () -> node.putNull("proposedAggregator"));
      if (c.bounds().isPresent()) {
        AnswerBounds b = c.bounds().get();
        ObjectNode bounds = node.putObject("bounds");
        bounds.put("min", plain(new BigDecimal(b.minAnswer(), c.decimals())));
        bounds.put("max", plain(new BigDecimal(b.maxAnswer(), c.decimals())));
      } else {
        node.putNull("bounds");
      }
    } else if (reading instanceof FeedReading.Pyth p) {
      PythPrice price = p.price();
      node.put("priceId", p.priceId());
      node.put("price", plain(price.value()));
      putUpdate(node, reading, block);
      node.put("confidence", plain(price.confidence()));
      if (price.price() != 0) {
        node.put(
            "confidenceBps",
            price
                .confidence()
                .multiply(BigDecimal.valueOf(10_000))
                .divide(price.value().abs(), MathContext.DECIMAL64)
                .setScale(2, RoundingMode.HALF_UP)
                .doubleValue());
      } else {
        node.putNull("confidenceBps");
      }
      p.ema()
          .ifPresentOrElse(
              e -> node.put("emaPrice", plain(e.value())), () -> node.putNull("emaPrice"));
    } else if (reading instanceof FeedReading.Unreadable u) {
      node.putNull("price");
      node.put("error", u.failure().describe());
    } else {
      node.putNull("price");
      node.put("error", "chain " + feed.spec().chain() + " could not be read");
    }
    if (feed.reference().isPresent()) {
      node.set("reference", reference(feed.reference().get()));
    } else {
      node.putNull("reference");
    }
    if (feed.driftBps().isPresent()) {
      node.put(
          "driftBps",
          BigDecimal.valueOf(feed.driftBps().get())
              .setScale(2, RoundingMode.HALF_UP)
              .doubleValue());
    } else {
      node.putNull("driftBps");
    }
    node.put("status", feed.status().name());
    return node;
  }

  /**
   * The contract's {@code {"price", "sources": {venue: price}}} (USED venues, prices in the pair's
   * quote after conversion), then the detail: every venue market asked with its state, and the
   * stablecoin conversions.
   */
  private static ObjectNode reference(ReferencePrice reference) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("pair", reference.pair().toString());
    reference
        .price()
        .ifPresentOrElse(p -> node.put("price", plain(p)), () -> node.putNull("price"));
    ObjectNode sources = node.putObject("sources");
    reference.usedPrices().forEach((venue, price) -> sources.put(venue.configName(), plain(price)));
    node.put("minSources", reference.minSources());
    reference
        .unavailableReason()
        .ifPresentOrElse(r -> node.put("unavailable", r), () -> node.putNull("unavailable"));
    ArrayNode details = node.putArray("details");
    for (ReferenceSource source : reference.sources()) {
      details.add(source(source));
    }
    ObjectNode conversions = node.putObject("conversions");
    reference
        .conversions()
        .forEach((pair, rate) -> conversions.set(pair.toString(), conversion(rate)));
    return node;
  }

  private static ObjectNode source(ReferenceSource source) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("venue", source.venue().configName());
    node.put("market", source.market().nativeSymbol());
    node.put("pair", source.market().pair().toString());
    node.put("state", source.state().name());
    source
        .nativePrice()
        .ifPresentOrElse(p -> node.put("nativePrice", plain(p)), () -> node.putNull("nativePrice"));
    source
        .conversionRate()
        .ifPresentOrElse(
            r -> node.put("conversionRate", plain(r)), () -> node.putNull("conversionRate"));
    source
        .convertedPrice()
        .ifPresentOrElse(p -> node.put("price", plain(p)), () -> node.putNull("price"));
    source
        .deviationBps()
        .ifPresentOrElse(
            d -> node.put("deviationBps", d.setScale(2, RoundingMode.HALF_UP).doubleValue()),
            () -> node.putNull("deviationBps"));
    source
        .observedAt()
        .ifPresentOrElse(t -> node.put("observedAt", iso(t)), () -> node.putNull("observedAt"));
    node.put("note", source.note());
    return node;
  }

  private static ObjectNode conversion(ConversionRate rate) {
    ObjectNode node = MAPPER.createObjectNode();
    rate.rate().ifPresentOrElse(r -> node.put("rate", plain(r)), () -> node.putNull("rate"));
    ArrayNode sources = node.putArray("details");
    for (ReferenceSource source : rate.sources()) {
      sources.add(source(source));
    }
    if (!rate.via().isEmpty()) {
      ObjectNode via = node.putObject("via");
      for (ConversionRate leg : rate.via()) {
        via.set(leg.pair().toString(), conversion(leg));
      }
    }
    rate.unavailableReason()
        .ifPresentOrElse(r -> node.put("unavailable", r), () -> node.putNull("unavailable"));
    return node;
  }

  /**
   * updatedAt and ageSeconds, both null for an incomplete round (updatedAt 0) rather than a date in
   * 1970.
   */
  private static void putUpdate(ObjectNode node, FeedReading reading, BlockRef block) {
    Optional<Instant> updated = OracleRules.lastUpdate(reading);
    if (updated.isPresent()) {
      node.put("updatedAt", iso(updated.get()));
      node.put("ageSeconds", age(block, updated.get()));
    } else {
      node.putNull("updatedAt");
      node.putNull("ageSeconds");
    }
  }

  /**
   * The contract's market object: prices and open interest as decimal strings, funding as fractions
   * (per hour and a year), then what the venue says beyond it.
   */
  private static ObjectNode market(MarketReport report) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", report.market().id());
    node.put("venue", report.venue().id());
    node.put("venueType", report.venue().type().configName());
    node.put("market", report.market().market());
    MarketSnapshot s = report.snapshot().asOptional().orElse(null);
    if (s == null) {
      for (String field :
          new String[] {
            "markPrice", "indexPrice", "fundingRateHourly", "fundingApr", "openInterest"
          }) {
        node.putNull(field);
      }
      node.putNull("paused");
      node.put("error", report.snapshot().failureIfAny().get().describe());
      node.put("status", report.status().name());
      return node;
    }
    node.put("at", iso(s.at()));
    decimal(node, "markPrice", s.markPrice());
    decimal(node, "indexPrice", s.indexPrice());
    decimal(node, "fundingRateHourly", s.fundingRateHourly());
    decimal(node, "fundingApr", s.fundingApr());
    decimal(node, "openInterest", s.openInterest());
    node.put("paused", s.status().paused());
    node.put("disabled", s.status().disabled());
    node.put("reduceOnly", s.status().reduceOnly());
    node.put("delisted", s.status().delisted());
    s.status()
        .reason()
        .ifPresentOrElse(r -> node.put("statusReason", r), () -> node.putNull("statusReason"));
    s.fundingInterval()
        .ifPresentOrElse(
            i -> node.put("fundingIntervalSeconds", i.getSeconds()),
            () -> node.putNull("fundingIntervalSeconds"));
    s.nextFundingTime()
        .ifPresentOrElse(
            t -> node.put("nextFundingTime", iso(t)), () -> node.putNull("nextFundingTime"));
    decimal(node, "predictedFundingRateHourly", s.predictedFundingRateHourly());
    decimal(node, "fundingCapHourly", s.fundingCapHourly());
    decimal(node, "openInterestLong", s.openInterestLong());
    decimal(node, "openInterestShort", s.openInterestShort());
    decimal(node, "maxOpenInterestLong", s.maxOpenInterestLong());
    decimal(node, "maxOpenInterestShort", s.maxOpenInterestShort());
    decimal(node, "skew", s.skew());
    s.oracleProblem()
        .ifPresentOrElse(p -> node.put("oracleProblem", p), () -> node.putNull("oracleProblem"));
    report
        .basisBps()
        .ifPresentOrElse(b -> node.put("basisBps", round2(b)), () -> node.putNull("basisBps"));
    report
        .fundingZScore()
        .ifPresentOrElse(
            z -> node.put("fundingZScore", round2(z)), () -> node.putNull("fundingZScore"));
    ObjectNode cex = node.putObject("cexFunding");
    for (CexFunding f : report.context().cexFunding()) {
      ObjectNode venue = cex.putObject(f.venue().configName());
      venue.put("symbol", f.symbol());
      venue.put("fundingRateHourly", plain(f.rateHourly()));
      venue.put("fundingApr", plain(f.apr()));
      venue.put("intervalHours", f.interval().toHours());
      decimal(venue, "markPrice", f.markPrice());
    }
    decimal(node, "referencePrice", report.context().referencePrice());
    node.put("fundingHistoryPoints", report.context().fundingHistory().size());
    report
        .historySource()
        .ifPresentOrElse(
            h -> node.put("fundingHistorySource", h.jsonName()),
            () -> node.putNull("fundingHistorySource"));
    report
        .historyProblem()
        .ifPresentOrElse(
            p -> node.put("fundingHistoryError", p), () -> node.putNull("fundingHistoryError"));
    node.put("status", report.status().name());
    return node;
  }

  /** A watched contract: what was read and what the baseline made of it. */
  private static ObjectNode contract(PlatformWatch.ContractReport report) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("subject", report.watch().subject());
    WatchedContracts.source(report.watch().subject())
        .ifPresentOrElse(k -> node.put("source", k), () -> node.putNull("source"));
    node.put("address", report.watch().address());
    node.put("proxy", report.watch().proxy().configName());
    report
        .baseline()
        .ifPresentOrElse(k -> node.put("baseline", k.name()), () -> node.putNull("baseline"));
    report
        .state()
        .asOptional()
        .ifPresentOrElse(
            s -> {
              node.put("block", s.block());
              optional(node, "implementation", s.implementation());
              optional(node, "beacon", s.beacon());
              optional(node, "admin", s.admin());
              optional(node, "owner", s.owner());
              optional(node, "codeHash", s.codeHash());
              node.putNull("error");
            },
            () -> node.put("error", report.state().failureIfAny().get().describe()));
    return node;
  }

  /**
   * The contract's position object: sizes and money as decimal strings, ratios as numbers, then
   * every figure behind them.
   */
  private static ObjectNode position(PositionReport report) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", report.position().id());
    node.put("market", report.market().id());
    node.put("venue", report.market().venue());
    PositionSnapshot p = report.snapshot().asOptional().orElse(null);
    if (p == null || report.metrics().isEmpty()) {
      for (String field :
          new String[] {"side", "size", "liquidationPrice", "liquidationDistancePct", "leverage"}) {
        node.putNull(field);
      }
      node.put("error", report.snapshot().failureIfAny().map(ReadFailure::describe).orElse(""));
      node.put("status", report.status().name());
      return node;
    }
    PositionMetrics m = report.metrics().get();
    node.put("source", p.source());
    node.put("at", iso(p.at()));
    node.put("side", p.side().name());
    node.put("size", plain(p.size()));
    decimal(node, "entryPrice", p.entryPrice());
    node.put("markPrice", plain(p.markPrice()));
    node.put("notional", plain(p.notional()));
    node.put("marginMode", p.marginMode().name());
    node.put("equity", plain(p.equity()));
    node.put("maintenanceMargin", plain(p.maintenanceMargin()));
    decimal(node, "liquidationPrice", m.liquidation().price());
    node.put("liquidationBasis", m.liquidation().basis().name());
    node.put("liquidatable", m.liquidation().liquidatableNow());
    number(node, "liquidationDistancePct", m.liquidationDistancePct().map(CheckJson::round2));
    number(node, "liquidationDistanceSigma", m.liquidationSigmas().map(CheckJson::round2));
    number(node, "liquidationProbability", m.liquidationProbability().map(CheckJson::round4));
    node.put("probabilityHorizonHours", m.probabilityHorizon().toMinutes() / 60.0);
    number(node, "liquidationShockPct", m.liquidationShockPct().map(CheckJson::round2));
    number(node, "marginRatio", m.marginRatio().map(r -> round4(r.doubleValue())));
    number(node, "leverage", m.leverage().map(r -> round2(r.doubleValue())));
    number(node, "hedgeRatio", m.hedgeRatio().map(r -> round4(r.doubleValue())));
    decimal(node, "netDelta", m.netDelta());
    decimal(node, "perpPnl", m.perpPnl());
    decimal(node, "exposurePnl", m.exposurePnl());
    decimal(node, "accruedFunding", m.accruedFunding());
    decimal(node, "carryProjected", m.carry().worst());
    node.put("carryHorizonDays", m.carry().horizon().toHours() / 24.0);
    number(node, "bufferCoverage", m.buffer().coverage().map(c -> round2(c.doubleValue())));
    node.put("bufferNeeded", plain(m.buffer().needed()));
    decimal(node, "bufferValue", m.buffer().bufferValue());
    report
        .context()
        .flatMap(c -> c.exposure())
        .ifPresentOrElse(
            e -> {
              ObjectNode exposure = node.putObject("exposure");
              exposure.put("asset", e.asset());
              exposure.put("amount", plain(e.amount()));
              decimal(exposure, "value", e.value());
              exposure.put("source", e.source());
            },
            () -> node.putNull("exposure"));
    ArrayNode problems = node.putArray("problems");
    report.problems().forEach(problems::add);
    node.put("status", report.status().name());
    return node;
  }

  /** A ratio as a JSON number; null when absent or not finite (JSON has no infinity). */
  private static void number(ObjectNode node, String field, Optional<Double> value) {
    value
        .filter(Double::isFinite)
        .ifPresentOrElse(v -> node.put(field, v), () -> node.putNull(field));
  }

  private static double round4(double value) {
    if (!Double.isFinite(value)) {
      return value;
    }
    return BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).doubleValue();
  }

  private static void optional(ObjectNode node, String field, Optional<String> value) {
    value.ifPresentOrElse(v -> node.put(field, v), () -> node.putNull(field));
  }

  private static void decimal(ObjectNode node, String field, Optional<BigDecimal> value) {
    value.ifPresentOrElse(v -> node.put(field, plain(v)), () -> node.putNull(field));
  }

  private static double round2(double value) {
    if (!Double.isFinite(value)) {
      return value;
    }
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }

  /** One alert as in {@code check --json}'s {@code alerts[]}, opened at {@code since}. */
  public static ObjectNode alert(Alert alert, Instant since) {
    return alert(alert, Optional.of(since));
  }

  /**
   * The same, with {@code since} null for an alert that has not opened (run's pending alerts, shown
   * by the API).
   */
  public static ObjectNode alert(Alert alert, Optional<Instant> since) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", alertId(alert));
    node.put("rule", alert.rule());
    node.put("severity", alert.severity().name());
    node.put("subject", alert.subject());
    node.put("message", alert.message());
    if (alert.value() != null) {
      node.put("value", alert.value());
    } else {
      node.putNull("value");
    }
    if (alert.threshold() != null) {
      node.put("threshold", alert.threshold());
    } else {
      node.putNull("threshold");
    }
    if (alert.action() != null) {
      node.put("action", alert.action());
    } else {
      node.putNull("action");
    }
    since.ifPresentOrElse(t -> node.put("since", iso(t)), () -> node.putNull("since"));
    return node;
  }

  /**
   * Stable across runs for the same (rule, subject), so a script can track an alert between checks.
   */
  /** The alert's stable id, the one {@code run}'s lifecycle gives it too. */
  public static String alertId(Alert alert) {
    return AlertId.of(alert);
  }

  static long age(BlockRef block, Instant updated) {
    if (block == null) {
      return 0;
    }
    return Math.max(0, Duration.between(updated, block.timestamp()).getSeconds());
  }

  /** A decimal as every document of hedgewatch writes it: plain digits, no trailing zeros. */
  public static String plain(BigDecimal value) {
    BigDecimal stripped = value.stripTrailingZeros();
    return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
  }

  /** A time as every document of hedgewatch writes it: ISO-8601 UTC, whole seconds. */
  public static String iso(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
