package io.hedgewatch.chain;

import java.io.IOException;
import java.util.List;

/**
 * Read access to one chain; implementations decide how a list of calls travels (Multicall3 or a
 * JSON-RPC batch).
 */
public interface ChainReader extends AutoCloseable {

  String chain();

  long chainId() throws IOException;

  long blockNumber() throws IOException;

  /** Runtime code at an address at a block, 0x hex ({@code 0x} when none). */
  String code(String address, long block) throws IOException;

  /** Raw storage word at a slot, 0x hex of 32 bytes. */
  String storageAt(String address, String slot, long block) throws IOException;

  /**
   * Runs every call at {@code block} and returns the block's number and timestamp with one outcome
   * per call. A revert or malformed return of one call is that call's outcome, never an exception;
   * an exception means the chain could not be read at all.
   */
  BlockReads readAt(long block, List<ContractCall> calls) throws IOException;

  /** How calls travel: "multicall3" or "json-rpc batch". */
  String mode();

  @Override
  void close();
}
