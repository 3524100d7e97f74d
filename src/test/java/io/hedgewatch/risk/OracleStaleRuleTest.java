package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleFixtures.block;
import static io.hedgewatch.risk.OracleFixtures.chainlinkSpec;
import static io.hedgewatch.risk.OracleFixtures.defaults;
import static io.hedgewatch.risk.OracleFixtures.disabled;
import static io.hedgewatch.risk.OracleFixtures.settings;
import static io.hedgewatch.risk.TradingCalendarTest.ny;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.MarketHours;
import io.hedgewatch.domain.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class OracleStaleRuleTest {

  private static final TradingCalendar CAL = TradingCalendar.standard();
  private static final Instant UPDATED = Instant.parse("2025-01-08T12:00:00Z");

  private static List<Alert> stale(
      FeedSpec spec, Instant updatedAt, Instant blockTime, RuleSettings s) {
    return OracleStaleRule.evaluate(spec, updatedAt, block(blockTime), s, CAL);
  }

  private static List<Alert> staleAfter(long ageSeconds, RuleSettings s) {
    return stale(chainlinkSpec(), UPDATED, UPDATED.plusSeconds(ageSeconds), s);
  }

  @Nested
  class Thresholds {
    // heartbeat 1h, default grace 5m, default criticalHeartbeats 2: WARNING beyond 3900 s, CRITICAL
    // beyond 7500 s
    @ParameterizedTest(name = "age {0} s -> {1}")
    @CsvSource({
      "0, OK",
      "3600, OK",
      "3899, OK",
      "3900, OK",
      "3901, WARNING",
      "7499, WARNING",
      "7500, WARNING",
      "7501, CRITICAL",
      "864000, CRITICAL"
    })
    void defaults_fire_strictly_beyond_heartbeat_plus_grace(long age, Severity expected) {
      List<Alert> alerts = staleAfter(age, defaults("oracle.stale"));
      assertThat(OracleRules.worst(alerts)).isEqualTo(expected);
    }

    @Test
    void value_and_threshold_are_seconds() {
      Alert warning = staleAfter(3901, defaults("oracle.stale")).get(0);
      assertThat(warning.value()).isEqualTo(3901.0);
      assertThat(warning.threshold()).isEqualTo(3900.0);
      Alert critical = staleAfter(7501, defaults("oracle.stale")).get(0);
      assertThat(critical.value()).isEqualTo(7501.0);
      assertThat(critical.threshold()).isEqualTo(7500.0);
    }

    @ParameterizedTest(name = "age {0} s -> {1}")
    @CsvSource({"3630, OK", "3631, WARNING", "10830, WARNING", "10831, CRITICAL"})
    void user_written_grace_30s_and_three_heartbeats(long age, Severity expected) {
      // rules: { oracle.stale: { grace: 30s, criticalHeartbeats: 3 } }
      RuleSettings s =
          settings(
              "oracle.stale", Map.of("grace", Duration.ofSeconds(30), "criticalHeartbeats", 3));
      assertThat(OracleRules.worst(staleAfter(age, s))).isEqualTo(expected);
    }

    @Test
    void update_after_the_block_has_age_zero() {
      assertThat(
              stale(chainlinkSpec(), UPDATED.plusSeconds(600), UPDATED, defaults("oracle.stale")))
          .isEmpty();
    }

    @Test
    void disabled_rule_is_silent() {
      assertThat(staleAfter(864_000, disabled("oracle.stale"))).isEmpty();
    }

    @Test
    void message_names_the_feed_times_and_limit() {
      Alert a = staleAfter(3901, defaults("oracle.stale")).get(0);
      assertThat(a.rule()).isEqualTo("oracle.stale");
      assertThat(a.subject()).isEqualTo("feed:eth-usd");
      assertThat(a.message())
          .contains("feed eth-usd is stale")
          .contains("2025-01-08T12:00:00Z")
          .contains("2025-01-08T13:05:01Z")
          .contains("age 3901 s (1h 05m) at block 123456 (2025-01-08T13:05:01Z)")
          .contains("beyond the limit of 3900 s (1h 05m) = heartbeat 3600 s + grace 300 s");
      assertThat(a.action()).isNotBlank();
      Alert c = staleAfter(7501, defaults("oracle.stale")).get(0);
      assertThat(c.message())
          .contains("beyond the limit of 7500 s (2h 05m) = 2 x heartbeat 3600 s + grace 300 s");
    }
  }

  @Nested
  class MarketHoursCounting {
    private final FeedSpec equities = chainlinkSpec(Duration.ofHours(1), MarketHours.US_EQUITIES);

    @Test
    void friday_close_update_is_fresh_at_monday_0931() {
      assertThat(
              stale(
                  equities,
                  ny("2025-01-10T16:00"),
                  ny("2025-01-13T09:31"),
                  defaults("oracle.stale")))
          .isEmpty();
    }

    @Test
    void friday_close_update_is_stale_at_monday_1100() {
      List<Alert> alerts =
          stale(equities, ny("2025-01-10T16:00"), ny("2025-01-13T11:00"), defaults("oracle.stale"));
      assertThat(alerts)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.severity()).isEqualTo(Severity.WARNING);
                assertThat(a.value()).isEqualTo(5400.0);
                assertThat(a.message()).contains("of us-equities market-open time");
              });
    }

    @Test
    void the_same_gap_on_a_crypto_feed_is_critical() {
      assertThat(
              OracleRules.worst(
                  stale(
                      chainlinkSpec(),
                      ny("2025-01-10T16:00"),
                      ny("2025-01-13T09:31"),
                      defaults("oracle.stale"))))
          .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void holiday_does_not_count() {
      // Good Friday 2026-04-03
      assertThat(
              stale(
                  equities,
                  ny("2026-04-02T16:00"),
                  ny("2026-04-06T09:31"),
                  defaults("oracle.stale")))
          .isEmpty();
      // the same span a week later, without the holiday: Friday's whole session + 1 minute
      assertThat(
              OracleRules.worst(
                  stale(
                      equities,
                      ny("2026-04-09T16:00"),
                      ny("2026-04-13T09:31"),
                      defaults("oracle.stale"))))
          .isEqualTo(Severity.CRITICAL);
    }

    @ParameterizedTest(name = "read Monday {0} New York -> {1}")
    @CsvSource({"09:34:59, OK", "09:35:00, OK", "09:35:01, WARNING"})
    void across_the_spring_forward_weekend(String mondayTime, Severity expected) {
      // Friday 15:00 EST to Monday 09:35 EDT: one hour on Friday plus five minutes = 3900 s exactly
      List<Alert> alerts =
          stale(
              equities,
              ny("2025-03-07T15:00"),
              ny("2025-03-10T" + mondayTime),
              defaults("oracle.stale"));
      assertThat(OracleRules.worst(alerts)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "read Sunday {0} New York -> {1}")
    @CsvSource({"16:59:59, OK", "17:05:00, OK", "17:05:01, WARNING"})
    void fx_counts_from_the_sunday_open(String sundayTime, Severity expected) {
      FeedSpec fx = chainlinkSpec(Duration.ofHours(1), MarketHours.FX);
      List<Alert> alerts =
          stale(
              fx, ny("2025-01-10T16:00"), ny("2025-01-12T" + sundayTime), defaults("oracle.stale"));
      assertThat(OracleRules.worst(alerts)).isEqualTo(expected);
    }

    @Test
    void metals_skip_the_daily_break() {
      FeedSpec metals = chainlinkSpec(Duration.ofHours(1), MarketHours.METALS);
      // Tuesday 16:00 to 18:05: 1h of session + the 17:00-18:00 break + 5 minutes = 3900 s of open
      // time
      assertThat(
              stale(
                  metals, ny("2025-01-07T16:00"), ny("2025-01-07T18:05"), defaults("oracle.stale")))
          .isEmpty();
      assertThat(
              stale(
                  metals,
                  ny("2025-01-07T16:00"),
                  ny("2025-01-07T18:05:01"),
                  defaults("oracle.stale")))
          .singleElement()
          .extracting(Alert::severity)
          .isEqualTo(Severity.WARNING);
    }
  }

  static LongStream seeds() {
    return Seeds.seeds(200);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void severity_follows_the_two_limits(long seed) {
    Random r = new Random(seed);
    long heartbeat = 1 + r.nextInt(86_400);
    long grace = r.nextInt(3_600);
    int k = 1 + r.nextInt(4);
    long age =
        r.nextInt(5) == 0
            ? heartbeat * (r.nextBoolean() ? 1 : k) + grace + r.nextInt(3) - 1
            : r.nextInt(6 * 86_400);
    FeedSpec spec = chainlinkSpec(Duration.ofSeconds(heartbeat), MarketHours.CRYPTO);
    RuleSettings s =
        settings(
            "oracle.stale", Map.of("grace", Duration.ofSeconds(grace), "criticalHeartbeats", k));
    Severity expected =
        age > k * heartbeat + grace
            ? Severity.CRITICAL
            : age > heartbeat + grace ? Severity.WARNING : Severity.OK;
    assertThat(OracleRules.worst(stale(spec, UPDATED, UPDATED.plusSeconds(age), s)))
        .as("seed %d: heartbeat %d grace %d k %d age %d", seed, heartbeat, grace, k, age)
        .isEqualTo(expected);
  }
}
