package io.hedgewatch.alert;

import io.hedgewatch.domain.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * Who acknowledged an open alert, when, and at which severity: reminders stay silent until the
 * alert's severity rises above this one.
 */
public record Acknowledgement(String by, Instant at, Severity severity) {

  public Acknowledgement {
    Objects.requireNonNull(by, "by");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(severity, "severity");
  }
}
