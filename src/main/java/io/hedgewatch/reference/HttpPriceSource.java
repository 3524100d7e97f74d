package io.hedgewatch.reference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
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
 * One reference venue's public ticker over HTTP: the venue's {@link VenueProtocol} for the wire
 * format, and around it everything that keeps hedgewatch a polite client that answers on time.
 *
 * <p>A quote goes through, in order:
 *
 * <ol>
 *   <li>the venue's own instructions: after a ban (HTTP 418, or a ban the protocol reads) no
 *       request leaves until the ban ends, and after a rate-limit reply (HTTP 429 or the venue's
 *       rate-limit code) none until its {@code Retry-After} (seconds or an HTTP date) has passed;
 *       meanwhile quotes are answered at once with {@code Banned} / {@code RateLimited};
 *   <li>the circuit breaker {@code reference.<venue>.ticker}: after {@link
 *       ReferenceVenuePolicy#breakerFailures()} consecutive quotes failed by HTTP 5xx, I/O errors
 *       or timeouts it answers {@code Unavailable} until {@link
 *       ReferenceVenuePolicy#breakerOpenFor()} has passed, then lets one probe through;
 *   <li>the local rate limiter of the same name, per attempt: no permit within {@link
 *       ReferenceVenuePolicy#permitWait()} gives {@code RateLimited} instead of queueing;
 *   <li>the retry of the same name: HTTP 5xx and 408, I/O errors, timeouts and the venue's own
 *       "unavailable" are tried again while the budget allows; anything else the venue answered (a
 *       price, its error shape, a malformed body, a rate limit or a ban) is final.
 * </ol>
 *
 * <p>The whole quote, retries and waits included, ends within {@link
 * ReferenceVenuePolicy#timeout()} (named {@code reference.<venue>.ticker.timeout}). Ban and {@code
 * Retry-After} bookkeeping and the circuit breaker read the injected {@link Clock}; only the
 * network and the retry backoff take real time. Expected failures come back as {@link
 * QuoteOutcome.NotQuoted}; only programming errors throw.
 */
public final class HttpPriceSource implements PriceSource {

  private static final Logger LOG = LoggerFactory.getLogger(HttpPriceSource.class);

  /** The least time a retry must have after its permit wait, else the quote ends. */
  static final Duration MIN_RETRY_TIME = Duration.ofMillis(100);

  /** A ticker for one market is a few hundred bytes; anything this large is not one. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private static final Duration LOG_INTERVAL = Duration.ofSeconds(30);
  private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,12}");

  private final VenueProtocol protocol;
  private final ReferenceVenue venue;
  private final HttpUrl baseUrl;
  private final OkHttpClient http;
  private final Clock clock;
  private final ReferenceVenuePolicy policy;
  private final String name;
  private final String timeoutName;
  private final RateLimiter rateLimiter;
  private final Retry retry;
  private final CircuitBreaker breaker;
  private final ThrottledLog failureLog = new ThrottledLog(LOG, LOG_INTERVAL);

  private final AtomicReference<Gate> gate = new AtomicReference<>();
  private final AtomicInteger banStreak = new AtomicInteger();
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private volatile Instant circuitRetryAt = Instant.MIN;

  private final LongAdder quotes = new LongAdder();
  private final LongAdder httpRequests = new LongAdder();
  private final LongAdder quoted = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> failuresByKind = new ConcurrentHashMap<>();
  private final AtomicReference<PriceSourceStats.LastFailure> lastFailure = new AtomicReference<>();

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

  private record Attempt(
      QuoteOutcome outcome, Verdict verdict, boolean retryable, long deadlineNanos) {
    Attempt asFinal() {
      return new Attempt(outcome, verdict, false, deadlineNanos);
    }
  }

  /** One quote's state across its attempts. */
  private static final class Run {
    final VenueMarket market;
    final long deadlineNanos;
    Attempt previous;

    Run(VenueMarket market, long deadlineNanos) {
      this.market = market;
      this.deadlineNanos = deadlineNanos;
    }
  }

  /** Handed to the circuit breaker for a failed quote; carries no stack. */
  private static final class QuoteFailedException extends RuntimeException {
    QuoteFailedException(String message) {
      super(message, null, false, false);
    }
  }

  public HttpPriceSource(
      VenueProtocol protocol,
      HttpUrl baseUrl,
      OkHttpClient http,
      Clock clock,
      ReferenceVenuePolicy policy) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.venue = Objects.requireNonNull(protocol.venue(), "protocol.venue()");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.http = Objects.requireNonNull(http, "http");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.name = ReferenceVenuePolicy.instanceName(venue);
    this.timeoutName = ReferenceVenuePolicy.timeoutName(venue);
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
            RetryConfig.<Attempt>custom()
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
                    venue.configName() + ".circuit",
                    "reference {}: circuit {} open after {} consecutive failures, next try at {}",
                    venue.configName(),
                    name,
                    consecutiveFailures.get(),
                    circuitRetryAt);
              } else if (to == CircuitBreaker.State.CLOSED) {
                LOG.info("reference {}: circuit {} closed", venue.configName(), name);
              }
            });
  }

  /**
   * A source for {@code protocol} at {@code baseUrl} when config gives one, else at the protocol's
   * default.
   */
  public static HttpPriceSource create(
      VenueProtocol protocol,
      Optional<String> baseUrl,
      OkHttpClient http,
      Clock clock,
      ReferenceVenuePolicy policy) {
    String url = baseUrl.orElseGet(protocol::defaultBaseUrl);
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "reference venue "
              + protocol.venue().configName()
              + ": base URL is not an http(s) URL: '"
              + url
              + "'");
    }
    return new HttpPriceSource(protocol, parsed, http, clock, policy);
  }

  @Override
  public ReferenceVenue venue() {
    return venue;
  }

  public HttpUrl baseUrl() {
    return baseUrl;
  }

  public ReferenceVenuePolicy policy() {
    return policy;
  }

  /** The longest one quote takes: the venue's named ticker timeout. */
  public Duration timeoutBudget() {
    return policy.timeout();
  }

  public CircuitBreaker.State circuitState() {
    return breaker.getState();
  }

  public PriceSourceStats stats() {
    Map<String, Long> failures = new TreeMap<>();
    failuresByKind.forEach((kind, count) -> failures.put(kind, count.sum()));
    return new PriceSourceStats(
        venue,
        quotes.sum(),
        httpRequests.sum(),
        quoted.sum(),
        failures,
        Optional.ofNullable(lastFailure.get()));
  }

  @Override
  public QuoteOutcome quote(VenueMarket market) {
    Objects.requireNonNull(market, "market");
    quotes.increment();
    Optional<QuoteFailure> quiet = quietFailure(clock.instant());
    if (quiet.isPresent()) {
      return finish(notQuoted(market, quiet.get()));
    }
    if (!breaker.tryAcquirePermission()) {
      return finish(notQuoted(market, circuitOpen()));
    }
    long start = System.nanoTime();
    Run run = new Run(market, start + policy.timeout().toNanos());
    Attempt last;
    try {
      last = retry.executeSupplier(() -> attempt(run));
    } catch (CancellationException e) {
      // Interrupted during a backoff: whoever asked has stopped waiting.
      breaker.releasePermission();
      return finish(notQuoted(market, timeout()));
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
            elapsed, TimeUnit.NANOSECONDS, new QuoteFailedException(describe(last.outcome())));
      }
      case NOT_SENT -> breaker.releasePermission();
    }
    return finish(last.outcome());
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

  private Attempt attempt(Run run) {
    if (!rateLimiter.acquirePermission()) {
      if (run.previous != null) {
        return run.previous.asFinal();
      }
      return new Attempt(
          notQuoted(
              run.market,
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
          : new Attempt(
              notQuoted(run.market, timeout()), Verdict.NOT_SENT, false, run.deadlineNanos);
    }
    Attempt attempt = exchange(run, remaining);
    run.previous = attempt;
    return attempt;
  }

  private Attempt exchange(Run run, long remainingNanos) {
    VenueMarket market = run.market;
    Request request =
        new Request.Builder()
            .url(protocol.tickerUrl(baseUrl, market))
            .header("Accept", "application/json")
            .get()
            .build();
    Call call = http.newCall(request);
    call.timeout().timeout(remainingNanos, TimeUnit.NANOSECONDS);
    httpRequests.increment();
    int status;
    Headers headers;
    String body;
    try (Response response = call.execute()) {
      status = response.code();
      headers = response.headers();
      body = readBody(response.body());
    } catch (InterruptedIOException e) {
      return retryable(run, timeout());
    } catch (IOException e) {
      return retryable(run, new QuoteFailure.Unavailable("I/O error: " + describe(e)));
    }
    Instant receivedAt = clock.instant();
    QuoteOutcome parsed =
        body != null
            ? protocol.parseTicker(market, status, body, receivedAt)
            : notQuoted(
                market,
                new QuoteFailure.Malformed(
                    "HTTP " + status + " reply larger than " + MAX_BODY_BYTES + " bytes"));
    QuoteFailure failure = failureOf(parsed);
    if (status == 418 || failure instanceof QuoteFailure.Banned) {
      return answered(run, ban(market, status, headers, body, failure, receivedAt));
    }
    banStreak.set(0);
    if (status == 429 || failure instanceof QuoteFailure.RateLimited) {
      return answered(run, rateLimited(market, status, headers, body, failure, receivedAt));
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
    return new Attempt(parsed, Verdict.ANSWERED, false, run.deadlineNanos);
  }

  private QuoteOutcome ban(
      VenueMarket market,
      int status,
      Headers headers,
      String body,
      QuoteFailure failure,
      Instant receivedAt) {
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
    String message =
        venue.configName() + " banned this IP: " + withStatus(status, said(failure, body));
    closeGate(new Gate(true, until, message));
    failureLog.warn(
        venue.configName() + ".ban",
        "reference {}: banned by the venue, no request until {} ({} s): {}",
        venue.configName(),
        until,
        backOff.toSeconds(),
        message);
    return notQuoted(
        market, new QuoteFailure.Banned(backOff, message + "; no request until " + until));
  }

  private QuoteOutcome rateLimited(
      VenueMarket market,
      int status,
      Headers headers,
      String body,
      QuoteFailure failure,
      Instant receivedAt) {
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
    return notQuoted(
        market,
        new QuoteFailure.RateLimited(Optional.of(wait), message + "; no request until " + until));
  }

  private void closeGate(Gate next) {
    gate.accumulateAndGet(
        next,
        (current, proposed) ->
            current != null && current.until().isAfter(proposed.until()) ? current : proposed);
  }

  private Attempt retryable(Run run, QuoteFailure failure) {
    return new Attempt(notQuoted(run.market, failure), Verdict.FAILED, true, run.deadlineNanos);
  }

  private Attempt answered(Run run, QuoteOutcome outcome) {
    return new Attempt(outcome, Verdict.ANSWERED, false, run.deadlineNanos);
  }

  /**
   * A retry needs its permit wait and a short attempt to fit in what is left of the quote's budget.
   */
  private boolean roomForRetry(Attempt attempt) {
    long remaining = attempt.deadlineNanos() - System.nanoTime();
    return remaining > policy.permitWait().toNanos() + MIN_RETRY_TIME.toNanos();
  }

  /**
   * Full jitter: uniform in [0, min(maxBackoff, initialBackoff * 2^(n-1))], then cut so that the
   * retry still fits in the budget.
   */
  private long backoffMillis(int attemptsSoFar, Either<Throwable, Attempt> result) {
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

  private QuoteOutcome finish(QuoteOutcome outcome) {
    if (outcome instanceof QuoteOutcome.NotQuoted failed) {
      QuoteFailure failure = failed.failure();
      failuresByKind
          .computeIfAbsent(failure.getClass().getSimpleName(), k -> new LongAdder())
          .increment();
      lastFailure.set(new PriceSourceStats.LastFailure(clock.instant(), failed.market(), failure));
      failureLog.warn(
          venue.configName(),
          "reference {} {}: {}",
          venue.configName(),
          failed.market().nativeSymbol(),
          failure.describe());
    } else {
      quoted.increment();
    }
    return outcome;
  }

  private QuoteOutcome.NotQuoted notQuoted(VenueMarket market, QuoteFailure failure) {
    return new QuoteOutcome.NotQuoted(venue, market, failure);
  }

  private QuoteFailure.Timeout timeout() {
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

  private static QuoteFailure failureOf(QuoteOutcome outcome) {
    return outcome instanceof QuoteOutcome.NotQuoted n ? n.failure() : null;
  }

  /** What the venue said in a reply the protocol read as a failure, in the venue's own words. */
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

  private static String describe(QuoteOutcome outcome) {
    QuoteFailure failure = failureOf(outcome);
    return failure == null ? "quoted" : failure.describe();
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
