package io.hedgewatch.api;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The configured {@code api.token} as {@code POST .../ack} checks it. Both sides are hashed before
 * {@link MessageDigest#isEqual}, so that the comparison takes the same time whatever the presented
 * token's length or content; the token itself is never kept in a form that prints.
 */
final class BearerToken {

  private static final String SCHEME = "bearer ";

  private final byte[] expectedDigest;

  BearerToken(String token) {
    if (token.isBlank()) {
      throw new IllegalArgumentException("api.token must not be blank");
    }
    this.expectedDigest = sha256(token);
  }

  /**
   * Whether an {@code Authorization} header carries the token; null, another scheme and a wrong
   * token are all simply false.
   */
  boolean accepts(String authorization) {
    if (authorization == null
        || authorization.length() <= SCHEME.length()
        || !authorization.substring(0, SCHEME.length()).toLowerCase(Locale.ROOT).equals(SCHEME)) {
      return false;
    }
    byte[] presented = sha256(authorization.substring(SCHEME.length()).trim());
    return MessageDigest.isEqual(expectedDigest, presented);
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JVM lacks SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return "BearerToken[***]";
  }
}
