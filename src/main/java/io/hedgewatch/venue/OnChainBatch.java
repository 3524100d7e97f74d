package io.hedgewatch.venue;

import io.hedgewatch.chain.BlockReads;
import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Read;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One cycle's reads of some markets of an on-chain venue, split into the calls and their decoding
 * so that a caller can put them into the same {@link ChainReader#readAt} (one Multicall3 eth_call)
 * as its other reads of that chain: append {@link #calls()} to the cycle's call list, run it, and
 * hand this batch exactly its own outcomes, in order.
 */
public interface OnChainBatch {

  /** The calls, in the order {@link #decode} expects their outcomes. */
  List<ContractCall> calls();

  /**
   * One snapshot per market asked for, in the order asked.
   *
   * @param block the block the calls were read at (its timestamp becomes the snapshots' time)
   * @param outcomes one outcome per call of {@link #calls()}, in the same order
   * @throws IllegalArgumentException when the outcomes do not match the calls in number
   */
  List<Read<MarketSnapshot>> decode(BlockRef block, List<CallOutcome> outcomes);

  /**
   * Reads several batches (of one chain) in one {@link ChainReader#readAt} at {@code block} and
   * decodes each; the result has one list per batch, in order.
   */
  static List<List<Read<MarketSnapshot>>> readAt(
      ChainReader chain, long block, List<OnChainBatch> batches) throws IOException {
    List<ContractCall> calls = new ArrayList<>();
    for (OnChainBatch batch : batches) {
      calls.addAll(batch.calls());
    }
    BlockReads reads = chain.readAt(block, calls);
    List<List<Read<MarketSnapshot>>> result = new ArrayList<>();
    int at = 0;
    for (OnChainBatch batch : batches) {
      int n = batch.calls().size();
      result.add(batch.decode(reads.block(), reads.outcomes().subList(at, at + n)));
      at += n;
    }
    return result;
  }
}
