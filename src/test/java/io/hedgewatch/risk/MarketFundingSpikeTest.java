package io.hedgewatch.risk;

import static io.hedgewatch.risk.MarketFixtures.HYPERLIQUID_CAP;
import static io.hedgewatch.risk.MarketFixtures.MARKET;
import static io.hedgewatch.risk.MarketFixtures.NOW;
import static io.hedgewatch.risk.MarketFixtures.SUBJECT;
import static io.hedgewatch.risk.MarketFixtures.dec;
import static io.hedgewatch.risk.MarketFixtures.hourly;
import static io.hedgewatch.risk.MarketFixtures.meanAndStdev;
import static io.hedgewatch.risk.MarketFixtures.settings;
import static io.hedgewatch.risk.MarketFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code funding.spike}: the z-score against the rolling history, and nearness to the cap. */
class MarketFundingSpikeTest {

  private static final RuleSettings DEFAULTS = RuleCatalog.defaults(FundingSpikeRule.ID);

  /** rules: { funding.spike: { zWarn: 3, zCritical: 5 } } as the config loader types them. */
  private static final RuleSettings THREE_AND_FIVE =
      settings(FundingSpikeRule.ID, Map.of("zWarn", dec("3"), "zCritical", dec("5")));

  /** Mean 0.01 %/h, standard deviation 0.001 %/h, 25 points. */
  private static final List<FundingPoint> HISTORY = meanAndStdev("0.0001", "0.00001");

  private static List<Alert> judge(String rate, List<FundingPoint> history, RuleSettings s) {
    return FundingSpikeRule.evaluate(MARKET, snapshot().funding(rate).build(), history, s);
  }

  private static Severity severity(List<Alert> alerts) {
    return OracleRules.worst(alerts);
  }

  @Test
  void z_score_is_exact_on_a_small_known_series() {
    RuleSettings three = settings(FundingSpikeRule.ID, Map.of("minPoints", 3));
    FundingSpikeRule.Stats stats =
        FundingSpikeRule.stats(
            snapshot().funding("0.0005").build(), hourly("0.0001", "0.0002", "0.0003"), three);
    assertThat(stats.points()).isEqualTo(3);
    assertThat(stats.mean()).hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("0.0002"));
    assertThat(stats.stdev()).hasValueSatisfying(s -> assertThat(s).isEqualByComparingTo("0.0001"));
    assertThat(stats.zScore()).hasValueSatisfying(z -> assertThat(z).isEqualByComparingTo("3"));
    assertThat(stats.unavailableReason()).isEmpty();

