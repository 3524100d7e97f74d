package io.hedgewatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.FailoverRpcService;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.devnet.Anvil;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.ContractState;
import io.hedgewatch.domain.RpcProbe;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.PlatformBaseline;
import io.hedgewatch.risk.PlatformExpectations;
import io.hedgewatch.risk.RpcRules;
import io.hedgewatch.risk.RuleSettingsLookup;
import io.hedgewatch.testing.FreezableRpcProxy;
import io.hedgewatch.testing.JsonRpcProxy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;

/**
 * The platform and RPC rules against a real anvil: the devnet's ERC-1967 proxy upgraded, its admin
 * and owner changed, its code replaced and removed; a Synthetix-style proxy slot and a beacon moved
 * by state overrides; RPC endpoints frozen behind a proxy, and separate anvils on different forks
 * behind one chain config.
 */
class PlatformWatchIT {

  private static final String PROXY_SUBJECT = "contract:proxy";
  private static final String FEED_SUBJECT = "feed:eth-usd";
  private static final String SNX_SUBJECT = "venue:snx";

  /** A stand-in for a Synthetix v3 proxy: code, with the implementation in Synthetix's slot. */
  private static final String SNX_PROXY = "0x5e75e75e75e75e75e75e75e75e75e75e75e75e75";

  private static Devnet devnet;
  private static DevnetContracts c;
  private static Anvil anvil;

  private String snapshot;
  private JsonRpcProxy counting;
  private Web3j web3j;
  private InMemoryBaselineStore store;
  private PlatformBaselines baselines;
  private PlatformWatch watch;
  private CodeProbeSupport probeSupport;

