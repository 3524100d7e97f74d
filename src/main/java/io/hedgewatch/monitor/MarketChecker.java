package io.hedgewatch.monitor;

import io.hedgewatch.chain.ChainSetupException;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.MarketConfig;
import io.hedgewatch.config.VenueConfig;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.reference.FundingOutcome;
import io.hedgewatch.reference.FundingPerp;
import io.hedgewatch.reference.FundingPerps;
import io.hedgewatch.reference.FundingSource;
import io.hedgewatch.risk.MarketContext;
import io.hedgewatch.risk.MarketRules;
import io.hedgewatch.risk.OracleRules;
import io.hedgewatch.store.Store;
import io.hedgewatch.store.StoreException;
import io.hedgewatch.venue.GmxMarketResolver;
import io.hedgewatch.venue.GmxV2Reader;
import io.hedgewatch.venue.OnChainBatch;
import io.hedgewatch.venue.SynthetixV3Reader;
import io.hedgewatch.venue.VenueReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.OkHttpClient;

/**
 * The {@code markets} part of one check: every configured perp market read from its venue (all
 * markets of a venue in one go), its funding history for {@code funding.spike}'s z-score kept in
 * the store ({@code storage.url}, see {@link FundingHistoryKeeper}), and the market rules applied.
 *
 * <p>GMX v2's Reader takes the caller's token prices: the index token is priced with the market's
 * {@code oracleFeed} answer of this check (else its reference composite), the long and short tokens
 * as {@link io.hedgewatch.config.GmxMarketPricing} says; token decimals are read on chain.
 */
final class MarketChecker {

  /** The history behind the z-score; the rule's own window decides which of it counts. */
  static final Duration HISTORY = Duration.ofDays(8);

  private final HedgewatchConfig config;
  private final RpcRetryPolicy retryPolicy;
  private final Clock clock;
  private final CycleClients clients;
  private final Map<String, String> unreadableChains;
  private final Map<String, ReferencePrice> references;
  private final Map<String, BigDecimal> feedPrices;

  /**
   * @param clients the off-chain clients of this check, and how often they are asked
   * @param unreadableChains chains this check already failed to read, with the reason
   * @param references the reference composite of each market with a reference pair, by market id
   * @param feedPrices the answer of each feed read in this check, by feed id
   */
  MarketChecker(
      HedgewatchConfig config,
      RpcRetryPolicy retryPolicy,
      Clock clock,
      CycleClients clients,
      Map<String, String> unreadableChains,
      Map<String, ReferencePrice> references,
      Map<String, BigDecimal> feedPrices) {
    this.config = config;
    this.retryPolicy = retryPolicy;
    this.clock = clock;
    this.clients = clients;
    this.unreadableChains = Map.copyOf(unreadableChains);
    this.references = Map.copyOf(references);
    this.feedPrices = Map.copyOf(feedPrices);
  }

  List<MarketReport> check(List<Alert> alerts) {
    if (config.markets().isEmpty()) {
      return List.of();
    }
    List<MarketReport> reports = new ArrayList<>();
    funding = openFundingHistory();
    try (ReadCadences.Lease<OkHttpClient> http = clients.http()) {
      cexFunding = askCexFunding(http.get());
      // The on-chain venues of a chain are read together, in one readAt; the reports keep the
      // venues' order in the config.
      Map<String, List<VenueConfig>> onChain = new LinkedHashMap<>();
      for (VenueConfig venue : config.venues().values()) {
        if (venue instanceof VenueConfig.OnChain c && !config.marketsOf(venue.id()).isEmpty()) {
          onChain.computeIfAbsent(c.chain(), k -> new ArrayList<>()).add(venue);
        }
      }
      Map<String, List<MarketReport>> onChainReports = new LinkedHashMap<>();
      onChain.forEach(
          (chain, venues) -> onChainReports.putAll(checkOnChain(chain, venues, alerts)));
      for (VenueConfig venue : config.venues().values()) {
        List<MarketConfig> markets = config.marketsOf(venue.id());
        if (markets.isEmpty()) {
          continue;
        }
        List<MarketReport> read = onChainReports.get(venue.id());
        reports.addAll(read != null ? read : checkVenue(venue, markets, http.get(), alerts));
      }
    } finally {
      closeFundingHistory(alerts);
    }
    return reports;
  }

  /** The store behind the markets' funding history; null when it could not be opened. */
  private Store store;

  private ReadCadences.Lease<Store> storeLease;

  private FundingHistoryKeeper funding;

  /** The first store failure of this check, for its one monitor.blind alert. */
  private String storeProblem;

