package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.alert.AlertLifecycle;
import io.hedgewatch.alert.AlertState;
import io.hedgewatch.alert.LifecyclePolicy;
import io.hedgewatch.alert.Observation;
import io.hedgewatch.api.MonitorView;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.monitor.ChainStatus;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.risk.RuleCatalog;
import io.hedgewatch.store.Delivery;
import io.hedgewatch.store.FeedObservation;
import io.hedgewatch.store.MarketObservation;
import io.hedgewatch.store.OutboxStats;
import io.hedgewatch.store.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StatusLineTest {

  private static final Instant NOW = Instant.parse("2026-11-25T07:00:05Z");

  /** A view of fixed facts. */
  private record View(
      Optional<CheckReport> latest, AlertState alerts, List<OutboxStats> outbox, boolean ready)
      implements MonitorView {
    @Override
    public List<StoredEvent> eventsAfter(long afterSequence, int limit) {
      return List.of();
    }

    @Override
    public AutoCloseable subscribe(Consumer<StoredEvent> listener) {
      return () -> {};
    }

    @Override
    public AckResult acknowledge(String alertId, String by) {
      return AckResult.NOT_OPEN;
    }

    @Override
    public Map<String, Optional<Instant>> lastSuccessfulCycle() {
      return Map.of();
    }

    @Override
    public List<Delivery> deadLetters(int limit) {
      return List.of();
    }

    @Override
    public List<FeedObservation> feedHistory(String feedId, Instant from, Instant to, int limit) {
      return List.of();
    }

    @Override
    public List<MarketObservation> marketHistory(
        String marketId, Instant from, Instant to, int limit) {
      return List.of();
    }

    @Override
    public Instant startedAt() {
      return NOW.minusSeconds(60);
    }

    @Override
    public io.hedgewatch.risk.RuleSettingsLookup rules() {
      return io.hedgewatch.risk.RuleSettingsLookup.defaults();
    }
  }

  private static CheckReport report(Severity status, Optional<String> chainError) {
    ChainStatus chain =
        new ChainStatus(
            "arbitrum",
            42161,
            chainError.isPresent()
                ? Optional.empty()
                : Optional.of(new BlockRef(123_456, NOW.minusSeconds(3))),
            Optional.empty(),
            chainError,
            "multicall3",
            1,
            3);
    return new CheckReport(
        NOW.minusSeconds(2), status, List.of(chain), List.of(), List.of(), List.of(), List.of());
  }

  private static AlertState open(Severity... severities) {
    AlertLifecycle lifecycle =
        new AlertLifecycle(RuleCatalog::defaults, LifecyclePolicy.ofDefaults());
    List<Alert> holding = new java.util.ArrayList<>();
    for (int i = 0; i < severities.length; i++) {
      holding.add(new Alert("oracle.drift", severities[i], "feed:f" + i, "m", null, null, null));
    }
    return lifecycle.step(AlertState.EMPTY, Observation.of(NOW, holding)).state();
  }

  @Test
  void a_quiet_monitor_shows_status_block_and_no_alert() {
    View view =
        new View(
            Optional.of(report(Severity.OK, Optional.empty())), AlertState.EMPTY, List.of(), true);
    assertThat(StatusLine.render(view, NOW))
        .isEqualTo("07:00:05Z · OK · arbitrum #123456 · cycle 2 s ago · no open alert");
  }

  @Test
  void
      trouble_shows_open_alerts_by_severity_an_unreadable_chain_what_the_sinks_owe_and_readiness() {
    View view =
        new View(
            Optional.of(report(Severity.CRITICAL, Optional.of("connection refused"))),
            open(Severity.CRITICAL, Severity.WARNING, Severity.WARNING),
            List.of(new OutboxStats("webhook", 3, 1, Optional.of(NOW.minusSeconds(30)))),
            false);
    assertThat(StatusLine.render(view, NOW))
        .isEqualTo(
            "07:00:05Z · CRITICAL · arbitrum unreadable · cycle 2 s ago · open alerts: 1 critical,"
                + " 2 warning · outbox 3 pending, 1 dead · not ready");
  }

  @Test
  void before_the_first_cycle_it_says_so_and_rewrites_the_line_in_place() {
    View view = new View(Optional.empty(), AlertState.EMPTY, List.of(), false);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StatusLine.show(view, NOW, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .isEqualTo("\r\u001b[K07:00:05Z · waiting for the first cycle · no open alert · not ready");
  }
}
