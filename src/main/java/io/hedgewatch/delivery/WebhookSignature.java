package io.hedgewatch.delivery;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The contract's webhook signature: {@code X-Hedgewatch-Signature: t=<unix seconds>,v1=<hex
 * HMAC-SHA256(secret, t + "." + body)>}, the secret and the message as UTF-8 and the body as the
 * exact bytes sent. Both sides are here: {@link #sign} for the sender, {@link #verify} for a
 * receiver written in Java.
 *
 * <p>A receiver accepts a header with several {@code v1} entries when any of them matches (so a
 * secret can be rotated by signing with both for a while) and ignores entries of other schemes.
 */
public final class WebhookSignature {

  /** The header carrying the signature. */
  public static final String HEADER = "X-Hedgewatch-Signature";

  /** The contract's advice: reject signatures older than this. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private static final String ALGORITHM = "HmacSHA256";
  private static final HexFormat HEX = HexFormat.of();
  private static final int HEX_LENGTH = 64;

  private WebhookSignature() {}

  /** What a receiver makes of a request's signature. */
  public enum Verification {
    VALID,
    /** No header, or not of the form {@code t=<digits>,v1=<64 hex digits>}. */
    MALFORMED_HEADER,
    /** Well formed, but no {@code v1} matches the secret, timestamp and body. */
    BAD_SIGNATURE,
    /** Signed correctly, longer ago than the tolerance (a replay, or a delivery held too long). */
    TOO_OLD,
    /** Signed correctly, further in the future than the tolerance (a clock far off). */
    TOO_NEW;

    public boolean isValid() {
      return this == VALID;
    }
  }

  /**
   * The header value for {@code body} sent at {@code unixSeconds}.
   *
   * @throws IllegalArgumentException when the secret is empty (send no signature then)
   */
  public static String sign(String secret, long unixSeconds, String body) {
    Objects.requireNonNull(body, "body");
    return sign(secret, unixSeconds, body.getBytes(StandardCharsets.UTF_8));
  }

  /** As {@link #sign(String, long, String)}, over the body's bytes. */
  public static String sign(String secret, long unixSeconds, byte[] body) {
    if (unixSeconds < 0) {
      throw new IllegalArgumentException("timestamp must not be negative, got " + unixSeconds);
    }
    return "t=" + unixSeconds + ",v1=" + HEX.formatHex(mac(secret, unixSeconds, body));
  }

  /**
   * Checks {@code header} (the value of {@link #HEADER}, may be null) against the request body as
   * received. The signature is checked before the timestamp, in constant time, so that an unsigned
   * request learns nothing about the tolerance.
   */
  public static Verification verify(
      String secret, String header, String body, Instant now, Duration tolerance) {
    Objects.requireNonNull(body, "body");
    return verify(secret, header, body.getBytes(StandardCharsets.UTF_8), now, tolerance);
  }

  /** As {@link #verify(String, String, String, Instant, Duration)}, over the body's raw bytes. */
  public static Verification verify(
      String secret, String header, byte[] body, Instant now, Duration tolerance) {
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(tolerance, "tolerance");
    Parsed parsed = parse(header);
    if (parsed == null) {
      return Verification.MALFORMED_HEADER;
    }
    byte[] expected = mac(secret, parsed.timestamp, body);
    boolean matched = false;
    for (byte[] candidate : parsed.signatures) {
      // no early exit: every candidate is compared, each in constant time
      matched |= MessageDigest.isEqual(expected, candidate);
    }
    if (!matched) {
      return Verification.BAD_SIGNATURE;
    }
    long age = now.getEpochSecond() - parsed.timestamp;
    if (age > tolerance.getSeconds()) {
      return Verification.TOO_OLD;
    }
    if (-age > tolerance.getSeconds()) {
      return Verification.TOO_NEW;
    }
    return Verification.VALID;
  }

  private record Parsed(long timestamp, List<byte[]> signatures) {}

  private static Parsed parse(String header) {
    if (header == null) {
      return null;
    }
    Long timestamp = null;
    List<byte[]> signatures = new ArrayList<>();
    for (String part : header.split(",", -1)) {
      String item = part.strip();
      int eq = item.indexOf('=');
      if (eq <= 0) {
        return null;
      }
      String key = item.substring(0, eq);
      String value = item.substring(eq + 1);
      if (key.equals("t")) {
        if (timestamp != null || !isDigits(value, 1, 12)) {
          return null;
        }
        timestamp = Long.parseLong(value);
      } else if (key.equals("v1")) {
        if (value.length() != HEX_LENGTH || !isHex(value)) {
          return null;
        }
        signatures.add(HEX.parseHex(value));
      }
    }
    return timestamp == null || signatures.isEmpty() ? null : new Parsed(timestamp, signatures);
  }

  private static byte[] mac(String secret, long unixSeconds, byte[] body) {
    Objects.requireNonNull(secret, "secret");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("the webhook secret is empty");
    }
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.US_ASCII));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // every Java runtime ships HmacSHA256, and any non-empty key is valid for it
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  private static boolean isDigits(String s, int min, int max) {
    if (s.length() < min || s.length() > max) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex) {
        return false;
      }
    }
    return true;
  }
}
