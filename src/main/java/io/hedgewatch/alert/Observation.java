package io.hedgewatch.alert;

import io.hedgewatch.domain.Alert;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One evaluation cycle as the lifecycle sees it. An alert in {@code holding} means its condition
 * holds now. A (rule, subject) not in {@code holding} is clear, unless its subject is in {@code
 * unobserved}: then this cycle could not judge it, and it neither advances nor resets (being blind
 * must never resolve an alert nor make a pending one start over; blindness is reported by {@code
 * monitor.blind} instead). An alert in {@code holding} counts even when its subject is listed as
 * unobserved: a rule that fired did see it.
 *
 * @param at the cycle's time (from the injected clock)
 * @param holding at most one alert per (rule, subject); severity OK counts as clear
 * @param unobserved subjects ({@code feed:ID}, {@code chain:ID}, ...) this cycle could not read
 */
public record Observation(Instant at, List<Alert> holding, Set<String> unobserved) {

  public Observation {
    Objects.requireNonNull(at, "at");
    holding = List.copyOf(holding);
    unobserved = Set.copyOf(unobserved);
  }

  /** A cycle that saw every subject. */
  public static Observation of(Instant at, List<Alert> holding) {
    return new Observation(at, holding, Set.of());
  }
}
