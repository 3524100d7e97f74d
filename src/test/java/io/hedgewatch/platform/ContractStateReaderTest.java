package io.hedgewatch.platform;

import static io.hedgewatch.platform.FakeEvmNode.word;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.FailoverRpcService;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.domain.ContractState;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.platform.ContractStateReader.ContractRead;
import io.hedgewatch.risk.PlatformExpectations;
import io.hedgewatch.testing.MovableClock;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;

class ContractStateReaderTest {

  static final String PROXY = "0x1111111111111111111111111111111111111111";
  static final String SNX = "0x2222222222222222222222222222222222222222";
  static final String PLAIN = "0x3333333333333333333333333333333333333333";
  static final String IMPL = "0xaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1";
  static final String BEACON = "0xbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb1";
  static final String ADMIN = "0xcccccccccccccccccccccccccccccccccccccc01";
  static final String OWNER = "0xdddddddddddddddddddddddddddddddddddddd01";
  static final String CODE = "0x6080604052348015600f57600080fd5b50";
  static final String OWNER_CALL = ContractStateReader.OWNER_SELECTOR;

  private final FakeEvmNode node = new FakeEvmNode();
  private MockWebServer server;
  private Web3j web3j;

  @BeforeEach
  void start() throws IOException {
    server = new MockWebServer();
    server.setDispatcher(node);
    server.start();
    web3j =
        Web3j.build(
            new FailoverRpcService(
                "arbitrum",
                List.of(server.url("/").toString()),
                Duration.ofSeconds(2),
                new RpcRetryPolicy(
                    1, Duration.ofMillis(10), Duration.ofMillis(10), Duration.ofSeconds(1))));
    node.setStorage(PROXY, ContractStateReader.IMPLEMENTATION_SLOT, word(IMPL));
    node.setStorage(PROXY, ContractStateReader.ADMIN_SLOT, word(ADMIN));
    node.code.put(PROXY, CODE);
    node.calls.put(PROXY + " " + OWNER_CALL, word(OWNER));
    node.setStorage(SNX, ContractStateReader.SYNTHETIX_PROXY_SLOT, word(IMPL));
    node.code.put(SNX, CODE);
    node.calls.put(SNX + " " + OWNER_CALL, "revert");
    node.code.put(PLAIN, CODE);
  }

  @AfterEach
  void stop() throws IOException {
    web3j.shutdown();
    server.shutdown();
  }

  private List<ContractRead> read(List<WatchedContract> contracts) {
    return new ContractStateReader("arbitrum", web3j).readAt(990, contracts);
  }

  private static WatchedContract watch(String subject, String address, ProxyKind kind) {
    return new WatchedContract(subject, address, kind, PlatformExpectations.NONE);
  }

  private static ContractState ok(ContractRead read) {
    assertThat(read.state()).isInstanceOf(Read.Ok.class);
    return read.state().asOptional().orElseThrow();
  }

  @Test
  void reads_every_contract_of_the_chain_in_one_batch_paired_by_id() {
    node.reverseBatches = true;
    List<ContractRead> reads =
        read(
            List.of(
                watch("contract:proxy", PROXY, ProxyKind.EIP1967),
                watch("venue:snx", SNX, ProxyKind.SYNTHETIX),
                watch("contract:plain", PLAIN, ProxyKind.NONE)));

    assertThat(node.httpRequests).hasValue(1);
    ContractState proxy = ok(reads.get(0));
    assertThat(proxy.subject()).isEqualTo("contract:proxy");
    assertThat(proxy.chain()).isEqualTo("arbitrum");
    assertThat(proxy.block()).isEqualTo(990);
    assertThat(proxy.at()).isEqualTo(Instant.ofEpochSecond(node.headTimestamp - 20));
    assertThat(proxy.implementation()).contains(IMPL);
    assertThat(proxy.beacon()).isEmpty();
    assertThat(proxy.admin()).contains(ADMIN);
    assertThat(proxy.owner()).contains(OWNER);
    assertThat(proxy.codeHash()).contains(Hash.sha3(CODE));

    ContractState snx = ok(reads.get(1));
    assertThat(snx.implementation()).contains(IMPL);
    assertThat(snx.admin()).isEmpty();
    assertThat(snx.owner()).as("owner() reverts: absent").isEmpty();

    ContractState plain = ok(reads.get(2));
    assertThat(plain.implementation()).isEmpty();
    assertThat(plain.owner()).as("owner() returns 0x: absent").isEmpty();
    assertThat(plain.codeHash()).contains(Hash.sha3(CODE));

    // 3 EIP-1967 slots, 1 Synthetix slot, none for the plain contract.
    assertThat(node.methods.stream().filter("eth_getStorageAt"::equals)).hasSize(4);
  }

