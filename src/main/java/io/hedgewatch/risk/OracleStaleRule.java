package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleRuleText.duration;
import static io.hedgewatch.risk.OracleRuleText.seconds;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.MarketHours;
import io.hedgewatch.domain.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code oracle.stale}: the feed's last update (Chainlink {@code updatedAt}, Pyth {@code
 * publishTime}) is older than its heartbeat plus {@code grace}, measured at the block's timestamp
 * and, unless the feed is {@code crypto}, counted only while its market is open. WARNING when age
 * &gt; heartbeat + grace, CRITICAL when age &gt; criticalHeartbeats x heartbeat + grace. {@code
 * value} is the age and {@code threshold} the crossed limit, both in seconds. An update after the
 * block has age 0 here ({@code oracle.round} reports the future date).
 */
public final class OracleStaleRule {

  public static final String ID = "oracle.stale";

  private OracleStaleRule() {}

  /**
   * The age this rule judges: market-open time from {@code lastUpdate} to the block, zero when the
   * update is later.
   */
  public static Duration age(
      TradingCalendar calendar, MarketHours hours, Instant lastUpdate, Instant blockTime) {
    return calendar.openTimeBetween(hours, lastUpdate, blockTime);
  }

  public static List<Alert> evaluate(
      FeedSpec spec,
      Instant lastUpdate,
      BlockRef block,
      RuleSettings settings,
      TradingCalendar calendar) {
    if (!settings.enabled()) {
      return List.of();
    }
    Duration heartbeat = spec.heartbeat();
    Duration grace = settings.duration("grace");
    Duration warnLimit = heartbeat.plus(grace);
    Duration criticalLimit =
        heartbeat.multipliedBy(settings.count("criticalHeartbeats")).plus(grace);
    Duration age = age(calendar, spec.marketHours(), lastUpdate, block.timestamp());

    Severity severity;
    Duration limit;
    if (age.compareTo(criticalLimit) > 0) {
      severity = Severity.CRITICAL;
      limit = criticalLimit;
    } else if (age.compareTo(warnLimit) > 0) {
      severity = Severity.WARNING;
      limit = warnLimit;
    } else {
      return List.of();
    }

    String counted =
        spec.marketHours() == MarketHours.CRYPTO
            ? ""
            : " of " + spec.marketHours().configName() + " market-open time";
    String limitText =
        (severity == Severity.CRITICAL ? settings.count("criticalHeartbeats") + " x " : "")
            + "heartbeat "
            + heartbeat.getSeconds()
            + " s + grace "
            + grace.getSeconds()
            + " s";
    String message =
        "feed "
            + spec.id()
            + " is stale: last update at "
            + lastUpdate
            + ", age "
            + duration(age)
            + counted
            + " at block "
            + block.number()
            + " ("
            + block.timestamp()
            + "), beyond the limit of "
            + duration(limit)
            + " = "
            + limitText;
    String action =
        severity == Severity.CRITICAL
            ? "treat the feed as down: do not act on its price, check positions against the reference venues"
                + " and ask the feed's operator why it stopped updating"
            : "check that the feed still updates (heartbeat, deviation trigger, its operator's status page)"
                + " before relying on its price";
    return List.of(
        new Alert(
            ID,
            severity,
            OracleRuleText.feedSubject(spec.id()),
            message,
            seconds(age),
            seconds(limit),
            action));
  }
}
