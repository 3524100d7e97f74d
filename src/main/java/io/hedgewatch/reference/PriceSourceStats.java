package io.hedgewatch.reference;

import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A snapshot of what one price source did since it was built, until metrics take over.
 *
 * @param quotes quotes asked of the source
 * @param httpRequests HTTP requests that left for the venue, retries included; quotes answered from
 *     a ban, a {@code Retry-After}, an open circuit or the local rate limiter send none
 * @param quoted quotes that gave a price
 * @param failuresByKind failed quotes by the simple name of their {@link QuoteFailure} type ({@code
 *     RateLimited}, {@code Timeout}, ...)
 * @param lastFailure the most recent failed quote
 */
public record PriceSourceStats(
    ReferenceVenue venue,
    long quotes,
    long httpRequests,
    long quoted,
    Map<String, Long> failuresByKind,
    Optional<LastFailure> lastFailure) {

  public record LastFailure(Instant at, VenueMarket market, QuoteFailure failure) {
    public LastFailure {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(market, "market");
      Objects.requireNonNull(failure, "failure");
    }
  }

  public PriceSourceStats {
    Objects.requireNonNull(venue, "venue");
    failuresByKind = Map.copyOf(failuresByKind);
    Objects.requireNonNull(lastFailure, "lastFailure");
  }

  public long failures() {
    return failuresByKind.values().stream().mapToLong(Long::longValue).sum();
  }

  public long failures(Class<? extends QuoteFailure> kind) {
    return failuresByKind.getOrDefault(kind.getSimpleName(), 0L);
  }

  @Override
  public String toString() {
    return "PriceSourceStats[venue="
        + venue
        + ", quotes="
        + quotes
        + ", httpRequests="
        + httpRequests
        + ", quoted="
        + quoted
        + ", failuresByKind="
        + new TreeMap<>(failuresByKind)
        + ", lastFailure="
        + lastFailure
        + "]";
  }
}
