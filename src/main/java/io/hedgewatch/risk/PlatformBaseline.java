package io.hedgewatch.risk;

import io.hedgewatch.domain.ContractState;
import java.util.Objects;
import java.util.Optional;

/**
 * How a watched contract's baseline evolves. Pure: the caller loads the stored baseline, asks for a
 * {@link Decision}, saves what it says and evaluates the rules against {@link
 * Decision#compareWith()}.
 *
 * <ul>
 *   <li>The first observation of a contract (no stored baseline) becomes its baseline and raises
 *       nothing ({@link Kind#FIRST_SEEN}); only a pin can fire on it.
 *   <li>A change is never written over the baseline: the alert stays, in {@code check} and {@code
 *       run} alike, until the state goes back to the baseline or the user accepts the new state.
 *   <li>Accepting: {@link #accept(ContractState)} (what a later CLI/API "accept" calls; today:
 *       delete the contract's baseline row, and the next observation is first-seen), or pinning the
 *       new value in config ({@code expectImplementation}, {@code expectAdmin}, {@code
 *       expectOwner}): a field that matches its pin is taken into the baseline, so removing the pin
 *       later does not raise the change again.
 * </ul>
 */
public final class PlatformBaseline {

  public enum Kind {
    /** No baseline was stored: this observation is the baseline now. */
    FIRST_SEEN,
    /** Same implementation, beacon, admin, owner and code as the baseline. */
    UNCHANGED,
    /** Something differs from the baseline that no pin accepts: the rules fire. */
    CHANGED,
    /** Every difference from the baseline matches a pin: the observation is the baseline now. */
    ACCEPTED_BY_PIN
  }

  /**
   * @param compareWith the baseline the rules compare the observation with; empty for a first
   *     observation
   * @param save what to store as the baseline, when it changes
   */
  public record Decision(
      Kind kind, Optional<ContractState> compareWith, Optional<ContractState> save) {
    public Decision {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(compareWith, "compareWith");
      Objects.requireNonNull(save, "save");
    }
  }

  private PlatformBaseline() {}

  public static Decision decide(
      ContractState now, Optional<ContractState> stored, PlatformExpectations pins) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(pins, "pins");
    if (stored.isEmpty()) {
      return new Decision(Kind.FIRST_SEEN, Optional.empty(), Optional.of(now));
    }
    ContractState before = stored.get();
    if (sameControlSurface(now, before)) {
      return new Decision(Kind.UNCHANGED, stored, Optional.empty());
    }
    ContractState adopted = adoptPinned(now, before, pins);
    if (sameControlSurface(now, adopted)) {
      return new Decision(Kind.ACCEPTED_BY_PIN, Optional.of(now), Optional.of(now));
    }
    Optional<ContractState> save =
        sameControlSurface(adopted, before) ? Optional.empty() : Optional.of(adopted);
    return new Decision(Kind.CHANGED, Optional.of(adopted), save);
  }

  /**
   * The baseline that accepting {@code state} stores: the state itself. Accepting is a person's
   * decision (they reviewed the upgrade); nothing in hedgewatch calls it on its own.
   */
  public static ContractState accept(ContractState state) {
    return Objects.requireNonNull(state, "state");
  }

  /**
   * Whether two observations show the same implementation, beacon, admin, owner and code hash
   * (addresses compared case-insensitively); the block and time they were seen at do not count.
   */
  public static boolean sameControlSurface(ContractState a, ContractState b) {
    return PlatformRuleText.same(a.implementation(), b.implementation())
        && PlatformRuleText.same(a.beacon(), b.beacon())
        && PlatformRuleText.same(a.admin(), b.admin())
        && PlatformRuleText.same(a.owner(), b.owner())
        && PlatformRuleText.same(a.codeHash(), b.codeHash());
  }

  /** The baseline with every field that {@code now} has at its pinned value taken from now. */
  private static ContractState adoptPinned(
      ContractState now, ContractState before, PlatformExpectations pins) {
    return new ContractState(
        before.subject(),
        before.chain(),
        before.address(),
        before.block(),
        before.at(),
        matchesPin(now.implementation(), pins.implementation())
            ? now.implementation()
            : before.implementation(),
        before.beacon(),
        matchesPin(now.admin(), pins.admin()) ? now.admin() : before.admin(),
        matchesPin(now.owner(), pins.owner()) ? now.owner() : before.owner(),
        before.codeHash());
  }

  private static boolean matchesPin(Optional<String> value, Optional<String> pin) {
    return pin.isPresent() && PlatformRuleText.same(value, pin);
  }
}
