package io.hedgewatch.config;

import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.risk.RuleCatalog;
import io.hedgewatch.risk.RuleSettings;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A loaded, validated configuration. Maps keep the file's order. Sections of the contract that a
 * later release fills would be accepted by the loader and listed in {@code ignoredSections} (none
 * at present: {@link ConfigLoader#IGNORED_SECTIONS}).
 */
public record HedgewatchConfig(
    Path source,
    Map<String, ChainConfig> chains,
    Map<String, ReferenceVenueConfig> references,
    Map<String, FeedConfig> feeds,
    Map<String, RuleSettings> rules,
    Map<String, VenueConfig> venues,
    Map<String, MarketConfig> markets,
    Map<String, WatchConfig> watch,
    Map<String, PositionConfig> positions,
    StorageConfig storage,
    AlertsConfig alerts,
    ApiConfig api,
    List<String> ignoredSections) {

  public HedgewatchConfig {
    chains = ordered(chains);
    references = ordered(references);
    feeds = ordered(feeds);
    rules = Map.copyOf(rules);
    venues = ordered(venues);
    markets = ordered(markets);
    watch = ordered(watch);
    positions = ordered(positions);
    for (PositionConfig p : positions.values()) {
      if (!markets.containsKey(p.market())) {
        throw new IllegalArgumentException(
            "position " + p.id() + " is on market " + p.market() + ", which is not in markets");
      }
    }
    Objects.requireNonNull(storage, "storage");
    Objects.requireNonNull(alerts, "alerts");
    Objects.requireNonNull(api, "api");
    ignoredSections = List.copyOf(ignoredSections);
  }

  /** A config with the default {@code alerts} and {@code api} sections. */
  public HedgewatchConfig(
      Path source,
      Map<String, ChainConfig> chains,
      Map<String, ReferenceVenueConfig> references,
      Map<String, FeedConfig> feeds,
      Map<String, RuleSettings> rules,
      Map<String, VenueConfig> venues,
      Map<String, MarketConfig> markets,
      Map<String, WatchConfig> watch,
      Map<String, PositionConfig> positions,
      StorageConfig storage,
      List<String> ignoredSections) {
    this(
        source,
        chains,
        references,
        feeds,
        rules,
        venues,
        markets,
        watch,
        positions,
        storage,
        AlertsConfig.ofDefaults(),
        ApiConfig.ofDefaults(),
        ignoredSections);
  }

  /** A config without positions. */
  public HedgewatchConfig(
      Path source,
      Map<String, ChainConfig> chains,
      Map<String, ReferenceVenueConfig> references,
      Map<String, FeedConfig> feeds,
      Map<String, RuleSettings> rules,
      Map<String, VenueConfig> venues,
      Map<String, MarketConfig> markets,
      Map<String, WatchConfig> watch,
      StorageConfig storage,
      List<String> ignoredSections) {
    this(
        source,
        chains,
        references,
        feeds,
        rules,
        venues,
        markets,
        watch,
        Map.of(),
        storage,
        ignoredSections);
  }

  /** A config without venues, markets or watched contracts, storing to the default store. */
  public HedgewatchConfig(
      Path source,
      Map<String, ChainConfig> chains,
      Map<String, ReferenceVenueConfig> references,
      Map<String, FeedConfig> feeds,
      Map<String, RuleSettings> rules,
      List<String> ignoredSections) {
    this(
        source,
        chains,
        references,
        feeds,
        rules,
        Map.of(),
        Map.of(),
        Map.of(),
        Map.of(),
        StorageConfig.ofDefaults(),
        ignoredSections);
  }

  /**
   * The {@code references} that price spot pairs, in the file's order: every one but the venues
   * that give funding and mark references only ({@link
   * ConfigLoader#FUNDING_ONLY_REFERENCE_VENUES}).
   */
  public Map<String, ReferenceVenueConfig> spotReferences() {
    Map<String, ReferenceVenueConfig> spot = new LinkedHashMap<>(references);
    spot.keySet().removeIf(name -> ReferenceVenue.fromConfigName(name).isEmpty());
    return Collections.unmodifiableMap(spot);
  }

  /** The configured settings of a rule, or the catalogue's defaults. */
  public RuleSettings rule(String id) {
    RuleSettings configured = rules.get(id);
    return configured != null ? configured : RuleCatalog.defaults(id);
  }

  public List<FeedConfig> feedsOn(String chainId) {
    return feeds.values().stream().filter(f -> f.spec().chain().equals(chainId)).toList();
  }

  /** The markets of one venue, in the file's order. */
  public List<MarketConfig> marketsOf(String venueId) {
    return markets.values().stream().filter(m -> m.venue().equals(venueId)).toList();
  }

  /** The watched contracts on one chain, in the file's order. */
  public List<WatchConfig> watchedOn(String chainId) {
    return watch.values().stream().filter(w -> w.chain().equals(chainId)).toList();
  }

  /** The positions on the markets of one venue, read from it or described by hand, in order. */
  public List<PositionConfig> positionsOn(String venueId) {
    return positions.values().stream()
        .filter(p -> markets.get(p.market()).venue().equals(venueId))
        .toList();
  }

  /** The positions on one market, in the file's order. */
  public List<PositionConfig> positionsIn(String marketId) {
    return positions.values().stream().filter(p -> p.market().equals(marketId)).toList();
  }

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
