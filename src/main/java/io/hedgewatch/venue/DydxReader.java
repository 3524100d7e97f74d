package io.hedgewatch.venue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.support.HttpPolicy;
import io.hedgewatch.support.ResilientHttp.Answer;
import io.hedgewatch.support.ThrottledLog;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dYdX v4 perps through its public indexer ({@code GET /v4/...}, no auth).
 *
 * <p>One snapshot cycle is one {@code /v4/perpetualMarkets} request for every market (the indexer
 * answers up to its {@code API_LIMIT_V4} markets, 1000 by default, when no ticker is given) plus,
 * per asked market, one {@code /v4/historicalFunding/{ticker}?limit=1} for the rate that settled
 * last. The market key is the ticker ({@code "ETH-USD"}).
 *
 * <p>Mapping and decisions:
 *
 * <ul>
 *   <li>{@code oraclePrice} is the index. <b>The mark price is left empty</b>: this endpoint has
 *       none, and dYdX v4 values positions, margin and liquidations at the oracle price itself.
 *       Copying the oracle into the mark would make every mark-vs-index basis read exactly zero, a
 *       number nobody measured; a rule that wants a dYdX price can take the index.
 *   <li>Funding ticks every hour on the hour. The current rate is the {@code rate} of the newest
 *       {@code historicalFunding} row (a 1-hour rate, positive = longs pay); {@code
 *       nextFundingRate} is the predicted rate of the hour under way. The next funding time is the
 *       next whole hour. When the funding request fails the snapshot is still given, without a
 *       current rate (the failure is logged): status and prices matter without it.
 *   <li>The funding cap per hour is 6 x (IMF - MMF) / 8, from dYdX's 8-hour clamp of 600 % x
 *       (initial - maintenance margin fraction); empty when either fraction is missing.
 *   <li>{@code openInterest} is the total in base units; the indexer gives no long/short split.
 *       {@code openInterestLowerCap} / {@code openInterestUpperCap} are <b>not</b> caps on open
 *       interest: they are the bounds between which an isolated market's initial margin fraction is
 *       scaled up with its open interest (both "0" on cross markets). They are not mapped to {@code
 *       maxOpenInterest*}.
 *   <li>{@code status}: ACTIVE is tradable; PAUSED is paused; CANCEL_ONLY is reduce-only in
 *       hedgewatch's terms (no new orders, only cancellations: a hedge cannot be grown); POST_ONLY
 *       sets no flag (maker orders still trade) but carries its reason; INITIALIZING is disabled;
 *       FINAL_SETTLEMENT is delisted; any other value is disabled, naming it.
 * </ul>
 *
 * <p>Positions are read from the subaccounts ({@code /v4/addresses/{address}/subaccountNumber/{n}},
 * one request per subaccount however many of its positions are asked for) and one {@code
 * /v4/perpetualMarkets} request for the oracle prices and maintenance margin fractions; see {@link
 * DydxPositions} for what each figure is made of.
 */
public final class DydxReader extends OffchainVenueReader implements PositionReader {

  private static final Logger LOG = LoggerFactory.getLogger(DydxReader.class);

  public static final String DEFAULT_VENUE_ID = "dydx";

  /** The indexer's host; the API lives under {@code /v4}. */
  public static final String DEFAULT_BASE_URL = "https://indexer.dydx.trade";

  public static final Duration FUNDING_INTERVAL = Duration.ofHours(1);

  /**
   * Rows per {@code historicalFunding} page: the indexer's maximum {@code limit} ({@code
   * API_LIMIT_V4}, 1000 in current comlink; a deployment configured lower refuses this with HTTP
   * 400, so it can be set per reader).
   */
  public static final int DEFAULT_FUNDING_PAGE_SIZE = 1000;

  public static final int DEFAULT_MAX_HISTORY_PAGES = 100;

  /** dYdX's 8-hour funding clamp is this multiple of (IMF - MMF). */
  static final BigDecimal CLAMP_FACTOR_8H = BigDecimal.valueOf(6);

  private static final BigDecimal EIGHT = BigDecimal.valueOf(8);

  /**
   * Funding settles on the hour give or take seconds; rows are never closer than an hour less this.
   */
  private static final Duration SETTLEMENT_SLACK = Duration.ofMinutes(1);

  static final String PERPETUAL_MARKETS = "perpetualMarkets";
  static final String HISTORICAL_FUNDING = "historicalFunding";

