package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.OracleRuleText.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code oracle.source-changed} (Chainlink): WARNING when the proxy has a non-zero {@code
 * proposedAggregator()} (a swap is pending), when its aggregator differs from the pinned {@code
 * expectAggregator}, or when its aggregator or phase differs from the previous observation. Every
 * cause found goes into one alert. Addresses have no scalar: {@code value} and {@code threshold}
 * are null.
 */
public final class OracleSourceChangedRule {

  public static final String ID = "oracle.source-changed";

  private static final String VERIFY_ACTION =
      "verify the new aggregator (description, decimals, bounds, Chainlink's announcements) and, once trusted,"
          + " pin it with expectAggregator";
  private static final String PENDING_ACTION =
      "verify the proposed aggregator before the owner confirms it: once confirmed, the feed's answers come from it";

  private OracleSourceChangedRule() {}

  public static List<Alert> evaluate(
      FeedSpec spec,
      FeedReading.Chainlink reading,
      Optional<SourceIdentity> previous,
      RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    SourceIdentity current = SourceIdentity.of(spec, reading);
    List<Finding> findings = new ArrayList<>();

    Optional<String> expected = spec.expectAggregator().map(a -> a.toLowerCase(Locale.ROOT));
    if (expected.isPresent() && !expected.get().equals(current.aggregator())) {
      findings.add(
          new Finding(
              Severity.WARNING,
              "aggregator is " + current.aggregator() + " but config pins " + expected.get(),
              null,
              null,
              VERIFY_ACTION));
    }
    if (previous.isPresent()) {
      SourceIdentity before = previous.get();
      if (!before.aggregator().equals(current.aggregator())) {
        findings.add(
            new Finding(
                Severity.WARNING,
                "aggregator changed from " + before.aggregator() + " to " + current.aggregator(),
                null,
                null,
                VERIFY_ACTION));
      }
      if (before.phaseId() != current.phaseId()) {
        findings.add(
            new Finding(
                Severity.WARNING,
                "phase changed from " + before.phaseId() + " to " + current.phaseId(),
                null,
                null,
                VERIFY_ACTION));
      }
    }
    Optional<String> proposed =
        reading
            .proposedAggregator()
            .filter(a -> !OracleRuleText.isZeroAddress(a))
            .map(a -> a.toLowerCase(Locale.ROOT));
    if (proposed.isPresent()) {
      findings.add(
          new Finding(
              Severity.WARNING,
              "aggregator swap pending: proposedAggregator() is "
                  + proposed.get()
                  + " (current "
                  + current.aggregator()
                  + ")",
              null,
              null,
              PENDING_ACTION));
    }
    return OracleRuleText.merge(
        ID, OracleRuleText.feedSubject(spec.id()), "feed " + spec.id() + " source: ", findings);
  }
}
