package io.hedgewatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.ContractState;
import io.hedgewatch.risk.PlatformBaseline.Kind;
import io.hedgewatch.risk.PlatformExpectations;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlatformBaselinesTest {

  private static ContractState state(long block, String implementation) {
    return new ContractState(
        "contract:vault",
        "arbitrum",
        "0x1111111111111111111111111111111111111111",
        block,
        Instant.ofEpochSecond(1_790_000_000L + block),
        Optional.of(implementation),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of("0x" + "e1".repeat(32)));
  }

  private static final String V1 = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
  private static final String V2 = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa2";

  @Test
  void stores_the_first_observation_only_and_never_a_change() {
    InMemoryBaselineStore store = new InMemoryBaselineStore();
    PlatformBaselines baselines = new PlatformBaselines(store);

    assertThat(baselines.observe(state(1, V1), PlatformExpectations.NONE).kind())
        .isEqualTo(Kind.FIRST_SEEN);
    assertThat(baselines.observe(state(2, V1), PlatformExpectations.NONE).kind())
        .isEqualTo(Kind.UNCHANGED);
    assertThat(baselines.observe(state(3, V2), PlatformExpectations.NONE).kind())
        .isEqualTo(Kind.CHANGED);
    assertThat(baselines.observe(state(4, V2), PlatformExpectations.NONE).kind())
        .isEqualTo(Kind.CHANGED);
    assertThat(store.saves()).containsExactly(state(1, V1));
  }

  @Test
  void accepting_or_deleting_the_baseline_ends_a_change() {
    InMemoryBaselineStore store = new InMemoryBaselineStore();
    PlatformBaselines baselines = new PlatformBaselines(store);
    baselines.observe(state(1, V1), PlatformExpectations.NONE);

    baselines.accept(state(3, V2));
    assertThat(baselines.observe(state(4, V2), PlatformExpectations.NONE).kind())
        .isEqualTo(Kind.UNCHANGED);

    store.delete("contract:vault", "arbitrum", "0x1111111111111111111111111111111111111111");
    assertThat(baselines.observe(state(5, V1), PlatformExpectations.NONE).kind())
        .isEqualTo(Kind.FIRST_SEEN);
  }

  @Test
  void a_pinned_upgrade_is_stored_as_the_new_baseline() {
    InMemoryBaselineStore store = new InMemoryBaselineStore();
    PlatformBaselines baselines = new PlatformBaselines(store);
    baselines.observe(state(1, V1), PlatformExpectations.NONE);
    PlatformExpectations pinned =
        new PlatformExpectations(Optional.of(V2), Optional.empty(), Optional.empty());
    assertThat(baselines.observe(state(2, V2), pinned).kind()).isEqualTo(Kind.ACCEPTED_BY_PIN);
    assertThat(
            store
                .baseline(
                    "contract:vault", "arbitrum", "0x1111111111111111111111111111111111111111")
                .orElseThrow()
                .implementation())
        .contains(V2);
  }
}
