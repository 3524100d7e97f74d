package io.hedgewatch.domain;

/** What asking one venue for one market gave: a quote, or the typed reason there is none. */
public sealed interface QuoteOutcome {

  ReferenceVenue venue();

  VenueMarket market();

  record Quoted(VenueQuote quote) implements QuoteOutcome {
    @Override
    public ReferenceVenue venue() {
      return quote.venue();
    }

    @Override
    public VenueMarket market() {
      return quote.market();
    }
  }

  record NotQuoted(ReferenceVenue venue, VenueMarket market, QuoteFailure failure)
      implements QuoteOutcome {}
}
