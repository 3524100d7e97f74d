package io.hedgewatch.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The instants {@code from <= t <= to}, both ends included, as the venues' and the store's history
 * ranges are. A range of one instant ({@code from == to}) is allowed.
 */
public record TimeRange(Instant from, Instant to) {

  public TimeRange {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("time range from " + from + " is after to " + to);
    }
  }

  public boolean contains(Instant at) {
    return !at.isBefore(from) && !at.isAfter(to);
  }

  /**
   * The fewest ranges that hold exactly the instants of {@code ranges}: ranges that overlap or
   * share an end are joined. Oldest first.
   */
  public static List<TimeRange> union(List<TimeRange> ranges) {
    List<TimeRange> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparing(TimeRange::from));
    List<TimeRange> joined = new ArrayList<>();
    for (TimeRange r : sorted) {
      int last = joined.size() - 1;
      if (last >= 0 && !r.from().isAfter(joined.get(last).to())) {
        TimeRange previous = joined.get(last);
        joined.set(last, new TimeRange(previous.from(), latest(previous.to(), r.to())));
      } else {
        joined.add(r);
      }
    }
    return List.copyOf(joined);
  }

  /**
   * The parts of {@code window} that none of {@code covered} holds, oldest first. A gap keeps the
   * instant where it meets a covered range: these are closed ranges, and asking for one instant
   * twice is harmless where missing it is not. A window wholly covered has no gap.
   */
  public static List<TimeRange> gaps(TimeRange window, List<TimeRange> covered) {
    Objects.requireNonNull(window, "window");
    List<TimeRange> gaps = new ArrayList<>();
    Instant cursor = window.from();
    for (TimeRange c : union(covered)) {
      if (c.to().isBefore(cursor)) {
        continue;
      }
      if (c.from().isAfter(window.to())) {
        break;
      }
      if (c.from().isAfter(cursor)) {
        gaps.add(new TimeRange(cursor, c.from()));
      }
      // c holds everything from the cursor (or the gap just taken) to its end.
      cursor = c.to();
      if (!cursor.isBefore(window.to())) {
        return List.copyOf(gaps);
      }
    }
    gaps.add(new TimeRange(cursor, window.to()));
    return List.copyOf(gaps);
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
