package io.hedgewatch.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.ContractState;
import io.hedgewatch.domain.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PlatformRulesTest {

  static final String PROXY = "0x1111111111111111111111111111111111111111";
  static final String IMPL_1 = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
  static final String IMPL_2 = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2";
  static final String BEACON_1 = "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1";
  static final String BEACON_2 = "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb2";
  static final String ADMIN_1 = "0xcccccccccccccccccccccccccccccccccccccc01";
  static final String ADMIN_2 = "0xcccccccccccccccccccccccccccccccccccccc02";
  static final String OWNER_1 = "0xdddddddddddddddddddddddddddddddddddddd01";
  static final String OWNER_2 = "0xdddddddddddddddddddddddddddddddddddddd02";
  static final String ZERO = "0x0000000000000000000000000000000000000000";
  static final String CODE_1 = "0x" + "e1".repeat(32);
  static final String CODE_2 = "0x" + "e2".repeat(32);
  static final Instant T0 = Instant.parse("2026-11-24T12:00:00Z");

  static final ContractState BASE =
      new ContractState(
          "contract:vault",
          "arbitrum",
          PROXY,
          100,
          T0,
          Optional.of(IMPL_1),
          Optional.empty(),
          Optional.of(ADMIN_1),
          Optional.of(OWNER_1),
          Optional.of(CODE_1));

  static ContractState later(ContractState s) {
    return new ContractState(
        s.subject(),
        s.chain(),
        s.address(),
        s.block() + 50,
        s.at().plusSeconds(600),
        s.implementation(),
        s.beacon(),
        s.admin(),
        s.owner(),
        s.codeHash());
  }

  static ContractState withImplementation(ContractState s, Optional<String> v) {
    return new ContractState(
        s.subject(),
        s.chain(),
        s.address(),
        s.block(),
        s.at(),
        v,
        s.beacon(),
        s.admin(),
        s.owner(),
        s.codeHash());
  }

  static ContractState withBeacon(ContractState s, Optional<String> v) {
    return new ContractState(
        s.subject(),
        s.chain(),
        s.address(),
        s.block(),
        s.at(),
        s.implementation(),
        v,
        s.admin(),
        s.owner(),
        s.codeHash());
  }

  static ContractState withAdmin(ContractState s, Optional<String> v) {
    return new ContractState(
        s.subject(),
        s.chain(),
        s.address(),
        s.block(),
        s.at(),
        s.implementation(),
        s.beacon(),
        v,
        s.owner(),
        s.codeHash());
  }

  static ContractState withOwner(ContractState s, Optional<String> v) {
    return new ContractState(
        s.subject(),
        s.chain(),
        s.address(),
        s.block(),
        s.at(),
        s.implementation(),
        s.beacon(),
        s.admin(),
        v,
        s.codeHash());
  }

  static ContractState withCode(ContractState s, Optional<String> v) {
    return new ContractState(
        s.subject(),
        s.chain(),
        s.address(),
        s.block(),
        s.at(),
        s.implementation(),
        s.beacon(),
        s.admin(),
        s.owner(),
        v);
  }

  static List<Alert> judge(ContractState now, Optional<ContractState> baseline) {
    return PlatformRules.evaluate(now, baseline, Optional.empty(), RuleSettingsLookup.defaults());
  }

  static List<Alert> judge(
      ContractState now, Optional<ContractState> baseline, PlatformExpectations pins) {
    return PlatformRules.evaluate(now, baseline, pins, RuleSettingsLookup.defaults());
  }

  static PlatformExpectations pins(String implementation, String admin, String owner) {
    return new PlatformExpectations(
        Optional.ofNullable(implementation),
        Optional.ofNullable(admin),
        Optional.ofNullable(owner));
  }

  @Test
  void first_observation_raises_nothing() {
    assertThat(judge(BASE, Optional.empty())).isEmpty();
  }

  @Test
  void same_state_at_a_later_block_raises_nothing() {
    assertThat(judge(later(BASE), Optional.of(BASE))).isEmpty();
  }

  @Test
  void addresses_differing_only_in_case_are_the_same() {
    ContractState mixed =
        withOwner(
            withImplementation(later(BASE), Optional.of(IMPL_1.toUpperCase().replace("0X", "0x"))),
            Optional.of(OWNER_1.toUpperCase().replace("0X", "0x")));
    assertThat(judge(mixed, Optional.of(BASE))).isEmpty();
  }

  @Test
  void disabled_rules_raise_nothing() {
    ContractState everything =
        withCode(
            withAdmin(withImplementation(later(BASE), Optional.of(IMPL_2)), Optional.of(ADMIN_2)),
            Optional.empty());
    RuleSettingsLookup off =
        RuleSettingsLookup.of(
            Map.of(
                PlatformUpgradedRule.ID, disabled(PlatformUpgradedRule.ID),
                PlatformAdminChangedRule.ID, disabled(PlatformAdminChangedRule.ID),
                PlatformCodeChangedRule.ID, disabled(PlatformCodeChangedRule.ID)));
    assertThat(PlatformRules.evaluate(everything, Optional.of(BASE), Optional.empty(), off))
        .isEmpty();
  }

  static RuleSettings disabled(String id) {
    return RuleSettings.of(RuleCatalog.find(id).orElseThrow(), Map.of("enabled", false));
  }

  @Test
  void a_baseline_of_another_contract_is_a_wiring_bug() {
    ContractState other =
        new ContractState(
            "contract:other",
            "arbitrum",
            PROXY,
            1,
            T0,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThatThrownBy(() -> judge(BASE, Optional.of(other)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("contract:other");
  }

  @Nested
  class Upgraded {

    @Test
    void implementation_change_is_critical_and_names_both_addresses_and_the_baseline() {
      assertThat(judge(withImplementation(later(BASE), Optional.of(IMPL_2)), Optional.of(BASE)))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("platform.upgraded");
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.subject()).isEqualTo("contract:vault");
                assertThat(a.message())
                    .startsWith("contract:vault " + PROXY + " on arbitrum: ")
                    .contains("implementation changed from " + IMPL_1 + " to " + IMPL_2)
                    .contains("baseline from block 100 at 2026-11-24T12:00:00Z");
                assertThat(a.value()).isNull();
                assertThat(a.threshold()).isNull();
                assertThat(a.action()).contains("expectImplementation");
              });
    }

    @Test
    void implementation_slot_cleared_is_an_upgrade() {
      assertThat(judge(withImplementation(later(BASE), Optional.empty()), Optional.of(BASE)))
          .singleElement()
          .satisfies(a -> assertThat(a.message()).contains("to none (the slot is empty)"));
    }

    @Test
    void beacon_change_is_critical_and_merges_with_an_implementation_change() {
      ContractState beaconProxy = withBeacon(BASE, Optional.of(BEACON_1));
      ContractState now =
          withImplementation(
              withBeacon(later(beaconProxy), Optional.of(BEACON_2)), Optional.of(IMPL_2));
      assertThat(judge(now, Optional.of(beaconProxy)))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.message())
                    .contains("implementation changed from " + IMPL_1 + " to " + IMPL_2)
                    .contains("beacon changed from " + BEACON_1 + " to " + BEACON_2);
              });
    }

    @Test
    void a_pin_that_differs_fires_on_the_first_observation() {
      assertThat(judge(BASE, Optional.empty(), pins(IMPL_2, null, null)))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("platform.upgraded");
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.message())
                    .contains("implementation is " + IMPL_1)
                    .contains("pins expectImplementation " + IMPL_2);
              });
    }

    @Test
    void a_matching_pin_silences_a_change_from_the_baseline() {
      ContractState upgraded = withImplementation(later(BASE), Optional.of(IMPL_2));
      assertThat(
              PlatformRules.evaluate(
                  upgraded,
                  Optional.of(BASE),
                  Optional.of(IMPL_2.toUpperCase().replace("0X", "0x")),
                  RuleSettingsLookup.defaults()))
          .isEmpty();
    }

    @Test
    void a_pin_is_judged_even_when_the_baseline_agrees() {
      assertThat(judge(later(BASE), Optional.of(BASE), pins(IMPL_2, null, null)))
          .singleElement()
          .satisfies(a -> assertThat(a.message()).contains("pins expectImplementation"));
    }
  }

  @Nested
  class AdminChanged {

    @Test
    void admin_change_is_a_warning() {
      assertThat(judge(withAdmin(later(BASE), Optional.of(ADMIN_2)), Optional.of(BASE)))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("platform.admin-changed");
                assertThat(a.severity()).isEqualTo(Severity.WARNING);
                assertThat(a.message())
                    .contains("admin changed from " + ADMIN_1 + " to " + ADMIN_2);
                assertThat(a.value()).isNull();
              });
    }

    @Test
    void admin_and_owner_changes_are_one_alert() {
      ContractState now =
          withOwner(withAdmin(later(BASE), Optional.of(ADMIN_2)), Optional.of(OWNER_2));
      assertThat(judge(now, Optional.of(BASE)))
          .singleElement()
          .satisfies(
              a ->
                  assertThat(a.message())
                      .contains("admin changed")
                      .contains("owner() changed from " + OWNER_1 + " to " + OWNER_2));
    }

    @Test
    void renounced_ownership_is_named() {
      assertThat(judge(withOwner(later(BASE), Optional.of(ZERO)), Optional.of(BASE)))
          .singleElement()
          .satisfies(a -> assertThat(a.message()).contains("renounced"));
    }

    @Test
    void owner_that_stops_answering_is_a_change() {
      assertThat(judge(withOwner(later(BASE), Optional.empty()), Optional.of(BASE)))
          .singleElement()
          .satisfies(a -> assertThat(a.message()).contains("to none"));
    }

    @Test
    void pinned_owner_and_admin_are_judged_against_the_pin() {
      assertThat(judge(BASE, Optional.empty(), pins(null, ADMIN_2, OWNER_1)))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("platform.admin-changed");
                assertThat(a.message()).contains("pins expectAdmin " + ADMIN_2);
                assertThat(a.message()).doesNotContain("owner");
              });
    }
  }

  @Nested
  class CodeChanged {

    @Test
    void replaced_code_is_critical() {
      assertThat(judge(withCode(later(BASE), Optional.of(CODE_2)), Optional.of(BASE)))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("platform.code-changed");
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.message()).contains("code hash " + CODE_1 + " is now " + CODE_2);
                assertThat(a.value()).isNull();
              });
    }

    @Test
    void code_gone_is_critical_selfdestruct() {
      assertThat(judge(withCode(later(BASE), Optional.empty()), Optional.of(BASE)))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.message()).contains("gone (selfdestructed)");
                assertThat(a.action()).contains("no longer exists");
              });
    }

    @Test
    void code_appearing_is_a_warning() {
      ContractState empty = withCode(BASE, Optional.empty());
      assertThat(judge(withCode(later(empty), Optional.of(CODE_1)), Optional.of(empty)))
          .singleElement()
          .satisfies(a -> assertThat(a.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void the_first_observation_has_nothing_to_compare_code_with() {
      assertThat(judge(withCode(BASE, Optional.empty()), Optional.empty())).isEmpty();
    }
  }

  @Test
  void every_rule_fires_once_for_a_contract_that_changed_everything() {
    ContractState now =
        withCode(
            withAdmin(withImplementation(later(BASE), Optional.of(IMPL_2)), Optional.of(ADMIN_2)),
            Optional.of(CODE_2));
    assertThat(judge(now, Optional.of(BASE)))
        .extracting(Alert::rule)
        .containsExactly("platform.upgraded", "platform.admin-changed", "platform.code-changed");
  }

  @Test
  void contracts_of_one_subject_merge_into_one_alert_per_rule() {
    ContractState market = BASE;
    ContractState account =
        new ContractState(
            "contract:vault",
            "arbitrum",
            "0x2222222222222222222222222222222222222222",
            100,
            T0,
            Optional.of(IMPL_1),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(CODE_1));
    List<Alert> alerts =
        PlatformRules.evaluateAll(
            List.of(
                new PlatformRules.Observation(
                    withImplementation(later(market), Optional.of(IMPL_2)),
                    Optional.of(market),
                    PlatformExpectations.NONE),
                new PlatformRules.Observation(
                    withCode(
                        withImplementation(later(account), Optional.of(IMPL_2)), Optional.empty()),
                    Optional.of(account),
                    PlatformExpectations.NONE)),
            RuleSettingsLookup.defaults());
    assertThat(alerts)
        .extracting(Alert::key)
        .containsExactly(
            "platform.upgraded|contract:vault", "platform.code-changed|contract:vault");
    assertThat(alerts.get(0).message())
        .contains(PROXY)
        .contains("0x2222222222222222222222222222222222222222")
        .contains("; ");
  }

  @Test
  void catalog_documents_the_platform_rules_without_parameters_of_their_own() {
    for (String id :
        List.of("platform.upgraded", "platform.admin-changed", "platform.code-changed")) {
      RuleCatalog.RuleSpec spec = RuleCatalog.find(id).orElseThrow();
      assertThat(spec.params())
          .extracting(RuleCatalog.Param::name)
          .containsExactly("enabled", "sustain", "clearAfter");
      assertThat(spec.doc()).contains("baseline");
    }
  }
}
