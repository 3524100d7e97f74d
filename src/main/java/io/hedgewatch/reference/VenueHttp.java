package io.hedgewatch.reference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.support.HttpFailure;
import io.hedgewatch.support.HttpPolicy;
import io.hedgewatch.support.ResilientHttp;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * GET requests to one centralized venue's public REST API through {@link ResilientHttp}, in the
 * reference package's terms: replies are read into {@link VenueReply}, and what the reader makes of
 * a reply steers the core (a {@link QuoteFailure.Banned} or HTTP 418 is a ban, a {@link
 * QuoteFailure.RateLimited} a rate limit, {@link QuoteFailure.Unavailable} or {@link
 * QuoteFailure.Timeout} is tried again); the core's failures come back as {@link QuoteFailure}s.
 *
 * <p>One client has one rate limiter, one circuit breaker and one retry, all named {@code name}, so
 * that a ban, a {@code Retry-After} or an open circuit holds for every endpoint of the venue.
 */
public final class VenueHttp {

  private static final int SNIPPET_CHARS = 160;

  /**
   * Reads a reply of any HTTP status into a value or a typed failure. Never throws for bad input;
   * {@code receivedAt} is the injected clock's time of the reply.
   */
  @FunctionalInterface
  public interface ReplyReader<T> {
    VenueReply<T> read(int httpStatus, String body, Instant receivedAt);
  }

  private final String name;
  private final String venue;
  private final ResilientHttp http;

  /**
   * @param name the name of the client's rate limiter, retry and circuit breaker, e.g. {@code
   *     reference.binance.ticker} or {@code funding.binance}
   * @param venue the venue's config name, for messages ({@code "binance banned this IP"})
   * @param area what the client serves, for log lines ({@code "reference"}, {@code "funding"})
   * @param maxBodyBytes larger replies are {@code Malformed} without being read further
   */
  VenueHttp(
      String name,
      String venue,
      String area,
      OkHttpClient http,
      Clock clock,
      HttpPolicy policy,
      int maxBodyBytes) {
    this.name = Objects.requireNonNull(name, "name");
    this.venue = Objects.requireNonNull(venue, "venue");
    this.http =
        new ResilientHttp(
            name,
            Objects.requireNonNull(area, "area") + " " + venue,
            http,
            clock,
            policy,
            maxBodyBytes);
  }

  HttpPolicy policy() {
    return http.policy();
  }

  CircuitBreaker.State circuitState() {
    return http.circuitState(name);
  }

  /** HTTP requests that left for the venue, retries included. */
  long httpRequests() {
    return http.requestsSent();
  }

  /**
   * GETs {@code url} and reads the reply with {@code reader}, within the policy's timeout; a
   * request that runs out of it is {@code Timeout} named {@code timeoutName}.
   */
  <T> VenueReply<T> get(HttpUrl url, String timeoutName, ReplyReader<T> reader) {
    Objects.requireNonNull(reader, "reader");
    Request request =
        new Request.Builder().url(url).header("Accept", "application/json").get().build();
    ResilientHttp.Outcome<VenueReply<T>> outcome =
        http.call(name, timeoutName, request, new Judge<>(reader));
    if (outcome instanceof ResilientHttp.Outcome.Answered<VenueReply<T>> answered) {
      return answered.value();
    }
    return VenueReply.failed(
        failure(((ResilientHttp.Outcome.Failed<VenueReply<T>>) outcome).failure()));
  }

  private QuoteFailure failure(HttpFailure failure) {
    if (failure instanceof HttpFailure.Banned b) {
      return new QuoteFailure.Banned(b.backOff(), venue + " banned this IP: " + b.detail());
    }
    if (failure instanceof HttpFailure.RateLimited r) {
      return new QuoteFailure.RateLimited(Optional.of(r.retryAfter()), r.detail());
    }
    if (failure instanceof HttpFailure.NoPermit p) {
      return new QuoteFailure.RateLimited(Optional.empty(), p.detail());
    }
    if (failure instanceof HttpFailure.Timeout t) {
      return new QuoteFailure.Timeout(t.timeoutName(), t.timeout());
    }
    if (failure instanceof HttpFailure.TooLarge) {
      return new QuoteFailure.Malformed(failure.detail());
    }
    if (failure instanceof HttpFailure.CircuitOpen c && c.nextTry().isPresent()) {
      return new QuoteFailure.Unavailable(
          "circuit "
              + c.circuit()
              + " open after "
              + c.failures()
              + " failures, next try at "
              + c.nextTry().get());
    }
    return new QuoteFailure.Unavailable(failure.detail());
  }

  /** The caller's reader, and what its failures say about the venue. */
  private record Judge<T>(ReplyReader<T> reader)
      implements ResilientHttp.ReplyReader<VenueReply<T>> {
    @Override
    public VenueReply<T> read(ResilientHttp.Answer answer) {
      return reader.read(answer.status(), answer.body(), answer.receivedAt());
    }

    @Override
    public ResilientHttp.Signal signal(VenueReply<T> reply, ResilientHttp.Answer answer) {
      QuoteFailure failure = reply.failureIfAny().orElse(null);
      if (failure instanceof QuoteFailure.Banned b) {
        return new ResilientHttp.Signal.Banned(Optional.of(b.backOff()));
      }
      if (answer.status() == 418) {
        return new ResilientHttp.Signal.Banned(Optional.empty());
      }
      if (failure instanceof QuoteFailure.RateLimited r) {
        return new ResilientHttp.Signal.RateLimited(r.retryAfter());
      }
      if (failure instanceof QuoteFailure.Unavailable || failure instanceof QuoteFailure.Timeout) {
        return ResilientHttp.Signal.UNAVAILABLE;
      }
      return ResilientHttp.Signal.NONE;
    }

    /** What the venue said in a reply the reader took for a failure, in the venue's own words. */
    @Override
    public String said(VenueReply<T> reply, ResilientHttp.Answer answer) {
      QuoteFailure failure = reply.failureIfAny().orElse(null);
      if (failure == null || failure instanceof QuoteFailure.Malformed) {
        return ResilientHttp.snippet(answer.body(), SNIPPET_CHARS);
      }
      if (failure instanceof QuoteFailure.RateLimited r) {
        return r.message();
      }
      if (failure instanceof QuoteFailure.Banned b) {
        return b.message();
      }
      if (failure instanceof QuoteFailure.Unavailable u) {
        return u.detail();
      }
      if (failure instanceof QuoteFailure.VenueError v) {
        return v.code() + " " + v.message();
      }
      return failure.describe();
    }
  }
}
