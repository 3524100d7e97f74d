package io.hedgewatch.reference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.support.HttpPolicy;
import io.hedgewatch.support.ThrottledLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One centralized venue's perpetual funding over HTTP: the venue's {@link FundingProtocol} for the
 * wire format, one {@link VenueHttp} named {@code funding.<venue>} for every endpoint (so a ban, a
 * {@code Retry-After} or an open circuit holds for the whole venue), and each endpoint's timeout
 * named {@code funding.<venue>.<endpoint>.timeout}.
 *
 * <p>A reading may take several requests (Binance: {@code premiumIndex} and {@code fundingInfo};
 * OKX: {@code funding-rate} and {@code mark-price}), each within the policy's timeout; the first
 * that fails is the reading's failure. Replies the protocol marks cacheable are reused for their
 * time on the injected clock. Expected failures come back as values; only programming errors throw.
 */
public final class HttpFundingSource implements FundingSource {

  private static final Logger LOG = LoggerFactory.getLogger(HttpFundingSource.class);
  private static final Duration LOG_INTERVAL = Duration.ofSeconds(30);

  /** The longest history one call reads; backfills of a rolling window need far less. */
  public static final Duration MAX_HISTORY_SPAN = Duration.ofDays(400);

  private final FundingProtocol protocol;
  private final CexFundingVenue venue;
  private final FundingPerps perps;
  private final HttpUrl baseUrl;
  private final Clock clock;
  private final VenueHttp client;
  private final ThrottledLog failureLog = new ThrottledLog(LOG, LOG_INTERVAL);
  private final ConcurrentHashMap<HttpUrl, Cached> cache = new ConcurrentHashMap<>();
  private final FundingExchange exchange = new Exchange();

  /** A successful reply body, reusable until {@code until}. */
  private record Cached(String body, Instant receivedAt, Instant until) {}

  public HttpFundingSource(
      FundingProtocol protocol,
      FundingPerps perps,
      HttpUrl baseUrl,
      OkHttpClient http,
      Clock clock,
      HttpPolicy policy) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.venue = Objects.requireNonNull(protocol.venue(), "protocol.venue()");
    this.perps = Objects.requireNonNull(perps, "perps");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client =
        new VenueHttp(
            FundingProtocols.instanceName(venue),
            venue.configName(),
            "funding",
            http,
            clock,
            policy,
            protocol.maxBodyBytes());
  }

  /**
   * A source for {@code venue} with the standard perps and the venue's default policy, at {@code
   * baseUrl} when config gives one, else at the protocol's default.
   *
   * @throws IllegalArgumentException when {@code baseUrl} is not an http(s) URL
   */
  public static HttpFundingSource create(
      CexFundingVenue venue, Optional<String> baseUrl, OkHttpClient http, Clock clock) {
    FundingProtocol protocol = FundingProtocols.of(venue);
    String url = baseUrl.orElseGet(protocol::defaultBaseUrl);
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "funding venue "
              + venue.configName()
              + ": base URL is not an http(s) URL: '"
              + url
              + "'");
    }
    return new HttpFundingSource(
        protocol,
        FundingPerps.standard(),
        parsed,
        http,
        clock,
        FundingProtocols.defaultPolicy(venue));
  }

  @Override
  public CexFundingVenue venue() {
    return venue;
  }

  public HttpUrl baseUrl() {
    return baseUrl;
  }

  public HttpPolicy policy() {
    return client.policy();
  }

  public CircuitBreaker.State circuitState() {
    return client.circuitState();
  }

  /** HTTP requests that left for the venue, retries included. */
  public long httpRequests() {
    return client.httpRequests();
  }

  @Override
  public FundingOutcome funding(Pair pair) {
    Objects.requireNonNull(pair, "pair");
    Optional<FundingPerp> perp = perps.perp(venue, pair);
    if (perp.isEmpty()) {
      return notFunded(pair, unlisted(pair));
    }
    VenueReply<CexFunding> reply = protocol.current(perp.get(), baseUrl, exchange);
    if (reply instanceof VenueReply.Ok<CexFunding> ok) {
      return new FundingOutcome.Funded(ok.value());
    }
    return notFunded(pair, reply.failureIfAny().orElseThrow());
  }

  @Override
  public boolean hasHistory() {
    return protocol.hasHistory();
  }

  @Override
  public VenueReply<List<FundingPoint>> history(Pair pair, Instant from, Instant to) {
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("history from " + from + " is after to " + to);
    }
    if (Duration.between(from, to).compareTo(MAX_HISTORY_SPAN) > 0) {
      throw new IllegalArgumentException(
          "history from " + from + " to " + to + " is longer than " + MAX_HISTORY_SPAN);
    }
    if (!protocol.hasHistory()) {
      throw new UnsupportedOperationException(
          venue.configName() + ": hedgewatch does not read this venue's funding history");
    }
    Optional<FundingPerp> perp = perps.perp(venue, pair);
    if (perp.isEmpty()) {
      return VenueReply.failed(unlisted(pair));
    }
    VenueReply<List<FundingPoint>> reply =
        protocol.history(perp.get(), from, to, baseUrl, exchange);
    reply
        .failureIfAny()
        .ifPresent(
            f ->
                failureLog.warn(
                    venue.configName() + ".history",
                    "funding {} {} history: {}",
                    venue.configName(),
                    perp.get().symbol(),
                    f.describe()));
    return reply;
  }

  private QuoteFailure unlisted(Pair pair) {
    return new QuoteFailure.UnsupportedMarket(
        "hedgewatch lists no " + venue.configName() + " perp for " + pair);
  }

  private FundingOutcome notFunded(Pair pair, QuoteFailure failure) {
    failureLog.warn(
        venue.configName(), "funding {} {}: {}", venue.configName(), pair, failure.describe());
    return new FundingOutcome.NotFunded(venue, pair, failure);
  }

  /** The protocol's requests through the resilient client, with the reply cache. */
  private final class Exchange implements FundingExchange {
    @Override
    public <T> VenueReply<T> get(FundingRequest<T> request) {
      boolean cacheable = !request.cacheFor().isZero();
      if (cacheable) {
        Cached hit = cache.get(request.url());
        if (hit != null && clock.instant().isBefore(hit.until())) {
          // The venue's answer for every symbol it covers, unlisted ones included.
          return request.reader().read(200, hit.body(), hit.receivedAt());
        }
      }
      return client.get(
          request.url(),
          FundingProtocols.timeoutName(venue, request.endpoint()),
          (status, body, receivedAt) -> {
            VenueReply<T> read = request.reader().read(status, body, receivedAt);
            if (cacheable && read instanceof VenueReply.Ok<T> && TickerProtocol.isSuccess(status)) {
              cache.put(
                  request.url(), new Cached(body, receivedAt, receivedAt.plus(request.cacheFor())));
            }
            return read;
          });
    }
  }
}
