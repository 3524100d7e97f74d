package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import java.util.List;
import java.util.Optional;

/**
 * {@code oracle.stale} on {@code market:ID}: the venue cannot price the market because its own
 * oracle is stale or unreadable (Synthetix v3 reverts its price views with {@code
 * OracleDataRequired} when the on-chain Pyth price is older than its tolerance). That is a stale
 * oracle on the market, not the venue being down, so it is not {@code platform.paused}. WARNING,
 * with the venue's words; {@code value} and {@code threshold} are null, since the venue reports no
 * age. Only {@code oracle.stale}'s {@code enabled} applies: its heartbeat parameters are about
 * feeds.
 */
public final class MarketOracleStaleRule {

  public static final String ID = OracleStaleRule.ID;

  private MarketOracleStaleRule() {}

  public static List<Alert> evaluate(
      String marketId, Optional<String> oracleProblem, RuleSettings settings) {
    if (!settings.enabled() || oracleProblem.isEmpty()) {
      return List.of();
    }
    return List.of(
        new Alert(
            ID,
            Severity.WARNING,
            MarketRuleText.marketSubject(marketId),
            "the venue cannot price market "
                + marketId
                + ": its oracle is stale or unreadable ("
                + oracleProblem.get()
                + "); prices that depend on it (mark, index, margins) are missing until the"
                + " oracle is updated",
            null,
            null,
            "judge the hedge against the reference venues meanwhile; orders and liquidations that"
                + " need a fresh price wait for the next oracle update"));
  }
}
