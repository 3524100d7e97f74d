package io.hedgewatch.venue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.math.MathContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hyperliquid perps over its public {@code POST /info} API.
 *
 * <p>One snapshot cycle is at most two requests whatever the number of markets: {@code
 * metaAndAssetCtxs} (every market: {@code universe[i]} is the market whose context is {@code
 * assetCtxs[i]}) and {@code predictedFundings}. The market key is the coin name as Hyperliquid
 * spells it ({@code "ETH"}, {@code "kPEPE"}).
 *
 * <p>Units, all already on hedgewatch's scales: {@code markPx} is the mark, {@code oraclePx} the
 * index; {@code funding} is the current rate per hour as a fraction (0.0000125 = 0.00125 %/h),
 * positive = longs pay; funding settles every hour, capped at 4 %/h; {@code openInterest} is the
 * total in coin units (Hyperliquid gives no long/short split and no cap). {@code isDelisted} marks
 * the market delisted; {@code onlyIsolated} only restricts margin mode, not trading, and is not a
 * status. The predicted rate is the {@code HlPerp} entry of {@code predictedFundings}; that request
 * failing or an entry it cannot read leaves the prediction out, it does not fail the market.
 *
 * <p>Numbers arrive as decimal strings and are kept exactly. A market whose context lacks a field
 * or carries it mistyped fails alone ({@code Malformed} naming the field and the market); a coin
 * the universe does not list fails saying so.
 *
 * <p>Positions are read with one {@code clearinghouseState} request per account, whatever the
 * number of its positions asked for (see {@link HyperliquidPositions} for what each figure is made
 * of); the account is the user's 0x address. Only a reply in the 2023 shape, which lacks the
 * maintenance figures, costs one {@code metaAndAssetCtxs} request more, for the assets' max
 * leverage.
 */
public final class HyperliquidReader extends OffchainVenueReader implements PositionReader {

  private static final Logger LOG = LoggerFactory.getLogger(HyperliquidReader.class);

  public static final String DEFAULT_VENUE_ID = "hyperliquid";
  public static final String DEFAULT_BASE_URL = "https://api.hyperliquid.xyz";

  /** Funding settles every hour. */
  public static final Duration FUNDING_INTERVAL = Duration.ofHours(1);

  /** Hyperliquid caps the absolute funding rate at 4 % per hour. */
  public static final BigDecimal FUNDING_CAP_HOURLY = new BigDecimal("0.04");

  /**
   * Funding history rows before this instant are 8-hour rates: until 2023-06-08 00:00 UTC
   * Hyperliquid settled every 8 hours (the recorded mainnet {@code fundingHistory} reply has 8 h
   * rows with the 0.0001 interest rate up to and including 2023-06-08T00:00, then hourly rows with
   * 0.0000125 = 0.0001 / 8). Such rows are divided by 8 to give the hourly rate.
   */
  public static final Instant HOURLY_FUNDING_SINCE = Instant.parse("2023-06-08T00:30:00Z");

  /**
   * Pages of {@code fundingHistory} one history read may take before it gives up (the page size is
   * the venue's and unverified: 500 rows is documented for current replies).
   */
  public static final int DEFAULT_MAX_HISTORY_PAGES = 200;

  static final String META_AND_ASSET_CTXS = "metaAndAssetCtxs";
  static final String PREDICTED_FUNDINGS = "predictedFundings";
  static final String FUNDING_HISTORY = "fundingHistory";

  /** The venue name of Hyperliquid's own entry in {@code predictedFundings}. */
  static final String HL_PERP = "HlPerp";

  private static final BigDecimal EIGHT = BigDecimal.valueOf(8);
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  /**
   * A row less than this before the next settlement may still be the last of a page: settlement
   * times drift by a few seconds around the hour.
   */
  private static final Duration SETTLEMENT_SLACK = Duration.ofMinutes(1);

  private final HttpUrl infoUrl;
  private final ThrottledLog log = new ThrottledLog(LOG, Duration.ofSeconds(30));

