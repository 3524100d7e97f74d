package io.hedgewatch.delivery;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** What one delivery attempt came to. */
public sealed interface DeliveryOutcome {

  record Delivered() implements DeliveryOutcome {}

  /**
   * Worth trying again (timeout, connection refused, 429, 5xx).
   *
   * @param reason one line, never containing a secret or a tokenised URL
   * @param retryAfter the receiver's own {@code Retry-After}, when it gave one
   */
  record Retry(String reason, Optional<Duration> retryAfter) implements DeliveryOutcome {
    public Retry {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  /** Never worth trying again (400, 401, 403, 404, 410...): dead-lettered at once. */
  record Rejected(String reason) implements DeliveryOutcome {
    public Rejected {
      Objects.requireNonNull(reason, "reason");
    }
  }

  static DeliveryOutcome delivered() {
    return new Delivered();
  }

  static DeliveryOutcome retry(String reason) {
    return new Retry(reason, Optional.empty());
  }
}
