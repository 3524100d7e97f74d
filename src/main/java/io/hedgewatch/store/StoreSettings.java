package io.hedgewatch.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How to open the store.
 *
 * @param url a JDBC URL: {@code jdbc:sqlite:FILE} (a path relative to the working directory, or
 *     {@code jdbc:sqlite::memory:} for a throw-away store) or {@code
 *     jdbc:postgresql://HOST[:PORT]/DATABASE?user=USER&password=PASSWORD} (any of the PostgreSQL
 *     driver's parameters); the password never appears in messages or {@link #toString()}
 * @param busyTimeout how long a write waits for another process (another {@code hedgewatch check}
 *     on the same file or database) to release the database before failing
 * @param retention how long observations are kept; {@link Store#applyRetention()} deletes older
 *     ones
 */
public record StoreSettings(String url, Duration busyTimeout, Duration retention) {

  public static final String DEFAULT_URL = "jdbc:sqlite:hedgewatch.db";
  public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(90);

  private static final Pattern PASSWORD_PARAMETER =
      Pattern.compile("([?&;]password=)([^&;]*)", Pattern.CASE_INSENSITIVE);
  private static final Pattern USER_INFO = Pattern.compile("(//[^/@:?]*:)([^/@?]*)@");

  public StoreSettings {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(busyTimeout, "busyTimeout");
    Objects.requireNonNull(retention, "retention");
    if (!url.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "url must be a JDBC URL such as " + DEFAULT_URL + ", was '" + redact(url) + "'");
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

  /** The URL with its password masked: the form for messages and logs. */
  public String redactedUrl() {
    return redact(url);
  }

  @Override
  public String toString() {
    return "StoreSettings[url="
        + redactedUrl()
        + ", busyTimeout="
        + busyTimeout
        + ", retention="
        + retention
        + "]";
  }

  /** {@code url} with the value of a {@code password} parameter or user-info password masked. */
  static String redact(String url) {
    String masked = PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    return USER_INFO.matcher(masked).replaceAll("$1***@");
  }

  /** The password parameter of {@code url}, decoded as the PostgreSQL driver decodes it. */
  static Optional<String> password(String url) {
    Matcher m = PASSWORD_PARAMETER.matcher(url);
    if (!m.find() || m.group(2).isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(URLDecoder.decode(m.group(2), StandardCharsets.UTF_8));
  }
}
