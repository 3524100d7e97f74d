package io.hedgewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.domain.Alert;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watched contracts are read while the markets are: a Hyperliquid venue and a chain's JSON-RPC
 * endpoint on loopback each hold their first request until the other has received one, so a check
 * that ran the two stages one after the other would find the first stage's request waiting out the
 * latch alone. No timing is asserted: only whether each saw the other start.
 */
class CheckerStagesConcurrencyTest {

  /** Far longer than the two stages need to reach their first request when they run at once. */
  private static final long LATCH_SECONDS = 20;

  @TempDir Path dir;

  private final CountDownLatch venueAsked = new CountDownLatch(1);
  private final CountDownLatch chainAsked = new CountDownLatch(1);
  private final AtomicReference<Boolean> venueSawChain = new AtomicReference<>();
  private final AtomicReference<Boolean> chainSawVenue = new AtomicReference<>();
  private MockWebServer venue;
  private MockWebServer chain;

  @BeforeEach
  void start() throws IOException {
    venue = new MockWebServer();
    venue.setDispatcher(holding(venueAsked, chainAsked, venueSawChain));
    venue.start();
    chain = new MockWebServer();
    chain.setDispatcher(holding(chainAsked, venueAsked, chainSawVenue));
    chain.start();
  }

  @AfterEach
  void stop() throws IOException {
    venue.shutdown();
    chain.shutdown();
  }

  /**
   * Answers every request with HTTP 400 (refused, so neither reader retries), the first only once
   * {@code other} was asked or the latch ran out; {@code saw} records which.
   */
  private static Dispatcher holding(
      CountDownLatch mine, CountDownLatch other, AtomicReference<Boolean> saw) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
        mine.countDown();
        if (saw.get() == null) {
          saw.compareAndSet(null, other.await(LATCH_SECONDS, TimeUnit.SECONDS));
        }
        return new MockResponse().setResponseCode(400).setBody("refused by the test");
      }
    };
  }

  private HedgewatchConfig config() {
    String yaml =
        "chains:\n"
            + "  c: { chainId: 1, rpcUrls: [\""
            + chain.url("/")
            + "\"] }\n"
            + "watch:\n"
            + "  vault: { chain: c, address: \"0x00000000000000000000000000000000000000aa\" }\n"
            + "venues:\n"
            + "  hl: { type: hyperliquid, baseUrl: \""
            + venue.url("/").toString().replaceAll("/$", "")
            + "\" }\n"
            + "markets:\n"
            + "  eth-perp-hl: { venue: hl, market: ETH }\n"
            + "storage: { url: \"jdbc:sqlite:"
            + dir.resolve("stages.db")
            + "\" }\n"
            + "rules:\n"
            + "  rpc.lag: { enabled: false }\n"
            + "  rpc.disagreement: { enabled: false }\n";
    LoadResult result = ConfigLoader.parse(yaml, dir.resolve("stages.yaml"), Map.of());
    assertThat(result).as("%s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  private CheckReport checkWithin(Function<HedgewatchConfig, Checker> checker) throws Exception {
    HedgewatchConfig config = config();
    return CompletableFuture.supplyAsync(() -> checker.apply(config).check())
        .get(3 * LATCH_SECONDS, TimeUnit.SECONDS);
  }

  private void assertRanAtOnceWithAlertsInSerialOrder(CheckReport report) {
    assertThat(venueSawChain.get())
        .as("the market venue's request saw the watched contracts' read start")
        .isTrue();
    assertThat(chainSawVenue.get())
        .as("the watched contracts' read saw the market venue's request start")
        .isTrue();
    List<Alert> alerts = report.alerts();
    // As a serial check gives them: the market's alerts, then the watched contracts' blind alert.
    assertThat(alerts).hasSizeGreaterThanOrEqualTo(2);
    assertThat(alerts.subList(0, alerts.size() - 1))
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.subject()).isEqualTo("market:eth-perp-hl"));
    Alert last = alerts.get(alerts.size() - 1);
    assertThat(last.rule()).isEqualTo("monitor.blind");
    assertThat(last.subject()).isEqualTo("chain:c");
    assertThat(last.message()).startsWith("cannot read the watched contracts of chain c: ");
    assertThat(report.markets()).hasSize(1);
    assertThat(report.contracts()).isEmpty();
  }

  @Test
  void check_reads_the_watched_contracts_while_the_markets_are_read_and_keeps_the_serial_order()
      throws Exception {
    assertRanAtOnceWithAlertsInSerialOrder(
        checkWithin(c -> new Checker(c, RpcRetryPolicy.DEFAULT, Clock.systemUTC())));
  }

  @Test
  void run_reads_the_watched_contracts_while_the_markets_are_read_on_its_kept_threads()
      throws Exception {
    Clock clock = Clock.systemUTC();
    try (ReadCadences cadences = ReadCadences.defaults(clock)) {
      assertRanAtOnceWithAlertsInSerialOrder(
          checkWithin(c -> new Checker(c, RpcRetryPolicy.DEFAULT, clock, cadences)));
    }
  }
}
