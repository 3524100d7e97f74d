package io.hedgewatch.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnvilIT {

  private static final Duration STOPPED_WITHIN = Duration.ofSeconds(15);

  @Test
  void starts_on_a_free_loopback_port_answers_its_chain_id_and_stops_without_leftovers()
      throws Exception {
    ProcessHandle anvilProcess;
    List<ProcessHandle> tree;
    Process wrapper;
    try (Anvil anvil = Anvil.start()) {
      assertThat(anvil.rpcUrl())
          .matches("http://127\\.0\\.0\\.1:\\d+")
          .endsWith(":" + anvil.port());
      assertThat(anvil.chainId()).isEqualTo(31337L);
      assertThat(anvil.web3j().ethChainId().send().getChainId().longValueExact()).isEqualTo(31337L);
      assertThat(anvil.accounts()).hasSize(10).allMatch(a -> a.matches("0x[0-9a-f]{40}"));
      anvilProcess = anvil.processHandle();
      wrapper = anvil.wrapperProcess();
      tree = wrapper.descendants().toList();
      assertThat(anvilProcess.isAlive()).isTrue();
      assertThat(tree).contains(anvilProcess);
      assertThat(anvil.isRunning()).isTrue();
    }
    // close() waits for the processes: no polling needed
    assertThat(anvilProcess.isAlive()).as("anvil pid %d", anvilProcess.pid()).isFalse();
    assertThat(wrapper.isAlive()).isFalse();
    assertThat(tree).noneMatch(ProcessHandle::isAlive);
  }

  @Test
  void a_failing_body_inside_try_with_resources_still_stops_anvil() {
    AtomicReference<ProcessHandle> started = new AtomicReference<>();
    assertThatThrownBy(
            () -> {
              try (Anvil anvil = Anvil.start()) {
                started.set(anvil.processHandle());
                throw new IllegalStateException("test body failed");
              }
            })
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("test body failed");
    assertThat(started.get().isAlive()).isFalse();
  }

  @Test
  void anvil_exits_by_itself_when_its_wrapper_dies_and_the_pipe_to_this_jvm_closes() {
    try (Anvil anvil = Anvil.start()) {
      Process wrapper = anvil.wrapperProcess();
      ProcessHandle anvilProcess =
          wrapper
              .descendants()
              .filter(
                  h ->
                      h.info()
                          .command()
                          .map(c -> Path.of(c).getFileName().toString().equals("anvil"))
                          .orElse(false))
              .findFirst()
              .orElseThrow();
      assertThat(anvilProcess.pid()).isEqualTo(anvil.pid());
      List<ProcessHandle> tree = wrapper.descendants().toList();

      // SIGKILL: the wrapper's traps cannot run; only the closed pipe is left to tell anvil to go
      wrapper.destroyForcibly();

      await().atMost(STOPPED_WITHIN).until(() -> !anvilProcess.isAlive());
      // the wrapper's subshell reaps anvil and exits; orphaned, it may stay a zombie until init
      // reaps it
      await().atMost(STOPPED_WITHIN).until(() -> tree.stream().allMatch(ProcessChecks::exited));
    }
  }

  @Test
  void a_missing_install_is_reported_with_the_path_and_the_fix(@TempDir Path emptyHome) {
    assertThatThrownBy(() -> Anvil.builder().home(emptyHome).start())
        .isInstanceOf(DevnetException.class)
        .hasMessageContaining(emptyHome.resolve("contracts/node_modules/.bin/anvil").toString())
        .hasMessageContaining("mvn generate-resources");
  }

  @Test
  void builder_options_reach_anvil() {
    try (Anvil anvil =
        Anvil.builder().chainId(42161).accounts(3).genesisTimestamp(1_700_000_000L).start()) {
      assertThat(anvil.chainId()).isEqualTo(42161L);
      assertThat(anvil.accounts()).hasSize(3);
      assertThat(anvil.latestBlockTimestamp()).isBetween(1_700_000_000L, 1_700_000_000L + 60);
    }
  }

  @Test
  void time_snapshot_and_code_helpers_drive_the_chain() {
    try (Anvil anvil = Anvil.start()) {
      long t0 = anvil.latestBlockTimestamp();
      anvil.increaseTime(3_600);
      anvil.mine();
      assertThat(anvil.latestBlockTimestamp()).isGreaterThanOrEqualTo(t0 + 3_600);

      long target = anvil.latestBlockTimestamp() + 10_000;
      anvil.setNextBlockTimestamp(target);
      anvil.mine();
      assertThat(anvil.latestBlockTimestamp()).isEqualTo(target);

      String snapshot = anvil.snapshot();
      long block = anvil.blockNumber();
      anvil.mine();
      anvil.mine();
      assertThat(anvil.blockNumber()).isEqualTo(block + 2);
      anvil.revert(snapshot);
      assertThat(anvil.blockNumber()).isEqualTo(block);

      String address = "0x00000000000000000000000000000000000000aa";
      anvil.setCode(address, "0x6001600055");
      assertThat(anvil.getCode(address)).isEqualTo("0x6001600055");
    }
  }

  @Test
  void builder_rejects_bad_values_naming_the_field() {
    assertThatThrownBy(() -> Anvil.builder().chainId(0))
        .hasMessage("chainId must be positive, was 0");
    assertThatThrownBy(() -> Anvil.builder().blockTime(Duration.ofMillis(1500)))
        .hasMessageStartingWith("blockTime must be a positive whole number of seconds");
    assertThatThrownBy(() -> Anvil.builder().accounts(0))
        .hasMessage("accounts must be >= 1, was 0");
  }
}
