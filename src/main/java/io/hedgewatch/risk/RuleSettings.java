package io.hedgewatch.risk;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One rule's effective parameters: the catalogue's defaults overridden by config. Values are
 * already typed (ratios are fractions as BigDecimal, durations are Durations), so rules never parse
 * units.
 */
public record RuleSettings(String ruleId, Map<String, Object> values) {

  public RuleSettings {
    values = Map.copyOf(values);
  }

  /**
   * Defaults of {@code spec} overridden by {@code overrides} (already typed by the config loader).
   */
  public static RuleSettings of(RuleCatalog.RuleSpec spec, Map<String, Object> overrides) {
    Map<String, Object> merged = new LinkedHashMap<>();
    for (RuleCatalog.Param p : spec.params()) {
      merged.put(p.name(), p.defaultValue());
    }
    for (Map.Entry<String, Object> e : overrides.entrySet()) {
      if (spec.param(e.getKey()).isEmpty()) {
        throw new IllegalArgumentException("rule " + spec.id() + " has no parameter " + e.getKey());
      }
      merged.put(e.getKey(), e.getValue());
    }
    return new RuleSettings(spec.id(), merged);
  }

  public boolean enabled() {
    return (Boolean) get("enabled");
  }

  public int sustain() {
    return count("sustain");
  }

  public BigDecimal ratio(String name) {
    return (BigDecimal) get(name);
  }

  public Duration duration(String name) {
    return (Duration) get(name);
  }

  public int count(String name) {
    return ((Number) get(name)).intValue();
  }

  private Object get(String name) {
    Object v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("rule " + ruleId + " has no parameter " + name);
    }
    return v;
  }
}
