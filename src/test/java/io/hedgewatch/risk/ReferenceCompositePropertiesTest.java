package io.hedgewatch.risk;

import static io.hedgewatch.risk.ReferenceFixtures.ETH_USD;
import static io.hedgewatch.risk.ReferenceFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.ReferenceSource;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.SourceState;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of the reference composite over random venue mixes: quotes in USD, USDT and USDC,
 * stale and failed venues, outliers, stablecoins on and off their peg. Each assertion names its
 * seed.
 */
class ReferenceCompositePropertiesTest {

  private static final BigDecimal BAND = new BigDecimal("0.005");

  static LongStream seeds() {
    return Seeds.seeds(400);
  }

  private static final List<String> ETH_MARKETS = List.of("ETH/USD", "ETH/USDT", "ETH/USDC");
  private static final List<String> STABLE_MARKETS = List.of("USDT/USD", "USDC/USD", "USDC/USDT");

  /** A random set of outcomes, ETH around 3000 and stablecoins around 1. */
  private static List<QuoteOutcome> outcomes(Random r) {
    List<QuoteOutcome> out = new ArrayList<>();
    for (ReferenceVenue venue : ReferenceVenue.values()) {
      if (r.nextInt(5) == 0) {
        continue;
      }
      for (String pair : ETH_MARKETS) {
        if (r.nextInt(3) == 0) {
          out.add(outcome(r, venue, pair, new BigDecimal("3000"), r.nextInt(8) == 0 ? 600 : 30));
        }
      }
      for (String pair : STABLE_MARKETS) {
        if (r.nextInt(3) == 0) {
          out.add(outcome(r, venue, pair, BigDecimal.ONE, r.nextInt(8) == 0 ? 300 : 20));
        }
      }
    }
    return out;
  }

  /**
   * One outcome: usually a price within {@code spreadBps} of {@code around}, sometimes far off,
   * stale or failed.
   */
  private static QuoteOutcome outcome(
      Random r, ReferenceVenue venue, String pair, BigDecimal around, int spreadBps) {
    VenueMarket market =
        new VenueMarket(pair.replace("/", "") + "-" + venue.ordinal(), Pair.of(pair));
    if (r.nextInt(10) == 0) {
      return new QuoteOutcome.NotQuoted(venue, market, new QuoteFailure.Unavailable("HTTP 503"));
    }
    int bps = r.nextInt(2 * spreadBps + 1) - spreadBps;
    BigDecimal price = around.multiply(BigDecimal.valueOf(10_000 + bps, 4));
    int age = r.nextInt(6) == 0 ? 61 + r.nextInt(600) : r.nextInt(61);
    return new QuoteOutcome.Quoted(
        new VenueQuote(venue, market, price, NOW.minusSeconds(age), r.nextBoolean()));
  }

  private static ReferencePrice compute(List<QuoteOutcome> outcomes, int minSources) {
    return ReferenceComposite.compute(
        ETH_USD, outcomes, minSources, NOW, RuleSettingsLookup.defaults());
  }

  private static BigDecimal converted(ReferenceSource s) {
    return s.convertedPrice().orElseThrow();
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void the_price_lies_within_the_used_sources_and_needs_min_sources(long seed) {
    Random r = new Random(seed);
    int minSources = 1 + r.nextInt(3);
    ReferencePrice ref = compute(outcomes(r), minSources);
    List<ReferenceSource> used = ref.used();

    assertThat(ref.price().isPresent()).as("seed %d", seed).isEqualTo(used.size() >= minSources);
    assertThat(used.stream().map(ReferenceSource::venue).distinct().count())
        .as("seed %d: one price per venue", seed)
        .isEqualTo(used.size());
    ref.price()
        .ifPresent(
            p -> {
              BigDecimal min =
                  used.stream()
                      .map(ReferenceCompositePropertiesTest::converted)
                      .min(Comparator.naturalOrder())
                      .orElseThrow();
              BigDecimal max =
                  used.stream()
                      .map(ReferenceCompositePropertiesTest::converted)
                      .max(Comparator.naturalOrder())
                      .orElseThrow();
              assertThat(p).as("seed %d", seed).isBetween(min, max);
            });
    ref.unavailableReason()
        .ifPresent(reason -> assertThat(reason).as("seed %d", seed).isNotBlank());
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void used_sources_are_within_the_band_and_outliers_beyond_it(long seed) {
    ReferencePrice ref = compute(outcomes(new Random(seed)), 1);
    for (ReferenceSource s : ref.sources()) {
      if (s.state() == SourceState.USED || s.state() == SourceState.OUTLIER) {
        BigDecimal m = ref.freshMedian().orElseThrow();
        boolean beyond = converted(s).subtract(m).abs().compareTo(BAND.multiply(m)) > 0;
        assertThat(beyond).as("seed %d: %s", seed, s).isEqualTo(s.state() == SourceState.OUTLIER);
      }
      if (s.state() == SourceState.STALE) {
        assertThat(s.observedAt().orElseThrow()).as("seed %d", seed).isBefore(NOW.minusSeconds(60));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void every_market_of_the_base_is_listed_once(long seed) {
    List<QuoteOutcome> outcomes = outcomes(new Random(seed));
    ReferencePrice ref = compute(outcomes, 1);
    long ethMarkets = outcomes.stream().filter(o -> o.market().pair().base().equals("ETH")).count();
    assertThat(ref.sources()).as("seed %d", seed).hasSize((int) ethMarkets);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void permuting_the_outcomes_never_changes_the_result(long seed) {
    Random r = new Random(seed);
    int minSources = 1 + r.nextInt(3);
    List<QuoteOutcome> outcomes = outcomes(r);
    ReferencePrice expected = compute(outcomes, minSources);
    for (int i = 0; i < 3; i++) {
      List<QuoteOutcome> shuffled = new ArrayList<>(outcomes);
      Collections.shuffle(shuffled, r);
      assertThat(compute(shuffled, minSources)).as("seed %d", seed).isEqualTo(expected);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void scaling_every_price_of_the_base_by_k_scales_the_composite_by_k(long seed) {
    Random r = new Random(seed);
    int minSources = 1 + r.nextInt(3);
    List<QuoteOutcome> outcomes = outcomes(r);
    BigDecimal k =
        List.of(
                new BigDecimal("2"),
                new BigDecimal("0.5"),
                new BigDecimal("1.25"),
                new BigDecimal("10"),
                new BigDecimal("0.001"))
            .get(r.nextInt(5));
    List<QuoteOutcome> scaled =
        outcomes.stream()
            .map(o -> o.market().pair().base().equals("ETH") ? scale(o, k) : o)
            .toList();

    ReferencePrice base = compute(outcomes, minSources);
    ReferencePrice times = compute(scaled, minSources);
    assertThat(times.sources().stream().map(ReferenceSource::state).toList())
        .as("seed %d", seed)
        .isEqualTo(base.sources().stream().map(ReferenceSource::state).toList());
    assertThat(times.price().isPresent()).as("seed %d", seed).isEqualTo(base.price().isPresent());
    base.price()
        .ifPresent(
            p ->
                assertThat(times.price().orElseThrow())
                    .as("seed %d, k %s", seed, k)
                    .isEqualByComparingTo(p.multiply(k)));
  }

  private static QuoteOutcome scale(QuoteOutcome o, BigDecimal k) {
    if (o instanceof QuoteOutcome.Quoted q) {
      VenueQuote v = q.quote();
      return new QuoteOutcome.Quoted(
          new VenueQuote(
              v.venue(), v.market(), v.price().multiply(k), v.observedAt(), v.venueTimestamped()));
    }
    return o;
  }
}
