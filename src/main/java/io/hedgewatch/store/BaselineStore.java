package io.hedgewatch.store;

import io.hedgewatch.domain.ContractState;
import java.util.Optional;

/**
 * The platform baselines: the last accepted state of every watched contract, kept across restarts
 * so that an upgrade done while hedgewatch was stopped is still flagged at the next start.
 */
public interface BaselineStore {

  /**
   * The baseline of {@code subject} on {@code chain} at {@code address}, if one was ever stored.
   */
  Optional<ContractState> baseline(String subject, String chain, String address);

  /** Stores (or replaces) the baseline for the state's (subject, chain, address). */
  void saveBaseline(ContractState state);
}
