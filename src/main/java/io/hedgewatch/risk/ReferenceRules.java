package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferencePrice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The reference-price rules of one observation: {@code oracle.drift} and {@code
 * reference.unavailable} per feed, {@code reference.divergence} per venue. Pure; they follow the
 * conventions of {@link OracleRules} (strictly beyond a threshold, bps, one alert per (rule,
 * subject), a disabled rule yields nothing). Subjects: {@code feed:ID} for the feed's drift and for
 * its reference being unavailable, {@code reference:VENUE} for a venue far from the others.
 */
public final class ReferenceRules {

  private ReferenceRules() {}

  /** The reference composite of {@code target}; see {@link ReferenceComposite}. */
  public static ReferencePrice composite(
      Pair target,
      List<QuoteOutcome> outcomes,
      int minSources,
      Instant now,
      RuleSettingsLookup settings) {
    return ReferenceComposite.compute(target, outcomes, minSources, now, settings);
  }

  /**
   * {@code oracle.drift} and {@code reference.unavailable} for one feed against its reference. When
   * the reference has no price both are UNKNOWN (drift not judged, and why); an unreadable feed
   * gets no drift alert ({@code monitor.blind} covers it), but its reference is still judged.
   *
   * @throws IllegalArgumentException when the reading is not of {@code spec}'s feed (a wiring bug)
   */
  public static List<Alert> evaluate(
      FeedSpec spec, FeedReading reading, ReferencePrice reference, RuleSettingsLookup settings) {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(settings, "settings");
    if (!spec.id().equals(reading.feedId())) {
      throw new IllegalArgumentException(
          "reading of feed " + reading.feedId() + " evaluated against feed " + spec.id());
    }
    List<Alert> alerts = new ArrayList<>();
    alerts.addAll(
        OracleDriftRule.evaluate(
            spec.id(), reading, reference, settings.forRule(OracleDriftRule.ID)));
    alerts.addAll(
        ReferenceUnavailableRule.evaluate(
            spec.id(), reference, settings.forRule(ReferenceUnavailableRule.ID)));
    alerts.addAll(
        ReferenceBlindRule.evaluate(spec.id(), reference, settings.forRule(ReferenceBlindRule.ID)));
    return List.copyOf(alerts);
  }

  /** {@code reference.divergence} for the venues of one reference. */
  public static List<Alert> evaluateSources(ReferencePrice reference, RuleSettingsLookup settings) {
    return evaluateSources(List.of(reference), settings);
  }

  /**
   * {@code reference.divergence} for the venues of every reference of the observation, one alert
   * per venue across all of them.
   */
  public static List<Alert> evaluateSources(
      Collection<ReferencePrice> references, RuleSettingsLookup settings) {
    return ReferenceDivergenceRule.evaluate(
        references, settings.forRule(ReferenceDivergenceRule.ID));
  }

  /**
   * The contract's {@code driftBps}: {@code (feed - reference) / reference} in bps, signed
   * (positive: oracle above the market); empty when the feed is unreadable or its price not
   * positive, or the reference has no price.
   */
  public static Optional<Double> driftBps(FeedReading reading, ReferencePrice reference) {
    return OracleDriftRule.drift(reading, reference).map(java.math.BigDecimal::doubleValue);
  }
}
