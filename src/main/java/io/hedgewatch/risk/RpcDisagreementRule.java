package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.RpcProbe;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.OracleRuleText.Finding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * {@code rpc.disagreement} on {@code chain:ID}: the chain's RPC endpoints, asked separately, do not
 * describe the same chain.
 *
 * <ul>
 *   <li>Two live endpoints give different block hashes at the height {@code reorgDepth} blocks
 *       below the best head: WARNING. Only the newest {@code reorgDepth} blocks may legitimately
 *       differ (a reorganisation in flight), so a difference at that height is strictly beyond it.
 *   <li>They also differ {@code criticalDepth} blocks below the best head (at genesis on a shorter
 *       chain): CRITICAL; no reorganisation goes that deep, so one endpoint follows another fork or
 *       another network.
 *   <li>An endpoint reports another chain id than the config: CRITICAL (value and threshold null).
 * </ul>
 *
 * Both heights are lowered to the lowest live head so that every endpoint has the block (see {@link
 * RpcProbe#comparisonHeight(int)}). {@code value} is how many blocks below the best head the
 * deepest difference is, {@code threshold} the depth parameter it is judged by. An endpoint that is
 * down, or lacks the block, is not compared and never counts as disagreeing. All findings merge
 * into one alert.
 */
public final class RpcDisagreementRule {

  public static final String ID = "rpc.disagreement";

  private static final String FORK_ACTION =
      "find out which endpoint is on the wrong fork (compare with a block explorer) and remove it"
          + " from rpcUrls: reads that fail over to it see another state";
  private static final String CHAIN_ACTION =
      "fix rpcUrls: this endpoint serves another network, and reads that fail over to it would"
          + " come from there";

  private RpcDisagreementRule() {}

  /** The depths below the best head where the prober must fetch block hashes for this rule. */
  public static List<Integer> comparisonDepths(RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    return List.of(settings.count("reorgDepth"), settings.count("criticalDepth"));
  }

  public static List<Alert> evaluate(RpcProbe probe, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    for (RpcProbe.Up other : probe.onOtherChain()) {
      findings.add(
          new Finding(
              Severity.CRITICAL,
              other.label()
                  + " serves chain id "
                  + other.chainId()
                  + " but the config says "
                  + probe.expectedChainId(),
              null,
              null,
              CHAIN_ACTION));
    }
    if (probe.live().size() >= 2) {
      int reorgDepth = settings.count("reorgDepth");
      int criticalDepth = settings.count("criticalDepth");
      long best = probe.best().orElseThrow().head();
      OptionalLong criticalHeight = probe.comparisonHeight(criticalDepth);
      OptionalLong warnHeight = probe.comparisonHeight(reorgDepth);
      boolean criticalFound = false;
      if (criticalHeight.isPresent()) {
        Finding f =
            compare(probe, criticalHeight.getAsLong(), best, criticalDepth, Severity.CRITICAL);
        if (f != null) {
          findings.add(f);
          criticalFound = true;
        }
      }
      if (!criticalFound
          && warnHeight.isPresent()
          && (criticalHeight.isEmpty() || warnHeight.getAsLong() != criticalHeight.getAsLong())) {
        Finding f = compare(probe, warnHeight.getAsLong(), best, reorgDepth, Severity.WARNING);
        if (f != null) {
          findings.add(f);
        }
      }
    }
    List<Alert> alerts =
        OracleRuleText.merge(
            ID,
            OracleRuleText.chainSubject(probe.chain()),
            "chain " + probe.chain() + ": ",
            findings);
    return RpcLagRule.withDownNote(alerts, probe);
  }

  private static Finding compare(
      RpcProbe probe, long height, long best, int depthParam, Severity severity) {
    Map<String, String> hashes = probe.hashesAt(height);
    Map<String, List<String>> byHash = new LinkedHashMap<>();
    hashes.forEach(
        (label, hash) -> byHash.computeIfAbsent(hash, h -> new ArrayList<>()).add(label));
    if (byHash.size() < 2) {
      return null;
    }
    List<String> groups = new ArrayList<>();
    byHash.forEach(
        (hash, labels) ->
            groups.add(
                String.join(" and ", labels) + (labels.size() == 1 ? " has " : " have ") + hash));
    long depth = best - height;
    return new Finding(
        severity,
        "endpoints disagree on block "
            + height
            + " ("
            + depth
            + " below the best head "
            + best
            + (severity == Severity.CRITICAL
                ? ", at least the critical depth of "
                    + depthParam
                    + ": no reorganisation goes so deep"
                : "; a reorganisation of up to " + depthParam + " blocks would not reach it")
            + "): "
            + String.join(", ", groups),
        (double) depth,
        (double) depthParam,
        FORK_ACTION);
  }
}