  /** Hyperliquid's prediction for one market, per hour. */
  record Predicted(BigDecimal rateHourly, Optional<Instant> nextFundingTime) {}

  public HyperliquidReader(
      String venueId, HttpUrl baseUrl, OkHttpClient httpClient, Clock clock, HttpPolicy policy) {
    this(venueId, baseUrl, httpClient, clock, policy, DEFAULT_MAX_HISTORY_PAGES);
  }

  public HyperliquidReader(
      String venueId,
      HttpUrl baseUrl,
      OkHttpClient httpClient,
      Clock clock,
      HttpPolicy policy,
      int maxHistoryPages) {
    super(venueId, "info", httpClient, clock, policy, maxHistoryPages);
    this.infoUrl = OffchainVenueHttp.resolve(Objects.requireNonNull(baseUrl, "baseUrl"), "info");
  }

  /** A reader at {@code baseUrl} when config gives one, else at {@link #DEFAULT_BASE_URL}. */
  public static HyperliquidReader create(
      String venueId,
      Optional<String> baseUrl,
      OkHttpClient httpClient,
      Clock clock,
      HttpPolicy policy) {
    HttpUrl url = OffchainVenueHttp.parseBaseUrl(venueId, baseUrl.orElse(DEFAULT_BASE_URL));
    return new HyperliquidReader(venueId, url, httpClient, clock, policy);
  }

  /** The URL every request is posted to ({@code <baseUrl>/info}). */
  public HttpUrl infoUrl() {
    return infoUrl;
  }

  @Override
  public List<Read<MarketSnapshot>> snapshots(List<String> marketKeys) {
    Objects.requireNonNull(marketKeys, "marketKeys");
    if (marketKeys.isEmpty()) {
      return List.of();
    }
    ObjectNode metaRequest =
        OffchainJson.MAPPER.createObjectNode().put("type", META_AND_ASSET_CTXS);
    Read<Answer> meta = post(META_AND_ASSET_CTXS, metaRequest);
    if (meta instanceof Read.Failed<Answer> failed) {
      return allFailed(marketKeys, failed.failure());
    }
    Answer answer = meta.asOptional().orElseThrow();
    Universe universe;
    try {
      universe = parseUniverse(venueId, answer.body());
    } catch (OffchainJson.Rejected e) {
      return allFailed(marketKeys, e.failure());
    }
    boolean anyListed = marketKeys.stream().anyMatch(universe.index()::containsKey);
    Map<String, Predicted> predicted = anyListed ? predicted() : Map.of();
    return markets(venueId, universe, marketKeys, predicted, answer.receivedAt());
  }

  private Map<String, Predicted> predicted() {
    ObjectNode request = OffchainJson.MAPPER.createObjectNode().put("type", PREDICTED_FUNDINGS);
    Read<Map<String, Predicted>> read =
        parsed(post(PREDICTED_FUNDINGS, request), a -> parsePredicted(venueId, a.body()));
    if (read instanceof Read.Failed<Map<String, Predicted>> failed) {
      log.warn(
          PREDICTED_FUNDINGS,
          "venue {}: no predicted funding this cycle: {}",
          venueId,
          failed.failure().describe());
      return Map.of();
    }
    return read.asOptional().orElseThrow();
  }

  @Override
  public List<Read<PositionSnapshot>> positions(List<PositionReader.Request> requests) {
    Objects.requireNonNull(requests, "requests");
    Map<String, Read<FetchedState>> states = new HashMap<>();
    for (PositionReader.Request request : requests) {
      HyperliquidPositions.user(request.account())
          .ifPresent(user -> states.computeIfAbsent(user, this::clearinghouseState));
    }
    Set<String> lacking = new LinkedHashSet<>();
    for (PositionReader.Request request : requests) {
      HyperliquidPositions.user(request.account())
          .flatMap(user -> states.get(user).asOptional())
          .ifPresent(
              s ->
                  lacking.addAll(
                      HyperliquidPositions.coinsLackingMaxLeverage(
                          s.state(), request.marketKey())));
    }
    Read<Map<String, Integer>> maxLeverages =
        lacking.isEmpty() ? Read.ok(Map.of()) : metaMaxLeverages();
    List<Read<PositionSnapshot>> out = new ArrayList<>(requests.size());
    for (PositionReader.Request request : requests) {
      out.add(position(request, states, lacking, maxLeverages));
    }
    return out;
  }

