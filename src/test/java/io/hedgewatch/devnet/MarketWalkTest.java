package io.hedgewatch.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MarketWalkTest {

  private static final Duration TICK = Duration.ofSeconds(3);

  private static List<MarketWalk.Step> path(long seed, Duration tick, int steps) {
    MarketWalk walk = new MarketWalk(seed, tick, MarketWalk.devnetAssets());
    List<MarketWalk.Step> out = new ArrayList<>();
    out.add(walk.current());
    for (int i = 0; i < steps; i++) {
      out.add(walk.next());
    }
    return out;
  }

  /** The annualised standard deviation of the log returns of {@code asset} along the path. */
  private static double realisedVolatility(
      List<MarketWalk.Step> path, String asset, Duration tick) {
    double sum = 0;
    double sumSq = 0;
    int n = path.size() - 1;
    for (int i = 1; i < path.size(); i++) {
      double r =
          Math.log(
              path.get(i).price(asset).doubleValue() / path.get(i - 1).price(asset).doubleValue());
      sum += r;
      sumSq += r * r;
    }
    double mean = sum / n;
    double variance = (sumSq - n * mean * mean) / (n - 1);
    return Math.sqrt(variance * MarketWalk.SECONDS_PER_YEAR / (tick.toNanos() / 1e9));
  }

  @Test
  void starts_at_the_devnets_prices_with_factors_at_one() {
    MarketWalk.Step start = new MarketWalk(1, TICK, MarketWalk.devnetAssets()).current();
    assertThat(start.index()).isZero();
    assertThat(start.price("ETH")).isEqualByComparingTo("3000");
    assertThat(start.price("BTC")).isEqualByComparingTo("60000");
    assertThat(start.fundingFactors()).containsEntry("ETH", 1.0).containsEntry("BTC", 1.0);
    assertThat(start.openInterestFactors()).containsEntry("ETH", 1.0);
  }

  @Test
  void the_same_seed_walks_the_same_path_and_another_seed_another() {
    List<MarketWalk.Step> a = path(42, TICK, 500);
    List<MarketWalk.Step> b = path(42, TICK, 500);
    List<MarketWalk.Step> c = path(43, TICK, 500);
    assertThat(a).isEqualTo(b);
    assertThat(a.get(500).price("ETH")).isNotEqualByComparingTo(c.get(500).price("ETH"));
  }

  @Test
  void prices_carry_the_feeds_eight_decimals_and_move_every_tick() {
    List<MarketWalk.Step> p = path(7, TICK, 100);
    for (int i = 1; i < p.size(); i++) {
      assertThat(p.get(i).price("ETH").scale()).isEqualTo(8);
      assertThat(p.get(i).price("ETH")).isNotEqualByComparingTo(p.get(i - 1).price("ETH"));
    }
  }

  @ParameterizedTest(name = "tick {0}s")
  @ValueSource(ints = {2, 3, 5, 60})
  void realised_volatility_matches_the_annual_figure_whatever_the_tick(int seconds) {
    Duration tick = Duration.ofSeconds(seconds);
    List<MarketWalk.Step> p = path(20261125L + seconds, tick, 40_000);
    // 40,000 returns estimate σ to about 0.4 % (σ / √(2n)); 3 % is far beyond chance
    assertThat(realisedVolatility(p, "ETH", tick)).isCloseTo(0.60, within(0.60 * 0.03));
    assertThat(realisedVolatility(p, "BTC", tick)).isCloseTo(0.50, within(0.50 * 0.03));
  }

  @Test
  void a_tick_of_eth_moves_about_two_basis_points_not_percent() {
    List<MarketWalk.Step> p = path(11, TICK, 10_000);
    double largest = 0;
    for (int i = 1; i < p.size(); i++) {
      double move =
          p.get(i).price("ETH").subtract(p.get(i - 1).price("ETH")).abs().doubleValue()
              / p.get(i - 1).price("ETH").doubleValue();
      largest = Math.max(largest, move);
    }
    // σ per 3 s tick is 0.6 x √(3 / 31,536,000) = 0.0185 %: no tick moves 0.2 % (about 11 σ)
    assertThat(largest).isGreaterThan(0.0002).isLessThan(0.002);
  }

  @Test
  void funding_and_open_interest_drift_within_their_bands_and_revert_to_one() {
    List<MarketWalk.Step> p = path(5, TICK, 50_000);
    double fundingSum = 0;
    boolean fundingMoved = false;
    for (MarketWalk.Step s : p) {
      double f = s.fundingFactors().get("ETH");
      double oi = s.openInterestFactors().get("BTC");
      assertThat(f).isBetween(1 - MarketWalk.FUNDING_BAND, 1 + MarketWalk.FUNDING_BAND);
      assertThat(oi)
          .isBetween(1 - MarketWalk.OPEN_INTEREST_BAND, 1 + MarketWalk.OPEN_INTEREST_BAND);
      fundingSum += f;
      fundingMoved |= Math.abs(f - 1) > 0.02;
    }
    assertThat(fundingMoved).isTrue();
    // about 42 hours at a reversion of one hour: the mean sits near 1
    assertThat(fundingSum / p.size()).isCloseTo(1.0, within(0.05));
  }

  @Test
  void a_step_is_a_pure_function_of_its_inputs() {
    MarketWalk.Step start = MarketWalk.start(MarketWalk.devnetAssets());
    MarketWalk.Step a =
        MarketWalk.step(start, TICK, MarketWalk.devnetAssets(), new java.util.SplittableRandom(9));
    MarketWalk.Step b =
        MarketWalk.step(start, TICK, MarketWalk.devnetAssets(), new java.util.SplittableRandom(9));
    assertThat(a).isEqualTo(b);
    assertThat(a.index()).isEqualTo(1);
    assertThat(start.price("ETH")).isEqualByComparingTo(new BigDecimal("3000"));
  }

  @Test
  void rejects_a_non_positive_tick_or_price_naming_it() {
    assertThatThrownBy(() -> new MarketWalk(1, Duration.ZERO, MarketWalk.devnetAssets()))
        .hasMessageContaining("tick must be positive");
    assertThatThrownBy(() -> new MarketWalk.Asset("ETH", BigDecimal.ZERO, 0.6))
        .hasMessageContaining("ETH: start price must be positive");
    assertThatThrownBy(() -> new MarketWalk.Asset("ETH", BigDecimal.ONE, Double.NaN))
        .hasMessageContaining("annualVolatility");
  }
}
