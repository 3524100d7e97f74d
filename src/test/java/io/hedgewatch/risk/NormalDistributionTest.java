package io.hedgewatch.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Φ and erfc against 30-digit reference values (mpmath 1.3, {@code ncdf} and {@code erfc} at 30
 * digits; they agree with Abramowitz &amp; Stegun table 26.1 to the digits printed there), judged
 * by relative error, which is what matters in the tails.
 */
class NormalDistributionTest {

  private static void assertRelative(double actual, double expected, double tolerance) {
    assertThat(Math.abs(actual - expected) / expected)
        .as("%s against %s", actual, expected)
        .isLessThanOrEqualTo(tolerance);
  }

  @ParameterizedTest(name = "erfc({0})")
  @CsvSource({
    "0.5, 0.479500122186953462317253346108059",
    "1, 0.157299207050285130658779364917394",
    "2, 0.00467773498104726583793074363274706",
    "3, 2.20904969985854413727761295823199e-5",
    "5, 1.53745979442803485018834348538339e-12",
    "10, 2.08848758376254475700078629495791e-45",
    "20, 5.39586561160790092893499916790561e-176"
  })
  void erfc_is_accurate_to_a_few_ulps_into_the_far_tail(double x, double expected) {
    assertRelative(NormalDistribution.erfc(x), expected, 5e-15);
  }

  // Φ(z) = erfc(−z/√2)/2: the division by √2 costs up to about z² ulps of relative accuracy
  @ParameterizedTest(name = "Φ({0})")
  @CsvSource({
    "-1, 0.158655253931457051414767454367953, 1e-14",
    "-2, 0.0227501319481792072002826371665336, 1e-14",
    "-3, 0.00134989803163009452665181476759506, 1e-14",
    "-5, 2.86651571879193911673752332874622e-7, 1e-14",
    "-10, 7.61985302416052606597334325159921e-24, 2e-14",
    "-20, 2.75362411860623369507562278085754e-89, 1e-13",
    "-37, 5.72557122252457682268319254827299e-300, 5e-13"
  })
  void cdf_keeps_its_relative_accuracy_in_the_lower_tail(
      double z, double expected, double tolerance) {
    assertRelative(NormalDistribution.cdf(z), expected, tolerance);
    assertRelative(NormalDistribution.upperTail(-z), expected, tolerance);
  }

  @Test
  void central_values_and_symmetry() {
    assertThat(NormalDistribution.cdf(0)).isEqualTo(0.5);
    assertThat(NormalDistribution.cdf(1.959963984540054)).isCloseTo(0.975, within(1e-15));
    assertThat(NormalDistribution.cdf(1.6448536269514722)).isCloseTo(0.95, within(1e-15));
    for (double z = -6; z <= 6; z += 0.37) {
      assertThat(NormalDistribution.cdf(z) + NormalDistribution.cdf(-z))
          .as("z %s", z)
          .isCloseTo(1.0, within(2e-16));
    }
    assertThat(NormalDistribution.erfc(0)).isEqualTo(1.0);
    assertThat(NormalDistribution.erfc(-3))
        .isCloseTo(2 - 2.20904969985854413727761295823199e-5, within(1e-15));
    assertThat(NormalDistribution.erfc(40)).isZero();
    assertThat(NormalDistribution.erfc(Double.NaN)).isNaN();
  }

  @Test
  void erfc_is_smooth_where_the_series_hands_over_to_the_continued_fraction() {
    double below = NormalDistribution.erfc(Math.nextDown(0.5));
    double at = NormalDistribution.erfc(0.5);
    assertRelative(below, at, 1e-14);
  }

  @ParameterizedTest(name = "upper tail {0}")
  @CsvSource({
    "0.025, 1.959963984540054",
    "0.05, 1.6448536269514722",
    "0.5, 0",
    "1e-10, 6.361340902404056"
  })
  void the_inverse_of_the_upper_tail(double p, double z) {
    assertThat(NormalDistribution.upperTailInverse(p)).isCloseTo(z, within(1e-12));
    assertRelative(NormalDistribution.upperTail(NormalDistribution.upperTailInverse(p)), p, 1e-12);
  }

  @Test
  void the_inverse_rejects_probabilities_outside_zero_and_one() {
    assertThatThrownBy(() -> NormalDistribution.upperTailInverse(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strictly between 0 and 1");
    assertThatThrownBy(() -> NormalDistribution.upperTailInverse(1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
