package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.ContractState;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.OracleRuleText.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code platform.admin-changed}: the EIP-1967 admin slot or {@code owner()} differs from its pin
 * ({@code expectAdmin}, {@code expectOwner}) or, without one, from the baseline. An owner that
 * appears, disappears ({@code owner()} starts or stops answering) or becomes the zero address
 * (renounced) is a change too. Both causes go into one alert.
 *
 * <p>WARNING: a new admin or owner moves no funds by itself; it changes who can upgrade, pause or
 * reconfigure. That is also the first step of a takeover, so it is worth a person's look, and the
 * upgrade that could follow is CRITICAL under {@code platform.upgraded}. No scalar: {@code value}
 * and {@code threshold} are null.
 */
public final class PlatformAdminChangedRule {

  public static final String ID = "platform.admin-changed";

  static final String ACTION =
      "verify that the new admin or owner is the protocol's announced multisig or timelock; an"
          + " unknown account can upgrade or reconfigure the contract, so consider reducing"
          + " exposure until it is explained; accept it by pinning expectAdmin/expectOwner or by"
          + " deleting the contract's baseline";

  private PlatformAdminChangedRule() {}

  public static List<Alert> evaluate(
      ContractState now,
      Optional<ContractState> baseline,
      PlatformExpectations pins,
      RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    boolean fromBaseline =
        role(
            "admin",
            "expectAdmin",
            now.admin(),
            baseline.map(ContractState::admin),
            pins.admin(),
            findings);
    fromBaseline |=
        role(
            "owner()",
            "expectOwner",
            now.owner(),
            baseline.map(ContractState::owner),
            pins.owner(),
            findings);
    return PlatformRuleText.merge(ID, now, findings, fromBaseline ? baseline : Optional.empty());
  }

  /** Adds the role's finding; true when it was measured from the baseline. */
  private static boolean role(
      String role,
      String pinKey,
      Optional<String> now,
      Optional<Optional<String>> before,
      Optional<String> pin,
      List<Finding> findings) {
    if (pin.isPresent()) {
      if (!PlatformRuleText.same(now, pin)) {
        findings.add(
            finding(
                role + " is " + describe(now) + " but config pins " + pinKey + " " + pin.get()));
      }
    } else if (before.isPresent() && !PlatformRuleText.same(now, before.get())) {
      findings.add(
          finding(role + " changed from " + describe(before.get()) + " to " + describe(now)));
      return true;
    }
    return false;
  }

  private static String describe(Optional<String> address) {
    if (address.isPresent() && OracleRuleText.isZeroAddress(address.get())) {
      return address.get() + " (renounced: nobody)";
    }
    return PlatformRuleText.address(address, "none");
  }

  private static Finding finding(String message) {
    return new Finding(Severity.WARNING, message, null, null, ACTION);
  }
}
