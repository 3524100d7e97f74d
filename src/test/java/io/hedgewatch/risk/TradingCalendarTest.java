package io.hedgewatch.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.hedgewatch.domain.MarketHours;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class TradingCalendarTest {

  private final TradingCalendar cal = TradingCalendar.standard();

  /** New York wall-clock time as an instant. */
  static Instant ny(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(TradingCalendar.NEW_YORK).toInstant();
  }

  static Instant utc(String iso) {
    return Instant.parse(iso);
  }

  private Duration open(MarketHours h, Instant from, Instant to) {
    return cal.openTimeBetween(h, from, to);
  }

  @Nested
  class Crypto {
    @Test
    void is_always_open_and_counts_the_whole_span() {
      Instant from = utc("2025-01-04T00:00:00Z");
      Instant to = utc("2025-01-06T12:34:56Z");
      assertThat(open(MarketHours.CRYPTO, from, to)).isEqualTo(Duration.between(from, to));
      assertThat(cal.isOpen(MarketHours.CRYPTO, utc("2025-01-04T12:00:00Z"))).isTrue();
    }
  }

  @Nested
  class UsEquities {
    @Test
    void session_is_half_open_0930_to_1600_new_york() {
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, ny("2025-01-13T09:29:59"))).isFalse();
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, ny("2025-01-13T09:30:00"))).isTrue();
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, ny("2025-01-13T15:59:59"))).isTrue();
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, ny("2025-01-13T16:00:00"))).isFalse();
      assertThat(open(MarketHours.US_EQUITIES, ny("2025-01-13T00:00"), ny("2025-01-14T00:00")))
          .isEqualTo(Duration.ofMinutes(390));
    }

    @Test
    void weekend_counts_nothing() {
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, ny("2025-01-11T12:00"))).isFalse();
      assertThat(open(MarketHours.US_EQUITIES, ny("2025-01-10T16:00"), ny("2025-01-13T09:31")))
          .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void friday_close_to_monday_open_in_utc_winter() {
      // 16:00 EST = 21:00Z, 09:30 EST = 14:30Z
      assertThat(
              open(
                  MarketHours.US_EQUITIES,
                  utc("2025-01-10T21:00:00Z"),
                  utc("2025-01-13T14:30:00Z")))
          .isZero();
      assertThat(
              open(
                  MarketHours.US_EQUITIES,
                  utc("2025-01-10T21:00:00Z"),
                  utc("2025-01-13T16:00:00Z")))
          .isEqualTo(Duration.ofMinutes(90));
    }

    @Test
    void holidays_are_closed_all_day() {
      // Good Friday 2026
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, ny("2026-04-03T12:00"))).isFalse();
      assertThat(open(MarketHours.US_EQUITIES, ny("2026-04-02T16:00"), ny("2026-04-06T09:31")))
          .isEqualTo(Duration.ofMinutes(1));
      // Independence Day 2026 falls on a Saturday: observed Friday 2026-07-03
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, ny("2026-07-03T12:00"))).isFalse();
      // National Day of Mourning, 2025-01-09: in the table, not in any rule
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, ny("2025-01-09T12:00"))).isFalse();
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, ny("2025-01-08T12:00"))).isTrue();
    }

    @Test
    void early_closes_are_not_modelled() {
      // 2025-11-28, the day after Thanksgiving, closes at 13:00 on NYSE; hedgewatch counts it as a
      // full session.
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, ny("2025-11-28T14:00"))).isTrue();
    }

    @Test
    void spring_forward_weekend() {
      // Clocks went forward on Sunday 2025-03-09: Friday 15:00 EST = 20:00Z, Monday 10:00 EDT =
      // 14:00Z.
      assertThat(ny("2025-03-07T15:00")).isEqualTo(utc("2025-03-07T20:00:00Z"));
      assertThat(ny("2025-03-10T10:00")).isEqualTo(utc("2025-03-10T14:00:00Z"));
      assertThat(
              open(
                  MarketHours.US_EQUITIES,
                  utc("2025-03-07T20:00:00Z"),
                  utc("2025-03-10T14:00:00Z")))
          .isEqualTo(Duration.ofMinutes(90));
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, utc("2025-03-07T14:29:59Z"))).isFalse();
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, utc("2025-03-07T14:30:00Z"))).isTrue();
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, utc("2025-03-10T13:30:00Z"))).isTrue();
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, utc("2025-03-10T20:00:00Z"))).isFalse();
    }

    @Test
    void fall_back_weekend() {
      // Clocks went back on Sunday 2025-11-02: Friday 16:00 EDT = 20:00Z, Monday 09:30 EST =
      // 14:30Z.
      assertThat(
              open(
                  MarketHours.US_EQUITIES,
                  utc("2025-10-31T20:00:00Z"),
                  utc("2025-11-03T14:30:00Z")))
          .isZero();
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, utc("2025-11-03T14:29:59Z"))).isFalse();
      assertThat(cal.isOpen(MarketHours.US_EQUITIES, utc("2025-11-03T20:59:59Z"))).isTrue();
    }

    @Test
    void a_year_is_its_trading_days_times_six_and_a_half_hours() {
      // weekdays minus full-day closures: 2025 261-11, 2026 261-10, 2027 261-10, 2028 260-9
      assertThat(open(MarketHours.US_EQUITIES, ny("2025-01-01T00:00"), ny("2026-01-01T00:00")))
          .isEqualTo(Duration.ofMinutes(390).multipliedBy(250));
      assertThat(open(MarketHours.US_EQUITIES, ny("2026-01-01T00:00"), ny("2027-01-01T00:00")))
          .isEqualTo(Duration.ofMinutes(390).multipliedBy(251));
      assertThat(open(MarketHours.US_EQUITIES, ny("2027-01-01T00:00"), ny("2028-01-01T00:00")))
          .isEqualTo(Duration.ofMinutes(390).multipliedBy(251));
      assertThat(open(MarketHours.US_EQUITIES, ny("2028-01-01T00:00"), ny("2029-01-01T00:00")))
          .isEqualTo(Duration.ofMinutes(390).multipliedBy(251));
    }
  }

  @Nested
  class NyseHolidayTable {
    /** NYSE's published full-day closures, kept here independently of the production table. */
    private final List<String> published =
        List.of(
            "2025-01-01",
            "2025-01-09",
            "2025-01-20",
            "2025-02-17",
            "2025-04-18",
            "2025-05-26",
            "2025-06-19",
            "2025-07-04",
            "2025-09-01",
            "2025-11-27",
            "2025-12-25",
            "2026-01-01",
            "2026-01-19",
            "2026-02-16",
            "2026-04-03",
            "2026-05-25",
            "2026-06-19",
            "2026-07-03",
            "2026-09-07",
            "2026-11-26",
            "2026-12-25",
            "2027-01-01",
            "2027-01-18",
            "2027-02-15",
            "2027-03-26",
            "2027-05-31",
            "2027-06-18",
            "2027-07-05",
            "2027-09-06",
            "2027-11-25",
            "2027-12-24",
            "2028-01-17",
            "2028-02-21",
            "2028-04-14",
            "2028-05-29",
            "2028-06-19",
            "2028-07-04",
            "2028-09-04",
            "2028-11-23",
            "2028-12-25");

    @Test
    void table_matches_the_published_calendar() {
      Set<LocalDate> fromCalendar = new HashSet<>();
      for (int y = 2025; y <= 2028; y++) {
        fromCalendar.addAll(cal.nyseHolidays(y));
      }
      assertThat(fromCalendar)
          .containsExactlyInAnyOrderElementsOf(published.stream().map(LocalDate::parse).toList());
    }

    @Test
    void standing_rules_reproduce_the_table_except_unscheduled_closures() {
      for (int y = NyseHolidays.TABLE_FIRST_YEAR; y <= NyseHolidays.TABLE_LAST_YEAR; y++) {
        Set<LocalDate> expected = new HashSet<>(cal.nyseHolidays(y));
        expected.removeAll(NyseHolidays.UNSCHEDULED);
        assertThat(NyseHolidays.computed(y))
            .as("year %d", y)
            .containsExactlyInAnyOrderElementsOf(expected);
      }
    }

    @Test
    void observance_rules() {
      // 2022: New Year's on Saturday is not observed (Dec 31 closes the year); Juneteenth and
      // Christmas on Sunday move to Monday
      assertThat(cal.nyseHolidays(2022))
          .containsExactlyInAnyOrder(
              LocalDate.parse("2022-01-17"),
              LocalDate.parse("2022-02-21"),
              LocalDate.parse("2022-04-15"),
              LocalDate.parse("2022-05-30"),
              LocalDate.parse("2022-06-20"),
              LocalDate.parse("2022-07-04"),
              LocalDate.parse("2022-09-05"),
              LocalDate.parse("2022-11-24"),
              LocalDate.parse("2022-12-26"));
      // 2021: no Juneteenth yet; Independence Day on Sunday -> Monday; Christmas on Saturday ->
      // Friday
      assertThat(cal.nyseHolidays(2021))
          .contains(LocalDate.parse("2021-07-05"), LocalDate.parse("2021-12-24"))
          .doesNotContain(LocalDate.parse("2021-06-18"), LocalDate.parse("2021-06-21"));
      // beyond the table
      assertThat(cal.nyseHolidays(2029))
          .containsExactlyInAnyOrder(
              LocalDate.parse("2029-01-01"),
              LocalDate.parse("2029-01-15"),
              LocalDate.parse("2029-02-19"),
              LocalDate.parse("2029-03-30"),
              LocalDate.parse("2029-05-28"),
              LocalDate.parse("2029-06-19"),
              LocalDate.parse("2029-07-04"),
              LocalDate.parse("2029-09-03"),
              LocalDate.parse("2029-11-22"),
              LocalDate.parse("2029-12-25"));
    }

    @Test
    void easter() {
      assertThat(NyseHolidays.easterSunday(2019)).isEqualTo(LocalDate.parse("2019-04-21"));
      assertThat(NyseHolidays.easterSunday(2024)).isEqualTo(LocalDate.parse("2024-03-31"));
      assertThat(NyseHolidays.easterSunday(2025)).isEqualTo(LocalDate.parse("2025-04-20"));
      assertThat(NyseHolidays.easterSunday(2038)).isEqualTo(LocalDate.parse("2038-04-25"));
      assertThat(NyseHolidays.easterSunday(2285)).isEqualTo(LocalDate.parse("2285-03-22"));
    }
  }

  @Nested
  class Fx {
    @Test
    void opens_sunday_1700_new_york_winter_and_summer() {
      assertThat(cal.isOpen(MarketHours.FX, utc("2025-01-05T21:59:59Z"))).isFalse();
      assertThat(cal.isOpen(MarketHours.FX, utc("2025-01-05T22:00:00Z"))).isTrue();
      assertThat(cal.isOpen(MarketHours.FX, utc("2025-06-08T20:59:59Z"))).isFalse();
      assertThat(cal.isOpen(MarketHours.FX, utc("2025-06-08T21:00:00Z"))).isTrue();
    }

    @Test
    void closes_friday_1700_new_york() {
      assertThat(cal.isOpen(MarketHours.FX, ny("2025-01-10T16:59:59"))).isTrue();
      assertThat(cal.isOpen(MarketHours.FX, ny("2025-01-10T17:00:00"))).isFalse();
      assertThat(cal.isOpen(MarketHours.FX, ny("2025-01-11T12:00:00"))).isFalse();
    }

    @Test
    void sunday_open_counts_from_1700() {
      // an update on Friday 16:59, read Sunday 17:05: one minute before the close plus five after
      // the open
      assertThat(open(MarketHours.FX, ny("2025-01-10T16:59"), ny("2025-01-12T17:05")))
          .isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void runs_through_the_night_midweek() {
      assertThat(open(MarketHours.FX, ny("2025-01-08T16:00"), ny("2025-01-09T18:00")))
          .isEqualTo(Duration.ofHours(26));
    }

    @ParameterizedTest
    @MethodSource("io.hedgewatch.risk.TradingCalendarTest#sundays")
    void every_week_is_120_hours_even_across_dst(LocalDate sunday) {
      Instant from = sunday.atStartOfDay(TradingCalendar.NEW_YORK).toInstant();
      Instant to = sunday.plusDays(7).atStartOfDay(TradingCalendar.NEW_YORK).toInstant();
      assertThat(open(MarketHours.FX, from, to)).isEqualTo(Duration.ofHours(120));
    }
  }

  @Nested
  class Metals {
    @Test
    void opens_sunday_1800_and_closes_friday_1700() {
      assertThat(cal.isOpen(MarketHours.METALS, ny("2025-01-05T17:30"))).isFalse();
      assertThat(cal.isOpen(MarketHours.METALS, ny("2025-01-05T18:00"))).isTrue();
      assertThat(cal.isOpen(MarketHours.METALS, ny("2025-01-10T16:59:59"))).isTrue();
      assertThat(cal.isOpen(MarketHours.METALS, ny("2025-01-10T17:00"))).isFalse();
      assertThat(cal.isOpen(MarketHours.METALS, ny("2025-01-10T17:30"))).isFalse();
    }

    @Test
    void breaks_daily_1700_to_1800() {
      assertThat(cal.isOpen(MarketHours.METALS, ny("2025-01-07T16:59:59"))).isTrue();
      assertThat(cal.isOpen(MarketHours.METALS, ny("2025-01-07T17:00"))).isFalse();
      assertThat(cal.isOpen(MarketHours.METALS, ny("2025-01-07T17:59:59"))).isFalse();
      assertThat(cal.isOpen(MarketHours.METALS, ny("2025-01-07T18:00"))).isTrue();
      assertThat(open(MarketHours.METALS, ny("2025-01-07T16:00"), ny("2025-01-07T19:00")))
          .isEqualTo(Duration.ofHours(2));
    }

    @ParameterizedTest
    @MethodSource("io.hedgewatch.risk.TradingCalendarTest#sundays")
    void every_week_is_five_times_23_hours(LocalDate sunday) {
      Instant from = sunday.atStartOfDay(TradingCalendar.NEW_YORK).toInstant();
      Instant to = sunday.plusDays(7).atStartOfDay(TradingCalendar.NEW_YORK).toInstant();
      assertThat(open(MarketHours.METALS, from, to)).isEqualTo(Duration.ofHours(115));
    }
  }

  /** Sundays including both 2025 DST switches and the weeks around them. */
  static List<LocalDate> sundays() {
    return List.of(
        LocalDate.parse("2025-03-02"),
        LocalDate.parse("2025-03-09"),
        LocalDate.parse("2025-03-16"),
        LocalDate.parse("2025-10-26"),
        LocalDate.parse("2025-11-02"),
        LocalDate.parse("2025-11-09"),
        LocalDate.parse("2025-06-15"),
        LocalDate.parse("2025-12-28"));
  }

  @ParameterizedTest
  @EnumSource(MarketHours.class)
  void empty_and_reversed_spans_have_no_open_time(MarketHours h) {
    Instant t = ny("2025-01-08T12:00");
    assertThat(open(h, t, t)).isZero();
    assertThat(open(h, t, t.minusSeconds(3600))).isZero();
  }

  @ParameterizedTest
  @EnumSource(MarketHours.class)
  void decades_are_cheap(MarketHours h) {
    Duration open =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> open(h, utc("1970-01-01T00:00:01Z"), utc("2030-01-01T00:00:00Z")));
    assertThat(open).isPositive();
  }

  // ---- properties
  // -------------------------------------------------------------------------------------------

  static LongStream seeds() {
    return Seeds.seeds(200);
  }

  private static final Instant RANGE_START = utc("2024-01-01T00:00:00Z");
  private static final long RANGE_SECONDS = Duration.ofDays(6 * 365).toSeconds();

  /** A random instant in 2024-2029, half of them within a day of a New York DST switch. */
  private static Instant randomInstant(Random r) {
    if (r.nextBoolean()) {
      LocalDate[] switches = {
        LocalDate.parse("2025-03-09"), LocalDate.parse("2025-11-02"), LocalDate.parse("2026-03-08"),
        LocalDate.parse("2026-11-01"), LocalDate.parse("2027-03-14"), LocalDate.parse("2027-11-07")
      };
      Instant center =
          switches[r.nextInt(switches.length)]
              .atTime(2, 0)
              .atZone(TradingCalendar.NEW_YORK)
              .toInstant();
      return center.plusSeconds(r.nextInt(4 * 86_400) - 2 * 86_400L);
    }
    return RANGE_START.plusSeconds((long) (r.nextDouble() * RANGE_SECONDS));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void open_time_is_additive_and_bounded_by_the_span(long seed) {
    Random r = new Random(seed);
    MarketHours h = MarketHours.values()[r.nextInt(MarketHours.values().length)];
    Instant a = randomInstant(r);
    Instant b = a.plusSeconds((long) (r.nextDouble() * 10 * 86_400));
    Instant c = b.plusSeconds((long) (r.nextDouble() * 10 * 86_400));
    Duration ac = open(h, a, c);
    assertThat(ac)
        .as("seed %d: %s over [%s, %s] = [a,b] + [b,c] with b=%s", seed, h, a, c, b)
        .isEqualTo(open(h, a, b).plus(open(h, b, c)));
    assertThat(ac)
        .as("seed %d: %s over [%s, %s] within the span", seed, h, a, c)
        .isBetween(Duration.ZERO, Duration.between(a, c));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void open_time_agrees_with_isOpen_minute_by_minute(long seed) {
    Random r = new Random(seed);
    MarketHours h = MarketHours.values()[r.nextInt(MarketHours.values().length)];
    Instant a = randomInstant(r).truncatedTo(ChronoUnit.MINUTES);
    int minutes = r.nextInt(3 * 24 * 60);
    long counted = 0;
    for (int m = 0; m < minutes; m++) {
      if (cal.isOpen(h, a.plusSeconds(60L * m))) {
        counted++;
      }
    }
    assertThat(open(h, a, a.plusSeconds(60L * minutes)))
        .as("seed %d: %s over %d minutes from %s", seed, h, minutes, a)
        .isEqualTo(Duration.ofMinutes(counted));
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void one_second_after_an_instant_is_open_exactly_when_the_market_is(long seed) {
    Random r = new Random(seed);
    MarketHours h = MarketHours.values()[r.nextInt(MarketHours.values().length)];
    Instant t = randomInstant(r);
    assertThat(open(h, t, t.plusSeconds(1)))
        .as("seed %d: %s at %s", seed, h, t)
        .isEqualTo(cal.isOpen(h, t) ? Duration.ofSeconds(1) : Duration.ZERO);
  }
}
