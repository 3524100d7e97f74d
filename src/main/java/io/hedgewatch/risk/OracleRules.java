package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.FeedType;
import io.hedgewatch.domain.SequencerStatus;
import io.hedgewatch.domain.Severity;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The oracle and sequencer rules of one observation. Pure: everything, including the block's time,
 * comes in as arguments.
 *
 * <p>Conventions shared by these rules:
 *
 * <ul>
 *   <li>A rule fires when its value is strictly beyond its threshold: at exactly the threshold it
 *       is quiet. "Beyond" means greater for ages and ratios ({@code oracle.stale}, {@code
 *       oracle.confidence}) and closer for distances ({@code oracle.bounds}' margin). Two
 *       boundaries are states rather than tunable thresholds and include their edge: an answer
 *       exactly at a circuit-breaker bound is CRITICAL (that is what a tripped breaker looks like),
 *       and {@code sequencer.grace} still fires at exactly its period, as Chainlink's reference
 *       consumer does.
 *   <li>{@code value} and {@code threshold} are seconds for time rules and basis points for ratio
 *       rules; rules whose findings are facts (a changed address, an incomplete round) leave them
 *       null.
 *   <li>One rule yields at most one alert per subject, since (rule, subject) identifies an alert:
 *       several findings of one rule merge into one alert at the worst severity.
 *   <li>Subjects are {@code feed:ID} and {@code chain:ID}; times in messages are ISO-8601 UTC.
 *   <li>A disabled rule yields nothing.
 * </ul>
 */
public final class OracleRules {

  private final TradingCalendar calendar;

  public OracleRules() {
    this(TradingCalendar.standard());
  }

  public OracleRules(TradingCalendar calendar) {
    this.calendar = Objects.requireNonNull(calendar, "calendar");
  }

  /**
   * Every oracle rule for one feed's reading at {@code block}. {@code sequencer} is the state of
   * the feed's chain, when it has an uptime feed; while it is down or in grace every alert's
   * message says so. {@code previous} is the source identity seen in the previous observation, if
   * any.
   *
   * @throws IllegalArgumentException when the reading, the spec and the sequencer context are not
   *     about the same feed, type and chain (a wiring bug, not a finding)
   */
  public List<Alert> evaluateFeed(
      FeedSpec spec,
      FeedReading reading,
      BlockRef block,
      Optional<SequencerContext> sequencer,
      Optional<SourceIdentity> previous,
      RuleSettingsLookup settings) {
    Objects.requireNonNull(block, "block");
    Objects.requireNonNull(settings, "settings");
    if (!spec.id().equals(reading.feedId())) {
      throw new IllegalArgumentException(
          "reading of feed " + reading.feedId() + " evaluated against feed " + spec.id());
    }
    sequencer.ifPresent(
        s -> {
          if (!s.chainId().equals(spec.chain())) {
            throw new IllegalArgumentException(
                "feed "
                    + spec.id()
                    + " is on chain "
                    + spec.chain()
                    + " but got the sequencer of "
                    + s.chainId());
          }
        });

    List<Alert> alerts = new ArrayList<>();
    if (reading instanceof FeedReading.Unreadable unreadable) {
      alerts.addAll(
          FeedUnreadableRule.evaluate(unreadable, settings.forRule(FeedUnreadableRule.ID)));
    } else if (reading instanceof FeedReading.Chainlink chainlink) {
      requireType(spec, FeedType.CHAINLINK, reading);
      BigInteger updatedAt = chainlink.round().updatedAt();
      // An incomplete round has no age; oracle.round reports it.
      if (updatedAt.signum() > 0) {
        alerts.addAll(stale(spec, OracleRuleText.instantOf(updatedAt), block, settings));
      }
      alerts.addAll(
          OracleRoundRule.evaluate(chainlink, block, settings.forRule(OracleRoundRule.ID)));
      chainlink
          .bounds()
          .ifPresent(
              b ->
                  alerts.addAll(
                      OracleBoundsRule.evaluate(
                          spec.id(),
                          chainlink.round().answer(),
                          chainlink.decimals(),
                          b,
                          settings.forRule(OracleBoundsRule.ID))));
      alerts.addAll(
          OracleSourceChangedRule.evaluate(
              spec, chainlink, previous, settings.forRule(OracleSourceChangedRule.ID)));
    } else if (reading instanceof FeedReading.Pyth pyth) {
      requireType(spec, FeedType.PYTH, reading);
      if (pyth.price().publishTime() > 0) {
        alerts.addAll(stale(spec, pyth.price().publishedAt(), block, settings));
      }
      alerts.addAll(OracleRoundRule.evaluate(pyth, settings.forRule(OracleRoundRule.ID)));
      alerts.addAll(
          OracleConfidenceRule.evaluate(
              spec.id(), pyth.price(), settings.forRule(OracleConfidenceRule.ID)));
    } else {
      throw new IllegalArgumentException("unknown reading type " + reading.getClass().getName());
    }

    Optional<String> suffix = sequencer.flatMap(SequencerContext::messageSuffix);
    if (suffix.isEmpty()) {
      return List.copyOf(alerts);
    }
    return alerts.stream().map(a -> a.withMessage(a.message() + suffix.get())).toList();
  }

  /**
   * {@code sequencer.down} and {@code sequencer.grace} for one chain's uptime feed at {@code
   * block}.
   */
  public List<Alert> evaluateSequencer(
      String chainId, SequencerStatus status, BlockRef block, RuleSettingsLookup settings) {
    List<Alert> alerts = new ArrayList<>();
    alerts.addAll(
        SequencerDownRule.evaluate(chainId, status, block, settings.forRule(SequencerDownRule.ID)));
    alerts.addAll(
        SequencerGraceRule.evaluate(
            chainId, status, block, settings.forRule(SequencerGraceRule.ID)));
    return List.copyOf(alerts);
  }

  /**
   * The context to pass to {@link #evaluateFeed} for the feeds of {@code chainId}. The grace period
   * is {@code sequencer.grace}'s, whether or not that rule is enabled: the suffix states a fact
   * about prices.
   */
  public static SequencerContext sequencerContext(
      String chainId, SequencerStatus status, BlockRef block, RuleSettingsLookup settings) {
    return SequencerContext.of(
        chainId, status, block, settings.forRule(SequencerGraceRule.ID).duration("period"));
  }

  /** When the reading's price was last updated on chain, when it has a usable time. */
  public static Optional<Instant> lastUpdate(FeedReading reading) {
    if (reading instanceof FeedReading.Chainlink c && c.round().updatedAt().signum() > 0) {
      return Optional.of(OracleRuleText.instantOf(c.round().updatedAt()));
    }
    if (reading instanceof FeedReading.Pyth p && p.price().publishTime() > 0) {
      return Optional.of(p.price().publishedAt());
    }
    return Optional.empty();
  }

  /** The worst severity among {@code alerts}; OK when there are none. */
  public static Severity worst(List<Alert> alerts) {
    Severity worst = Severity.OK;
    for (Alert a : alerts) {
      worst = Severity.worst(worst, a.severity());
    }
    return worst;
  }

  /** The worst severity per subject, in the order subjects first appear in {@code alerts}. */
  public static Map<String, Severity> worstBySubject(List<Alert> alerts) {
    return worstBySubject(List.of(), alerts);
  }

  /**
   * The worst severity per subject: every subject of {@code subjects} (OK when no alert names it),
   * in their order, then subjects only {@code alerts} name, in order of first appearance.
   */
  public static Map<String, Severity> worstBySubject(
      Collection<String> subjects, List<Alert> alerts) {
    Map<String, Severity> bySubject = new LinkedHashMap<>();
    for (String s : subjects) {
      bySubject.put(s, Severity.OK);
    }
    for (Alert a : alerts) {
      bySubject.merge(a.subject(), a.severity(), Severity::worst);
    }
    return bySubject;
  }

  public static String feedSubject(String feedId) {
    return OracleRuleText.feedSubject(feedId);
  }

  public static String chainSubject(String chainId) {
    return OracleRuleText.chainSubject(chainId);
  }

  private List<Alert> stale(
      FeedSpec spec, Instant lastUpdate, BlockRef block, RuleSettingsLookup settings) {
    return OracleStaleRule.evaluate(
        spec, lastUpdate, block, settings.forRule(OracleStaleRule.ID), calendar);
  }

  private static void requireType(FeedSpec spec, FeedType type, FeedReading reading) {
    if (spec.type() != type) {
      throw new IllegalArgumentException(
          "feed "
              + spec.id()
              + " is configured as "
              + spec.type().configName()
              + " but was read as "
              + type.configName()
              + " ("
              + reading.getClass().getSimpleName()
              + ")");
    }
  }
}
