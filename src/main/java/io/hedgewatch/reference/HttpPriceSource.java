package io.hedgewatch.reference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import io.hedgewatch.support.HttpPolicy;
import io.hedgewatch.support.ResilientHttp;
import io.hedgewatch.support.ThrottledLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reference venue's public ticker over HTTP: the venue's {@link VenueProtocol} for the wire
 * format, and around it a {@link VenueHttp} that keeps hedgewatch a polite client that answers on
 * time.
 *
 * <p>A quote goes through, in order:
 *
 * <ol>
 *   <li>the venue's own instructions: after a ban (HTTP 418, or a ban the protocol reads) no
 *       request leaves until the ban ends, and after a rate-limit reply (HTTP 429 or the venue's
 *       rate-limit code) none until its {@code Retry-After} (seconds or an HTTP date) has passed;
 *       meanwhile quotes are answered at once with {@code Banned} / {@code RateLimited};
 *   <li>the circuit breaker {@code reference.<venue>.ticker}: after {@link
 *       HttpPolicy#breakerFailures()} consecutive quotes failed by HTTP 5xx, I/O errors or timeouts
 *       it answers {@code Unavailable} until {@link HttpPolicy#breakerOpenFor()} has passed, then
 *       lets one probe through;
 *   <li>the local rate limiter of the same name, per attempt: no permit within {@link
 *       HttpPolicy#permitWait()} gives {@code RateLimited} instead of queueing;
 *   <li>the retry of the same name: HTTP 5xx and 408, I/O errors, timeouts and the venue's own
 *       "unavailable" are tried again while the budget allows; anything else the venue answered (a
 *       price, its error shape, a malformed body, a rate limit or a ban) is final.
 * </ol>
 *
 * <p>The whole quote, retries and waits included, ends within {@link HttpPolicy#timeout()} (named
 * {@code reference.<venue>.ticker.timeout}). Ban and {@code Retry-After} bookkeeping and the
 * circuit breaker read the injected {@link Clock}; only the network and the retry backoff take real
 * time. Expected failures come back as {@link QuoteOutcome.NotQuoted}; only programming errors
 * throw.
 */
public final class HttpPriceSource implements PriceSource {

  private static final Logger LOG = LoggerFactory.getLogger(HttpPriceSource.class);

  /** A ticker for one market is a few hundred bytes; anything this large is not one. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private static final Duration LOG_INTERVAL = Duration.ofSeconds(30);

  private final VenueProtocol protocol;
  private final ReferenceVenue venue;
  private final HttpUrl baseUrl;
  private final Clock clock;
  private final String timeoutName;
  private final VenueHttp client;
  private final ThrottledLog failureLog = new ThrottledLog(LOG, LOG_INTERVAL);

  private final LongAdder quotes = new LongAdder();
  private final LongAdder quoted = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> failuresByKind = new ConcurrentHashMap<>();
  private final AtomicReference<PriceSourceStats.LastFailure> lastFailure = new AtomicReference<>();

  public HttpPriceSource(
      VenueProtocol protocol, HttpUrl baseUrl, OkHttpClient http, Clock clock, HttpPolicy policy) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.venue = Objects.requireNonNull(protocol.venue(), "protocol.venue()");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeoutName = ReferenceVenuePolicy.timeoutName(venue);
    this.client =
        new VenueHttp(
            ReferenceVenuePolicy.instanceName(venue),
            venue.configName(),
            "reference",
            http,
            clock,
            policy,
            MAX_BODY_BYTES);
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
      HttpPolicy policy) {
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

  public HttpPolicy policy() {
    return client.policy();
  }

  /** The longest one quote takes: the venue's named ticker timeout. */
  public Duration timeoutBudget() {
    return client.policy().timeout();
  }

  public CircuitBreaker.State circuitState() {
    return client.circuitState();
  }

  public PriceSourceStats stats() {
    Map<String, Long> failures = new TreeMap<>();
    failuresByKind.forEach((kind, count) -> failures.put(kind, count.sum()));
    return new PriceSourceStats(
        venue,
        quotes.sum(),
        client.httpRequests(),
        quoted.sum(),
        failures,
        Optional.ofNullable(lastFailure.get()));
  }

  @Override
  public QuoteOutcome quote(VenueMarket market) {
    Objects.requireNonNull(market, "market");
    quotes.increment();
    VenueReply<VenueQuote> reply =
        client.get(
            protocol.tickerUrl(baseUrl, market),
            timeoutName,
            (status, body, receivedAt) ->
                asReply(protocol.parseTicker(market, status, body, receivedAt)));
    QuoteOutcome outcome =
        reply instanceof VenueReply.Ok<VenueQuote> ok
            ? new QuoteOutcome.Quoted(ok.value())
            : new QuoteOutcome.NotQuoted(venue, market, reply.failureIfAny().orElseThrow());
    return finish(outcome);
  }

  private static VenueReply<VenueQuote> asReply(QuoteOutcome outcome) {
    return outcome instanceof QuoteOutcome.Quoted q
        ? VenueReply.ok(q.quote())
        : VenueReply.failed(((QuoteOutcome.NotQuoted) outcome).failure());
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

  /**
   * How long the venue asked us to wait: {@code Retry-After} in seconds or as an HTTP date; empty
   * when absent or unreadable.
   */
  static Optional<Duration> retryAfter(Headers headers, Instant now) {
    return ResilientHttp.retryAfter(headers, now);
  }
}
