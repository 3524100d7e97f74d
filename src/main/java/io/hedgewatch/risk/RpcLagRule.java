package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.RpcProbe;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.OracleRuleText.Finding;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code rpc.lag} on {@code chain:ID}, from one probe of every RPC endpoint of the chain:
 *
 * <ul>
 *   <li>an endpoint's head is behind the best head by strictly more than {@code warnBlocks}
 *       (WARNING) or {@code criticalBlocks} (CRITICAL) blocks: reads that fail over to it see an
 *       old state; value and threshold in blocks;
 *   <li>the best head's own age against the wall clock (the probe's time minus the newest block's
 *       timestamp) is strictly greater than {@code warn} (WARNING) or {@code critical} (CRITICAL):
 *       the chain, or every endpoint, has stopped; value and threshold in seconds.
 * </ul>
 *
 * Only endpoints that answered and are on the configured chain count; an endpoint that is down is
 * not lagging, and is only named in the message of an alert that fires. With no such endpoint the
 * rule is silent ({@code monitor.blind} reports that hedgewatch cannot see). All findings merge
 * into one alert; its value and threshold are those of its worst finding, in that finding's unit.
 */
public final class RpcLagRule {

  public static final String ID = "rpc.lag";

  private static final String BEHIND_ACTION =
      "the endpoint serves an old state: fix or replace it, or move it down in rpcUrls so that"
          + " failover does not land on it";
  private static final String STALLED_ACTION =
      "no new blocks: check the chain's status page and sequencer; prices and positions read now"
          + " may be stale, and transactions may not be included";

  private RpcLagRule() {}

  public static List<Alert> evaluate(RpcProbe probe, RuleSettings settings) {
    return evaluate(probe, settings, Optional.empty());
  }

  /**
   * @param maxHeadAge the chain's own head-age limit ({@code chains.*.maxHeadAge}): empty for the
   *     rule's {@code warn} and {@code critical}; zero to leave the head's age unjudged on this
   *     chain (one that makes blocks only for transactions, where an old head is no sign of a
   *     stall); otherwise WARNING beyond it and CRITICAL beyond it scaled by the rule's {@code
   *     critical} / {@code warn} (5 x with the defaults). The lag in blocks is judged either way.
   */
  public static List<Alert> evaluate(
      RpcProbe probe, RuleSettings settings, Optional<Duration> maxHeadAge) {
    Objects.requireNonNull(maxHeadAge, "maxHeadAge");
    if (!settings.enabled() || probe.best().isEmpty()) {
      return List.of();
    }
    RpcProbe.Up best = probe.best().get();
    int warnBlocks = settings.count("warnBlocks");
    int criticalBlocks = settings.count("criticalBlocks");
    List<Finding> findings = new ArrayList<>();

    Duration age = Duration.between(best.headTime(), probe.at());
    if (age.isNegative()) {
      age = Duration.ZERO;
    }
    Duration warnAge = settings.duration("warn");
    Duration criticalAge = settings.duration("critical");
    boolean chainLimit = maxHeadAge.isPresent();
    if (chainLimit) {
      criticalAge = scaled(criticalAge, maxHeadAge.get(), warnAge);
      warnAge = maxHeadAge.get();
    }
    boolean judgeAge = !(chainLimit && warnAge.isZero());
    Severity ageSeverity = null;
    Duration ageLevel = null;
    if (judgeAge && age.compareTo(criticalAge) > 0) {
      ageSeverity = Severity.CRITICAL;
      ageLevel = criticalAge;
    } else if (judgeAge && age.compareTo(warnAge) > 0) {
      ageSeverity = Severity.WARNING;
      ageLevel = warnAge;
    }
    if (ageSeverity != null) {
      findings.add(
          new Finding(
              ageSeverity,
              "the newest head, block "
                  + best.head()
                  + " from "
                  + best.label()
                  + ", is "
                  + OracleRuleText.duration(age)
                  + " old at "
                  + probe.at()
                  + ", beyond the "
                  + level(ageSeverity)
                  + " head age of "
                  + OracleRuleText.duration(ageLevel)
                  + (chainLimit ? " set for this chain" : ""),
              OracleRuleText.seconds(age),
              OracleRuleText.seconds(ageLevel),
              STALLED_ACTION));
    }

    for (RpcProbe.Up u : probe.live()) {
      long behind = best.head() - u.head();
      Severity severity;
      int level;
      if (behind > criticalBlocks) {
        severity = Severity.CRITICAL;
        level = criticalBlocks;
      } else if (behind > warnBlocks) {
        severity = Severity.WARNING;
        level = warnBlocks;
      } else {
        continue;
      }
      Duration older = Duration.between(u.headTime(), best.headTime());
      findings.add(
          new Finding(
              severity,
              u.label()
                  + " is "
                  + behind
                  + " blocks behind "
                  + best.label()
                  + " (head "
                  + u.head()
                  + " vs "
                  + best.head()
                  + ", its head block "
                  + OracleRuleText.duration(older.isNegative() ? Duration.ZERO : older)
                  + " older), beyond the "
                  + level(severity)
                  + " lag of "
                  + level
                  + " blocks",
              (double) behind,
              (double) level,
              BEHIND_ACTION));
    }
    List<Alert> alerts =
        OracleRuleText.merge(
            ID,
            OracleRuleText.chainSubject(probe.chain()),
            "chain " + probe.chain() + ": ",
            findings);
    return withDownNote(alerts, probe);
  }

  /** {@code level} x {@code numerator} / {@code denominator}, to the millisecond. */
  private static Duration scaled(Duration level, Duration numerator, Duration denominator) {
    if (denominator.isZero()) {
      return numerator;
    }
    BigInteger millis =
        BigInteger.valueOf(level.toMillis())
            .multiply(BigInteger.valueOf(numerator.toMillis()))
            .divide(BigInteger.valueOf(denominator.toMillis()));
    return Duration.ofMillis(millis.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue());
  }

  /** Appends which endpoints did not answer to a firing alert's message. */
  static List<Alert> withDownNote(List<Alert> alerts, RpcProbe probe) {
    if (alerts.isEmpty() || probe.down().isEmpty()) {
      return alerts;
    }
    String note =
        probe.down().stream()
            .map(d -> d.label() + " did not answer (" + d.reason() + ")")
            .collect(Collectors.joining("; ", "; not compared: ", ""));
    return alerts.stream().map(a -> a.withMessage(a.message() + note)).toList();
  }

  private static String level(Severity severity) {
    return severity == Severity.CRITICAL ? "critical" : "warning";
  }
}
