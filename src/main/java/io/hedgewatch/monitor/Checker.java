package io.hedgewatch.monitor;

import io.hedgewatch.chain.ChainSetupException;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.RpcStats;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.config.FeedConfig;
import io.hedgewatch.config.FeedReference;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.MarketConfig;
import io.hedgewatch.config.PositionConfig;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.CandleSeries;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.RpcProbe;
import io.hedgewatch.domain.SequencerStatus;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.oracle.ChainObservation;
import io.hedgewatch.oracle.OracleReader;
import io.hedgewatch.platform.PlatformWatch;
import io.hedgewatch.reference.ReferenceService;
import io.hedgewatch.reference.VenueReply;
import io.hedgewatch.risk.OracleRules;
import io.hedgewatch.risk.RealisedVolatility;
import io.hedgewatch.risk.ReferenceRules;
import io.hedgewatch.risk.SequencerContext;
import io.hedgewatch.risk.Volatility;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import okhttp3.OkHttpClient;

/**
 * One full evaluation of a config ({@code hedgewatch check}): every chain is read once at its head
 * and every rule judges that single observation (no {@code sustain}, no hysteresis: that belongs to
 * {@code run}).
 *
 * <p>{@code run} evaluates once per block with a {@link ReadCadences} that lives as long as the
 * run: the chains are read at every evaluation, the centralized and HTTP perp venues on their own
 * cadences, with the same clients (and rate limiters) from one evaluation to the next.
 */
public final class Checker {

  private final HedgewatchConfig config;
  private final RpcRetryPolicy retryPolicy;
  private final Clock clock;
  private final CycleClients clients;
  private final OracleRules rules = new OracleRules();
  private final CycleStages stages;

  /** A checker that asks every venue at every {@link #check()}: {@code check}'s. */
  public Checker(HedgewatchConfig config, RpcRetryPolicy retryPolicy, Clock clock) {
    this(config, retryPolicy, clock, ReadCadences.none());
  }

  /**
   * @param cadences how often the off-chain venues are asked across checks, and the clients kept
   *     between them; the caller closes it after the last check
   */
  public Checker(
      HedgewatchConfig config, RpcRetryPolicy retryPolicy, Clock clock, ReadCadences cadences) {
    this.config = Objects.requireNonNull(config, "config");
    this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.clients = new CycleClients(cadences, clock);
    this.stages = cadences.metrics().map(CycleStages::on).orElse(CycleStages.none());
  }

