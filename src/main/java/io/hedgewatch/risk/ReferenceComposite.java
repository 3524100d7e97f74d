package io.hedgewatch.risk;

import io.hedgewatch.domain.ConversionRate;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.ReferenceSource;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.SourceState;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The reference price of a pair from the centralized venues' quotes. Pure: the quotes and the
 * cycle's time come in as arguments.
 *
 * <p>How a composite is made, for the target pair and for each conversion rate alike:
 *
 * <ol>
 *   <li><b>Conversion first.</b> A market quoted in another asset than the target's (ETHUSDT for
 *       ETH/USD) is converted through the rate of that asset in the target's quote (USDT/USD),
 *       itself a composite of the venues that list the pair, or its inverse (USD/USDT, as {@code 1
 *       / price}). Never 1:1: without a rate the market is NO_CONVERSION, with the rate's reason.
 *       When the direct quotes give no rate, the rate is chained through USDT ({@code USDC/USD =
 *       USDC/USDT x USDT/USD}, one level, each leg from direct or inverse quotes). A rate needs one
 *       USED venue; its venues go through the same freshness and outlier screening.
 *   <li><b>Freshness.</b> A quote older than {@code reference.unavailable}'s {@code maxAge} at
 *       {@code now} is STALE (exactly {@code maxAge} old is fresh; a quote dated after {@code now}
 *       counts as age 0). Failures and non-positive prices are FAILED.
 *   <li><b>One price per venue.</b> Among a venue's usable markets the one in the target's own
 *       quote is taken, then USDT, then USDC, then other quotes alphabetically (inverse quotes
 *       after direct ones for rates), then the newest quote; the venue's other usable markets are
 *       SUPERSEDED. So {@code minSources} counts venues, and the contract's {@code sources} object
 *       has one price per venue.
 *   <li><b>Median</b> of the fresh converted prices, exact: the middle one, or the mean of the two
 *       middle ones in {@link MathContext#DECIMAL128}, trailing zeros stripped (as are converted
 *       prices and rates).
 *   <li><b>Outliers.</b> A venue strictly further than {@code reference.divergence}'s {@code warn}
 *       from that median ({@code |p - m| > warn x m}, exactly) is OUTLIER and left out; the
 *       composite is the median of the rest, in one pass (the rest are not screened again against
 *       the new median, so one extreme venue cannot make a second pass strip honest ones). The
 *       threshold applies whether or not {@code reference.divergence} is enabled: disabling a rule
 *       silences its alerts, not the screening.
 *   <li><b>Enough venues.</b> Fewer than {@code minSources} USED venues leave the price empty, with
 *       a reason naming how many venues gave a usable price and why each other one did not.
 * </ol>
 *
 * <p>Two venues that disagree: their median is their midpoint, so when they are further apart than
 * twice {@code warn} both are OUTLIER and the reference is unavailable. Which one is wrong cannot
 * be told from two prices, and a midpoint no venue trades at must not judge a feed; both venues are
 * named by {@code reference.divergence}, and the feed's drift is UNKNOWN. Closer than that, both
 * are USED. A single venue with {@code minSources} 1 is used as is.
 */
public final class ReferenceComposite {

  /** The asset conversions are chained through when no direct rate exists. */
  static final String BRIDGE = "USDT";

  /** A conversion rate needs this many USED venues. */
  private static final int RATE_MIN_SOURCES = 1;

  private static final List<String> QUOTE_PREFERENCE = List.of("USDT", "USDC");

  private ReferenceComposite() {}

  /**
   * The reference price of {@code target}.
   *
   * @param outcomes every venue's quote (or failure) for {@code target}'s markets (any market whose
   *     base is {@code target.base()}: ETH/USD, ETH/USDT, ETH/USDC) and for the conversion markets
   *     (USDT/USD, USDC/USD, USDC/USDT); other markets are ignored. Order does not matter.
   * @param minSources the fewest USED venues for a price, at least 1
   * @param now the cycle's time, freshness is judged at it
   */
  public static ReferencePrice compute(
      Pair target,
      List<QuoteOutcome> outcomes,
      int minSources,
      Instant now,
      RuleSettingsLookup settings) {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(settings, "settings");
    if (minSources < 1) {
      throw new IllegalArgumentException("minSources must be at least 1, got " + minSources);
    }
    Screen screen =
        new Screen(
            now,
            settings.forRule(ReferenceUnavailableRule.ID).duration("maxAge"),
            settings.forRule(ReferenceDivergenceRule.ID).ratio("warn"));
    List<QuoteOutcome> sorted = canonical(outcomes);
    List<QuoteOutcome> markets =
        sorted.stream().filter(o -> o.market().pair().base().equals(target.base())).toList();

    Map<Pair, ConversionRate> conversions = new LinkedHashMap<>();
    markets.stream()
        .map(o -> o.market().pair().quote())
        .filter(q -> !q.equals(target.quote()))
        .distinct()
        .sorted()
        .map(q -> new Pair(q, target.quote()))
        .forEach(p -> conversions.put(p, conversion(p, sorted, screen, true)));

    List<Candidate> candidates = new ArrayList<>();
    for (QuoteOutcome o : markets) {
      Pair pair = o.market().pair();
      if (pair.quote().equals(target.quote())) {
        candidates.add(candidate(o, 0, Optional.empty(), Optional.empty(), screen));
      } else {
        ConversionRate rate = conversions.get(new Pair(pair.quote(), target.quote()));
        candidates.add(candidate(o, quotePreference(pair.quote()), Optional.of(rate), screen));
      }
    }
    Composite c = compose(target, candidates, minSources, screen);
    return new ReferencePrice(
        target, now, c.price(), c.sources(), conversions, minSources, c.freshMedian(), c.reason());
  }

