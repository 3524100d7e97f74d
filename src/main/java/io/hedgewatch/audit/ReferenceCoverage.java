package io.hedgewatch.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * How much of the audited period one reference venue answered for: {@code coveredSlots} of {@code
 * totalSlots} candle slots, and why not the rest when the venue failed.
 *
 * @param failure what went wrong with the venue (unsupported pair, HTTP error...), empty when it
 *     answered or merely had holes
 */
public record ReferenceCoverage(
    String venue, int coveredSlots, int totalSlots, Optional<String> failure) {

  public ReferenceCoverage {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(failure, "failure");
    if (totalSlots < 0 || coveredSlots < 0 || coveredSlots > totalSlots) {
      throw new IllegalArgumentException(
          "reference coverage of "
              + venue
              + ": covered slots "
              + coveredSlots
              + " must be in [0, total slots "
              + totalSlots
              + "]");
    }
  }

  /** {@code coveredSlots / totalSlots}, 0 when there were no slots. */
  public double share() {
    return totalSlots == 0 ? 0 : (double) coveredSlots / totalSlots;
  }
}
