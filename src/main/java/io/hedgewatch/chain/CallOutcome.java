package io.hedgewatch.chain;

/** What one {@link ContractCall} gave at the pinned block. */
public sealed interface CallOutcome {

  /**
   * The call returned; {@code data} is 0x hex, possibly just {@code 0x} (no code at the target).
   */
  record Success(String data) implements CallOutcome {}

  /** The call reverted with {@code data} (0x hex revert data, possibly {@code 0x}). */
  record Reverted(String data) implements CallOutcome {}

  /** The transport could not get an answer for this call. */
  record Failed(String reason) implements CallOutcome {}
}
