package io.hedgewatch.service;

import io.hedgewatch.alert.AlertId;
import io.hedgewatch.alert.AlertState;
import io.hedgewatch.alert.Observation;
import io.hedgewatch.alert.TrackedAlert;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.monitor.ChainStatus;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.monitor.FeedStatus;
import io.hedgewatch.monitor.MarketReport;
import io.hedgewatch.monitor.PositionReport;
import io.hedgewatch.platform.PlatformWatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one cycle's report into what the lifecycle judges. Pure.
 *
 * <p>A subject the cycle could not judge is unobserved, so its open alerts neither resolve nor
 * start over: a chain that could not be read, and every feed, market, position and watched contract
 * whose status is UNKNOWN (their reads failed, or what they are judged against was missing). An
 * alert that fired still counts for its subject, as {@link Observation} says.
 */
final class CycleObservation {

  static final String BLIND_RULE = "monitor.blind";
  static final String MONITOR_SUBJECT = "monitor";

  private CycleObservation() {}

  static Observation of(CheckReport report, Instant at) {
    Set<String> unobserved = new LinkedHashSet<>();
    for (ChainStatus chain : report.chains()) {
      if (chain.error().isPresent()) {
        unobserved.add("chain:" + chain.id());
      }
    }
    for (FeedStatus feed : report.feeds()) {
      if (feed.status() == Severity.UNKNOWN) {
        unobserved.add("feed:" + feed.spec().id());
      }
    }
    for (MarketReport market : report.markets()) {
      if (market.status() == Severity.UNKNOWN) {
        unobserved.add("market:" + market.market().id());
      }
    }
    for (PositionReport position : report.positions()) {
      if (position.status() == Severity.UNKNOWN) {
        unobserved.add("position:" + position.position().id());
      }
    }
    for (PlatformWatch.ContractReport contract : report.contracts()) {
      if (contract.state().asOptional().isEmpty()) {
        unobserved.add(contract.watch().subject());
      }
    }
    return new Observation(at, joined(report.alerts()), unobserved);
  }

  /**
   * A cycle that failed as a whole: {@code monitor.blind} on {@code monitor} holds, and nothing the
   * lifecycle tracks was observed.
   */
  static Observation failed(AlertState state, String reason, Instant at) {
    Set<String> unobserved = new LinkedHashSet<>();
    for (TrackedAlert tracked : state.alerts()) {
      unobserved.add(tracked.subject());
    }
    Alert blind =
        new Alert(
            BLIND_RULE,
            Severity.UNKNOWN,
            MONITOR_SUBJECT,
            "the evaluation cycle failed: " + reason,
            null,
            null,
            "see hedgewatch's log; nothing is judged until a cycle succeeds again");
    return new Observation(at, List.of(blind), unobserved);
  }

  /**
   * One alert per identity: the lifecycle refuses two. Parts of a cycle that judge one identity
   * twice are joined at the worse severity, their messages and actions each once, in order.
   */
  static List<Alert> joined(List<Alert> alerts) {
    Map<String, List<Alert>> byId = new LinkedHashMap<>();
    for (Alert alert : alerts) {
      byId.computeIfAbsent(AlertId.of(alert), id -> new ArrayList<>()).add(alert);
    }
    List<Alert> joined = new ArrayList<>();
    for (List<Alert> same : byId.values()) {
      if (same.size() == 1) {
        joined.add(same.get(0));
        continue;
      }
      Alert worst = same.get(0);
      Set<String> messages = new LinkedHashSet<>();
      Set<String> actions = new LinkedHashSet<>();
      for (Alert a : same) {
        if (a.severity().isWorseThan(worst.severity())) {
          worst = a;
        }
        messages.add(a.message());
        if (a.action() != null) {
          actions.add(a.action());
        }
      }
      joined.add(
          new Alert(
              worst.rule(),
              worst.severity(),
              worst.subject(),
              String.join("; ", messages),
              worst.value(),
              worst.threshold(),
              actions.isEmpty() ? null : String.join("; ", actions)));
    }
    return joined;
  }
}