  /** A parsed {@code clearinghouseState} and when it arrived. */
  private record FetchedState(HyperliquidPositions.State state, Instant receivedAt) {}

  private Read<FetchedState> clearinghouseState(String user) {
    ObjectNode request =
        OffchainJson.MAPPER
            .createObjectNode()
            .put("type", HyperliquidPositions.CLEARINGHOUSE_STATE)
            .put("user", user);
    return parsed(
        post(HyperliquidPositions.CLEARINGHOUSE_STATE, request),
        a ->
            new FetchedState(
                HyperliquidPositions.parseState(venueId, user, a.body()), a.receivedAt()));
  }

  /** Max leverage by coin from {@code metaAndAssetCtxs}, for replies that lack it. */
  private Read<Map<String, Integer>> metaMaxLeverages() {
    ObjectNode request = OffchainJson.MAPPER.createObjectNode().put("type", META_AND_ASSET_CTXS);
    return parsed(
        post(META_AND_ASSET_CTXS, request),
        a ->
            HyperliquidPositions.maxLeverages(
                venueId, parseUniverse(venueId, a.body()).universe()));
  }

  private Read<PositionSnapshot> position(
      PositionReader.Request request,
      Map<String, Read<FetchedState>> states,
      Set<String> lacking,
      Read<Map<String, Integer>> maxLeverages) {
    Optional<String> user = HyperliquidPositions.user(request.account());
    if (user.isEmpty()) {
      return Read.failed(
          new ReadFailure.Unavailable(
              venueId
                  + " position "
                  + request.positionId()
                  + ": account '"
                  + request.account()
                  + "' is not a 0x address of 40 hex digits"));
    }
    Read<FetchedState> fetched = states.get(user.get());
    if (fetched instanceof Read.Failed<FetchedState> failed) {
      return Read.failed(failed.failure());
    }
    FetchedState state = fetched.asOptional().orElseThrow();
    Map<String, Integer> meta = Map.of();
    if (!HyperliquidPositions.coinsLackingMaxLeverage(state.state(), request.marketKey())
        .isEmpty()) {
      if (maxLeverages instanceof Read.Failed<Map<String, Integer>> failed) {
        return Read.failed(
            new ReadFailure.Unavailable(
                venueId
                    + " "
                    + request.marketKey()
                    + ": the clearinghouseState of "
                    + user.get()
                    + " gives no maintenance figures and the max leverage of "
                    + lacking
                    + " could not be read: "
                    + failed.failure().describe()));
      }
      meta = maxLeverages.asOptional().orElseThrow();
    }
    try {
      return Read.ok(
          HyperliquidPositions.snapshot(venueId, request, state.state(), state.receivedAt(), meta));
    } catch (OffchainJson.Rejected e) {
      return Read.failed(e.failure());
    }
  }

