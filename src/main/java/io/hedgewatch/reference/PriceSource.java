package io.hedgewatch.reference;

import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;

/**
 * One reference venue as hedgewatch sees it. Implementations own transport, rate limiting, retries
 * and circuit breaking; a call returns within the source's named timeout, with a quote or a typed
 * failure, and never throws for an expected failure.
 */
public interface PriceSource {

  ReferenceVenue venue();

  QuoteOutcome quote(VenueMarket market);
}
