package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.Severity;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code platform.paused} for a market: the venue restricts trading on it. CRITICAL when the market
 * is paused, disabled or delisted (a hedge on it cannot be adjusted at all), WARNING when it is
 * only reduce-only (it can be cut, not grown). The message names every flag and the venue's reason.
 * These are facts: {@code value} and {@code threshold} are null.
 *
 * <p>A market whose prices are missing because the venue cannot read its own oracle is not reported
 * here; see {@link MarketOracleStaleRule}.
 */
public final class PlatformPausedRule {

  public static final String ID = "platform.paused";

  private PlatformPausedRule() {}

  public static List<Alert> evaluate(String marketId, MarketStatus status, RuleSettings settings) {
    if (!settings.enabled() || !status.restricted()) {
      return List.of();
    }
    List<String> flags = new ArrayList<>();
    if (status.paused()) {
      flags.add("paused");
    }
    if (status.disabled()) {
      flags.add("disabled");
    }
    if (status.delisted()) {
      flags.add("delisted");
    }
    if (status.reduceOnly()) {
      flags.add("reduce-only");
    }
    boolean halted = status.paused() || status.disabled() || status.delisted();
    Severity severity = halted ? Severity.CRITICAL : Severity.WARNING;
    String message =
        "market "
            + marketId
            + " is "
            + String.join(" and ", flags)
            + " on its venue"
            + status.reason().map(r -> ": " + r).orElse(" (the venue gives no reason)")
            + (halted
                ? "; positions on it can neither be opened, increased nor closed normally"
                : "; positions on it can be reduced or closed, not opened or increased");
    String action =
        halted
            ? "a hedge on this market is frozen: hedge the exposure on another venue now, keep"
                + " its margin topped up, and follow the venue's announcements for the reopening or"
                + " settlement price"
            : "a hedge on this market can only shrink: plan any increase on another venue, and"
                + " check the venue's announcements in case a delisting follows";
    return List.of(
        new Alert(
            ID, severity, MarketRuleText.marketSubject(marketId), message, null, null, action));
  }
}
