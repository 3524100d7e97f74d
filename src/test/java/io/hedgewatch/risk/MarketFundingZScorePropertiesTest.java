package io.hedgewatch.risk;

import static io.hedgewatch.risk.MarketFixtures.MARKET;
import static io.hedgewatch.risk.MarketFixtures.hourly;
import static io.hedgewatch.risk.MarketFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.FundingPoint;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.stream.LongStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of {@code funding.spike}'s z-score over random histories: it depends on where the
 * current rate sits in the history's spread, not on the level or the unit of the rates. Each
 * assertion names its seed.
 */
class MarketFundingZScorePropertiesTest {

  private static final RuleSettings DEFAULTS = RuleCatalog.defaults(FundingSpikeRule.ID);

  static LongStream seeds() {
    return Seeds.seeds(300);
  }

  /** A history of 24 to 200 hourly rates and a current rate up to 8 standard deviations away. */
  private record Case(List<BigDecimal> history, BigDecimal current) {

    Case map(UnaryOperator<BigDecimal> f) {
      return new Case(history.stream().map(f).toList(), f.apply(current));
    }

    FundingSpikeRule.Stats stats() {
      return FundingSpikeRule.stats(snapshot().funding(current).build(), hourly(history), DEFAULTS);
    }

    List<Alert> alerts() {
      return FundingSpikeRule.evaluate(
          MARKET, snapshot().funding(current).build(), hourly(history), DEFAULTS);
    }

    double z() {
      return stats().zScore().orElseThrow().doubleValue();
    }
  }

  private static Case randomCase(Random r) {
    double mean = (r.nextDouble() - 0.5) * 0.002;
    double sd = Math.pow(10, -6 + 3 * r.nextDouble());
    int n = 24 + r.nextInt(177);
    List<BigDecimal> history = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      history.add(rate(mean + sd * r.nextGaussian()));
    }
    return new Case(history, rate(mean + sd * 8 * (r.nextDouble() * 2 - 1)));
  }

  private static BigDecimal rate(double value) {
    return BigDecimal.valueOf(value).setScale(12, RoundingMode.HALF_EVEN);
  }

  private static double tolerance(double z) {
    return 1e-12 * Math.max(1, Math.abs(z));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void adding_a_constant_to_every_rate_leaves_z_unchanged(long seed) {
    Random r = new Random(seed);
    Case c = randomCase(r);
    BigDecimal shift = rate((r.nextDouble() - 0.5) * 0.02);
    Case shifted = c.map(x -> x.add(shift));
    double z = c.z();
    assertThat(shifted.z()).as("seed %d, shift %s", seed, shift).isCloseTo(z, within(tolerance(z)));
    assertThat(OracleRules.worst(shifted.alerts()))
        .as("seed %d", seed)
        .isEqualTo(OracleRules.worst(c.alerts()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void scaling_every_rate_by_a_positive_factor_leaves_z_unchanged(long seed) {
    Random r = new Random(seed);
    Case c = randomCase(r);
    BigDecimal k = BigDecimal.valueOf(1 + r.nextInt(1_000_000), 3 + r.nextInt(4));
    Case scaled = c.map(x -> x.multiply(k));
    double z = c.z();
    assertThat(scaled.z()).as("seed %d, k %s", seed, k).isCloseTo(z, within(tolerance(z)));
    assertThat(OracleRules.worst(scaled.alerts()))
        .as("seed %d", seed)
        .isEqualTo(OracleRules.worst(c.alerts()));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void negating_every_rate_negates_z_and_order_does_not_matter(long seed) {
    Random r = new Random(seed);
    Case c = randomCase(r);
    double z = c.z();
    assertThat(c.map(BigDecimal::negate).z())
        .as("seed %d", seed)
        .isCloseTo(-z, within(tolerance(z)));

    List<BigDecimal> shuffled = new ArrayList<>(c.history());
    Collections.shuffle(shuffled, r);
    List<FundingPoint> points = new ArrayList<>(hourly(c.history()));
    Collections.shuffle(points, r);
    double fromShuffledPoints =
        FundingSpikeRule.stats(snapshot().funding(c.current()).build(), points, DEFAULTS)
            .zScore()
            .orElseThrow()
            .doubleValue();
    assertThat(fromShuffledPoints).as("seed %d", seed).isCloseTo(z, within(tolerance(z)));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void the_alert_agrees_with_the_z_score(long seed) {
    Case c = randomCase(new Random(seed));
    double z = Math.abs(c.z());
    List<Alert> alerts = c.alerts();
    if (z > 5) {
      assertThat(OracleRules.worst(alerts)).as("seed %d, |z| %s", seed, z).hasToString("CRITICAL");
    } else if (z > 3) {
      assertThat(OracleRules.worst(alerts)).as("seed %d, |z| %s", seed, z).hasToString("WARNING");
    } else {
      assertThat(alerts).as("seed %d, |z| %s", seed, z).isEmpty();
    }
    if (!alerts.isEmpty()) {
      assertThat(alerts.get(0).value()).as("seed %d", seed).isCloseTo(z, within(tolerance(z)));
    }
  }
}