  public CheckReport check() {
    clients.nextCycle();
    long rulesNanos = 0;
    List<ChainStatus> chains = new ArrayList<>();
    List<FeedStatus> feeds = new ArrayList<>();
    List<Alert> alerts = new ArrayList<>();
    Map<String, ReferenceService.Target> targets = referenceTargets();
    Map<String, ReferencePrice> marketReferences = Map.of();
    List<RpcProbe> endpoints;
    // The venues are asked, and every RPC endpoint probed, while the chains are read: a check takes
    // as long as the slowest of the three.
    try (ReadCadences.Lease<ReferenceService> references =
            targets.isEmpty() ? null : clients.references(baseUrls());
        RpcChecker rpc = RpcChecker.start(config, clock)) {
      CompletableFuture<List<QuoteOutcome>> quotes =
          references == null
              ? CompletableFuture.completedFuture(List.of())
              : CompletableFuture.supplyAsync(
                  () -> {
                    long asked = System.nanoTime();
                    try {
                      return references.get().quote(new LinkedHashSet<>(targets.values()));
                    } finally {
                      stages.since(CycleStages.Stage.REFERENCES, asked);
                    }
                  });
      for (ChainConfig chain : config.chains().values()) {
        List<FeedSpec> specs = config.feedsOn(chain.id()).stream().map(FeedConfig::spec).toList();
        if (specs.isEmpty() && chain.sequencerUptimeFeed().isEmpty()) {
          continue;
        }
        rulesNanos += checkChain(chain, specs, chains, feeds, alerts);
      }
      long probes = System.nanoTime();
      endpoints =
          rpc.finish(
              alerts,
              chains.stream().filter(c -> c.error().isPresent()).map(ChainStatus::id).toList());
      stages.since(CycleStages.Stage.RPC_PROBES, probes);
      if (!targets.isEmpty()) {
        List<QuoteOutcome> outcomes = quotes.join();
        long judging = System.nanoTime();
        judgeReferences(targets, outcomes, feeds, alerts);
        marketReferences = marketReferences(targets, outcomes);
        rulesNanos += System.nanoTime() - judging;
      }
    }
    stages.record(CycleStages.Stage.RULES, rulesNanos);
    // A chain already found unreadable is not asked again for its venues and watched contracts.
    Map<String, String> unreadable = new LinkedHashMap<>();
    chains.forEach(c -> c.error().ifPresent(e -> unreadable.put(c.id(), e)));
    Map<String, BigDecimal> prices = feedPrices(feeds);
    List<MarketReport> markets;
    List<PositionReport> positions;
    List<PlatformWatch.ContractReport> contracts;
    List<Alert> platformAlerts = new ArrayList<>();
    PlatformChecker platformChecker =
        new PlatformChecker(config, retryPolicy, unreadable.keySet(), clients);
    // The watched contracts need nothing the markets and positions find, and each of the three
    // spends most of its time waiting on its own reads: the platform runs alongside the other two
    // (the positions need the markets' reports, so those two stay in turn). Its alerts are kept
    // apart and added after theirs, so the report and the alerts keep the order of a serial check.
    try (ReadCadences.Lease<ExecutorService> pool = clients.stageThreads()) {
      CompletableFuture<List<PlatformWatch.ContractReport>> platform =
          CompletableFuture.supplyAsync(
              () -> {
                long started = System.nanoTime();
                try {
                  return platformChecker.check(platformAlerts);
                } finally {
                  stages.since(CycleStages.Stage.PLATFORM, started);
                }
              },
              pool.get());
      try {
        long marketsStarted = System.nanoTime();
        markets =
            new MarketChecker(
                    config, retryPolicy, clock, clients, unreadable, marketReferences, prices)
                .check(alerts);
        stages.since(CycleStages.Stage.MARKETS, marketsStarted);
        long positionsStarted = System.nanoTime();
        positions =
            config.positions().isEmpty()
                ? List.of()
                : checkPositions(unreadable, markets, marketReferences, prices, alerts);
        stages.since(CycleStages.Stage.POSITIONS, positionsStarted);
      } catch (RuntimeException | Error e) {
        // The platform must not outlive the leases this check's end releases.
        try {
          platform.join();
        } catch (CompletionException | CancellationException platformFailure) {
          e.addSuppressed(
              platformFailure.getCause() != null ? platformFailure.getCause() : platformFailure);
        }
        throw e;
      }
      contracts = joined(platform);
    }
    alerts.addAll(platformAlerts);
    StoreAlerts.join(alerts);
    return new CheckReport(
        clock.instant(),
        OracleRules.worst(alerts),
        chains,
        feeds,
        markets,
        positions,
        contracts,
        alerts,
        endpoints);
  }

  /** A stage's result, its own unchecked failure rethrown as it would have been on this thread. */
  private static <T> T joined(CompletableFuture<T> stage) {
    try {
      return stage.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw e;
    }
  }

  /** The realised volatility behind the distance in sigmas: a week of hourly candles. */
  static final Duration CANDLE_INTERVAL = Duration.ofHours(1);

  static final int CANDLES = 7 * 24;