  @Test
  void an_owner_word_that_is_no_address_is_absent_and_the_zero_owner_is_kept() {
    node.calls.put(PROXY + " " + OWNER_CALL, "0x" + "ff".repeat(32));
    node.calls.put(PLAIN + " " + OWNER_CALL, word("0x0000000000000000000000000000000000000000"));
    List<ContractRead> reads =
        read(
            List.of(
                watch("contract:proxy", PROXY, ProxyKind.EIP1967),
                watch("contract:plain", PLAIN, ProxyKind.NONE)));
    assertThat(ok(reads.get(0)).owner()).isEmpty();
    assertThat(ok(reads.get(1)).owner()).contains("0x0000000000000000000000000000000000000000");
  }

  @Test
  void an_address_without_code_is_a_state_not_a_failure() {
    ContractState state =
        ok(read(List.of(watch("contract:gone", NOTHING, ProxyKind.EIP1967))).get(0));
    assertThat(state.codeHash()).isEmpty();
    assertThat(state.implementation()).isEmpty();
    assertThat(state.owner()).isEmpty();
  }

  @Test
  void a_beacon_proxy_reports_its_beacons_implementation_from_a_second_batch() {
    node.setStorage(PROXY, ContractStateReader.IMPLEMENTATION_SLOT, "0x" + "0".repeat(64));
    node.setStorage(PROXY, ContractStateReader.BEACON_SLOT, word(BEACON));
    node.calls.put(BEACON + " " + ContractStateReader.BEACON_IMPLEMENTATION_SELECTOR, word(IMPL));
    ContractState state =
        ok(read(List.of(watch("contract:proxy", PROXY, ProxyKind.EIP1967))).get(0));
    assertThat(state.beacon()).contains(BEACON);
    assertThat(state.implementation()).contains(IMPL);
    assertThat(node.httpRequests).hasValue(2);
  }

  @Test
  void a_slot_that_cannot_be_read_fails_that_contract_never_reads_as_empty() {
    node.failing.put("eth_getStorageAt", "header not found");
    List<ContractRead> reads =
        read(
            List.of(
                watch("contract:proxy", PROXY, ProxyKind.EIP1967),
                watch("contract:plain", PLAIN, ProxyKind.NONE)));
    assertThat(reads.get(0).state().failureIfAny())
        .get()
        .isInstanceOfSatisfying(
            ReadFailure.Unavailable.class,
            f ->
                assertThat(f.detail())
                    .contains("contract:proxy")
                    .contains("implementation slot")
                    .contains("header not found"));
    assertThat(reads.get(1).state()).isInstanceOf(Read.Ok.class);
  }

  @Test
  void an_owner_call_that_fails_in_transport_fails_the_contract() {
    node.failing.put("eth_call", "rate limited");
    assertThat(read(List.of(watch("contract:proxy", PROXY, ProxyKind.EIP1967))).get(0).state())
        .isInstanceOf(Read.Failed.class);
  }

  @Test
  void an_unreachable_chain_fails_every_contract_without_throwing() {
    node.httpStatus = 503;
    List<ContractRead> reads =
        read(
            List.of(
                watch("contract:proxy", PROXY, ProxyKind.EIP1967),
                watch("venue:snx", SNX, ProxyKind.SYNTHETIX)));
    assertThat(reads)
        .allSatisfy(
            r ->
                assertThat(r.state().failureIfAny())
                    .get()
                    .isInstanceOf(ReadFailure.Unavailable.class));
  }

  @Test
  void a_block_the_node_does_not_know_fails_every_contract() {
    List<ContractRead> reads =
        new ContractStateReader("arbitrum", web3j)
            .readAt(5000, List.of(watch("contract:proxy", PROXY, ProxyKind.EIP1967)));
    assertThat(reads.get(0).state().failureIfAny().orElseThrow().describe())
        .contains("block 5000 is not known");
  }