  /**
   * Opens {@code storage.url} for the funding history. A store that cannot be opened does not stop
   * the check: markets are then judged on their venues' own history, as they were before there was
   * a store.
   */
  private FundingHistoryKeeper openFundingHistory() {
    try {
      storeLease = clients.store(config.storage().url());
      store = storeLease.get();
      return new FundingHistoryKeeper(store, HISTORY);
    } catch (StoreException e) {
      storeProblem = e.getMessage();
      return FundingHistoryKeeper.withoutStore(e.getMessage(), HISTORY);
    }
  }

  private void closeFundingHistory(List<Alert> alerts) {
    if (storeLease != null) {
      storeLease.close();
    }
    if (storeProblem != null) {
      // As PlatformChecker does for an unusable store (Checker joins the two into one alert):
      // hedgewatch is blind to part of what it keeps.
      alerts.add(
          new Alert(
              StoreAlerts.RULE,
              Severity.UNKNOWN,
              StoreAlerts.SUBJECT,
              "cannot keep the markets' funding history: "
                  + storeProblem
                  + "; markets are judged on their venues' own history, and on-chain markets,"
                  + " whose funding is sampled into storage, have no funding z-score",
              null,
              null,
              "check storage.url"));
    }
  }

  /**
   * The funding history {@code funding.spike} judges the market against: settled history kept in
   * the store and topped up from the venue, or, for an on-chain venue (no history endpoint), the
   * rates sampled check after check. Settled history is refreshed on its cadence (at every check
   * for {@code check}); samples are taken at every check, at the check's block.
   */
  private FundingHistory history(
      VenueConfig venue,
      MarketConfig market,
      MarketSnapshot snapshot,
      VenueReader reader,
      Instant now) {
    FundingHistory history =
        venue.type().onChain()
            ? funding.sampled(market.id(), snapshot)
            : clients.settledHistory(
                venue.id(),
                market.id(),
                () ->
                    funding.settled(
                        market.id(),
                        now,
                        (from, to) -> reader.fundingHistory(market.market(), from, to)));
    if (storeProblem == null) {
      storeProblem = history.storeProblem().orElse(null);
    }
    return history;
  }

  /** Every CEX funding outcome of this check, by venue and base asset. */
  private Map<String, FundingOutcome> cexFunding = Map.of();

  private static String key(CexFundingVenue venue, String base) {
    return venue.configName() + "|" + base;
  }

