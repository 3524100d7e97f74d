package io.hedgewatch.monitor;

import io.hedgewatch.domain.Alert;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One store serves the whole check, so however many of its parts find it unusable (the markets'
 * funding history, the watched contracts' baselines), the check raises one {@code monitor.blind} on
 * subject {@code monitor}: an alert's identity is its (rule, subject) pair.
 */
final class StoreAlerts {

  static final String RULE = "monitor.blind";
  static final String SUBJECT = "monitor";

  private StoreAlerts() {}

  /**
   * Joins, in place, every {@code monitor.blind} on {@code monitor} into the first: its messages
   * and actions, each once, in order.
   */
  static void join(List<Alert> alerts) {
    int first = -1;
    Set<String> messages = new LinkedHashSet<>();
    Set<String> actions = new LinkedHashSet<>();
    List<Alert> kept = new ArrayList<>();
    for (Alert a : alerts) {
      if (a.rule().equals(RULE) && a.subject().equals(SUBJECT)) {
        if (first < 0) {
          first = kept.size();
          kept.add(a);
        }
        messages.add(a.message());
        if (a.action() != null) {
          actions.add(a.action());
        }
      } else {
        kept.add(a);
      }
    }
    if (first < 0 || messages.size() == 1 && kept.size() == alerts.size()) {
      return;
    }
    Alert head = kept.get(first);
    kept.set(
        first,
        new Alert(
            head.rule(),
            head.severity(),
            head.subject(),
            String.join("; ", messages),
            head.value(),
            head.threshold(),
            actions.isEmpty() ? null : String.join("; ", actions)));
    alerts.clear();
    alerts.addAll(kept);
  }
}
