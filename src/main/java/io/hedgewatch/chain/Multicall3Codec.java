package io.hedgewatch.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

/**
 * ABI of Multicall3's {@code aggregate3} and {@code getCurrentBlockTimestamp}: aggregate3's calls
 * encoded and its results decoded by hand (see {@link #encodeAggregate3}, {@link
 * #decodeAggregate3}).
 */
public final class Multicall3Codec {

  private Multicall3Codec() {}

  /** {@code aggregate3((address,bool,bytes)[])}. */
  static final String AGGREGATE3_SELECTOR = "82ad56cb";

  /**
   * aggregate3 with {@code allowFailure = true} on every call, so one revert never fails the
   * others.
   *
   * <p>Written by hand over the ABI layout (the mirror of {@link #decodeAggregate3}) rather than
   * through web3j's reflective struct encoder, which at a thousand feeds spent more time on each
   * cycle's 5,000 calls than the node did answering them. The layout: the array's offset, its
   * length, one offset per call (from the start of those offsets), and per call the target, {@code
   * true}, the offset of its data from the call's start (always three words) and the data, its
   * length then its bytes padded to a word.
   */
  public static String encodeAggregate3(List<ContractCall> calls) {
    int n = calls.size();
    String[] data = new String[n];
    int[] words = new int[n];
    int size = 0;
    for (int i = 0; i < n; i++) {
      ContractCall call = calls.get(i);
      data[i] = hexBody(call.callData(), "call data of call " + i);
      if (data[i].length() % 2 != 0) {
        throw new IllegalArgumentException(
            "call data of call " + i + " is an odd number of hex digits");
      }
      int dataWords = (data[i].length() / 2 + 31) / 32;
      words[i] = 4 + dataWords;
      size += words[i];
    }
    StringBuilder hex = new StringBuilder(2 + 8 + 64 * (2 + n + size));
    hex.append("0x").append(AGGREGATE3_SELECTOR);
    word(hex, 0x20);
    word(hex, n);
    long offset = 32L * n;
    for (int i = 0; i < n; i++) {
      word(hex, offset);
      offset += 32L * words[i];
    }
    for (int i = 0; i < n; i++) {
      String target = hexBody(calls.get(i).target(), "target of call " + i);
      if (target.length() != 40) {
        throw new IllegalArgumentException("target of call " + i + " is not a 20-byte address");
      }
      hex.append("000000000000000000000000").append(target);
      word(hex, 1);
      word(hex, 0x60);
      word(hex, data[i].length() / 2);
      hex.append(data[i]);
      int pad = (64 - data[i].length() % 64) % 64;
      for (int z = 0; z < pad; z++) {
        hex.append('0');
      }
    }
    return hex.toString();
  }