  /** The endpoint name of the one-row funding request of a snapshot cycle. */
  static final String HISTORICAL_FUNDING_LATEST = "historicalFunding.latest";

  private final HttpUrl apiUrl;
  private final int fundingPageSize;
  private final ThrottledLog log = new ThrottledLog(LOG, Duration.ofSeconds(30));

  public DydxReader(
      String venueId, HttpUrl baseUrl, OkHttpClient httpClient, Clock clock, HttpPolicy policy) {
    this(
        venueId,
        baseUrl,
        httpClient,
        clock,
        policy,
        DEFAULT_FUNDING_PAGE_SIZE,
        DEFAULT_MAX_HISTORY_PAGES);
  }

  /**
   * @param baseUrl the indexer; {@code /v4} is appended unless the URL already ends with it
   * @param fundingPageSize {@code limit} of each {@code historicalFunding} page, 1 to 1000
   */
  public DydxReader(
      String venueId,
      HttpUrl baseUrl,
      OkHttpClient httpClient,
      Clock clock,
      HttpPolicy policy,
      int fundingPageSize,
      int maxHistoryPages) {
    super(venueId, "indexer", httpClient, clock, policy, maxHistoryPages);
    Objects.requireNonNull(baseUrl, "baseUrl");
    HttpUrl root = OffchainVenueHttp.resolve(baseUrl);
    List<String> path = root.pathSegments();
    this.apiUrl =
        path.get(path.size() - 1).equals("v4") ? root : OffchainVenueHttp.resolve(root, "v4");
    if (fundingPageSize < 1 || fundingPageSize > 1000) {
      throw new IllegalArgumentException(
          "venue " + venueId + ": fundingPageSize must be 1 to 1000, was " + fundingPageSize);
    }
    this.fundingPageSize = fundingPageSize;
  }

  /** A reader at {@code baseUrl} when config gives one, else at {@link #DEFAULT_BASE_URL}. */
  public static DydxReader create(
      String venueId,
      Optional<String> baseUrl,
      OkHttpClient httpClient,
      Clock clock,
      HttpPolicy policy) {
    HttpUrl url = OffchainVenueHttp.parseBaseUrl(venueId, baseUrl.orElse(DEFAULT_BASE_URL));
    return new DydxReader(venueId, url, httpClient, clock, policy);
  }

  /** The indexer's API root, ending in {@code /v4}. */
  public HttpUrl apiUrl() {
    return apiUrl;
  }

  @Override
  public List<Read<MarketSnapshot>> snapshots(List<String> marketKeys) {
    Objects.requireNonNull(marketKeys, "marketKeys");
    if (marketKeys.isEmpty()) {
      return List.of();
    }
    Read<Answer> reply =
        get(PERPETUAL_MARKETS, OffchainVenueHttp.resolve(apiUrl, PERPETUAL_MARKETS));
    if (reply instanceof Read.Failed<Answer> failed) {
      return allFailed(marketKeys, failed.failure());
    }
    Answer answer = reply.asOptional().orElseThrow();
    JsonNode markets;
    try {
      markets = parseMarkets(venueId, answer.body());
    } catch (OffchainJson.Rejected e) {
      return allFailed(marketKeys, e.failure());
    }
    List<Read<MarketSnapshot>> out = new ArrayList<>(marketKeys.size());
    for (String ticker : marketKeys) {
      JsonNode market = markets.get(ticker);
      if (market == null) {
        out.add(
            Read.failed(
                new ReadFailure.Unavailable(
                    venueId
                        + " lists no market '"
                        + ticker
                        + "' ("
                        + markets.size()
                        + " perpetual markets listed)")));
        continue;
      }
      try {
        MarketSnapshot base = market(venueId, ticker, market, answer.receivedAt());
        out.add(Read.ok(withCurrentFunding(base)));
      } catch (OffchainJson.Rejected e) {
        out.add(Read.failed(e.failure()));
      }
    }
    return out;
  }

