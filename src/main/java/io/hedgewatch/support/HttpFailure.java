package io.hedgewatch.support;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Why {@link ResilientHttp} has no answer of the venue's to give. Each client renders these in its
 * own failure type, with the venue's words ({@code said}) kept; {@link #detail()} is the wording
 * they share.
 */
public sealed interface HttpFailure {

  /** One line a person understands. */
  String detail();

  /**
   * The venue banned this client (HTTP 418 or a ban its reader recognised): no request leaves
   * before {@code until}.
   *
   * @param said what the venue said, with its HTTP status unless it was a 2xx
   * @param backOff how long is left of the ban
   */
  record Banned(String said, Duration backOff, Instant until) implements HttpFailure {
    @Override
    public String detail() {
      return said + "; no request until " + until;
    }
  }

  /**
   * The venue rate-limited this client (HTTP 429 or its own rate-limit reply): no request leaves
   * before {@code until}.
   *
   * @param said what the venue said, with its HTTP status unless it was a 2xx
   * @param retryAfter how long the venue asked for (when {@code fresh}), or how long is left of it
   * @param fresh whether the venue said so in reply to this call, rather than to an earlier one
   */
  record RateLimited(String said, Duration retryAfter, Instant until, boolean fresh)
      implements HttpFailure {
    @Override
    public String detail() {
      return said + "; no request until " + until;
    }
  }

  /**
   * The circuit {@code circuit} is open after {@code failures} consecutive failed calls: no call
   * before {@code nextTry}, or, when that is empty, a probe is under way.
   */
  record CircuitOpen(String circuit, int failures, Optional<Instant> nextTry)
      implements HttpFailure {
    @Override
    public String detail() {
      return nextTry
          .map(
              at ->
                  "circuit "
                      + circuit
                      + " open after "
                      + failures
                      + " consecutive failures, next try at "
                      + at)
          .orElse(
              "circuit "
                  + circuit
                  + " half-open after "
                  + failures
                  + " failures, a probe is under way");
    }
  }

  /** The local rate limiter {@code limiter} gave no permit within the policy's permit wait. */
  record NoPermit(String limiter, int requestsPerPeriod, Duration period, Duration permitWait)
      implements HttpFailure {
    @Override
    public String detail() {
      return "local rate limit "
          + limiter
          + " ("
          + requestsPerPeriod
          + " per "
          + period.toMillis()
          + " ms): no permit within "
          + permitWait.toMillis()
          + " ms";
    }
  }

  /** No answer within the named timeout, retries included. */
  record Timeout(String timeoutName, Duration timeout) implements HttpFailure {
    @Override
    public String detail() {
      return "no reply within " + timeout.toMillis() + " ms (" + timeoutName + ")";
    }
  }

  /** The exchange failed: an I/O error, or HTTP 5xx or 408 after the last try. */
  record Unavailable(String detail) implements HttpFailure {}

  /** The reply was larger than the client reads. */
  record TooLarge(int status, int maxBytes) implements HttpFailure {
    @Override
    public String detail() {
      return "HTTP " + status + " reply larger than " + maxBytes + " bytes";
    }
  }
}
