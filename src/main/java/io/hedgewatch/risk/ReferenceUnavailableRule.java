package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.Severity;
import java.util.List;

/**
 * {@code reference.unavailable}: the feed's reference composite has fewer than {@code minSources}
 * USED venues, so it has no price. UNKNOWN, subject {@code feed:ID}: the reference is per feed
 * (each feed names its own sources and minSources), and a feed whose reference is gone cannot be
 * judged, so its status is UNKNOWN, not WARNING (a WARNING here would outrank the UNKNOWN of {@code
 * oracle.drift} on the same subject). {@code value} is the number of USED venues and {@code
 * threshold} the minSources it fell short of; the message names why each other venue was not used.
 *
 * <p>The rule's {@code maxAge} parameter is the freshness limit of every reference quote, read by
 * {@link ReferenceComposite} whether or not the rule is enabled.
 */
public final class ReferenceUnavailableRule {

  public static final String ID = "reference.unavailable";

  private ReferenceUnavailableRule() {}

  public static List<Alert> evaluate(
      String feedId, ReferencePrice reference, RuleSettings settings) {
    if (!settings.enabled() || reference.available()) {
      return List.of();
    }
    return List.of(
        new Alert(
            ID,
            Severity.UNKNOWN,
            OracleRuleText.feedSubject(feedId),
            "no "
                + reference.pair()
                + " reference price for feed "
                + feedId
                + ": "
                + reference.unavailableReason().orElseThrow(),
            (double) reference.used().size(),
            (double) reference.minSources(),
            "check the reference venues named above (reachability, rate limits, symbols, a"
                + " stablecoin off its peg), or add venues to or lower the feed's"
                + " reference.minSources"));
  }
}