  // ---- conversion rates

  private static ConversionRate conversion(
      Pair pair, List<QuoteOutcome> sorted, Screen screen, boolean mayChain) {
    Pair inverse = new Pair(pair.quote(), pair.base());
    List<Candidate> candidates = new ArrayList<>();
    for (QuoteOutcome o : sorted) {
      if (o.market().pair().equals(pair)) {
        candidates.add(candidate(o, 0, Optional.empty(), Optional.empty(), screen));
      } else if (o.market().pair().equals(inverse)) {
        candidates.add(candidate(o, 1, Optional.empty(), Optional.of(inverse), screen));
      }
    }
    Composite direct = compose(pair, candidates, RATE_MIN_SOURCES, screen);
    if (direct.price().isPresent()
        || !mayChain
        || pair.base().equals(BRIDGE)
        || pair.quote().equals(BRIDGE)) {
      return new ConversionRate(
          pair, direct.price(), direct.sources(), List.of(), direct.freshMedian(), direct.reason());
    }
    ConversionRate first = conversion(new Pair(pair.base(), BRIDGE), sorted, screen, false);
    ConversionRate second = conversion(new Pair(BRIDGE, pair.quote()), sorted, screen, false);
    if (first.rate().isPresent() && second.rate().isPresent()) {
      BigDecimal rate = first.rate().get().multiply(second.rate().get(), MathContext.DECIMAL128);
      rate = DecimalMath.normalized(rate);
      return new ConversionRate(
          pair,
          Optional.of(rate),
          direct.sources(),
          List.of(first, second),
          direct.freshMedian(),
          Optional.empty());
    }
    String legs =
        List.of(first, second).stream()
            .filter(c -> c.rate().isEmpty())
            .map(c -> c.unavailableReason().orElseThrow())
            .collect(Collectors.joining("; "));
    return new ConversionRate(
        pair,
        Optional.empty(),
        direct.sources(),
        List.of(first, second),
        direct.freshMedian(),
        Optional.of(direct.reason().orElseThrow() + "; nor via " + BRIDGE + ": " + legs));
  }

  private static int quotePreference(String quote) {
    int i = QUOTE_PREFERENCE.indexOf(quote);
    return 1 + (i >= 0 ? i : QUOTE_PREFERENCE.size());
  }

  // ---- screening one outcome

  private record Screen(Instant now, Duration maxAge, BigDecimal band) {}

  /**
   * One outcome on its way into a composite. {@code rejected} is set for FAILED, STALE and
   * NO_CONVERSION; the others are usable.
   */
  private record Candidate(
      ReferenceVenue venue,
      VenueMarket market,
      int preference,
      Optional<SourceState> rejected,
      String note,
      Optional<BigDecimal> nativePrice,
      Optional<BigDecimal> converted,
      Optional<BigDecimal> rate,
      Optional<Instant> observedAt,
      String conversionText) {}

  /** A target market in another quote asset, converted by {@code rate}. */
  private static Candidate candidate(
      QuoteOutcome o, int preference, Optional<ConversionRate> rate, Screen screen) {
    return candidate(o, preference, rate, Optional.empty(), screen);
  }

