package io.hedgewatch.venue;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.RevertReasons;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The venue reads are static ABI values, so they are encoded and decoded here word by word: a call
 * is a selector and 32-byte words, a static return (a struct included, however nested) is its
 * fields' words in declaration order. Every word is checked against its Solidity type's range, as
 * {@code abi.decode} does: a malformed word is a {@link ReadFailure.Malformed}, never a silently
 * truncated value.
 */
final class AbiWords {

  private static final BigInteger TWO_256 = BigInteger.ONE.shiftLeft(256);
  private static final BigInteger INT256_MIN = BigInteger.ONE.shiftLeft(255).negate();
  private static final BigInteger INT256_MAX =
      BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE);

  private AbiWords() {}

  /** The first four bytes of keccak256 of a canonical signature, 0x hex. */
  static String selector(String signature) {
    return Numeric.toHexString(
        Hash.sha3(signature.getBytes(StandardCharsets.US_ASCII)), 0, 4, true);
  }

  /** keccak256 of {@code bytes}, 0x hex. */
  static String keccak(byte[] bytes) {
    return Numeric.toHexString(Hash.sha3(bytes));
  }

  /** Call data: the selector of {@code signature} followed by the given words (64 hex each). */
  static String call(String signature, String... words) {
    StringBuilder data = new StringBuilder(selector(signature));
    for (String word : words) {
      if (word.length() != 64) {
        throw new IllegalArgumentException("an ABI word is 64 hex characters, got " + word);
      }
      data.append(word);
    }
    return data.toString();
  }

  static String uintWord(BigInteger value) {
    if (value.signum() < 0 || value.bitLength() > 256) {
      throw new IllegalArgumentException("not a uint256: " + value);
    }
    return Numeric.toHexStringNoPrefixZeroPadded(value, 64);
  }

  static String uintWord(long value) {
    return uintWord(BigInteger.valueOf(value));
  }

  static String intWord(BigInteger value) {
    if (value.compareTo(INT256_MIN) < 0 || value.compareTo(INT256_MAX) > 0) {
      throw new IllegalArgumentException("not an int256: " + value);
    }
    return uintWord(value.signum() < 0 ? value.add(TWO_256) : value);
  }

  static String addressWord(String address) {
    String clean = Numeric.cleanHexPrefix(address).toLowerCase(Locale.ROOT);
    if (clean.length() != 40 || !clean.chars().allMatch(AbiWords::isHex)) {
      throw new IllegalArgumentException("not a 20-byte address: " + address);
    }
    return "0".repeat(24) + clean;
  }

  /** An address as the venue readers keep and compare it: "0x" and 40 lower-case hex digits. */
  static String address(String address) {
    return "0x" + addressWord(Objects.requireNonNull(address, "address")).substring(24);
  }

  static String boolWord(boolean value) {
    return uintWord(value ? 1 : 0);
  }

  static String bytes32Word(String hex) {
    String clean = Numeric.cleanHexPrefix(hex).toLowerCase(Locale.ROOT);
    if (clean.length() != 64 || !clean.chars().allMatch(AbiWords::isHex)) {
      throw new IllegalArgumentException("not a bytes32: " + hex);
    }
    return clean;
  }

  /** An ASCII string as a right-padded bytes32 (Solidity's {@code bytes32("perpsSystem")}). */
  static String asciiBytes32(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    if (bytes.length > 32) {
      throw new IllegalArgumentException("longer than 32 bytes: " + text);
    }
    byte[] word = new byte[32];
    System.arraycopy(bytes, 0, word, 0, bytes.length);
    return Numeric.toHexStringNoPrefix(word);
  }

  /** Return (or revert) data that does not hold the expected words. */
  static final class MalformedException extends RuntimeException {
    MalformedException(String message) {
      super(message);
    }
  }

  /** Return data as 32-byte words, read with range-checked accessors. */
  static final class Words {
    private final String hex;

    Words(String data) {
      String clean = Numeric.cleanHexPrefix(data == null ? "" : data).toLowerCase(Locale.ROOT);
      if (clean.length() % 2 != 0 || !clean.chars().allMatch(AbiWords::isHex)) {
        throw new MalformedException("not hex data");
      }
      this.hex = clean;
    }

    int size() {
      return hex.length() / 64;
    }

    int bytes() {
      return hex.length() / 2;
    }

    private String word(int i) {
      if (i < 0 || i >= size()) {
        throw new MalformedException(
            bytes() + " bytes, too short for word " + i + " (" + (i + 1) * 32 + " bytes needed)");
      }
      return hex.substring(i * 64, i * 64 + 64);
    }

    BigInteger uint256(int i) {
      return new BigInteger(word(i), 16);
    }

    /** A {@code uintN}: the word must be below 2^bits. */
    BigInteger uintN(int i, int bits) {
      BigInteger value = uint256(i);
      if (value.bitLength() > bits) {
        throw new MalformedException("word " + i + " is out of range for uint" + bits);
      }
      return value;
    }

    /** An {@code int256}: the word in two's complement. */
    BigInteger int256(int i) {
      BigInteger raw = uint256(i);
      return raw.testBit(255) ? raw.subtract(TWO_256) : raw;
    }

    /** An {@code intN}: the word must be the sign extension of an N-bit value. */
    BigInteger intN(int i, int bits) {
      BigInteger value = int256(i);
      if (value.bitLength() >= bits) {
        throw new MalformedException("word " + i + " is out of range for int" + bits);
      }
      return value;
    }

    String address(int i) {
      String w = word(i);
      if (!w.startsWith("0".repeat(24))) {
        throw new MalformedException("word " + i + " is not an address");
      }
      return "0x" + w.substring(24);
    }

    boolean bool(int i) {
      BigInteger value = uint256(i);
      if (value.bitLength() > 1) {
        throw new MalformedException("word " + i + " is not a bool");
      }
      return value.signum() != 0;
    }

    String bytes32(int i) {
      return "0x" + word(i);
    }

    /**
     * A dynamic {@code bytes} whose head word is {@code i}, offsets counted from the start of these
     * words (the tuple's start).
     */
    String dynamicBytes(int i) {
      BigInteger offset = uint256(i);
      if (offset.bitLength() > 31 || offset.intValue() % 32 != 0) {
        throw new MalformedException("word " + i + " is not a bytes offset");
      }
      int lengthWord = offset.intValue() / 32;
      BigInteger length = uint256(lengthWord);
      long available = (long) (size() - lengthWord - 1) * 32;
      if (length.bitLength() > 31 || length.longValue() > available) {
        throw new MalformedException("bytes length " + length + " exceeds the data");
      }
      int start = (lengthWord + 1) * 64;
      return "0x" + hex.substring(start, start + length.intValue() * 2);
    }

    /**
     * A dynamic {@code uint256[]} whose head word is {@code i}, offsets counted from the start of
     * these words.
     */
    List<BigInteger> uint256Array(int i) {
      BigInteger offset = uint256(i);
      if (offset.bitLength() > 31 || offset.intValue() % 32 != 0) {
        throw new MalformedException("word " + i + " is not an array offset");
      }
      int lengthWord = offset.intValue() / 32;
      BigInteger length = uint256(lengthWord);
      if (length.bitLength() > 31 || length.longValue() > size() - lengthWord - 1) {
        throw new MalformedException("array length " + length + " exceeds the data");
      }
      List<BigInteger> values = new ArrayList<>();
      for (int k = 0; k < length.intValue(); k++) {
        values.add(uint256(lengthWord + 1 + k));
      }
      return List.copyOf(values);
    }

    /** The words after the first {@code bytes} bytes (to read a revert's arguments). */
    Words skip(int byteCount) {
      if (hex.length() < byteCount * 2) {
        throw new MalformedException("shorter than " + byteCount + " bytes");
      }
      return new Words(hex.substring(byteCount * 2));
    }
  }

  /**
   * Decodes a call's outcome: a transport failure is {@code Unavailable}, a revert is {@code
   * Reverted} (named with {@code knownErrors}, selector to signature, before the generic reasons),
   * empty return data is {@code NoCode}, fewer than {@code words} words or a word out of its type's
   * range is {@code Malformed}. More data than needed is accepted, as {@code abi.decode} does.
   */
  static <T> Read<T> decode(
      CallOutcome outcome,
      String target,
      int words,
      Map<String, String> knownErrors,
      Function<Words, T> decoder) {
    if (outcome instanceof CallOutcome.Failed f) {
      return Read.failed(new ReadFailure.Unavailable(f.reason()));
    }
    if (outcome instanceof CallOutcome.Reverted r) {
      return Read.failed(new ReadFailure.Reverted(revertReason(r.data(), knownErrors), r.data()));
    }
    String data = ((CallOutcome.Success) outcome).data();
    try {
      Words w = new Words(data);
      if (w.bytes() == 0) {
        return Read.failed(new ReadFailure.NoCode(target));
      }
      if (w.size() < words) {
        return Read.failed(
            new ReadFailure.Malformed(w.bytes() + " bytes where " + words * 32 + " were expected"));
      }
      return Read.ok(decoder.apply(w));
    } catch (MalformedException e) {
      return Read.failed(new ReadFailure.Malformed(e.getMessage()));
    }
  }

  /** The revert's custom error by name when it is one of {@code knownErrors}, else the generic. */
  static String revertReason(String data, Map<String, String> knownErrors) {
    String clean = Numeric.cleanHexPrefix(data == null ? "" : data).toLowerCase(Locale.ROOT);
    if (clean.length() >= 8) {
      String known = knownErrors.get(clean.substring(0, 8));
      if (known != null) {
        return known;
      }
    }
    return RevertReasons.describe(data);
  }

  /** The revert data's 4-byte selector without 0x, or "" when there is none. */
  static String revertSelector(String data) {
    String clean = Numeric.cleanHexPrefix(data == null ? "" : data).toLowerCase(Locale.ROOT);
    return clean.length() >= 8 ? clean.substring(0, 8) : "";
  }

  /** The failure with the call that produced it named in front. */
  static ReadFailure withCall(String call, ReadFailure failure) {
    if (failure instanceof ReadFailure.Reverted r) {
      return new ReadFailure.Reverted(call + " " + r.reason(), r.data());
    }
    if (failure instanceof ReadFailure.Malformed m) {
      return new ReadFailure.Malformed(call + " " + m.detail());
    }
    if (failure instanceof ReadFailure.Unavailable u) {
      return new ReadFailure.Unavailable(call + " " + u.detail());
    }
    return failure;
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
