package io.hedgewatch.risk;

import static io.hedgewatch.risk.PositionFixtures.dec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Realised volatility, distances in sigmas and the barrier-hit probability. */
class VolatilityTest {

  private static List<BigDecimal> closes(String... values) {
    return java.util.Arrays.stream(values).map(BigDecimal::new).toList();
  }

  private static RealisedVolatility sigma(double annualised) {
    return new RealisedVolatility(annualised, 168, Duration.ofHours(1), "test");
  }

  @Test
  void realised_volatility_of_a_known_series() {
    // log returns +a, −a, +a, −a with a = ln 1.1: mean 0, sample variance 4a²/3
    RealisedVolatility v =
        Volatility.realised(closes("100", "110", "100", "110", "100"), Duration.ofHours(1), "t");
    double perHour = Math.log(1.1) * Math.sqrt(4.0 / 3);
    assertThat(v.returns()).isEqualTo(4);
    assertThat(v.annualised()).isCloseTo(perHour * Math.sqrt(8760), within(1e-12));
    // daily candles scale by √365 instead
    RealisedVolatility daily =
        Volatility.realised(closes("100", "110", "100", "110", "100"), Duration.ofDays(1), "t");
    assertThat(daily.annualised()).isCloseTo(perHour * Math.sqrt(365), within(1e-12));
    // and σ over 24 h from the hourly figure is the per-hour σ times √24
    assertThat(v.over(Duration.ofHours(24))).isCloseTo(perHour * Math.sqrt(24), within(1e-12));
  }

  @Test
  void steady_growth_has_no_volatility() {
    RealisedVolatility v =
        Volatility.realised(closes("100", "101", "102.01", "103.0301"), Duration.ofHours(1), "t");
    assertThat(v.annualised()).isCloseTo(0, within(1e-12));
  }

  static LongStream seeds() {
    return Seeds.seeds(100);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void volatility_ignores_the_price_level_and_the_direction_of_time(long seed) {
    Random r = new Random(seed);
    List<BigDecimal> series = new ArrayList<>();
    double price = 100 + r.nextDouble() * 5000;
    for (int i = 0; i < 10 + r.nextInt(200); i++) {
      price *= Math.exp(0.01 * r.nextGaussian());
      series.add(BigDecimal.valueOf(price).setScale(6, RoundingMode.HALF_EVEN));
    }
    BigDecimal k = BigDecimal.valueOf(1 + r.nextInt(1000), 2);
    double v = Volatility.realised(series, Duration.ofHours(1), "t").annualised();
    double scaled =
        Volatility.realised(
                series.stream().map(c -> c.multiply(k)).toList(), Duration.ofHours(1), "t")
            .annualised();
    List<BigDecimal> reversed = new ArrayList<>(series);
    Collections.reverse(reversed);
    double backwards = Volatility.realised(reversed, Duration.ofHours(1), "t").annualised();
    assertThat(scaled).as("seed %d", seed).isCloseTo(v, within(1e-12 * v));
    assertThat(backwards).as("seed %d", seed).isCloseTo(v, within(1e-12 * v));
  }

  @Test
  void bad_series_are_refused_with_the_reason() {
    assertThatThrownBy(() -> Volatility.realised(closes("1", "2"), Duration.ofHours(1), "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 3 closes");
    assertThatThrownBy(() -> Volatility.realised(closes("1", "0", "2"), Duration.ofHours(1), "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("close 1 must be positive");
    assertThatThrownBy(() -> Volatility.realised(closes("1", "2", "3"), Duration.ZERO, "t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interval must be positive");
  }

  @Test
  void distance_in_sigmas_is_the_log_distance_over_sigma_root_t() {
    // 60 % a year over 24 h: σ√t = 0.6 · √(1/365)
    RealisedVolatility v = sigma(0.6);
    double scale = 0.6 * Math.sqrt(1.0 / 365);
    double up = Volatility.sigmas(dec("3000"), dec("3300"), v, Duration.ofHours(24));
    double down = Volatility.sigmas(dec("3000"), dec("2700"), v, Duration.ofHours(24));
    assertThat(up).isCloseTo(Math.log(1.1) / scale, within(1e-12));
    assertThat(down).isCloseTo(-Math.log(0.9) / scale, within(1e-12));
    assertThat(Volatility.sigmas(dec("3000"), dec("3000"), v, Duration.ofHours(24))).isZero();
    assertThat(Volatility.sigmas(dec("3000"), dec("2700"), sigma(0), Duration.ofHours(24)))
        .isInfinite();
  }

  @Test
  void touch_probability_is_twice_the_normal_tail() {
    // reflection principle: P(touch) = 2 (1 − Φ(d)); at d = 1.959963984540054 that is 5 %
    assertThat(Volatility.touchProbability(1.959963984540054)).isCloseTo(0.05, within(1e-15));
    assertThat(Volatility.touchProbability(0)).isEqualTo(1.0);
    assertThat(Volatility.touchProbability(-1.959963984540054)).isCloseTo(0.05, within(1e-15));
    // far away it is tiny but not zero
    assertThat(Volatility.touchProbability(10)).isCloseTo(1.523970604832105e-23, within(1e-36));
  }

  @Test
  void log_distance_for_a_probability_inverts_the_touch_probability() {
    RealisedVolatility v = sigma(0.8);
    Duration day = Duration.ofHours(24);
    double log = Volatility.logDistanceFor(0.05, v, day);
    BigDecimal level = BigDecimal.valueOf(3000 * Math.exp(-log));
    assertThat(Volatility.touchProbability(dec("3000"), level, v, day))
        .isCloseTo(0.05, within(1e-12));
  }

  /**
   * An independent check of the reflection principle: simulated driftless paths (seeded), each
   * watched at 1,000 steps, touch a barrier 1σ√t away about as often as the formula says once the
   * barrier is moved out by Broadie and Glasserman's 0.5826 σ√Δt for discrete watching.
   */
  @Test
  void simulated_paths_touch_as_often_as_the_formula_says() {
    Random r = new Random(20260324L);
    int paths = 4000;
    int steps = 1000;
    double sigmaT = 1.0;
    double barrier = -1.0;
    double step = sigmaT / Math.sqrt(steps);
    int touched = 0;
    for (int i = 0; i < paths; i++) {
      double x = 0;
      for (int j = 0; j < steps; j++) {
        x += step * r.nextGaussian();
        if (x <= barrier) {
          touched++;
          break;
        }
      }
    }
    double corrected = Volatility.touchProbability((Math.abs(barrier) + 0.5826 * step) / sigmaT);
    double observed = touched / (double) paths;
    double standardError = Math.sqrt(corrected * (1 - corrected) / paths);
    assertThat(observed).isCloseTo(corrected, within(4 * standardError));
  }
}
