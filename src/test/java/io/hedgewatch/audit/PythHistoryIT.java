package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.testing.LogRangeLimitProxy;
import io.hedgewatch.testing.LogRangeLimitProxy.Range;
import io.hedgewatch.testing.LogRangeLimitProxy.Refusal;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Pyth history from the devnet Pyth contract's PriceFeedUpdate logs: 100 updates of one feed, each
 * followed by 60 empty blocks a second apart (about 6,000 blocks), read through a proxy that
 * records the eth_getLogs ranges and, in some tests, refuses wide ones as hosted providers do.
 */
class PythHistoryIT {

  private static final String FEED = "0x" + "5e".repeat(32);
  private static final int UPDATES = 100;

  private static Devnet devnet;
  private static final List<Long> PUBLISHED = new ArrayList<>();
  private static long block;

  @BeforeAll
  static void seed() {
    devnet = Devnet.start();
    for (int i = 0; i < UPDATES; i++) {
      long publishTime = devnet.anvil().latestBlockTimestamp();
      PUBLISHED.add(publishTime);
      devnet.ops().setPythPrice(FEED, price(i), conf(i), Devnet.PYTH_EXPO, publishTime);
      devnet.anvil().rpc("anvil_mine", "0x3c", "0x1");
    }
    block = devnet.anvil().blockNumber();
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
  }

  private static long price(int i) {
    return 300_000_000_000L + i * 12_345_678L;
  }

  private static long conf(int i) {
    return 100_000_000L + i;
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

  private static Instant published(int i) {
    return Instant.ofEpochSecond(PUBLISHED.get(i));
  }

  private static void assertUpdates20To79(List<FeedUpdate> updates) {
    assertThat(updates).hasSize(60);
    for (int k = 0; k < 60; k++) {
      int i = 20 + k;
      FeedUpdate u = updates.get(k);
      assertThat(u.at()).as("update %d", i).isEqualTo(published(i));
      assertThat(u.raw().longValueExact()).as("update %d", i).isEqualTo(price(i));
      assertThat(u.price()).isEqualByComparingTo(BigDecimal.valueOf(price(i), 8));
      assertThat(u.confidence())
          .hasValueSatisfying(
              c -> assertThat(c).isEqualByComparingTo(BigDecimal.valueOf(conf(i), 8)));
      assertThat(u.phaseId()).isZero();
      assertThat(u.complete()).isTrue();
      assertThat(u.id()).matches("\\d+:\\d+");
    }
  }

  /** The ranges cover one stretch of blocks without gap or overlap. */
  private static void assertContiguous(List<Range> ranges) {
    for (int k = 1; k < ranges.size(); k++) {
      assertThat(ranges.get(k).from()).isEqualTo(ranges.get(k - 1).to() + 1);
    }
  }

  @Test
  void updates_published_in_the_window_are_read_in_chunks_of_the_configured_size()
      throws Exception {
    try (LogRangeLimitProxy proxy =
            new LogRangeLimitProxy(devnet.rpcUrl(), Long.MAX_VALUE, Refusal.INFURA_RESULTS);
        Web3jChainReader reader = reader(proxy.url())) {
      List<long[]> progress = new ArrayList<>();
      PythHistory history = new PythHistory(reader, reader, 2_000, Duration.ofSeconds(60));
      List<FeedUpdate> updates =
          history.read(
              devnet.contracts().pyth(),
              FEED,
              published(20),
              published(80),
              block,
              (scanned, total) -> progress.add(new long[] {scanned, total}));

      assertUpdates20To79(updates);
      List<Range> ranges = proxy.ranges();
      assertThat(proxy.refused()).isZero();
      assertContiguous(ranges);
      assertThat(ranges).allMatch(r -> r.blocks() <= 2_000);
      long scanned = ranges.stream().mapToLong(Range::blocks).sum();
      // 60 updates 61 blocks apart, plus the landing lag: about 3,700 blocks in two chunks
      assertThat(scanned).isBetween(60L * 61, 62L * 61);
      assertThat(ranges).hasSize((int) ((scanned + 1_999) / 2_000));
      assertThat(progress.get(progress.size() - 1)).containsExactly(scanned, scanned);
      assertThat(history.lastChunkBlocks()).isEqualTo(2_000);
    }
  }

  @ParameterizedTest
  @EnumSource(Refusal.class)
  void a_provider_that_refuses_wide_ranges_gets_halved_chunks_and_the_same_updates(Refusal refusal)
      throws Exception {
    try (LogRangeLimitProxy proxy = new LogRangeLimitProxy(devnet.rpcUrl(), 300, refusal);
        Web3jChainReader reader = reader(proxy.url())) {
      PythHistory history = new PythHistory(reader, reader, 2_000, Duration.ofSeconds(60));
      List<FeedUpdate> updates =
          history.read(
              devnet.contracts().pyth(),
              FEED,
              published(20),
              published(80),
              block,
              PythHistory.Progress.NONE);

      assertUpdates20To79(updates);
      // 2,000, 1,000 and 500 refused once each (a refusal is not retried), then 250 passes
      assertThat(proxy.refused()).isEqualTo(3);
      assertThat(proxy.ranges().subList(0, 3))
          .extracting(Range::blocks)
          .containsExactly(2_000L, 1_000L, 500L);
      List<Range> passed = proxy.ranges().subList(3, proxy.ranges().size());
      assertContiguous(passed);
      assertThat(passed.get(0).from()).isEqualTo(proxy.ranges().get(0).from());
      assertThat(passed).allMatch(r -> r.blocks() <= 250);
      assertThat(history.lastChunkBlocks()).isEqualTo(250);
    }
  }

  @Test
  void a_provider_that_refuses_even_one_block_is_reported_not_looped_on() throws Exception {
    try (LogRangeLimitProxy proxy = new LogRangeLimitProxy(devnet.rpcUrl(), 0, Refusal.ALCHEMY);
        Web3jChainReader reader = reader(proxy.url())) {
      PythHistory history = new PythHistory(reader, reader, 2_000, Duration.ofSeconds(60));
      assertThatThrownBy(
              () ->
                  history.read(
                      devnet.contracts().pyth(),
                      FEED,
                      published(20),
                      published(80),
                      block,
                      PythHistory.Progress.NONE))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("refuses even a one-block range")
          .hasMessageContaining("Log response size exceeded");
      // 2,000, 1,000, 500, 250, 125, 62, 31, 15, 7, 3, 1: every size refused once
      assertThat(proxy.refused()).isEqualTo(11);
      assertThat(proxy.ranges()).extracting(Range::blocks).endsWith(3L, 1L);
    }
  }
}
