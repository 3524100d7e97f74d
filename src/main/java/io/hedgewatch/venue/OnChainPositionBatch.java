package io.hedgewatch.venue;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import java.util.List;

/**
 * One cycle's reads of some positions on an on-chain venue, split like {@link OnChainBatch} into
 * the calls and their decoding, so that a caller can put them into the same {@link
 * ChainReader#readAt} (one Multicall3 eth_call) as its other reads of that chain: append {@link
 * #calls()} to the cycle's call list, run it, and hand this batch exactly its own outcomes, in
 * order.
 */
public interface OnChainPositionBatch {

  /** The calls, in the order {@link #decode} expects their outcomes. */
  List<ContractCall> calls();

  /**
   * One snapshot per position asked for, in the order asked.
   *
   * @param block the block the calls were read at (its timestamp becomes the snapshots' time)
   * @param outcomes one outcome per call of {@link #calls()}, in the same order
   * @throws IllegalArgumentException when the outcomes do not match the calls in number
   */
  List<Read<PositionSnapshot>> decode(BlockRef block, List<CallOutcome> outcomes);
}
