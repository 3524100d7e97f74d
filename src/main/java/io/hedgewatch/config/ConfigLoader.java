package io.hedgewatch.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.FeedType;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.MarketHours;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.reference.VenueListings;
import io.hedgewatch.risk.ParamType;
import io.hedgewatch.risk.RuleCatalog;
import io.hedgewatch.risk.RuleSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads and validates a hedgewatch YAML config, collecting every problem rather than stopping at
 * the first.
 *
 * <p>Each problem carries the YAML path of the offending key ({@code feeds.eth-usd.heartbeat},
 * {@code chains.arbitrum.rpcUrls[1]}) and a message with the rejected value and what is allowed.
 * Bad input never throws: a missing file, malformed YAML and every invalid value come back as
 * {@link LoadResult.Invalid}.
 *
 * <p>What is read, in this order per scalar: {@code ${VAR}} / {@code ${VAR:-default}} are
 * substituted from the environment map (in values only, never in keys), then the value is typed
 * (see {@link ConfigValues}).
 *
 * <p>Sections: {@code chains}, {@code references}, {@code feeds}, {@code venues}, {@code markets},
 * {@code watch}, {@code positions}, {@code storage}, {@code rules}, {@code alerts} and {@code api}
 * are validated in full, and the references between them (a feed's or venue's chain, a market's
 * venue and oracle feed, a watched contract's chain, a position's market, chains and feeds) must
 * name an entry that exists, whatever order the sections come in. Any other top-level key is an
 * unknown key.
 *
 * <p>Secrets (a webhook's {@code secret}, a Telegram {@code botToken}, {@code api.token}) and URLs
 * that may carry a token (webhook, Slack and Discord URLs) never appear in a problem: a secret is
 * named by the variable it came from, a URL is shown as {@code scheme://host/***}.
 *
 * <p>Extension keys beyond the contract's example: {@code chains.*.rpcTimeout} (duration, default
 * {@link ChainConfig#DEFAULT_RPC_TIMEOUT}), {@code chains.*.maxHeadAge} (duration or {@code off}:
 * the chain's own head-age limit for {@code rpc.lag}), {@code feeds.*.expectAggregator} (Chainlink
 * only: the aggregator the proxy is expected to point at), {@code venues.*.referralStorage} (gmx-v2
 * only), {@code markets.*.fundingReferences} (the centralized venues whose funding the market is
 * compared with), {@code watch.*.proxy} ({@code eip1967}, {@code synthetix} or {@code none}),
 * {@code watch.*.expectAdmin} and {@code watch.*.expectOwner}, {@code positions.*.buffer.feed}
 * (what prices the buffer's token) and a list of hedges under {@code positions.*.hedges}.
 */
public final class ConfigLoader {

  public static final List<String> VALIDATED_SECTIONS =
      List.of(
          "chains",
          "references",
          "feeds",
          "venues",
          "markets",
          "watch",
          "storage",
          "rules",
          "positions",
          "alerts",
          "api");

  /**
   * Sections of the contract that a later release fills: accepted as they are and listed in {@link
   * HedgewatchConfig#ignoredSections()}. None at present.
   */
  public static final List<String> IGNORED_SECTIONS = List.of();

  /** The reference venues that price spot pairs: what a {@code reference.sources} may name. */
  public static final List<String> SPOT_REFERENCE_VENUES =
      Arrays.stream(ReferenceVenue.values()).map(ReferenceVenue::configName).toList();

  /**
   * Reference venues with perps but no spot market: they give funding and mark references ({@code
   * markets.*.fundingReferences}) and are never a spot price source.
   */
  public static final List<String> FUNDING_ONLY_REFERENCE_VENUES = List.of("deribit");

  /** The reference venues hedgewatch can read, i.e. the allowed keys of {@code references}. */
  public static final List<String> REFERENCE_VENUES =
      concat(SPOT_REFERENCE_VENUES, FUNDING_ONLY_REFERENCE_VENUES);

  static final List<String> CHAIN_KEYS =
      List.of(
          "chainId",
          "rpcUrls",
          "multicall3",
          "sequencerUptimeFeed",
          "pollInterval",
          "rpcTimeout",
          "maxHeadAge");
  static final List<String> REFERENCE_KEYS = List.of("baseUrl", "futuresBaseUrl");

  /** A funding-only venue's perps are its whole API, read at {@code baseUrl}. */
  static final List<String> FUNDING_ONLY_REFERENCE_KEYS = List.of("baseUrl");

  static final List<String> FEED_KEYS =
      List.of(
          "chain",
          "type",
          "address",
          "priceId",
          "heartbeat",
          "deviationThreshold",
          "marketHours",
          "expectAggregator",
          "reference");
  static final List<String> FEED_REFERENCE_KEYS = List.of("symbol", "sources", "minSources");

  /**
   * The keys of a venue of each type; {@link #VENUE_KEYS} is all of them, for a venue of no type.
   */
  static final Map<VenueConfig.Type, List<String>> VENUE_KEYS_BY_TYPE =
      Map.of(
          VenueConfig.Type.HYPERLIQUID, List.of("type", "baseUrl"),
          VenueConfig.Type.DYDX_V4, List.of("type", "baseUrl"),
          VenueConfig.Type.SYNTHETIX_V3, List.of("type", "chain", "address"),
          VenueConfig.Type.GMX_V2,
              List.of("type", "chain", "reader", "dataStore", "referralStorage"));

  static final List<String> VENUE_KEYS =
      List.of("type", "chain", "address", "reader", "dataStore", "referralStorage", "baseUrl");
  static final List<String> MARKET_KEYS =
      List.of(
          "venue",
          "market",
          "oracleFeed",
          "reference",
          "fundingReferences",
          "indexDecimals",
          "longTokenFeed",
          "shortTokenFeed");
  static final List<String> GMX_MARKET_KEYS =
      List.of("indexDecimals", "longTokenFeed", "shortTokenFeed");
  static final List<String> WATCH_KEYS =
      List.of("chain", "address", "proxy", "expectImplementation", "expectAdmin", "expectOwner");
  static final List<String> STORAGE_KEYS = List.of("url");

  /** The keys of a position described by hand, i.e. one without {@code account}. */
  static final List<String> MANUAL_POSITION_KEYS =
      List.of("side", "size", "entryPrice", "collateral", "marginMode", "maintenanceMarginRatio");

  static final List<String> POSITION_KEYS =
      concat(
          List.of("market", "account"),
          concat(
              MANUAL_POSITION_KEYS,
              List.of("hedges", "targetRatio", "band", "buffer", "collateralFeed")));
  static final List<String> HEDGE_KEYS = List.of("asset", "amount", "wallet");
  static final List<String> WALLET_KEYS = List.of("chain", "token", "holder");
  static final List<String> BUFFER_KEYS = List.of("chain", "token", "holder", "feed");
  static final List<String> ALERTS_KEYS = List.of("repeatAfter", "sinks");

  /** The values of a sink's {@code type}, in the order the README lists them. */
  static final List<String> SINK_TYPES =
      List.of("stdout", "jsonl", "webhook", "slack", "discord", "telegram");

  /** What every sink accepts: {@link DeliveryPolicy}. */
  static final List<String> DELIVERY_KEYS =
      List.of("timeout", "maxAttempts", "initialBackoff", "maxBackoff");

  /**
   * The keys of a sink of each type beyond {@code type}, {@code name} and {@link #DELIVERY_KEYS}.
   */
  static final Map<String, List<String>> SINK_KEYS_BY_TYPE =
      Map.of(
          "stdout", List.of(),
          "jsonl", List.of("path"),
          "webhook", List.of("url", "secret"),
          "slack", List.of("url"),
          "discord", List.of("url"),
          "telegram", List.of("botToken", "chatId", "baseUrl"));

  /** Every key a sink of some type accepts, for a sink of no readable type. */
  static final List<String> SINK_KEYS =
      concat(
          List.of("type", "name", "path", "url", "secret", "botToken", "chatId", "baseUrl"),
          DELIVERY_KEYS);

  static final List<String> API_KEYS = List.of("bind", "token");

  private static final List<String> SECTIONS = concat(VALIDATED_SECTIONS, IGNORED_SECTIONS);
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*");
  private static final String ID_RULE =
      "use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit";
  private static final String ADDRESS = "an address, 0x and 40 hex digits";

  /** A typed reading of one scalar. */
  @FunctionalInterface
  private interface Parser<T> {
    T parse(String text) throws InvalidValueException;
  }

  private final Map<String, String> env;
  private final List<ConfigProblem> problems = new ArrayList<>();

  /**
   * Paths of valid keys that an unknown key was taken for ("did you mean"): no second "is required"
   * for them.
   */
  private final Set<String> suggestedPaths = new HashSet<>();

  /**
   * Keys of {@code chains}, {@code venues} and {@code feeds}, valid or not, so that an entry
   * pointing at a broken one is not also "dangling".
   */
  private Defined chains = Defined.none("chain", "chains");

  private Defined venues = Defined.none("venue", "venues");
  private Defined feeds = Defined.none("feed", "feeds");

  /**
   * The type of each venue whose type is readable, whatever else is wrong with it, so that a
   * market's key can be judged by its venue's rules.
   */
  private final Map<String, VenueConfig.Type> venueTypes = new HashMap<>();

  /** The first market of each (venue, market key), to name it when another entry repeats it. */
  private final Map<List<String>, String> marketsSeen = new HashMap<>();

  /** The configured {@code references} that price spot pairs (funding-only venues left out). */
  private Set<String> referenceVenues = Set.of();

  private boolean referenceVenuesKnown = true;

  /** The configured funding-only {@code references}, to name them when spot venues are missing. */
  private Set<String> fundingOnlyVenues = Set.of();

  /** Keys of {@code markets}, valid or not, for the positions on them. */
  private Defined marketIds = Defined.none("market", "markets");

  /** What a position needs to know of each market, read whatever else is wrong with the market. */
  private final Map<String, MarketFacts> marketFacts = new HashMap<>();

  /** The first position of each (market, account), to name it when another entry repeats it. */
  private final Map<List<String>, String> positionsSeen = new HashMap<>();

  /**
   * The entry ids of a section that other entries refer to. {@code known} is false when the section
   * is present but not a mapping: references to it cannot be judged then.
   */
  private record Defined(String kind, String section, Set<String> ids, boolean known) {

    static Defined none(String kind, String section) {
      return new Defined(kind, section, Set.of(), true);
    }

    static Defined in(JsonNode root, String kind, String section) {
      JsonNode node = root.get(section);
      if (node != null && node.isObject()) {
        return new Defined(kind, section, keys(node), true);
      }
      return new Defined(kind, section, Set.of(), node == null || node.isNull());
    }

    String check(String id) throws InvalidValueException {
      if (known && !ids.contains(id)) {
        if (ids.isEmpty()) {
          throw new InvalidValueException(
              kind + " '" + id + "' is not defined: the config has no " + section);
        }
        throw new InvalidValueException(
            kind + " '" + id + "' is not defined in " + section + hint(id, ids, section + " are"));
      }
      return id;
    }
  }

  private ConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  /** Loads {@code file} with the process environment. */
  public static LoadResult load(Path file) {
    return load(file, System.getenv());
  }

  /** Loads {@code file}, substituting {@code ${VAR}} from {@code env}. */
  public static LoadResult load(Path file, Map<String, String> env) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(env, "env");
    String text;
    try {
      if (Files.isDirectory(file)) {
        return invalid("", file + " is a directory, not a config file");
      }
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return invalid("", "file not found: " + file);
    } catch (AccessDeniedException e) {
      return invalid("", "cannot read " + file + ": permission denied");
    } catch (CharacterCodingException e) {
      return invalid("", file + " is not UTF-8 text");
    } catch (IOException | SecurityException e) {
      return invalid("", "cannot read " + file + ": " + e.getMessage());
    }
    return parse(text, file, env);
  }

  /** Validates YAML text as if it had been read from {@code source}. */
  public static LoadResult parse(String yaml, Path source, Map<String, String> env) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(env, "env");
    YamlTree.Result tree = YamlTree.read(yaml);
    if (tree instanceof YamlTree.Result.Failed failed) {
      return new LoadResult.Invalid(List.of(failed.problem()));
    }
    return new ConfigLoader(env).build(((YamlTree.Result.Parsed) tree).root(), source);
  }

  private static LoadResult invalid(String path, String message) {
    return new LoadResult.Invalid(List.of(new ConfigProblem(path, message)));
  }

  private LoadResult build(JsonNode root, Path source) {
    if (root.isNull()) {
      problem(
          "",
          "the file is empty: expected a mapping with the sections "
              + String.join(", ", VALIDATED_SECTIONS));
      return new LoadResult.Invalid(problems);
    }
    if (!root.isObject()) {
      problem(
          "",
          "the top level must be a mapping of sections ("
              + String.join(", ", VALIDATED_SECTIONS)
              + ", ...), got "
              + describe(root));
      return new LoadResult.Invalid(problems);
    }
    chains = Defined.in(root, "chain", "chains");
    venues = Defined.in(root, "venue", "venues");
    feeds = Defined.in(root, "feed", "feeds");
    readVenueTypes(root.get("venues"));
    marketIds = Defined.in(root, "market", "markets");
    readMarketFacts(root.get("markets"));
    JsonNode referencesNode = root.get("references");
    if (referencesNode != null && referencesNode.isObject()) {
      Set<String> configured = keys(referencesNode);
      referenceVenues = new LinkedHashSet<>(configured);
      referenceVenues.removeAll(FUNDING_ONLY_REFERENCE_VENUES);
      fundingOnlyVenues = new LinkedHashSet<>(configured);
      fundingOnlyVenues.retainAll(FUNDING_ONLY_REFERENCE_VENUES);
    } else {
      referenceVenuesKnown = referencesNode == null || referencesNode.isNull();
    }

    Map<String, ChainConfig> chainConfigs = new LinkedHashMap<>();
    Map<String, ReferenceVenueConfig> references = new LinkedHashMap<>();
    Map<String, FeedConfig> feedConfigs = new LinkedHashMap<>();
    Map<String, RuleSettings> rules = new LinkedHashMap<>();
    Map<String, VenueConfig> venueConfigs = new LinkedHashMap<>();
    Map<String, MarketConfig> markets = new LinkedHashMap<>();
    Map<String, WatchConfig> watch = new LinkedHashMap<>();
    Map<String, PositionConfig> positions = new LinkedHashMap<>();
    StorageConfig storage = StorageConfig.ofDefaults();
    AlertsConfig alerts = AlertsConfig.ofDefaults();
    ApiConfig api = ApiConfig.ofDefaults();
    List<String> ignored = new ArrayList<>();
    for (Map.Entry<String, JsonNode> section : root.properties()) {
      String key = section.getKey();
      JsonNode node = section.getValue();
      switch (key) {
        case "chains" ->
            entries(node, key, "chain ids to chain settings")
                .forEach((id, value) -> chain(id, value).ifPresent(c -> chainConfigs.put(id, c)));
        case "references" ->
            entries(node, key, "reference venue names to their settings")
                .forEach(
                    (venue, value) ->
                        referenceVenue(venue, value).ifPresent(r -> references.put(venue, r)));
        case "feeds" ->
            entries(node, key, "feed ids to feed settings")
                .forEach((id, value) -> feed(id, value).ifPresent(f -> feedConfigs.put(id, f)));
        case "venues" ->
            entries(node, key, "venue ids to venue settings")
                .forEach((id, value) -> venue(id, value).ifPresent(v -> venueConfigs.put(id, v)));
        case "markets" ->
            entries(node, key, "market ids to market settings")
                .forEach((id, value) -> market(id, value).ifPresent(m -> markets.put(id, m)));
        case "watch" ->
            entries(node, key, "contract ids to what is watched of them")
                .forEach((id, value) -> watched(id, value).ifPresent(w -> watch.put(id, w)));
        case "positions" ->
            entries(node, key, "position ids to positions")
                .forEach((id, value) -> position(id, value).ifPresent(p -> positions.put(id, p)));
        case "storage" -> storage = storage(node);
        case "alerts" -> alerts = alerts(node);
        case "api" -> api = api(node);
        case "rules" ->
            entries(node, key, "rule ids to their parameters")
                .forEach((id, value) -> rule(id, value).ifPresent(r -> rules.put(id, r)));
        default -> {
          if (IGNORED_SECTIONS.contains(key)) {
            ignored.add(key);
          } else {
            unknownKey("", key, SECTIONS);
          }
        }
      }
    }
    if (!problems.isEmpty()) {
      return new LoadResult.Invalid(problems);
    }
    return new LoadResult.Loaded(
        new HedgewatchConfig(
            source,
            chainConfigs,
            references,
            feedConfigs,
            rules,
            venueConfigs,
            markets,
            watch,
            positions,
            storage,
            alerts,
            api,
            ignored));
  }

  // ---- chains

  private Optional<ChainConfig> chain(String id, JsonNode value) {
    String path = join("chains", id);
    int before = problems.size();
    if (!ConfigValues.isValidId(id)) {
      problem(path, "'" + id + "' is not a valid chain id: " + ID_RULE);
    }
    Optional<ObjectNode> settings = mapping(value, path, "chain settings (chainId, rpcUrls, ...)");
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode c = settings.get();
    checkKeys(c, path, CHAIN_KEYS);
    Optional<Long> chainId =
        required(
            c, "chainId", path, ConfigValues::parseChainId, "the chain's EIP-155 id, e.g. 42161");
    List<String> rpcUrls = rpcUrls(c, path);
    String multicall3 =
        optional(c, "multicall3", path, ConfigValues::parseAddress)
            .orElse(ChainConfig.DEFAULT_MULTICALL3);
    Optional<String> sequencer =
        optional(c, "sequencerUptimeFeed", path, ConfigValues::parseAddress);
    Duration pollInterval =
        optional(c, "pollInterval", path, ConfigLoader::positiveDuration)
            .orElse(ChainConfig.DEFAULT_POLL_INTERVAL);
    Duration rpcTimeout =
        optional(c, "rpcTimeout", path, ConfigLoader::positiveDuration)
            .orElse(ChainConfig.DEFAULT_RPC_TIMEOUT);
    Optional<Duration> maxHeadAge = optional(c, "maxHeadAge", path, ConfigLoader::maxHeadAge);
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new ChainConfig(
            id,
            chainId.orElseThrow(),
            rpcUrls,
            multicall3,
            sequencer,
            pollInterval,
            rpcTimeout,
            maxHeadAge));
  }

  private List<String> rpcUrls(ObjectNode chain, String chainPath) {
    String path = join(chainPath, "rpcUrls");
    JsonNode node = chain.get("rpcUrls");
    Parser<String> url = text -> ConfigValues.parseUrl(text, ConfigValues.RPC_URL_SCHEMES);
    if (absent(node)) {
      missing(
          path,
          "rpcUrls is required: a list of JSON-RPC endpoints (http, https, ws, wss), tried in order");
      return List.of();
    }
    if (node.isArray()) {
      if (node.isEmpty()) {
        problem(
            path, "rpcUrls is empty: give at least one JSON-RPC endpoint (http, https, ws, wss)");
      }
      List<String> urls = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        JsonNode item = node.get(i);
        String itemPath = path + "[" + i + "]";
        if (absent(item)) {
          problem(itemPath, "empty entry: expected a JSON-RPC endpoint URL (http, https, ws, wss)");
        } else {
          typed(item, itemPath, url).ifPresent(urls::add);
        }
      }
      return urls;
    }
    if (node.isObject()) {
      problem(path, "expected a list of URLs, got a mapping");
      return List.of();
    }
    return typed(node, path, url).map(List::of).orElse(List.of());
  }

  // ---- references

  private Optional<ReferenceVenueConfig> referenceVenue(String venue, JsonNode value) {
    String path = join("references", venue);
    if (!REFERENCE_VENUES.contains(venue)) {
      problem(
          path,
          "unknown reference venue '"
              + venue
              + "'"
              + hint(venue, REFERENCE_VENUES, "supported venues"));
      return Optional.empty();
    }
    int before = problems.size();
    boolean fundingOnly = FUNDING_ONLY_REFERENCE_VENUES.contains(venue);
    Optional<ObjectNode> settings =
        mapping(
            value,
            path,
            fundingOnly
                ? "venue settings (baseUrl) or {}"
                : "venue settings (baseUrl, futuresBaseUrl) or {}");
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode r = settings.get();
    Parser<String> http = text -> ConfigValues.parseUrl(text, ConfigValues.HTTP_URL_SCHEMES);
    Optional<String> futuresBaseUrl = Optional.empty();
    if (fundingOnly) {
      if (r.has("futuresBaseUrl")) {
        // Binance and Kraken serve perps from a host apart from spot; this venue has only perps.
        problem(
            join(path, "futuresBaseUrl"),
            venue + " has no separate futures API: its perps are read at baseUrl");
      }
      checkKeys(r.deepCopy().without("futuresBaseUrl"), path, FUNDING_ONLY_REFERENCE_KEYS);
    } else {
      checkKeys(r, path, REFERENCE_KEYS);
      futuresBaseUrl = optional(r, "futuresBaseUrl", path, http);
    }
    Optional<String> baseUrl = optional(r, "baseUrl", path, http);
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new ReferenceVenueConfig(venue, baseUrl, futuresBaseUrl));
  }

  // ---- feeds

  private Optional<FeedConfig> feed(String id, JsonNode value) {
    String path = join("feeds", id);
    int before = problems.size();
    if (!ConfigValues.isValidId(id)) {
      problem(path, "'" + id + "' is not a valid feed id: " + ID_RULE);
    }
    Optional<ObjectNode> settings =
        mapping(value, path, "feed settings (chain, type, address, heartbeat, ...)");
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode f = settings.get();
    checkKeys(f, path, FEED_KEYS);
    Optional<String> chain =
        required(f, "chain", path, this::chainReference, "the id of an entry of chains");
    Optional<FeedType> type =
        required(f, "type", path, ConfigLoader::feedType, "chainlink or pyth");
    Optional<String> address =
        required(
            f,
            "address",
            path,
            ConfigValues::parseAddress,
            "the feed's proxy (chainlink) or the Pyth contract (pyth), " + ADDRESS);

    Optional<String> priceId = Optional.empty();
    boolean pyth = type.filter(t -> t == FeedType.PYTH).isPresent();
    boolean chainlink = type.filter(t -> t == FeedType.CHAINLINK).isPresent();
    if (pyth) {
      priceId =
          required(
              f,
              "priceId",
              path,
              ConfigValues::parsePriceId,
              "the Pyth price id, 0x and 64 hex digits");
    } else if (chainlink && !absent(f.get("priceId"))) {
      problem(
          join(path, "priceId"),
          "priceId applies only to pyth feeds; this feed's type is chainlink");
    } else {
      priceId = optional(f, "priceId", path, ConfigValues::parsePriceId);
    }

    Optional<Duration> heartbeat =
        required(
            f,
            "heartbeat",
            path,
            ConfigLoader::positiveDuration,
            "the longest time between two updates of the feed, e.g. 24h");
    BigDecimal deviation =
        optional(f, "deviationThreshold", path, ConfigLoader::deviationThreshold)
            .orElse(FeedConfig.DEFAULT_DEVIATION_THRESHOLD);
    MarketHours marketHours =
        optional(f, "marketHours", path, ConfigLoader::marketHours)
            .orElse(FeedConfig.DEFAULT_MARKET_HOURS);

    Optional<String> expectAggregator = Optional.empty();
    if (pyth && !absent(f.get("expectAggregator"))) {
      problem(
          join(path, "expectAggregator"),
          "expectAggregator applies only to chainlink feeds; this feed's type is pyth");
    } else {
      expectAggregator = optional(f, "expectAggregator", path, ConfigValues::parseAddress);
    }

    Optional<FeedReference> reference = Optional.empty();
    if (f.has("reference")) {
      reference = feedReference(f.get("reference"), join(path, "reference"), "feed");
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    FeedSpec spec =
        new FeedSpec(
            id,
            chain.orElseThrow(),
            type.orElseThrow(),
            address.orElseThrow(),
            priceId,
            heartbeat.orElseThrow(),
            deviation,
            marketHours,
            expectAggregator);
    return Optional.of(new FeedConfig(spec, reference));
  }

  private String chainReference(String id) throws InvalidValueException {
    return chains.check(id);
  }

  private static FeedType feedType(String name) throws InvalidValueException {
    Optional<FeedType> type = FeedType.fromConfigName(name);
    if (type.isEmpty()) {
      List<String> names = Arrays.stream(FeedType.values()).map(FeedType::configName).toList();
      throw new InvalidValueException(
          "'" + name + "' is not a feed type" + hint(name, names, "allowed"));
    }
    return type.get();
  }

  private static MarketHours marketHours(String name) throws InvalidValueException {
    Optional<MarketHours> hours = MarketHours.fromConfigName(name);
    if (hours.isEmpty()) {
      List<String> names =
          Arrays.stream(MarketHours.values()).map(MarketHours::configName).toList();
      throw new InvalidValueException(
          "'" + name + "' is not a market calendar" + hint(name, names, "allowed"));
    }
    return hours.get();
  }

  private static BigDecimal deviationThreshold(String text) throws InvalidValueException {
    BigDecimal value = ConfigValues.parseRatio(text);
    if (value.signum() == 0 || value.compareTo(BigDecimal.ONE) >= 0) {
      throw new InvalidValueException(
          "'"
              + text
              + "' is not a usable deviation threshold: it must be above 0 and below 100%, e.g. 0.5%");
    }
    return value;
  }

  /**
   * A {@code reference} block of a feed or a market ({@code owner}, as named in messages): the
   * canonical pair, its sources and how many must answer.
   */
  private Optional<FeedReference> feedReference(JsonNode value, String path, String owner) {
    int before = problems.size();
    Optional<ObjectNode> settings =
        mapping(value, path, "a reference block (symbol, sources, minSources)");
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode r = settings.get();
    checkKeys(r, path, FEED_REFERENCE_KEYS);
    Optional<String> symbol =
        required(r, "symbol", path, ConfigValues::parseSymbol, "the canonical pair, e.g. ETH/USD");
    int sourcesBefore = problems.size();
    List<String> sources = sources(r.get("sources"), join(path, "sources"));
    boolean sourcesValid = problems.size() == sourcesBefore;
    Optional<Integer> minSources = optional(r, "minSources", path, ConfigLoader::minSources);
    if (sourcesValid && (minSources.isPresent() || absent(r.get("minSources")))) {
      checkMinSources(r, path, sources, minSources);
    }
    if (problems.size() == before && symbol.isPresent()) {
      checkListed(
          path, owner, symbol.get(), sources, minSources.orElse(FeedReference.DEFAULT_MIN_SOURCES));
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new FeedReference(
            symbol.orElseThrow(), sources, minSources.orElse(FeedReference.DEFAULT_MIN_SOURCES)));
  }

  private List<String> sources(JsonNode node, String path) {
    if (absent(node)) {
      return List.of();
    }
    if (node.isObject()) {
      problem(path, "expected a list of reference venues, got a mapping");
      return List.of();
    }
    List<JsonNode> items = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(items::add);
      if (items.isEmpty()) {
        problem(
            path,
            "sources is empty: list reference venues, or leave sources out to use every configured one");
      }
    } else {
      items.add(node);
    }
    Set<String> seen = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String itemPath = node.isArray() ? path + "[" + i + "]" : path;
      typed(items.get(i), itemPath, this::referenceSource)
          .ifPresent(
              venue -> {
                if (!seen.add(venue)) {
                  problem(itemPath, "'" + venue + "' is listed twice");
                }
              });
    }
    return List.copyOf(seen);
  }

  private String referenceSource(String venue) throws InvalidValueException {
    if (FUNDING_ONLY_REFERENCE_VENUES.contains(venue)) {
      throw new InvalidValueException(
          "'"
              + venue
              + "' gives funding and mark references only (markets.*.fundingReferences), no spot"
              + " prices; list spot venues here: "
              + String.join(", ", SPOT_REFERENCE_VENUES));
    }
    if (referenceVenuesKnown && !referenceVenues.contains(venue)) {
      if (referenceVenues.isEmpty()) {
        throw new InvalidValueException(
            "reference venue '"
                + venue
                + "' is not configured: the config has no references section");
      }
      throw new InvalidValueException(
          "reference venue '"
              + venue
              + "' is not configured in references"
              + hint(venue, referenceVenues, "configured venues are"));
    }
    return venue;
  }

  private static int minSources(String text) throws InvalidValueException {
    int n = ConfigValues.parseCount(text);
    if (n < 1) {
      throw new InvalidValueException("'" + text + "' is too small: minSources must be at least 1");
    }
    return n;
  }

  private void checkMinSources(
      ObjectNode reference, String path, List<String> sources, Optional<Integer> configured) {
    int min = configured.orElse(FeedReference.DEFAULT_MIN_SOURCES);
    boolean listed = !absent(reference.get("sources"));
    if (!listed && !referenceVenuesKnown) {
      return;
    }
    int available = listed ? sources.size() : referenceVenues.size();
    if (min <= available) {
      return;
    }
    String have =
        listed
            ? "only " + plural(available, "source is", "sources are") + " listed"
            : "only "
                + plural(available, "reference venue is", "reference venues are")
                + " configured"
                + (fundingOnlyVenues.isEmpty()
                    ? ""
                    : " with spot prices ("
                        + String.join(", ", fundingOnlyVenues)
                        + " gives funding only)");
    if (configured.isPresent()) {
      problem(join(path, "minSources"), "minSources " + min + " cannot be met: " + have);
    } else {
      problem(
          path,
          "minSources defaults to "
              + min
              + " but "
              + have
              + "; "
              + (listed ? "list more sources" : "configure more venues under references")
              + " or set minSources");
    }
  }

  /**
   * A pair the venues do not list would leave the feed's reference unavailable on every cycle: say
   * so now, naming which venues cannot price it.
   */
  private void checkListed(
      String path, String owner, String symbol, List<String> sources, int minSources) {
    if (sources.isEmpty() && !referenceVenuesKnown) {
      return;
    }
    List<String> venues = sources.isEmpty() ? List.copyOf(referenceVenues) : sources;
    Pair pair = Pair.of(symbol);
    List<String> unlisted = new ArrayList<>();
    for (String venue : venues) {
      Optional<ReferenceVenue> v = ReferenceVenue.fromConfigName(venue);
      if (v.isEmpty() || VenueListings.standard().preferredMarket(v.get(), pair).isEmpty()) {
        unlisted.add(venue);
      }
    }
    int listing = venues.size() - unlisted.size();
    if (listing < minSources) {
      problem(
          join(path, "symbol"),
          symbol
              + " is priced by "
              + (listing == 0 ? "none" : "only " + listing)
              + " of the "
              + owner
              + "'s reference venues, fewer than minSources "
              + minSources
              + " (not listed on "
              + String.join(", ", unlisted)
              + ")");
    }
  }

  // ---- venues

  /** Records the type of every venue that has a readable one; problems are reported later. */
  private void readVenueTypes(JsonNode node) {
    if (node == null || !node.isObject()) {
      return;
    }
    node.properties()
        .forEach(e -> peekVenueType(e.getValue()).ifPresent(t -> venueTypes.put(e.getKey(), t)));
  }

  private Optional<VenueConfig.Type> peekVenueType(JsonNode venue) {
    if (venue == null || !venue.isObject()) {
      return Optional.empty();
    }
    JsonNode type = venue.get("type");
    if (absent(type) || type.isContainerNode()) {
      return Optional.empty();
    }
    try {
      return VenueConfig.Type.fromConfigName(
          EnvSubstitution.substitute(type.asText(), env).strip());
    } catch (InvalidValueException e) {
      return Optional.empty();
    }
  }

  private Optional<VenueConfig> venue(String id, JsonNode value) {
    String path = join("venues", id);
    int before = problems.size();
    if (!ConfigValues.isValidId(id)) {
      problem(path, "'" + id + "' is not a valid venue id: " + ID_RULE);
    }
    Optional<ObjectNode> settings =
        mapping(value, path, "venue settings (type, then chain and addresses, or baseUrl)");
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode v = settings.get();
    checkVenueKeys(v, path, peekVenueType(v));
    Optional<VenueConfig.Type> type =
        required(
            v,
            "type",
            path,
            ConfigLoader::venueType,
            "one of " + String.join(", ", VenueConfig.Type.configNames()));
    Parser<String> http = text -> ConfigValues.parseUrl(text, ConfigValues.HTTP_URL_SCHEMES);
    if (type.isEmpty()) {
      // judge what is there, so that every problem shows at once
      optional(v, "chain", path, this::chainReference);
      for (String key : List.of("address", "reader", "dataStore", "referralStorage")) {
        optional(v, key, path, ConfigValues::parseAddress);
      }
      optional(v, "baseUrl", path, http);
      return Optional.empty();
    }
    VenueConfig venue =
        switch (type.get()) {
          case HYPERLIQUID ->
              optional(v, "baseUrl", path, http)
                  .map(url -> new VenueConfig.Hyperliquid(id, url))
                  .orElse(
                      new VenueConfig.Hyperliquid(id, VenueConfig.Hyperliquid.DEFAULT_BASE_URL));
          case DYDX_V4 ->
              optional(v, "baseUrl", path, http)
                  .map(url -> new VenueConfig.DydxV4(id, url))
                  .orElse(new VenueConfig.DydxV4(id, VenueConfig.DydxV4.DEFAULT_BASE_URL));
          case SYNTHETIX_V3 -> {
            Optional<String> chain = venueChain(v, path);
            Optional<String> address =
                required(
                    v,
                    "address",
                    path,
                    ConfigValues::parseAddress,
                    "the PerpsMarketProxy, " + ADDRESS);
            yield problems.size() > before
                ? null
                : new VenueConfig.SynthetixV3(id, chain.orElseThrow(), address.orElseThrow());
          }
          case GMX_V2 -> {
            Optional<String> chain = venueChain(v, path);
            Optional<String> reader =
                required(
                    v, "reader", path, ConfigValues::parseAddress, "the GMX Reader, " + ADDRESS);
            Optional<String> dataStore =
                required(
                    v,
                    "dataStore",
                    path,
                    ConfigValues::parseAddress,
                    "the GMX DataStore, " + ADDRESS);
            Optional<String> referralStorage =
                optional(v, "referralStorage", path, ConfigValues::parseAddress);
            yield problems.size() > before
                ? null
                : new VenueConfig.GmxV2(
                    id,
                    chain.orElseThrow(),
                    reader.orElseThrow(),
                    dataStore.orElseThrow(),
                    referralStorage);
          }
        };
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(venue);
  }

  private Optional<String> venueChain(ObjectNode venue, String path) {
    return required(
        venue, "chain", path, this::chainReference, "the id of the entry of chains it is read on");
  }

  /**
   * Unknown keys of a venue; a key that belongs to another type of venue is named as such ("reader
   * applies only to gmx-v2 venues").
   */
  private void checkVenueKeys(ObjectNode venue, String path, Optional<VenueConfig.Type> type) {
    List<String> allowed = type.map(VENUE_KEYS_BY_TYPE::get).orElse(VENUE_KEYS);
    venue
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (allowed.contains(key)) {
                return;
              }
              if (type.isPresent() && VENUE_KEYS.contains(key)) {
                List<String> owners =
                    Arrays.stream(VenueConfig.Type.values())
                        .filter(t -> VENUE_KEYS_BY_TYPE.get(t).contains(key))
                        .map(VenueConfig.Type::configName)
                        .toList();
                problem(
                    join(path, key),
                    key
                        + " applies only to "
                        + String.join(" and ", owners)
                        + " venues; this venue's type is "
                        + type.get().configName());
              } else {
                unknownKey(path, key, allowed);
              }
            });
  }

  private static VenueConfig.Type venueType(String name) throws InvalidValueException {
    Optional<VenueConfig.Type> type = VenueConfig.Type.fromConfigName(name.strip());
    if (type.isEmpty()) {
      throw new InvalidValueException(
          "'"
              + name
              + "' is not a venue type"
              + hint(name, VenueConfig.Type.configNames(), "allowed"));
    }
    return type.get();
  }

  // ---- markets

  private Optional<MarketConfig> market(String id, JsonNode value) {
    String path = join("markets", id);
    int before = problems.size();
    if (!ConfigValues.isValidId(id)) {
      problem(path, "'" + id + "' is not a valid market id: " + ID_RULE);
    }
    Optional<ObjectNode> settings =
        mapping(value, path, "market settings (venue, market, oracleFeed, reference)");
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode m = settings.get();
    checkKeys(m, path, MARKET_KEYS);
    Optional<String> venue =
        required(m, "venue", path, venues::check, "the id of an entry of venues");
    Optional<VenueConfig.Type> type = venue.map(venueTypes::get);
    Optional<String> market =
        required(
            m,
            "market",
            path,
            type.map(ConfigLoader::marketKeyParser).orElse(ConfigLoader::anyMarketKey),
            type.map(ConfigLoader::describeMarketKey)
                .orElse(
                    "the venue's own market key (a Hyperliquid coin, a dYdX ticker, a Synthetix"
                        + " market id, a GMX market token address)"));
    if (venue.isPresent() && market.isPresent()) {
      String first = marketsSeen.putIfAbsent(List.of(venue.get(), market.get()), id);
      if (first != null) {
        problem(
            join(path, "market"),
            "the same market of venue " + venue.get() + " as markets." + first);
      }
    }
    Optional<String> oracleFeed = optional(m, "oracleFeed", path, feeds::check);
    boolean hasReference = !absent(m.get("reference"));
    Optional<FeedReference> reference = Optional.empty();
    if (m.has("reference")) {
      reference = feedReference(m.get("reference"), join(path, "reference"), "market");
    }
    List<CexFundingVenue> fundingReferences =
        fundingReferences(
            m.get("fundingReferences"), join(path, "fundingReferences"), hasReference);
    GmxMarketPricing gmxPricing = GmxMarketPricing.DEFAULTS;
    if (type.isPresent() && type.get() == VenueConfig.Type.GMX_V2) {
      gmxPricing =
          new GmxMarketPricing(
              optional(m, "indexDecimals", path, ConfigLoader::tokenDecimals),
              optional(m, "longTokenFeed", path, feeds::check),
              optional(m, "shortTokenFeed", path, feeds::check));
      if (market.isPresent() && oracleFeed.isEmpty() && !hasReference) {
        problem(
            path,
            "a GMX v2 market needs oracleFeed or reference: GMX's Reader is given the index"
                + " token's price by its caller, and hedgewatch takes it from one of them");
      }
    } else if (type.isPresent()) {
      for (String key : GMX_MARKET_KEYS) {
        if (m.has(key)) {
          problem(
              join(path, key),
              key
                  + " applies only to markets of gmx-v2 venues; this market's venue is "
                  + type.get().configName());
        }
      }
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new MarketConfig(
            id,
            venue.orElseThrow(),
            market.orElseThrow(),
            oracleFeed,
            reference,
            fundingReferences,
            gmxPricing));
  }

  private static int tokenDecimals(String text) throws InvalidValueException {
    int n = ConfigValues.parseCount(text);
    if (n > GmxMarketPricing.MAX_DECIMALS) {
      throw new InvalidValueException(
          "'"
              + text
              + "' is too large: GMX prices tokens of at most "
              + GmxMarketPricing.MAX_DECIMALS
              + " decimals");
    }
    return n;
  }

  private static Parser<String> marketKeyParser(VenueConfig.Type type) {
    return switch (type) {
      case HYPERLIQUID -> ConfigValues::parseHyperliquidCoin;
      case DYDX_V4 -> ConfigValues::parseDydxTicker;
      case SYNTHETIX_V3 -> ConfigValues::parseSynthetixMarketId;
      case GMX_V2 -> ConfigValues::parseGmxMarket;
    };
  }

  private static String describeMarketKey(VenueConfig.Type type) {
    return switch (type) {
      case HYPERLIQUID -> "the Hyperliquid coin, e.g. ETH";
      case DYDX_V4 -> "the dYdX ticker, e.g. ETH-USD";
      case SYNTHETIX_V3 -> "the Synthetix v3 market id, e.g. 100";
      case GMX_V2 -> "the GMX v2 market token's address";
    };
  }

  /** The key of a market whose venue is missing or broken: only its presence can be judged. */
  private static String anyMarketKey(String text) throws InvalidValueException {
    if (text.isBlank()) {
      throw new InvalidValueException("empty value; expected the venue's own market key");
    }
    return text.strip();
  }

  private List<CexFundingVenue> fundingReferences(
      JsonNode node, String path, boolean hasReference) {
    if (absent(node)) {
      return hasReference ? MarketConfig.DEFAULT_FUNDING_REFERENCES : List.of();
    }
    if (node.isObject()) {
      problem(path, "expected a list of centralized venues, got a mapping");
      return List.of();
    }
    List<JsonNode> items = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(items::add);
    } else {
      items.add(node);
    }
    if (!items.isEmpty() && !hasReference) {
      problem(
          path,
          "fundingReferences needs the market's reference pair to find each venue's perp:"
              + " add reference: { symbol: BASE/QUOTE }");
      return List.of();
    }
    Set<CexFundingVenue> seen = new LinkedHashSet<>();
    for (int i = 0; i < items.size(); i++) {
      String itemPath = node.isArray() ? path + "[" + i + "]" : path;
      typed(items.get(i), itemPath, ConfigLoader::cexFundingVenue)
          .ifPresent(
              venue -> {
                if (!seen.add(venue)) {
                  problem(itemPath, "'" + venue.configName() + "' is listed twice");
                }
              });
    }
    return List.copyOf(seen);
  }

  private static CexFundingVenue cexFundingVenue(String name) throws InvalidValueException {
    Optional<CexFundingVenue> venue = CexFundingVenue.fromConfigName(name.strip());
    if (venue.isEmpty()) {
      List<String> names =
          Arrays.stream(CexFundingVenue.values()).map(CexFundingVenue::configName).toList();
      throw new InvalidValueException(
          "'" + name + "' is not a centralized funding venue" + hint(name, names, "supported"));
    }
    return venue.get();
  }

  // ---- watch

  private Optional<WatchConfig> watched(String id, JsonNode value) {
    String path = join("watch", id);
    int before = problems.size();
    if (!ConfigValues.isValidId(id)) {
      problem(path, "'" + id + "' is not a valid contract id: " + ID_RULE);
    }
    Optional<ObjectNode> settings =
        mapping(value, path, "a watched contract (chain, address, proxy, expectImplementation)");
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode w = settings.get();
    checkKeys(w, path, WATCH_KEYS);
    Optional<String> chain =
        required(w, "chain", path, this::chainReference, "the id of an entry of chains");
    Optional<String> address =
        required(w, "address", path, ConfigValues::parseAddress, "the contract's " + ADDRESS);
    int proxyBefore = problems.size();
    WatchConfig.Proxy proxy =
        optional(w, "proxy", path, ConfigLoader::proxyKind).orElse(WatchConfig.DEFAULT_PROXY);
    boolean proxyKnown = problems.size() == proxyBefore;

    Optional<String> expectImplementation = Optional.empty();
    if (proxyKnown && proxy == WatchConfig.Proxy.NONE && !absent(w.get("expectImplementation"))) {
      problem(
          join(path, "expectImplementation"),
          "expectImplementation needs a proxy: with proxy none there is no implementation to pin"
              + " (set proxy to eip1967 or synthetix)");
    } else {
      expectImplementation = optional(w, "expectImplementation", path, ConfigValues::parseAddress);
    }
    Optional<String> expectAdmin = Optional.empty();
    if (proxyKnown && proxy != WatchConfig.Proxy.EIP1967 && !absent(w.get("expectAdmin"))) {
      problem(
          join(path, "expectAdmin"),
          "expectAdmin applies only to eip1967 proxies (the EIP-1967 admin slot); this contract's"
              + " proxy is "
              + proxy.configName()
              + (proxy == WatchConfig.Proxy.SYNTHETIX ? ": pin its owner with expectOwner" : ""));
    } else {
      expectAdmin = optional(w, "expectAdmin", path, ConfigValues::parseAddress);
    }
    Optional<String> expectOwner = optional(w, "expectOwner", path, ConfigValues::parseAddress);
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new WatchConfig(
            id,
            chain.orElseThrow(),
            address.orElseThrow(),
            proxy,
            expectImplementation,
            expectAdmin,
            expectOwner));
  }

  private static WatchConfig.Proxy proxyKind(String name) throws InvalidValueException {
    Optional<WatchConfig.Proxy> proxy = WatchConfig.Proxy.fromConfigName(name.strip());
    if (proxy.isEmpty()) {
      throw new InvalidValueException(
          "'"
              + name
              + "' is not a proxy kind"
              + hint(name, WatchConfig.Proxy.configNames(), "allowed"));
    }
    return proxy.get();
  }

  // ---- positions

  /**
   * What a position needs of its market: its venue's type (to judge the account's form) and the
   * base of its reference pair (to judge a hedge's asset). {@code pairKnown} is false when the
   * market has a reference that cannot be read: the hedge's asset is then not judged against it.
   */
  private record MarketFacts(
      Optional<VenueConfig.Type> venueType, Optional<Pair> pair, boolean pairKnown) {
    static final MarketFacts UNKNOWN = new MarketFacts(Optional.empty(), Optional.empty(), false);
  }

  private void readMarketFacts(JsonNode node) {
    if (node == null || !node.isObject()) {
      return;
    }
    node.properties().forEach(e -> marketFacts.put(e.getKey(), peekMarket(e.getValue())));
  }

  private MarketFacts peekMarket(JsonNode market) {
    if (market == null || !market.isObject()) {
      return MarketFacts.UNKNOWN;
    }
    Optional<VenueConfig.Type> type = peekText(market.get("venue")).map(venueTypes::get);
    JsonNode reference = market.get("reference");
    if (absent(reference)) {
      return new MarketFacts(type, Optional.empty(), true);
    }
    Optional<Pair> pair =
        reference.isObject()
            ? peekText(reference.get("symbol")).flatMap(ConfigLoader::readablePair)
            : Optional.empty();
    return new MarketFacts(type, pair, pair.isPresent());
  }

  private static Optional<Pair> readablePair(String symbol) {
    try {
      return Pair.parse(ConfigValues.parseSymbol(symbol));
    } catch (InvalidValueException e) {
      return Optional.empty();
    }
  }

  /** A scalar's text with the environment substituted, if it has one; problems come later. */
  private Optional<String> peekText(JsonNode node) {
    if (absent(node) || node.isContainerNode()) {
      return Optional.empty();
    }
    try {
      return Optional.of(EnvSubstitution.substitute(node.asText(), env).strip());
    } catch (InvalidValueException e) {
      return Optional.empty();
    }
  }

  private Optional<PositionConfig> position(String id, JsonNode value) {
    String path = join("positions", id);
    int before = problems.size();
    if (!ConfigValues.isValidId(id)) {
      problem(path, "'" + id + "' is not a valid position id: " + ID_RULE);
    }
    Optional<ObjectNode> settings =
        mapping(value, path, "position settings (market, account or side, size, ..., hedges)");
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode p = settings.get();
    checkKeys(p, path, POSITION_KEYS);
    Optional<String> market =
        required(p, "market", path, marketIds::check, "the id of an entry of markets");
    MarketFacts facts = market.map(marketFacts::get).orElse(MarketFacts.UNKNOWN);

    Optional<PositionAccount> account = Optional.empty();
    Optional<ManualPosition> manual = Optional.empty();
    List<String> byHand = MANUAL_POSITION_KEYS.stream().filter(key -> !absent(p.get(key))).toList();
    if (!absent(p.get("account"))) {
      account =
          optional(
              p, "account", path, facts.venueType().map(this::accountParser).orElse(anyAccount()));
      if (!byHand.isEmpty()) {
        problem(
            path,
            "account and "
                + String.join(", ", byHand)
                + " given together: a position is either read from its venue (account) or"
                + " described by hand ("
                + String.join(", ", MANUAL_POSITION_KEYS)
                + "), not both");
        // judged all the same, so that every problem shows at once
        manualPosition(p, path, false);
      }
    } else if (byHand.isEmpty()) {
      if (!suggestedPaths.contains(join(path, "account"))) {
        problem(
            path,
            "a position needs account (to read it from its venue) or a description by hand: side,"
                + " size, entryPrice, collateral, maintenanceMarginRatio and optionally marginMode");
      }
    } else {
      manual = manualPosition(p, path, true);
    }
    account.ifPresent(
        a ->
            market.ifPresent(
                m -> {
                  String first = positionsSeen.putIfAbsent(List.of(m, a.text()), id);
                  if (first != null) {
                    problem(
                        join(path, "account"),
                        "the same account and market as positions."
                            + first
                            + ": one venue position would be counted twice");
                  }
                }));

    Optional<PositionSide> side = manual.map(ManualPosition::side);
    List<HedgeConfig> hedges = hedges(p.get("hedges"), join(path, "hedges"), market, facts, side);
    boolean hedged = !absent(p.get("hedges"));
    BigDecimal targetRatio = PositionConfig.DEFAULT_TARGET_RATIO;
    PositionConfig.Band band = PositionConfig.DEFAULT_BAND;
    if (hedged) {
      targetRatio =
          optional(p, "targetRatio", path, ConfigLoader::targetRatio)
              .orElse(PositionConfig.DEFAULT_TARGET_RATIO);
      band = band(p.get("band"), join(path, "band")).orElse(PositionConfig.DEFAULT_BAND);
    } else {
      for (String key : List.of("targetRatio", "band")) {
        if (!absent(p.get(key))) {
          problem(
              join(path, key),
              key
                  + " applies only to a position with hedges: the hedge ratio is the perp's"
                  + " notional over the value of what it hedges");
        }
      }
    }
    Optional<BufferConfig> buffer = Optional.empty();
    if (!absent(p.get("buffer"))) {
      buffer = buffer(p.get("buffer"), join(path, "buffer"));
    }
    Optional<String> collateralFeed = optional(p, "collateralFeed", path, feeds::check);
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new PositionConfig(
            id,
            market.orElseThrow(),
            account,
            manual,
            hedges,
            targetRatio,
            band,
            buffer,
            collateralFeed));
  }

  private Parser<PositionAccount> accountParser(VenueConfig.Type type) {
    return switch (type) {
      case HYPERLIQUID -> text -> new PositionAccount.EvmAddress(evmAccount(text, type));
      case GMX_V2 -> ConfigLoader::gmxAccount;
      case DYDX_V4 -> ConfigValues::parseDydxAccount;
      case SYNTHETIX_V3 ->
          text -> new PositionAccount.SynthetixId(ConfigValues.parseSynthetixAccountId(text));
    };
  }

  /**
   * {@code 0xACCOUNT}, optionally narrowed to one of its positions in the market by {@code /long}
   * or {@code /short} and {@code /0xCOLLATERAL}, in either order.
   */
  private static PositionAccount gmxAccount(String text) throws InvalidValueException {
    String[] parts = text.strip().split("/", -1);
    String address = evmAccount(parts[0], VenueConfig.Type.GMX_V2);
    Optional<Boolean> isLong = Optional.empty();
    Optional<String> collateral = Optional.empty();
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i].strip();
      if ((part.equals("long") || part.equals("short")) && isLong.isEmpty()) {
        isLong = Optional.of(part.equals("long"));
      } else if (part.startsWith("0x") && collateral.isEmpty()) {
        collateral = Optional.of(ConfigValues.parseAddress(part));
      } else {
        throw new InvalidValueException(
            "'"
                + text
                + "' is not a GMX account: 0xACCOUNT, optionally followed by /long or /short and"
                + " /0xCOLLATERAL_TOKEN to pick one of its positions in the market");
      }
    }
    return new PositionAccount.GmxAccount(address, isLong, collateral);
  }

  private static String evmAccount(String text, VenueConfig.Type type)
      throws InvalidValueException {
    if (!text.strip().startsWith("0x")) {
      throw new InvalidValueException(
          "'"
              + text
              + "' is not an address: positions on "
              + type.configName()
              + " venues are read by the account's address, 0x and 40 hex digits");
    }
    return ConfigValues.parseAddress(text);
  }

  /**
   * The account of a position whose market or venue is missing or broken: only its presence can be
   * judged. The load fails on the market's problem, so the value stands in for nothing.
   */
  private static Parser<PositionAccount> anyAccount() {
    return text -> {
      if (text.isBlank()) {
        throw new InvalidValueException(
            "empty value; expected the venue's account (an address, a dydx1 address or a"
                + " Synthetix account id)");
      }
      return new PositionAccount.EvmAddress(text.strip());
    };
  }

  /**
   * The by-hand keys of a position. With {@code complete} false (the position has an account too)
   * only the keys present are judged, and nothing is built.
   */
  private Optional<ManualPosition> manualPosition(ObjectNode p, String path, boolean complete) {
    int before = problems.size();
    Optional<PositionSide> side =
        byHandKey(p, "side", path, complete, ConfigLoader::positionSide, "long or short");
    Optional<BigDecimal> size =
        byHandKey(
            p,
            "size",
            path,
            complete,
            text ->
                positiveDecimal(
                    text, "the position's size in base units, above 0; side gives its direction"),
            "the position's size in base units, above 0");
    Optional<BigDecimal> entryPrice =
        byHandKey(
            p,
            "entryPrice",
            path,
            complete,
            text -> positiveDecimal(text, "the average entry price in the quote currency, above 0"),
            "the average entry price in the market's quote currency");
    Optional<BigDecimal> collateral =
        byHandKey(
            p,
            "collateral",
            path,
            complete,
            text ->
                positiveDecimal(
                    text, "the margin behind the position in the quote currency, above 0"),
            "the margin behind the position in the market's quote currency");
    Optional<BigDecimal> mmr =
        byHandKey(
            p,
            "maintenanceMarginRatio",
            path,
            complete,
            ConfigLoader::maintenanceMarginRatio,
            "the venue's maintenance margin as a fraction of notional, e.g. 1% or 0.01");
    MarginMode marginMode =
        optional(p, "marginMode", path, ConfigLoader::marginMode)
            .orElse(ManualPosition.DEFAULT_MARGIN_MODE);
    if (!complete || problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new ManualPosition(
            side.orElseThrow(),
            size.orElseThrow(),
            entryPrice.orElseThrow(),
            collateral.orElseThrow(),
            marginMode,
            mmr.orElseThrow()));
  }

  /** A key of a position by hand: required when the position is one, else judged if present. */
  private <T> Optional<T> byHandKey(
      ObjectNode p, String key, String path, boolean required, Parser<T> parser, String what) {
    return required
        ? required(
            p, key, path, parser, what + " (a position without account is described by hand)")
        : optional(p, key, path, parser);
  }

  private static PositionSide positionSide(String name) throws InvalidValueException {
    String s = name.strip();
    for (PositionSide side : PositionSide.values()) {
      if (side.name().toLowerCase(Locale.ROOT).equals(s)) {
        return side;
      }
    }
    throw new InvalidValueException(
        "'" + name + "' is not a side" + hint(s, List.of("long", "short"), "allowed"));
  }

  private static MarginMode marginMode(String name) throws InvalidValueException {
    String s = name.strip();
    for (MarginMode mode : MarginMode.values()) {
      if (mode.name().toLowerCase(Locale.ROOT).equals(s)) {
        return mode;
      }
    }
    throw new InvalidValueException(
        "'" + name + "' is not a margin mode" + hint(s, List.of("isolated", "cross"), "allowed"));
  }

  private static BigDecimal positiveDecimal(String text, String expected)
      throws InvalidValueException {
    BigDecimal value = ConfigValues.parseDecimal(text);
    if (value.signum() == 0) {
      throw new InvalidValueException("'" + text + "' is zero; expected " + expected);
    }
    if (value.signum() < 0) {
      throw new InvalidValueException("'" + text + "' is negative; expected " + expected);
    }
    return value;
  }

  private static BigDecimal maintenanceMarginRatio(String text) throws InvalidValueException {
    BigDecimal value = ConfigValues.parseRatio(text);
    if (value.signum() == 0 || value.compareTo(BigDecimal.ONE) >= 0) {
      throw new InvalidValueException(
          "'"
              + text
              + "' is not a usable maintenance margin ratio: it must be above 0 and below 100%,"
              + " e.g. 1% or 0.01");
    }
    return value;
  }

  private static BigDecimal targetRatio(String text) throws InvalidValueException {
    BigDecimal value = ConfigValues.parseRatio(text);
    if (value.signum() == 0) {
      throw new InvalidValueException(
          "'" + text + "' is zero; expected the hedge ratio aimed at, above 0, e.g. 1 or 0.8");
    }
    return value;
  }

  /** {@code [low, high]}, both ratios above 0 and low below high. */
  private Optional<PositionConfig.Band> band(JsonNode node, String path) {
    if (absent(node)) {
      return Optional.empty();
    }
    if (!node.isArray() || node.size() != 2) {
      problem(
          path,
          "expected [low, high] of the hedge ratio relative to targetRatio, e.g. [0.5, 1.0], got "
              + (node.isArray() ? plural(node.size(), "value", "values") : describe(node)));
      return Optional.empty();
    }
    Parser<BigDecimal> bound =
        text -> {
          BigDecimal value = ConfigValues.parseRatio(text);
          if (value.signum() == 0) {
            throw new InvalidValueException("'" + text + "' is zero; a band's bounds are above 0");
          }
          return value;
        };
    Optional<BigDecimal> low = typed(node.get(0), path + "[0]", bound);
    Optional<BigDecimal> high = typed(node.get(1), path + "[1]", bound);
    if (low.isEmpty() || high.isEmpty()) {
      return Optional.empty();
    }
    if (low.get().compareTo(high.get()) >= 0) {
      problem(
          path,
          "the low bound "
              + low.get().toPlainString()
              + " is not below the high bound "
              + high.get().toPlainString()
              + ": a band is [low, high]");
      return Optional.empty();
    }
    return Optional.of(new PositionConfig.Band(low.get(), high.get()));
  }

  /** {@code hedges}: one hedge, or a list of them; absent is none. */
  private List<HedgeConfig> hedges(
      JsonNode node,
      String path,
      Optional<String> market,
      MarketFacts facts,
      Optional<PositionSide> side) {
    if (absent(node)) {
      return List.of();
    }
    if (node.isObject()) {
      return hedge(node, path, market, facts, side).map(List::of).orElse(List.of());
    }
    if (!node.isArray()) {
      problem(
          path,
          "expected a hedge ({ asset, amount } or { wallet: { chain, token, holder } }) or a list"
              + " of them, got "
              + describe(node));
      return List.of();
    }
    if (node.isEmpty()) {
      problem(
          path, "hedges is empty: list what the position hedges, or leave hedges out if nothing");
      return List.of();
    }
    List<HedgeConfig> hedges = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      hedge(node.get(i), path + "[" + i + "]", market, facts, side).ifPresent(hedges::add);
    }
    return hedges;
  }

  private Optional<HedgeConfig> hedge(
      JsonNode node,
      String path,
      Optional<String> market,
      MarketFacts facts,
      Optional<PositionSide> side) {
    int before = problems.size();
    if (absent(node)) {
      problem(
          path, "empty entry: expected { asset, amount } or { wallet: { chain, token, holder } }");
      return Optional.empty();
    }
    Optional<ObjectNode> settings =
        mapping(node, path, "a hedge, { asset, amount } or { wallet: { chain, token, holder } }");
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode h = settings.get();
    checkKeys(h, path, HEDGE_KEYS);
    Optional<String> asset = hedgeAsset(h, path, market, facts);
    boolean hasAmount = !absent(h.get("amount"));
    boolean hasWallet = !absent(h.get("wallet"));
    if (hasAmount && hasWallet) {
      problem(
          path,
          "amount and wallet given together: a hedge is a fixed amount or a balance read on"
              + " chain, not both");
    } else if (!hasAmount
        && !hasWallet
        && !suggestedPaths.contains(join(path, "amount"))
        && !suggestedPaths.contains(join(path, "wallet"))) {
      problem(
          path,
          "a hedge needs amount (a fixed amount of the asset) or wallet ({ chain, token, holder }:"
              + " a balance read on chain)");
    }
    Optional<BigDecimal> amount = optional(h, "amount", path, ConfigLoader::hedgeAmount);
    Optional<WalletHolding> wallet = Optional.empty();
    if (hasWallet) {
      wallet = walletHolding(h.get("wallet"), join(path, "wallet"), WALLET_KEYS, "a wallet");
    }
    if (side.isPresent()) {
      // a position described by hand has a known side: a "hedge" on the same side doubles the bet
      PositionSide s = side.get();
      String name = s.name().toLowerCase(Locale.ROOT);
      if (amount.isPresent() && amount.get().signum() == s.sign().signum()) {
        problem(
            join(path, "amount"),
            "a "
                + name
                + " position hedges an exposure held "
                + s.opposite().name().toLowerCase(Locale.ROOT)
                + " (a "
                + (s == PositionSide.SHORT ? "positive" : "negative")
                + " amount); "
                + amount.get().toPlainString()
                + " is an exposure held "
                + name
                + ", which the position adds to");
      }
      if (wallet.isPresent() && s == PositionSide.LONG) {
        problem(
            join(path, "wallet"),
            "a wallet's balance is an exposure held long, which a long position adds to rather"
                + " than hedges");
      }
    }
    if (problems.size() > before || asset.isEmpty()) {
      return Optional.empty();
    }
    if (amount.isPresent()) {
      return Optional.of(new HedgeConfig.Amount(asset.get(), amount.get()));
    }
    return wallet.map(w -> new HedgeConfig.Wallet(asset.get(), w));
  }

  /**
   * The hedge's asset: as written, which must be the base of the market's reference pair when the
   * market has one (the hedge is valued at that pair's price), or that base when left out.
   */
  private Optional<String> hedgeAsset(
      ObjectNode hedge, String path, Optional<String> market, MarketFacts facts) {
    String assetPath = join(path, "asset");
    Optional<String> base = facts.pair().map(Pair::base);
    if (absent(hedge.get("asset"))) {
      if (base.isEmpty() && facts.pairKnown() && market.isPresent()) {
        missing(
            assetPath,
            "asset is required: markets."
                + market.get()
                + " has no reference pair to take it from (e.g. ETH)");
      }
      return base;
    }
    Optional<String> asset = typed(hedge.get("asset"), assetPath, ConfigValues::parseAsset);
    if (asset.isPresent() && base.isPresent() && !asset.get().equals(base.get())) {
      problem(
          assetPath,
          asset.get()
              + " is not what markets."
              + market.orElseThrow()
              + " trades ("
              + facts.pair().orElseThrow()
              + "): a hedge is valued at its market's reference price, so its asset must be "
              + base.get());
      return Optional.empty();
    }
    return asset;
  }

  private static BigDecimal hedgeAmount(String text) throws InvalidValueException {
    BigDecimal value = ConfigValues.parseDecimal(text);
    if (value.signum() == 0) {
      throw new InvalidValueException(
          "'"
              + text
              + "' is zero: expected the amount hedged in asset units, positive when held long,"
              + " negative when held short; leave hedges out if the position hedges nothing");
    }
    return value;
  }

  /** {@code { chain, token, holder }}: a token balance, or without token the native one. */
  private Optional<WalletHolding> walletHolding(
      JsonNode node, String path, List<String> keys, String what) {
    int before = problems.size();
    Optional<ObjectNode> settings =
        mapping(node, path, what + ", { chain, token, holder } (without token: the native coin)");
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    ObjectNode w = settings.get();
    checkKeys(w, path, keys);
    Optional<String> chain =
        required(w, "chain", path, this::chainReference, "the id of the entry of chains it is on");
    Optional<String> token = optional(w, "token", path, ConfigValues::parseAddress);
    Optional<String> holder =
        required(
            w, "holder", path, ConfigValues::parseAddress, "the address holding it, " + ADDRESS);
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(new WalletHolding(chain.orElseThrow(), token, holder.orElseThrow()));
  }

  private Optional<BufferConfig> buffer(JsonNode node, String path) {
    int before = problems.size();
    Optional<WalletHolding> wallet = walletHolding(node, path, BUFFER_KEYS, "a buffer");
    if (!node.isObject()) {
      return Optional.empty();
    }
    Optional<String> feed = optional((ObjectNode) node, "feed", path, feeds::check);
    if (absent(node.get("token")) && absent(node.get("feed"))) {
      missing(
          join(path, "feed"),
          "feed is required for a buffer without token (the chain's native coin): the key of the"
              + " feed that prices the coin; a buffer without feed is taken as a USD stablecoin"
              + " worth 1");
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    return wallet.map(w -> new BufferConfig(w, feed));
  }

  // ---- storage

  private StorageConfig storage(JsonNode node) {
    Optional<ObjectNode> settings =
        mapping(
            node, "storage", "store settings, e.g. { url: \"" + StorageConfig.DEFAULT_URL + "\" }");
    if (settings.isEmpty()) {
      return StorageConfig.ofDefaults();
    }
    checkKeys(settings.get(), "storage", STORAGE_KEYS);
    return optional(settings.get(), "url", "storage", ConfigValues::parseStorageUrl)
        .map(StorageConfig::new)
        .orElse(StorageConfig.ofDefaults());
  }

  // ---- alerts

  private AlertsConfig alerts(JsonNode node) {
    Optional<ObjectNode> settings =
        mapping(node, "alerts", "alert settings, e.g. { repeatAfter: 30m, sinks: [...] }");
    if (settings.isEmpty()) {
      return AlertsConfig.ofDefaults();
    }
    ObjectNode a = settings.get();
    int before = problems.size();
    checkKeys(a, "alerts", ALERTS_KEYS);
    Duration repeatAfter =
        optional(a, "repeatAfter", "alerts", ConfigLoader::positiveDuration)
            .orElse(AlertsConfig.DEFAULT_REPEAT_AFTER);
    JsonNode sinksNode = a.get("sinks");
    List<SinkConfig> sinks =
        absent(sinksNode) ? AlertsConfig.ofDefaults().sinks() : sinks(sinksNode);
    if (problems.size() > before) {
      return AlertsConfig.ofDefaults();
    }
    return new AlertsConfig(repeatAfter, sinks);
  }

  /**
   * A sink read as far as its name: what its name derives from, and how to build it once named
   * ({@code build} is null when the entry has problems).
   */
  private record SinkDraft(
      String path,
      Optional<String> type,
      Optional<String> explicitName,
      boolean nameKey,
      Function<String, SinkConfig> build) {}

  private List<SinkConfig> sinks(JsonNode node) {
    String path = "alerts.sinks";
    if (!node.isArray()) {
      problem(
          path,
          "expected a list of sinks, e.g. [{ type: stdout }, { type: jsonl, path: alerts.jsonl }],"
              + " got "
              + describeHidden(node));
      return List.of();
    }
    List<SinkDraft> drafts = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      String itemPath = path + "[" + i + "]";
      JsonNode item = node.get(i);
      if (absent(item)) {
        problem(itemPath, "empty entry: expected a sink such as { type: stdout }");
      } else if (!item.isObject()) {
        // a scalar here is often a webhook URL written bare, which may hold a token
        problem(
            itemPath,
            "expected a sink, a mapping such as { type: slack, url: \"${SLACK_WEBHOOK_URL}\" }, got "
                + describeHidden(item));
      } else {
        drafts.add(sink((ObjectNode) item, itemPath));
      }
    }
    Map<String, Integer> ofType = new HashMap<>();
    drafts.forEach(d -> d.type().ifPresent(t -> ofType.merge(t, 1, Integer::sum)));
    Map<String, Integer> seenOfType = new HashMap<>();
    Map<String, SinkDraft> byName = new HashMap<>();
    List<SinkConfig> sinks = new ArrayList<>();
    for (SinkDraft draft : drafts) {
      if (draft.type().isEmpty()) {
        continue;
      }
      String type = draft.type().get();
      int position = seenOfType.merge(type, 1, Integer::sum);
      if (draft.nameKey() && draft.explicitName().isEmpty()) {
        continue; // its name was reported as invalid
      }
      String name =
          draft.explicitName().orElse(ofType.get(type) > 1 ? type + "-" + position : type);
      SinkDraft first = byName.putIfAbsent(name, draft);
      if (first != null) {
        problem(
            draft.nameKey() ? join(draft.path(), "name") : draft.path(),
            "two sinks are named '"
                + name
                + "': this one"
                + (draft.nameKey() ? "" : " (named after its type" + derivedHow(type, ofType) + ")")
                + " and "
                + first.path()
                + (first.nameKey() ? "" : " (named after its type)")
                + "; give one of them another name (name: ...), which stays the same across"
                + " restarts");
        continue;
      }
      if (draft.build() != null) {
        sinks.add(draft.build().apply(name));
      }
    }
    return sinks;
  }

  private static String derivedHow(String type, Map<String, Integer> ofType) {
    return ofType.get(type) > 1 ? " and its position among the " + type + " sinks" : "";
  }

  private SinkDraft sink(ObjectNode s, String path) {
    int before = problems.size();
    checkSinkKeys(s, path, peekSinkType(s));
    Optional<String> type =
        required(
            s, "type", path, ConfigLoader::sinkType, "one of " + String.join(", ", SINK_TYPES));
    boolean nameKey = !absent(s.get("name"));
    Optional<String> name = optional(s, "name", path, ConfigLoader::sinkName);
    Optional<DeliveryPolicy> delivery = delivery(s, path);
    Parser<URI> http =
        text -> URI.create(ConfigValues.parseUrl(text, ConfigValues.HTTP_URL_SCHEMES));
    String secretWhat =
        "the secret the receiver checks each delivery's signature with (unsigned webhooks are not"
            + " offered)";
    String tokenWhat = "the bot's token, as @BotFather gives it";
    Function<String, SinkConfig> build = null;
    if (type.isEmpty()) {
      // judge what is there, so that every problem shows at once
      optional(s, "path", path, ConfigLoader::jsonlPath);
      optionalMasked(s, "url", path, http);
      optionalSecret(s, "secret", path, text -> text, secretWhat);
      optionalSecret(s, "botToken", path, ConfigLoader::telegramBotToken, tokenWhat);
      optional(s, "chatId", path, ConfigLoader::telegramChatId);
      optional(s, "baseUrl", path, http);
    } else {
      switch (type.get()) {
        case "stdout" -> {
          if (problems.size() == before) {
            DeliveryPolicy d = delivery.orElseThrow();
            build = n -> new SinkConfig.Stdout(n, d);
          }
        }
        case "jsonl" -> {
          Optional<Path> file =
              required(
                  s,
                  "path",
                  path,
                  ConfigLoader::jsonlPath,
                  "the file to append events to, e.g. alerts.jsonl (relative to the working"
                      + " directory)");
          if (problems.size() == before) {
            DeliveryPolicy d = delivery.orElseThrow();
            Path f = file.orElseThrow();
            build = n -> new SinkConfig.Jsonl(n, f, d);
          }
        }
        case "webhook" -> {
          Optional<URI> url = requiredMasked(s, "url", path, http, "the receiver's http(s) URL");
          Optional<String> secret = requiredSecret(s, "secret", path, text -> text, secretWhat);
          if (problems.size() == before) {
            DeliveryPolicy d = delivery.orElseThrow();
            URI u = url.orElseThrow();
            String k = secret.orElseThrow();
            build = n -> new SinkConfig.Webhook(n, u, k, d);
          }
        }
        case "slack", "discord" -> {
          Optional<URI> url =
              requiredMasked(
                  s,
                  "url",
                  path,
                  http,
                  type.get().equals("slack")
                      ? "the Slack incoming webhook's URL, e.g. \"${SLACK_WEBHOOK_URL}\""
                      : "the Discord channel webhook's URL, e.g. \"${DISCORD_WEBHOOK_URL}\"");
          if (problems.size() == before) {
            DeliveryPolicy d = delivery.orElseThrow();
            URI u = url.orElseThrow();
            build =
                type.get().equals("slack")
                    ? n -> new SinkConfig.Slack(n, u, d)
                    : n -> new SinkConfig.Discord(n, u, d);
          }
        }
        case "telegram" -> {
          Optional<String> botToken =
              requiredSecret(s, "botToken", path, ConfigLoader::telegramBotToken, tokenWhat);
          Optional<String> chatId =
              required(
                  s,
                  "chatId",
                  path,
                  ConfigLoader::telegramChatId,
                  "the chat to post to: its numeric id (-100... for a channel) or @channelname");
          URI baseUrl =
              optional(s, "baseUrl", path, http).orElse(SinkConfig.Telegram.DEFAULT_BASE_URL);
          if (problems.size() == before) {
            DeliveryPolicy d = delivery.orElseThrow();
            String t = botToken.orElseThrow();
            String c = chatId.orElseThrow();
            build = n -> new SinkConfig.Telegram(n, baseUrl, t, c, d);
          }
        }
        default -> throw new IllegalStateException("unhandled sink type " + type.get());
      }
    }
    return new SinkDraft(path, type, name, nameKey, build);
  }

  private Optional<String> peekSinkType(ObjectNode sink) {
    JsonNode type = sink.get("type");
    if (absent(type) || type.isContainerNode()) {
      return Optional.empty();
    }
    try {
      String name = EnvSubstitution.substitute(type.asText(), env).strip();
      return SINK_TYPES.contains(name) ? Optional.of(name) : Optional.empty();
    } catch (InvalidValueException e) {
      return Optional.empty();
    }
  }

  /**
   * Unknown keys of a sink; a key that belongs to another type of sink is named as such ("url
   * applies only to webhook, slack and discord sinks").
   */
  private void checkSinkKeys(ObjectNode sink, String path, Optional<String> type) {
    List<String> allowed =
        type.map(
                t ->
                    concat(
                        concat(List.of("type", "name"), SINK_KEYS_BY_TYPE.get(t)), DELIVERY_KEYS))
            .orElse(SINK_KEYS);
    sink.fieldNames()
        .forEachRemaining(
            key -> {
              if (allowed.contains(key)) {
                return;
              }
              if (type.isPresent() && SINK_KEYS.contains(key)) {
                List<String> owners =
                    SINK_TYPES.stream()
                        .filter(t -> SINK_KEYS_BY_TYPE.get(t).contains(key))
                        .toList();
                problem(
                    join(path, key),
                    key
                        + " applies only to "
                        + joinAnd(owners)
                        + " sinks; this sink's type is "
                        + type.get());
              } else {
                unknownKey(path, key, allowed);
              }
            });
  }

  private static String joinAnd(List<String> items) {
    if (items.size() == 1) {
      return items.get(0);
    }
    return String.join(", ", items.subList(0, items.size() - 1))
        + " and "
        + items.get(items.size() - 1);
  }

  private static String sinkType(String name) throws InvalidValueException {
    String s = name.strip();
    if (!SINK_TYPES.contains(s)) {
      throw new InvalidValueException(
          "'" + name + "' is not a sink type" + hint(name, SINK_TYPES, "allowed"));
    }
    return s;
  }

  private static String sinkName(String text) throws InvalidValueException {
    String s = text.strip();
    if (!ConfigValues.isValidId(s)) {
      throw new InvalidValueException("'" + text + "' is not a valid sink name: " + ID_RULE);
    }
    return s;
  }

  /**
   * The sink's {@link DeliveryPolicy}: each key defaults on its own, and the back-off must grow
   * from {@code initialBackoff} up to {@code maxBackoff}.
   */
  private Optional<DeliveryPolicy> delivery(ObjectNode s, String path) {
    int before = problems.size();
    Duration timeout =
        optional(s, "timeout", path, ConfigLoader::positiveDuration)
            .orElse(DeliveryPolicy.DEFAULT_TIMEOUT);
    int maxAttempts =
        optional(s, "maxAttempts", path, ConfigLoader::maxAttempts)
            .orElse(DeliveryPolicy.DEFAULT_MAX_ATTEMPTS);
    Duration initialBackoff =
        optional(s, "initialBackoff", path, ConfigLoader::positiveDuration)
            .orElse(DeliveryPolicy.DEFAULT_INITIAL_BACKOFF);
    Duration maxBackoff =
        optional(s, "maxBackoff", path, ConfigLoader::positiveDuration)
            .orElse(DeliveryPolicy.DEFAULT_MAX_BACKOFF);
    if (problems.size() > before) {
      return Optional.empty();
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      boolean maxGiven = !absent(s.get("maxBackoff"));
      String initialText =
          absent(s.get("initialBackoff"))
              ? durationText(initialBackoff) + ", the default"
              : s.get("initialBackoff").asText();
      String maxText =
          maxGiven ? s.get("maxBackoff").asText() : durationText(maxBackoff) + ", the default";
      problem(
          join(path, maxGiven ? "maxBackoff" : "initialBackoff"),
          "maxBackoff ("
              + maxText
              + ") is below initialBackoff ("
              + initialText
              + "): the wait between attempts grows from initialBackoff up to maxBackoff");
      return Optional.empty();
    }
    return Optional.of(new DeliveryPolicy(timeout, maxAttempts, initialBackoff, maxBackoff));
  }

  private static int maxAttempts(String text) throws InvalidValueException {
    int n = ConfigValues.parseCount(text);
    if (n < 1) {
      throw new InvalidValueException(
          "'" + text + "' is too few: expected at least 1 attempt before a delivery is given up");
    }
    return n;
  }

  /** A duration as the config would write it: the largest unit that divides it. */
  static String durationText(Duration d) {
    long ms = d.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return ms / sizes[i] + units[i];
      }
    }
    return ms + "ms";
  }

  /**
   * A JSONL sink's file: relative to the working directory, as {@code storage.url}'s SQLite file
   * is, and returned absolute so that the file it writes is plain in logs and the API.
   */
  private static Path jsonlPath(String text) throws InvalidValueException {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new InvalidValueException(
          "empty value; expected a file path such as alerts.jsonl (relative to the working"
              + " directory)");
    }
    Path file;
    try {
      file = Path.of(s).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw new InvalidValueException("'" + text + "' is not a file path: " + e.getReason());
    }
    if (Files.isDirectory(file)) {
      throw new InvalidValueException(
          "'"
              + text
              + "' is a directory; expected the file to append events to, e.g. "
              + file.resolve("alerts.jsonl"));
    }
    return file;
  }

  private static final Pattern TELEGRAM_BOT_TOKEN = Pattern.compile("[0-9]+:[A-Za-z0-9_-]+");
  private static final Pattern TELEGRAM_CHAT_ID =
      Pattern.compile("-?[0-9]{1,20}|@[A-Za-z][A-Za-z0-9_]{3,31}");

  /** Checked because it goes into the request's path ({@code /bot<token>/sendMessage}). */
  private static String telegramBotToken(String text) throws InvalidValueException {
    String s = text.strip();
    if (!TELEGRAM_BOT_TOKEN.matcher(s).matches()) {
      throw new InvalidValueException(
          "is not a Telegram bot token (value not shown): expected the bot's id, ':' and letters,"
              + " digits, '_' or '-', as @BotFather gives it");
    }
    return s;
  }

  private static String telegramChatId(String text) throws InvalidValueException {
    String s = text.strip();
    if (!TELEGRAM_CHAT_ID.matcher(s).matches()) {
      throw new InvalidValueException(
          "'"
              + text
              + "' is not a Telegram chat: expected its numeric id (-100... for a channel or"
              + " supergroup) or a public channel's @username");
    }
    return s;
  }

  // ---- api

  private ApiConfig api(JsonNode node) {
    Optional<ObjectNode> settings =
        mapping(
            node,
            "api",
            "API settings, e.g. { bind: \"127.0.0.1:8787\", token: \"${HEDGEWATCH_API_TOKEN}\" }");
    if (settings.isEmpty()) {
      return ApiConfig.ofDefaults();
    }
    ObjectNode a = settings.get();
    int before = problems.size();
    checkKeys(a, "api", API_KEYS);
    Optional<Bind> bind = optional(a, "bind", "api", ConfigLoader::bind);
    Optional<String> token =
        optionalSecret(
            a,
            "token",
            "api",
            ConfigLoader::apiToken,
            "the bearer token that POST /api/v1/alerts/{id}/ack requires (remove the key to refuse"
                + " acknowledgements)");
    if (problems.size() > before) {
      return ApiConfig.ofDefaults();
    }
    String host = bind.map(Bind::host).orElse(ApiConfig.DEFAULT_HOST);
    int port = bind.map(Bind::port).orElse(ApiConfig.DEFAULT_PORT);
    if (token.isEmpty() && !ApiConfig.isLoopback(host)) {
      String written = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
      problem(
          "api.bind",
          "'"
              + written
              + "' is reachable from other machines: set api.token (e.g. token:"
              + " \"${HEDGEWATCH_API_TOKEN}\") so that only its holders can acknowledge alerts, or"
              + " bind to loopback ("
              + ApiConfig.DEFAULT_HOST
              + ":"
              + port
              + ")");
      return ApiConfig.ofDefaults();
    }
    return new ApiConfig(host, port, token);
  }

  /** {@code api.bind} read: the host as a server binds it (IPv6 without brackets) and the port. */
  private record Bind(String host, int port) {}

  private static final String BIND_FORMS =
      "expected HOST:PORT, HOST being an IPv4 address (127.0.0.1; 0.0.0.0 for every interface),"
          + " an IPv6 address in brackets ([::1]) or localhost, and PORT 0 to 65535 (0: any free"
          + " port)";
  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}"
              + "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

  private static Bind bind(String text) throws InvalidValueException {
    String s = text.strip();
    if (s.isEmpty()) {
      throw new InvalidValueException("empty value; " + BIND_FORMS);
    }
    String host;
    String portText;
    if (s.startsWith("[")) {
      int close = s.indexOf(']');
      if (close < 0) {
        throw new InvalidValueException("'" + text + "' has no closing ']'; " + BIND_FORMS);
      }
      host = s.substring(1, close);
      String rest = s.substring(close + 1);
      if (!rest.startsWith(":")) {
        throw new InvalidValueException(
            "'" + text + "' has no port; " + BIND_FORMS + ", e.g. [" + host + "]:8787");
      }
      portText = rest.substring(1);
      if (!host.contains(":") || !IPV6_CHARS.matcher(host).matches() || !isIpLiteral(host)) {
        throw new InvalidValueException(
            "'" + text + "': '" + host + "' is not an IPv6 address; " + BIND_FORMS);
      }
      host = host.toLowerCase(Locale.ROOT);
    } else {
      int colon = s.lastIndexOf(':');
      if (colon < 0) {
        throw new InvalidValueException(
            "'"
                + text
                + "' has no port; "
                + BIND_FORMS
                + ", e.g. "
                + s
                + ":"
                + ApiConfig.DEFAULT_PORT);
      }
      if (s.indexOf(':') != colon) {
        throw new InvalidValueException(
            "'"
                + text
                + "': an IPv6 address goes in brackets, e.g. [::1]:"
                + ApiConfig.DEFAULT_PORT
                + "; "
                + BIND_FORMS);
      }
      host = s.substring(0, colon);
      portText = s.substring(colon + 1);
      if (host.isEmpty()) {
        throw new InvalidValueException(
            "'"
                + text
                + "' has no host (write 0.0.0.0"
                + s
                + " for every interface); "
                + BIND_FORMS);
      }
      if (host.equalsIgnoreCase("localhost")) {
        host = "localhost";
      } else if (!IPV4.matcher(host).matches()) {
        throw new InvalidValueException(
            "'"
                + text
                + "': '"
                + host
                + "' is not an IP address or localhost (host names are not resolved); "
                + BIND_FORMS);
      }
    }
    if (!WHOLE_PORT.matcher(portText).matches() || Integer.parseInt(portText) > 65535) {
      throw new InvalidValueException(
          "'"
              + text
              + "': '"
              + portText
              + "' is not a port; expected 0 to 65535 (0: any free port)");
    }
    return new Bind(host, Integer.parseInt(portText));
  }

  private static final Pattern WHOLE_PORT = Pattern.compile("[0-9]{1,5}");

  private static boolean isIpLiteral(String host) {
    try {
      // only hex digits, ':' and '.' reach here, so this parses a literal and never asks DNS
      InetAddress.getByName(host);
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** Checked because it is compared with an HTTP header's value, where these cannot appear. */
  private static String apiToken(String text) throws InvalidValueException {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new InvalidValueException(
            "holds a space, a control or a non-ASCII character (value not shown): a bearer token is"
                + " sent in an HTTP header; use letters, digits and punctuation");
      }
    }
    return text;
  }

  // ---- secrets

  /**
   * A secret: substituted and typed like any scalar, but never shown. Present but empty is an error
   * that names the variable it came from; {@code parser} messages must not quote the value.
   */
  private <T> Optional<T> requiredSecret(
      ObjectNode object, String key, String path, Parser<T> parser, String what) {
    String keyPath = join(path, key);
    if (absent(object.get(key))) {
      missing(keyPath, key + " is required: " + what);
      return Optional.empty();
    }
    return optionalSecret(object, key, path, parser, what);
  }

  private <T> Optional<T> optionalSecret(
      ObjectNode object, String key, String path, Parser<T> parser, String what) {
    JsonNode node = object.get(key);
    if (absent(node)) {
      return Optional.empty();
    }
    String keyPath = join(path, key);
    if (node.isContainerNode()) {
      problem(keyPath, "expected a single value, got " + describe(node));
      return Optional.empty();
    }
    String raw = node.asText();
    List<EnvSubstitution.Reference> references = EnvSubstitution.references(raw);
    List<String> unset =
        references.stream()
            .filter(r -> !r.hasDefault() && env.get(r.name()) == null)
            .map(EnvSubstitution.Reference::name)
            .toList();
    if (!unset.isEmpty()) {
      problem(
          keyPath,
          (unset.size() == 1
                  ? "environment variable " + unset.get(0) + " is not set"
                  : "environment variables " + String.join(", ", unset) + " are not set")
              + ": set "
              + (unset.size() == 1 ? "it" : "them")
              + " to "
              + what);
      return Optional.empty();
    }
    String value;
    try {
      value = EnvSubstitution.substitute(raw, env);
    } catch (InvalidValueException e) {
      problem(keyPath, hide(e.getMessage(), raw, s -> "***"));
      return Optional.empty();
    }
    if (value.isBlank()) {
      String source =
          references.isEmpty()
              ? "the value is empty"
              : references.size() == 1
                  ? "environment variable "
                      + references.get(0).name()
                      + (references.get(0).hasDefault() ? " is unset or empty" : " is empty")
                  : "environment variables "
                      + references.stream()
                          .map(EnvSubstitution.Reference::name)
                          .collect(Collectors.joining(", "))
                      + " give an empty value";
      problem(keyPath, key + " is empty: " + source + "; set it to " + what);
      return Optional.empty();
    }
    try {
      return Optional.of(parser.parse(value));
    } catch (InvalidValueException e) {
      problem(keyPath, key + " " + hide(e.getMessage(), value, s -> "***"));
      return Optional.empty();
    }
  }

  private <T> Optional<T> requiredMasked(
      ObjectNode object, String key, String path, Parser<T> parser, String what) {
    String keyPath = join(path, key);
    if (absent(object.get(key))) {
      missing(keyPath, key + " is required: " + what);
      return Optional.empty();
    }
    return optionalMasked(object, key, path, parser);
  }

  /**
   * A URL that may hold a token in its path or query (Slack, Discord, many webhooks): typed like
   * any scalar, but shown in problems as {@code scheme://host/***}.
   */
  private <T> Optional<T> optionalMasked(
      ObjectNode object, String key, String path, Parser<T> parser) {
    JsonNode node = object.get(key);
    if (absent(node)) {
      return Optional.empty();
    }
    String keyPath = join(path, key);
    if (node.isContainerNode()) {
      problem(keyPath, "expected a single value, got " + describe(node));
      return Optional.empty();
    }
    String raw = node.asText();
    String value = null;
    try {
      value = EnvSubstitution.substitute(raw, env);
      return Optional.of(parser.parse(value));
    } catch (InvalidValueException e) {
      String message = hide(e.getMessage(), raw, ConfigLoader::maskUrl);
      if (value != null) {
        message = hide(message, value, ConfigLoader::maskUrl);
      }
      problem(keyPath, message);
      return Optional.empty();
    }
  }

  /**
   * {@code message} with {@code secret} replaced by its masked form: quoted, as the parsers quote
   * values, and bare unless it is too short to be told apart from ordinary words.
   */
  private static String hide(String message, String secret, UnaryOperator<String> mask) {
    if (secret.isBlank()) {
      return message;
    }
    String masked = mask.apply(secret);
    String out = message.replace("'" + secret + "'", "'" + masked + "'");
    return secret.strip().length() >= 6 ? out.replace(secret.strip(), masked) : out;
  }

  /** {@code scheme://host[:port]/***} when the URL has a host, else {@code ***}. */
  static String maskUrl(String url) {
    try {
      URI uri = new URI(url.strip());
      if (uri.getScheme() != null && uri.getHost() != null) {
        return uri.getScheme()
            + "://"
            + uri.getHost()
            + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
            + "/***";
      }
    } catch (URISyntaxException e) {
      // not a URL: nothing of it is shown
    }
    return "***";
  }

  /** {@link #describe(JsonNode)}, but a scalar is not shown, as it may be a secret. */
  private static String describeHidden(JsonNode node) {
    return node.isContainerNode() || node.isNull() ? describe(node) : "a single value";
  }

  // ---- rules

  private Optional<RuleSettings> rule(String id, JsonNode value) {
    String path = join("rules", id);
    Optional<RuleCatalog.RuleSpec> found = RuleCatalog.find(id);
    if (found.isEmpty()) {
      List<String> ids = RuleCatalog.all().stream().map(RuleCatalog.RuleSpec::id).toList();
      problem(path, "unknown rule id '" + id + "'" + hint(id, ids, "rule ids are"));
      return Optional.empty();
    }
    RuleCatalog.RuleSpec spec = found.get();
    int before = problems.size();
    Optional<ObjectNode> settings =
        mapping(value, path, "rule parameters, e.g. { enabled: false }");
    if (settings.isEmpty()) {
      return Optional.empty();
    }
    List<String> names = spec.params().stream().map(RuleCatalog.Param::name).toList();
    Map<String, Object> overrides = new LinkedHashMap<>();
    settings
        .get()
        .properties()
        .forEach(
            e -> {
              String name = e.getKey();
              Optional<RuleCatalog.Param> param = spec.param(name);
              if (param.isEmpty()) {
                problem(
                    join(path, name),
                    "rule "
                        + id
                        + " has no parameter '"
                        + name
                        + "'"
                        + hint(name, names, "its parameters are"));
                return;
              }
              String paramPath = join(path, name);
              if (absent(e.getValue())) {
                problem(paramPath, "no value: expected " + describe(param.get().type()));
                return;
              }
              typed(e.getValue(), paramPath, parserFor(param.get().type()))
                  .ifPresent(v -> overrides.put(name, v));
            });
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(RuleSettings.of(spec, overrides));
  }

  private static Parser<?> parserFor(ParamType type) {
    return switch (type) {
      case RATIO -> ConfigValues::parseRatio;
      case DURATION -> ConfigValues::parseDuration;
      case COUNT -> ConfigValues::parseCount;
      case BOOLEAN -> ConfigValues::parseBoolean;
    };
  }

  private static String describe(ParamType type) {
    return switch (type) {
      case RATIO -> ConfigValues.RATIO_FORMS;
      case DURATION -> ConfigValues.DURATION_FORMS;
      case COUNT -> "a whole number, 0 or more";
      case BOOLEAN -> "true or false";
    };
  }

  // ---- generic readers

  /** {@code off}, or a duration above zero. */
  private static Duration maxHeadAge(String text) throws InvalidValueException {
    if (text.strip().equals("off")) {
      return ChainConfig.HEAD_AGE_OFF;
    }
    Duration d = ConfigValues.parseDuration(text);
    if (d.isZero()) {
      throw new InvalidValueException(
          "'"
              + text
              + "' is zero; expected a duration above zero (e.g. 10m), or off where the chain"
              + " makes blocks only for transactions");
    }
    return d;
  }

  private static Duration positiveDuration(String text) throws InvalidValueException {
    Duration d = ConfigValues.parseDuration(text);
    if (d.isZero()) {
      throw new InvalidValueException(
          "'" + text + "' is zero; expected a duration above zero, e.g. 30s");
    }
    return d;
  }

  /** The entries of a section or block that maps names to settings; null is an empty mapping. */
  private Map<String, JsonNode> entries(JsonNode node, String path, String what) {
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    mapping(node, path, "a mapping of " + what)
        .ifPresent(o -> o.properties().forEach(e -> entries.put(e.getKey(), e.getValue())));
    return entries;
  }

  /** {@code node} as a mapping, null as an empty one; anything else is a problem. */
  private Optional<ObjectNode> mapping(JsonNode node, String path, String expected) {
    if (node == null || node.isNull()) {
      return Optional.of(JsonNodeFactory.instance.objectNode());
    }
    if (node.isObject()) {
      return Optional.of((ObjectNode) node);
    }
    problem(path, "expected " + expected + ", got " + describe(node));
    return Optional.empty();
  }

  private void checkKeys(ObjectNode object, String path, List<String> allowed) {
    object
        .fieldNames()
        .forEachRemaining(
            key -> {
              if (!allowed.contains(key)) {
                unknownKey(path, key, allowed);
              }
            });
  }

  private void unknownKey(String path, String key, List<String> allowed) {
    Suggestions.nearest(key, allowed).ifPresent(valid -> suggestedPaths.add(join(path, valid)));
    problem(join(path, key), "unknown key '" + key + "'" + hint(key, allowed, "allowed keys"));
  }

  /** A required key is missing; said once, unless a misspelling of it was already reported. */
  private void missing(String keyPath, String message) {
    if (!suggestedPaths.contains(keyPath)) {
      problem(keyPath, message);
    }
  }

  private <T> Optional<T> required(
      ObjectNode object, String key, String path, Parser<T> parser, String what) {
    JsonNode node = object.get(key);
    String keyPath = join(path, key);
    if (absent(node)) {
      missing(keyPath, key + " is required: " + what);
      return Optional.empty();
    }
    return typed(node, keyPath, parser);
  }

  private <T> Optional<T> optional(ObjectNode object, String key, String path, Parser<T> parser) {
    JsonNode node = object.get(key);
    return absent(node) ? Optional.empty() : typed(node, join(path, key), parser);
  }

  /**
   * Substitutes the environment into a scalar and types it; records a problem and returns empty
   * when it fails.
   */
  private <T> Optional<T> typed(JsonNode node, String path, Parser<T> parser) {
    if (node.isContainerNode()) {
      problem(path, "expected a single value, got " + describe(node));
      return Optional.empty();
    }
    try {
      return Optional.of(parser.parse(EnvSubstitution.substitute(node.asText(), env)));
    } catch (InvalidValueException e) {
      problem(path, e.getMessage());
      return Optional.empty();
    }
  }

  private static boolean absent(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode();
  }

  private void problem(String path, String message) {
    problems.add(new ConfigProblem(path, message));
  }

  // ---- formatting

  /**
   * The path of {@code key} under {@code path}: dotted for ordinary keys, {@code ["..."]} for keys
   * with other characters, so that a path can always be read back.
   */
  static String join(String path, String key) {
    if (!PLAIN_KEY.matcher(key).matches()) {
      return path + "[\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"]";
    }
    return path.isEmpty() ? key : path + "." + key;
  }

  /** "; did you mean 'x'?" when a candidate is close, else the list of what is allowed. */
  private static String hint(String input, Collection<String> candidates, String listLabel) {
    Optional<String> nearest = Suggestions.nearest(input, candidates);
    if (nearest.isPresent()) {
      return "; did you mean '" + nearest.get() + "'?";
    }
    return candidates.isEmpty() ? "" : "; " + listLabel + ": " + String.join(", ", candidates);
  }

  private static String describe(JsonNode node) {
    if (node.isObject()) {
      return "a mapping";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isNull()) {
      return "nothing";
    }
    return "'" + node.asText() + "'";
  }

  private static String plural(int n, String one, String many) {
    return n + " " + (n == 1 ? one : many);
  }

  private static Set<String> keys(JsonNode object) {
    Set<String> keys = new LinkedHashSet<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return List.copyOf(all);
  }
}