  private List<PositionReport> checkPositions(
      Map<String, String> unreadable,
      List<MarketReport> markets,
      Map<String, ReferencePrice> marketReferences,
      Map<String, BigDecimal> feedPrices,
      List<Alert> alerts) {
    try (ReadCadences.Lease<OkHttpClient> http = clients.http()) {
      Map<String, Optional<RealisedVolatility>> volatility = volatility(http.get());
      return new PositionChecker(
              config,
              retryPolicy,
              clock,
              unreadable,
              markets,
              marketReferences,
              feedPrices,
              asset -> volatility.getOrDefault(asset, Optional.empty()),
              venue -> clients.positions(venue, http.get()),
              clients)
          .check(alerts);
    }
  }

  /**
   * The realised volatility of each base asset the positions are in, from a week of hourly spot
   * candles of its market's reference pair; empty for an asset whose candles no venue gave (the
   * distance in sigmas and the touch probability are then not judged).
   */
  private Map<String, Optional<RealisedVolatility>> volatility(OkHttpClient http) {
    Map<String, Pair> pairs = new LinkedHashMap<>();
    for (PositionConfig position : config.positions().values()) {
      config
          .markets()
          .get(position.market())
          .reference()
          .map(r -> Pair.of(r.symbol()))
          .ifPresent(pair -> pairs.putIfAbsent(pair.base(), pair));
    }
    Map<String, Optional<RealisedVolatility>> result = new LinkedHashMap<>();
    Optional<CycleClients.Candles> candles = clients.candles(baseUrls(), http);
    pairs.forEach(
        (asset, pair) ->
            result.put(
                asset,
                candles.flatMap(
                    c -> {
                      VenueReply<CandleSeries> reply = c.candles(pair, CANDLE_INTERVAL, CANDLES);
                      if (!(reply instanceof VenueReply.Ok<CandleSeries> ok)
                          || ok.value().closes().size() < 3) {
                        return Optional.empty();
                      }
                      try {
                        return Optional.of(
                            Volatility.realised(
                                ok.value().closes(),
                                CANDLE_INTERVAL,
                                ok.value().candles().size() + " hourly candles of " + pair));
                      } catch (IllegalArgumentException e) {
                        // a close that is not positive: no volatility rather than a made-up one
                        return Optional.empty();
                      }
                    })));
    return result;
  }

  /** The answer of every feed read in this check, by feed id (GMX prices its tokens with them). */
  private static Map<String, BigDecimal> feedPrices(List<FeedStatus> feeds) {
    Map<String, BigDecimal> prices = new LinkedHashMap<>();
    for (FeedStatus feed : feeds) {
      feed.reading()
          .flatMap(Checker::price)
          .filter(p -> p.signum() > 0)
          .ifPresent(p -> prices.put(feed.spec().id(), p));
    }
    return prices;
  }

  private static Optional<BigDecimal> price(FeedReading reading) {
    if (reading instanceof FeedReading.Chainlink c) {
      return Optional.of(c.price());
    }
    if (reading instanceof FeedReading.Pyth p) {
      return Optional.of(p.price().value());
    }
    return Optional.empty();
  }

  /** The reference pair and venues of every feed that has a {@code reference} block, by feed id. */
  private Map<String, ReferenceService.Target> referenceTargets() {
    Map<String, ReferenceService.Target> targets = new LinkedHashMap<>();
    for (FeedConfig feed : config.feeds().values()) {
      feed.reference()
          .ifPresent(
              r -> {
                List<String> names =
                    r.sources().isEmpty()
                        ? List.copyOf(config.spotReferences().keySet())
                        : r.sources();
                List<ReferenceVenue> venues =
                    names.stream()
                        .map(n -> ReferenceVenue.fromConfigName(n).orElseThrow())
                        .toList();
                targets.put(feed.id(), new ReferenceService.Target(Pair.of(r.symbol()), venues));
              });
    }
    // Markets with a reference pair are priced in the same round of requests (under "market:ID"
    // keys, which no feed
    // id can take), for the spot leg of basis.wide.
    for (MarketConfig market : config.markets().values()) {
      market
          .reference()
          .ifPresent(
              r ->
                  targets.put(
                      MARKET_KEY + market.id(),
                      new ReferenceService.Target(Pair.of(r.symbol()), venues(r))));
    }
    return targets;
  }