  private MarketSnapshot withCurrentFunding(MarketSnapshot snapshot) {
    String ticker = snapshot.marketKey();
    HttpUrl url =
        OffchainVenueHttp.resolve(apiUrl, HISTORICAL_FUNDING, ticker)
            .newBuilder()
            .addQueryParameter("limit", "1")
            .build();
    Read<List<FundingPoint>> latest =
        parsed(
            get(HISTORICAL_FUNDING_LATEST, url),
            a -> parseHistoricalFunding(venueId, ticker, a.body()));
    if (latest instanceof Read.Failed<List<FundingPoint>> failed) {
      log.warn(
          HISTORICAL_FUNDING_LATEST + "." + ticker,
          "venue {} {}: no current funding rate this cycle: {}",
          venueId,
          ticker,
          failed.failure().describe());
      return snapshot;
    }
    List<FundingPoint> rows = latest.asOptional().orElseThrow();
    if (rows.isEmpty()) {
      return snapshot;
    }
    FundingPoint newest = rows.get(0);
    return new MarketSnapshot(
        snapshot.marketKey(),
        snapshot.at(),
        snapshot.markPrice(),
        snapshot.indexPrice(),
        Optional.of(newest.rateHourly()),
        snapshot.fundingInterval(),
        snapshot.nextFundingTime(),
        snapshot.predictedFundingRateHourly(),
        snapshot.fundingCapHourly(),
        snapshot.openInterestLong(),
        snapshot.openInterestShort(),
        snapshot.openInterest(),
        snapshot.maxOpenInterestLong(),
        snapshot.maxOpenInterestShort(),
        snapshot.skew(),
        snapshot.status(),
        snapshot.oracleProblem());
  }

  @Override
  public List<Read<PositionSnapshot>> positions(List<PositionReader.Request> requests) {
    Objects.requireNonNull(requests, "requests");
    if (requests.isEmpty()) {
      return List.of();
    }
    Map<DydxPositions.SubaccountId, Read<FetchedSubaccount>> subaccounts = new HashMap<>();
    for (PositionReader.Request request : requests) {
      DydxPositions.subaccount(request.account())
          .ifPresent(id -> subaccounts.computeIfAbsent(id, this::subaccount));
    }
    Read<JsonNode> markets =
        subaccounts.values().stream().anyMatch(r -> r instanceof Read.Ok)
            ? allMarkets()
            : Read.failed(new ReadFailure.Unavailable("no subaccount read"));
    List<Read<PositionSnapshot>> out = new ArrayList<>(requests.size());
    for (PositionReader.Request request : requests) {
      out.add(position(request, subaccounts, markets));
    }
    return out;
  }

  /** A parsed subaccount and when it arrived. */
  private record FetchedSubaccount(DydxPositions.Subaccount subaccount, Instant receivedAt) {}

  private Read<FetchedSubaccount> subaccount(DydxPositions.SubaccountId id) {
    HttpUrl url =
        OffchainVenueHttp.resolve(
            apiUrl, "addresses", id.address(), "subaccountNumber", Integer.toString(id.number()));
    return parsed(
        get(DydxPositions.SUBACCOUNT, url),
        a ->
            new FetchedSubaccount(
                DydxPositions.parseSubaccount(venueId, id, a.body()), a.receivedAt()));
  }

  private Read<JsonNode> allMarkets() {
    return parsed(
        get(PERPETUAL_MARKETS, OffchainVenueHttp.resolve(apiUrl, PERPETUAL_MARKETS)),
        a -> parseMarkets(venueId, a.body()));
  }

  private Read<PositionSnapshot> position(
      PositionReader.Request request,
      Map<DydxPositions.SubaccountId, Read<FetchedSubaccount>> subaccounts,
      Read<JsonNode> markets) {
    Optional<DydxPositions.SubaccountId> id = DydxPositions.subaccount(request.account());
    if (id.isEmpty()) {
      return Read.failed(
          new ReadFailure.Unavailable(
              venueId
                  + " position "
                  + request.positionId()
                  + ": account '"
                  + request.account()
                  + "' is not a dYdX address (dydx1 and 38 characters), optionally /subaccount"
                  + " number 0 to "
                  + DydxPositions.MAX_SUBACCOUNT));
    }
    Read<FetchedSubaccount> fetched = subaccounts.get(id.get());
    if (fetched instanceof Read.Failed<FetchedSubaccount> failed) {
      return Read.failed(failed.failure());
    }
    if (markets instanceof Read.Failed<JsonNode> failed) {
      return Read.failed(failed.failure());
    }
    FetchedSubaccount sub = fetched.asOptional().orElseThrow();
    try {
      return Read.ok(
          DydxPositions.snapshot(
              venueId,
              request,
              sub.subaccount(),
              markets.asOptional().orElseThrow(),
              sub.receivedAt()));
    } catch (OffchainJson.Rejected e) {
      return Read.failed(e.failure());
    }
  }