  @Override
  public Read<List<FundingPoint>> fundingHistory(String marketKey, Instant from, Instant to) {
    requireRange(marketKey, from, to);
    TreeMap<Instant, FundingPoint> points = new TreeMap<>();
    long start = from.toEpochMilli();
    long end = to.toEpochMilli();
    for (int page = 1; ; page++) {
      if (page > maxHistoryPages) {
        return Read.failed(tooManyPages(marketKey, from, to, FUNDING_HISTORY));
      }
      if (page > 1) {
        // a long history takes more pages than the limiter's period allows (10 a 20 s by
        // default): wait for the next permit, up to a period, rather than fail the read at the
        // short wait a monitoring cycle uses
        http.awaitPermit(http.policy().ratePeriod());
      }
      ObjectNode request =
          OffchainJson.MAPPER
              .createObjectNode()
              .put("type", FUNDING_HISTORY)
              .put("coin", marketKey)
              .put("startTime", start)
              .put("endTime", end);
      Read<List<FundingPoint>> read =
          parsed(
              post(FUNDING_HISTORY, request),
              a -> parseFundingHistory(venueId, marketKey, a.body()));
      if (read instanceof Read.Failed<List<FundingPoint>> failed) {
        return Read.failed(failed.failure());
      }
      List<FundingPoint> rows = read.asOptional().orElseThrow();
      Instant last = null;
      for (FundingPoint row : rows) {
        if (!row.at().isBefore(from) && !row.at().isAfter(to)) {
          points.putIfAbsent(row.at(), row);
        }
        if (last == null || row.at().isAfter(last)) {
          last = row.at();
        }
      }
      if (last == null
          || last.toEpochMilli() < start
          || !last.plus(FUNDING_INTERVAL).minus(SETTLEMENT_SLACK).isBefore(to)) {
        break;
      }
      start = last.toEpochMilli() + 1;
    }
    return Read.ok(List.copyOf(points.values()));
  }

  /** One {@code /info} call; a reply that is not 2xx is a failure quoting the venue's words. */
  private Read<Answer> post(String endpoint, ObjectNode json) {
    okhttp3.Request request =
        new okhttp3.Request.Builder()
            .url(infoUrl)
            .header("Accept", "application/json")
            .post(RequestBody.create(json.toString(), JSON_TYPE))
            .build();
    return http.call(
        endpoint,
        request,
        answer -> http.refused(endpoint, answer, OffchainVenueHttp.snippet(answer.body())));
  }

  /** A {@code metaAndAssetCtxs} reply checked for shape: coin name to position, and both arrays. */
  record Universe(JsonNode universe, JsonNode contexts, Map<String, Integer> index) {}

  /**
   * The asked markets out of one {@code metaAndAssetCtxs} reply, in the order asked. A reply that
   * is not the {@code [meta, assetCtxs]} pair fails every market alike; a bad context fails only
   * its market.
   */
  static List<Read<MarketSnapshot>> parseMarkets(
      String venueId,
      String body,
      List<String> marketKeys,
      Map<String, Predicted> predicted,
      Instant at) {
    Universe universe;
    try {
      universe = parseUniverse(venueId, body);
    } catch (OffchainJson.Rejected e) {
      return allFailed(marketKeys, e.failure());
    }
    return markets(venueId, universe, marketKeys, predicted, at);
  }

