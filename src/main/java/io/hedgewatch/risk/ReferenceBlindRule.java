package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.ReferenceSource;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.domain.SourceState;
import java.util.List;

/**
 * {@code monitor.blind} on {@code feed:ID} when not one of the feed's reference venues gave a fresh
 * price (every one FAILED or STALE): hedgewatch has lost sight of the market for that asset, which
 * is worse than {@code reference.unavailable}'s "too few venues agree" and is reported as blindness
 * so that it pages like a dead chain does. Venues that answered but were left out (OUTLIER,
 * NO_CONVERSION, SUPERSEDED) mean the market is visible, so they keep this rule silent.
 */
public final class ReferenceBlindRule {

  public static final String ID = FeedUnreadableRule.ID;

  private ReferenceBlindRule() {}

  public static List<Alert> evaluate(
      String feedId, ReferencePrice reference, RuleSettings settings) {
    List<ReferenceSource> sources = reference.sources();
    if (!settings.enabled() || sources.isEmpty()) {
      return List.of();
    }
    boolean anyAnswered =
        sources.stream()
            .anyMatch(s -> s.state() != SourceState.FAILED && s.state() != SourceState.STALE);
    if (anyAnswered) {
      return List.of();
    }
    long venues = sources.stream().map(ReferenceSource::venue).distinct().count();
    return List.of(
        new Alert(
            ID,
            Severity.UNKNOWN,
            OracleRuleText.feedSubject(feedId),
            "every reference venue for "
                + reference.pair()
                + " is down ("
                + venues
                + " asked, none gave a fresh price): feed "
                + feedId
                + " cannot be judged against the market",
            0.0,
            (double) reference.minSources(),
            "check hedgewatch's network access to the reference venues and their status pages;"
                + " until one answers, oracle drift on this feed goes unseen"));
  }
}
