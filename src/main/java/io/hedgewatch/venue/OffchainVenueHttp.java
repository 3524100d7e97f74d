package io.hedgewatch.venue;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.support.HttpFailure;
import io.hedgewatch.support.HttpPolicy;
import io.hedgewatch.support.ResilientHttp;
import io.hedgewatch.support.ThrottledLog;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one off-chain perp venue: every call of every endpoint goes through {@link
 * ResilientHttp}, and comes back as the venue's 2xx answer or as a {@link ReadFailure}; nothing
 * throws for a failure the network or the venue can cause.
 *
 * <p>The venue has one rate limiter (named by the caller, e.g. {@code venue.hyperliquid.info}), and
 * after an HTTP 429 no request leaves for any of its endpoints until the venue's {@code
 * Retry-After} has passed. Each endpoint {@code e} of venue {@code v} has its own circuit breaker
 * and retry, {@code venue.v.e}, and its own timeout name, {@code venue.v.e.timeout}.
 */
final class OffchainVenueHttp {

  private static final Logger LOG = LoggerFactory.getLogger(OffchainVenueHttp.class);

  /**
   * The largest reply read. dYdX's full market list and Hyperliquid's {@code metaAndAssetCtxs} are
   * a few hundred kilobytes; a reply this large is not one of them.
   */
  static final int MAX_BODY_BYTES = 8 << 20;

  private static final Duration LOG_INTERVAL = Duration.ofSeconds(30);

  private final String venueId;
  private final ResilientHttp http;
  private final ThrottledLog failureLog = new ThrottledLog(LOG, LOG_INTERVAL);
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

  /**
   * @param venueId the venue's config id, the middle of every instance name ({@code venue.<id>.…})
   * @param limiterName the name of the venue-wide rate limiter, e.g. {@code venue.hyperliquid.info}
   */
  OffchainVenueHttp(
      String venueId, String limiterName, OkHttpClient http, Clock clock, HttpPolicy policy) {
    this.venueId = Objects.requireNonNull(venueId, "venueId");
    this.http =
        new ResilientHttp(limiterName, "venue " + venueId, http, clock, policy, MAX_BODY_BYTES);
  }

  /** {@code venue.<id>.<endpoint>}: the retry and circuit breaker of one endpoint. */
  String instanceName(String endpoint) {
    return "venue." + venueId + "." + endpoint;
  }

  /** {@code venue.<id>.<endpoint>.timeout}. */
  String timeoutName(String endpoint) {
    return instanceName(endpoint) + ".timeout";
  }

  /** {@link ResilientHttp#awaitPermit}: for a read of many pages, the venue's pace kept. */
  boolean awaitPermit(Duration maxWait) {
    return http.awaitPermit(maxWait);
  }

  String limiterName() {
    return http.limiterName();
  }

  HttpPolicy policy() {
    return http.policy();
  }

  /** Requests that left for the venue, retries included. */
  long requestsSent() {
    return http.requestsSent();
  }

  /** Failed calls by endpoint (every one counted, however few are logged). */
  Map<String, Long> failureCounts() {
    Map<String, Long> counts = new TreeMap<>();
    failures.forEach((endpoint, count) -> counts.put(endpoint, count.sum()));
    return counts;
  }

  CircuitBreaker.State circuitState(String endpoint) {
    return http.circuitState(instanceName(endpoint));
  }

  /**
   * One call of {@code endpoint}: the venue's 2xx answer, {@code refused} of any other answer, or
   * why there is none.
   */
  Read<ResilientHttp.Answer> call(
      String endpoint, Request request, Function<ResilientHttp.Answer, ReadFailure> refused) {
    Objects.requireNonNull(refused, "refused");
    String name = instanceName(endpoint);
    ResilientHttp.Outcome<ResilientHttp.Answer> outcome =
        http.call(name, timeoutName(endpoint), request, answer -> answer);
    if (outcome instanceof ResilientHttp.Outcome.Failed<ResilientHttp.Answer> failed) {
      ReadFailure failure = failure(failed.failure());
      failures.computeIfAbsent(name, k -> new LongAdder()).increment();
      failureLog.warn(name, "venue {}: {}: {}", venueId, name, failure.describe());
      return Read.failed(failure);
    }
    ResilientHttp.Answer answer =
        ((ResilientHttp.Outcome.Answered<ResilientHttp.Answer>) outcome).value();
    return answer.ok() ? Read.ok(answer) : Read.failed(refused.apply(answer));
  }

  /** A non-2xx answer of {@code endpoint} as a failure quoting what the venue said. */
  ReadFailure refused(String endpoint, ResilientHttp.Answer answer, String said) {
    return new ReadFailure.Unavailable(
        venueId + " " + endpoint + " refused: HTTP " + answer.status() + ": " + said);
  }

  private ReadFailure failure(HttpFailure failure) {
    if (failure instanceof HttpFailure.RateLimited r) {
      String limited = venueId + " rate-limited this client (" + r.said() + ")";
      return new ReadFailure.Unavailable(
          r.fresh()
              ? limited
                  + "; retry after "
                  + r.retryAfter().toSeconds()
                  + " s, no request until "
                  + r.until()
              : limited + "; no request until " + r.until());
    }
    if (failure instanceof HttpFailure.Banned b) {
      return new ReadFailure.Unavailable(venueId + " banned this client: " + b.detail());
    }
    if (failure instanceof HttpFailure.TooLarge) {
      return new ReadFailure.Malformed(failure.detail());
    }
    return new ReadFailure.Unavailable(failure.detail());
  }

  /**
   * {@code base} with {@code segments} appended, keeping whatever path {@code base} has (a local
   * server may serve a venue under {@code http://127.0.0.1:PORT/hyperliquid}); a trailing slash of
   * {@code base} is ignored.
   */
  static HttpUrl resolve(HttpUrl base, String... segments) {
    HttpUrl.Builder builder = base.newBuilder();
    List<String> path = base.pathSegments();
    if (!path.isEmpty() && path.get(path.size() - 1).isEmpty()) {
      builder.removePathSegment(path.size() - 1);
    }
    for (String segment : segments) {
      builder.addPathSegment(segment);
    }
    return builder.build();
  }

  /** {@code url} as an http(s) URL, or an exception naming the venue and the rejected text. */
  static HttpUrl parseBaseUrl(String venueId, String url) {
    HttpUrl parsed = url == null ? null : HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "venue " + venueId + ": base URL is not an http(s) URL: '" + url + "'");
    }
    return parsed;
  }

  /** The start of a body on one line, for messages. */
  static String snippet(String body) {
    return ResilientHttp.snippet(body, ResilientHttp.DEFAULT_SNIPPET_CHARS);
  }
}
