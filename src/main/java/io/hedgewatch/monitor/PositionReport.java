package io.hedgewatch.monitor;

import io.hedgewatch.config.MarketConfig;
import io.hedgewatch.config.PositionConfig;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.PositionContext;
import io.hedgewatch.risk.PositionMetrics;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One position in a check.
 *
 * @param context what the rules judged it with; empty when the position could not be read
 * @param metrics every figure of it; empty when it could not be read
 * @param problems inputs that could not be read (the exposure, the buffer): the position is judged
 *     without them
 */
public record PositionReport(
    PositionConfig position,
    MarketConfig market,
    Read<PositionSnapshot> snapshot,
    Optional<PositionContext> context,
    Optional<PositionMetrics> metrics,
    List<String> problems,
    Severity status) {

  public PositionReport {
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(market, "market");
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(metrics, "metrics");
    problems = List.copyOf(problems);
    Objects.requireNonNull(status, "status");
  }
}
