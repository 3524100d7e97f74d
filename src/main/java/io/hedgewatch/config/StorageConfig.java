package io.hedgewatch.config;

import java.util.Objects;

/**
 * The {@code storage} section: where observations, baselines and the alert outbox are kept.
 *
 * @param url a JDBC URL, {@code jdbc:sqlite:FILE} or {@code jdbc:postgresql:...} (environment
 *     already substituted, so a password can come from {@code ${VAR}})
 */
public record StorageConfig(String url) {

  /** An SQLite file in the working directory. */
  public static final String DEFAULT_URL = "jdbc:sqlite:hedgewatch.db";

  public static final String SQLITE_PREFIX = "jdbc:sqlite:";
  public static final String POSTGRESQL_PREFIX = "jdbc:postgresql:";

  public enum Backend {
    SQLITE,
    POSTGRESQL
  }

  public StorageConfig {
    Objects.requireNonNull(url, "url");
    if (!url.startsWith(SQLITE_PREFIX) && !url.startsWith(POSTGRESQL_PREFIX)) {
      throw new IllegalArgumentException("not a jdbc:sqlite: or jdbc:postgresql: URL: " + url);
    }
  }

  public static StorageConfig ofDefaults() {
    return new StorageConfig(DEFAULT_URL);
  }

  public Backend backend() {
    return url.startsWith(SQLITE_PREFIX) ? Backend.SQLITE : Backend.POSTGRESQL;
  }
}
