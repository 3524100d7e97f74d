package io.hedgewatch.risk;

import io.hedgewatch.domain.MarketHours;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * When each {@link MarketHours} market is open, so that an oracle's age can be counted in
 * market-open time only. All sessions are defined in New York local time and converted through the
 * tz database, so they follow daylight saving.
 *
 * <ul>
 *   <li>{@code CRYPTO}: always open.
 *   <li>{@code US_EQUITIES}: Monday to Friday 09:30-16:00, except NYSE full-day holidays (see
 *       {@link #nyseHolidays}). Early closes (13:00 on the eve of Independence Day, the day after
 *       Thanksgiving, Christmas Eve) are not modelled: those afternoons count as open, which can
 *       only make a feed look older, never younger.
 *   <li>{@code FX}: continuously from Sunday 17:00 to Friday 17:00.
 *   <li>{@code METALS}: Sunday 18:00 to Friday 17:00 with a daily break 17:00-18:00.
 * </ul>
 *
 * FX and metals holidays (Christmas, New Year's Day) are not modelled either. Sessions are
 * half-open: a market that opens at 09:30 is open at 09:30:00 and closed at 16:00:00.
 */
public final class TradingCalendar {

  public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  private static final TradingCalendar STANDARD = new TradingCalendar();

  private static final int DAY_END = 24 * 60;

  /**
   * A session within one New York calendar day, in minutes after local midnight; {@code end ==
   * 1440} is midnight next.
   */
  private record Window(int start, int end) {}

  private static final List<Window> NONE = List.of();
  private static final List<Window> WHOLE_DAY = List.of(new Window(0, DAY_END));

  public static TradingCalendar standard() {
    return STANDARD;
  }

  private TradingCalendar() {}

  /** Whether the market is open at {@code at}. */
  public boolean isOpen(MarketHours hours, Instant at) {
    Objects.requireNonNull(hours, "hours");
    ZonedDateTime local = at.atZone(NEW_YORK);
    DayOfWeek day = local.getDayOfWeek();
    LocalTime time = local.toLocalTime();
    switch (hours) {
      case CRYPTO:
        return true;
      case US_EQUITIES:
        return day != DayOfWeek.SATURDAY
            && day != DayOfWeek.SUNDAY
            && !NyseHolidays.isHoliday(local.toLocalDate())
            && !time.isBefore(LocalTime.of(9, 30))
            && time.isBefore(LocalTime.of(16, 0));
      case FX:
        switch (day) {
          case SATURDAY:
            return false;
          case SUNDAY:
            return !time.isBefore(LocalTime.of(17, 0));
          case FRIDAY:
            return time.isBefore(LocalTime.of(17, 0));
          default:
            return true;
        }
      case METALS:
        switch (day) {
          case SATURDAY:
            return false;
          case SUNDAY:
            return !time.isBefore(LocalTime.of(18, 0));
          case FRIDAY:
            return time.isBefore(LocalTime.of(17, 0));
          default:
            return time.isBefore(LocalTime.of(17, 0)) || !time.isBefore(LocalTime.of(18, 0));
        }
      default:
        throw new IllegalArgumentException("no calendar for " + hours);
    }
  }

  /**
   * How much of {@code [from, to]} the market was open. An empty or reversed span has no open time.
   * The span is walked one New York calendar day at a time, so a span of years costs a few thousand
   * steps.
   */
  public Duration openTimeBetween(MarketHours hours, Instant from, Instant to) {
    Objects.requireNonNull(hours, "hours");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    if (hours == MarketHours.CRYPTO) {
      return Duration.between(from, to);
    }
    Duration open = Duration.ZERO;
    LocalDate last = to.atZone(NEW_YORK).toLocalDate();
    for (LocalDate day = from.atZone(NEW_YORK).toLocalDate();
        !day.isAfter(last);
        day = day.plusDays(1)) {
      for (Window w : sessions(hours, day)) {
        Instant start = at(day, w.start());
        Instant end = at(day, w.end());
        Instant a = start.isAfter(from) ? start : from;
        Instant b = end.isBefore(to) ? end : to;
        if (b.isAfter(a)) {
          open = open.plus(Duration.between(a, b));
        }
      }
    }
    return open;
  }

  /**
   * NYSE full-day closures of {@code year}: the published table for 2025-2028, the standing rules
   * otherwise.
   */
  public Set<LocalDate> nyseHolidays(int year) {
    return NyseHolidays.forYear(year);
  }

  private static List<Window> sessions(MarketHours hours, LocalDate day) {
    DayOfWeek dow = day.getDayOfWeek();
    switch (hours) {
      case CRYPTO:
        return WHOLE_DAY;
      case US_EQUITIES:
        if (dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY || NyseHolidays.isHoliday(day)) {
          return NONE;
        }
        return List.of(new Window(9 * 60 + 30, 16 * 60));
      case FX:
        switch (dow) {
          case SATURDAY:
            return NONE;
          case SUNDAY:
            return List.of(new Window(17 * 60, DAY_END));
          case FRIDAY:
            return List.of(new Window(0, 17 * 60));
          default:
            return WHOLE_DAY;
        }
      case METALS:
        switch (dow) {
          case SATURDAY:
            return NONE;
          case SUNDAY:
            return List.of(new Window(18 * 60, DAY_END));
          case FRIDAY:
            return List.of(new Window(0, 17 * 60));
          default:
            return List.of(new Window(0, 17 * 60), new Window(18 * 60, DAY_END));
        }
      default:
        throw new IllegalArgumentException("no calendar for " + hours);
    }
  }

  /**
   * A New York local minute of {@code day} as an instant; New York's clock changes at 02:00, never
   * at a session edge.
   */
  private static Instant at(LocalDate day, int minuteOfDay) {
    if (minuteOfDay == DAY_END) {
      return day.plusDays(1).atStartOfDay(NEW_YORK).toInstant();
    }
    return ZonedDateTime.of(day, LocalTime.of(minuteOfDay / 60, minuteOfDay % 60), NEW_YORK)
        .toInstant();
  }
}
