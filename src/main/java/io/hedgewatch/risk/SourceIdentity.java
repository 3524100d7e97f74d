package io.hedgewatch.risk;

import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a Chainlink feed's answers come from: the proxy's current aggregator and phase. The service
 * keeps the last one seen per feed and passes it back, so that {@code oracle.source-changed} sees a
 * swap even when nothing is pinned.
 *
 * @param aggregator lower-case 0x address
 * @param phaseId the proxy's phase (0 for a bare aggregator)
 */
public record SourceIdentity(String aggregator, int phaseId) {

  public SourceIdentity {
    Objects.requireNonNull(aggregator, "aggregator");
    aggregator = aggregator.toLowerCase(Locale.ROOT);
  }

  /**
   * The identity a reading shows. A feed without {@code aggregator()} is a bare aggregator, its own
   * source; a proxy without {@code phaseId()} still carries its phase in the top bits of the round
   * id.
   */
  public static SourceIdentity of(FeedSpec spec, FeedReading.Chainlink reading) {
    return new SourceIdentity(
        reading.aggregator().orElse(spec.address()),
        reading.phaseId().orElseGet(() -> reading.round().phaseOfRoundId()));
  }
}
