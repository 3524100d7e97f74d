package io.hedgewatch.monitor;

import io.hedgewatch.chain.BlockReads;
import io.hedgewatch.chain.ChainSetupException;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.WalletReads;
import io.hedgewatch.config.BufferConfig;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.config.HedgeConfig;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.ManualPosition;
import io.hedgewatch.config.MarketConfig;
import io.hedgewatch.config.PositionConfig;
import io.hedgewatch.config.VenueConfig;
import io.hedgewatch.config.WalletHolding;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BufferBalance;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.HedgedExposure;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.CollateralPeg;
import io.hedgewatch.risk.HedgeTarget;
import io.hedgewatch.risk.OracleRules;
import io.hedgewatch.risk.PositionContext;
import io.hedgewatch.risk.PositionMetrics;
import io.hedgewatch.risk.PositionRules;
import io.hedgewatch.risk.RealisedVolatility;
import io.hedgewatch.venue.GmxMarketResolver;
import io.hedgewatch.venue.GmxV2PositionReader;
import io.hedgewatch.venue.OnChainPositionBatch;
import io.hedgewatch.venue.PositionReader;
import io.hedgewatch.venue.SynthetixV3PositionReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code positions} part of one check: every configured position read from its venue (or taken
 * as the config describes it, at the market's price), its hedged exposure and buffer read from
 * config or on chain, its market's funding from the markets part of the same check, and the
 * position rules applied. Positions of one venue are read together (one eth_call per on-chain
 * venue); wallets of one chain likewise.
 */
final class PositionChecker {

  private final HedgewatchConfig config;
  private final RpcRetryPolicy retryPolicy;
  private final Clock clock;
  private final Map<String, String> unreadableChains;
  private final Map<String, MarketReport> markets = new LinkedHashMap<>();
  private final Map<String, ReferencePrice> references;
  private final Map<String, BigDecimal> feedPrices;
  private final Function<String, Optional<RealisedVolatility>> volatility;
  private final PositionSources offChain;

  /**
   * @param marketReports the markets part of the same check: marks, funding and its history
   * @param references the reference composite of each market with a reference pair, by market id
   * @param feedPrices the answer of each feed read in this check, by feed id
   * @param volatility the realised volatility of a base asset, when candles could be had
   * @param offChain the readers of the venues served over HTTP
   */
  PositionChecker(
      HedgewatchConfig config,
      RpcRetryPolicy retryPolicy,
      Clock clock,
      Map<String, String> unreadableChains,
      List<MarketReport> marketReports,
      Map<String, ReferencePrice> references,
      Map<String, BigDecimal> feedPrices,
      Function<String, Optional<RealisedVolatility>> volatility,
      PositionSources offChain,
      CycleClients clients) {
    this.clients = clients;
    this.config = config;
    this.retryPolicy = retryPolicy;
    this.clock = clock;
    this.unreadableChains = Map.copyOf(unreadableChains);
    marketReports.forEach(r -> markets.put(r.market().id(), r));
    this.references = Map.copyOf(references);
    this.feedPrices = Map.copyOf(feedPrices);
    this.volatility = volatility;
    this.offChain = offChain;
  }

  private final CycleClients clients;

  /** Venue position readers built outside the chain reads (the HTTP venues). */
  interface PositionSources {
    /** The reader of an off-chain venue's positions; empty when there is none for its type. */
    Optional<PositionReader> readerFor(VenueConfig venue);
  }

  List<PositionReport> check(List<Alert> alerts) {
    if (config.positions().isEmpty()) {
      return List.of();
    }
    Map<String, Read<PositionSnapshot>> snapshots = readPositions();
    Map<String, Read<HedgedExposure>> exposures = new LinkedHashMap<>();
    Map<String, Read<BufferBalance>> buffers = new LinkedHashMap<>();
    readWallets(exposures, buffers);
    List<PositionReport> reports = new ArrayList<>();
    for (PositionConfig position : config.positions().values()) {
      reports.add(
          judge(
              position,
              snapshots.get(position.id()),
              exposures.get(position.id()),
              buffers.get(position.id()),
              alerts));
    }
    return reports;
  }

  private PositionReport judge(
      PositionConfig position,
      Read<PositionSnapshot> snapshot,
      Read<HedgedExposure> exposure,
      Read<BufferBalance> buffer,
      List<Alert> alerts) {
    MarketConfig market = config.markets().get(position.market());
    List<String> problems = new ArrayList<>();
    if (exposure != null && exposure.failureIfAny().isPresent()) {
      problems.add("hedged exposure: " + exposure.failureIfAny().get().describe());
    }
    if (buffer != null && buffer.failureIfAny().isPresent()) {
      problems.add("buffer: " + buffer.failureIfAny().get().describe());
    }
    if (snapshot.failureIfAny().isPresent()) {
      alerts.add(blind(position, snapshot.failureIfAny().get().describe()));
      return new PositionReport(
          position,
          market,
          snapshot,
          Optional.empty(),
          Optional.empty(),
          problems,
          Severity.UNKNOWN);
    }
    PositionSnapshot p = snapshot.asOptional().get();
    MarketReport marketReport = markets.get(market.id());
    Optional<MarketSnapshot> marketSnapshot =
        marketReport == null ? Optional.empty() : marketReport.snapshot().asOptional();
    List<FundingPoint> history =
        marketReport == null ? List.of() : marketReport.context().fundingHistory();
    String asset = asset(market);
    PositionContext context =
        new PositionContext(
            asset,
            quote(market),
            exposure == null ? Optional.empty() : exposure.asOptional(),
            Optional.empty(),
            new HedgeTarget(position.targetRatio(), position.band().low(), position.band().high()),
            buffer == null ? Optional.empty() : buffer.asOptional(),
            marketSnapshot.flatMap(MarketSnapshot::fundingRateHourly),
            history,
            volatility.apply(asset),
            collateral(position));
    List<Alert> positionAlerts = PositionRules.evaluate(p, context, config::rule);
    PositionMetrics metrics = PositionRules.metrics(p, context, config::rule);
    alerts.addAll(positionAlerts);
    Severity status = OracleRules.worst(positionAlerts);
    if (!problems.isEmpty()) {
      Alert partial =
          new Alert(
              "monitor.blind",
              Severity.UNKNOWN,
              PositionRules.subject(position.id()),
              "position " + position.id() + " is judged without its " + String.join("; ", problems),
              null,
              null,
              "check the wallet's chain, token and holder");
      alerts.add(partial);
      status = Severity.worst(status, Severity.UNKNOWN);
    }
    return new PositionReport(
        position, market, snapshot, Optional.of(context), Optional.of(metrics), problems, status);
  }

  // ---- the positions themselves

  private Map<String, Read<PositionSnapshot>> readPositions() {
    Map<String, Read<PositionSnapshot>> read = new LinkedHashMap<>();
    Map<String, List<PositionConfig>> byVenue = new LinkedHashMap<>();
    for (PositionConfig position : config.positions().values()) {
      if (position.manual().isPresent()) {
        read.put(position.id(), described(position, position.manual().get()));
      } else {
        String venue = config.markets().get(position.market()).venue();
        byVenue.computeIfAbsent(venue, v -> new ArrayList<>()).add(position);
      }
    }
    // The on-chain venues of a readable chain are read together, in one readAt.
    Map<String, List<String>> onChain = new LinkedHashMap<>();
    byVenue.forEach(
        (venueId, positions) -> {
          VenueConfig venue = config.venues().get(venueId);
          if (venue instanceof VenueConfig.OnChain c && !unreadableChains.containsKey(c.chain())) {
            onChain.computeIfAbsent(c.chain(), k -> new ArrayList<>()).add(venueId);
            return;
          }
          List<Read<PositionSnapshot>> snapshots = readVenue(venue, positions);
          for (int i = 0; i < positions.size(); i++) {
            read.put(positions.get(i).id(), snapshots.get(i));
          }
        });
    onChain.forEach((chain, venues) -> readOnChain(chain, venues, byVenue, read));
    return read;
  }

  /** One on-chain venue's positions, planned for the chain's shared read. */
  private record PositionPlan(
      List<PositionConfig> positions, OnChainPositionBatch batch, Map<String, String> unresolved) {}

  /**
   * The positions on every on-chain venue of {@code chainId} in one readAt at the cycle's head (one
   * Multicall3 eth_call); a GMX position whose market cannot be resolved fails with the reason.
   */
  private void readOnChain(
      String chainId,
      List<String> venueIds,
      Map<String, List<PositionConfig>> byVenue,
      Map<String, Read<PositionSnapshot>> read) {
    ChainConfig chain = config.chains().get(chainId);
    List<PositionPlan> plans = new ArrayList<>();
    try (ReadCadences.Lease<ChainSession> session = clients.chain(chain, retryPolicy)) {
      ChainSession reader = session.get();
      List<ContractCall> calls = new ArrayList<>();
      for (String venueId : venueIds) {
        PositionPlan plan = plan(config.venues().get(venueId), byVenue.get(venueId), reader);
        plans.add(plan);
        calls.addAll(plan.batch().calls());
      }
      BlockReads reads = reader.readAt(reader.blockNumber(), calls);
      int at = 0;
      for (PositionPlan plan : plans) {
        int n = plan.batch().calls().size();
        List<Read<PositionSnapshot>> snapshots =
            plan.batch().decode(reads.block(), reads.outcomes().subList(at, at + n));
        at += n;
        for (int i = 0; i < plan.positions().size(); i++) {
          PositionConfig position = plan.positions().get(i);
          String why = plan.unresolved().get(position.market());
          read.put(
              position.id(),
              why == null ? snapshots.get(i) : Read.failed(new ReadFailure.Unavailable(why)));
        }
      }
    } catch (ChainSetupException | IOException e) {
      String why =
          e instanceof ChainSetupException
              ? e.getMessage()
              : "chain " + chain.id() + ": " + e.getMessage();
      for (String venueId : venueIds) {
        List<PositionConfig> positions = byVenue.get(venueId);
        List<Read<PositionSnapshot>> failed = failAll(positions, why);
        for (int i = 0; i < positions.size(); i++) {
          read.put(positions.get(i).id(), failed.get(i));
        }
      }
    }
  }

  private PositionPlan plan(VenueConfig venue, List<PositionConfig> positions, ChainSession reader)
      throws IOException {
    List<PositionReader.Request> requests = requests(positions);
    if (venue instanceof VenueConfig.SynthetixV3 s) {
      return new PositionPlan(
          positions,
          new SynthetixV3PositionReader(s.id(), reader, s.address()).batch(requests),
          Map.of());
    }
    VenueConfig.GmxV2 g = (VenueConfig.GmxV2) venue;
    GmxPricing pricing = new GmxPricing(config, references, feedPrices);
    List<MarketConfig> gmxMarkets =
        positions.stream().map(p -> config.markets().get(p.market())).distinct().toList();
    List<Read<GmxMarketResolver.Resolved>> resolved =
        reader.resolveGmx(
            g.reader(), g.dataStore(), gmxMarkets.stream().map(pricing::spec).toList());
    List<GmxMarketResolver.Resolved> known = new ArrayList<>();
    Map<String, String> unresolved = new LinkedHashMap<>();
    for (int i = 0; i < gmxMarkets.size(); i++) {
      Read<GmxMarketResolver.Resolved> r = resolved.get(i);
      if (r.asOptional().isPresent()) {
        known.add(r.asOptional().get());
      } else {
        unresolved.put(gmxMarkets.get(i).id(), r.failureIfAny().get().describe());
      }
    }
    return new PositionPlan(
        positions,
        new GmxV2PositionReader(g.id(), reader, g.reader(), g.dataStore(), known, pricing::usdPrice)
            .batch(requests),
        unresolved);
  }

  private List<PositionReader.Request> requests(List<PositionConfig> positions) {
    return positions.stream()
        .map(
            p ->
                new PositionReader.Request(
                    p.id(),
                    p.market(),
                    config.markets().get(p.market()).market(),
                    p.account().orElseThrow().text()))
        .toList();
  }

  private List<Read<PositionSnapshot>> readVenue(
      VenueConfig venue, List<PositionConfig> positions) {
    List<PositionReader.Request> requests = requests(positions);
    if (venue instanceof VenueConfig.OnChain onChain) {
      ChainConfig chain = config.chains().get(onChain.chain());
      if (unreadableChains.containsKey(chain.id())) {
        return failAll(positions, unreadableChains.get(chain.id()));
      }
      throw new IllegalStateException("on-chain venue " + venue.id() + " is read by readOnChain");
    }
    Optional<PositionReader> reader = offChain.readerFor(venue);
    if (reader.isEmpty()) {
      return failAll(
          positions,
          "positions on "
              + venue.type().configName()
              + " venues are not read yet: describe the position by hand");
    }
    return reader.get().positions(requests);
  }

  private static List<Read<PositionSnapshot>> failAll(List<PositionConfig> positions, String why) {
    return positions.stream()
        .map(p -> Read.<PositionSnapshot>failed(new ReadFailure.Unavailable(why)))
        .toList();
  }

  /**
   * A position described by hand, valued at its market's price this check: equity is the collateral
   * plus the unrealised PnL, maintenance the ratio of the notional.
   */
  private Read<PositionSnapshot> described(PositionConfig position, ManualPosition m) {
    Optional<BigDecimal> mark = marketPrice(config.markets().get(position.market()));
    if (mark.isEmpty()) {
      return Read.failed(
          new ReadFailure.Unavailable(
              "no price for market "
                  + position.market()
                  + " this check (its venue, reference and oracle feed all failed), so the"
                  + " position described by hand cannot be valued"));
    }
    BigDecimal price = mark.get();
    BigDecimal pnl = m.side().sign().multiply(m.size()).multiply(price.subtract(m.entryPrice()));
    return Read.ok(
        new PositionSnapshot(
            position.id(),
            position.market(),
            "described in config",
            clock.instant(),
            m.side(),
            m.size(),
            Optional.of(m.entryPrice()),
            price,
            m.marginMode(),
            m.collateral().add(pnl),
            m.maintenanceMarginRatio().multiply(m.size()).multiply(price),
            Optional.empty(),
            Optional.of(pnl),
            Optional.empty(),
            Optional.empty()));
  }

  /** The market's mark, else its index, else its reference composite, else its oracle feed. */
  private Optional<BigDecimal> marketPrice(MarketConfig market) {
    MarketReport report = markets.get(market.id());
    Optional<MarketSnapshot> snapshot =
        report == null ? Optional.empty() : report.snapshot().asOptional();
    return snapshot
        .flatMap(MarketSnapshot::markPrice)
        .or(() -> snapshot.flatMap(MarketSnapshot::indexPrice))
        .or(() -> Optional.ofNullable(references.get(market.id())).flatMap(ReferencePrice::price))
        .or(() -> market.oracleFeed().map(feedPrices::get));
  }

  // ---- exposures and buffers

  private void readWallets(
      Map<String, Read<HedgedExposure>> exposures, Map<String, Read<BufferBalance>> buffers) {
    record Wanted(String positionId, boolean buffer, WalletHolding wallet) {}
    Map<String, List<Wanted>> byChain = new LinkedHashMap<>();
    for (PositionConfig position : config.positions().values()) {
      for (HedgeConfig hedge : position.hedges()) {
        if (hedge instanceof HedgeConfig.Wallet w) {
          byChain
              .computeIfAbsent(w.wallet().chain(), c -> new ArrayList<>())
              .add(new Wanted(position.id(), false, w.wallet()));
        }
      }
      position
          .buffer()
          .ifPresent(
              b ->
                  byChain
                      .computeIfAbsent(b.wallet().chain(), c -> new ArrayList<>())
                      .add(new Wanted(position.id(), true, b.wallet())));
    }
    Map<Wanted, Read<BigDecimal>> balances = new LinkedHashMap<>();
    byChain.forEach(
        (chainId, wanted) -> {
          List<Read<BigDecimal>> read =
              readBalances(
                  config.chains().get(chainId), wanted.stream().map(Wanted::wallet).toList());
          for (int i = 0; i < wanted.size(); i++) {
            balances.put(wanted.get(i), read.get(i));
          }
        });
    for (PositionConfig position : config.positions().values()) {
      if (!position.hedges().isEmpty()) {
        exposures.put(
            position.id(),
            exposure(position, w -> balances.get(new Wanted(position.id(), false, w))));
      }
      position
          .buffer()
          .ifPresent(
              b ->
                  buffers.put(
                      position.id(),
                      buffer(b, balances.get(new Wanted(position.id(), true, b.wallet())))));
    }
  }

  private List<Read<BigDecimal>> readBalances(ChainConfig chain, List<WalletHolding> wallets) {
    if (unreadableChains.containsKey(chain.id())) {
      return wallets.stream()
          .map(
              w ->
                  Read.<BigDecimal>failed(
                      new ReadFailure.Unavailable(unreadableChains.get(chain.id()))))
          .toList();
    }
    try (ReadCadences.Lease<ChainSession> session = clients.chain(chain, retryPolicy)) {
      ChainSession reader = session.get();
      return WalletReads.balances(
          reader,
          reader.blockNumber(),
          chain.multicall3(),
          wallets.stream().map(w -> new WalletReads.Holding(w.token(), w.holder())).toList());
    } catch (ChainSetupException e) {
      return failBalances(wallets, e.getMessage());
    } catch (IOException e) {
      return failBalances(wallets, "chain " + chain.id() + ": " + e.getMessage());
    }
  }

  private static List<Read<BigDecimal>> failBalances(List<WalletHolding> wallets, String why) {
    return wallets.stream()
        .map(w -> Read.<BigDecimal>failed(new ReadFailure.Unavailable(why)))
        .toList();
  }

  /**
   * The hedged exposure: every hedge of the position summed (amounts in config and wallets read on
   * chain), valued at the market's reference price, else its own price.
   */
  private Read<HedgedExposure> exposure(
      PositionConfig position, Function<WalletHolding, Read<BigDecimal>> balance) {
    MarketConfig market = config.markets().get(position.market());
    BigDecimal total = BigDecimal.ZERO;
    List<String> sources = new ArrayList<>();
    for (HedgeConfig hedge : position.hedges()) {
      if (hedge instanceof HedgeConfig.Amount a) {
        total = total.add(a.amount());
        sources.add("config");
      } else {
        HedgeConfig.Wallet w = (HedgeConfig.Wallet) hedge;
        Read<BigDecimal> read = balance.apply(w.wallet());
        if (read.failureIfAny().isPresent()) {
          return Read.failed(read.failureIfAny().get());
        }
        total = total.add(read.asOptional().get());
        sources.add(walletSource(w.wallet()));
      }
    }
    Optional<BigDecimal> price =
        Optional.ofNullable(references.get(market.id()))
            .flatMap(ReferencePrice::price)
            .or(() -> marketPrice(market));
    return Read.ok(new HedgedExposure(asset(market), total, price, String.join(" + ", sources)));
  }

  /** The buffer, priced by its feed, or at 1 as a USD stablecoin. */
  private Read<BufferBalance> buffer(BufferConfig config, Read<BigDecimal> balance) {
    if (balance.failureIfAny().isPresent()) {
      return Read.failed(balance.failureIfAny().get());
    }
    Optional<BigDecimal> price =
        config.feed().isPresent()
            ? Optional.ofNullable(feedPrices.get(config.feed().get()))
            : Optional.of(BigDecimal.ONE);
    WalletHolding w = config.wallet();
    return Read.ok(
        new BufferBalance(
            w.token().orElse("native"),
            w.holder(),
            balance.asOptional().get(),
            price,
            walletSource(w)));
  }

  private static String walletSource(WalletHolding w) {
    return w.token()
            .map(t -> "balanceOf(" + w.holder() + ") of " + t)
            .orElse("balance of " + w.holder())
        + " on "
        + w.chain();
  }

  private Optional<CollateralPeg> collateral(PositionConfig position) {
    return position
        .collateralFeed()
        .flatMap(
            feed ->
                Optional.ofNullable(feedPrices.get(feed))
                    .map(
                        price ->
                            new CollateralPeg(
                                feedAsset(feed), price, BigDecimal.ONE, "feed " + feed)));
  }

  private String feedAsset(String feedId) {
    return config
        .feeds()
        .get(feedId)
        .reference()
        .map(r -> Pair.of(r.symbol()).base())
        .orElse(feedId);
  }

  private static String asset(MarketConfig market) {
    return market.reference().map(r -> Pair.of(r.symbol()).base()).orElse(market.market());
  }

  private static String quote(MarketConfig market) {
    return market.reference().map(r -> Pair.of(r.symbol()).quote()).orElse("USD");
  }

  private static Alert blind(PositionConfig position, String reason) {
    return new Alert(
        "monitor.blind",
        Severity.UNKNOWN,
        PositionRules.subject(position.id()),
        "cannot read position " + position.id() + " (market " + position.market() + "): " + reason,
        null,
        null,
        "check the position's account and its market's venue");
  }
}
