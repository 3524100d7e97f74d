package io.hedgewatch.reference;

import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.Pair;
import java.time.Instant;
import java.util.List;

/**
 * One centralized venue's perpetual funding and mark as hedgewatch reads them. Implementations own
 * transport, rate limiting, retries and circuit breaking; a call returns within the source's named
 * timeouts with a value or a typed failure, and never throws for an expected failure.
 */
public interface FundingSource {

  CexFundingVenue venue();

  /** The current funding, mark and index of the venue's perp on {@code pair}. */
  FundingOutcome funding(Pair pair);

  /** Whether {@link #history} is available for this venue. */
  boolean hasHistory();

  /**
   * Settled funding of the venue's perp on {@code pair} with {@code from <= at <= to}, per hour,
   * oldest first, paged within the venue's limits.
   *
   * @throws UnsupportedOperationException when {@link #hasHistory()} is false
   * @throws IllegalArgumentException when {@code from} is after {@code to} or the range is longer
   *     than the source allows
   */
  VenueReply<List<FundingPoint>> history(Pair pair, Instant from, Instant to);
}
