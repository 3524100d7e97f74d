package io.hedgewatch.reference;

import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import java.util.Objects;

/** What asking one venue for the funding of one pair's perp gave. */
public sealed interface FundingOutcome {

  CexFundingVenue venue();

  Pair pair();

  record Funded(CexFunding funding) implements FundingOutcome {
    public Funded {
      Objects.requireNonNull(funding, "funding");
    }

    @Override
    public CexFundingVenue venue() {
      return funding.venue();
    }

    @Override
    public Pair pair() {
      return funding.pair();
    }
  }

  record NotFunded(CexFundingVenue venue, Pair pair, QuoteFailure failure)
      implements FundingOutcome {
    public NotFunded {
      Objects.requireNonNull(venue, "venue");
      Objects.requireNonNull(pair, "pair");
      Objects.requireNonNull(failure, "failure");
    }
  }
}