  @Test
  void large_watch_lists_are_cut_into_batches() {
    List<ContractRead> reads =
        new ContractStateReader("arbitrum", web3j, 4)
            .readAt(
                990,
                List.of(
                    watch("contract:proxy", PROXY, ProxyKind.EIP1967),
                    watch("venue:snx", SNX, ProxyKind.SYNTHETIX),
                    watch("contract:plain", PLAIN, ProxyKind.NONE)));
    // 1 block + 5 + 3 + 2 calls = 11 calls in batches of 4.
    assertThat(node.httpRequests).hasValue(3);
    assertThat(reads).allSatisfy(r -> assertThat(r.state()).isInstanceOf(Read.Ok.class));
  }

  @Test
  void nothing_to_read_sends_nothing() {
    assertThat(read(List.of())).isEmpty();
    assertThat(node.httpRequests).hasValue(0);
  }

  private static final String NOTHING = "0x4444444444444444444444444444444444444444";
  private static final String ODD_OWNER = "0x5555555555555555555555555555555555555555";

  private List<WatchedContract> everyKind() {
    node.code.put(ODD_OWNER, CODE);
    node.calls.put(ODD_OWNER + " " + OWNER_CALL, "0x" + "ff".repeat(32));
    return List.of(
        watch("contract:proxy", PROXY, ProxyKind.EIP1967),
        watch("venue:snx", SNX, ProxyKind.SYNTHETIX),
        watch("contract:plain", PLAIN, ProxyKind.NONE),
        watch("contract:gone", NOTHING, ProxyKind.NONE),
        watch("contract:odd", ODD_OWNER, ProxyKind.NONE));
  }

  private static List<Read<ContractState>> states(List<ContractRead> reads) {
    return reads.stream().map(ContractRead::state).toList();
  }

  private long count(String method) {
    return node.methods.stream().filter(method::equals).count();
  }

  @Test
  void the_code_probe_gives_the_states_eth_getCode_gives_in_one_eth_call_and_one_request() {
    List<WatchedContract> contracts = everyKind();
    List<Read<ContractState>> byCode = states(read(contracts));
    node.methods.clear();
    node.httpRequests.set(0);

    List<ContractRead> probed =
        new ContractStateReader("arbitrum", web3j)
            .probingCode(new CodeProbeSupport())
            .readAt(990, contracts);

    assertThat(states(probed)).isEqualTo(byCode);
    assertThat(ok(probed.get(0)).owner()).contains(OWNER);
    assertThat(ok(probed.get(0)).codeHash()).contains(Hash.sha3(CODE));
    assertThat(ok(probed.get(3)).codeHash()).isEmpty();
    assertThat(ok(probed.get(4)).owner()).isEmpty();
    assertThat(node.httpRequests).hasValue(1);
    assertThat(count("eth_call")).isEqualTo(1);
    assertThat(count("eth_getCode")).isZero();
  }

  @Test
  void a_node_that_refuses_a_call_without_to_gets_eth_getCode_from_then_on() {
    node.deployless = "refuse";
    List<WatchedContract> contracts = everyKind();
    CodeProbeSupport support = new CodeProbeSupport();
    ContractStateReader reader = new ContractStateReader("arbitrum", web3j).probingCode(support);

    List<ContractRead> first = reader.readAt(990, contracts);
    assertThat(support.refused()).isTrue();
    assertThat(support.refusal().orElseThrow()).contains("-32602").contains("'to'");
    assertThat(node.probes).hasValue(1);
    assertThat(count("eth_getCode")).isEqualTo(contracts.size());
    List<ContractRead> second = reader.readAt(990, contracts);

    assertThat(node.probes).as("the refusal is remembered").hasValue(1);
    assertThat(count("eth_getCode")).isEqualTo(2L * contracts.size());
    assertThat(states(first)).isEqualTo(states(second));
    assertThat(states(first)).allSatisfy(r -> assertThat(r).isInstanceOf(Read.Ok.class));
    assertThat(ok(first.get(0)).owner()).contains(OWNER);
    assertThat(ok(first.get(0)).codeHash()).contains(Hash.sha3(CODE));
  }

