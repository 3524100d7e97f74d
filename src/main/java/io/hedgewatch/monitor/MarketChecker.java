package io.hedgewatch.monitor;

import io.hedgewatch.chain.ChainSetupException;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.MarketConfig;
import io.hedgewatch.config.VenueConfig;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.MarketContext;
import io.hedgewatch.risk.MarketRules;
import io.hedgewatch.risk.OracleRules;
import io.hedgewatch.venue.DydxReader;
import io.hedgewatch.venue.HyperliquidReader;
import io.hedgewatch.venue.OffchainVenuePolicy;
import io.hedgewatch.venue.SynthetixV3Reader;
import io.hedgewatch.venue.VenueReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * The {@code markets} part of one check: every configured perp market read from its venue (all
 * markets of a venue in one go), its funding history read from the venue for {@code
 * funding.spike}'s z-score, and the market rules applied.
 *
 * <p>Not read yet, and said so in each such market's report instead of guessed: GMX v2 markets (the
 * reader needs each market's token decimals and prices, which the config does not carry yet) and
 * the centralized venues' funding for {@code funding.divergence}.
 */
final class MarketChecker {

  /** The history behind the z-score; the rule's own window decides which of it counts. */
  static final Duration HISTORY = Duration.ofDays(8);

  private final HedgewatchConfig config;
  private final RpcRetryPolicy retryPolicy;
  private final Clock clock;
  private final Map<String, String> unreadableChains;

  /**
   * @param unreadableChains chains this check already failed to read, with the reason
   */
  MarketChecker(
      HedgewatchConfig config,
      RpcRetryPolicy retryPolicy,
      Clock clock,
      Map<String, String> unreadableChains) {
    this.config = config;
    this.retryPolicy = retryPolicy;
    this.clock = clock;
    this.unreadableChains = Map.copyOf(unreadableChains);
  }

  List<MarketReport> check(List<Alert> alerts) {
    List<MarketReport> reports = new ArrayList<>();
    OkHttpClient http = new OkHttpClient.Builder().build();
    try {
      for (VenueConfig venue : config.venues().values()) {
        List<MarketConfig> markets = config.marketsOf(venue.id());
        if (markets.isEmpty()) {
          continue;
        }
        reports.addAll(checkVenue(venue, markets, http, alerts));
      }
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
    return reports;
  }

  private List<MarketReport> checkVenue(
      VenueConfig venue, List<MarketConfig> markets, OkHttpClient http, List<Alert> alerts) {
    List<String> keys = markets.stream().map(MarketConfig::market).toList();
    if (venue instanceof VenueConfig.Hyperliquid h) {
      return judge(
          venue,
          markets,
          HyperliquidReader.create(
              h.id(),
              Optional.of(h.baseUrl()),
              http,
              clock,
              OffchainVenuePolicy.DEFAULT_HYPERLIQUID),
          alerts);
    }
    if (venue instanceof VenueConfig.DydxV4 d) {
      return judge(
          venue,
          markets,
          DydxReader.create(
              d.id(), Optional.of(d.baseUrl()), http, clock, OffchainVenuePolicy.DEFAULT_DYDX),
          alerts);
    }
    if (venue instanceof VenueConfig.SynthetixV3 s) {
      ChainConfig chain = config.chains().get(s.chain());
      if (unreadableChains.containsKey(chain.id())) {
        return unread(venue, markets, unreadableChains.get(chain.id()), alerts, true);
      }
      try (Web3jChainReader reader = Web3jChainReader.connect(chain, retryPolicy)) {
        return judge(venue, markets, new SynthetixV3Reader(s.id(), reader, s.address()), alerts);
      } catch (ChainSetupException e) {
        return unread(venue, markets, e.getMessage(), alerts, true);
      }
    }
    return unread(
        venue,
        markets,
        "not read yet: GMX v2 needs token decimals and prices that config does not carry",
        alerts,
        false);
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
      Read<List<FundingPoint>> history =
          reader.fundingHistory(market.market(), now.minus(HISTORY), now);
      MarketContext context =
          new MarketContext(history.asOptional().orElse(List.of()), List.of(), Optional.empty());
      List<Alert> marketAlerts =
          MarketRules.evaluate(market.id(), snapshot.asOptional().get(), context, config::rule);
      alerts.addAll(marketAlerts);
      reports.add(
          new MarketReport(
              market,
              venue,
              snapshot,
              context,
              history.failureIfAny().map(ReadFailure::describe),
              MarketRules.fundingZScore(snapshot.asOptional().get(), context, config::rule),
              MarketRules.basisBps(snapshot.asOptional().get()),
              OracleRules.worst(marketAlerts)));
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
