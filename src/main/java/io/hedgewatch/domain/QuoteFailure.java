package io.hedgewatch.domain;

import java.time.Duration;
import java.util.Optional;

/**
 * Why a venue gave no price; each carries what the venue said, so that the user sees the venue's
 * own words.
 */
public sealed interface QuoteFailure {

  String describe();

  /**
   * The venue answered with its own error shape (Binance {code,msg}, Bybit retCode, OKX code,
   * Kraken error[], Coinbase {message}).
   */
  record VenueError(String code, String message) implements QuoteFailure {
    @Override
    public String describe() {
      return "venue error " + code + ": " + message;
    }
  }

  /** The venue does not list the market (or hedgewatch has no mapping for it). */
  record UnsupportedMarket(String detail) implements QuoteFailure {
    @Override
    public String describe() {
      return "not listed: " + detail;
    }
  }

  /**
   * Over the venue's rate limit (HTTP 429 or the venue's own code); {@code retryAfter} when the
   * venue said.
   */
  record RateLimited(Optional<Duration> retryAfter, String message) implements QuoteFailure {
    @Override
    public String describe() {
      return "rate-limited"
          + retryAfter.map(d -> " (retry after " + d.toSeconds() + " s)").orElse("")
          + ": "
          + message;
    }
  }

  /** The venue banned this IP (Binance HTTP 418); hedgewatch backs off for {@code backOff}. */
  record Banned(Duration backOff, String message) implements QuoteFailure {
    @Override
    public String describe() {
      return "IP banned by the venue, backing off for " + backOff.toSeconds() + " s: " + message;
    }
  }

  /** The reply did not have the venue's shape: missing or mistyped fields, not JSON. */
  record Malformed(String detail) implements QuoteFailure {
    @Override
    public String describe() {
      return "malformed reply: " + detail;
    }
  }

  /** No reply within the named timeout. */
  record Timeout(String timeoutName, Duration timeout) implements QuoteFailure {
    @Override
    public String describe() {
      return "no reply within " + timeout.toMillis() + " ms (" + timeoutName + ")";
    }
  }

  /** Transport failure, HTTP 5xx, or the venue's circuit breaker is open. */
  record Unavailable(String detail) implements QuoteFailure {
    @Override
    public String describe() {
      return "unavailable: " + detail;
    }
  }
}