  private static final String MARKET_KEY = "market:";

  private List<ReferenceVenue> venues(FeedReference reference) {
    List<String> names =
        reference.sources().isEmpty()
            ? List.copyOf(config.spotReferences().keySet())
            : reference.sources();
    return names.stream().map(n -> ReferenceVenue.fromConfigName(n).orElseThrow()).toList();
  }

  /** The reference composite of every market that has a reference pair, by market id. */
  private Map<String, ReferencePrice> marketReferences(
      Map<String, ReferenceService.Target> targets, List<QuoteOutcome> outcomes) {
    Map<String, ReferencePrice> references = new LinkedHashMap<>();
    Instant now = clock.instant();
    for (MarketConfig market : config.markets().values()) {
      ReferenceService.Target target = targets.get(MARKET_KEY + market.id());
      if (target != null) {
        references.put(
            market.id(),
            ReferenceRules.composite(
                target.pair(),
                ReferenceService.relevantTo(target, outcomes),
                market.reference().orElseThrow().minSources(),
                now,
                config::rule));
      }
    }
    return references;
  }

  private Map<ReferenceVenue, Optional<String>> baseUrls() {
    Map<ReferenceVenue, Optional<String>> urls = new EnumMap<>(ReferenceVenue.class);
    config
        .spotReferences()
        .forEach(
            (name, venue) ->
                urls.put(ReferenceVenue.fromConfigName(name).orElseThrow(), venue.baseUrl()));
    return urls;
  }

  /**
   * Composites, {@code oracle.drift} and {@code reference.unavailable} per feed, then {@code
   * reference.divergence} once over every composite so that each venue gets one alert.
   */
  private void judgeReferences(
      Map<String, ReferenceService.Target> targets,
      List<QuoteOutcome> outcomes,
      List<FeedStatus> feeds,
      List<Alert> alerts) {
    Instant now = clock.instant();
    List<ReferencePrice> composites = new ArrayList<>();
    for (int i = 0; i < feeds.size(); i++) {
      FeedStatus feed = feeds.get(i);
      ReferenceService.Target target = targets.get(feed.spec().id());
      if (target == null) {
        continue;
      }
      int minSources = config.feeds().get(feed.spec().id()).reference().orElseThrow().minSources();
      ReferencePrice reference =
          ReferenceRules.composite(
              target.pair(),
              ReferenceService.relevantTo(target, outcomes),
              minSources,
              now,
              config::rule);
      composites.add(reference);
      List<Alert> feedAlerts = new ArrayList<>();
      Optional<Double> drift = Optional.empty();
      if (feed.reading().isPresent() && !(feed.reading().get() instanceof FeedReading.Unreadable)) {
        feedAlerts.addAll(
            ReferenceRules.evaluate(feed.spec(), feed.reading().get(), reference, config::rule));
        drift = ReferenceRules.driftBps(feed.reading().get(), reference);
      }
      alerts.addAll(feedAlerts);
      Severity status = Severity.worst(feed.status(), OracleRules.worst(feedAlerts));
      feeds.set(
          i,
          new FeedStatus(
              feed.spec(), feed.reading(), feed.block(), Optional.of(reference), drift, status));
    }
    alerts.addAll(ReferenceRules.evaluateSources(composites, config::rule));
  }

