package io.hedgewatch.config;

import io.hedgewatch.domain.CexFundingVenue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the {@code markets} section: a perp market on one of the configured venues.
 *
 * @param venue the key of its venue under {@code venues}
 * @param market the venue's own key, normalised: a Hyperliquid coin ({@code ETH}, {@code kPEPE},
 *     {@code xyz:TSLA}) or dYdX ticker ({@code ETH-USD}) as written, a Synthetix v3 market id as a
 *     plain decimal ({@code 100}), a GMX v2 market token address in lower case
 * @param oracleFeed the key of the feed under {@code feeds} this market's prices should agree with
 * @param reference the canonical pair and which reference venues price it, as for a feed
 * @param fundingReferences the centralized perp venues whose funding this market's funding is
 *     compared with (funding.divergence); empty when the market has no reference pair to find their
 *     perps by, or when the config lists none
 * @param gmxPricing how a GMX v2 market's tokens are priced ({@link GmxMarketPricing#DEFAULTS} for
 *     every other venue)
 */
public record MarketConfig(
    String id,
    String venue,
    String market,
    Optional<String> oracleFeed,
    Optional<FeedReference> reference,
    List<CexFundingVenue> fundingReferences,
    GmxMarketPricing gmxPricing) {

  /** Every centralized funding venue, in the enum's order: the default of a market with a pair. */
  public static final List<CexFundingVenue> DEFAULT_FUNDING_REFERENCES =
      List.of(CexFundingVenue.values());

  public MarketConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(oracleFeed, "oracleFeed");
    Objects.requireNonNull(reference, "reference");
    fundingReferences = List.copyOf(fundingReferences);
    Objects.requireNonNull(gmxPricing, "gmxPricing");
  }
}