  private static String hexBody(String hex, String what) {
    String body = Numeric.cleanHexPrefix(hex).toLowerCase(Locale.ROOT);
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
        throw new IllegalArgumentException(what + " is not hex: " + hex);
      }
    }
    return body;
  }

  private static void word(StringBuilder hex, long value) {
    String digits = Long.toHexString(value);
    for (int z = digits.length(); z < 64; z++) {
      hex.append('0');
    }
    hex.append(digits);
  }

  /**
   * Decodes aggregate3's {@code Result[]}; throws {@link MalformedReturnException} when the data is
   * not a well-formed array of {@code expected} results.
   *
   * <p>Read by hand over the fixed ABI layout rather than through web3j's reflective decoder, which
   * cost more than the node's reply at a thousand feeds: the array's offset, then its length and
   * one offset per result (from the start of those offsets), each result a {@code bool} word and an
   * offset (from the result's start) to its {@code bytes}, a length word and the bytes. Every
   * offset and length is checked against the data before it is used, so a hostile reply cannot make
   * the reader allocate or index beyond what it sent.
   */
  public static List<CallOutcome> decodeAggregate3(String returnData, int expected) {
    if (returnData == null || Numeric.cleanHexPrefix(returnData).isEmpty()) {
      throw new MalformedReturnException(
          "aggregate3 returned no data: is there a Multicall3 at this address?");
    }
    String hex = hexDigits(returnData, "aggregate3");
    long bytes = hex.length() / 2;
    if (hex.length() % 2 != 0 || bytes < 64) {
      throw new MalformedReturnException(
          "aggregate3 returned " + bytes + " bytes, too short for (bool,bytes)[]");
    }
    long array = offset(hex, 0, 0, "array offset");
    long length = word(hex, array, "array length");
    if (length != expected) {
      throw new MalformedReturnException(
          "aggregate3 returned "
              + (length < 0 ? "more than 2^32" : length)
              + " results for "
              + expected
              + " calls");
    }
    long heads = array + 32;
    if (heads + (long) expected * 32 > bytes) {
      throw new MalformedReturnException(
          "aggregate3 return data is too short for " + expected + " results");
    }
    List<CallOutcome> outcomes = new ArrayList<>(expected);
    for (int i = 0; i < expected; i++) {
      String which = "result " + i;
      long result = offset(hex, heads + 32L * i, heads, which + "'s offset");
      long success = word(hex, result, which + "'s success flag");
      if (success != 0 && success != 1) {
        throw new MalformedReturnException(
            "aggregate3 " + which + " has a success flag that is not a bool");
      }
      if (result + 64 > bytes) {
        throw new MalformedReturnException(
            "aggregate3 " + which + " is cut short at byte " + bytes);
      }
      long data = offset(hex, result + 32, result, which + "'s data offset");
      long size = word(hex, data, which + "'s data length");
      if (size < 0 || data + 32 + size > bytes) {
        throw new MalformedReturnException(
            "aggregate3 "
                + which
                + " claims "
                + (size < 0 ? "more than 2^32" : size)
                + " bytes of data beyond the "
                + bytes
                + " returned");
      }
      int from = (int) (data + 32) * 2;
      String value = "0x" + hex.substring(from, from + (int) size * 2).toLowerCase(Locale.ROOT);
      outcomes.add(success == 1 ? new CallOutcome.Success(value) : new CallOutcome.Reverted(value));
    }
    return outcomes;
  }

  /**
   * The offset in the word at byte {@code at}, counted from byte {@code base}, as an absolute byte
   * position with a whole word after it inside the data; refused otherwise.
   */
  private static long offset(String hex, long at, long base, String what) {
    long relative = word(hex, at, what);
    long bytes = hex.length() / 2;
    if (relative < 0 || relative % 32 != 0 || base + relative + 32 > bytes) {
      throw new MalformedReturnException(
          "aggregate3 return data has "
              + (what.startsWith("array") ? "an " : "")
              + what
              + " outside the data: "
              + (relative < 0 ? "more than 2^32" : relative)
              + " from byte "
              + base
              + " of "
              + bytes);
    }
    return base + relative;
  }

  /**
   * The word at byte {@code at} as a number below 2^32, or -1 when it is larger (no offset or
   * length that large fits in a reply held as a string); refused when the word is not all there.
   */
  private static long word(String hex, long at, String what) {
    if (at + 32 > hex.length() / 2) {
      throw new MalformedReturnException(
          "aggregate3 return data ends before the " + what + " at byte " + at);
    }
    int from = (int) at * 2;
    for (int i = from; i < from + 56; i++) {
      if (hex.charAt(i) != '0') {
        return -1;
      }
    }
    return Long.parseLong(hex, from + 56, from + 64, 16);
  }

  /**
   * The data without its 0x, refused unless every character is a hex digit: the node's reply is
   * text, and a broken or hostile endpoint can send any.
   */
  private static String hexDigits(String data, String call) {
    String clean = Numeric.cleanHexPrefix(data);
    for (int i = 0; i < clean.length(); i++) {
      char c = clean.charAt(i);
      // ASCII only: Character.digit would also take other scripts' digits.
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        throw new MalformedReturnException(
            call + " return data is not hex: character " + i + " is not a hex digit");
      }
    }
    return clean;
  }

  public static String encodeGetCurrentBlockTimestamp() {
    return FunctionEncoder.encode(new Function("getCurrentBlockTimestamp", List.of(), List.of()));
  }

  public static BigInteger decodeUint256(String data) {
    String clean = hexDigits(data == null ? "" : data, "getCurrentBlockTimestamp");
    if (clean.length() != 64) {
      throw new MalformedReturnException(
          "expected one 32-byte word, got " + clean.length() / 2 + " bytes");
    }
    return new Uint256(Numeric.toBigInt(clean)).getValue();
  }
}
