package io.hedgewatch.store;

import static io.hedgewatch.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.ContractState;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class BaselineStoreTest {

  private static final String PROXY = "0xFD70de6b91282D8017aA4E741e9Ae325CAb992d8";
  private static final String IMPL_A = "0x1111111111111111111111111111111111111111";
  private static final String IMPL_B = "0x3333333333333333333333333333333333333333";

  @Parameter Backend backend;
  @TempDir Path dir;
  private String url;

  @BeforeEach
  void newDatabase() {
    url = backend.newUrl(dir);
  }

  private String url() {
    return url;
  }

  @Test
  void a_baseline_survives_a_restart() {
    ContractState saved = Fixtures.baseline("contract:gmx-datastore", PROXY, 1000);
    try (Store store = Store.open(url())) {
      store.saveBaseline(saved);
    }
    try (Store restarted = Store.open(url())) {
      assertThat(restarted.baseline("contract:gmx-datastore", "arbitrum", PROXY)).contains(saved);
    }
  }

  @Test
  void an_upgrade_done_while_stopped_is_still_seen_against_the_stored_baseline() {
    try (Store firstRun = Store.open(url())) {
      firstRun.saveBaseline(state(IMPL_A, 1000));
    }
    // hedgewatch is stopped; the proxy is upgraded to IMPL_B; hedgewatch starts again
    ContractState observedAtStart = state(IMPL_B, 2000);
    try (Store secondRun = Store.open(url())) {
      Optional<ContractState> baseline =
          secondRun.baseline("venue:gmx", "arbitrum", observedAtStart.address());
      assertThat(baseline).map(ContractState::implementation).contains(Optional.of(IMPL_A));
      assertThat(baseline.get().implementation()).isNotEqualTo(observedAtStart.implementation());
    }
  }

  @Test
  void saving_again_replaces_the_baseline() {
    try (Store store = Store.open(url())) {
      store.saveBaseline(state(IMPL_A, 1000));
      store.saveBaseline(state(IMPL_B, 2000));
      assertThat(store.baseline("venue:gmx", "arbitrum", PROXY)).contains(state(IMPL_B, 2000));
    }
  }

  @Test
  void the_address_matches_whatever_its_casing() {
    try (Store store = Store.open(url())) {
      store.saveBaseline(state(IMPL_A, 1000));
      assertThat(store.baseline("venue:gmx", "arbitrum", PROXY.toLowerCase()))
          .map(ContractState::address)
          .contains(PROXY);
      store.saveBaseline(
          new ContractState(
              "venue:gmx",
              "arbitrum",
              PROXY.toLowerCase(),
              3000,
              T0,
              Optional.of(IMPL_B),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              Optional.empty()));
      assertThat(store.baseline("venue:gmx", "arbitrum", PROXY))
          .map(ContractState::block)
          .contains(3000L);
    }
  }

  @Test
  void absent_slots_stay_absent_and_keys_are_kept_apart() {
    ContractState bare =
        new ContractState(
            "contract:pyth",
            "arbitrum",
            PROXY,
            7,
            T0,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    try (Store store = Store.open(url())) {
      store.saveBaseline(bare);
      assertThat(store.baseline("contract:pyth", "arbitrum", PROXY)).contains(bare);
      assertThat(store.baseline("contract:pyth", "base", PROXY)).isEmpty();
      assertThat(store.baseline("venue:gmx", "arbitrum", PROXY)).isEmpty();
      assertThat(store.baseline("contract:pyth", "arbitrum", IMPL_A)).isEmpty();
    }
  }

  private static ContractState state(String implementation, long block) {
    return new ContractState(
        "venue:gmx",
        "arbitrum",
        PROXY,
        block,
        T0.plusSeconds(block),
        Optional.of(implementation),
        Optional.empty(),
        Optional.of("0x2222222222222222222222222222222222222222"),
        Optional.of("0x4444444444444444444444444444444444444444"),
        Optional.of("0x" + "cd".repeat(32)));
  }
}