  /**
   * The {@code [meta, assetCtxs]} pair, or {@code Malformed} when the reply is not one: then no
   * market can be trusted, since markets and contexts pair by position.
   */
  static Universe parseUniverse(String venueId, String body) {
    JsonNode root = OffchainJson.parseOrReject(body, venueId + " " + META_AND_ASSET_CTXS);
    OffchainJson.array(root, venueId + " " + META_AND_ASSET_CTXS + " reply");
    if (root.size() < 2) {
      throw OffchainJson.malformed(
          venueId
              + " "
              + META_AND_ASSET_CTXS
              + " reply has "
              + root.size()
              + " elements, expected [meta, assetCtxs]");
    }
    JsonNode meta = OffchainJson.object(root.get(0), venueId + " meta");
    JsonNode universe = OffchainJson.array(meta.get("universe"), venueId + " meta.universe");
    JsonNode contexts = OffchainJson.array(root.get(1), venueId + " assetCtxs");
    if (universe.size() != contexts.size()) {
      throw OffchainJson.malformed(
          venueId
              + " meta.universe lists "
              + universe.size()
              + " markets but assetCtxs has "
              + contexts.size()
              + ": they pair by position, so none can be trusted");
    }
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < universe.size(); i++) {
      JsonNode name = universe.get(i).get("name");
      if (name != null && name.isTextual()) {
        index.putIfAbsent(name.asText(), i);
      }
    }
    return new Universe(universe, contexts, Map.copyOf(index));
  }

  private static List<Read<MarketSnapshot>> markets(
      String venueId,
      Universe universe,
      List<String> marketKeys,
      Map<String, Predicted> predicted,
      Instant at) {
    List<Read<MarketSnapshot>> out = new ArrayList<>(marketKeys.size());
    for (String coin : marketKeys) {
      Integer i = universe.index().get(coin);
      if (i == null) {
        out.add(
            Read.failed(
                new ReadFailure.Unavailable(
                    venueId
                        + " lists no market '"
                        + coin
                        + "' ("
                        + universe.index().size()
                        + " markets in meta.universe; coin names are case-sensitive)")));
        continue;
      }
      try {
        out.add(
            Read.ok(
                market(
                    venueId,
                    coin,
                    i,
                    universe.universe().get(i),
                    universe.contexts().get(i),
                    Optional.ofNullable(predicted.get(coin)),
                    at)));
      } catch (OffchainJson.Rejected e) {
        out.add(Read.failed(e.failure()));
      }
    }
    return out;
  }

  private static MarketSnapshot market(
      String venueId,
      String coin,
      int i,
      JsonNode asset,
      JsonNode ctx,
      Optional<Predicted> predicted,
      Instant at) {
    String where = venueId + " " + coin + ": assetCtxs[" + i + "]";
    OffchainJson.object(asset, venueId + " " + coin + ": meta.universe[" + i + "]");
    OffchainJson.object(ctx, where);
    boolean delisted =
        OffchainJson.optionalBoolean(
                asset, "isDelisted", venueId + " " + coin + ": meta.universe[" + i + "]")
            .orElse(false);
    // A delisted market keeps its row; what is left of its prices and funding is shown if
    // readable, and its absence is no reason to hide that the market is delisted.
    Optional<BigDecimal> mark =
        delisted
            ? optionalPositive(ctx, "markPx", where)
            : Optional.of(OffchainJson.positive(ctx, "markPx", where));
    Optional<BigDecimal> oracle =
        delisted
            ? optionalPositive(ctx, "oraclePx", where)
            : Optional.of(OffchainJson.positive(ctx, "oraclePx", where));
    Optional<BigDecimal> funding =
        delisted
            ? OffchainJson.optionalDecimal(ctx, "funding", where)
            : Optional.of(OffchainJson.decimal(ctx, "funding", where));
    Optional<BigDecimal> openInterest =
        delisted
            ? OffchainJson.optionalDecimal(ctx, "openInterest", where)
                .map(v -> OffchainJson.requireNonNegative(v, where + ".openInterest"))
            : Optional.of(OffchainJson.nonNegative(ctx, "openInterest", where));
    MarketStatus status =
        delisted
            ? new MarketStatus(
                false, false, false, true, Optional.of("isDelisted in meta.universe"))
            : MarketStatus.ACTIVE;
    Instant nextFunding =
        predicted
            .flatMap(Predicted::nextFundingTime)
            .orElseGet(() -> at.truncatedTo(ChronoUnit.HOURS).plus(FUNDING_INTERVAL));
    return new MarketSnapshot(
        coin,
        at,
        mark,
        oracle,
        funding,
        Optional.of(FUNDING_INTERVAL),
        Optional.of(nextFunding),
        predicted.map(Predicted::rateHourly),
        Optional.of(FUNDING_CAP_HOURLY),
        Optional.empty(),
        Optional.empty(),
        openInterest,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        status,
        Optional.empty());
  }

  private static Optional<BigDecimal> optionalPositive(JsonNode ctx, String field, String where) {
    return OffchainJson.optionalDecimal(ctx, field, where)
        .map(v -> OffchainJson.requirePositive(v, where + "." + field));
  }

  /**
   * Hyperliquid's own predictions ({@code HlPerp}) by coin, per hour. The reply is {@code [[coin,
   * [[venue, {fundingRate, nextFundingTime, fundingIntervalHours?} or null], …]], …]}; an entry of
   * any other shape, or one whose rate cannot be read, is skipped. Only a reply that is not an
   * array at all is rejected.
   */
  static Map<String, Predicted> parsePredicted(String venueId, String body) {
    JsonNode root = OffchainJson.parseOrReject(body, venueId + " " + PREDICTED_FUNDINGS);
    OffchainJson.array(root, venueId + " " + PREDICTED_FUNDINGS + " reply");
    Map<String, Predicted> out = new HashMap<>();
    for (JsonNode entry : root) {
      if (!entry.isArray()
          || entry.size() < 2
          || !entry.get(0).isTextual()
          || !entry.get(1).isArray()) {
        continue;
      }
      String coin = entry.get(0).asText();
      for (JsonNode venue : entry.get(1)) {
        if (venue.isArray()
            && venue.size() >= 2
            && HL_PERP.equals(venue.get(0).asText(null))
            && venue.get(1).isObject()) {
          readPrediction(venueId, coin, venue.get(1)).ifPresent(p -> out.putIfAbsent(coin, p));
        }
      }
    }
    return out;
  }

  private static Optional<Predicted> readPrediction(String venueId, String coin, JsonNode p) {
    String where = venueId + " " + coin + ": predictedFundings " + HL_PERP;
    BigDecimal rate;
    try {
      rate = OffchainJson.decimal(p, "fundingRate", where);
    } catch (OffchainJson.Rejected e) {
      return Optional.empty();
    }
    JsonNode hoursNode = p.get("fundingIntervalHours");
    int hours =
        hoursNode != null && hoursNode.canConvertToInt() && hoursNode.isIntegralNumber()
            ? hoursNode.intValue()
            : 1;
    if (hours < 1) {
      return Optional.empty();
    }
    Optional<Instant> next;
    try {
      next = Optional.of(OffchainJson.epochMillis(p, "nextFundingTime", where));
    } catch (OffchainJson.Rejected e) {
      next = Optional.empty();
    }
    return Optional.of(new Predicted(perHour(rate, hours), next));
  }

  /**
   * One {@code fundingHistory} page as funding points per hour, in the reply's order. Every row
   * must be {@code {coin, fundingRate, time}} for the asked coin; rows settled before {@link
   * #HOURLY_FUNDING_SINCE} carry 8-hour rates and are divided by 8.
   */
  static List<FundingPoint> parseFundingHistory(String venueId, String coin, String body) {
    String what = venueId + " " + coin + ": " + FUNDING_HISTORY;
    JsonNode root = OffchainJson.parseOrReject(body, what);
    OffchainJson.array(root, what + " reply");
    List<FundingPoint> rows = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      String where = what + "[" + i + "]";
      JsonNode row = OffchainJson.object(root.get(i), where);
      String rowCoin = OffchainJson.text(row, "coin", where);
      if (!rowCoin.equals(coin)) {
        throw OffchainJson.malformed(
            where + ".coin is '" + rowCoin + "', asked for '" + coin + "'");
      }
      Instant time = OffchainJson.epochMillis(row, "time", where);
      BigDecimal rate = OffchainJson.decimal(row, "fundingRate", where);
      rows.add(new FundingPoint(time, hourlyRate(time, rate)));
    }
    return rows;
  }

  /** A settled rate as a rate per hour: 8-hour rates before {@link #HOURLY_FUNDING_SINCE}. */
  static BigDecimal hourlyRate(Instant settledAt, BigDecimal rate) {
    return settledAt.isBefore(HOURLY_FUNDING_SINCE) ? rate.divide(EIGHT) : rate;
  }

  /** A rate per {@code hours} hours as a rate per hour, exact whenever the quotient is finite. */
  static BigDecimal perHour(BigDecimal rate, int hours) {
    if (hours == 1) {
      return rate;
    }
    BigDecimal divisor = BigDecimal.valueOf(hours);
    try {
      return rate.divide(divisor);
    } catch (ArithmeticException nonTerminating) {
      return rate.divide(divisor, MathContext.DECIMAL128);
    }
  }
}