    // 1..5 (x 1e-5): mean 3, sample variance 10 / 4 = 2.5; 8 is 5 / sqrt(2.5) = sqrt(10) away
    FundingSpikeRule.Stats five =
        FundingSpikeRule.stats(
            snapshot().funding("0.00008").build(),
            hourly("0.00001", "0.00002", "0.00003", "0.00004", "0.00005"),
            three);
    assertThat(five.zScore().orElseThrow().doubleValue()).isCloseTo(Math.sqrt(10), within(1e-12));
    assertThat(five.stdev().orElseThrow().doubleValue())
        .isCloseTo(Math.sqrt(2.5) * 1e-5, within(1e-18));
  }

  @Test
  void the_twenty_five_point_fixture_has_the_stated_mean_and_stdev() {
    FundingSpikeRule.Stats stats =
        FundingSpikeRule.stats(snapshot().funding("0.00013").build(), HISTORY, DEFAULTS);
    assertThat(stats.points()).isEqualTo(25);
    assertThat(stats.mean().orElseThrow()).isEqualByComparingTo("0.0001");
    assertThat(stats.stdev().orElseThrow()).isEqualByComparingTo("0.00001");
    assertThat(stats.zScore().orElseThrow()).isEqualByComparingTo("3");
  }

  // mean 0.0001, stdev 0.00001: z = 3 at 0.00013 and -3 at 0.00007, z = 5 at 0.00015 and 0.00005
  @ParameterizedTest(name = "rate {0} -> {1}")
  @CsvSource({
    "0.0001, OK",
    "0.000129999999, OK",
    "0.00013, OK",
    "0.000130000001, WARNING",
    "0.00015, WARNING",
    "0.000150000001, CRITICAL",
    "0.00007, OK",
    "0.000069999999, WARNING",
    "0.00005, WARNING",
    "0.000049999999, CRITICAL",
    "-0.01, CRITICAL"
  })
  void z_fires_strictly_beyond_3_and_5(String rate, Severity expected) {
    assertThat(severity(judge(rate, HISTORY, THREE_AND_FIVE))).isEqualTo(expected);
    assertThat(severity(judge(rate, HISTORY, DEFAULTS))).isEqualTo(expected);
  }

  @Test
  void z_levels_are_plain_numbers_a_user_can_change() {
    RuleSettings twoAndFour =
        settings(FundingSpikeRule.ID, Map.of("zWarn", dec("2.5"), "zCritical", dec("4")));
    assertThat(severity(judge("0.000125", HISTORY, twoAndFour))).isEqualTo(Severity.OK);
    assertThat(severity(judge("0.000125000001", HISTORY, twoAndFour))).isEqualTo(Severity.WARNING);
    assertThat(severity(judge("0.000140000001", HISTORY, twoAndFour))).isEqualTo(Severity.CRITICAL);
  }

  @Test
  void a_z_alert_carries_z_as_value_and_says_mean_stdev_and_points() {
    Alert a = judge("0.00016", HISTORY, DEFAULTS).get(0);
    assertThat(a.rule()).isEqualTo("funding.spike");
    assertThat(a.subject()).isEqualTo(SUBJECT);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.value()).isCloseTo(6.0, within(1e-12));
    assertThat(a.threshold()).isEqualTo(5.0);
    assertThat(a.message())
        .startsWith("funding on market eth-perp is +0.016 %/h (+140.16 % APR, longs pay shorts): ")
        .contains("6 standard deviations above its mean of +0.01 %/h over the last 7d")
        .contains("25 points, standard deviation 0.001 %/h")
        .contains("beyond the critical level of 5");
    assertThat(a.action()).contains("long");

    Alert below = judge("0.000069", HISTORY, DEFAULTS).get(0);
    assertThat(below.severity()).isEqualTo(Severity.WARNING);
    assertThat(below.value()).isCloseTo(3.1, within(1e-12));
    assertThat(below.threshold()).isEqualTo(3.0);
    assertThat(below.message()).contains("3.1 standard deviations below");
  }

  @Test
  void just_beyond_the_level_does_not_read_as_equal_to_it() {
    Alert a = judge("0.000130000001", HISTORY, DEFAULTS).get(0);
    assertThat(a.message()).contains("3.0000001 standard deviations above");
  }

  @Test
  void too_little_history_gives_no_z_judgement_and_says_why_only_in_the_stats() {
    List<FundingPoint> short23 = HISTORY.subList(2, HISTORY.size());
    assertThat(short23).hasSize(23);
    assertThat(judge("0.01", short23, DEFAULTS)).isEmpty();
    FundingSpikeRule.Stats stats =
        FundingSpikeRule.stats(snapshot().funding("0.01").build(), short23, DEFAULTS);
    assertThat(stats.zScore()).isEmpty();
    assertThat(stats.mean()).isPresent();
    assertThat(stats.unavailableReason())
        .hasValue(
            "only 23 funding points in the last 7d before 2026-03-24T12:00:00Z, at least 24"
                + " needed");

    assertThat(judge("0.01", short23, settings(FundingSpikeRule.ID, Map.of("minPoints", 23))))
        .hasSize(1);
  }

  @Test
  void at_least_two_points_are_needed_whatever_min_points_says() {
    RuleSettings one = settings(FundingSpikeRule.ID, Map.of("minPoints", 1));
    FundingSpikeRule.Stats stats =
        FundingSpikeRule.stats(snapshot().funding("0.01").build(), hourly("0.0001"), one);
    assertThat(stats.unavailableReason())
        .hasValueSatisfying(r -> assertThat(r).contains("2 needed"));
    assertThat(stats.stdev()).isEmpty();
    assertThat(
            FundingSpikeRule.stats(snapshot().funding("0.01").build(), List.of(), DEFAULTS).mean())
        .isEmpty();
  }

  @Test
  void a_flat_history_gives_no_z_judgement() {
    List<BigDecimal> flat = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      flat.add(dec("0.0000125"));
    }
    assertThat(judge("0.001", hourly(flat), DEFAULTS)).isEmpty();
    assertThat(
            FundingSpikeRule.stats(snapshot().funding("0.001").build(), hourly(flat), DEFAULTS)
                .unavailableReason())
        .hasValueSatisfying(
            r -> assertThat(r).contains("flat at +0.00125 %/h").contains("standard deviation 0"));
  }

  @Test
  void no_current_rate_no_judgement() {
    MarketSnapshot none = snapshot().build();
    assertThat(FundingSpikeRule.evaluate(MARKET, none, HISTORY, DEFAULTS)).isEmpty();
    assertThat(FundingSpikeRule.stats(none, HISTORY, DEFAULTS).unavailableReason())
        .hasValue("no current funding rate");
  }

  @Test
  void only_points_of_the_window_before_the_snapshot_count() {
    List<FundingPoint> withNoise = new ArrayList<>(HISTORY);
    withNoise.add(new FundingPoint(NOW.minus(Duration.ofDays(7)).minusSeconds(1), dec("1")));
    withNoise.add(new FundingPoint(NOW, dec("1")));
    withNoise.add(new FundingPoint(NOW.plusSeconds(3600), dec("-1")));
    FundingSpikeRule.Stats stats =
        FundingSpikeRule.stats(snapshot().funding("0.00013").build(), withNoise, DEFAULTS);
    assertThat(stats.points()).isEqualTo(25);
    assertThat(stats.zScore().orElseThrow()).isEqualByComparingTo("3");

    // a point exactly one window back counts
    withNoise.add(new FundingPoint(NOW.minus(Duration.ofDays(7)), dec("0.0001")));
    assertThat(
            FundingSpikeRule.stats(snapshot().funding("0.00013").build(), withNoise, DEFAULTS)
                .points())
        .isEqualTo(26);

    // a one-day window keeps the last 24 of the 25 points
    RuleSettings oneDay = settings(FundingSpikeRule.ID, Map.of("window", Duration.ofDays(1)));
    assertThat(
            FundingSpikeRule.stats(snapshot().funding("0.00013").build(), HISTORY, oneDay).points())
        .isEqualTo(24);
  }

  // Hyperliquid caps funding at 4 %/h: 80 % of it is 3.2 %/h
  @ParameterizedTest(name = "rate {0} -> {1}")
  @CsvSource({
    "0.0001, OK",
    "0.032, OK",
    "0.032000001, WARNING",
    "-0.032000001, WARNING",
    "0.0399999, WARNING",
    "0.04, CRITICAL",
    "-0.04, CRITICAL",
    "0.05, CRITICAL"
  })
  void near_the_hyperliquid_cap_warns_beyond_80_percent_and_is_critical_at_the_cap(
      String rate, Severity expected) {
    MarketSnapshot s = snapshot().funding(rate).cap(HYPERLIQUID_CAP).build();
    assertThat(severity(FundingSpikeRule.evaluate(MARKET, s, List.of(), DEFAULTS)))
        .isEqualTo(expected);
    RuleSettings eighty = settings(FundingSpikeRule.ID, Map.of("capWarn", dec("0.8")));
    assertThat(severity(FundingSpikeRule.evaluate(MARKET, s, List.of(), eighty)))
        .isEqualTo(expected);
  }

  @Test
  void a_cap_alert_carries_percent_of_the_cap() {
    Alert warn =
        FundingSpikeRule.evaluate(
                MARKET,
                snapshot().funding("0.034").cap(HYPERLIQUID_CAP).build(),
                List.of(),
                DEFAULTS)
            .get(0);
    assertThat(warn.severity()).isEqualTo(Severity.WARNING);
    assertThat(warn.value()).isCloseTo(85.0, within(1e-9));
    assertThat(warn.threshold()).isEqualTo(80.0);
    assertThat(warn.message())
        .contains("at 85 % of the venue's cap of 4 %/h, beyond the warning level of 80 %");

    Alert atCap =
        FundingSpikeRule.evaluate(
                MARKET,
                snapshot().funding("-0.04").cap(HYPERLIQUID_CAP).build(),
                List.of(),
                DEFAULTS)
            .get(0);
    assertThat(atCap.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(atCap.value()).isEqualTo(100.0);
    assertThat(atCap.threshold()).isEqualTo(100.0);
    assertThat(atCap.message())
        .contains("-4 %/h")
        .contains("shorts pay longs")
        .contains("at 100 % of the venue's cap of 4 %/h, the most it allows");
    assertThat(atCap.action()).contains("short");
  }

  @Test
  void a_user_can_lower_cap_warn() {
    RuleSettings half = settings(FundingSpikeRule.ID, Map.of("capWarn", dec("0.5")));
    MarketSnapshot at = snapshot().funding("0.02").cap(HYPERLIQUID_CAP).build();
    MarketSnapshot above = snapshot().funding("0.020001").cap(HYPERLIQUID_CAP).build();
    assertThat(FundingSpikeRule.evaluate(MARKET, at, List.of(), half)).isEmpty();
    assertThat(severity(FundingSpikeRule.evaluate(MARKET, above, List.of(), half)))
        .isEqualTo(Severity.WARNING);
  }

  @Test
  void both_findings_make_one_alert_with_both_numbers() {
    // z = (0.035 - 0.0001) / 0.00001 is huge; 0.035 is 87.5 % of the cap
    List<Alert> alerts =
        FundingSpikeRule.evaluate(
            MARKET, snapshot().funding("0.035").cap(HYPERLIQUID_CAP).build(), HISTORY, DEFAULTS);
    assertThat(alerts).hasSize(1);
    Alert a = alerts.get(0);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.value()).isCloseTo(3490.0, within(1e-9));
    assertThat(a.threshold()).isEqualTo(5.0);
    assertThat(a.message())
        .contains("3490 standard deviations above")
        .contains("at 87.5 % of the venue's cap of 4 %/h, beyond the warning level of 80 %");
  }

  @Test
  void the_cap_finding_leads_when_it_is_worse() {
    // z = 4 (WARNING) on a history around 3.9 %/h, at the cap (CRITICAL)
    List<FundingPoint> high = meanAndStdev("0.036", "0.001");
    Alert a =
        FundingSpikeRule.evaluate(
                MARKET, snapshot().funding("0.04").cap(HYPERLIQUID_CAP).build(), high, DEFAULTS)
            .get(0);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.value()).isEqualTo(100.0);
    assertThat(a.threshold()).isEqualTo(100.0);
    assertThat(a.message()).contains("4 standard deviations above").contains("the most it allows");
  }

  @Test
  void one_finding_names_the_other_measure_too() {
    Alert zOnly =
        FundingSpikeRule.evaluate(
                MARKET,
                snapshot().funding("0.00016").cap(HYPERLIQUID_CAP).build(),
                HISTORY,
                DEFAULTS)
            .get(0);
    assertThat(zOnly.message()).endsWith("; 0.4 % of the venue's cap of 4 %/h");

    List<FundingPoint> high = meanAndStdev("0.033", "0.001");
    Alert capOnly =
        FundingSpikeRule.evaluate(
                MARKET, snapshot().funding("0.034").cap(HYPERLIQUID_CAP).build(), high, DEFAULTS)
            .get(0);
    assertThat(capOnly.value()).isCloseTo(85.0, within(1e-9));
    assertThat(capOnly.message())
        .endsWith(
            "; z-score +1 against its mean of +3.3 %/h over the last 7d (25 points, standard"
                + " deviation 0.1 %/h)");
  }

  @Test
  void a_disabled_rule_is_silent() {
    RuleSettings off = settings(FundingSpikeRule.ID, Map.of("enabled", false));
    assertThat(
            FundingSpikeRule.evaluate(
                MARKET, snapshot().funding("0.04").cap(HYPERLIQUID_CAP).build(), HISTORY, off))
        .isEmpty();
  }
}