  @Override
  public Read<List<FundingPoint>> fundingHistory(String marketKey, Instant from, Instant to) {
    requireRange(marketKey, from, to);
    TreeMap<Instant, FundingPoint> points = new TreeMap<>();
    Instant before = to.truncatedTo(ChronoUnit.MILLIS);
    for (int page = 1; ; page++) {
      if (page > maxHistoryPages) {
        return Read.failed(tooManyPages(marketKey, from, to, fundingPageSize + " rows"));
      }
      HttpUrl url =
          OffchainVenueHttp.resolve(apiUrl, HISTORICAL_FUNDING, marketKey)
              .newBuilder()
              .addQueryParameter("limit", Integer.toString(fundingPageSize))
              .addQueryParameter("effectiveBeforeOrAt", before.toString())
              .build();
      Read<List<FundingPoint>> read =
          parsed(
              get(HISTORICAL_FUNDING, url),
              a -> parseHistoricalFunding(venueId, marketKey, a.body()));
      if (read instanceof Read.Failed<List<FundingPoint>> failed) {
        return Read.failed(failed.failure());
      }
      List<FundingPoint> rows = read.asOptional().orElseThrow();
      Instant oldest = null;
      for (FundingPoint row : rows) {
        if (!row.at().isBefore(from) && !row.at().isAfter(to)) {
          points.putIfAbsent(row.at(), row);
        }
        if (oldest == null || row.at().isBefore(oldest)) {
          oldest = row.at();
        }
      }
      // Done when the page was not full, when the next older row (an hour before the oldest,
      // give or take the seconds settlement drifts) would be before the range, or without progress.
      if (rows.size() < fundingPageSize
          || oldest == null
          || !oldest.minus(FUNDING_INTERVAL).plus(SETTLEMENT_SLACK).isAfter(from)
          || !oldest.isBefore(before.plusMillis(1))) {
        break;
      }
      before = oldest.truncatedTo(ChronoUnit.MILLIS).minusMillis(1);
    }
    return Read.ok(List.copyOf(points.values()));
  }

  /**
   * One indexer GET; a reply that is not 2xx is a failure in the indexer's words ({@code
   * {"errors":[{"msg":…}]}}), and a 404 naming the ticker says the venue lists no such market.
   */
  private Read<Answer> get(String endpoint, HttpUrl url) {
    okhttp3.Request request =
        new okhttp3.Request.Builder().url(url).header("Accept", "application/json").get().build();
    return http.call(
        endpoint,
        request,
        answer -> {
          String said =
              errorMessages(answer.body()).orElse(OffchainVenueHttp.snippet(answer.body()));
          if (answer.status() == 404 && said.contains("not found in markets")) {
            return new ReadFailure.Unavailable(
                venueId + " lists no such market: HTTP 404: " + said);
          }
          return http.refused(endpoint, answer, said);
        });
  }

  /** The {@code msg} texts of the indexer's {@code {"errors":[{"msg":…}, …]}} shape, joined. */
  static Optional<String> errorMessages(String body) {
    Optional<JsonNode> root = OffchainJson.parse(body);
    if (root.isEmpty() || !root.get().isObject() || !root.get().path("errors").isArray()) {
      return Optional.empty();
    }
    List<String> messages = new ArrayList<>();
    for (JsonNode error : root.get().get("errors")) {
      JsonNode msg = error.get("msg");
      if (msg != null && msg.isTextual() && !msg.asText().isBlank()) {
        messages.add(msg.asText());
      }
    }
    return messages.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", messages));
  }

  /** The {@code markets} object of a {@code perpetualMarkets} reply (the indexer body). */
  static JsonNode parseMarkets(String venueId, String body) {
    JsonNode root = OffchainJson.parseOrReject(body, venueId + " " + PERPETUAL_MARKETS);
    OffchainJson.object(root, venueId + " " + PERPETUAL_MARKETS + " reply");
    return OffchainJson.object(root.get("markets"), venueId + " " + PERPETUAL_MARKETS + ".markets");
  }

