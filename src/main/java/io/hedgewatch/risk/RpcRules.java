package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.RpcProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code rpc.lag} and {@code rpc.disagreement} for one chain's probe. Pure: the probe's time is the
 * wall clock the head's age is measured against.
 */
public final class RpcRules {

  private RpcRules() {}

  public static List<Alert> evaluate(RpcProbe probe, RuleSettingsLookup settings) {
    return evaluate(probe, settings, Optional.empty());
  }

  /**
   * @param maxHeadAge the chain's own head-age limit for {@code rpc.lag} (see {@link
   *     RpcLagRule#evaluate(RpcProbe, RuleSettings, Optional)})
   */
  public static List<Alert> evaluate(
      RpcProbe probe, RuleSettingsLookup settings, Optional<Duration> maxHeadAge) {
    Objects.requireNonNull(probe, "probe");
    Objects.requireNonNull(settings, "settings");
    List<Alert> alerts = new ArrayList<>();
    alerts.addAll(RpcLagRule.evaluate(probe, settings.forRule(RpcLagRule.ID), maxHeadAge));
    alerts.addAll(RpcDisagreementRule.evaluate(probe, settings.forRule(RpcDisagreementRule.ID)));
    return List.copyOf(alerts);
  }

  /**
   * The depths below the best head at which the prober fetches block hashes; none when {@code
   * rpc.disagreement} is off.
   */
  public static List<Integer> comparisonDepths(RuleSettingsLookup settings) {
    return RpcDisagreementRule.comparisonDepths(settings.forRule(RpcDisagreementRule.ID));
  }
}
