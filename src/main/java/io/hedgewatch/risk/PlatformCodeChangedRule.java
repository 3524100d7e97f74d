package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.ContractState;
import io.hedgewatch.domain.Severity;
import java.util.List;
import java.util.Optional;

/**
 * {@code platform.code-changed}: the keccak-256 of the contract's runtime code differs from the
 * baseline's.
 *
 * <ul>
 *   <li>Code gone (selfdestruct, or a state override on a devnet): CRITICAL. Whatever was held
 *       there may be lost.
 *   <li>Different code at the same address: CRITICAL. Without a proxy upgrade this takes a
 *       selfdestruct and a CREATE2 redeploy (a metamorphic contract), the pattern of an attack, not
 *       of a release.
 *   <li>Code where the baseline had none (the address was watched before it was deployed): WARNING,
 *       to check that what was deployed is what was expected.
 * </ul>
 *
 * A proxy upgrade leaves the proxy's own code unchanged: {@code platform.upgraded} reports it. No
 * scalar: {@code value} and {@code threshold} are null.
 */
public final class PlatformCodeChangedRule {

  public static final String ID = "platform.code-changed";

  private static final String GONE_ACTION =
      "the contract no longer exists: stop sending funds there and check the protocol's status"
          + " and your positions on it now";
  private static final String REPLACED_ACTION =
      "the code at this address was replaced without a proxy upgrade: treat the contract as"
          + " compromised until the protocol explains it, and reduce exposure; accept the new code"
          + " by deleting the contract's baseline";
  private static final String APPEARED_ACTION =
      "check that the contract deployed at this address is the one you meant to watch (verified"
          + " source); accept it by deleting the contract's baseline";

  private PlatformCodeChangedRule() {}

  public static List<Alert> evaluate(
      ContractState now, Optional<ContractState> baseline, RuleSettings settings) {
    if (!settings.enabled() || baseline.isEmpty()) {
      return List.of();
    }
    ContractState before = baseline.get();
    if (PlatformRuleText.same(now.codeHash(), before.codeHash())) {
      return List.of();
    }
    Severity severity;
    String message;
    String action;
    if (now.codeHash().isEmpty()) {
      severity = Severity.CRITICAL;
      message =
          "the contract's code is gone (selfdestructed), its code hash was "
              + before.codeHash().get();
      action = GONE_ACTION;
    } else if (before.codeHash().isEmpty()) {
      severity = Severity.WARNING;
      message = "code appeared where there was none, code hash " + now.codeHash().get();
      action = APPEARED_ACTION;
    } else {
      severity = Severity.CRITICAL;
      message =
          "the contract's code changed: code hash "
              + before.codeHash().get()
              + " is now "
              + now.codeHash().get();
      action = REPLACED_ACTION;
    }
    return List.of(
        new Alert(
            ID,
            severity,
            now.subject(),
            PlatformRuleText.lead(now) + message + PlatformRuleText.since(before),
            null,
            null,
            action));
  }
}
