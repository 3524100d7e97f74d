package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.SequencerStatus;
import io.hedgewatch.domain.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code sequencer.grace}: WARNING while the sequencer is up but came back less than {@code period}
 * ago. The boundary follows Chainlink's reference consumer ({@code timeSinceUp <=
 * GRACE_PERIOD_TIME} reverts), so that hedgewatch says "in grace" exactly when such a contract
 * refuses prices: at exactly {@code period} the alert still fires. This is the one rule that fires
 * at its threshold rather than strictly beyond it. {@code value} is the time since the restart and
 * {@code threshold} the period, both in seconds.
 */
public final class SequencerGraceRule {

  public static final String ID = "sequencer.grace";

  private SequencerGraceRule() {}

  /**
   * Whether a valid, up status is still within {@code period} of its restart at {@code blockTime}.
   */
  public static boolean inGrace(SequencerStatus status, Instant blockTime, Duration period) {
    return status.valid()
        && status.up()
        && Duration.between(status.since(), blockTime).compareTo(period) <= 0;
  }

  public static List<Alert> evaluate(
      String chainId, SequencerStatus status, BlockRef block, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    Duration period = settings.duration("period");
    if (!inGrace(status, block.timestamp(), period)) {
      return List.of();
    }
    Instant since = status.since();
    Duration up = Duration.between(since, block.timestamp());
    if (up.isNegative()) {
      up = Duration.ZERO;
    }
    return List.of(
        new Alert(
            ID,
            Severity.WARNING,
            OracleRuleText.chainSubject(chainId),
            "sequencer of chain "
                + chainId
                + " restarted at "
                + since
                + ", "
                + OracleRuleText.duration(up)
                + " before block "
                + block.number()
                + " ("
                + block.timestamp()
                + "), within its "
                + OracleRuleText.duration(period)
                + " grace period, which ends at "
                + since.plus(period)
                + ": on-chain prices may not have caught up",
            OracleRuleText.seconds(up),
            OracleRuleText.seconds(period),
            "wait for the grace period to end before acting on this chain's on-chain prices; check them against"
                + " the reference venues"));
  }
}
