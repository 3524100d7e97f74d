package io.hedgewatch.risk;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every rule id of the product contract with its parameters and their defaults. Config validates
 * the {@code rules} section against this catalogue; rules read their settings through {@link
 * RuleSettings}. Rules that are not built yet are listed with the parameters the contract shows, so
 * a config written for a later version is accepted now.
 */
public final class RuleCatalog {

  public record Param(String name, ParamType type, Object defaultValue, String doc) {}

  public record RuleSpec(String id, String doc, List<Param> params) {
    public Optional<Param> param(String name) {
      return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }
  }

  static final Param ENABLED =
      new Param("enabled", ParamType.BOOLEAN, true, "false switches the rule off");
  static final Param SUSTAIN =
      new Param(
          "sustain",
          ParamType.COUNT,
          1,
          "observations the condition must hold before `run` opens an alert");
  static final Param CLEAR_AFTER =
      new Param(
          "clearAfter",
          ParamType.COUNT,
          2,
          "consecutive observations the condition must be clear before `run` resolves an open alert"
              + " (hysteresis)");

  private static final Map<String, RuleSpec> RULES = new LinkedHashMap<>();

  /** A rule whose condition must hold {@code sustain} observations by default, not one. */
  private static void ruleSustained(String id, String doc, int sustain, Param... specific) {
    List<Param> params = new java.util.ArrayList<>();
    params.add(ENABLED);
    params.add(new Param(SUSTAIN.name(), SUSTAIN.type(), sustain, SUSTAIN.doc()));
    params.add(CLEAR_AFTER);
    params.addAll(List.of(specific));
    RULES.put(id, new RuleSpec(id, doc, List.copyOf(params)));
  }

  private static void rule(String id, String doc, Param... specific) {
    List<Param> params = new java.util.ArrayList<>();
    params.add(ENABLED);
    params.add(SUSTAIN);
    params.add(CLEAR_AFTER);
    params.addAll(List.of(specific));
    RULES.put(id, new RuleSpec(id, doc, List.copyOf(params)));
  }

  private static Param ratio(String name, String value, String doc) {
    return new Param(name, ParamType.RATIO, new BigDecimal(value), doc);
  }

  private static Param duration(String name, Duration value, String doc) {
    return new Param(name, ParamType.DURATION, value, doc);
  }

  private static Param count(String name, int value, String doc) {
    return new Param(name, ParamType.COUNT, value, doc);
  }

