package io.hedgewatch.monitor;

import io.hedgewatch.chain.ChainSetupException;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.config.VenueConfig;
import io.hedgewatch.domain.CandleSeries;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.monitor.ReadCadences.Kind;
import io.hedgewatch.monitor.ReadCadences.Lease;
import io.hedgewatch.reference.FundingOutcome;
import io.hedgewatch.reference.FundingSource;
import io.hedgewatch.reference.HttpFundingSource;
import io.hedgewatch.reference.PriceSource;
import io.hedgewatch.reference.ReferenceCandles;
import io.hedgewatch.reference.ReferenceService;
import io.hedgewatch.reference.VenueReply;
import io.hedgewatch.venue.DydxReader;
import io.hedgewatch.venue.HyperliquidReader;
import io.hedgewatch.venue.OffchainVenuePolicy;
import io.hedgewatch.venue.PositionReader;
import io.hedgewatch.venue.VenueReader;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;

/**
 * The off-chain clients of one evaluation, made and read through its {@link ReadCadences}: kept
 * from cycle to cycle and read on their cadences under {@code run}, made afresh and asked every
 * time under {@code check} ({@link ReadCadences#none()}).
 *
 * <p>One client per venue serves both the markets and the positions part, so that a venue's rate
 * limiter counts every request hedgewatch sends it.
 */
final class CycleClients {

  private final ReadCadences cadences;
  private final Clock clock;

