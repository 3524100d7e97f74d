package io.hedgewatch.reference;

import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.support.HttpPolicy;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import okhttp3.OkHttpClient;

/**
 * Every reference venue of a config behind one call: given the pairs the feeds need, it works out
 * which market of which venue prices each pair (and which stablecoin markets convert those prices
 * to the pair's quote), asks them all at once, and returns every outcome. The composite is computed
 * from them by the pure {@code ReferenceComposite}.
 */
public final class ReferenceService implements AutoCloseable {

  /** A pair a feed needs, and the venues the feed trusts for it. */
  public record Target(Pair pair, List<ReferenceVenue> venues) {
    public Target {
      Objects.requireNonNull(pair, "pair");
      venues = List.copyOf(venues);
    }
  }

  private final Map<ReferenceVenue, PriceSource> sources;
  private final VenueListings listings;
  private final ReferenceQuoter quoter;
  private final OkHttpClient ownedHttp;

  public ReferenceService(
      Map<ReferenceVenue, PriceSource> sources, VenueListings listings, ReferenceQuoter quoter) {
    this(sources, listings, quoter, null);
  }

  private ReferenceService(
      Map<ReferenceVenue, PriceSource> sources,
      VenueListings listings,
      ReferenceQuoter quoter,
      OkHttpClient ownedHttp) {
    this.sources = new EnumMap<>(ReferenceVenue.class);
    this.sources.putAll(sources);
    this.listings = listings;
    this.quoter = quoter;
    this.ownedHttp = ownedHttp;
  }

  /**
   * HTTP sources for the configured venues ({@code baseUrl} overrides by venue, empty for the
   * venue's default), with each venue's default policy and one shared OkHttp client.
   *
   * @throws IllegalArgumentException when a base URL is not a URL
   */
  public static ReferenceService overHttp(
      Map<ReferenceVenue, Optional<String>> baseUrls, Clock clock) {
    return overHttp(baseUrls, clock, UnaryOperator.identity());
  }

  /**
   * {@link #overHttp(Map, Clock)} with each venue's HTTP source wrapped by {@code decorate} (a
   * cache, a meter), which sees every quote the service asks of that venue.
   */
  public static ReferenceService overHttp(
      Map<ReferenceVenue, Optional<String>> baseUrls,
      Clock clock,
      UnaryOperator<PriceSource> decorate) {
    Objects.requireNonNull(decorate, "decorate");
    OkHttpClient http = new OkHttpClient.Builder().build();
    VenueListings listings = VenueListings.standard();
    Map<ReferenceVenue, PriceSource> sources = new EnumMap<>(ReferenceVenue.class);
    List<HttpPolicy> policies = new ArrayList<>();
    for (Map.Entry<ReferenceVenue, Optional<String>> venue : baseUrls.entrySet()) {
      HttpPolicy policy = ReferenceVenuePolicy.defaultFor(venue.getKey());
      policies.add(policy);
      sources.put(
          venue.getKey(),
          decorate.apply(
              HttpPriceSource.create(
                  VenueProtocols.of(venue.getKey(), listings),
                  venue.getValue(),
                  http,
                  clock,
                  policy)));
    }
    ReferenceQuoter quoter = new ReferenceQuoter(ReferenceQuoter.deadlineFor(policies));
    return new ReferenceService(sources, listings, quoter, http);
  }

  public Set<ReferenceVenue> venues() {
    return sources.keySet();
  }

  /**
   * Quotes, concurrently and within the quoter's deadline, every market the targets need: for each
   * target and each of its venues the venue's preferred market for the pair, and for every
   * stablecoin those markets are quoted in, the markets that convert it, from every configured
   * venue. A venue that lists no market for a pair gives a {@code NotQuoted} outcome saying so, so
   * that the user sees why it is missing.
   */
  public List<QuoteOutcome> quote(Collection<Target> targets) {
    List<ReferenceQuoter.Request> requests = new ArrayList<>();
    List<QuoteOutcome> unlisted = new ArrayList<>();
    Set<Pair> conversionsSeen = new LinkedHashSet<>();
    Deque<Pair> conversions = new ArrayDeque<>();
    for (Target target : targets) {
      for (ReferenceVenue venue : target.venues()) {
        plan(venue, target.pair(), requests, unlisted, conversions, conversionsSeen);
      }
    }
    while (!conversions.isEmpty()) {
      Pair conversion = conversions.poll();
      for (ReferenceVenue venue : sources.keySet()) {
        plan(venue, conversion, requests, unlisted, conversions, conversionsSeen);
      }
    }
    List<QuoteOutcome> outcomes = new ArrayList<>(quoter.quoteAll(requests));
    outcomes.addAll(unlisted);
    return outcomes;
  }

  private void plan(
      ReferenceVenue venue,
      Pair pair,
      List<ReferenceQuoter.Request> requests,
      List<QuoteOutcome> unlisted,
      Deque<Pair> conversions,
      Set<Pair> conversionsSeen) {
    PriceSource source = sources.get(venue);
    Optional<VenueMarket> market = listings.preferredMarket(venue, pair);
    if (source == null || market.isEmpty()) {
      String why =
          source == null
              ? venue.configName() + " is not configured under references"
              : venue.configName() + " lists no market for " + pair;
      unlisted.add(
          new QuoteOutcome.NotQuoted(
              venue, new VenueMarket("-", pair), new QuoteFailure.UnsupportedMarket(why)));
      return;
    }
    requests.add(new ReferenceQuoter.Request(source, market.get()));
    Pair quoted = market.get().pair();
    if (!quoted.quote().equals(pair.quote())) {
      Pair conversion = new Pair(quoted.quote(), pair.quote());
      if (conversionsSeen.add(conversion)) {
        conversions.add(conversion);
      }
    }
  }

  /**
   * The outcomes that bear on one target: its own markets from its venues, and every conversion
   * market (a market whose base is not the target's base) from any venue.
   */
  public static List<QuoteOutcome> relevantTo(Target target, List<QuoteOutcome> outcomes) {
    List<QuoteOutcome> relevant = new ArrayList<>();
    for (QuoteOutcome o : outcomes) {
      boolean own = o.market().pair().base().equals(target.pair().base());
      if (own ? target.venues().contains(o.venue()) : isConversion(o.market().pair())) {
        relevant.add(o);
      }
    }
    return relevant;
  }

  private static boolean isConversion(Pair pair) {
    return (pair.base().equals(VenueListings.USDT) || pair.base().equals(VenueListings.USDC));
  }

  @Override
  public void close() {
    quoter.close();
    if (ownedHttp != null) {
      ownedHttp.dispatcher().executorService().shutdown();
      ownedHttp.connectionPool().evictAll();
    }
  }
}
