package io.hedgewatch.monitor;

import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.SequencerStatus;
import java.util.Optional;

/**
 * What a check learnt about one chain.
 *
 * @param block the block the cycle was pinned to; empty when the chain could not be read
 * @param error why the chain could not be read, for the user
 * @param readMode "multicall3" or "json-rpc batch"
 * @param rpcCalls JSON-RPC calls the cycle itself made (block number plus reads), setup excluded
 */
public record ChainStatus(
    String id,
    long chainId,
    Optional<BlockRef> block,
    Optional<Read<SequencerStatus>> sequencer,
    Optional<String> error,
    String readMode,
    long httpRequests,
    long rpcCalls) {}