  /** Reads and judges one chain; returns the nanoseconds its rules took. */
  private long checkChain(
      ChainConfig chain,
      List<FeedSpec> specs,
      List<ChainStatus> chains,
      List<FeedStatus> feeds,
      List<Alert> alerts) {
    ChainObservation observation;
    String mode = "";
    long requests = 0;
    long calls = 0;
    long readStarted = System.nanoTime();
    try (ReadCadences.Lease<ChainSession> session = clients.chain(chain, retryPolicy)) {
      ChainSession reader = session.get();
      RpcStats timed = reader.stats();
      long waitBefore = timed.waitNanos();
      long decodeBefore = timed.decodeNanos();
      mode = reader.mode();
      OracleReader oracles = reader.oracles(specs, chain.sequencerUptimeFeed());
      // The cost reported is the cycle's own: the head and the oracle reads, not the metadata that
      // the first cycle (or the first after a failure) reads once.
      RpcStats stats = reader.stats();
      long requestsBefore = stats.httpRequests();
      long callsBefore = stats.rpcCalls();
      long head = reader.blockNumber();
      long requestsPreparing = stats.httpRequests();
      long callsPreparing = stats.rpcCalls();
      oracles.prepare(head);
      requestsBefore += stats.httpRequests() - requestsPreparing;
      callsBefore += stats.rpcCalls() - callsPreparing;
      observation = oracles.observeAt(head);
      requests = stats.httpRequests() - requestsBefore;
      calls = stats.rpcCalls() - callsBefore;
      stages.since(CycleStages.Stage.CHAIN_READ, readStarted);
      stages.record(CycleStages.Stage.CHAIN_RPC, timed.waitNanos() - waitBefore);
      stages.record(CycleStages.Stage.DECODE, timed.decodeNanos() - decodeBefore);
    } catch (ChainSetupException | IOException e) {
      String reason =
          e instanceof ChainSetupException
              ? e.getMessage()
              : "chain " + chain.id() + ": " + e.getMessage();
      chains.add(
          new ChainStatus(
              chain.id(),
              chain.chainId(),
              Optional.empty(),
              Optional.empty(),
              Optional.of(reason),
              mode,
              requests,
              calls));
      alerts.add(
          new Alert(
              "monitor.blind",
              Severity.UNKNOWN,
              "chain:" + chain.id(),
              "cannot read chain " + chain.id() + ": " + reason,
              null,
              null,
              "check the chain's rpcUrls and chainId; every feed on it is unjudged"));
      for (FeedSpec spec : specs) {
        feeds.add(
            new FeedStatus(
                spec,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Severity.UNKNOWN));
      }
      return 0;
    }
    long judging = System.nanoTime();
    chains.add(
        new ChainStatus(
            chain.id(),
            chain.chainId(),
            Optional.of(observation.block()),
            observation.sequencer(),
            Optional.empty(),
            mode,
            requests,
            calls));

    Optional<SequencerContext> sequencerContext = Optional.empty();
    if (observation.sequencer().isPresent()) {
      Read<SequencerStatus> read = observation.sequencer().get();
      if (read.asOptional().isPresent()) {
        SequencerStatus status = read.asOptional().get();
        alerts.addAll(
            rules.evaluateSequencer(chain.id(), status, observation.block(), config::rule));
        sequencerContext =
            Optional.of(
                OracleRules.sequencerContext(
                    chain.id(), status, observation.block(), config::rule));
      } else {
        alerts.add(
            new Alert(
                "sequencer.down",
                Severity.UNKNOWN,
                "chain:" + chain.id(),
                "cannot read the sequencer uptime feed of chain "
                    + chain.id()
                    + ": "
                    + read.failureIfAny().get().describe(),
                null,
                null,
                "check the chain's sequencerUptimeFeed address"));
      }
    }
    for (int i = 0; i < specs.size(); i++) {
      FeedSpec spec = specs.get(i);
      FeedReading reading = observation.feeds().get(i);
      List<Alert> feedAlerts =
          rules.evaluateFeed(
              spec, reading, observation.block(), sequencerContext, Optional.empty(), config::rule);
      alerts.addAll(feedAlerts);
      feeds.add(
          new FeedStatus(
              spec,
              Optional.of(reading),
              Optional.of(observation.block()),
              Optional.empty(),
              Optional.empty(),
              OracleRules.worst(feedAlerts)));
    }
    return System.nanoTime() - judging;
  }
}
