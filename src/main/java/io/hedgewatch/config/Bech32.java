package io.hedgewatch.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Bech32 strings as BIP-173 defines them (Cosmos account addresses such as dYdX's {@code dydx1…}):
 * a human-readable part, the separator {@code 1}, then data and a 6-character checksum in a
 * 32-character alphabet. Only decoding is needed: a config address is checked, never made.
 */
final class Bech32 {

  static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  static final int CHECKSUM_LENGTH = 6;
  static final int MAX_LENGTH = 90;

  private static final int[] GENERATOR = {
    0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3
  };

  /**
   * A decoded string.
   *
   * @param hrp the human-readable part, lower case
   * @param words the data part's 5-bit values, checksum removed
   */
  record Decoded(String hrp, int[] words) {

    /**
     * The words regrouped into bytes; empty when more than 4 bits are left over or they are not
     * zero (BIP-173's padding rule for byte payloads such as addresses).
     */
    Optional<byte[]> bytes() {
      byte[] out = new byte[words.length * 5 / 8];
      int acc = 0;
      int bits = 0;
      int n = 0;
      for (int word : words) {
        acc = (acc << 5) | word;
        bits += 5;
        if (bits >= 8) {
          bits -= 8;
          out[n++] = (byte) ((acc >>> bits) & 0xff);
        }
      }
      if (bits >= 5 || (acc & ((1 << bits) - 1)) != 0) {
        return Optional.empty();
      }
      return Optional.of(out);
    }
  }

  /** Why a string is not valid bech32, in words for a config message. */
  static final class Invalid extends Exception {
    Invalid(String reason) {
      super(reason, null, false, false);
    }
  }

  private Bech32() {}

  static Decoded decode(String text) throws Invalid {
    if (text.length() > MAX_LENGTH) {
      throw new Invalid("it is longer than bech32's " + MAX_LENGTH + " characters");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (!lower.equals(text) && !text.toUpperCase(Locale.ROOT).equals(text)) {
      throw new Invalid("it mixes upper- and lower-case letters");
    }
    int separator = lower.lastIndexOf('1');
    if (separator < 1) {
      throw new Invalid("it has no human-readable part before the separator 1");
    }
    if (lower.length() - separator - 1 < CHECKSUM_LENGTH) {
      throw new Invalid("it is too short to hold a checksum");
    }
    String hrp = lower.substring(0, separator);
    for (char c : hrp.toCharArray()) {
      if (c < 33 || c > 126) {
        throw new Invalid("its prefix holds a character bech32 does not allow");
      }
    }
    int[] words = new int[lower.length() - separator - 1];
    for (int i = 0; i < words.length; i++) {
      char c = lower.charAt(separator + 1 + i);
      int value = CHARSET.indexOf(c);
      if (value < 0) {
        throw new Invalid(
            "'"
                + c
                + "' is not a bech32 character (after the prefix only "
                + CHARSET.length()
                + " characters occur: no b, i, o or 1)");
      }
      words[i] = value;
    }
    if (polymod(hrp, words) != 1) {
      throw new Invalid("it fails its bech32 checksum (a character is wrong or two are swapped)");
    }
    return new Decoded(hrp, Arrays.copyOf(words, words.length - CHECKSUM_LENGTH));
  }

  /** The BCH checksum over the expanded prefix and the data words: 1 for a valid string. */
  private static int polymod(String hrp, int[] words) {
    int chk = 1;
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk, hrp.charAt(i) >> 5);
    }
    chk = step(chk, 0);
    for (int i = 0; i < hrp.length(); i++) {
      chk = step(chk, hrp.charAt(i) & 31);
    }
    for (int word : words) {
      chk = step(chk, word);
    }
    return chk;
  }

  private static int step(int chk, int value) {
    int top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ value;
    for (int i = 0; i < GENERATOR.length; i++) {
      if (((top >>> i) & 1) != 0) {
        chk ^= GENERATOR[i];
      }
    }
    return chk;
  }
}
