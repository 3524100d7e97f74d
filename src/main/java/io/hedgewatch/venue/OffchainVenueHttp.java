package io.hedgewatch.venue;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.support.ThrottledLog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one off-chain perp venue: every call of every endpoint goes through here, and
 * comes back as the venue's answer (any status, the body as text) or as a typed failure; nothing
 * throws for a failure the network or the venue can cause.
 *
 * <p>One call of endpoint {@code e} on venue {@code v}, in order:
 *
 * <ol>
 *   <li>after an HTTP 429 no request leaves for the venue (any endpoint: venues limit per IP) until
 *       its {@code Retry-After} (seconds or an HTTP date), or {@link
 *       OffchainVenuePolicy#rateLimitedPause()} when it gave none, has passed on the injected
 *       clock;
 *   <li>the circuit breaker {@code venue.v.e}: after {@link OffchainVenuePolicy#breakerFailures()}
 *       consecutive calls failed by HTTP 5xx or 408, I/O errors or timeouts, calls fail at once
 *       until {@link OffchainVenuePolicy#breakerOpenFor()} has passed, then one probe goes through;
 *   <li>per attempt, a permit of the venue's rate limiter (named by the caller, e.g. {@code
 *       venue.hyperliquid.info}); none within {@link OffchainVenuePolicy#permitWait()} fails the
 *       call rather than queueing it;
 *   <li>the retry {@code venue.v.e}: HTTP 5xx and 408, I/O errors and timeouts are tried again
 *       (full-jitter backoff) while the call's budget allows; any other answer is final.
 * </ol>
 *
 * <p>The whole call ends within {@link OffchainVenuePolicy#timeout()}, named {@code
 * venue.v.e.timeout}.
 */
final class OffchainVenueHttp {

  private static final Logger LOG = LoggerFactory.getLogger(OffchainVenueHttp.class);

  /**
   * The largest reply read. dYdX's full market list and Hyperliquid's {@code metaAndAssetCtxs} are
   * a few hundred kilobytes; a reply this large is not one of them.
   */
  static final int MAX_BODY_BYTES = 8 << 20;

  /** The least time a retry must have after its permit wait, else the call ends. */
  static final Duration MIN_ATTEMPT_TIME = Duration.ofMillis(100);

  private static final Duration LOG_INTERVAL = Duration.ofSeconds(30);
  private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,12}");
  private static final int SNIPPET_CHARS = 200;

  /** What the venue answered, whatever the status; the reader judges it. */
  sealed interface Outcome permits Answered, Failed {}

  record Answered(int status, Headers headers, String body, Instant receivedAt) implements Outcome {
    boolean ok() {
      return status >= 200 && status <= 299;
    }
  }

  record Failed(ReadFailure failure) implements Outcome {}

  private enum Verdict {
    ANSWERED,
    FAILED,
    NOT_SENT
  }

  private record Attempt(Outcome outcome, Verdict verdict, boolean retryable, long deadlineNanos) {
    Attempt asFinal() {
      return new Attempt(outcome, verdict, false, deadlineNanos);
    }
  }

  private record Gate(Instant until, String message) {}

  private static final class Endpoint {
    final String name;
    final Retry retry;
    final CircuitBreaker breaker;
    final AtomicInteger consecutiveFailures = new AtomicInteger();
    volatile Instant retryAt = Instant.MIN;

    Endpoint(String name, Retry retry, CircuitBreaker breaker) {
      this.name = name;
      this.retry = retry;
      this.breaker = breaker;
    }
  }

  /** Handed to the circuit breaker for a failed call; carries no stack. */
  private static final class CallFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallFailedException(String message) {
      super(message, null, false, false);
    }
  }

  private final String venueId;
  private final OkHttpClient http;
  private final Clock clock;
  private final OffchainVenuePolicy policy;
  private final String limiterName;
  private final RateLimiter rateLimiter;
  private final Map<String, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final AtomicReference<Gate> gate = new AtomicReference<>();
  private final ThrottledLog failureLog = new ThrottledLog(LOG, LOG_INTERVAL);
  private final LongAdder requestsSent = new LongAdder();
  private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

  /**
   * @param venueId the venue's config id, the middle of every instance name ({@code venue.<id>.…})
   * @param limiterName the name of the venue-wide rate limiter, e.g. {@code venue.hyperliquid.info}
   */
  OffchainVenueHttp(
      String venueId,
      String limiterName,
      OkHttpClient http,
      Clock clock,
      OffchainVenuePolicy policy) {
    this.venueId = Objects.requireNonNull(venueId, "venueId");
    this.limiterName = Objects.requireNonNull(limiterName, "limiterName");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.rateLimiter =
        RateLimiter.of(
            limiterName,
            RateLimiterConfig.custom()
                .limitForPeriod(policy.requestsPerPeriod())
                .limitRefreshPeriod(policy.ratePeriod())
                .timeoutDuration(policy.permitWait())
                .writableStackTraceEnabled(false)
                .build());
  }

  /** {@code venue.<id>.<endpoint>}: the retry and circuit breaker of one endpoint. */
  String instanceName(String endpoint) {
    return "venue." + venueId + "." + endpoint;
  }

  /** {@code venue.<id>.<endpoint>.timeout}. */
  String timeoutName(String endpoint) {
    return instanceName(endpoint) + ".timeout";
  }

  String limiterName() {
    return limiterName;
  }

  OffchainVenuePolicy policy() {
    return policy;
  }

  /** Requests that left for the venue, retries included. */
  long requestsSent() {
    return requestsSent.sum();
  }

  /** Failed calls by endpoint (every one counted, however few are logged). */
  Map<String, Long> failureCounts() {
    Map<String, Long> counts = new TreeMap<>();
    failures.forEach((endpoint, count) -> counts.put(endpoint, count.sum()));
    return counts;
  }

  CircuitBreaker.State circuitState(String endpoint) {
    return endpoint(endpoint).breaker.getState();
  }

  /** One call of {@code endpoint}: the venue's answer, or why there is none. */
  Outcome call(String endpoint, Request request) {
    Objects.requireNonNull(request, "request");
    Endpoint e = endpoint(endpoint);
    Optional<Failed> quiet = quiet(clock.instant());
    if (quiet.isPresent()) {
      return finish(e, quiet.get());
    }
    if (!e.breaker.tryAcquirePermission()) {
      return finish(e, circuitOpen(e));
    }
    long start = System.nanoTime();
    long deadline = start + policy.timeout().toNanos();
    AtomicReference<Attempt> previous = new AtomicReference<>();
    Attempt last;
    try {
      last = e.retry.executeSupplier(() -> attempt(e, request, deadline, previous));
    } catch (CancellationException interrupted) {
      // Interrupted during a backoff: whoever asked has stopped waiting.
      e.breaker.releasePermission();
      return finish(e, timeout(e));
    } catch (RuntimeException | Error unexpected) {
      e.breaker.releasePermission();
      throw unexpected;
    }
    long elapsed = System.nanoTime() - start;
    switch (last.verdict()) {
      case ANSWERED -> {
        e.consecutiveFailures.set(0);
        e.breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
      }
      case FAILED -> {
        e.consecutiveFailures.incrementAndGet();
        e.breaker.onError(
            elapsed, TimeUnit.NANOSECONDS, new CallFailedException(describe(last.outcome())));
      }
      case NOT_SENT -> e.breaker.releasePermission();
    }
    return finish(e, last.outcome());
  }

  private Endpoint endpoint(String endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    return endpoints.computeIfAbsent(endpoint, this::newEndpoint);
  }

  private Endpoint newEndpoint(String endpoint) {
    String name = instanceName(endpoint);
    Retry retry =
        Retry.of(
            name,
            RetryConfig.<Attempt>custom()
                .maxAttempts(policy.attempts())
                .retryOnResult(a -> a.retryable() && roomForRetry(a.deadlineNanos()))
                .retryOnException(t -> false)
                .intervalBiFunction(this::backoffMillis)
                .writableStackTraceEnabled(false)
                .build());
    CircuitBreaker breaker =
        CircuitBreaker.of(
            name,
            CircuitBreakerConfig.custom()
                .clock(clock)
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(policy.breakerFailures())
                .minimumNumberOfCalls(policy.breakerFailures())
                .failureRateThreshold(100)
                .waitDurationInOpenState(policy.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(1)
                .writableStackTraceEnabled(false)
                .build());
    Endpoint e = new Endpoint(name, retry, breaker);
    breaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              CircuitBreaker.State to = event.getStateTransition().getToState();
              if (to == CircuitBreaker.State.OPEN) {
                e.retryAt = clock.instant().plus(policy.breakerOpenFor());
                failureLog.warn(
                    name + ".circuit",
                    "venue {}: circuit {} open after {} consecutive failures, next try at {}",
                    venueId,
                    name,
                    e.consecutiveFailures.get(),
                    e.retryAt);
              } else if (to == CircuitBreaker.State.CLOSED) {
                LOG.info("venue {}: circuit {} closed", venueId, name);
              }
            });
    return e;
  }

  private Attempt attempt(
      Endpoint e, Request request, long deadlineNanos, AtomicReference<Attempt> previous) {
    if (!rateLimiter.acquirePermission()) {
      Attempt before = previous.get();
      if (before != null) {
        return before.asFinal();
      }
      return new Attempt(
          new Failed(
              new ReadFailure.Unavailable(
                  "local rate limit "
                      + limiterName
                      + " ("
                      + policy.requestsPerPeriod()
                      + " per "
                      + policy.ratePeriod().toMillis()
                      + " ms): no permit within "
                      + policy.permitWait().toMillis()
                      + " ms")),
          Verdict.NOT_SENT,
          false,
          deadlineNanos);
    }
    long remaining = deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      Attempt before = previous.get();
      return before != null
          ? before.asFinal()
          : new Attempt(timeout(e), Verdict.NOT_SENT, false, deadlineNanos);
    }
    Attempt attempt = exchange(e, request, remaining, deadlineNanos);
    previous.set(attempt);
    return attempt;
  }

  private Attempt exchange(Endpoint e, Request request, long remainingNanos, long deadlineNanos) {
    Call call = http.newCall(request);
    call.timeout().timeout(remainingNanos, TimeUnit.NANOSECONDS);
    requestsSent.increment();
    int status;
    Headers headers;
    String body;
    try (Response response = call.execute()) {
      status = response.code();
      headers = response.headers();
      body = readBody(response.body());
    } catch (InterruptedIOException timedOut) {
      return new Attempt(timeout(e), Verdict.FAILED, true, deadlineNanos);
    } catch (IOException io) {
      return new Attempt(
          new Failed(new ReadFailure.Unavailable("I/O error: " + describe(io))),
          Verdict.FAILED,
          true,
          deadlineNanos);
    }
    Instant receivedAt = clock.instant();
    if (body == null) {
      return new Attempt(
          new Failed(
              new ReadFailure.Malformed(
                  "HTTP " + status + " reply larger than " + MAX_BODY_BYTES + " bytes")),
          Verdict.ANSWERED,
          false,
          deadlineNanos);
    }
    if (status == 429) {
      return new Attempt(
          rateLimited(status, headers, body, receivedAt), Verdict.ANSWERED, false, deadlineNanos);
    }
    if (status >= 500 || status == 408) {
      return new Attempt(
          new Failed(new ReadFailure.Unavailable("HTTP " + status + ": " + snippet(body))),
          Verdict.FAILED,
          true,
          deadlineNanos);
    }
    return new Attempt(
        new Answered(status, headers, body, receivedAt), Verdict.ANSWERED, false, deadlineNanos);
  }

  private Failed rateLimited(int status, Headers headers, String body, Instant receivedAt) {
    Duration wait = retryAfter(headers, receivedAt).orElse(policy.rateLimitedPause());
    Instant until = receivedAt.plus(wait);
    String message = venueId + " rate-limited this client (HTTP " + status + ": " + snippet(body);
    Gate next = new Gate(until, message + ")");
    gate.accumulateAndGet(
        next,
        (current, proposed) ->
            current != null && current.until().isAfter(proposed.until()) ? current : proposed);
    return new Failed(
        new ReadFailure.Unavailable(
            message + "); retry after " + wait.toSeconds() + " s, no request until " + until));
  }

  private Optional<Failed> quiet(Instant now) {
    Gate g = gate.get();
    if (g == null || !now.isBefore(g.until())) {
      return Optional.empty();
    }
    return Optional.of(
        new Failed(new ReadFailure.Unavailable(g.message() + "; no request until " + g.until())));
  }

  private Failed circuitOpen(Endpoint e) {
    if (e.breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
      return new Failed(
          new ReadFailure.Unavailable(
              "circuit "
                  + e.name
                  + " half-open after "
                  + e.consecutiveFailures.get()
                  + " failures, a probe is under way"));
    }
    return new Failed(
        new ReadFailure.Unavailable(
            "circuit "
                + e.name
                + " open after "
                + e.consecutiveFailures.get()
                + " consecutive failures, next try at "
                + e.retryAt));
  }

  private Failed timeout(Endpoint e) {
    String endpoint = e.name.substring(("venue." + venueId + ".").length());
    return new Failed(
        new ReadFailure.Unavailable(
            "no reply within "
                + policy.timeout().toMillis()
                + " ms ("
                + timeoutName(endpoint)
                + ")"));
  }

  private Outcome finish(Endpoint e, Outcome outcome) {
    if (outcome instanceof Failed failed) {
      failures.computeIfAbsent(e.name, k -> new LongAdder()).increment();
      failureLog.warn(e.name, "venue {}: {}: {}", venueId, e.name, failed.failure().describe());
    }
    return outcome;
  }

  private boolean roomForRetry(long deadlineNanos) {
    long remaining = deadlineNanos - System.nanoTime();
    return remaining > policy.permitWait().toNanos() + MIN_ATTEMPT_TIME.toNanos();
  }

  /**
   * Full jitter: uniform in [0, min(maxBackoff, initialBackoff * 2^(n-1))], then cut so that the
   * retry still fits in the call's budget.
   */
  private long backoffMillis(int attemptsSoFar, Either<Throwable, Attempt> result) {
    long cap = policy.maxBackoff().toMillis();
    int shift = attemptsSoFar - 1;
    if (shift < 31) {
      long doubled = policy.initialBackoff().toMillis() << shift;
      if (doubled > 0) {
        cap = Math.min(cap, doubled);
      }
    }
    long jitter = ThreadLocalRandom.current().nextLong(cap + 1);
    if (result.isRight()) {
      long room =
          TimeUnit.NANOSECONDS.toMillis(
              result.get().deadlineNanos()
                  - System.nanoTime()
                  - policy.permitWait().toNanos()
                  - MIN_ATTEMPT_TIME.toNanos());
      jitter = Math.min(jitter, room);
    }
    return Math.max(0, jitter);
  }

  /**
   * How long the venue asked us to wait: {@code Retry-After} in seconds or as an HTTP date; empty
   * when absent or unreadable.
   */
  static Optional<Duration> retryAfter(Headers headers, Instant now) {
    String value = headers.get("Retry-After");
    if (value == null) {
      return Optional.empty();
    }
    value = value.trim();
    if (DELTA_SECONDS.matcher(value).matches()) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }
    Date date = headers.getDate("Retry-After");
    if (date == null) {
      return Optional.empty();
    }
    Duration left = Duration.between(now, date.toInstant());
    return Optional.of(left.isNegative() ? Duration.ZERO : left);
  }

  /**
   * {@code base} with {@code segments} appended, keeping whatever path {@code base} has (a local
   * server may serve a venue under {@code http://127.0.0.1:PORT/hyperliquid}); a trailing slash of
   * {@code base} is ignored.
   */
  static HttpUrl resolve(HttpUrl base, String... segments) {
    HttpUrl.Builder builder = base.newBuilder();
    java.util.List<String> path = base.pathSegments();
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
    if (body == null || body.isBlank()) {
      return "(no body)";
    }
    String text = body.strip().replaceAll("\\s+", " ");
    return text.length() <= SNIPPET_CHARS ? text : text.substring(0, SNIPPET_CHARS) + "...";
  }

  private static String readBody(ResponseBody body) throws IOException {
    if (body == null) {
      return "";
    }
    BufferedSource source = body.source();
    if (source.request(MAX_BODY_BYTES + 1L)) {
      return null;
    }
    return source.readUtf8();
  }

  private static String describe(Outcome outcome) {
    return outcome instanceof Failed f ? f.failure().describe() : "answered";
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
