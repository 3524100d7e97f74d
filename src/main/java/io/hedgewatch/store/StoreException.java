package io.hedgewatch.store;

import java.util.Objects;

/**
 * The store cannot do what was asked. The message is one line that names the storage URL and the
 * cause, fit to show a user as it is; the underlying exception stays attached for {@code
 * --verbose}.
 */
public final class StoreException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** What went wrong, for callers that react differently (exit codes, readiness). */
  public enum Reason {
    /** The URL names no database this build can use. */
    UNSUPPORTED_URL,
    /**
     * The file or its directory is missing, not writable, or cannot be opened; or the PostgreSQL
     * database does not exist.
     */
    CANNOT_OPEN,
    /** The PostgreSQL server cannot be reached (down, wrong host or port, network). */
    UNREACHABLE,
    /** The PostgreSQL server refused the login (user or password). */
    ACCESS_DENIED,
    /** The file exists but is not an SQLite database (or is corrupt or encrypted). */
    NOT_A_DATABASE,
    /** The database was migrated by a newer hedgewatch than this one. */
    SCHEMA_TOO_NEW,
    /** A migration failed, or the recorded migrations do not match this build's. */
    MIGRATION_FAILED,
    /** Another process held the database past the busy timeout. */
    BUSY,
    /** A read or write failed for another reason (disk full, I/O error...). */
    FAILED
  }

  private final Reason reason;

  StoreException(Reason reason, String message, Throwable cause) {
    super(oneLine(message), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }

  static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    return text.strip().replaceAll("\\s*\\R\\s*", "; ").replaceAll("\\s+", " ");
  }
}