  /**
   * Asks, concurrently, each CEX perp the markets compare funding with ({@code fundingReferences},
   * for the base asset of the market's {@code reference} pair). Each venue's requests carry its own
   * named timeout, so a slow venue costs the check no more than that.
   */
  private Map<String, FundingOutcome> askCexFunding(OkHttpClient http) {
    // Its own threads: the common pool has a single thread on a 2-core machine, which would ask the
    // venues one after
    // the other and let their timeouts add up.
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "cex-funding");
              t.setDaemon(true);
              return t;
            });
    try {
      return askCexFunding(http, pool);
    } finally {
      pool.shutdownNow();
    }
  }

  private Map<String, FundingOutcome> askCexFunding(OkHttpClient http, ExecutorService pool) {
    Map<String, CompletableFuture<FundingOutcome>> asked = new LinkedHashMap<>();
    Map<CexFundingVenue, FundingSource> sources = new EnumMap<>(CexFundingVenue.class);
    for (MarketConfig market : config.markets().values()) {
      if (market.reference().isEmpty()) {
        continue;
      }
      String base = Pair.of(market.reference().get().symbol()).base();
      for (CexFundingVenue venue : market.fundingReferences()) {
        Optional<FundingPerp> perp = FundingPerps.standard().preferred(venue, base);
        if (perp.isEmpty() || asked.containsKey(key(venue, base))) {
          continue;
        }
        FundingSource source =
            sources.computeIfAbsent(venue, v -> clients.funding(v, fundingBaseUrl(v), http));
        asked.put(
            key(venue, base),
            CompletableFuture.supplyAsync(() -> source.funding(perp.get().pair()), pool));
      }
    }
    Map<String, FundingOutcome> outcomes = new LinkedHashMap<>();
    asked.forEach((k, future) -> outcomes.put(k, future.join()));
    return outcomes;
  }

  /** Where each CEX's perps are served, as {@link CexFundingBaseUrls} reads the config. */
  private Optional<String> fundingBaseUrl(CexFundingVenue venue) {
    return CexFundingBaseUrls.of(config, venue);
  }

  private List<CexFunding> cexFundingFor(MarketConfig market) {
    if (market.reference().isEmpty()) {
      return List.of();
    }
    String base = Pair.of(market.reference().get().symbol()).base();
    List<CexFunding> funded = new ArrayList<>();
    for (CexFundingVenue venue : market.fundingReferences()) {
      FundingOutcome outcome = cexFunding.get(key(venue, base));
      if (outcome instanceof FundingOutcome.Funded f) {
        funded.add(f.funding());
      }
    }
    return funded;
  }

  private List<MarketReport> checkVenue(
      VenueConfig venue, List<MarketConfig> markets, OkHttpClient http, List<Alert> alerts) {
    List<String> keys = markets.stream().map(MarketConfig::market).toList();
    Optional<VenueReader> offChain = clients.markets(venue, http);
    if (offChain.isPresent()) {
      return judge(venue, markets, offChain.get(), alerts);
    }
    throw new IllegalStateException("on-chain venue " + venue.id() + " is read by checkOnChain");
  }

  /** One on-chain venue's markets, planned for the chain's shared read. */
  private record OnChainRead(
      VenueConfig venue,
      List<MarketConfig> readable,
      VenueReader reader,
      OnChainBatch batch,
      List<Optional<ReadFailure>> unresolved) {}

  /**
   * The markets of every on-chain venue of {@code chainId} in one readAt at the cycle's head (one
   * Multicall3 eth_call): each GMX market is resolved first (once per run, see {@link
   * ChainSession#resolveGmx}); one that cannot be is reported blind with the reason, in its
   * configured place. By venue id.
   */
  private Map<String, List<MarketReport>> checkOnChain(
      String chainId, List<VenueConfig> venues, List<Alert> alerts) {
    Map<String, List<MarketReport>> reports = new LinkedHashMap<>();
    ChainConfig chain = config.chains().get(chainId);
    if (unreadableChains.containsKey(chain.id())) {
      for (VenueConfig venue : venues) {
        reports.put(
            venue.id(),
            unread(
                venue,
                config.marketsOf(venue.id()),
                unreadableChains.get(chain.id()),
                alerts,
                true));
      }
      return reports;
    }
    List<OnChainRead> planned = new ArrayList<>();
    List<List<Read<MarketSnapshot>>> snapshots;
    try (ReadCadences.Lease<ChainSession> lease = clients.chain(chain, retryPolicy)) {
      ChainSession session = lease.get();
      for (VenueConfig venue : venues) {
        planned.add(plan(venue, config.marketsOf(venue.id()), session));
      }
      snapshots =
          OnChainBatch.readAt(
              session, session.blockNumber(), planned.stream().map(OnChainRead::batch).toList());
    } catch (ChainSetupException e) {
      return unreadAll(venues, e.getMessage(), alerts);
    } catch (IOException e) {
      return unreadAll(venues, "chain " + chain.id() + ": " + e.getMessage(), alerts);
    }
    for (int v = 0; v < planned.size(); v++) {
      OnChainRead p = planned.get(v);
      List<Read<MarketSnapshot>> read = snapshots.get(v);
      VenueReader fixed =
          new VenueReader() {
            @Override
            public String venueId() {
              return p.reader().venueId();
            }

            @Override
            public List<Read<MarketSnapshot>> snapshots(List<String> marketKeys) {
              return read;
            }

            @Override
            public Read<List<io.hedgewatch.domain.FundingPoint>> fundingHistory(
                String marketKey, Instant from, Instant to) {
              return p.reader().fundingHistory(marketKey, from, to);
            }
          };
      List<MarketReport> judged =
          p.readable().isEmpty() ? List.of() : judge(p.venue(), p.readable(), fixed, alerts);
      List<MarketConfig> markets = config.marketsOf(p.venue().id());
      List<MarketReport> venueReports = new ArrayList<>();
      int next = 0;
      for (int i = 0; i < markets.size(); i++) {
        Optional<ReadFailure> failure = p.unresolved().get(i);
        if (failure.isPresent()) {
          venueReports.addAll(
              unread(p.venue(), List.of(markets.get(i)), failure.get().describe(), alerts, true));
        } else {
          venueReports.add(judged.get(next++));
        }
      }
      reports.put(p.venue().id(), venueReports);
    }
    return reports;
  }

  private Map<String, List<MarketReport>> unreadAll(
      List<VenueConfig> venues, String reason, List<Alert> alerts) {
    Map<String, List<MarketReport>> reports = new LinkedHashMap<>();
    for (VenueConfig venue : venues) {
      reports.put(venue.id(), unread(venue, config.marketsOf(venue.id()), reason, alerts, true));
    }
    return reports;
  }

  /** The reader and the batch of one on-chain venue's markets; GMX markets resolved first. */
  private OnChainRead plan(VenueConfig venue, List<MarketConfig> markets, ChainSession chain)
      throws IOException {
    if (venue instanceof VenueConfig.SynthetixV3 s) {
      SynthetixV3Reader reader = new SynthetixV3Reader(s.id(), chain, s.address());
      return new OnChainRead(
          venue,
          markets,
          reader,
          reader.batch(markets.stream().map(MarketConfig::market).toList()),
          java.util.Collections.nCopies(markets.size(), Optional.<ReadFailure>empty()));
    }
    VenueConfig.GmxV2 g = (VenueConfig.GmxV2) venue;
    GmxPricing pricing = new GmxPricing(config, references, feedPrices);
    List<Read<GmxMarketResolver.Resolved>> resolved =
        chain.resolveGmx(g.reader(), g.dataStore(), markets.stream().map(pricing::spec).toList());
    List<MarketConfig> readable = new ArrayList<>();
    List<GmxV2Reader.Market> gmxMarkets = new ArrayList<>();
    for (int i = 0; i < markets.size(); i++) {
      Optional<GmxMarketResolver.Resolved> market = resolved.get(i).asOptional();
      if (market.isPresent()) {
        readable.add(markets.get(i));
        gmxMarkets.add(market.get().market());
      }
    }
    GmxV2Reader reader =
        new GmxV2Reader(g.id(), chain, g.reader(), g.dataStore(), gmxMarkets, pricing::usdPrice);
    for (Read<GmxMarketResolver.Resolved> r : resolved) {
      r.asOptional().ifPresent(m -> reader.know(m.market().marketToken(), m.props()));
    }
    return new OnChainRead(
        venue,
        readable,
        reader,
        reader.batch(readable.stream().map(MarketConfig::market).toList()),
        resolved.stream().map(Read::failureIfAny).toList());
  }

  private List<MarketReport> judge(
      VenueConfig venue, List<MarketConfig> markets, VenueReader reader, List<Alert> alerts) {
    List<Read<MarketSnapshot>> snapshots =
        reader.snapshots(markets.stream().map(MarketConfig::market).toList());
    List<MarketReport> reports = new ArrayList<>();
    Instant now = clock.instant();
    for (int i = 0; i < markets.size(); i++) {
      MarketConfig market = markets.get(i);
      Read<MarketSnapshot> snapshot = snapshots.get(i);
      if (snapshot.failureIfAny().isPresent()) {
        Alert blind = blind(market, snapshot.failureIfAny().get().describe());
        alerts.add(blind);
        reports.add(
            new MarketReport(
                market,
                venue,
                snapshot,
                MarketContext.EMPTY,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Severity.UNKNOWN));
        continue;
      }
      FundingHistory history = history(venue, market, snapshot.asOptional().get(), reader, now);
      MarketContext context =
          new MarketContext(
              history.points(),
              cexFundingFor(market),
              Optional.ofNullable(references.get(market.id())));
      MarketRules.Observation observed =
          MarketRules.observe(market.id(), snapshot.asOptional().get(), context, config::rule);
      List<Alert> marketAlerts = observed.alerts();
      alerts.addAll(marketAlerts);
      reports.add(
          new MarketReport(
              market,
              venue,
              snapshot,
              context,
              history.problem(),
              observed.fundingZScore(),
              MarketRules.basisBps(snapshot.asOptional().get()),
              OracleRules.worst(marketAlerts),
              Optional.of(history.source())));
    }
    return reports;
  }

  private List<MarketReport> unread(
      VenueConfig venue,
      List<MarketConfig> markets,
      String reason,
      List<Alert> alerts,
      boolean blind) {
    List<MarketReport> reports = new ArrayList<>();
    for (MarketConfig market : markets) {
      if (blind) {
        alerts.add(blind(market, reason));
      }
      reports.add(
          new MarketReport(
              market,
              venue,
              Read.failed(new ReadFailure.Unavailable(reason)),
              MarketContext.EMPTY,
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Severity.UNKNOWN));
    }
    return reports;
  }

  private static Alert blind(MarketConfig market, String reason) {
    return new Alert(
        "monitor.blind",
        Severity.UNKNOWN,
        MarketRules.subject(market.id()),
        "cannot read market "
            + market.id()
            + " ("
            + market.market()
            + " on "
            + market.venue()
            + "): "
            + reason,
        null,
        null,
        "check the venue's URL or chain and the market key");
  }
}
