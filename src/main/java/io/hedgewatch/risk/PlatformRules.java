package io.hedgewatch.risk;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.ContractState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The platform rules of one observation of a contract's control surface: {@code platform.upgraded},
 * {@code platform.admin-changed} and {@code platform.code-changed}. Pure.
 *
 * <p>{@code baseline} is what {@link PlatformBaseline#decide} returns as {@code compareWith}: empty
 * on a contract's first observation, which therefore raises nothing but a pin mismatch. A change
 * keeps firing on every observation until the state returns to the baseline or is accepted (see
 * {@link PlatformBaseline}). Findings are facts, so {@code value} and {@code threshold} are null.
 * Subjects are the observation's own ({@code contract:ID}, {@code venue:ID}, {@code feed:ID}); when
 * one subject has several contracts (a venue's proxies), {@link #evaluateAll} merges their alerts
 * so that (rule, subject) stays unique.
 */
public final class PlatformRules {

  /** One contract's observation with what it is compared with. */
  public record Observation(
      ContractState now, Optional<ContractState> baseline, PlatformExpectations pins) {
    public Observation {
      Objects.requireNonNull(now, "now");
      Objects.requireNonNull(baseline, "baseline");
      Objects.requireNonNull(pins, "pins");
    }
  }

  private PlatformRules() {}

  /** The rules with only {@code expectImplementation} pinned (or nothing). */
  public static List<Alert> evaluate(
      ContractState now,
      Optional<ContractState> baseline,
      Optional<String> expectImplementation,
      RuleSettingsLookup settings) {
    return evaluate(
        now, baseline, PlatformExpectations.implementation(expectImplementation), settings);
  }

  /**
   * @throws IllegalArgumentException when the baseline is of another contract (a wiring bug)
   */
  public static List<Alert> evaluate(
      ContractState now,
      Optional<ContractState> baseline,
      PlatformExpectations pins,
      RuleSettingsLookup settings) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(pins, "pins");
    Objects.requireNonNull(settings, "settings");
    baseline.ifPresent(b -> requireSameContract(now, b));
    List<Alert> alerts = new ArrayList<>();
    alerts.addAll(
        PlatformUpgradedRule.evaluate(
            now, baseline, pins, settings.forRule(PlatformUpgradedRule.ID)));
    alerts.addAll(
        PlatformAdminChangedRule.evaluate(
            now, baseline, pins, settings.forRule(PlatformAdminChangedRule.ID)));
    alerts.addAll(
        PlatformCodeChangedRule.evaluate(
            now, baseline, settings.forRule(PlatformCodeChangedRule.ID)));
    return List.copyOf(alerts);
  }

  /**
   * Every observation's alerts, with those of one (rule, subject) merged into one: the worst
   * severity, the messages joined by "; ", and the action of the first alert at that severity.
   */
  public static List<Alert> evaluateAll(
      List<Observation> observations, RuleSettingsLookup settings) {
    Map<String, List<Alert>> byKey = new LinkedHashMap<>();
    for (Observation o : observations) {
      for (Alert a : evaluate(o.now(), o.baseline(), o.pins(), settings)) {
        byKey.computeIfAbsent(a.key(), k -> new ArrayList<>()).add(a);
      }
    }
    List<Alert> merged = new ArrayList<>();
    for (List<Alert> same : byKey.values()) {
      merged.add(merge(same));
    }
    return List.copyOf(merged);
  }

  private static Alert merge(List<Alert> same) {
    if (same.size() == 1) {
      return same.get(0);
    }
    Alert worst = same.get(0);
    for (Alert a : same) {
      if (a.severity().isWorseThan(worst.severity())) {
        worst = a;
      }
    }
    String message = String.join("; ", same.stream().map(Alert::message).toList());
    return new Alert(
        worst.rule(),
        worst.severity(),
        worst.subject(),
        message,
        worst.value(),
        worst.threshold(),
        worst.action());
  }

  private static void requireSameContract(ContractState now, ContractState baseline) {
    if (!now.subject().equals(baseline.subject())
        || !now.chain().equals(baseline.chain())
        || !now.address()
            .toLowerCase(Locale.ROOT)
            .equals(baseline.address().toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(
          "baseline of "
              + baseline.subject()
              + " "
              + baseline.address()
              + " on "
              + baseline.chain()
              + " compared with "
              + now.subject()
              + " "
              + now.address()
              + " on "
              + now.chain());
    }
  }
}
