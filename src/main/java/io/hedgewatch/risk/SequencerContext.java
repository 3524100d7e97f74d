package io.hedgewatch.risk;

import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.SequencerStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A chain's sequencer state as its feeds' alerts should mention it: while the sequencer is down or
 * in its grace period, on-chain prices may be stale, and every feed alert of the chain says so.
 *
 * @param since when the status last changed ({@code startedAt} of the uptime feed)
 */
public record SequencerContext(String chainId, State state, Instant since) {

  public enum State {
    /** Up and past the grace period. */
    UP,
    /** Up, but restarted no more than the grace period ago. */
    GRACE,
    DOWN,
    /** The uptime feed has no valid status round. */
    UNKNOWN
  }

  public SequencerContext {
    Objects.requireNonNull(chainId, "chainId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(since, "since");
  }

  /**
   * The context of {@code status} at {@code block}; {@code gracePeriod} is {@code
   * sequencer.grace}'s period.
   */
  public static SequencerContext of(
      String chainId, SequencerStatus status, BlockRef block, Duration gracePeriod) {
    State state;
    if (!status.valid()) {
      state = State.UNKNOWN;
    } else if (status.down()) {
      state = State.DOWN;
    } else if (SequencerGraceRule.inGrace(status, block.timestamp(), gracePeriod)) {
      state = State.GRACE;
    } else {
      state = State.UP;
    }
    return new SequencerContext(chainId, state, status.since());
  }

  /**
   * Whether the chain's on-chain prices are suspect: the sequencer is down or within its grace
   * period.
   */
  public boolean pricesSuspect() {
    return state == State.DOWN || state == State.GRACE;
  }

  /** What to append to every alert of the chain's feeds, if anything. */
  public Optional<String> messageSuffix() {
    switch (state) {
      case DOWN:
        return Optional.of("; sequencer down since " + since + ": on-chain prices may be stale");
      case GRACE:
        return Optional.of("; sequencer restarted at " + since + ", within its grace period");
      default:
        return Optional.empty();
    }
  }
}
