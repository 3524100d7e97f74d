package io.hedgewatch.reference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.hedgewatch.domain.Candle;
import io.hedgewatch.domain.CandleSeries;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.support.HttpPolicy;
import io.hedgewatch.support.ThrottledLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One centralized venue's spot candles over HTTP: the venue's {@link CandleProtocol} for the wire
 * format, one {@link VenueHttp} named {@code candles.<venue>} (its rate limiter, retry and circuit
 * breaker), each page within the timeout {@code candles.<venue>.<endpoint>.timeout}.
 *
 * <p>A window longer than one request allows is read page by page, oldest first; the first page
 * that fails is the read's failure. Only candles opening inside the window are kept, so the running
 * interval (which Binance and Kraken return with the rest) never counts as closed; the window ends
 * where the running interval begins on the injected clock.
 */
public final class HttpCandleSource implements CandleSource, CandleWindowSource {

  private static final Logger LOG = LoggerFactory.getLogger(HttpCandleSource.class);

  /** The most candles one read may ask for: 83 days of hourly candles. */
  public static final int MAX_CANDLES = 2000;

  private final CandleProtocol protocol;
  private final ReferenceVenue venue;
  private final VenueListings listings;
  private final HttpUrl baseUrl;
  private final Clock clock;
  private final VenueHttp client;
  private final String timeoutName;
  private final ThrottledLog failureLog = new ThrottledLog(LOG, Duration.ofSeconds(30));

