package io.hedgewatch.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How to open the store.
 *
 * @param url a JDBC URL: {@code jdbc:sqlite:FILE} (a path relative to the working directory, or
 *     {@code jdbc:sqlite::memory:} for a throw-away store); {@code jdbc:postgresql://...} is
 *     reserved for the service and refused by this build
 * @param busyTimeout how long a write waits for another process (another {@code hedgewatch check}
 *     on the same file) to release the database before failing
 * @param retention how long observations are kept; {@link Store#applyRetention()} deletes older
 *     ones
 */
public record StoreSettings(String url, Duration busyTimeout, Duration retention) {

  public static final String DEFAULT_URL = "jdbc:sqlite:hedgewatch.db";
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

  public StoreSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    Objects.requireNonNull(retention, "retention");
    if (!url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "url must be a JDBC URL such as " + DEFAULT_URL + ", was '" + url + "'");
    }
    if (busyTimeout.isNegative()
        || busyTimeout.isZero()
        || busyTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "busyTimeout must be between 1 ms and " + Integer.MAX_VALUE + " ms, was " + busyTimeout);
    }
    if (retention.isNegative() || retention.isZero()) {
      throw new IllegalArgumentException("retention must be positive, was " + retention);
    }
  }

  public static StoreSettings ofDefaults() {
    return new StoreSettings(DEFAULT_URL, DEFAULT_BUSY_TIMEOUT, DEFAULT_RETENTION);
  }

  /** The defaults with another URL. */
  public static StoreSettings of(String url) {
    return new StoreSettings(url, DEFAULT_BUSY_TIMEOUT, DEFAULT_RETENTION);
  }

  public StoreSettings withBusyTimeout(Duration busyTimeout) {
    return new StoreSettings(url, busyTimeout, retention);
  }

  public StoreSettings withRetention(Duration retention) {
    return new StoreSettings(url, busyTimeout, retention);
  }
}
