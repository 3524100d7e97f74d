package io.hedgewatch.support;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/**
 * Logs the first failure of a source, then at most once per interval for that source; metrics count
 * every one.
 */
public final class ThrottledLog {
  private final Logger log;
  private final long intervalNanos;
  private final ConcurrentHashMap<String, Long> lastLogged = new ConcurrentHashMap<>();

  public ThrottledLog(Logger log, Duration interval) {
    this.log = log;
    this.intervalNanos = interval.toNanos();
  }

  public void warn(String source, String format, Object... args) {
    long now = System.nanoTime();
    Long previous = lastLogged.get(source);
    if (previous == null || now - previous >= intervalNanos) {
      lastLogged.put(source, now);
      log.warn(format, args);
    }
  }
}
