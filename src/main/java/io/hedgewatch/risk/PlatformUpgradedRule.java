package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.ContractState;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.OracleRuleText.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code platform.upgraded}: the contract's implementation (EIP-1967 slot, Synthetix's proxy slot,
 * or a beacon's {@code implementation()}) differs from the pinned {@code expectImplementation} or,
 * without a pin, from the baseline; or its EIP-1967 beacon differs from the baseline.
 *
 * <p>CRITICAL, always: an upgrade replaces every line of logic that guards the margin held there
 * (withdrawals, liquidations, price reads) in one transaction, and an unexpected one is how a
 * compromised admin key drains a protocol. Hedgewatch cannot tell a routine release from that, so
 * it says so loudly once, and keeps saying it until a person accepts the new implementation. No
 * scalar: {@code value} and {@code threshold} are null.
 */
public final class PlatformUpgradedRule {

  public static final String ID = "platform.upgraded";

  static final String ACTION =
      "check the new implementation (verified source, audit, the protocol's announcement) before"
          + " adding margin there; once trusted, accept it: pin it as expectImplementation or"
          + " delete the contract's baseline so that the next observation becomes the baseline";

  private PlatformUpgradedRule() {}

  public static List<Alert> evaluate(
      ContractState now,
      Optional<ContractState> baseline,
      PlatformExpectations pins,
      RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    boolean fromBaseline = false;
    if (pins.implementation().isPresent()) {
      if (!PlatformRuleText.same(now.implementation(), pins.implementation())) {
        findings.add(
            finding(
                "implementation is "
                    + PlatformRuleText.address(now.implementation(), "none (the slot is empty)")
                    + " but config pins expectImplementation "
                    + pins.implementation().get()));
      }
    } else if (baseline.isPresent()
        && !PlatformRuleText.same(now.implementation(), baseline.get().implementation())) {
      findings.add(
          finding(
              "implementation changed from "
                  + PlatformRuleText.address(baseline.get().implementation(), "none")
                  + " to "
                  + PlatformRuleText.address(now.implementation(), "none (the slot is empty)")));
      fromBaseline = true;
    }
    if (baseline.isPresent() && !PlatformRuleText.same(now.beacon(), baseline.get().beacon())) {
      findings.add(
          finding(
              "beacon changed from "
                  + PlatformRuleText.address(baseline.get().beacon(), "none")
                  + " to "
                  + PlatformRuleText.address(now.beacon(), "none")));
      fromBaseline = true;
    }
    return PlatformRuleText.merge(ID, now, findings, fromBaseline ? baseline : Optional.empty());
  }

  private static Finding finding(String message) {
    return new Finding(Severity.CRITICAL, message, null, null, ACTION);
  }
}
