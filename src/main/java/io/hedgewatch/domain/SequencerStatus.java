package io.hedgewatch.domain;

import java.math.BigInteger;
import java.time.Instant;

/**
 * An L2 sequencer uptime feed's latest round: {@code answer} 0 = up, 1 = down; {@code startedAt} =
 * when the status last changed (0 when the round is invalid).
 */
public record SequencerStatus(
    BigInteger answer, BigInteger startedAt, BigInteger updatedAt, BigInteger roundId) {

  public boolean up() {
    return answer.signum() == 0;
  }

  public boolean down() {
    return answer.equals(BigInteger.ONE);
  }

  /** False when startedAt is 0: the feed has no valid status round yet. */
  public boolean valid() {
    return startedAt.signum() > 0 && (answer.signum() == 0 || answer.equals(BigInteger.ONE));
  }

  /**
   * When the status last changed; clamped into Instant's range so that garbage from a node cannot
   * throw here.
   */
  public Instant since() {
    BigInteger max = BigInteger.valueOf(Instant.MAX.getEpochSecond());
    return Instant.ofEpochSecond(startedAt.min(max).max(BigInteger.ZERO).longValue());
  }
}
