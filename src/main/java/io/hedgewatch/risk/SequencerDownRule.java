package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.SequencerStatus;
import io.hedgewatch.domain.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code sequencer.down}: CRITICAL while the L2 sequencer uptime feed answers 1 (down); UNKNOWN
 * when its status round is invalid ({@code startedAt} 0, or an answer other than 0 or 1), since
 * then nothing can be said. {@code value} is how long the sequencer has been down at the block, in
 * seconds; {@code threshold} is null (any downtime counts).
 */
public final class SequencerDownRule {

  public static final String ID = "sequencer.down";

  private SequencerDownRule() {}

  public static List<Alert> evaluate(
      String chainId, SequencerStatus status, BlockRef block, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    String subject = OracleRuleText.chainSubject(chainId);
    if (!status.valid()) {
      return List.of(
          new Alert(
              ID,
              Severity.UNKNOWN,
              subject,
              "sequencer uptime feed of chain "
                  + chainId
                  + " has no valid status round at block "
                  + block.number()
                  + " (answer "
                  + status.answer()
                  + ", startedAt "
                  + status.startedAt()
                  + "): hedgewatch cannot tell whether the sequencer is up",
              null,
              null,
              "check the chain's sequencerUptimeFeed address against Chainlink's L2 sequencer feed list"));
    }
    if (!status.down()) {
      return List.of();
    }
    Instant since = status.since();
    Duration down = Duration.between(since, block.timestamp());
    if (down.isNegative()) {
      down = Duration.ZERO;
    }
    return List.of(
        new Alert(
            ID,
            Severity.CRITICAL,
            subject,
            "sequencer of chain "
                + chainId
                + " is down since "
                + since
                + ": "
                + OracleRuleText.duration(down)
                + " at block "
                + block.number()
                + " ("
                + block.timestamp()
                + "); transactions are queued and on-chain prices may be stale",
            OracleRuleText.seconds(down),
            null,
            "do not trade or rebalance on this chain; hedge through other venues and keep collateral ready for"
                + " the restart, when queued liquidations may execute at once"));
  }
}