  @Test
  void a_refusal_expires_and_the_probe_is_tried_again_after_the_retry_period() {
    node.deployless = "refuse";
    List<WatchedContract> contracts = everyKind();
    MovableClock clock = new MovableClock(Instant.parse("2026-11-25T12:00:00Z"));
    CodeProbeSupport support = new CodeProbeSupport(clock, Duration.ofHours(1));
    ContractStateReader reader = new ContractStateReader("arbitrum", web3j).probingCode(support);

    reader.readAt(990, contracts);
    clock.advance(Duration.ofMinutes(59));
    reader.readAt(990, contracts);
    assertThat(node.probes).as("within the hour: eth_getCode only").hasValue(1);

    node.deployless = "probe";
    clock.advance(Duration.ofMinutes(1));
    assertThat(support.refused()).isFalse();
    List<ContractRead> reads = reader.readAt(990, contracts);
    assertThat(node.probes).as("the hour is up: the probe is asked again").hasValue(2);
    assertThat(count("eth_getCode")).isEqualTo(2L * contracts.size());
    assertThat(states(reads)).allSatisfy(r -> assertThat(r).isInstanceOf(Read.Ok.class));
  }

  @Test
  void a_node_that_drops_revert_data_gets_eth_getCode_and_loses_no_contract() {
    node.deployless = "strip";
    List<WatchedContract> contracts = everyKind();
    List<Read<ContractState>> byCode = states(read(contracts));
    CodeProbeSupport support = new CodeProbeSupport();
    List<ContractRead> reads =
        new ContractStateReader("arbitrum", web3j).probingCode(support).readAt(990, contracts);
    assertThat(states(reads)).isEqualTo(byCode);
    assertThat(support.refusal().orElseThrow()).contains("reverted without data");
  }

  @Test
  void a_probe_that_runs_out_of_gas_is_halved_until_it_fits_and_no_contract_is_lost() {
    node.probeGasCapAddresses = 1;
    List<WatchedContract> contracts = everyKind().subList(0, 3);
    List<ContractRead> reads =
        new ContractStateReader("arbitrum", web3j)
            .probingCode(new CodeProbeSupport())
            .readAt(990, contracts);
    assertThat(reads).allSatisfy(r -> assertThat(r.state()).isInstanceOf(Read.Ok.class));
    assertThat(ok(reads.get(0)).owner()).contains(OWNER);
    // 3 addresses, then 1 and 2, then the 2 as 1 and 1
    assertThat(node.probes).hasValue(5);
    assertThat(count("eth_getCode")).isZero();
  }

  @Test
  void probes_are_cut_at_the_most_addresses_one_call_carries() {
    List<WatchedContract> contracts = everyKind();
    List<ContractRead> reads =
        new ContractStateReader("arbitrum", web3j)
            .probingCode(new CodeProbeSupport(), 2)
            .readAt(990, contracts);
    assertThat(reads).allSatisfy(r -> assertThat(r.state()).isInstanceOf(Read.Ok.class));
    assertThat(node.probes).hasValue(3);
    assertThat(node.httpRequests).hasValue(1);
  }

  @Test
  void malformed_probe_data_fails_its_contracts_with_a_reason_not_a_stack_trace() {
    node.probeReturn = "0x1234";
    List<ContractRead> reads =
        new ContractStateReader("arbitrum", web3j)
            .probingCode(new CodeProbeSupport())
            .readAt(990, List.of(watch("contract:proxy", PROXY, ProxyKind.EIP1967)));
    assertThat(reads.get(0).state().failureIfAny().orElseThrow().describe())
        .contains("contract:proxy")
        .contains("code probe: expected 160 bytes for 1 addresses, got 2 bytes");
  }

  @Test
  void proxy_kinds_have_their_config_names() {
    assertThat(ProxyKind.fromConfigName("synthetix")).contains(ProxyKind.SYNTHETIX);
    assertThat(ProxyKind.fromConfigName("eip1967")).contains(ProxyKind.EIP1967);
    assertThat(ProxyKind.fromConfigName("none")).contains(ProxyKind.NONE);
    assertThat(ProxyKind.fromConfigName("uups")).isEqualTo(Optional.empty());
  }
}
