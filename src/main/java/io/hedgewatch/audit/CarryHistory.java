package io.hedgewatch.audit;

import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.ManualPosition;
import io.hedgewatch.config.MarketConfig;
import io.hedgewatch.config.PositionConfig;
import io.hedgewatch.config.VenueConfig;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.Read;
import io.hedgewatch.monitor.CexFundingBaseUrls;
import io.hedgewatch.monitor.FundingHistoryKeeper;
import io.hedgewatch.reference.FundingPerp;
import io.hedgewatch.reference.FundingPerps;
import io.hedgewatch.reference.FundingSource;
import io.hedgewatch.reference.HttpFundingSource;
import io.hedgewatch.reference.VenueReply;
import io.hedgewatch.store.FundingHistoryStore;
import io.hedgewatch.store.MarketObservation;
import io.hedgewatch.store.ObservationStore;
import io.hedgewatch.store.StoreException;
import io.hedgewatch.venue.DydxReader;
import io.hedgewatch.venue.HyperliquidReader;
import io.hedgewatch.venue.OffchainVenuePolicy;
import io.hedgewatch.venue.VenueReader;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import okhttp3.OkHttpClient;

/**
 * Gathers what {@link CarryAudit} needs for one market or position of a loaded config over a
 * period, from what hedgewatch already reads and keeps; it never fills a hole with made-up data, it
 * says where the hole is ({@link Loaded#problems}).
 *
 * <ul>
 *   <li>The hedge's own venue. An on-chain venue (GMX, Synthetix) keeps no funding history: its
 *       rate is sampled hourly into the store by {@code run} ({@link FundingHistoryKeeper}), so the
 *       period is read from the store, and a period {@code run} did not watch shows as missing. An
 *       HTTP venue (Hyperliquid, dYdX) is asked for its settled history.
 *   <li>Each centralized venue of the market's {@code fundingReferences}: its settled history
 *       through its {@link FundingSource} (paged by the venue's protocol), for the perp of the
 *       market's base asset. A venue without a history endpoint or without that perp is a problem,
 *       not a zero.
 *   <li>Prices: the market's mark prices observed by {@code run} (the store's market observations);
 *       without any, the {@code fallbackPrice} given, held constant (the audit then charges a
 *       constant notional, and says so in {@link Loaded#priceSource}).
 * </ul>
 *
 * <p>Each history is asked for one longest interval (24 h) past the period's end: a settlement just
 * after {@code to} may settle an interval that began inside the period.
 */
public final class CarryHistory {

  /** Settlements after the period that may still settle part of it. */
  static final Duration TAIL = CarryAuditSeries.MAX_INTERVAL;

  /** The spacing of on-chain samples: the interval each stands for. */
  static final Duration SAMPLE_INTERVAL = FundingHistoryKeeper.DEFAULT_SAMPLE_SPACING;

  /** What is audited: a market (any hedge) or a configured position. */
  public sealed interface Target {
    String id();

    record Market(String id) implements Target {
      public Market {
        Objects.requireNonNull(id, "id");
      }
    }

    record Position(String id) implements Target {
      public Position {
        Objects.requireNonNull(id, "id");
      }
    }
  }