  static {
    rule(
        "oracle.stale",
        "the oracle's last update is older than its heartbeat plus a grace, counted in the block's time and only while the feed's market is open;"
            + " value and threshold in seconds",
        duration(
            "grace",
            Duration.ofMinutes(5),
            "tolerance past the heartbeat: WARNING once the age is strictly greater than heartbeat + grace"),
        count(
            "criticalHeartbeats",
            2,
            "CRITICAL once the age is strictly greater than this many heartbeats plus the grace"));
    rule(
        "oracle.round",
        "CRITICAL for a non-positive answer or an incomplete round (updatedAt or startedAt 0; Pyth: publishTime 0),"
            + " WARNING for a carried-over (answeredInRound < roundId) or future-dated (updatedAt after the block) Chainlink round");
    rule(
        "oracle.bounds",
        "the answer is at or past (CRITICAL) or closer than `margin` to (WARNING) the aggregator's minAnswer/maxAnswer circuit"
            + " breaker; minAnswer <= 1 and maxAnswer >= 2^175 mean no bound; value is the distance to the nearer bound in bps of it",
        ratio(
            "margin",
            "0.005",
            "WARNING when the distance to a bound, as a fraction of the bound, is strictly less than this"));
    rule(
        "oracle.confidence",
        "a Pyth price's confidence interval is wide relative to the price",
        ratio("warn", "0.005", "WARNING when conf / |price| is strictly greater than this"),
        ratio("critical", "0.02", "CRITICAL when conf / |price| is strictly greater than this"));
    rule(
        "oracle.source-changed",
        "the proxy's aggregator differs from the pinned expectAggregator, its aggregator or phase differs from the previously seen one,"
            + " or a new aggregator is proposed (WARNING)");
    rule(
        "oracle.drift",
        "the feed's price differs from its reference composite (median of the reference venues);"
            + " value (magnitude) and threshold in bps, the message gives the sign; UNKNOWN with the reason"
            + " when the reference has no price; nothing for an unreadable feed (monitor.blind) or a"
            + " non-positive price (oracle.round)",
        ratio(
            "warn",
            "0.005",
            "WARNING when |feed - reference| / reference is strictly greater than this"),
        ratio(
            "critical",
            "0.015",
            "CRITICAL when |feed - reference| / reference is strictly greater than this"));
    rule(
        "sequencer.down",
        "the L2 sequencer uptime feed reports the sequencer down (CRITICAL), or has no valid status round (UNKNOWN)");
    rule(
        "sequencer.grace",
        "the sequencer is up but restarted no more than `period` ago: prices may not have caught up",
        duration(
            "period",
            Duration.ofSeconds(3600),
            "grace period after the sequencer comes back up; fires up to and including it, as Chainlink's timeSinceUp <= GRACE_PERIOD_TIME"));
    rule(
        "rpc.disagreement",
        "the chain's RPC endpoints, each asked on its own, give different block hashes at the same"
            + " height (WARNING reorgDepth blocks below the best head, CRITICAL criticalDepth below"
            + " it; both heights lowered to the lowest head so every endpoint has the block), or an"
            + " endpoint serves another chain id (CRITICAL); an endpoint that is down is never"
            + " disagreement; subject chain:ID; value is how many blocks below the best head the"
            + " deepest difference is, threshold the depth it is judged by",
        count(
            "reorgDepth",
            5,
            "the deepest reorganisation tolerated: hashes are compared this many blocks below the"
                + " best head, WARNING when they differ"),
        count(
            "criticalDepth",
            64,
            "hashes are also compared this many blocks below the best head (genesis on a shorter"
                + " chain), CRITICAL when they differ: no reorganisation goes that deep"));
    rule(
        "rpc.lag",
        "one of the chain's RPC endpoints is behind the best head by more than warnBlocks /"
            + " criticalBlocks blocks (value and threshold in blocks), or the best head itself is"
            + " old against the wall clock (value and threshold in seconds); endpoints that are down"
            + " are named, not judged; subject chain:ID",
        duration(
            "warn",
            Duration.ofMinutes(1),
            "WARNING when the newest block's age against the wall clock is strictly greater than this"),
        duration(
            "critical",
            Duration.ofMinutes(5),
            "CRITICAL when the newest block's age against the wall clock is strictly greater than"
                + " this"),
        count(
            "warnBlocks",
            5,
            "WARNING when an endpoint's head is strictly more than this many blocks behind the best"
                + " head (raise it on fast chains: Arbitrum makes about 4 blocks a second)"),
        count(
            "criticalBlocks",
            20,
            "CRITICAL when an endpoint's head is strictly more than this many blocks behind the best"
                + " head"));
    ruleSustained(
        "monitor.blind",
        "hedgewatch itself cannot see: a chain it cannot read (subject chain:ID), a feed whose read"
            + " failed or whose every reference venue is down (feed:ID), a store or a cycle that"
            + " failed (monitor); in `run` it opens after 3 blind cycles by default, so one dropped"
            + " answer does not page",
        3);
    rule(
        "funding.spike",
        "the market's hourly funding rate is far from its recent history (z-score against the `window`"
            + " of settled hourly points before the snapshot, mean and sample standard deviation; not"
            + " judged with fewer than `minPoints` points or a flat history) or near the venue's cap"
            + " (WARNING beyond `capWarn` of it, CRITICAL at or past the cap); subject market:ID; value"
            + " and threshold are |z| (a plain number) when the z-score sets the severity, else the rate"
            + " in percent of the cap",
        duration(
            "window",
            Duration.ofDays(7),
            "how far back from the snapshot the funding history counts; points at or after the"
                + " snapshot's time are left out, so a spike is not measured against itself"),
        count(
            "minPoints",
            24,
            "the fewest points in the window for a z-score judgement (at least 2 are always needed)"),
        ratio(
            "zWarn",
            "3",
            "WARNING when |rate - mean| / stdev is strictly greater than this; a plain number (3,"
                + " not 3%)"),
        ratio(
            "zCritical",
            "5",
            "CRITICAL when |rate - mean| / stdev is strictly greater than this; a plain number"),
        ratio(
            "capWarn",
            "0.8",
            "WARNING when |rate| is strictly greater than this fraction of the venue's hourly cap"
                + " (CRITICAL at the cap itself)"));
    rule(
        "funding.against-hedge",
        "the position is on the side that pays funding (a long at a positive rate, a short at a"
            + " negative one) and the current hourly rate, annualised (x 8760), is beyond a level;"
            + " subject position:ID; value and threshold in percent APR",
        ratio(
            "warn",
            "0.1",
            "WARNING when the annualised rate the position pays is strictly greater than this (0.1"
                + " = 10 % APR)"),
        ratio(
            "critical",
            "0.3",
            "CRITICAL when the annualised rate the position pays is strictly greater than this"));
    rule(
        "funding.carry",
        "the funding the position would pay over `horizon`, projected at the current rate and at"
            + " the mean of the settled points of `window` (the larger cost is judged), is beyond a"
            + " budget in percent of its notional; an income never fires; subject position:ID;"
            + " value and threshold in percent of the notional",
        ratio(
            "warn",
            "0.005",
            "WARNING when projected carry / notional is strictly greater than this"),
        ratio(
            "critical",
            "0.02",
            "CRITICAL when projected carry / notional is strictly greater than this"),
        duration("horizon", Duration.ofDays(7), "how far ahead the carry is projected"),
        duration(
            "window",
            Duration.ofDays(7),
            "the settled funding before the snapshot whose mean gives the second projection"));
    rule(
        "funding.divergence",
        "the market's funding differs from the median of the centralized venues' funding for the same"
            + " asset, both annualised from their per-hour rates (intervals differ: 1 h on the DEX, 8 h"
            + " on most CEX); nothing without CEX references; subject market:ID; value and threshold"
            + " in percent APR (10.0 = 10 % a year)",
        ratio(
            "warn",
            "0.1",
            "WARNING when |DEX APR - CEX median APR| is strictly greater than this (0.1 = 10 % APR)"),
        ratio(
            "critical",
            "0.3",
            "CRITICAL when |DEX APR - CEX median APR| is strictly greater than this"));
    rule(
        "basis.wide",
        "the market's mark price is far from (a) the venue's own index, (b) the median of the"
            + " centralized perps' marks for the asset, or (c) the spot reference composite; each as"
            + " |mark - other| / other; one alert per market with every comparison beyond a level,"
            + " widest first; subject market:ID; value and threshold in bps",
        ratio("warn", "0.005", "WARNING when a basis is strictly greater than this"),
        ratio("critical", "0.015", "CRITICAL when a basis is strictly greater than this"));
    rule(
        "reference.divergence",
        "a reference venue's price (converted to the reference's quote) is far from the median of the fresh"
            + " venues and is left out of the composite; one alert per venue (subject reference:VENUE) across"
            + " its markets and conversion rates; value and threshold in bps",
        ratio(
            "warn",
            "0.005",
            "a venue whose |price - median| / median is strictly greater than this is an outlier: left out"
                + " of the composite (whether or not this rule is enabled) and WARNING"),
        ratio(
            "critical",
            "0.02",
            "CRITICAL when |price - median| / median is strictly greater than this"));
    rule(
        "reference.unavailable",
        "fewer than the feed's reference.minSources venues gave a fresh, converted price within the outlier"
            + " band, so the feed's reference has none: UNKNOWN on feed:ID with every venue's reason;"
            + " value is the venues used, threshold the minSources",
        duration(
            "maxAge",
            Duration.ofSeconds(60),
            "a reference quote strictly older than this at the cycle's time is stale and not used"
                + " (applies whether or not this rule is enabled)"));
    rule(
        "collateral.depeg",
        "the stablecoin a position's margin is held in is off its peg by its feed: |price - peg| /"
            + " peg beyond a level; on the position (position:ID), since each position needs its own"
            + " margin top-up, while the feed itself is oracle.drift's; value and threshold in bps",
        ratio("warn", "0.005", "WARNING when |price - peg| / peg is strictly greater than this"),
        ratio(
            "critical", "0.02", "CRITICAL when |price - peg| / peg is strictly greater than this"));
    rule(
        "position.liquidation-distance",
        "the position is close to liquidation: by distance (|liquidation price - mark| / mark, the"
            + " venue's liquidation price where it gives one, else solved from equity and"
            + " maintenance), by the probability of touching the liquidation price within `horizon`"
            + " (driftless random walk at the asset's realised volatility), or because it is"
            + " liquidatable now (CRITICAL); subject position:ID; value and threshold in percent"
            + " (of the mark, or probability when that sets the severity)",
        ratio(
            "warn",
            "0.15",
            "WARNING when the distance to liquidation, a fraction of the mark, is strictly less"
                + " than this; the action's target"),
        ratio(
            "critical",
            "0.07",
            "CRITICAL when the distance to liquidation is strictly less than this"),
        ratio(
            "probabilityWarn",
            "0.05",
            "WARNING when the probability of touching the liquidation price within `horizon` is"
                + " strictly greater than this; the action's target too"),
        ratio(
            "probabilityCritical",
            "0.2",
            "CRITICAL when that probability is strictly greater than this"),
        duration(
            "horizon",
            Duration.ofHours(24),
            "the time over which the touch probability and the distance in sigmas are measured"));
    rule(
        "position.margin",
        "the margin ratio (maintenance margin / equity; liquidation at 100 %) is high, or the"
            + " equity is not positive (CRITICAL); subject position:ID; value and threshold in"
            + " percent",
        ratio("warn", "0.5", "WARNING when maintenance / equity is strictly greater than this"),
        ratio(
            "critical", "0.8", "CRITICAL when maintenance / equity is strictly greater than this"));
    rule(
        "position.leverage",
        "effective leverage (notional at the mark / equity) is high, or the equity is not positive"
            + " (CRITICAL); even 2-3x can be liquidated in a squeeze; subject position:ID; value and"
            + " threshold are plain multiples (3.0 = 3x)",
        ratio("warn", "3", "WARNING when leverage is strictly greater than this (a plain number)"),
        ratio("critical", "5", "CRITICAL when leverage is strictly greater than this"));
    rule(
        "position.cross-margin",
        "WARNING when the position is on cross margin: the account's other positions and the"
            + " hedge can liquidate each other; quiet where the venue says the position is alone in"
            + " its account (Synthetix v3's getAccountOpenPositions); subject position:ID; value and"
            + " threshold null");
    rule(
        "hedge.ratio",
        "the hedge ratio (perp notional / exposure value at one price, positive when the perp"
            + " hedges) is outside the position's band (WARNING), below criticalBelow or above"
            + " criticalAbove times the target, or the exposure is zero (CRITICAL); needs an"
            + " exposure; subject position:ID; value and threshold are plain ratios",
        ratio(
            "criticalBelow",
            "0.25",
            "CRITICAL when the hedge ratio is strictly less than this times the target ratio (a"
                + " perp on the exposure's own side has a negative ratio)"),
        ratio(
            "criticalAbove",
            "1.5",
            "CRITICAL when the hedge ratio is strictly greater than this times the target ratio"));
    rule(
        "buffer.insufficient",
        "the emergency buffer does not cover the margin the position needs to survive a move of"
            + " `adverseMove` against it without liquidation (coverage = buffer value / margin"
            + " needed); nothing when no margin is needed or the buffer has no price; subject"
            + " position:ID; value and threshold are plain multiples",
        ratio(
            "adverseMove",
            "0.2",
            "the price move against the position the buffer must cover (0.2 = 20 %)"),
        ratio("warn", "1", "WARNING when coverage is strictly less than this"),
        ratio("critical", "0.5", "CRITICAL when coverage is strictly less than this"));
    rule(
        "liquidity.oi-cap",
        "a side's open interest is near the venue's cap for that side, so a hedge on it may not be"
            + " increased (or reopened once closed); per side where the venue has a cap, both sides"
            + " in one alert; a cap of 0 means the side takes no new positions (CRITICAL); subject"
            + " market:ID; value and threshold in percent of the cap",
        ratio("warn", "0.8", "WARNING when OI / cap is strictly greater than this"),
        ratio("critical", "0.95", "CRITICAL when OI / cap is strictly greater than this"));
    rule(
        "liquidity.skew",
        "open interest is lopsided: |long - short| / (long + short), from the venue's skew or its"
            + " two sides (Synthetix's skew / skewScale is not used); the crowded side pays funding"
            + " and price impact; subject market:ID; value and threshold in percent",
        ratio("warn", "0.5", "WARNING when |skew| / total OI is strictly greater than this"),
        ratio("critical", "0.8", "CRITICAL when |skew| / total OI is strictly greater than this"));
    rule(
        "liquidity.slippage",
        "exit slippage is high",
        ratio("warn", "0.005", "reserved"),
        ratio("critical", "0.02", "reserved"));
    rule(
        "platform.paused",
        "a market or contract is paused or disabled: for a market, CRITICAL when the venue has"
            + " paused, disabled or delisted it, WARNING when it is reduce-only, with the venue's"
            + " reason; subject market:ID; a market whose oracle the venue cannot read is reported"
            + " as oracle.stale on market:ID instead, not as paused");
    rule(
        "platform.upgraded",
        "CRITICAL when a watched contract's implementation (EIP-1967 slot, Synthetix's proxy slot,"
            + " or its beacon's implementation()) differs from the pinned expectImplementation or,"
            + " without a pin, from the stored baseline, or its EIP-1967 beacon differs from the"
            + " baseline; the first observation becomes the baseline and raises nothing; a change"
            + " keeps firing until the state returns or is accepted (pin it, or delete the"
            + " baseline); subject contract:ID, venue:ID or feed:ID; value and threshold null");
    rule(
        "platform.admin-changed",
        "WARNING when a watched contract's EIP-1967 admin or owner() differs from the pinned"
            + " expectAdmin / expectOwner or, without a pin, from the stored baseline (an owner that"
            + " appears, disappears or is renounced counts); baseline and acceptance as"
            + " platform.upgraded; value and threshold null");
    rule(
        "platform.code-changed",
        "the keccak-256 of a watched contract's runtime code differs from the baseline: CRITICAL"
            + " when the code is gone (selfdestruct) or replaced, WARNING when code appeared where"
            + " there was none; baseline and acceptance as platform.upgraded; value and threshold"
            + " null");
  }

  /**
   * Every rule's settings at its defaults, built once: a config that names no rule looks its
   * settings up on every observation, and {@link RuleSettings} is immutable.
   */
  private static final Map<String, RuleSettings> DEFAULTS = resolveDefaults();

  private static Map<String, RuleSettings> resolveDefaults() {
    Map<String, RuleSettings> defaults = new LinkedHashMap<>();
    for (RuleSpec spec : RULES.values()) {
      defaults.put(spec.id(), RuleSettings.of(spec, Map.of()));
    }
    return Map.copyOf(defaults);
  }

  private RuleCatalog() {}

  public static Optional<RuleSpec> find(String id) {
    return Optional.ofNullable(RULES.get(id));
  }

  public static java.util.Collection<RuleSpec> all() {
    return RULES.values();
  }

  /**
   * The rule's settings with every default in place, as used when config says nothing about the
   * rule: the same instance on every call.
   */
  public static RuleSettings defaults(String id) {
    RuleSettings settings = DEFAULTS.get(id);
    if (settings == null) {
      throw new IllegalArgumentException("unknown rule id: " + id);
    }
    return settings;
  }
}
