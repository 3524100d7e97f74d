package io.hedgewatch.reference;

/**
 * Sends a {@link FundingProtocol}'s requests: {@link HttpFundingSource} over HTTP, or a test's
 * canned replies. Never throws for an expected failure.
 */
public interface FundingExchange {

  <T> VenueReply<T> get(FundingRequest<T> request);
}
