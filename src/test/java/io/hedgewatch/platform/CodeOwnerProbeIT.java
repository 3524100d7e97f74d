package io.hedgewatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.FailoverRpcService;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.devnet.Anvil;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.domain.ContractState;
import io.hedgewatch.domain.Read;
import io.hedgewatch.platform.ContractStateReader.ContractRead;
import io.hedgewatch.risk.PlatformExpectations;
import io.hedgewatch.testing.JsonRpcProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;

/**
 * {@link CodeOwnerProbe} on a real EVM: its code hashes are keccak-256 of what {@code eth_getCode}
 * returns, its owners are what {@code owner()} answers, for every kind of address a watch list can
 * hold.
 */
class CodeOwnerProbeIT {

  private static final String NOWHERE = "0x00000000000000000000000000000000000dead1";
  private static final String STOPS = "0x00000000000000000000000000000000000a11a1";
  private static final String REVERTS = "0x00000000000000000000000000000000000a11a2";
  private static final String NOT_AN_ADDRESS = "0x00000000000000000000000000000000000a11a3";
  private static final String BURNS_GAS = "0x00000000000000000000000000000000000a11a4";

  /** INVALID: a call spends all the gas it is given. */
  private static final String INVALID = "0xfe";

  private static Devnet devnet;
  private static DevnetContracts c;
  private static Anvil anvil;

  private String snapshot;
  private JsonRpcProxy counting;
  private Web3j web3j;

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
  void connect() throws java.io.IOException {
    snapshot = anvil.snapshot();
    // STOP: owner() returns nothing; REVERT; a word of 0xff bytes; INVALID.
    anvil.setCode(STOPS, "0x00");
    anvil.setCode(REVERTS, "0x60006000fd");
    anvil.setCode(NOT_AN_ADDRESS, "0x7f" + "ff".repeat(32) + "60005260206000f3");
    anvil.setCode(BURNS_GAS, INVALID);
    anvil.mine();
    counting = new JsonRpcProxy(devnet.rpcUrl());
    web3j =
        Web3j.build(
            new FailoverRpcService(
                Devnet.CHAIN_ID_KEY,
                List.of(counting.url()),
                Duration.ofSeconds(30),
                RpcRetryPolicy.DEFAULT));
  }

  @AfterEach
  void disconnect() {
    web3j.shutdown();
    counting.close();
    anvil.revert(snapshot);
  }

  private static WatchedContract watch(String subject, String address) {
    return new WatchedContract(subject, address, ProxyKind.NONE, PlatformExpectations.NONE);
  }

  private static ContractState ok(ContractRead read) {
    assertThat(read.state()).as(read.watch().subject()).isInstanceOf(Read.Ok.class);
    return read.state().asOptional().orElseThrow();
  }

  private long count(String method) {
    return counting.methodLog().stream().filter(method::equals).count();
  }

  @Test
  void code_hashes_are_keccak_of_eth_getCode_and_owners_are_owner_for_every_kind_of_address() {
    List<WatchedContract> contracts =
        List.of(
            new WatchedContract(
                "contract:proxy",
                c.upgradeableProxy(),
                ProxyKind.EIP1967,
                PlatformExpectations.NONE),
            watch("feed:eth-usd", c.ethUsdProxy()),
            watch("contract:eoa", anvil.accounts().get(0)),
            watch("contract:nowhere", NOWHERE),
            watch("contract:stops", STOPS),
            watch("contract:reverts", REVERTS),
            watch("contract:not-an-address", NOT_AN_ADDRESS),
            watch("contract:burns-gas", BURNS_GAS));
    long block = anvil.blockNumber();
    counting.reset();
    CodeProbeSupport support = new CodeProbeSupport();
    List<ContractRead> probed =
        new ContractStateReader(Devnet.CHAIN_ID_KEY, web3j)
            .probingCode(support)
            .readAt(block, contracts);

    assertThat(support.refused()).as("anvil runs calls without to").isFalse();
    assertThat(count("eth_call")).isEqualTo(1);
    assertThat(count("eth_getCode")).isZero();
    for (ContractRead read : probed) {
      String code = anvil.getCode(read.watch().address());
      assertThat(ok(read).codeHash())
          .as(read.watch().subject())
          .isEqualTo("0x".equals(code) ? Optional.empty() : Optional.of(Hash.sha3(code)));
    }
    assertThat(ok(probed.get(0)).codeHash()).isPresent();
    assertThat(ok(probed.get(0)).owner()).contains(c.deployer());
    assertThat(ok(probed.get(1)).owner()).contains(c.deployer());
    assertThat(ok(probed.get(2)).codeHash()).as("an account without code").isEmpty();
    assertThat(ok(probed.get(3)).codeHash()).as("an account that does not exist").isEmpty();
    assertThat(probed.subList(2, 8))
        .allSatisfy(r -> assertThat(ok(r).owner()).as(r.watch().subject()).isEmpty());

    // Through the multicall the monitor used before, every state is the same.
    List<ContractRead> byCode =
        new ContractStateReader(Devnet.CHAIN_ID_KEY, web3j).readAt(block, contracts);
    for (int i = 0; i < contracts.size(); i++) {
      if (!contracts.get(i).subject().equals("contract:burns-gas")) {
        assertThat(probed.get(i).state()).isEqualTo(byCode.get(i).state());
      }
    }
  }

  @Test
  void a_probe_beyond_the_nodes_gas_cap_is_halved_and_no_contract_is_lost() {
    // Each INVALID owner() spends the probe's 50,000 gas: 700 need 35M, above anvil's 30M cap.
    List<WatchedContract> contracts = new ArrayList<>();
    for (int i = 0; i < 700; i++) {
      String address = String.format("0x%040x", 0xb0000L + i);
      anvil.setCode(address, INVALID);
      contracts.add(watch("contract:burner-" + i, address));
    }
    anvil.mine();
    counting.reset();

    List<ContractRead> reads =
        new ContractStateReader(Devnet.CHAIN_ID_KEY, web3j)
            .probingCode(new CodeProbeSupport())
            .readAt(anvil.blockNumber(), contracts);

    assertThat(reads)
        .allSatisfy(
            r -> {
              assertThat(ok(r).codeHash()).contains(Hash.sha3(INVALID));
              assertThat(ok(r).owner()).isEmpty();
            });
    assertThat(count("eth_call")).as("the 700, then two halves").isEqualTo(3);
    assertThat(count("eth_getCode")).isZero();
  }
}
