package io.hedgewatch.oracle;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.SequencerStatus;

/** The L2 sequencer uptime feed: AggregatorV3Interface with answer 0 = up, 1 = down. */
public final class SequencerAbi {

  private SequencerAbi() {}

  public static Read<SequencerStatus> decode(CallOutcome outcome, String target) {
    return ChainlinkAbi.decodeRound(outcome, target)
        .map(r -> new SequencerStatus(r.answer(), r.startedAt(), r.updatedAt(), r.roundId()));
  }
}