  CycleClients(ReadCadences cadences, Clock clock) {
    this.cadences = Objects.requireNonNull(cadences, "cadences");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  ReadCadences cadences() {
    return cadences;
  }

  private long cycle;

  /** Starts the next evaluation: the chains' heads are asked again. */
  synchronized void nextCycle() {
    cycle++;
  }

  /**
   * A chain's session for this evaluation, connected and pinned to this evaluation's head once
   * asked: the same session from cycle to cycle under cadences (connected once, and again only
   * after a failure), a new one closed with the lease under {@code check}.
   *
   * @throws ChainSetupException when no endpoint answers or the chain id differs
   */
  Lease<ChainSession> chain(ChainConfig chain, RpcRetryPolicy retryPolicy)
      throws ChainSetupException {
    Lease<ChainSession> lease =
        cadences.client(
            "chain " + chain, () -> new ChainSession(chain, retryPolicy), ChainSession::close);
    long number;
    synchronized (this) {
      number = cycle;
    }
    try {
      lease.get().begin(number);
      return lease;
    } catch (ChainSetupException e) {
      lease.close();
      throw e;
    }
  }

  /**
   * The store at {@code url} (funding history, baselines): opened once for the whole run under
   * cadences, so that a cycle neither reopens nor re-migrates it; per lease under {@code check}.
   */
  Lease<io.hedgewatch.store.Store> store(String url) {
    // The markets and the watched contracts run at once and may both open it under check: one at a
    // time, so that a new database is migrated by one and found migrated by the other.
    synchronized (storeOpening) {
      return cadences.client(
          "store " + url,
          () -> io.hedgewatch.store.Store.open(url),
          io.hedgewatch.store.Store::close);
    }
  }

  private final Object storeOpening = new Object();

  /**
   * The threads a cycle runs its independent stages on (the watched contracts alongside the markets
   * and positions): kept for the run under cadences, and shut down when they are closed; made and
   * shut down with the lease under {@code check}. Daemon threads, so that a run that is not closed
   * does not keep the JVM up.
   */
  Lease<ExecutorService> stageThreads() {
    return cadences.client(
        "stage threads", CycleClients::newStageThreads, ExecutorService::shutdown);
  }

  private static ExecutorService newStageThreads() {
    AtomicInteger made = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, "hedgewatch-stage-" + made.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** The HTTP client the venue clients are made with. */
  Lease<OkHttpClient> http() {
    return cadences.client(
        "http", () -> new OkHttpClient.Builder().build(), CycleClients::releaseHttp);
  }

  private static void releaseHttp(OkHttpClient http) {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }

  /** The reference venues ({@code references}), each quote of a market read on its cadence. */
  Lease<ReferenceService> references(Map<ReferenceVenue, Optional<String>> baseUrls) {
    return cadences.client(
        "references " + baseUrls,
        () -> ReferenceService.overHttp(baseUrls, clock, this::cachedQuotes),
        ReferenceService::close);
  }

  private PriceSource cachedQuotes(PriceSource http) {
    if (!cadences.caches()) {
      return http;
    }
    PriceSource source = cadences.metrics().map(m -> measured(http, m)).orElse(http);
    return new PriceSource() {
      @Override
      public ReferenceVenue venue() {
        return source.venue();
      }

      @Override
      public QuoteOutcome quote(VenueMarket market) {
        return cadences.read(
            Kind.SPOT_QUOTES,
            new QuoteKey(source.venue(), market),
            () -> source.quote(market),
            QuoteOutcome.NotQuoted.class::isInstance);
      }
    };
  }

  private record QuoteKey(ReferenceVenue venue, VenueMarket market) {}

  /** Latency of every request a venue really answers, and its failures by kind. */
  private static PriceSource measured(PriceSource source, MeterRegistry registry) {
    String venue = source.venue().configName();
    Timer latency =
        Timer.builder("hedgewatch.reference.latency")
            .description("one spot quote request to a reference venue, answered or failed")
            .tag("venue", venue)
            .publishPercentiles(0.5, 0.99)
            .register(registry);
    return new PriceSource() {
      @Override
      public ReferenceVenue venue() {
        return source.venue();
      }

      @Override
      public QuoteOutcome quote(VenueMarket market) {
        long started = System.nanoTime();
        QuoteOutcome outcome = source.quote(market);
        latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (outcome instanceof QuoteOutcome.NotQuoted failed) {
          Counter.builder("hedgewatch.reference.errors")
              .description("spot quote requests a reference venue did not answer with a price")
              .tag("venue", venue)
              .tag("kind", failed.failure().getClass().getSimpleName())
              .register(registry)
              .increment();
        }
        return outcome;
      }
    };
  }

  /** A centralized venue's perp funding, each pair's current funding read on its cadence. */
  FundingSource funding(CexFundingVenue venue, Optional<String> baseUrl, OkHttpClient http) {
    FundingSource source =
        cadences
            .client(
                "funding " + venue.configName() + " " + baseUrl,
                () -> HttpFundingSource.create(venue, baseUrl, http, clock))
            .get();
    if (!cadences.caches()) {
      return source;
    }
    return new FundingSource() {
      @Override
      public CexFundingVenue venue() {
        return source.venue();
      }

      @Override
      public FundingOutcome funding(Pair pair) {
        return cadences.read(
            Kind.CEX_FUNDING,
            new FundingKey(source.venue(), pair),
            () -> source.funding(pair),
            FundingOutcome.NotFunded.class::isInstance);
      }

      @Override
      public boolean hasHistory() {
        return source.hasHistory();
      }

      @Override
      public VenueReply<List<FundingPoint>> history(Pair pair, Instant from, Instant to) {
        return source.history(pair, from, to);
      }
    };
  }

  private record FundingKey(CexFundingVenue venue, Pair pair) {}

  /** Candles from the configured candle venues; empty when none is configured. */
  Optional<Candles> candles(Map<ReferenceVenue, Optional<String>> baseUrls, OkHttpClient http) {
    Optional<ReferenceCandles> candles =
        cadences
            .client("candles " + baseUrls, () -> ReferenceCandles.of(baseUrls, http, clock))
            .get();
    return candles.map(
        c ->
            (pair, interval, count) ->
                cadences.read(
                    Kind.CANDLES,
                    new CandleKey(pair, interval, count),
                    () -> c.candles(pair, interval, count),
                    reply -> !(reply instanceof VenueReply.Ok<CandleSeries>)));
  }

  /** The last {@code count} closed candles of a pair, as {@link ReferenceCandles#candles}. */
  @FunctionalInterface
  interface Candles {
    VenueReply<CandleSeries> candles(Pair pair, Duration interval, int count);
  }

  private record CandleKey(Pair pair, Duration interval, int count) {}

  /** An HTTP perp venue's markets, read on their cadence; empty for an on-chain venue. */
  Optional<VenueReader> markets(VenueConfig venue, OkHttpClient http) {
    Optional<HttpVenue> reader = httpVenue(venue, http);
    if (reader.isEmpty() || !cadences.caches()) {
      return reader.map(HttpVenue::markets);
    }
    VenueReader markets = reader.get().markets();
    return Optional.of(
        new VenueReader() {
          @Override
          public String venueId() {
            return markets.venueId();
          }

          @Override
          public List<Read<MarketSnapshot>> snapshots(List<String> marketKeys) {
            return cadences.read(
                Kind.VENUE_SNAPSHOTS,
                new SnapshotKey(markets.venueId(), "markets", List.copyOf(marketKeys)),
                () -> markets.snapshots(marketKeys),
                CycleClients::anyFailed);
          }

          @Override
          public Read<List<FundingPoint>> fundingHistory(
              String marketKey, Instant from, Instant to) {
            // Read on the funding history's own cadence, by MarketChecker.
            return markets.fundingHistory(marketKey, from, to);
          }
        });
  }

  /** An HTTP perp venue's account positions, read on their cadence; empty for other venues. */
  Optional<PositionReader> positions(VenueConfig venue, OkHttpClient http) {
    Optional<HttpVenue> reader = httpVenue(venue, http);
    if (reader.isEmpty() || !cadences.caches()) {
      return reader.map(HttpVenue::positions);
    }
    PositionReader positions = reader.get().positions();
    return Optional.of(
        new PositionReader() {
          @Override
          public String venueId() {
            return positions.venueId();
          }

          @Override
          public List<Read<PositionSnapshot>> positions(List<Request> requests) {
            return cadences.read(
                Kind.VENUE_SNAPSHOTS,
                new SnapshotKey(positions.venueId(), "positions", List.copyOf(requests)),
                () -> positions.positions(requests),
                CycleClients::anyFailed);
          }
        });
  }

  private record SnapshotKey(String venueId, String what, List<?> asked) {}

  /**
   * Any market or account failing keeps the whole answer only as long as a failure, so that the one
   * that failed is asked again soon; the others cost the venue nothing more, as it answers them in
   * the same requests.
   */
  private static boolean anyFailed(List<? extends Read<?>> reads) {
    return reads.stream().anyMatch(r -> r.failureIfAny().isPresent());
  }

  /** One reader of an HTTP venue in both its roles. */
  private record HttpVenue(VenueReader markets, PositionReader positions) {}

  private Optional<HttpVenue> httpVenue(VenueConfig venue, OkHttpClient http) {
    if (venue instanceof VenueConfig.Hyperliquid h) {
      HyperliquidReader reader =
          cadences
              .client(
                  "venue " + h.id() + " " + h.baseUrl(),
                  () ->
                      HyperliquidReader.create(
                          h.id(),
                          Optional.of(h.baseUrl()),
                          http,
                          clock,
                          OffchainVenuePolicy.DEFAULT_HYPERLIQUID))
              .get();
      return Optional.of(new HttpVenue(reader, reader));
    }
    if (venue instanceof VenueConfig.DydxV4 d) {
      DydxReader reader =
          cadences
              .client(
                  "venue " + d.id() + " " + d.baseUrl(),
                  () ->
                      DydxReader.create(
                          d.id(),
                          Optional.of(d.baseUrl()),
                          http,
                          clock,
                          OffchainVenuePolicy.DEFAULT_DYDX))
              .get();
      return Optional.of(new HttpVenue(reader, reader));
    }
    return Optional.empty();
  }

  /**
   * A market's settled funding history ({@link FundingHistoryKeeper#settled}) refreshed on its
   * cadence; kept for a failure's time when the venue or the store failed.
   */
  FundingHistory settledHistory(
      String venueId, String marketId, java.util.function.Supplier<FundingHistory> read) {
    return cadences.read(
        Kind.FUNDING_HISTORY,
        List.of(venueId, marketId),
        read,
        h -> h.problem().isPresent() || h.storeProblem().isPresent());
  }
}
