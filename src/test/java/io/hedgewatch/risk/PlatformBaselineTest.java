package io.hedgewatch.risk;

import static io.hedgewatch.risk.PlatformRulesTest.ADMIN_2;
import static io.hedgewatch.risk.PlatformRulesTest.BASE;
import static io.hedgewatch.risk.PlatformRulesTest.CODE_2;
import static io.hedgewatch.risk.PlatformRulesTest.IMPL_2;
import static io.hedgewatch.risk.PlatformRulesTest.judge;
import static io.hedgewatch.risk.PlatformRulesTest.later;
import static io.hedgewatch.risk.PlatformRulesTest.pins;
import static io.hedgewatch.risk.PlatformRulesTest.withAdmin;
import static io.hedgewatch.risk.PlatformRulesTest.withCode;
import static io.hedgewatch.risk.PlatformRulesTest.withImplementation;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.ContractState;
import io.hedgewatch.risk.PlatformBaseline.Decision;
import io.hedgewatch.risk.PlatformBaseline.Kind;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformBaselineTest {

  private static final ContractState UPGRADED =
      withImplementation(later(BASE), Optional.of(IMPL_2));

  @Test
  void first_observation_is_stored_and_compared_with_nothing() {
    Decision d = PlatformBaseline.decide(BASE, Optional.empty(), PlatformExpectations.NONE);
    assertThat(d.kind()).isEqualTo(Kind.FIRST_SEEN);
    assertThat(d.save()).contains(BASE);
    assertThat(d.compareWith()).isEmpty();
  }

  @Test
  void unchanged_state_keeps_the_original_baseline() {
    Decision d = PlatformBaseline.decide(later(BASE), Optional.of(BASE), PlatformExpectations.NONE);
    assertThat(d.kind()).isEqualTo(Kind.UNCHANGED);
    assertThat(d.save()).isEmpty();
    assertThat(d.compareWith()).contains(BASE);
  }

  @Test
  void a_change_is_not_written_over_the_baseline_and_keeps_firing() {
    Decision d = PlatformBaseline.decide(UPGRADED, Optional.of(BASE), PlatformExpectations.NONE);
    assertThat(d.kind()).isEqualTo(Kind.CHANGED);
    assertThat(d.save()).isEmpty();
    assertThat(judge(UPGRADED, d.compareWith()))
        .extracting(Alert::rule)
        .containsExactly("platform.upgraded");

    ContractState stillUpgraded = later(UPGRADED);
    Decision again =
        PlatformBaseline.decide(stillUpgraded, Optional.of(BASE), PlatformExpectations.NONE);
    assertThat(judge(stillUpgraded, again.compareWith())).hasSize(1);
  }

  @Test
  void going_back_to_the_baseline_clears() {
    ContractState restored = later(later(BASE));
    Decision d = PlatformBaseline.decide(restored, Optional.of(BASE), PlatformExpectations.NONE);
    assertThat(d.kind()).isEqualTo(Kind.UNCHANGED);
    assertThat(judge(restored, d.compareWith())).isEmpty();
  }

  @Test
  void accepting_makes_the_new_state_the_baseline() {
    ContractState accepted = PlatformBaseline.accept(UPGRADED);
    Decision d =
        PlatformBaseline.decide(later(UPGRADED), Optional.of(accepted), PlatformExpectations.NONE);
    assertThat(d.kind()).isEqualTo(Kind.UNCHANGED);
    assertThat(judge(later(UPGRADED), d.compareWith())).isEmpty();
  }

  @Test
  void a_pin_matching_the_only_change_accepts_it_into_the_baseline() {
    PlatformExpectations pinned = pins(IMPL_2, null, null);
    Decision d = PlatformBaseline.decide(UPGRADED, Optional.of(BASE), pinned);
    assertThat(d.kind()).isEqualTo(Kind.ACCEPTED_BY_PIN);
    assertThat(d.save()).contains(UPGRADED);
    assertThat(judge(UPGRADED, d.compareWith(), pinned)).isEmpty();
    // The pin removed later: the stored baseline already has the new implementation.
    Decision unpinned =
        PlatformBaseline.decide(later(UPGRADED), d.save(), PlatformExpectations.NONE);
    assertThat(unpinned.kind()).isEqualTo(Kind.UNCHANGED);
  }

  @Test
  void a_pin_accepts_its_field_while_other_changes_keep_firing() {
    PlatformExpectations pinned = pins(IMPL_2, null, null);
    ContractState now = withCode(withAdmin(UPGRADED, Optional.of(ADMIN_2)), Optional.of(CODE_2));
    Decision d = PlatformBaseline.decide(now, Optional.of(BASE), pinned);
    assertThat(d.kind()).isEqualTo(Kind.CHANGED);
    assertThat(d.save()).isPresent();
    assertThat(d.save().get().implementation()).contains(IMPL_2);
    assertThat(d.save().get().admin()).isEqualTo(BASE.admin());
    assertThat(d.save().get().codeHash()).isEqualTo(BASE.codeHash());
    assertThat(d.save().get().block()).isEqualTo(BASE.block());
    assertThat(judge(now, d.compareWith(), pinned))
        .extracting(Alert::rule)
        .containsExactly("platform.admin-changed", "platform.code-changed");
  }

  @Test
  void control_surface_ignores_block_and_time() {
    assertThat(PlatformBaseline.sameControlSurface(BASE, later(BASE))).isTrue();
    assertThat(PlatformBaseline.sameControlSurface(BASE, UPGRADED)).isFalse();
  }
}
