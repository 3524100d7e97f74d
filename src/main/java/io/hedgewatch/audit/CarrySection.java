package io.hedgewatch.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The report's optional hedge-carry section, filled by the carry audit: named time series (funding
 * paid and received, a venue's rate...) drawn as one chart, with free-text lines above it. The
 * report draws what it is given and computes nothing from it.
 *
 * @param notes short lines (totals, annualised figures) shown above the chart
 */
public record CarrySection(String title, List<String> notes, List<TimeSeries> series) {

  public CarrySection {
    Objects.requireNonNull(title, "title");
    notes = List.copyOf(notes);
    series = List.copyOf(series);
  }

  /** One line of the chart: its points in time order. */
  public record TimeSeries(String name, String unit, List<Point> points) {
    public TimeSeries {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(unit, "unit");
      points = List.copyOf(points);
      for (int i = 1; i < points.size(); i++) {
        if (points.get(i).at().isBefore(points.get(i - 1).at())) {
          throw new IllegalArgumentException(
              "carry series "
                  + name
                  + ": point "
                  + i
                  + " at "
                  + points.get(i).at()
                  + " comes before point "
                  + (i - 1)
                  + " at "
                  + points.get(i - 1).at());
        }
      }
    }
  }

  public record Point(Instant at, BigDecimal value) {
    public Point {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(value, "value");
    }
  }
}