  public HttpCandleSource(
      CandleProtocol protocol,
      VenueListings listings,
      HttpUrl baseUrl,
      OkHttpClient http,
      Clock clock,
      HttpPolicy policy) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.venue = protocol.venue();
    this.listings = Objects.requireNonNull(listings, "listings");
    this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeoutName = CandleProtocols.timeoutName(venue, protocol.endpoint());
    this.client =
        new VenueHttp(
            CandleProtocols.instanceName(venue),
            venue.configName(),
            "candles",
            http,
            clock,
            policy,
            CandleProtocol.DEFAULT_MAX_BODY_BYTES);
  }

  /**
   * A source for {@code venue} with the standard listings and the venue's default policy, at {@code
   * baseUrl} when config gives one, else at the venue's public API.
   *
   * @throws IllegalArgumentException when hedgewatch reads no candles from {@code venue}, or {@code
   *     baseUrl} is not an http(s) URL
   */
  public static HttpCandleSource create(
      ReferenceVenue venue, Optional<String> baseUrl, OkHttpClient http, Clock clock) {
    VenueListings listings = VenueListings.standard();
    CandleProtocol protocol =
        CandleProtocols.of(venue, listings)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "hedgewatch reads no candles from " + venue.configName()));
    String url = baseUrl.orElseGet(protocol::defaultBaseUrl);
    HttpUrl parsed = HttpUrl.parse(url);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "candles from " + venue.configName() + ": base URL is not an http(s) URL: '" + url + "'");
    }
    return new HttpCandleSource(
        protocol, listings, parsed, http, clock, CandleProtocols.defaultPolicy(venue));
  }

  @Override
  public ReferenceVenue venue() {
    return venue;
  }

  public HttpUrl baseUrl() {
    return baseUrl;
  }

  public CircuitBreaker.State circuitState() {
    return client.circuitState();
  }

  /** HTTP requests that left for the venue, retries included. */
  public long httpRequests() {
    return client.httpRequests();
  }

  @Override
  public VenueReply<CandleSeries> candles(Pair pair, Duration interval, int count) {
    Objects.requireNonNull(pair, "pair");
    CandleIntervals.require(interval);
    if (count < 1 || count > MAX_CANDLES) {
      throw new IllegalArgumentException(
          "candle count must be 1 to " + MAX_CANDLES + ", was " + count);
    }
    long step = interval.toMillis();
    Instant to = Instant.ofEpochMilli(Math.floorDiv(clock.millis(), step) * step);
    Instant from = to.minus(interval.multipliedBy(count));
    return read(pair, interval, from, to, count, true);
  }

  @Override
  public Optional<VenueMarket> market(Pair pair) {
    return listings.preferredMarket(venue, Objects.requireNonNull(pair, "pair"));
  }

  @Override
  public boolean supports(Duration interval) {
    return protocol.supports(interval);
  }

  @Override
  public Optional<Instant> earliestServed(Duration interval) {
    CandleIntervals.require(interval);
    if (protocol.maxLookback() == Integer.MAX_VALUE) {
      return Optional.empty();
    }
    return Optional.of(runningOpen(interval).minus(interval.multipliedBy(protocol.maxLookback())));
  }

  @Override
  public VenueReply<CandleSeries> window(Pair pair, Duration interval, Instant from, Instant to) {
    Objects.requireNonNull(pair, "pair");
    CandleIntervals.require(interval);
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    long step = interval.toMillis();
    if (from.isAfter(to) || from.toEpochMilli() % step != 0 || to.toEpochMilli() % step != 0) {
      throw new IllegalArgumentException(
          "candle window ["
              + from
              + ", "
              + to
              + ") is not whole "
              + CandleIntervals.label(interval)
              + " slots on the epoch grid");
    }
    // asks only for what the venue can answer: closed candles, within its lookback
    Instant askFrom = latest(from, earliestServed(interval).orElse(from));
    Instant askTo = to.isAfter(runningOpen(interval)) ? runningOpen(interval) : to;
    if (!askFrom.isBefore(askTo)) {
      Optional<VenueMarket> listed = market(pair);
      if (listed.isEmpty()) {
        return read(pair, interval, from, to, 0, false);
      }
      return VenueReply.ok(new CandleSeries(venue, listed.get(), interval, from, to, List.of()));
    }
    return read(pair, interval, askFrom, askTo, 0, false)
        .map(s -> new CandleSeries(venue, s.market(), interval, from, to, s.candles()));
  }

  private Instant runningOpen(Duration interval) {
    long step = interval.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(clock.millis(), step) * step);
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  /**
   * The candles opening in {@code [from, to)}, page by page.
   *
   * @param count the candles asked for by count, checked against the venue's lookback; 0 when the
   *     window was already clipped to it
   * @param emptyIsFailure whether a window without any candle is a failure (it is for the recent
   *     candles volatility needs, not for a stretch of history)
   */
  private VenueReply<CandleSeries> read(
      Pair pair, Duration interval, Instant from, Instant to, int count, boolean emptyIsFailure) {
    String label = CandleIntervals.label(interval);
    Optional<VenueMarket> listed = listings.preferredMarket(venue, pair);
    if (listed.isEmpty()) {
      return failed(
          pair.toString(),
          new QuoteFailure.UnsupportedMarket(
              "hedgewatch lists no " + venue.configName() + " market for " + pair));
    }
    VenueMarket market = listed.get();
    String symbol = market.nativeSymbol();
    if (!protocol.supports(interval)) {
      return failed(
          symbol,
          new QuoteFailure.UnsupportedMarket(
              symbol + ": " + venue.configName() + " has no " + label + " candles"));
    }
    if (count > protocol.maxLookback()) {
      return failed(
          symbol,
          new QuoteFailure.UnsupportedMarket(
              symbol
                  + ": "
                  + venue.configName()
                  + " keeps only its last "
                  + protocol.maxLookback()
                  + " closed "
                  + label
                  + " candles, "
                  + count
                  + " asked"));
    }
    TreeMap<Instant, Candle> candles = new TreeMap<>();
    for (Instant pageFrom = from; pageFrom.isBefore(to); ) {
      Instant pageTo = pageFrom.plus(interval.multipliedBy(protocol.maxPerRequest()));
      if (pageTo.isAfter(to)) {
        pageTo = to;
      }
      VenueReply<List<Candle>> page =
          client.get(
              protocol.url(baseUrl, market, interval, pageFrom, pageTo),
              timeoutName,
              (status, body, receivedAt) ->
                  protocol.parse(market, interval, status, body, receivedAt));
      if (page instanceof VenueReply.Failed<List<Candle>> f) {
        return failed(symbol, f.failure());
      }
      for (Candle c : page.asOptional().orElseThrow()) {
        if (!c.openTime().isBefore(from) && c.closeTime().compareTo(to) <= 0) {
          candles.putIfAbsent(c.openTime(), c);
        }
      }
      pageFrom = pageTo;
    }
    if (candles.isEmpty() && emptyIsFailure) {
      return failed(
          symbol,
          new QuoteFailure.Unavailable(
              venue.configName()
                  + " "
                  + symbol
                  + ": no "
                  + label
                  + " candle opening from "
                  + from
                  + " to "
                  + to));
    }
    return VenueReply.ok(
        new CandleSeries(venue, market, interval, from, to, List.copyOf(candles.values())));
  }

  private VenueReply<CandleSeries> failed(String what, QuoteFailure failure) {
    failureLog.warn(
        venue.configName(), "candles {} {}: {}", venue.configName(), what, failure.describe());
    return VenueReply.failed(failure);
  }
}