  /**
   * @param inverse the market's pair when its price is to be inverted (a USD/USDT quote for
   *     USDT/USD)
   */
  private static Candidate candidate(
      QuoteOutcome o,
      int preference,
      Optional<ConversionRate> conversion,
      Optional<Pair> inverse,
      Screen screen) {
    if (o instanceof QuoteOutcome.NotQuoted n) {
      return new Candidate(
          n.venue(),
          n.market(),
          preference,
          Optional.of(SourceState.FAILED),
          n.failure().describe(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          "");
    }
    VenueQuote q = ((QuoteOutcome.Quoted) o).quote();
    BigDecimal price = q.price();
    Optional<Instant> observed = Optional.of(q.observedAt());
    if (price.signum() <= 0) {
      return new Candidate(
          q.venue(),
          q.market(),
          preference,
          Optional.of(SourceState.FAILED),
          "non-positive price " + price.toPlainString(),
          Optional.of(price),
          Optional.empty(),
          Optional.empty(),
          observed,
          "");
    }
    Pair pair = q.market().pair();
    Optional<BigDecimal> converted;
    Optional<BigDecimal> rate = Optional.empty();
    String conversionText = "";
    if (inverse.isPresent()) {
      converted =
          Optional.of(DecimalMath.normalized(BigDecimal.ONE.divide(price, MathContext.DECIMAL128)));
      conversionText = "1 / " + price.toPlainString() + " " + pair;
    } else if (conversion.isPresent()) {
      rate = conversion.get().rate();
      converted = rate.map(r -> DecimalMath.normalized(price.multiply(r)));
      conversionText =
          rate.map(
                  r ->
                      price.toPlainString()
                          + " "
                          + pair.quote()
                          + " x "
                          + r.toPlainString()
                          + " "
                          + conversion.get().pair())
              .orElse("");
    } else {
      converted = Optional.of(DecimalMath.normalized(price));
    }

    Duration age = Duration.between(q.observedAt(), screen.now());
    Optional<SourceState> rejected = Optional.empty();
    String note = "";
    if (age.compareTo(screen.maxAge()) > 0) {
      rejected = Optional.of(SourceState.STALE);
      note =
          "quote of "
              + q.observedAt()
              + " is "
              + OracleRuleText.duration(age)
              + " old, beyond maxAge "
              + OracleRuleText.duration(screen.maxAge());
    } else if (conversion.isPresent() && rate.isEmpty()) {
      rejected = Optional.of(SourceState.NO_CONVERSION);
      note =
          "no "
              + conversion.get().pair()
              + " rate: "
              + conversion.get().unavailableReason().orElseThrow();
    }
    return new Candidate(
        q.venue(),
        q.market(),
        preference,
        rejected,
        note,
        Optional.of(price),
        converted,
        rate,
        observed,
        conversionText);
  }

  // ---- one composite

  private record Composite(
      List<ReferenceSource> sources,
      Optional<BigDecimal> price,
      Optional<BigDecimal> freshMedian,
      Optional<String> reason) {}

  private static Composite compose(
      Pair pair, List<Candidate> candidates, int minSources, Screen screen) {
    // one price per venue: the preferred usable market, ties to the earlier in canonical order
    Comparator<Integer> preferred =
        Comparator.<Integer>comparingInt(i -> candidates.get(i).preference())
            .thenComparing(
                i -> candidates.get(i).observedAt().orElseThrow(), Comparator.reverseOrder())
            .thenComparingInt(i -> i);
    Map<ReferenceVenue, Integer> chosen = new TreeMap<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      if (c.rejected().isEmpty()) {
        chosen.merge(c.venue(), i, (a, b) -> preferred.compare(a, b) <= 0 ? a : b);
      }
    }

    Optional<BigDecimal> freshMedian =
        chosen.isEmpty()
            ? Optional.empty()
            : Optional.of(
                DecimalMath.median(
                    chosen.values().stream()
                        .map(i -> candidates.get(i).converted().orElseThrow())
                        .toList()));
    Set<Integer> outliers = new HashSet<>();
    List<BigDecimal> usedPrices = new ArrayList<>();
    for (int i : chosen.values()) {
      BigDecimal p = candidates.get(i).converted().orElseThrow();
      BigDecimal m = freshMedian.orElseThrow();
      if (p.subtract(m).abs().compareTo(screen.band().multiply(m)) > 0) {
        outliers.add(i);
      } else {
        usedPrices.add(p);
      }
    }
    Optional<BigDecimal> price =
        usedPrices.size() >= minSources
            ? Optional.of(DecimalMath.median(usedPrices))
            : Optional.empty();

    List<ReferenceSource> sources = new ArrayList<>();
    for (int i = 0; i < candidates.size(); i++) {
      Candidate c = candidates.get(i);
      int venueChoice = chosen.getOrDefault(c.venue(), -1);
      sources.add(
          source(
              c,
              venueChoice == i,
              venueChoice >= 0 ? candidates.get(venueChoice).market() : c.market(),
              outliers.contains(i),
              freshMedian,
              screen));
    }
    Optional<String> reason =
        price.isPresent()
            ? Optional.empty()
            : Optional.of(reason(pair, candidates, sources, usedPrices.size(), minSources));
    return new Composite(List.copyOf(sources), price, freshMedian, reason);
  }

