package io.hedgewatch.risk;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Full-day NYSE closures. For 2025-2028 the published calendar is a table (it also carries
 * unscheduled closures such as the National Day of Mourning on 2025-01-09, which no rule predicts);
 * for other years the standing rules are computed: New Year's Day, Martin Luther King Jr. Day,
 * Washington's Birthday, Good Friday, Memorial Day, Juneteenth (from 2022), Independence Day, Labor
 * Day, Thanksgiving and Christmas. A holiday on a Sunday is observed on the Monday after, one on a
 * Saturday on the Friday before, except when that Friday closes a yearly accounting period: New
 * Year's Day on a Saturday is not observed (NYSE Rule 7.2). Early closes (13:00) are not modelled.
 */
final class NyseHolidays {

  static final int TABLE_FIRST_YEAR = 2025;
  static final int TABLE_LAST_YEAR = 2028;

  /** NYSE's published full-day closures. */
  private static final Map<Integer, Set<LocalDate>> TABLE =
      Map.of(
          2025,
          dates(
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
              "2025-12-25"),
          2026,
          dates(
              "2026-01-01",
              "2026-01-19",
              "2026-02-16",
              "2026-04-03",
              "2026-05-25",
              "2026-06-19",
              "2026-07-03",
              "2026-09-07",
              "2026-11-26",
              "2026-12-25"),
          2027,
          dates(
              "2027-01-01",
              "2027-01-18",
              "2027-02-15",
              "2027-03-26",
              "2027-05-31",
              "2027-06-18",
              "2027-07-05",
              "2027-09-06",
              "2027-11-25",
              "2027-12-24"),
          2028,
          // 2028-01-01 is a Saturday: not observed.
          dates(
              "2028-01-17",
              "2028-02-21",
              "2028-04-14",
              "2028-05-29",
              "2028-06-19",
              "2028-07-04",
              "2028-09-04",
              "2028-11-23",
              "2028-12-25"));

  /** Closures in the table that the standing rules do not produce. */
  static final Set<LocalDate> UNSCHEDULED = Set.of(LocalDate.of(2025, 1, 9));

  private NyseHolidays() {}

  static boolean isHoliday(LocalDate date) {
    return forYear(date.getYear()).contains(date);
  }

  /**
   * The full-day closures of {@code year}: the table where it has the year, otherwise the computed
   * rules.
   */
  static Set<LocalDate> forYear(int year) {
    Set<LocalDate> listed = TABLE.get(year);
    return listed != null ? listed : computed(year);
  }

  /** The standing rules, without unscheduled closures. */
  static Set<LocalDate> computed(int year) {
    Set<LocalDate> days = new TreeSet<>();
    LocalDate newYear = LocalDate.of(year, Month.JANUARY, 1);
    if (newYear.getDayOfWeek() != DayOfWeek.SATURDAY) {
      days.add(observed(newYear));
    }
    days.add(nthWeekday(year, Month.JANUARY, 3, DayOfWeek.MONDAY));
    days.add(nthWeekday(year, Month.FEBRUARY, 3, DayOfWeek.MONDAY));
    days.add(easterSunday(year).minusDays(2));
    days.add(
        LocalDate.of(year, Month.MAY, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    if (year >= 2022) {
      days.add(observed(LocalDate.of(year, Month.JUNE, 19)));
    }
    days.add(observed(LocalDate.of(year, Month.JULY, 4)));
    days.add(nthWeekday(year, Month.SEPTEMBER, 1, DayOfWeek.MONDAY));
    days.add(nthWeekday(year, Month.NOVEMBER, 4, DayOfWeek.THURSDAY));
    days.add(observed(LocalDate.of(year, Month.DECEMBER, 25)));
    return Set.copyOf(days);
  }

  private static LocalDate observed(LocalDate holiday) {
    switch (holiday.getDayOfWeek()) {
      case SATURDAY:
        return holiday.minusDays(1);
      case SUNDAY:
        return holiday.plusDays(1);
      default:
        return holiday;
    }
  }

  private static LocalDate nthWeekday(int year, Month month, int n, DayOfWeek day) {
    return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
  }

  /** Gregorian Easter Sunday (the anonymous Gregorian computus). */
  static LocalDate easterSunday(int year) {
    int a = year % 19;
    int b = year / 100;
    int c = year % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = (h + l - 7 * m + 114) % 31 + 1;
    return LocalDate.of(year, month, day);
  }

  private static Set<LocalDate> dates(String... isoDates) {
    return Set.copyOf(List.of(isoDates).stream().map(LocalDate::parse).toList());
  }
}
