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
 * A loaded, validated configuration. Maps keep the file's order. Sections of the contract that are
 * not built yet ({@code positions}, {@code alerts}, {@code api}) are accepted by the loader and
 * listed in {@code ignoredSections}.
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
    StorageConfig storage,
    List<String> ignoredSections) {

  public HedgewatchConfig {
    chains = ordered(chains);
    references = ordered(references);
    feeds = ordered(feeds);
    rules = Map.copyOf(rules);
    venues = ordered(venues);
    markets = ordered(markets);
    watch = ordered(watch);
    Objects.requireNonNull(storage, "storage");
    ignoredSections = List.copyOf(ignoredSections);
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

  private static <V> Map<String, V> ordered(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }
}
