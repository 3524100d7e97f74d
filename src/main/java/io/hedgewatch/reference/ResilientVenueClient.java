package io.hedgewatch.reference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.support.ThrottledLog;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
 * GET requests to one venue's public REST API with everything that keeps hedgewatch a polite client
 * that answers on time; what a reply means is left to the caller's {@link ReplyReader}.
 *
 * <p>A request goes through, in order:
 *
 * <ol>
 *   <li>the venue's own instructions: after a ban (HTTP 418, or a ban the reader reports) no
 *       request leaves until the ban ends, and after a rate-limit reply (HTTP 429 or the venue's
 *       rate-limit code) none until its {@code Retry-After} (seconds or an HTTP date) has passed;
 *       meanwhile requests are answered at once with {@code Banned} / {@code RateLimited};
 *   <li>the circuit breaker named {@code name}: after {@link
 *       ReferenceVenuePolicy#breakerFailures()} consecutive requests failed by HTTP 5xx, I/O errors
 *       or timeouts it answers {@code Unavailable} until {@link
 *       ReferenceVenuePolicy#breakerOpenFor()} has passed, then lets one probe through;
 *   <li>the local rate limiter of the same name, per attempt: no permit within {@link
 *       ReferenceVenuePolicy#permitWait()} gives {@code RateLimited} instead of queueing;
 *   <li>the retry of the same name: HTTP 5xx and 408, I/O errors, timeouts and the venue's own
 *       "unavailable" are tried again while the budget allows; anything else the venue answered (a
 *       value, its error shape, a malformed body, a rate limit or a ban) is final.
 * </ol>
 *
 * <p>The whole request, retries and waits included, ends within {@link
 * ReferenceVenuePolicy#timeout()}, reported under the timeout name the caller gives for the
 * endpoint. Ban and {@code Retry-After} bookkeeping and the circuit breaker read the injected
 * {@link Clock}; only the network and the retry backoff take real time. Bans, rate limits and the
 * circuit are per client: one client per venue makes them hold for every endpoint of that venue.
 * Expected failures come back as {@link VenueReply.Failed}; only programming errors throw.
 */
public final class ResilientVenueClient {

  private static final Logger LOG = LoggerFactory.getLogger(ResilientVenueClient.class);

  /** The least time a retry must have after its permit wait, else the request ends. */
  static final Duration MIN_RETRY_TIME = Duration.ofMillis(100);

  private static final Duration LOG_INTERVAL = Duration.ofSeconds(30);
  private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,12}");

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
  private final String subject;
  private final OkHttpClient http;
  private final Clock clock;
  private final ReferenceVenuePolicy policy;
  private final int maxBodyBytes;
  private final RateLimiter rateLimiter;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final ThrottledLog failureLog = new ThrottledLog(LOG, LOG_INTERVAL);

  private final AtomicReference<Gate> gate = new AtomicReference<>();
  private final AtomicInteger banStreak = new AtomicInteger();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private volatile Instant circuitRetryAt = Instant.MIN;
  private final LongAdder httpRequests = new LongAdder();

  /** The venue told us to stay away until {@code until}: a ban, or a rate limit. */
  private record Gate(boolean ban, Instant until, String message) {}

  /**
   * How an attempt's failure counts for the circuit: the venue answered, the exchange failed (5xx,
   * I/O, timeout), or nothing was sent.
   */
  private enum Verdict {
    ANSWERED,
    FAILED,
    NOT_SENT
  }

  private record Attempt<T>(
      VenueReply<T> reply, Verdict verdict, boolean retryable, long deadlineNanos) {
    Attempt<T> asFinal() {
      return new Attempt<>(reply, verdict, false, deadlineNanos);
    }
  }

  /** One request's state across its attempts. */
  private static final class Run<T> {
    final HttpUrl url;
    final String timeoutName;
    final ReplyReader<T> reader;
    final long deadlineNanos;
    Attempt<T> previous;

    Run(HttpUrl url, String timeoutName, ReplyReader<T> reader, long deadlineNanos) {
      this.url = url;
      this.timeoutName = timeoutName;
      this.reader = reader;
      this.deadlineNanos = deadlineNanos;
    }
  }

  /** Handed to the circuit breaker for a failed request; carries no stack. */
  private static final class RequestFailedException extends RuntimeException {
    RequestFailedException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @param name the name of the client's rate limiter, retry and circuit breaker, e.g. {@code
   *     reference.binance.ticker} or {@code funding.binance}
   * @param venue the venue's config name, for messages ({@code "binance banned this IP"})
   * @param area what the client serves, for log lines ({@code "reference"}, {@code "funding"})
   * @param maxBodyBytes larger replies are {@code Malformed} without being read further
   */
  public ResilientVenueClient(
      String name,
      String venue,
      String area,
      OkHttpClient http,
      Clock clock,
      ReferenceVenuePolicy policy,
      int maxBodyBytes) {
    this.name = Objects.requireNonNull(name, "name");
    this.venue = Objects.requireNonNull(venue, "venue");
    this.subject = Objects.requireNonNull(area, "area") + " " + venue;
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
    this.rateLimiter =
        RateLimiter.of(
            name,
            RateLimiterConfig.custom()
                .limitForPeriod(policy.requestsPerPeriod())
                .limitRefreshPeriod(policy.ratePeriod())
                .timeoutDuration(policy.permitWait())
                .writableStackTraceEnabled(false)
                .build());
    this.retry =
        Retry.of(
            name,
            RetryConfig.<Attempt<?>>custom()
                .maxAttempts(policy.attempts())
                .retryOnResult(attempt -> attempt.retryable() && roomForRetry(attempt))
                .retryOnException(e -> false)
                .intervalBiFunction(this::backoffMillis)
                .writableStackTraceEnabled(false)
                .build());
    this.breaker =
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
    breaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              CircuitBreaker.State to = event.getStateTransition().getToState();
              if (to == CircuitBreaker.State.OPEN) {
                circuitRetryAt = clock.instant().plus(policy.breakerOpenFor());
                failureLog.warn(
                    venue + ".circuit",
                    "{}: circuit {} open after {} consecutive failures, next try at {}",
                    subject,
                    name,
                    consecutiveFailures.get(),
                    circuitRetryAt);
              } else if (to == CircuitBreaker.State.CLOSED) {
                LOG.info("{}: circuit {} closed", subject, name);
              }
            });
  }

  public String name() {
    return name;
  }

  public ReferenceVenuePolicy policy() {
    return policy;
  }

  public CircuitBreaker.State circuitState() {
    return breaker.getState();
  }

  /** HTTP requests that left for the venue, retries included. */
  public long httpRequests() {
    return httpRequests.sum();
  }

  /**
   * GETs {@code url} and reads the reply with {@code reader}, within the policy's timeout; a
   * request that runs out of it is {@code Timeout} named {@code timeoutName}.
   */
  public <T> VenueReply<T> get(HttpUrl url, String timeoutName, ReplyReader<T> reader) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeoutName, "timeoutName");
    Objects.requireNonNull(reader, "reader");
    Optional<QuoteFailure> quiet = quietFailure(clock.instant());
    if (quiet.isPresent()) {
      return VenueReply.failed(quiet.get());
    }
    if (!breaker.tryAcquirePermission()) {
      return VenueReply.failed(circuitOpen());
    }
    long start = System.nanoTime();
    Run<T> run = new Run<>(url, timeoutName, reader, start + policy.timeout().toNanos());
    Attempt<T> last;
    try {
      last = retry.executeSupplier(() -> attempt(run));
    } catch (CancellationException e) {
      // Interrupted during a backoff: whoever asked has stopped waiting.
      breaker.releasePermission();
      return VenueReply.failed(timeout(timeoutName));
    } catch (RuntimeException | Error e) {
      breaker.releasePermission();
      throw e;
    }
    long elapsed = System.nanoTime() - start;
    switch (last.verdict()) {
      case ANSWERED -> {
        consecutiveFailures.set(0);
        breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
      }
      case FAILED -> {
        consecutiveFailures.incrementAndGet();
        breaker.onError(
            elapsed, TimeUnit.NANOSECONDS, new RequestFailedException(describe(last.reply())));
      }
      case NOT_SENT -> breaker.releasePermission();
    }
    return last.reply();
  }

  private Optional<QuoteFailure> quietFailure(Instant now) {
    Gate g = gate.get();
    if (g == null || !now.isBefore(g.until())) {
      return Optional.empty();
    }
    Duration left = Duration.between(now, g.until());
    if (g.ban()) {
      return Optional.of(
          new QuoteFailure.Banned(left, g.message() + "; no request until " + g.until()));
    }
    return Optional.of(
        new QuoteFailure.RateLimited(
            Optional.of(left), g.message() + "; no request until " + g.until()));
  }

  private QuoteFailure circuitOpen() {
    if (breaker.getState() == CircuitBreaker.State.HALF_OPEN) {
      return new QuoteFailure.Unavailable(
          "circuit "
              + name
              + " half-open after "
              + consecutiveFailures.get()
              + " failures, a probe is under way");
    }
    return new QuoteFailure.Unavailable(
        "circuit "
            + name
            + " open after "
            + consecutiveFailures.get()
            + " failures, next try at "
            + circuitRetryAt);
  }

  private <T> Attempt<T> attempt(Run<T> run) {
    if (!rateLimiter.acquirePermission()) {
      if (run.previous != null) {
        return run.previous.asFinal();
      }
      return new Attempt<>(
          VenueReply.failed(
              new QuoteFailure.RateLimited(
                  Optional.empty(),
                  "local rate limit "
                      + name
                      + " ("
                      + policy.requestsPerPeriod()
                      + " per "
                      + policy.ratePeriod().toMillis()
                      + " ms): no permit within "
                      + policy.permitWait().toMillis()
                      + " ms")),
          Verdict.NOT_SENT,
          false,
          run.deadlineNanos);
    }
    long remaining = run.deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      return run.previous != null
          ? run.previous.asFinal()
          : new Attempt<>(
              VenueReply.failed(timeout(run.timeoutName)),
              Verdict.NOT_SENT,
              false,
              run.deadlineNanos);
    }
    Attempt<T> attempt = exchange(run, remaining);
    run.previous = attempt;
    return attempt;
  }

  private <T> Attempt<T> exchange(Run<T> run, long remainingNanos) {
    Request request =
        new Request.Builder().url(run.url).header("Accept", "application/json").get().build();
    Call call = http.newCall(request);
    call.timeout().timeout(remainingNanos, TimeUnit.NANOSECONDS);
    httpRequests.increment();
    int status;
    Headers headers;
    String body;
    try (Response response = call.execute()) {
      status = response.code();
      headers = response.headers();
      body = readBody(response.body(), maxBodyBytes);
    } catch (InterruptedIOException e) {
      return retryable(run, timeout(run.timeoutName));
    } catch (IOException e) {
      return retryable(run, new QuoteFailure.Unavailable("I/O error: " + describe(e)));
    }
    Instant receivedAt = clock.instant();
    VenueReply<T> parsed =
        body != null
            ? run.reader.read(status, body, receivedAt)
            : VenueReply.failed(
                new QuoteFailure.Malformed(
                    "HTTP " + status + " reply larger than " + maxBodyBytes + " bytes"));
    QuoteFailure failure = parsed.failureIfAny().orElse(null);
    if (status == 418 || failure instanceof QuoteFailure.Banned) {
      return answered(run, ban(status, headers, body, failure, receivedAt));
    }
    banStreak.set(0);
    if (status == 429 || failure instanceof QuoteFailure.RateLimited) {
      return answered(run, rateLimited(status, headers, body, failure, receivedAt));
    }
    if (status >= 500 || status == 408) {
      QuoteFailure unavailable =
          failure instanceof QuoteFailure.Unavailable
              ? failure
              : new QuoteFailure.Unavailable(withStatus(status, said(failure, body)));
      return retryable(run, unavailable);
    }
    if (failure instanceof QuoteFailure.Unavailable || failure instanceof QuoteFailure.Timeout) {
      return retryable(run, failure);
    }
    return new Attempt<>(parsed, Verdict.ANSWERED, false, run.deadlineNanos);
  }

  private <T> VenueReply<T> ban(
      int status, Headers headers, String body, QuoteFailure failure, Instant receivedAt) {
    int streak = banStreak.getAndIncrement();
    Duration doubled = policy.banBackoff();
    for (int i = 0; i < streak && doubled.compareTo(policy.maxBanBackoff()) < 0; i++) {
      doubled = doubled.multipliedBy(2);
    }
    doubled = min(doubled, policy.maxBanBackoff());
    // Never back in sooner than the venue said, whichever way it said it.
    Duration backOff =
        Stream.of(
                Optional.of(doubled),
                retryAfter(headers, receivedAt),
                failure instanceof QuoteFailure.Banned b
                    ? Optional.of(b.backOff())
                    : Optional.<Duration>empty())
            .flatMap(Optional::stream)
            .max(Duration::compareTo)
            .orElseThrow();
    Instant until = receivedAt.plus(backOff);
    String message = venue + " banned this IP: " + withStatus(status, said(failure, body));
    closeGate(new Gate(true, until, message));
    failureLog.warn(
        venue + ".ban",
        "{}: banned by the venue, no request until {} ({} s): {}",
        subject,
        until,
        backOff.toSeconds(),
        message);
    return VenueReply.failed(
        new QuoteFailure.Banned(backOff, message + "; no request until " + until));
  }

  private <T> VenueReply<T> rateLimited(
      int status, Headers headers, String body, QuoteFailure failure, Instant receivedAt) {
    Duration wait =
        Stream.of(
                retryAfter(headers, receivedAt),
                failure instanceof QuoteFailure.RateLimited r
                    ? r.retryAfter()
                    : Optional.<Duration>empty())
            .flatMap(Optional::stream)
            .max(Duration::compareTo)
            .orElse(policy.rateLimitedPause());
    Instant until = receivedAt.plus(wait);
    String message = withStatus(status, said(failure, body));
    closeGate(new Gate(false, until, message));
    return VenueReply.failed(
        new QuoteFailure.RateLimited(Optional.of(wait), message + "; no request until " + until));
  }

  private void closeGate(Gate next) {
    gate.accumulateAndGet(
        next,
        (current, proposed) ->
            current != null && current.until().isAfter(proposed.until()) ? current : proposed);
  }

  private static <T> Attempt<T> retryable(Run<T> run, QuoteFailure failure) {
    return new Attempt<>(VenueReply.failed(failure), Verdict.FAILED, true, run.deadlineNanos);
  }

  private static <T> Attempt<T> answered(Run<T> run, VenueReply<T> reply) {
    return new Attempt<>(reply, Verdict.ANSWERED, false, run.deadlineNanos);
  }

  /**
   * A retry needs its permit wait and a short attempt to fit in what is left of the request's
   * budget.
   */
  private boolean roomForRetry(Attempt<?> attempt) {
    long remaining = attempt.deadlineNanos() - System.nanoTime();
    return remaining > policy.permitWait().toNanos() + MIN_RETRY_TIME.toNanos();
  }

  /**
   * Full jitter: uniform in [0, min(maxBackoff, initialBackoff * 2^(n-1))], then cut so that the
   * retry still fits in the budget.
   */
  private long backoffMillis(int attemptsSoFar, Either<Throwable, Attempt<?>> result) {
    long capMillis = policy.maxBackoff().toMillis();
    if (attemptsSoFar - 1 < 31) {
      long doubled = policy.initialBackoff().toMillis() << (attemptsSoFar - 1);
      if (doubled > 0) {
        capMillis = Math.min(capMillis, doubled);
      }
    }
    long jitter = ThreadLocalRandom.current().nextLong(capMillis + 1);
    if (result.isRight()) {
      long room =
          TimeUnit.NANOSECONDS.toMillis(
              result.get().deadlineNanos()
                  - System.nanoTime()
                  - policy.permitWait().toNanos()
                  - MIN_RETRY_TIME.toNanos());
      jitter = Math.min(jitter, room);
    }
    return Math.max(0, jitter);
  }

  private QuoteFailure.Timeout timeout(String timeoutName) {
    return new QuoteFailure.Timeout(timeoutName, policy.timeout());
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

  /** The body as text, or null when it is larger than {@code maxBytes}. */
  private static String readBody(ResponseBody body, int maxBytes) throws IOException {
    if (body == null) {
      return "";
    }
    BufferedSource source = body.source();
    if (source.request(maxBytes + 1L)) {
      return null;
    }
    return source.readUtf8();
  }

  /** What the venue said in a reply the reader took for a failure, in the venue's own words. */
  private static String said(QuoteFailure failure, String body) {
    if (failure == null || failure instanceof QuoteFailure.Malformed) {
      return snippet(body);
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

  private static String snippet(String body) {
    if (body == null || body.isBlank()) {
      return "(no body)";
    }
    String text = body.strip().replaceAll("\\s+", " ");
    return text.length() <= 160 ? text : text.substring(0, 160) + "...";
  }

  private static String withStatus(int status, String said) {
    boolean success = status >= 200 && status <= 299;
    return success || said.startsWith("HTTP ") ? said : "HTTP " + status + ": " + said;
  }

  private static String describe(VenueReply<?> reply) {
    return reply.failureIfAny().map(QuoteFailure::describe).orElse("answered");
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
