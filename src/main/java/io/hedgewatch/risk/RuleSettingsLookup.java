package io.hedgewatch.risk;

import java.util.Map;

/**
 * Where rules find their settings; the loaded config provides it as {@code HedgewatchConfig::rule}.
 */
@FunctionalInterface
public interface RuleSettingsLookup {

  RuleSettings forRule(String ruleId);

  /** Every rule at its catalogue defaults. */
  static RuleSettingsLookup defaults() {
    return RuleCatalog::defaults;
  }

  /** The given settings by rule id, the catalogue's defaults for every other rule. */
  static RuleSettingsLookup of(Map<String, RuleSettings> settings) {
    Map<String, RuleSettings> copy = Map.copyOf(settings);
    return id -> {
      RuleSettings s = copy.get(id);
      return s != null ? s : RuleCatalog.defaults(id);
    };
  }
}
