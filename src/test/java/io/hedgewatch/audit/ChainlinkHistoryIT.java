package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.oracle.ChainlinkAbi;
import io.hedgewatch.testing.JsonRpcProxy;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The walk over the devnet ETH / USD proxy seeded with 3,000 rounds a minute apart over two phases
 * (1,500 on the aggregator it starts with, 1,500 on a second one confirmed after them), with one
 * round of the first phase made missing and one never-answered round planted in the second; the
 * eth_calls counted at a proxy in front of anvil.
 */
class ChainlinkHistoryIT {

  private static final int PER_PHASE = 1_500;
  private static final long STEP = 60;

  private static Devnet devnet;
  private static DevnetContracts c;
  private static String proxyAddress;
  private static long t0;
  private static int firstPhase;
  private static long firstPhaseBase; // the first aggregator's round id before seeding
  private static long block;

  /** Seeded rounds in time order: index i answered at t0 + i * STEP. */
  private static final List<BigInteger> ANSWERS = new ArrayList<>();

  /** The never-answered round planted after seeded round PLANTED_AFTER (in phase two). */
  private static final int PLANTED_AFTER = 2_200;

  /** Seeded round made missing (getRoundData reverts) in phase one. */
  private static final int MISSING = 1_200;

  private static String firstAggregator;