  @BeforeAll
  static void startDevnet() {
    devnet = Devnet.start();
    c = devnet.contracts();
    anvil = devnet.anvil();
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @BeforeEach
  void connect() throws IOException {
    snapshot = anvil.snapshot();
    anvil.setCode(SNX_PROXY, anvil.getCode(c.proxyImplementation()));
    setStorage(SNX_PROXY, ContractStateReader.SYNTHETIX_PROXY_SLOT, c.proxyImplementation());
    counting = new JsonRpcProxy(devnet.rpcUrl());
    web3j =
        Web3j.build(
            new FailoverRpcService(
                Devnet.CHAIN_ID_KEY,
                List.of(counting.url()),
                Duration.ofSeconds(10),
                RpcRetryPolicy.DEFAULT));
    probeSupport = new CodeProbeSupport();
    store = new InMemoryBaselineStore();
    baselines = new PlatformBaselines(store);
    // The reader as the monitor runs it: code hashes and owners from the deployless probe.
    watch =
        new PlatformWatch(
            new ContractStateReader(Devnet.CHAIN_ID_KEY, web3j).probingCode(probeSupport),
            baselines);
  }

  @AfterEach
  void disconnect() {
    web3j.shutdown();
    counting.close();
    anvil.revert(snapshot);
  }

  private static List<WatchedContract> watched(PlatformExpectations proxyPins) {
    return List.of(
        new WatchedContract(PROXY_SUBJECT, c.upgradeableProxy(), ProxyKind.EIP1967, proxyPins),
        new WatchedContract(
            FEED_SUBJECT, c.ethUsdProxy(), ProxyKind.NONE, PlatformExpectations.NONE),
        new WatchedContract(
            SNX_SUBJECT, SNX_PROXY, ProxyKind.SYNTHETIX, PlatformExpectations.NONE));
  }

  private PlatformWatch.Report cycle() {
    return cycle(PlatformExpectations.NONE);
  }

  private PlatformWatch.Report cycle(PlatformExpectations proxyPins) {
    return watch.check(anvil.blockNumber(), watched(proxyPins), RuleSettingsLookup.defaults());
  }

  private static ContractState state(PlatformWatch.Report report, String subject) {
    return report.contracts().stream()
        .filter(r -> r.watch().subject().equals(subject))
        .findFirst()
        .orElseThrow()
        .state()
        .asOptional()
        .orElseThrow();
  }

  private static void setStorage(String address, String slot, String addressValue) {
    anvil.rpc(
        "anvil_setStorageAt",
        address,
        slot,
        "0x" + "0".repeat(24) + addressValue.substring(2).toLowerCase(Locale.ROOT));
  }

  private static void transferOwnership(String from, String to) {
    devnet
        .transactor()
        .send(
            from,
            c.upgradeableProxy(),
            new Function("transferOwnership", List.of(new Address(to)), List.of()));
  }

  @Test
  void reads_the_devnet_proxy_and_stores_first_observations_without_alerts_in_one_request() {
    counting.reset();
    PlatformWatch.Report first = cycle();

    assertThat(counting.httpRequests()).isEqualTo(1);
    assertThat(first.alerts()).isEmpty();
    assertThat(first.contracts()).allSatisfy(r -> assertThat(r.firstSeen()).isTrue());
    ContractState proxy = state(first, PROXY_SUBJECT);
    assertThat(proxy.implementation()).contains(c.proxyImplementation());
    assertThat(proxy.admin()).contains(c.proxyAdmin());
    assertThat(proxy.beacon()).isEmpty();
    assertThat(proxy.owner()).contains(c.deployer());
    assertThat(proxy.codeHash()).contains(Hash.sha3(anvil.getCode(c.upgradeableProxy())));
    assertThat(state(first, FEED_SUBJECT).owner()).contains(c.deployer());
    assertThat(state(first, SNX_SUBJECT).implementation()).contains(c.proxyImplementation());
    assertThat(store.saves()).hasSize(3);

    PlatformWatch.Report second = cycle();
    assertThat(second.alerts()).isEmpty();
    assertThat(second.contracts())
        .allSatisfy(r -> assertThat(r.baseline()).contains(PlatformBaseline.Kind.UNCHANGED));
  }

  @Test
  void baselines_stored_from_eth_getCode_are_unchanged_when_read_through_the_probe() {
    PlatformWatch byCode =
        new PlatformWatch(new ContractStateReader(Devnet.CHAIN_ID_KEY, web3j), baselines);
    PlatformWatch.Report before =
        byCode.check(
            anvil.blockNumber(), watched(PlatformExpectations.NONE), RuleSettingsLookup.defaults());
    assertThat(before.contracts()).allSatisfy(r -> assertThat(r.firstSeen()).isTrue());

    counting.reset();
    PlatformWatch.Report after = cycle();

    assertThat(probeSupport.refused()).isFalse();
    assertThat(after.alerts()).isEmpty();
    assertThat(after.contracts())
        .allSatisfy(r -> assertThat(r.baseline()).contains(PlatformBaseline.Kind.UNCHANGED));
    assertThat(counting.methodLog()).doesNotContain("eth_getCode");
    assertThat(counting.methodLog().stream().filter("eth_call"::equals)).hasSize(1);
  }

  @Test
  void an_upgrade_fires_until_it_is_accepted() {
    cycle();
    String v2 = devnet.ops().deployImplementation(2);
    devnet.ops().upgradeProxy(v2);

    for (int i = 0; i < 2; i++) {
      assertThat(cycle().alerts())
          .as("cycle %d after the upgrade", i + 1)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("platform.upgraded");
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.subject()).isEqualTo(PROXY_SUBJECT);
                assertThat(a.message())
                    .contains(
                        "implementation changed from " + c.proxyImplementation() + " to " + v2);
              });
    }

    PlatformWatch.Report upgraded = cycle();
    baselines.accept(state(upgraded, PROXY_SUBJECT));
    assertThat(cycle().alerts()).isEmpty();
  }

  @Test
  void pinning_the_new_implementation_accepts_it_and_a_wrong_pin_fires() {
    cycle();
    String v2 = devnet.ops().deployImplementation(2);
    devnet.ops().upgradeProxy(v2);
    PlatformExpectations pinV2 =
        new PlatformExpectations(Optional.of(v2), Optional.empty(), Optional.empty());
    assertThat(cycle(pinV2).alerts()).isEmpty();
    assertThat(cycle().alerts()).as("the pin was taken into the baseline").isEmpty();

    PlatformExpectations pinV1 =
        new PlatformExpectations(
            Optional.of(c.proxyImplementation()), Optional.empty(), Optional.empty());
    assertThat(cycle(pinV1).alerts())
        .singleElement()
        .satisfies(a -> assertThat(a.message()).contains("pins expectImplementation"));
  }

  @Test
  void a_synthetix_proxy_slot_change_is_an_upgrade() {
    cycle();
    String v2 = devnet.ops().deployImplementation(2);
    setStorage(SNX_PROXY, ContractStateReader.SYNTHETIX_PROXY_SLOT, v2);
    assertThat(cycle().alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo("platform.upgraded");
              assertThat(a.subject()).isEqualTo(SNX_SUBJECT);
              assertThat(a.message()).contains("to " + v2);
            });
  }

  @Test
  void a_beacon_upgrade_is_seen_although_the_proxy_storage_does_not_change() {
    String beacon = "0xbeac0bbeac0bbeac0bbeac0bbeac0bbeac0bbeac";
    String v2 = devnet.ops().deployImplementation(2);
    anvil.setCode(beacon, returnsAddress(c.proxyImplementation()));
    setStorage(c.upgradeableProxy(), ContractStateReader.BEACON_SLOT, beacon);
    setStorage(
        c.upgradeableProxy(), ContractStateReader.IMPLEMENTATION_SLOT, "0x" + "0".repeat(40));
    PlatformWatch.Report first = cycle();
    assertThat(state(first, PROXY_SUBJECT).beacon()).contains(beacon);
    assertThat(state(first, PROXY_SUBJECT).implementation()).contains(c.proxyImplementation());

    anvil.setCode(beacon, returnsAddress(v2));
    assertThat(cycle().alerts())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.message())
                    .contains(
                        "implementation changed from " + c.proxyImplementation() + " to " + v2)
                    .doesNotContain("beacon changed"));
  }

  /** Runtime code that returns {@code address} as one ABI word to any call. */
  private static String returnsAddress(String address) {
    return "0x73" + address.substring(2) + "60005260206000f3";
  }

  @Test
  void admin_and_owner_changes_fire_admin_changed_and_clear_when_reverted() {
    cycle();
    String newAdmin = devnet.transactor().account(2);
    String newOwner = devnet.transactor().account(3);
    devnet.ops().changeProxyAdmin(c.proxyAdmin(), newAdmin);
    assertThat(cycle().alerts())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo("platform.admin-changed");
              assertThat(a.severity()).isEqualTo(Severity.WARNING);
              assertThat(a.message())
                  .contains("admin changed from " + c.proxyAdmin() + " to " + newAdmin);
            });

    transferOwnership(c.deployer(), newOwner);
    assertThat(cycle().alerts())
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.message())
                    .contains("admin changed")
                    .contains("owner() changed from " + c.deployer() + " to " + newOwner));

    devnet.ops().changeProxyAdmin(newAdmin, c.proxyAdmin());
    transferOwnership(newOwner, c.deployer());
    assertThat(cycle().alerts()).isEmpty();
  }

  @Test
  void replaced_or_removed_code_fires_code_changed_and_restoring_it_clears() {
    cycle();
    String original = anvil.getCode(c.upgradeableProxy());

    anvil.setCode(c.upgradeableProxy(), anvil.getCode(c.proxyImplementation()));
    assertThat(cycle().alerts())
        .filteredOn(a -> a.rule().equals("platform.code-changed"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(a.subject()).isEqualTo(PROXY_SUBJECT);
              assertThat(a.message()).contains("code changed");
            });

    anvil.setCode(c.upgradeableProxy(), "0x");
    List<Alert> gone = cycle().alerts();
    assertThat(gone)
        .filteredOn(a -> a.rule().equals("platform.code-changed"))
        .singleElement()
        .satisfies(a -> assertThat(a.message()).contains("gone (selfdestructed)"));
    assertThat(gone)
        .filteredOn(a -> a.rule().equals("platform.admin-changed"))
        .as("owner() no longer answers")
        .hasSize(1);

    anvil.setCode(c.upgradeableProxy(), original);
    assertThat(cycle().alerts()).isEmpty();
  }

  private RpcProbe probe(List<String> urls, long chainId) {
    try (EndpointProbe probe =
        new EndpointProbe(
            Devnet.CHAIN_ID_KEY,
            chainId,
            urls,
            EndpointProbe.DEFAULT_TIMEOUT,
            java.time.Clock.systemUTC())) {
      return probe.probe(RpcRules.comparisonDepths(RuleSettingsLookup.defaults()));
    }
  }

  private List<Alert> rpcAlerts(List<String> urls, long chainId, String rule) {
    return RpcRules.evaluate(probe(urls, chainId), RuleSettingsLookup.defaults()).stream()
        .filter(a -> a.rule().equals(rule))
        .toList();
  }

  @Test
  void an_endpoint_whose_head_froze_fires_rpc_lag_as_blocks_are_mined() throws Exception {
    try (JsonRpcProxy live = new JsonRpcProxy(devnet.rpcUrl());
        FreezableRpcProxy frozen = new FreezableRpcProxy(devnet.rpcUrl())) {
      List<String> urls = List.of(live.url(), frozen.url());
      anvil.mine();
      assertThat(RpcRules.evaluate(probe(urls, devnet.chainId()), RuleSettingsLookup.defaults()))
          .isEmpty();

      frozen.freeze();
      for (int i = 0; i < 5; i++) {
        anvil.mine();
      }
      assertThat(rpcAlerts(urls, devnet.chainId(), "rpc.lag"))
          .as("5 behind: at the threshold")
          .isEmpty();

      anvil.mine();
      assertThat(rpcAlerts(urls, devnet.chainId(), "rpc.lag"))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.severity()).isEqualTo(Severity.WARNING);
                assertThat(a.subject()).isEqualTo("chain:" + Devnet.CHAIN_ID_KEY);
                assertThat(a.value()).isEqualTo(6.0);
                assertThat(a.message()).contains("rpc[1] 127.0.0.1:").contains("6 blocks behind");
              });

      for (int i = 0; i < 15; i++) {
        anvil.mine();
      }
      assertThat(rpcAlerts(urls, devnet.chainId(), "rpc.lag"))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(a.value()).isEqualTo(21.0);
              });
      assertThat(rpcAlerts(urls, devnet.chainId(), "rpc.disagreement"))
          .as("a lagging endpoint on the same chain agrees on the blocks it has")
          .isEmpty();

      frozen.unfreeze();
      assertThat(rpcAlerts(urls, devnet.chainId(), "rpc.lag")).isEmpty();
    }
  }

  @Test
  void anvils_on_different_forks_behind_one_chain_fire_rpc_disagreement() throws Exception {
    long genesis = System.currentTimeMillis() / 1000 - 3600;
    try (Anvil a = Anvil.builder().genesisTimestamp(genesis).start();
        Anvil b = Anvil.builder().genesisTimestamp(genesis).start();
        Anvil other = Anvil.builder().genesisTimestamp(genesis + 7).start();
        Anvil wrongChain = Anvil.builder().chainId(999).start()) {
      // Shared history for 10 blocks, then a fork 10 blocks deep.
      for (int i = 1; i <= 10; i++) {
        a.mineAt(genesis + i);
        b.mineAt(genesis + i);
        other.mineAt(genesis + 7 + i);
      }
      for (int i = 1; i <= 10; i++) {
        a.mineAt(genesis + 100 + i);
        b.mineAt(genesis + 200 + i);
        other.mineAt(genesis + 300 + i);
      }
      String down = closedPort();
      long chainId = a.chainId();

      assertThat(rpcAlerts(List.of(a.rpcUrl(), down), chainId, "rpc.disagreement"))
          .as("one live endpoint and one down: nothing to disagree with")
          .isEmpty();

      assertThat(rpcAlerts(List.of(a.rpcUrl(), b.rpcUrl(), down), chainId, "rpc.disagreement"))
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.severity()).isEqualTo(Severity.WARNING);
                assertThat(alert.subject()).isEqualTo("chain:" + Devnet.CHAIN_ID_KEY);
                assertThat(alert.message())
                    .contains("block 15 (5 below the best head 20")
                    .contains("rpc[2] 127.0.0.1:")
                    .contains("did not answer");
              });

      assertThat(rpcAlerts(List.of(a.rpcUrl(), other.rpcUrl()), chainId, "rpc.disagreement"))
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(alert.message()).contains("block 0 (20 below");
              });

      assertThat(rpcAlerts(List.of(a.rpcUrl(), wrongChain.rpcUrl()), chainId, "rpc.disagreement"))
          .singleElement()
          .satisfies(
              alert -> {
                assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
                assertThat(alert.message()).contains("serves chain id 999");
              });
    }
  }

  private static String closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/";
    }
  }
}
