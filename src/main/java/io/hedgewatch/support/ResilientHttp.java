package io.hedgewatch.support;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests to one venue's public HTTP API with everything that keeps hedgewatch a polite client
 * that answers on time; what a reply means is left to the caller's {@link ReplyReader}. Every
 * reference venue, centralized funding venue and off-chain perp venue is asked through one of
 * these.
 *
 * <p>A call of circuit {@code c} goes through, in order:
 *
 * <ol>
 *   <li>the venue's own instructions, for every circuit of the client (venues limit per IP): after
 *       a ban no request leaves until the ban ends, and after a rate-limit reply (HTTP 429, or a
 *       rate limit the reader recognised) none until its {@code Retry-After} (seconds or an HTTP
 *       date, or the reader's own figure, whichever is longer; {@link
 *       HttpPolicy#rateLimitedPause()} when neither says) has passed; meanwhile calls fail at once
 *       with {@link HttpFailure.Banned} / {@link HttpFailure.RateLimited};
 *   <li>the circuit breaker {@code c}: after {@link HttpPolicy#breakerFailures()} consecutive calls
 *       failed by HTTP 5xx or 408, I/O errors, timeouts or the venue's own "unavailable", calls
 *       fail at once with {@link HttpFailure.CircuitOpen} until {@link HttpPolicy#breakerOpenFor()}
 *       has passed, then one probe goes through;
 *   <li>per attempt, a permit of the client's rate limiter; none within {@link
 *       HttpPolicy#permitWait()} fails the call ({@link HttpFailure.NoPermit}) rather than queueing
 *       it;
 *   <li>the retry {@code c}: HTTP 5xx and 408, I/O errors, timeouts and the venue's own
 *       "unavailable" are tried again (full-jitter backoff) while the call's budget allows;
 *       anything else the venue answered is final.
 * </ol>
 *
 * <p>The whole call ends within {@link HttpPolicy#timeout()}, reported under the timeout name the
 * caller gives. Ban and {@code Retry-After} bookkeeping and the circuit breakers read the injected
 * {@link Clock}; only the network and the retry backoff take real time. Expected failures come back
 * as {@link Outcome.Failed}; only programming errors throw.
 */
public final class ResilientHttp {

  private static final Logger LOG = LoggerFactory.getLogger(ResilientHttp.class);

  /** The least time a retry must have after its permit wait, else the call ends. */
  public static final Duration MIN_ATTEMPT_TIME = Duration.ofMillis(100);

  private static final Duration LOG_INTERVAL = Duration.ofSeconds(30);
  private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,12}");

  /** One reply as the venue sent it, whatever its status. */
  public record Answer(int status, Headers headers, String body, Instant receivedAt) {
    public boolean ok() {
      return status >= 200 && status <= 299;
    }
  }

  /** What a reply, as its reader read it, says about the venue beyond its HTTP status. */
  public sealed interface Signal {
    Signal NONE = new None();
    Signal UNAVAILABLE = new Unavailable();

    /** Nothing: the reply is the answer, unless its status says otherwise. */
    record None() implements Signal {}

    /** The venue cannot answer now: try again while the budget allows. */
    record Unavailable() implements Signal {}

    /** The venue rate-limited this client; {@code retryAfter} when its reply said how long. */
    record RateLimited(Optional<Duration> retryAfter) implements Signal {}

    /** The venue banned this client; {@code backOff} when its reply said how long. */
    record Banned(Optional<Duration> backOff) implements Signal {}
  }

  /** Reads one reply of any status into the caller's value. Never throws for bad input. */
  @FunctionalInterface
  public interface ReplyReader<T> {
    T read(Answer answer);

    /** What {@code value}, read from {@code answer}, says about the venue; nothing by default. */
    default Signal signal(T value, Answer answer) {
      return Signal.NONE;
    }

    /**
     * The venue's words in a reply that failed, for messages; the HTTP status is put in front
     * unless they start with it. By default the status and the start of the body.
     */
    default String said(T value, Answer answer) {
      return "HTTP " + answer.status() + ": " + snippet(answer.body(), DEFAULT_SNIPPET_CHARS);
    }
  }

  /** The venue's answer as read, or why there is none. */
  public sealed interface Outcome<T> {
    record Answered<T>(T value) implements Outcome<T> {}

    record Failed<T>(HttpFailure failure) implements Outcome<T> {
      public Failed {
        Objects.requireNonNull(failure, "failure");
      }
    }
  }

  /** The start of a body used in messages by default. */
  public static final int DEFAULT_SNIPPET_CHARS = 200;

  private final String limiterName;
  private final String subject;
  private final OkHttpClient http;
  private final Clock clock;
  private final HttpPolicy policy;
  private final int maxBodyBytes;
  private final RateLimiter rateLimiter;
  private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();
  private final ThrottledLog failureLog = new ThrottledLog(LOG, LOG_INTERVAL);

  private final AtomicReference<Gate> gate = new AtomicReference<>();
  private final AtomicInteger banStreak = new AtomicInteger();
  private final LongAdder requestsSent = new LongAdder();

  /** The venue told us to stay away: {@code closing} says until when and why. */
  private record Gate(HttpFailure closing, Instant until) {}

  /**
   * How an attempt counts for the circuit: the venue answered, the exchange failed (5xx, I/O,
   * timeout, the venue's "unavailable"), or nothing was sent.
   */
  private enum Verdict {
    ANSWERED,
    FAILED,
    NOT_SENT
  }

  private record Attempt<T>(
      Outcome<T> outcome, Verdict verdict, boolean retryable, long deadlineNanos) {
    Attempt<T> asFinal() {
      return new Attempt<>(outcome, verdict, false, deadlineNanos);
    }
  }

  /** One circuit's breaker and retry, and what its messages need. */
  private static final class Circuit {
    final String name;
    final Retry retry;
    final CircuitBreaker breaker;
    final AtomicInteger consecutiveFailures = new AtomicInteger();
    volatile Instant retryAt = Instant.MIN;

    Circuit(String name, Retry retry, CircuitBreaker breaker) {
      this.name = name;
      this.retry = retry;
      this.breaker = breaker;
    }
  }

  /** One call's state across its attempts. */
  private static final class Run<T> {
    final Request request;
    final String timeoutName;
    final ReplyReader<T> reader;
    final long deadlineNanos;
    Attempt<T> previous;

    Run(Request request, String timeoutName, ReplyReader<T> reader, long deadlineNanos) {
      this.request = request;
      this.timeoutName = timeoutName;
      this.reader = reader;
      this.deadlineNanos = deadlineNanos;
    }
  }

  /** Handed to the circuit breaker for a failed call; carries no stack. */
  private static final class CallFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallFailedException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * @param limiterName the name of the client's rate limiter, e.g. {@code reference.binance.ticker}
   *     or {@code venue.hyperliquid.info}
   * @param subject who is asked, for log lines ({@code "reference binance"}, {@code "venue
   *     hyperliquid"})
   * @param maxBodyBytes larger replies are {@link HttpFailure.TooLarge} without being read further
   */
  public ResilientHttp(
      String limiterName,
      String subject,
      OkHttpClient http,
      Clock clock,
      HttpPolicy policy,
      int maxBodyBytes) {
    this.limiterName = Objects.requireNonNull(limiterName, "limiterName");
    this.subject = Objects.requireNonNull(subject, "subject");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    if (maxBodyBytes < 1) {
      throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
    }
    this.maxBodyBytes = maxBodyBytes;
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

  /**
   * Waits until the rate limiter has a permit for the next call, without taking it (the call does),
   * for at most {@code maxWait}: a read of many pages (a funding history) would rather keep the
   * venue's pace than fail at the policy's short {@code permitWait}. The permit may still go to
   * another thread first; the call then fails as rate-limited, as it would have.
   *
   * @return whether a permit is there; false after {@code maxWait} or when interrupted (the
   *     interrupt kept)
   */
  public boolean awaitPermit(Duration maxWait) {
    long deadline = System.nanoTime() + maxWait.toNanos();
    ReentrantLock lock = new ReentrantLock();
    Condition never = lock.newCondition();
    lock.lock();
    try {
      while (rateLimiter.getMetrics().getAvailablePermissions() <= 0) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        // a slice of the refresh period: the next permits come at its end
        long slice = Math.max(1_000_000L, policy.ratePeriod().toNanos() / 20);
        never.awaitNanos(Math.min(left, slice));
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  public String limiterName() {
    return limiterName;
  }

  public HttpPolicy policy() {
    return policy;
  }

  /** The state of circuit {@code circuit} (closed for one never called). */
  public CircuitBreaker.State circuitState(String circuit) {
    return circuit(circuit).breaker.getState();
  }

  /** Requests that left for the venue, retries included. */
  public long requestsSent() {
    return requestsSent.sum();
  }

  /**
   * Sends {@code request} under circuit {@code circuit} and reads the reply with {@code reader},
   * within the policy's timeout; a call that runs out of it is {@link HttpFailure.Timeout} named
   * {@code timeoutName}.
   */
  public <T> Outcome<T> call(
      String circuit, String timeoutName, Request request, ReplyReader<T> reader) {
    Objects.requireNonNull(timeoutName, "timeoutName");
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(reader, "reader");
    Circuit c = circuit(circuit);
    Optional<HttpFailure> quiet = quiet(clock.instant());
    if (quiet.isPresent()) {
      return new Outcome.Failed<>(quiet.get());
    }
    if (!c.breaker.tryAcquirePermission()) {
      return new Outcome.Failed<>(circuitOpen(c));
    }
    long start = System.nanoTime();
    Run<T> run = new Run<>(request, timeoutName, reader, start + policy.timeout().toNanos());
    Attempt<T> last;
    try {
      last = c.retry.executeSupplier(() -> attempt(run));
    } catch (CancellationException interrupted) {
      // Interrupted during a backoff: whoever asked has stopped waiting.
      c.breaker.releasePermission();
      return new Outcome.Failed<>(timeout(timeoutName));
    } catch (RuntimeException | Error unexpected) {
      c.breaker.releasePermission();
      throw unexpected;
    }
    long elapsed = System.nanoTime() - start;
    switch (last.verdict()) {
      case ANSWERED -> {
        c.consecutiveFailures.set(0);
        c.breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
      }
      case FAILED -> {
        c.consecutiveFailures.incrementAndGet();
        c.breaker.onError(
            elapsed, TimeUnit.NANOSECONDS, new CallFailedException(describe(last.outcome())));
      }
      case NOT_SENT -> c.breaker.releasePermission();
    }
    return last.outcome();
  }

  private Circuit circuit(String name) {
    Objects.requireNonNull(name, "circuit");
    return circuits.computeIfAbsent(name, this::newCircuit);
  }

  private Circuit newCircuit(String name) {
    Retry retry =
        Retry.of(
            name,
            RetryConfig.<Attempt<?>>custom()
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
    Circuit c = new Circuit(name, retry, breaker);
    breaker
        .getEventPublisher()
        .onStateTransition(
            event -> {
              CircuitBreaker.State to = event.getStateTransition().getToState();
              if (to == CircuitBreaker.State.OPEN) {
                c.retryAt = clock.instant().plus(policy.breakerOpenFor());
                failureLog.warn(
                    name + ".circuit",
                    "{}: circuit {} open after {} consecutive failures, next try at {}",
                    subject,
                    name,
                    c.consecutiveFailures.get(),
                    c.retryAt);
              } else if (to == CircuitBreaker.State.CLOSED) {
                LOG.info("{}: circuit {} closed", subject, name);
              }
            });
    return c;
  }

  private Optional<HttpFailure> quiet(Instant now) {
    Gate g = gate.get();
    if (g == null || !now.isBefore(g.until())) {
      return Optional.empty();
    }
    Duration left = Duration.between(now, g.until());
    if (g.closing() instanceof HttpFailure.Banned b) {
      return Optional.of(new HttpFailure.Banned(b.said(), left, g.until()));
    }
    HttpFailure.RateLimited r = (HttpFailure.RateLimited) g.closing();
    return Optional.of(new HttpFailure.RateLimited(r.said(), left, g.until(), false));
  }

  private HttpFailure circuitOpen(Circuit c) {
    boolean probing = c.breaker.getState() == CircuitBreaker.State.HALF_OPEN;
    return new HttpFailure.CircuitOpen(
        c.name, c.consecutiveFailures.get(), probing ? Optional.empty() : Optional.of(c.retryAt));
  }

  private <T> Attempt<T> attempt(Run<T> run) {
    if (!rateLimiter.acquirePermission()) {
      if (run.previous != null) {
        return run.previous.asFinal();
      }
      return new Attempt<>(
          new Outcome.Failed<>(
              new HttpFailure.NoPermit(
                  limiterName,
                  policy.requestsPerPeriod(),
                  policy.ratePeriod(),
                  policy.permitWait())),
          Verdict.NOT_SENT,
          false,
          run.deadlineNanos);
    }
    long remaining = run.deadlineNanos - System.nanoTime();
    if (remaining <= 0) {
      return run.previous != null
          ? run.previous.asFinal()
          : new Attempt<>(
              new Outcome.Failed<>(timeout(run.timeoutName)),
              Verdict.NOT_SENT,
              false,
              run.deadlineNanos);
    }
    Attempt<T> attempt = exchange(run, remaining);
    run.previous = attempt;
    return attempt;
  }

  private <T> Attempt<T> exchange(Run<T> run, long remainingNanos) {
    Call call = http.newCall(run.request);
    call.timeout().timeout(remainingNanos, TimeUnit.NANOSECONDS);
    requestsSent.increment();
    int status;
    Headers headers;
    String body;
    try (Response response = call.execute()) {
      status = response.code();
      headers = response.headers();
      body = readBody(response.body(), maxBodyBytes);
    } catch (InterruptedIOException timedOut) {
      return failed(run, timeout(run.timeoutName));
    } catch (IOException io) {
      return failed(run, new HttpFailure.Unavailable("I/O error: " + describe(io)));
    }
    Instant receivedAt = clock.instant();
    Answer answer = new Answer(status, headers, body, receivedAt);
    // A reply too large to read still counts by its status: a 5xx is retried, a 429 honoured.
    boolean read = body != null;
    T value = read ? run.reader.read(answer) : null;
    Signal signal = read ? run.reader.signal(value, answer) : Signal.NONE;
    Supplier<String> said =
        () -> withStatus(answer.status(), read ? run.reader.said(value, answer) : "(no body)");
    if (signal instanceof Signal.Banned banned) {
      return answered(run, ban(said.get(), headers, banned.backOff(), receivedAt));
    }
    banStreak.set(0);
    if (status == 429 || signal instanceof Signal.RateLimited) {
      Optional<Duration> told =
          signal instanceof Signal.RateLimited r ? r.retryAfter() : Optional.empty();
      return answered(run, rateLimited(said.get(), headers, told, receivedAt));
    }
    if (status >= 500 || status == 408) {
      return signal instanceof Signal.Unavailable
          ? retryable(run, new Outcome.Answered<>(value))
          : failed(run, new HttpFailure.Unavailable(said.get()));
    }
    if (!read) {
      return answered(run, new Outcome.Failed<>(new HttpFailure.TooLarge(status, maxBodyBytes)));
    }
    return signal instanceof Signal.Unavailable
        ? retryable(run, new Outcome.Answered<>(value))
        : answered(run, new Outcome.Answered<>(value));
  }

  private <T> Outcome<T> ban(
      String said, Headers headers, Optional<Duration> told, Instant receivedAt) {
    int streak = banStreak.getAndIncrement();
    Duration doubled = policy.banBackoff();
    for (int i = 0; i < streak && doubled.compareTo(policy.maxBanBackoff()) < 0; i++) {
      doubled = doubled.multipliedBy(2);
    }
    doubled = min(doubled, policy.maxBanBackoff());
    // Never back in sooner than the venue said, whichever way it said it.
    Duration backOff =
        Stream.of(Optional.of(doubled), retryAfter(headers, receivedAt), told)
            .flatMap(Optional::stream)
            .max(Duration::compareTo)
            .orElseThrow();
    Instant until = receivedAt.plus(backOff);
    HttpFailure.Banned banned = new HttpFailure.Banned(said, backOff, until);
    closeGate(new Gate(banned, until));
    failureLog.warn(
        limiterName + ".ban",
        "{}: banned by the venue, no request until {} ({} s): {}",
        subject,
        until,
        backOff.toSeconds(),
        said);
    return new Outcome.Failed<>(banned);
  }

  private <T> Outcome<T> rateLimited(
      String said, Headers headers, Optional<Duration> told, Instant receivedAt) {
    Duration wait =
        Stream.of(retryAfter(headers, receivedAt), told)
            .flatMap(Optional::stream)
            .max(Duration::compareTo)
            .orElse(policy.rateLimitedPause());
    Instant until = receivedAt.plus(wait);
    HttpFailure.RateLimited limited = new HttpFailure.RateLimited(said, wait, until, true);
    closeGate(new Gate(limited, until));
    return new Outcome.Failed<>(limited);
  }

  private void closeGate(Gate next) {
    gate.accumulateAndGet(
        next,
        (current, proposed) ->
            current != null && current.until().isAfter(proposed.until()) ? current : proposed);
  }

  private static <T> Attempt<T> failed(Run<T> run, HttpFailure failure) {
    return retryable(run, new Outcome.Failed<>(failure));
  }

  private static <T> Attempt<T> retryable(Run<T> run, Outcome<T> outcome) {
    return new Attempt<>(outcome, Verdict.FAILED, true, run.deadlineNanos);
  }

  private static <T> Attempt<T> answered(Run<T> run, Outcome<T> outcome) {
    return new Attempt<>(outcome, Verdict.ANSWERED, false, run.deadlineNanos);
  }

  /**
   * A retry needs its permit wait and a short attempt to fit in what is left of the call's budget.
   */
  private boolean roomForRetry(long deadlineNanos) {
    long remaining = deadlineNanos - System.nanoTime();
    return remaining > policy.permitWait().toNanos() + MIN_ATTEMPT_TIME.toNanos();
  }

  /**
   * Full jitter: uniform in [0, min(maxBackoff, initialBackoff * 2^(n-1))], then cut so that the
   * retry still fits in the budget.
   */
  private long backoffMillis(int attemptsSoFar, Either<Throwable, Attempt<?>> result) {
    long capMillis = policy.maxBackoff().toMillis();
    int shift = attemptsSoFar - 1;
    if (shift < 31) {
      long doubled = policy.initialBackoff().toMillis() << shift;
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
                  - MIN_ATTEMPT_TIME.toNanos());
      jitter = Math.min(jitter, room);
    }
    return Math.max(0, jitter);
  }

  private HttpFailure.Timeout timeout(String timeoutName) {
    return new HttpFailure.Timeout(timeoutName, policy.timeout());
  }

  /**
   * How long the venue asked us to wait: {@code Retry-After} in seconds or as an HTTP date; empty
   * when absent or unreadable.
   */
  public static Optional<Duration> retryAfter(Headers headers, Instant now) {
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

  /** The start of {@code body} on one line, at most {@code maxChars} of it, for messages. */
  public static String snippet(String body, int maxChars) {
    if (body == null || body.isBlank()) {
      return "(no body)";
    }
    String text = body.strip().replaceAll("\\s+", " ");
    return text.length() <= maxChars ? text : text.substring(0, maxChars) + "...";
  }

  /** {@code said} with the HTTP status in front, unless it has it or the status is a success. */
  private static String withStatus(int status, String said) {
    boolean success = status >= 200 && status <= 299;
    return success || said.startsWith("HTTP ") ? said : "HTTP " + status + ": " + said;
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

  private static String describe(Outcome<?> outcome) {
    return outcome instanceof Outcome.Failed<?> f ? f.failure().detail() : "answered";
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
