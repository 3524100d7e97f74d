package io.hedgewatch.reference;

import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import java.time.Instant;
import okhttp3.HttpUrl;

/**
 * The wire protocol of one venue's public spot ticker: how to ask for a market and how to read any
 * reply, error replies included. Pure: no I/O, so every venue's parsing is tested directly against
 * recorded bodies.
 */
public interface VenueProtocol {

  ReferenceVenue venue();

  /** The venue's public REST base URL, used when config gives none. */
  String defaultBaseUrl();

  /**
   * The ticker request for {@code market} under {@code baseUrl} (which may carry a path prefix).
   */
  HttpUrl tickerUrl(HttpUrl baseUrl, VenueMarket market);

  /**
   * Reads a reply of any HTTP status into a quote or a typed failure carrying the venue's own
   * message. Never throws for bad input. {@code receivedAt} stands in for the price's time when the
   * venue sends none.
   */
  QuoteOutcome parseTicker(VenueMarket market, int httpStatus, String body, Instant receivedAt);
}
