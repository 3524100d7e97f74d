package io.hedgewatch.venue;

import io.hedgewatch.chain.BlockReads;
import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.domain.BlockRef;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/** Return data, reverts and a chain that must not be touched, for the on-chain decoder tests. */
final class OnChainTesting {

  static final BlockRef BLOCK = new BlockRef(1234, Instant.parse("2026-01-02T03:04:05Z"));

  private OnChainTesting() {}

  static CallOutcome ok(String... words) {
    return new CallOutcome.Success("0x" + String.join("", words));
  }

  static CallOutcome reverted(String data) {
    return new CallOutcome.Reverted(data);
  }

  static String uint(String decimal) {
    return AbiWords.uintWord(new BigInteger(decimal));
  }

  static String uint(long value) {
    return AbiWords.uintWord(value);
  }

  static String int256(String decimal) {
    return AbiWords.intWord(new BigInteger(decimal));
  }

  static String bool(boolean value) {
    return AbiWords.boolWord(value);
  }

  static String address(String address) {
    return AbiWords.addressWord(address);
  }

  /** A D18 word of a decimal, e.g. {@code d18("0.001")}. */
  static String d18(String decimal) {
    return AbiWords.intWord(
        new java.math.BigDecimal(decimal).movePointRight(18).toBigIntegerExact());
  }

  /**
   * A chain for readers whose batches are decoded by hand: any call is a test bug (subclasses
   * script the reads they expect).
   */
  static class NoChain implements ChainReader {
    @Override
    public String chain() {
      return "none";
    }

    @Override
    public long chainId() {
      throw new UnsupportedOperationException();
    }

    @Override
    public long blockNumber() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String code(String address, long block) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String storageAt(String address, String slot, long block) {
      throw new UnsupportedOperationException();
    }

    @Override
    public BlockReads readAt(long block, List<ContractCall> calls) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String mode() {
      return "none";
    }

    @Override
    public void close() {}
  }
}