  /**
   * The inputs of one carry audit.
   *
   * @param marketId the market the hedge is on
   * @param hedge the hedge, from the position described by hand, or as given; empty when neither (a
   *     position read from its venue, a market)
   * @param prices the prices each settlement's notional is taken at; empty without observed marks
   *     or a fallback price
   * @param priceSource how the prices were chosen, for the report
   * @param hedgeVenue the hedge venue's funding
   * @param cex each centralized venue's funding that could be read
   * @param problems every part of the inputs that is missing, and why
   */
  public record Loaded(
      String marketId,
      Optional<CarryAuditHedge> hedge,
      Optional<CarryAuditPrices> prices,
      String priceSource,
      CarryAuditSeries hedgeVenue,
      List<CarryAuditSeries> cex,
      List<String> problems) {
    public Loaded {
      Objects.requireNonNull(marketId, "marketId");
      Objects.requireNonNull(hedge, "hedge");
      Objects.requireNonNull(prices, "prices");
      Objects.requireNonNull(priceSource, "priceSource");
      Objects.requireNonNull(hedgeVenue, "hedgeVenue");
      cex = List.copyOf(cex);
      problems = List.copyOf(problems);
    }

    /** The audit of these inputs; empty without a hedge or prices (the problems say which). */
    public Optional<CarryAuditResult> audit(Instant from, Instant to) {
      if (hedge.isEmpty() || prices.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of(CarryAudit.audit(hedge.get(), from, to, prices.get(), hedgeVenue, cex));
    }
  }

  private final HedgewatchConfig config;
  private final FundingHistoryStore funding;
  private final ObservationStore observations;
  private final Function<CexFundingVenue, FundingSource> cex;
  private final Function<VenueConfig.Http, VenueReader> httpVenues;

  /**
   * @param cex the funding source of each centralized venue
   * @param httpVenues the reader of each HTTP perp venue
   */
  public CarryHistory(
      HedgewatchConfig config,
      FundingHistoryStore funding,
      ObservationStore observations,
      Function<CexFundingVenue, FundingSource> cex,
      Function<VenueConfig.Http, VenueReader> httpVenues) {
    this.config = Objects.requireNonNull(config, "config");
    this.funding = Objects.requireNonNull(funding, "funding");
    this.observations = Objects.requireNonNull(observations, "observations");
    this.cex = Objects.requireNonNull(cex, "cex");
    this.httpVenues = Objects.requireNonNull(httpVenues, "httpVenues");
  }

  /** Over the venues' HTTP clients, at the base URLs the config gives, as {@code check} reads. */
  public static <S extends FundingHistoryStore & ObservationStore> CarryHistory overHttp(
      HedgewatchConfig config, S store, OkHttpClient http, Clock clock) {
    return new CarryHistory(
        config,
        store,
        store,
        v -> HttpFundingSource.create(v, CexFundingBaseUrls.of(config, v), http, clock),
        v -> httpVenue(v, http, clock));
  }

  private static VenueReader httpVenue(VenueConfig.Http venue, OkHttpClient http, Clock clock) {
    if (venue instanceof VenueConfig.Hyperliquid h) {
      return HyperliquidReader.create(
          h.id(), Optional.of(h.baseUrl()), http, clock, OffchainVenuePolicy.DEFAULT_HYPERLIQUID);
    }
    VenueConfig.DydxV4 d = (VenueConfig.DydxV4) venue;
    return DydxReader.create(
        d.id(), Optional.of(d.baseUrl()), http, clock, OffchainVenuePolicy.DEFAULT_DYDX);
  }

  /**
   * The inputs for {@code target} over {@code [from, to)}.
   *
   * @param hedge the hedge to audit when the target does not describe one (a market, a position
   *     read from its venue); ignored for a position described by hand
   * @param fallbackPrice the price to hold constant when the store has no observed marks; for a
   *     position described by hand, its entry price when not given
   * @throws IllegalArgumentException when the target is not in the config, or the period is empty
   *     or longer than the venues' history clients read
   */
  public Loaded load(
      Target target,
      Instant from,
      Instant to,
      Optional<CarryAuditHedge> hedge,
      Optional<BigDecimal> fallbackPrice) {
    Objects.requireNonNull(target, "target");
    if (!Objects.requireNonNull(from, "from").isBefore(Objects.requireNonNull(to, "to"))) {
      throw new IllegalArgumentException("audit period from " + from + " is not before to " + to);
    }
    if (Duration.between(from, to.plus(TAIL)).compareTo(HttpFundingSource.MAX_HISTORY_SPAN) > 0) {
      throw new IllegalArgumentException(
          "audit period from "
              + from
              + " to "
              + to
              + " is too long: the venues' funding history is read "
              + HttpFundingSource.MAX_HISTORY_SPAN.toDays()
              + " days at most, including one day after the period");
    }
    List<String> problems = new ArrayList<>();
    MarketConfig market;
    Optional<CarryAuditHedge> theHedge = hedge;
    Optional<BigDecimal> constantPrice = fallbackPrice;
    if (target instanceof Target.Position p) {
      PositionConfig position = config.positions().get(p.id());
      if (position == null) {
        throw new IllegalArgumentException(
            "no position '" + p.id() + "' under positions; known: " + config.positions().keySet());
      }
      market = config.markets().get(position.market());
      Optional<ManualPosition> manual = position.manual();
      if (manual.isPresent()) {
        theHedge = Optional.of(new CarryAuditHedge(manual.get().side(), manual.get().size()));
        constantPrice = fallbackPrice.or(() -> Optional.of(manual.get().entryPrice()));
      } else if (hedge.isEmpty()) {
        problems.add(
            "position "
                + p.id()
                + " is read from its venue, which gives its size now, not over the period:"
                + " give the hedge's side and size");
      }
    } else {
      market = config.markets().get(target.id());
      if (market == null) {
        throw new IllegalArgumentException(
            "no market '" + target.id() + "' under markets; known: " + config.markets().keySet());
      }
      if (hedge.isEmpty()) {
        problems.add("market " + market.id() + ": give the hedge's side and size to audit");
      }
    }
    VenueConfig venue = config.venues().get(market.venue());
    CarryAuditSeries own = hedgeVenue(venue, market, from, to, problems);
    List<CarryAuditSeries> cexSeries = cexHistory(market, from, to, problems);
    Prices prices = prices(market, from, to, constantPrice, problems);
    return new Loaded(
        market.id(), theHedge, prices.prices(), prices.source(), own, cexSeries, problems);
  }

  private CarryAuditSeries hedgeVenue(
      VenueConfig venue, MarketConfig market, Instant from, Instant to, List<String> problems) {
    String name = venue.id();
    if (venue instanceof VenueConfig.Http http) {
      Read<List<FundingPoint>> read =
          httpVenues.apply(http).fundingHistory(market.market(), from, to.plus(TAIL));
      if (read.failureIfAny().isPresent()) {
        problems.add(
            name
                + " "
                + market.market()
                + " funding history: "
                + read.failureIfAny().get().describe());
        return new CarryAuditSeries(name, List.of(), FundingHistoryKeeper.DEFAULT_SAMPLE_SPACING);
      }
      return CarryAuditSeries.inferred(name, read.asOptional().orElseThrow(), Duration.ofHours(1));
    }
    List<FundingPoint> samples;
    try {
      samples = funding.history(market.id(), from, to.plus(SAMPLE_INTERVAL));
    } catch (StoreException e) {
      problems.add(name + " funding samples of " + market.id() + ": " + e.getMessage());
      return new CarryAuditSeries(name, List.of(), SAMPLE_INTERVAL);
    }
    if (samples.isEmpty()) {
      problems.add(
          name
              + " keeps no funding history; hedgewatch samples it hourly while `run` watches"
              + " market "
              + market.id()
              + ", and the store holds no sample between "
              + from
              + " and "
              + to);
    }
    return new CarryAuditSeries(name, samples, SAMPLE_INTERVAL);
  }

  private List<CarryAuditSeries> cexHistory(
      MarketConfig market, Instant from, Instant to, List<String> problems) {
    if (market.reference().isEmpty()) {
      if (!market.fundingReferences().isEmpty()) {
        problems.add("market " + market.id() + " has no reference pair to find CEX perps by");
      }
      return List.of();
    }
    String base = Pair.of(market.reference().get().symbol()).base();
    List<CarryAuditSeries> series = new ArrayList<>();
    for (CexFundingVenue venue : market.fundingReferences()) {
      String name = venue.configName();
      Optional<FundingPerp> perp = FundingPerps.standard().preferred(venue, base);
      if (perp.isEmpty()) {
        problems.add(name + " lists no perp for " + base);
        continue;
      }
      FundingSource source = cex.apply(venue);
      if (!source.hasHistory()) {
        problems.add(name + ": hedgewatch does not read this venue's funding history");
        continue;
      }
      VenueReply<List<FundingPoint>> reply = source.history(perp.get().pair(), from, to.plus(TAIL));
      if (reply.failureIfAny().isPresent()) {
        problems.add(
            name
                + " "
                + perp.get().symbol()
                + " funding history: "
                + reply.failureIfAny().get().describe());
        continue;
      }
      series.add(
          CarryAuditSeries.inferred(name, reply.asOptional().orElseThrow(), Duration.ofHours(8)));
    }
    return series;
  }

  private record Prices(Optional<CarryAuditPrices> prices, String source) {}

  private Prices prices(
      MarketConfig market,
      Instant from,
      Instant to,
      Optional<BigDecimal> fallbackPrice,
      List<String> problems) {
    Map<Instant, BigDecimal> marks = new TreeMap<>();
    try {
      for (MarketObservation o :
          observations.marketObservations(market.id(), from.minus(TAIL), to.plus(TAIL))) {
        o.markPrice().filter(p -> p.signum() > 0).ifPresent(p -> marks.put(o.at(), p));
      }
    } catch (StoreException e) {
      problems.add("mark prices of " + market.id() + ": " + e.getMessage());
    }
    if (!marks.isEmpty()) {
      return new Prices(
          Optional.of(CarryAuditPrices.series(marks)),
          marks.size() + " mark prices of " + market.id() + " observed by run");
    }
    if (fallbackPrice.isPresent()) {
      return new Prices(
          Optional.of(CarryAuditPrices.constant(fallbackPrice.get())),
          "constant notional at "
              + fallbackPrice.get().toPlainString()
              + ": the store holds no mark of "
              + market.id()
              + " in the period");
    }
    problems.add(
        "the store holds no mark price of "
            + market.id()
            + " in the period: give a price to hold the notional constant");
    return new Prices(Optional.empty(), "none");
  }
}
