package io.hedgewatch.alert;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every identity the lifecycle tracks, ordered by alert id so that equal states are equal values
 * and serialize alike.
 */
public record AlertState(List<TrackedAlert> alerts) {

  public static final AlertState EMPTY = new AlertState(List.of());

  public AlertState {
    alerts = alerts.stream().sorted(Comparator.comparing(TrackedAlert::id)).toList();
    for (int i = 1; i < alerts.size(); i++) {
      if (alerts.get(i).id().equals(alerts.get(i - 1).id())) {
        throw new IllegalArgumentException(
            "alert state tracks "
                + alerts.get(i).id()
                + " twice ("
                + alerts.get(i).rule()
                + " on "
                + alerts.get(i).subject()
                + ")");
      }
    }
  }

  public Optional<TrackedAlert> find(String alertId) {
    return alerts.stream().filter(a -> a.id().equals(alertId)).findFirst();
  }

  public List<TrackedAlert> open() {
    return alerts.stream().filter(TrackedAlert::open).toList();
  }
}