  @BeforeAll
  static void seed() throws Exception {
    devnet = Devnet.start();
    c = devnet.contracts();
    proxyAddress = c.ethUsdProxy();
    t0 = devnet.anvil().latestBlockTimestamp() + 10_000;
    try (Web3jChainReader reader = reader(devnet.rpcUrl())) {
      long head = reader.blockNumber();
      List<CallOutcome> o =
          reader
              .readAt(
                  head,
                  List.of(
                      new ContractCall(proxyAddress, ChainlinkAbi.PHASE_ID),
                      new ContractCall(
                          devnet.ops().aggregatorBehind(proxyAddress), ChainlinkAbi.LATEST_ROUND)))
              .outcomes();
      firstAggregator = devnet.ops().aggregatorBehind(proxyAddress);
      firstPhase = ChainlinkAbi.decodePhaseId(o.get(0), proxyAddress).asOptional().orElseThrow();
      firstPhaseBase =
          ChainlinkAbi.decodeUint256(o.get(1), "aggregator").asOptional().orElseThrow().longValue();
    }
    for (int i = 0; i < 2 * PER_PHASE; i++) {
      ANSWERS.add(
          BigInteger.valueOf(2_000_00000000L)
              .add(BigInteger.valueOf(i * 1_000_003L % 50_000_000_000L)));
    }
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < 2 * PER_PHASE; i++) {
      times.add(t0 + i * STEP);
    }
    devnet
        .ops()
        .postRounds(proxyAddress, ANSWERS.subList(0, PER_PHASE), times.subList(0, PER_PHASE));
    String second =
        devnet
            .ops()
            .deployAggregator(8, "ETH / USD", Devnet.ETH_USD_MIN_ANSWER, Devnet.ETH_USD_MAX_ANSWER);
    devnet.ops().proposeAndConfirmAggregator(proxyAddress, second);
    devnet
        .ops()
        .postRounds(
            proxyAddress,
            ANSWERS.subList(PER_PHASE, PLANTED_AFTER + 1),
            times.subList(PER_PHASE, PLANTED_AFTER + 1));
    devnet.ops().postRawRound(proxyAddress, BigInteger.ZERO, 0, 0, BigInteger.ZERO);
    devnet
        .ops()
        .postRounds(
            proxyAddress,
            ANSWERS.subList(PLANTED_AFTER + 1, 2 * PER_PHASE),
            times.subList(PLANTED_AFTER + 1, 2 * PER_PHASE));
    knockOut(firstPhaseBase + MISSING + 1);
    block = devnet.anvil().blockNumber();
    try (Web3jChainReader reader = reader(devnet.rpcUrl())) {
      // the knock-out must have worked, or the test below would prove nothing about missing rounds
      assertThat(
              reader
                  .readAt(
                      block,
                      List.of(
                          new ContractCall(
                              firstAggregator,
                              ChainlinkAbi.getRoundData(
                                  BigInteger.valueOf(firstPhaseBase + MISSING + 1)))))
                  .outcomes()
                  .get(0))
          .isInstanceOf(CallOutcome.Reverted.class);
    }
  }

  /**
   * Makes a round of the first aggregator missing, as a real aggregator presents a round it does
   * not hold: clears its {@code exists} flag (the devnet aggregator's storage: owner and
   * latestRoundId share slot 1, the rounds mapping is slot 2, and a Round's fourth word packs
   * answeredInRound and exists), so that getRoundData reverts "No data present".
   */
  private static void knockOut(long aggregatorRound) {
    byte[] key = new byte[64];
    byte[] round = Numeric.toBytesPadded(BigInteger.valueOf(aggregatorRound), 32);
    System.arraycopy(round, 0, key, 0, 32);
    key[63] = 2;
    BigInteger base = Numeric.toBigInt(Hash.sha3(key));
    devnet
        .anvil()
        .rpc(
            "anvil_setStorageAt",
            firstAggregator,
            Numeric.toHexStringWithPrefixZeroPadded(base.add(BigInteger.valueOf(3)), 64),
            Numeric.toHexStringWithPrefixZeroPadded(BigInteger.ZERO, 64));
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  private static Web3jChainReader reader(String url) throws Exception {
    return Web3jChainReader.connect(
        new ChainConfig(
            "devnet",
            devnet.chainId(),
            List.of(url),
            Devnet.CANONICAL_MULTICALL3,
            Optional.empty(),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10)),
        RpcRetryPolicy.DEFAULT);
  }

  /** The proxy round id of seeded round i (0-based, in time order). */
  private static String proxyRoundId(int i) {
    if (i < PER_PHASE) {
      return BigInteger.valueOf(firstPhase)
          .shiftLeft(64)
          .add(BigInteger.valueOf(firstPhaseBase + i + 1))
          .toString();
    }
    long aggregatorRound = i - PER_PHASE + 1 + (i > PLANTED_AFTER ? 1 : 0);
    return BigInteger.valueOf(firstPhase + 1)
        .shiftLeft(64)
        .add(BigInteger.valueOf(aggregatorRound))
        .toString();
  }

  private static Instant at(int i) {
    return Instant.ofEpochSecond(t0 + i * STEP);
  }

  @Test
  void the_walk_returns_exactly_the_rounds_in_from_inclusive_to_exclusive_across_both_phases()
      throws Exception {
    try (Web3jChainReader reader = reader(devnet.rpcUrl())) {
      List<long[]> progress = new ArrayList<>();
      List<FeedUpdate> rounds =
          new ChainlinkHistory(reader)
              .walk(
                  proxyAddress,
                  at(1_000),
                  at(2_600),
                  block,
                  (read, expected) -> progress.add(new long[] {read, expected}));

      // 1,600 seeded rounds and the planted one, which falls after round 2,200 (its last answer)
      assertThat(rounds).hasSize(1_601);
      int k = 0;
      for (int i = 1_000; i < 2_600; i++) {
        FeedUpdate u = rounds.get(k++);
        assertThat(u.id()).as("round %d", i).isEqualTo(proxyRoundId(i));
        if (i == MISSING) {
          // missing: kept, unpriced, at the time of the answered round before it
          assertThat(u.complete()).isFalse();
          assertThat(u.raw()).isZero();
          assertThat(u.at()).isEqualTo(at(MISSING - 1));
          assertThat(u.phaseId()).isEqualTo(firstPhase);
          continue;
        }
        assertThat(u.at()).as("round %d", i).isEqualTo(at(i));
        assertThat(u.raw()).as("round %d", i).isEqualTo(ANSWERS.get(i));
        assertThat(u.price()).isEqualByComparingTo(new BigDecimal(ANSWERS.get(i), 8));
        assertThat(u.phaseId()).isEqualTo(i < PER_PHASE ? firstPhase : firstPhase + 1);
        assertThat(u.complete()).isTrue();
        assertThat(u.confidence()).isEmpty();
        if (i == PLANTED_AFTER) {
          FeedUpdate planted = rounds.get(k++);
          assertThat(planted.complete()).isFalse();
          assertThat(planted.at()).isEqualTo(at(PLANTED_AFTER));
          assertThat(planted.phaseId()).isEqualTo(firstPhase + 1);
          assertThat(planted.id())
              .isEqualTo(
                  BigInteger.valueOf(firstPhase + 1)
                      .shiftLeft(64)
                      .add(BigInteger.valueOf(PLANTED_AFTER - PER_PHASE + 2))
                      .toString());
        }
      }
      assertThat(progress.get(0)).containsExactly(0, 1_601);
      assertThat(progress.get(progress.size() - 1)).containsExactly(1_601, 1_601);
    }
  }

  @Test
  void a_window_boundary_on_a_round_time_includes_it_at_from_and_excludes_it_at_to()
      throws Exception {
    try (Web3jChainReader reader = reader(devnet.rpcUrl())) {
      ChainlinkHistory history = new ChainlinkHistory(reader, 50);
      List<FeedUpdate> one =
          history.walk(proxyAddress, at(1_499), at(1_500), block, ChainlinkHistory.Progress.NONE);
      assertThat(one).extracting(FeedUpdate::id).containsExactly(proxyRoundId(1_499));
      List<FeedUpdate> straddling =
          history.walk(
              proxyAddress,
              at(1_499).plusMillis(1),
              at(1_501).plusSeconds(1),
              block,
              ChainlinkHistory.Progress.NONE);
      assertThat(straddling)
          .extracting(FeedUpdate::id)
          .containsExactly(proxyRoundId(1_500), proxyRoundId(1_501));
      // the rounds the devnet started with are hours before t0: only seeded round 0 is here
      assertThat(history.walk(proxyAddress, at(-100), at(1), block, ChainlinkHistory.Progress.NONE))
          .extracting(FeedUpdate::id)
          .containsExactly(proxyRoundId(0));
      assertThat(
              history.walk(
                  proxyAddress, at(3_000), at(4_000), block, ChainlinkHistory.Progress.NONE))
          .isEmpty();
    }
  }

  @Test
  void the_walk_costs_a_few_eth_calls_for_the_search_plus_one_per_batch_of_rounds()
      throws Exception {
    try (JsonRpcProxy counter = new JsonRpcProxy(devnet.rpcUrl());
        Web3jChainReader reader = reader(counter.url())) {
      for (int batch : new int[] {500, 100}) {
        counter.reset();
        List<FeedUpdate> all =
            new ChainlinkHistory(reader, batch)
                .walk(proxyAddress, at(0), at(3_000), block, ChainlinkHistory.Progress.NONE);
        assertThat(all).hasSize(3_001);
        int reads = (3_001 + batch - 1) / batch;
        // phaseId, phaseAggregators, latestRound + decimals: 3; the search over two phases of
        // 1,500: a batch spreads its probes, so a few steps, well under log2(1,500) = 11
        int search = counter.calls("eth_call") - 3 - reads;
        assertThat(search).as("batch %d", batch).isBetween(1, 4);
        assertThat(counter.methodLog()).containsOnly("eth_call");
      }
    }
  }
}
