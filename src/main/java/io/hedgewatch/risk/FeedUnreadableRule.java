package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.Severity;
import java.util.List;

/**
 * {@code monitor.blind} for one feed: its essential read failed, so none of its oracle rules can
 * judge it. UNKNOWN, with the failure in the message; no scalar.
 */
public final class FeedUnreadableRule {

  public static final String ID = "monitor.blind";

  private FeedUnreadableRule() {}

  public static List<Alert> evaluate(FeedReading.Unreadable reading, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    return List.of(
        new Alert(
            ID,
            Severity.UNKNOWN,
            OracleRuleText.feedSubject(reading.feedId()),
            "cannot read feed " + reading.feedId() + ": " + reading.failure().describe(),
            null,
            null,
            "check the feed address and the RPC endpoint"));
  }
}
