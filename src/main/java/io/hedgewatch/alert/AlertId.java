package io.hedgewatch.alert;

import io.hedgewatch.domain.Alert;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Identifiers of alerts and their events. An alert's id is derived from its identity (rule,
 * subject) alone, exactly as {@code check --json} prints it, so that {@code check} and {@code run}
 * name the same alert alike and a restart keeps the name. An event's id is derived from the alert's
 * id and the event's sequence number for that identity, so that a replayed event keeps its id and a
 * receiver can deduplicate by it.
 */
public final class AlertId {

  private AlertId() {}

  public static String of(Alert alert) {
    return of(alert.rule(), alert.subject());
  }

  /**
   * 16 hex digits: the first 8 bytes of SHA-256 over {@code rule|subject}, the text of {@link
   * Alert#key()}.
   */
  public static String of(String rule, String subject) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256")
              .digest((rule + "|" + subject).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** A name-based (version 3) UUID of {@code alertId#sequence}: the same inputs, the same id. */
  public static String event(String alertId, long sequence) {
    return UUID.nameUUIDFromBytes((alertId + "#" + sequence).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
