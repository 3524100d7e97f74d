package io.hedgewatch.platform;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.ContractState;
import io.hedgewatch.domain.Read;
import io.hedgewatch.risk.PlatformBaseline;
import io.hedgewatch.risk.PlatformRules;
import io.hedgewatch.risk.RuleSettingsLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One chain's platform cycle: read every watched contract at a block, apply the baseline policy,
 * and evaluate the platform rules. A contract that could not be read raises no platform alert and
 * leaves its baseline alone; its failure is in the report for {@code check --json} and for {@code
 * monitor.blind}.
 */
public final class PlatformWatch {

  /**
   * One contract in the report.
   *
   * @param baseline what the baseline policy made of the observation; empty when it was not read
   */
  public record ContractReport(
      WatchedContract watch, Read<ContractState> state, Optional<PlatformBaseline.Kind> baseline) {
    public ContractReport {
      Objects.requireNonNull(watch, "watch");
      Objects.requireNonNull(state, "state");
      Objects.requireNonNull(baseline, "baseline");
    }

    /** True when this observation was stored as the first baseline (and so raised nothing). */
    public boolean firstSeen() {
      return baseline.equals(Optional.of(PlatformBaseline.Kind.FIRST_SEEN));
    }
  }

  public record Report(List<ContractReport> contracts, List<Alert> alerts) {
    public Report {
      contracts = List.copyOf(contracts);
      alerts = List.copyOf(alerts);
    }
  }

  private final ContractStateReader reader;
  private final PlatformBaselines baselines;

  public PlatformWatch(ContractStateReader reader, PlatformBaselines baselines) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.baselines = Objects.requireNonNull(baselines, "baselines");
  }

  public Report check(long block, List<WatchedContract> contracts, RuleSettingsLookup settings) {
    List<ContractReport> reports = new ArrayList<>();
    List<PlatformRules.Observation> observations = new ArrayList<>();
    for (ContractStateReader.ContractRead read : reader.readAt(block, contracts)) {
      Optional<ContractState> state = read.state().asOptional();
      if (state.isEmpty()) {
        reports.add(new ContractReport(read.watch(), read.state(), Optional.empty()));
        continue;
      }
      PlatformBaseline.Decision decision = baselines.observe(state.get(), read.watch().expect());
      reports.add(new ContractReport(read.watch(), read.state(), Optional.of(decision.kind())));
      observations.add(
          new PlatformRules.Observation(
              state.get(), decision.compareWith(), read.watch().expect()));
    }
    return new Report(reports, PlatformRules.evaluateAll(observations, settings));
  }
}
