package io.hedgewatch.risk;

import io.hedgewatch.domain.ContractState;
import java.util.Locale;
import java.util.Optional;

/** Shared wording of the platform rules. */
final class PlatformRuleText {

  private PlatformRuleText() {}

  /** Equal as addresses or hashes: case-insensitive, and both absent counts as equal. */
  static boolean same(Optional<String> a, Optional<String> b) {
    return a.map(PlatformRuleText::lower).equals(b.map(PlatformRuleText::lower));
  }

  static String lower(String hex) {
    return hex.toLowerCase(Locale.ROOT);
  }

  /** "contract:pyth 0xff1a... on arbitrum: ", the start of every platform message. */
  static String lead(ContractState state) {
    return state.subject() + " " + lower(state.address()) + " on " + state.chain() + ": ";
  }

  /** An optional address for a message: the address, or what its absence means. */
  static String address(Optional<String> value, String absent) {
    return value.map(PlatformRuleText::lower).orElse(absent);
  }

  /** "(baseline from block 12 at 2026-...Z)": which observation a change is measured from. */
  static String since(ContractState baseline) {
    return " (baseline from block " + baseline.block() + " at " + baseline.at() + ")";
  }

  /**
   * Merges a rule's findings into its one alert, naming the baseline once at the end when some
   * finding was measured from it.
   */
  static java.util.List<io.hedgewatch.domain.Alert> merge(
      String rule,
      ContractState now,
      java.util.List<OracleRuleText.Finding> findings,
      java.util.Optional<ContractState> measuredFrom) {
    java.util.List<io.hedgewatch.domain.Alert> alerts =
        OracleRuleText.merge(rule, now.subject(), lead(now), findings);
    if (measuredFrom.isEmpty()) {
      return alerts;
    }
    return alerts.stream()
        .map(a -> a.withMessage(a.message() + since(measuredFrom.get())))
        .toList();
  }
}
