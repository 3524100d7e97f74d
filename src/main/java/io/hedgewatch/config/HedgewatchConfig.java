package io.hedgewatch.config;

import io.hedgewatch.risk.RuleCatalog;
import io.hedgewatch.risk.RuleSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A loaded, validated configuration. Maps keep the file's order. Sections of the contract that are
 * not built yet ({@code venues}, {@code markets}, {@code positions}, {@code watch}, {@code alerts},
 * {@code storage}, {@code api}) are accepted by the loader and listed in {@code ignoredSections}.
 */
public record HedgewatchConfig(
    Path source,
    Map<String, ChainConfig> chains,
    Map<String, ReferenceVenueConfig> references,
    Map<String, FeedConfig> feeds,
    Map<String, RuleSettings> rules,
    List<String> ignoredSections) {

  public HedgewatchConfig {
    chains = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(chains));
    references = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(references));
    feeds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(feeds));
    rules = Map.copyOf(rules);
    ignoredSections = List.copyOf(ignoredSections);
  }

  /** The configured settings of a rule, or the catalogue's defaults. */
  public RuleSettings rule(String id) {
    RuleSettings configured = rules.get(id);
    return configured != null ? configured : RuleCatalog.defaults(id);
  }

  public List<FeedConfig> feedsOn(String chainId) {
    return feeds.values().stream().filter(f -> f.spec().chain().equals(chainId)).toList();
  }
}
