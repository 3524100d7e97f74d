package io.hedgewatch.domain;

/**
 * Why one on-chain read produced no value. Expected failures are values, so the rules can reason
 * about them (a reverting feed is a finding about the feed, not a crash of the cycle).
 */
public sealed interface ReadFailure {

  /** One line a person understands. */
  String describe();

  /**
   * The call reverted. {@code reason} is the decoded reason ({@code Error(string)} text or a known
   * custom error such as {@code StalePrice()}), {@code data} the raw revert data in hex.
   */
  record Reverted(String reason, String data) implements ReadFailure {
    @Override
    public String describe() {
      return "reverted: " + reason;
    }
  }

  /**
   * The call succeeded but returned data that does not decode as the expected ABI type (short,
   * garbage, wrong shape).
   */
  record Malformed(String detail) implements ReadFailure {
    @Override
    public String describe() {
      return "malformed return data: " + detail;
    }
  }

  /**
   * The call returned nothing at all: usually no contract at the address (an EOA or a wrong
   * address).
   */
  record NoCode(String address) implements ReadFailure {
    @Override
    public String describe() {
      return "no contract code at " + address + " (empty return data)";
    }
  }

  /** The transport failed for this read (every RPC endpoint failed, timeout, JSON-RPC error). */
  record Unavailable(String detail) implements ReadFailure {
    @Override
    public String describe() {
      return "unavailable: " + detail;
    }
  }
}