  /** One market of a {@code perpetualMarkets} reply, without the current funding rate. */
  static MarketSnapshot market(String venueId, String ticker, JsonNode market, Instant at) {
    String where = venueId + " " + ticker + ": markets['" + ticker + "']";
    OffchainJson.object(market, where);
    String statusText = OffchainJson.text(market, "status", where);
    MarketStatus status = status(statusText);
    boolean active = !status.restricted();
    // A market that cannot trade keeps its row even when its prices are gone.
    Optional<BigDecimal> oracle =
        active
            ? Optional.of(OffchainJson.positive(market, "oraclePrice", where))
            : OffchainJson.optionalDecimal(market, "oraclePrice", where)
                .map(v -> OffchainJson.requirePositive(v, where + ".oraclePrice"));
    Optional<BigDecimal> predicted =
        active
            ? Optional.of(OffchainJson.decimal(market, "nextFundingRate", where))
            : OffchainJson.optionalDecimal(market, "nextFundingRate", where);
    Optional<BigDecimal> openInterest =
        active
            ? Optional.of(OffchainJson.nonNegative(market, "openInterest", where))
            : OffchainJson.optionalDecimal(market, "openInterest", where)
                .map(v -> OffchainJson.requireNonNegative(v, where + ".openInterest"));
    Optional<BigDecimal> imf = OffchainJson.optionalDecimal(market, "initialMarginFraction", where);
    Optional<BigDecimal> mmf =
        OffchainJson.optionalDecimal(market, "maintenanceMarginFraction", where);
    Optional<BigDecimal> cap =
        imf.isPresent() && mmf.isPresent()
            ? Optional.of(fundingCapHourly(imf.get(), mmf.get()))
            : Optional.empty();
    return new MarketSnapshot(
        ticker,
        at,
        Optional.empty(),
        oracle,
        Optional.empty(),
        Optional.of(FUNDING_INTERVAL),
        Optional.of(at.truncatedTo(ChronoUnit.HOURS).plus(FUNDING_INTERVAL)),
        predicted,
        cap,
        Optional.empty(),
        Optional.empty(),
        openInterest,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        status,
        Optional.empty());
  }

  /** 600 % x (IMF - MMF) per 8 hours, as a rate per hour. */
  static BigDecimal fundingCapHourly(
      BigDecimal initialMarginFraction, BigDecimal maintenanceMarginFraction) {
    return CLAMP_FACTOR_8H
        .multiply(initialMarginFraction.subtract(maintenanceMarginFraction))
        .divide(EIGHT)
        .abs();
  }

  /** The indexer's market status as hedgewatch's flags; see the class comment. */
  static MarketStatus status(String status) {
    return switch (status) {
      case "ACTIVE" -> MarketStatus.ACTIVE;
      case "PAUSED" -> new MarketStatus(true, false, false, false, Optional.of("PAUSED"));
      case "CANCEL_ONLY" ->
          new MarketStatus(
              false, false, true, false, Optional.of("CANCEL_ONLY: only cancellations accepted"));
      case "POST_ONLY" ->
          new MarketStatus(
              false, false, false, false, Optional.of("POST_ONLY: only maker orders accepted"));
      case "INITIALIZING" ->
          new MarketStatus(false, true, false, false, Optional.of("INITIALIZING: not trading yet"));
      case "FINAL_SETTLEMENT" ->
          new MarketStatus(
              false,
              false,
              false,
              true,
              Optional.of("FINAL_SETTLEMENT: delisted, positions settle at the oracle price"));
      default ->
          new MarketStatus(
              false,
              true,
              false,
              false,
              Optional.of("status '" + status + "' unknown to hedgewatch"));
    };
  }

  /**
   * A {@code historicalFunding} reply (the indexer body {@code {"historicalFunding":[{ticker, rate,
   * price, effectiveAt, effectiveAtHeight}, …]}}, newest first) as points per hour in the reply's
   * order. Every row must be for the asked ticker.
   */
  static List<FundingPoint> parseHistoricalFunding(String venueId, String ticker, String body) {
    String what = venueId + " " + ticker + ": " + HISTORICAL_FUNDING;
    JsonNode root = OffchainJson.parseOrReject(body, what);
    OffchainJson.object(root, what + " reply");
    JsonNode rows = OffchainJson.array(root.get("historicalFunding"), what + ".historicalFunding");
    List<FundingPoint> out = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      String where = what + "[" + i + "]";
      JsonNode row = OffchainJson.object(rows.get(i), where);
      String rowTicker = OffchainJson.text(row, "ticker", where);
      if (!rowTicker.equals(ticker)) {
        throw OffchainJson.malformed(
            where + ".ticker is '" + rowTicker + "', asked for '" + ticker + "'");
      }
      Instant at = OffchainJson.isoInstant(row, "effectiveAt", where);
      BigDecimal rate = OffchainJson.decimal(row, "rate", where);
      out.add(new FundingPoint(at, rate));
    }
    return out;
  }
}
