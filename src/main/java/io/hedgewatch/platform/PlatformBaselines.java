package io.hedgewatch.platform;

import io.hedgewatch.domain.ContractState;
import io.hedgewatch.risk.PlatformBaseline;
import io.hedgewatch.risk.PlatformExpectations;
import io.hedgewatch.store.BaselineStore;
import java.util.Objects;

/**
 * Applies {@link PlatformBaseline}'s policy to a {@link BaselineStore}: loads a contract's
 * baseline, decides, and stores only what the policy says (a first observation, or a difference a
 * pin accepts). A change is never stored here, so it keeps firing across cycles and restarts until
 * {@link #accept} is called or the baseline is deleted.
 */
public final class PlatformBaselines {

  private final BaselineStore store;

  public PlatformBaselines(BaselineStore store) {
    this.store = Objects.requireNonNull(store, "store");
  }

  public PlatformBaseline.Decision observe(ContractState now, PlatformExpectations pins) {
    PlatformBaseline.Decision decision =
        PlatformBaseline.decide(
            now, store.baseline(now.subject(), now.chain(), now.address()), pins);
    decision.save().ifPresent(store::saveBaseline);
    return decision;
  }

  /** A person accepted {@code state} (reviewed the upgrade or the new admin): the new baseline. */
  public void accept(ContractState state) {
    store.saveBaseline(PlatformBaseline.accept(state));
  }
}