  /**
   * @param chosen whether {@code c} is its venue's price
   * @param venueMarket the market the venue's price is taken from
   * @param outlier whether {@code c} is beyond the band
   */
  private static ReferenceSource source(
      Candidate c,
      boolean chosen,
      VenueMarket venueMarket,
      boolean outlier,
      Optional<BigDecimal> freshMedian,
      Screen screen) {
    SourceState state;
    Optional<BigDecimal> deviation = Optional.empty();
    String note;
    if (c.rejected().isPresent()) {
      state = c.rejected().get();
      note = c.note();
    } else if (!chosen) {
      state = SourceState.SUPERSEDED;
      note =
          c.venue().configName()
              + "'s price is taken from its market "
              + venueMarket.nativeSymbol();
    } else {
      BigDecimal m = freshMedian.orElseThrow();
      BigDecimal bps =
          DecimalMath.normalized(
              OracleRuleText.ratioBps(c.converted().orElseThrow().subtract(m), m));
      deviation = Optional.of(bps);
      String conversion = c.conversionText().isEmpty() ? "" : c.conversionText() + "; ";
      if (outlier) {
        state = SourceState.OUTLIER;
        note =
            conversion
                + signedBps(bps)
                + " from the median "
                + m.toPlainString()
                + " of the fresh venues, beyond "
                + OracleRuleText.bpsText(OracleRuleText.bps(screen.band()))
                + ": left out";
      } else {
        state = SourceState.USED;
        note = conversion + signedBps(bps) + " from the median of the fresh venues";
      }
    }
    return new ReferenceSource(
        c.venue(),
        c.market(),
        state,
        c.nativePrice(),
        c.converted(),
        c.rate(),
        c.observedAt(),
        deviation,
        note);
  }

  private static String reason(
      Pair pair,
      List<Candidate> candidates,
      List<ReferenceSource> sources,
      int used,
      int minSources) {
    if (candidates.isEmpty()) {
      return "no venue quoted " + pair + " (none of the sources lists a market for it)";
    }
    long venues = candidates.stream().map(Candidate::venue).distinct().count();
    StringBuilder text =
        new StringBuilder()
            .append(used)
            .append(" of ")
            .append(venues)
            .append(venues == 1 ? " venue" : " venues")
            .append(" gave a usable ")
            .append(pair)
            .append(" price, fewer than minSources ")
            .append(minSources);
    List<String> usedVenues =
        sources.stream()
            .filter(s -> s.state() == SourceState.USED)
            .map(s -> s.venue().configName())
            .toList();
    if (!usedVenues.isEmpty()) {
      text.append("; used: ").append(String.join(", ", usedVenues));
    }
    for (ReferenceSource s : sources) {
      if (s.state() != SourceState.USED && s.state() != SourceState.SUPERSEDED) {
        text.append("; ")
            .append(s.label())
            .append(" ")
            .append(s.state().name().toLowerCase(Locale.ROOT).replace('_', ' '))
            .append(": ")
            .append(s.note());
      }
    }
    return text.toString();
  }

  static String signedBps(BigDecimal bps) {
    return (bps.signum() > 0 ? "+" : "") + OracleRuleText.bpsText(bps);
  }

  // ---- canonical order, so that the order of the outcomes never matters

  private static List<QuoteOutcome> canonical(List<QuoteOutcome> outcomes) {
    Comparator<QuoteOutcome> order =
        Comparator.<QuoteOutcome>comparingInt(o -> o.venue().ordinal())
            .thenComparing(o -> o.market().pair().toString())
            .thenComparing(o -> o.market().nativeSymbol())
            .thenComparingInt(o -> o instanceof QuoteOutcome.Quoted ? 0 : 1)
            .thenComparing(ReferenceComposite::compareDetail);
    List<QuoteOutcome> sorted = new ArrayList<>(outcomes);
    sorted.forEach(o -> Objects.requireNonNull(o, "outcome"));
    sorted.sort(order);
    return sorted;
  }

  /**
   * Orders two outcomes of one venue market and kind: newest quote first, then by price, then by
   * the price's scale and the timestamp's origin; failures by their text.
   */
  private static int compareDetail(QuoteOutcome a, QuoteOutcome b) {
    if (a instanceof QuoteOutcome.Quoted qa && b instanceof QuoteOutcome.Quoted qb) {
      VenueQuote x = qa.quote();
      VenueQuote y = qb.quote();
      return Comparator.comparing(VenueQuote::observedAt, Comparator.reverseOrder())
          .thenComparing(VenueQuote::price)
          .thenComparingInt(v -> v.price().scale())
          .thenComparing(VenueQuote::venueTimestamped)
          .compare(x, y);
    }
    return a.toString().compareTo(b.toString());
  }
}
