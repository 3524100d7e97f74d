package io.hedgewatch.bench;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.api.ApiMetrics;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.RpcTraffic;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.monitor.Checker;
import io.hedgewatch.monitor.CycleStages;
import io.hedgewatch.monitor.ReadCadences;
import io.hedgewatch.service.MonitorService;
import io.hedgewatch.store.Store;
import io.hedgewatch.store.StoreSettings;
import io.hedgewatch.testing.DistinctFeeds;
import io.hedgewatch.testing.JsonRpcProxy;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.http.HttpService;

/**
 * The issue-9 end-to-end benchmark on the devnet, not a test. For each feed count (default 10, 100
 * and 1,000: the devnet's 4 feeds plus distinct one-round aggregators; its 4 on-chain markets and
 * the Synthetix and GMX positions, all the devnet offers):
 *
 * <ol>
 *   <li>a steady cycle's JSON-RPC cost (the third {@code Checker.check}), counted at a proxy, and
 *       the naive baseline in the same run: every value of that cycle's Multicall3 batches sent as
 *       its own {@code eth_call} through a plain web3j client and a second counting proxy;
 *   <li>start-up: from loading the config to the service's first complete cycle;
 *   <li>block-to-alert latency: blocks that move ETH / USD 3 % away from its reference and back
 *       ({@code oracle.drift} opens and resolves), timed until the service's event listener sees
 *       the event, split into the head poll's wait, the RPC time of the cycle and the rest;
 *   <li>memory: cycles back to back for up to the soak time or 720 cycles, then RSS and heap.
 * </ol>
 *
 * <p>Run: {@code mvn -B -ntp -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.hedgewatch.bench.MonitorBench [-Dexec.args="10,100,1000 50 120"]} (feed
 * counts, latency blocks, soak seconds; see docs/benchmarks.md).
 */
public final class MonitorBench {

  private static final String AGGREGATE3 =
      Hash.sha3String("aggregate3((address,bool,bytes)[])").substring(0, 10);
  private static final int HOUR_OF_CYCLES = 720;

  /** The devnet's Synthetix and GMX shorts, as a config section. */
  static final String POSITIONS =
      "\npositions:\n"
          + "  snx-short: { market: eth-perp-snx, account: \"1001\", hedges: { asset: ETH,"
          + " amount: 5 } }\n"
          + "  gmx-short: { market: eth-perp-gmx, account:"
          + " \"0x2222222222222222222222222222222222222222/short\", hedges: { asset: ETH,"
          + " amount: 2 } }\n";

  private MonitorBench() {}

  public static void main(String[] args) throws Exception {
    // The devnet's JDK HTTP servers (simulated venues, the counting proxies) leave Nagle's
    // algorithm
    // on unless told: their small writes then wait on loopback's 40 ms delayed ACK, a cost of the
    // test servers that real venues and nodes do not have. Off for the bench only: the fault
    // injection ITs' venue tests are paced on the servers as they are.
    System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    long jvmToMain = ManagementFactory.getRuntimeMXBean().getUptime();
    int[] feedCounts =
        Arrays.stream((args.length > 0 ? args[0] : "10,100,1000").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    int soakSeconds = args.length > 2 ? Integer.parseInt(args[2]) : 120;
    Path dir = Files.createTempDirectory("hedgewatch-monitor-bench");
    System.out.printf(Locale.ROOT, "JVM start to main: %d ms%n", jvmToMain);
    try (Devnet devnet = Devnet.start()) {
      int most = Arrays.stream(feedCounts).max().orElse(4);
      long deployStart = System.nanoTime();
      List<String> extras = DistinctFeeds.configLines(devnet, Math.max(0, most - 4));
      System.out.printf(
          Locale.ROOT,
          "deployed %d aggregators in %.1f s%n",
          extras.size(),
          (System.nanoTime() - deployStart) / 1e9);
      for (int n : feedCounts) {
        String more = String.join("", extras.subList(0, Math.max(0, n - 4)));
        System.out.printf(Locale.ROOT, "%n== %d feeds ==%n", n);
        try (JsonRpcProxy proxy = new JsonRpcProxy(devnet.rpcUrl())) {
          Path file = config(devnet, dir.resolve("bench-" + n + ".yaml"), proxy, more);
          cycleCost(devnet, proxy, load(file));
          proxy.reset();
          service(devnet, proxy, file, blocks, soakSeconds);
        }
      }
    }
  }

  /**
   * The devnet's config through {@code proxy} with more feeds and the two positions, its head
   * polled every 100 ms (the devnet's 1 s would dominate the block-to-alert figure).
   */
  private static Path config(Devnet devnet, Path file, JsonRpcProxy proxy, String moreFeeds)
      throws IOException {
    devnet.writeConfig(file);
    String yaml =
        Files.readString(file)
            .replace("\"" + devnet.rpcUrl() + "\"", "\"" + proxy.url() + "\"")
            .replace("pollInterval: 1s", "pollInterval: 100ms");
    Files.writeString(file, yaml + moreFeeds + POSITIONS);
    return file;
  }

  private static HedgewatchConfig load(Path file) {
    LoadResult result = ConfigLoader.load(file);
    if (!(result instanceof LoadResult.Loaded loaded)) {
      throw new IllegalStateException("the bench config does not load: " + result);
    }
    return loaded.config();
  }

  /** The third cycle's JSON-RPC traffic, and the naive baseline for the same reads. */
  private static void cycleCost(Devnet devnet, JsonRpcProxy proxy, HedgewatchConfig config)
      throws IOException {
    Clock clock = Clock.systemUTC();
    try (ReadCadences cadences = ReadCadences.defaults(clock)) {
      Checker checker = new Checker(config, RpcRetryPolicy.DEFAULT, clock, cadences);
      for (int i = 0; i < 2; i++) {
        checker.check();
        devnet.anvil().mine();
      }
      proxy.reset();
      proxy.keepEthCalls(true);
      ClientWait before = ClientWait.now();
      long started = System.nanoTime();
      checker.check();
      long took = System.nanoTime() - started;
      ClientWait after = ClientWait.now();
      proxy.keepEthCalls(false);
      List<JsonNode> calls = proxy.ethCallParams();
      System.out.printf(
          Locale.ROOT,
          "hedgewatch steady cycle: %d HTTP requests, %d JSON-RPC calls, %d eth_call, %d B up,"
              + " %d B down, %.0f ms (RPC %.0f ms at the proxy, %.0f ms of it upstream; client"
              + " waiting %.0f ms, %.0f ms summed over exchanges); %s%n",
          proxy.httpRequests(),
          proxy.totalCalls(),
          proxy.calls("eth_call"),
          proxy.requestBytes(),
          proxy.responseBytes(),
          took / 1e6,
          proxy.exchangeNanos() / 1e6,
          proxy.upstreamNanos() / 1e6,
          (after.busy() - before.busy()) / 1e6,
          (after.sum() - before.sum()) / 1e6,
          histogram(proxy.methodLog()));
      proxy
          .bytesByRequest()
          .forEach(
              (kind, bytes) ->
                  System.out.printf(
                      Locale.ROOT,
                      "  %s requests: %d B up, %d B down%n",
                      kind,
                      bytes[0],
                      bytes[1]));
      naive(devnet, calls);
    }
  }

  private static java.util.Map<String, Integer> histogram(List<String> methods) {
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    methods.forEach(m -> counts.merge(m, 1, Integer::sum));
    return counts;
  }

  /** Every value of {@code calls} (Multicall3 batches opened) read with its own eth_call. */
  private static void naive(Devnet devnet, List<JsonNode> calls) throws IOException {
    try (JsonRpcProxy naive = new JsonRpcProxy(devnet.rpcUrl())) {
      Web3j web3j = Web3j.build(new HttpService(naive.url()));
      try {
        int values = 0;
        for (JsonNode params : calls) {
          JsonNode tx = params.path(0);
          String to = tx.path("to").asText();
          String data = tx.path("data").asText(tx.path("input").asText());
          DefaultBlockParameter block =
              DefaultBlockParameter.valueOf(
                  new BigInteger(params.path(1).asText().substring(2), 16));
          List<String[]> reads =
              data.startsWith(AGGREGATE3)
                  ? decodeAggregate3(data)
                  : Collections.singletonList(new String[] {to, data});
          for (String[] read : reads) {
            web3j
                .ethCall(Transaction.createEthCallTransaction(null, read[0], read[1]), block)
                .send();
            values++;
          }
        }
        System.out.printf(
            Locale.ROOT,
            "naive: %d values, %d HTTP requests, %d eth_call, %d B up, %d B down, RPC %.0f ms%n",
            values,
            naive.httpRequests(),
            naive.calls("eth_call"),
            naive.requestBytes(),
            naive.responseBytes(),
            naive.exchangeNanos() / 1e6);
      } finally {
        web3j.shutdown();
      }
    }
  }

  /** The (target, callData) pairs of an {@code aggregate3((address,bool,bytes)[])} call's input. */
  static List<String[]> decodeAggregate3(String input) {
    String hex = input.substring(10);
    int array = word(hex, 0).intValueExact() * 2;
    int n = word(hex, array).intValueExact();
    int items = array + 64;
    List<String[]> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int item = items + word(hex, items + i * 64).intValueExact() * 2;
      String target = "0x" + hex.substring(item + 24, item + 64);
      int bytes = item + word(hex, item + 128).intValueExact() * 2;
      int length = word(hex, bytes).intValueExact() * 2;
      out.add(new String[] {target, "0x" + hex.substring(bytes + 64, bytes + 64 + length)});
    }
    return out;
  }

  private static BigInteger word(String hex, int at) {
    return new BigInteger(hex.substring(at, at + 64), 16);
  }

  /**
   * One cycle as the service ran it: when it started, the proxy's RPC time then, the client's own
   * JSON-RPC wait then (every chain's failover service, {@link RpcTraffic}), and every stage
   * timer's total then (nanoseconds, in {@link CycleStages.Stage} order).
   */
  private record CycleStart(long nanos, long rpcNanos, ClientWait client, double[] stages) {}

  /** An alert event as the listener heard it, with the same readings. */
  private record Heard(long nanos, long rpcNanos, ClientWait client, double[] stages) {}

  /**
   * The client's JSON-RPC wait so far: {@code busy}, the wall time with at least one exchange
   * outstanding (what can be subtracted from a span when stages read at once), and {@code sum}, the
   * exchanges' waits added up (larger when they overlap).
   */
  private record ClientWait(long busy, long sum) {
    static ClientWait now() {
      return new ClientWait(RpcTraffic.busyNanos(), RpcTraffic.waitNanos());
    }
  }

  /** Every stage timer's total time so far, in nanoseconds. */
  private static double[] stageTotals(PrometheusMeterRegistry registry) {
    CycleStages.Stage[] all = CycleStages.Stage.values();
    double[] totals = new double[all.length];
    for (int i = 0; i < all.length; i++) {
      Timer timer = registry.find(CycleStages.METRIC).tag("stage", all[i].tag()).timer();
      totals[i] = timer == null ? 0 : timer.totalTime(TimeUnit.NANOSECONDS);
    }
    return totals;
  }

  private static void service(
      Devnet devnet, JsonRpcProxy proxy, Path file, int blocks, int soakSeconds) throws Exception {
    Clock clock = Clock.systemUTC();
    List<CycleStart> starts = Collections.synchronizedList(new ArrayList<>());
    BlockingQueue<Heard> alerts = new LinkedBlockingQueue<>();
    System.out.printf(Locale.ROOT, "RSS before the service: %s%n", vmRss());
    long begin = System.nanoTime();
    HedgewatchConfig config = load(file);
    PrometheusMeterRegistry registry = ApiMetrics.newRegistry();
    try (Store store = Store.open(StoreSettings.of(config.storage().url()), clock);
        ReadCadences cadences = ReadCadences.defaults(clock).withMetrics(registry)) {
      Checker checker = new Checker(config, RpcRetryPolicy.DEFAULT, clock, cadences);
      MonitorService service =
          MonitorService.builder(config)
              .evaluation(
                  () -> {
                    starts.add(
                        new CycleStart(
                            System.nanoTime(),
                            proxy.exchangeNanos(),
                            ClientWait.now(),
                            stageTotals(registry)));
                    return checker.check();
                  })
              .headsOverRpc(RpcRetryPolicy.DEFAULT)
              .store(store, store)
              .observations(store)
              .clock(clock)
              .metrics(registry)
              .build();
      try (AutoCloseable subscription =
          service.subscribe(
              e -> {
                if (e.rule().equals("oracle.drift") && e.subject().equals("feed:eth-usd")) {
                  alerts.add(
                      new Heard(
                          System.nanoTime(),
                          proxy.exchangeNanos(),
                          ClientWait.now(),
                          stageTotals(registry)));
                }
              })) {
        service.start();
        await()
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(2))
            .until(() -> service.cyclesCompleted() >= 1);
        System.out.printf(
            Locale.ROOT,
            "start-up (config load to first complete cycle): %.0f ms%n",
            (System.nanoTime() - begin) / 1e6);
        latency(devnet, starts, alerts, blocks);
        soak(service, registry, soakSeconds);
      } finally {
        service.close();
      }
    }
  }

  private static void latency(
      Devnet devnet, List<CycleStart> starts, BlockingQueue<Heard> alerts, int blocks)
      throws InterruptedException {
    // Let the first cycles' own alerts (the feeds' drift against the reference at start) pass.
    alerts.poll(3, TimeUnit.SECONDS);
    alerts.clear();
    List<Double> total = new ArrayList<>();
    List<Double> wait = new ArrayList<>();
    List<Double> rpc = new ArrayList<>();
    List<Double> rest = new ArrayList<>();
    List<Double> clientBusy = new ArrayList<>();
    List<Double> clientSum = new ArrayList<>();
    List<Double> beyondClient = new ArrayList<>();
    CycleStages.Stage[] stages = CycleStages.Stage.values();
    List<List<Double>> byStage = new ArrayList<>();
    for (int s = 0; s < stages.length; s++) {
      byStage.add(new ArrayList<>());
    }
    String proxy = devnet.contracts().ethUsdProxy();
    BigInteger away =
        Devnet.ETH_USD_ANSWER.multiply(BigInteger.valueOf(103)).divide(BigInteger.valueOf(100));
    int missed = 0;
    for (int i = 0; i < blocks; i++) {
      BigInteger answer = i % 2 == 0 ? away : Devnet.ETH_USD_ANSWER;
      devnet.ops().postRound(proxy, answer, devnet.anvil().latestBlockTimestamp());
      long mined = System.nanoTime();
      Heard alert = alerts.poll(15, TimeUnit.SECONDS);
      if (alert == null) {
        missed++;
        continue;
      }
      CycleStart cycle = null;
      synchronized (starts) {
        for (CycleStart s : starts) {
          if (s.nanos() <= alert.nanos()) {
            cycle = s;
          }
        }
      }
      double all = (alert.nanos() - mined) / 1e6;
      double polled = Math.max(0, (cycle.nanos() - mined) / 1e6);
      double rpcMs = (alert.rpcNanos() - cycle.rpcNanos()) / 1e6;
      total.add(all);
      wait.add(polled);
      rpc.add(rpcMs);
      double inCycle = (alert.nanos() - Math.max(mined, cycle.nanos())) / 1e6;
      rest.add(inCycle - rpcMs);
      double busyMs = (alert.client().busy() - cycle.client().busy()) / 1e6;
      clientBusy.add(busyMs);
      clientSum.add((alert.client().sum() - cycle.client().sum()) / 1e6);
      beyondClient.add(inCycle - busyMs);
      // The alerting cycle's own stages, up to its store commit (the listener runs in publish).
      for (int s = 0; s < stages.length; s++) {
        byStage.get(s).add((alert.stages()[s] - cycle.stages()[s]) / 1e6);
      }
      alerts.clear();
    }
    System.out.printf(
        Locale.ROOT,
        "block to alert over %d blocks (%d without an event in 15 s): total p50 %.1f p99 %.1f ms;"
            + " wait for the cycle p50 %.1f p99 %.1f; RPC at the proxy p50 %.1f p99 %.1f; beyond RPC p50"
            + " %.1f p99 %.1f ms%n",
        total.size(),
        missed,
        pct(total, 50),
        pct(total, 99),
        pct(wait, 50),
        pct(wait, 99),
        pct(rpc, 50),
        pct(rpc, 99),
        pct(rest, 50),
        pct(rest, 99));
    System.out.printf(
        Locale.ROOT,
        "  client-side JSON-RPC wait in the cycle (every chain's failover service): in flight p50"
            + " %.1f p99 %.1f ms (summed over exchanges p50 %.1f p99 %.1f); beyond the client's"
            + " wait p50 %.1f p99 %.1f ms%n",
        pct(clientBusy, 50),
        pct(clientBusy, 99),
        pct(clientSum, 50),
        pct(clientSum, 99),
        pct(beyondClient, 50),
        pct(beyondClient, 99));
    System.out.printf(
        Locale.ROOT,
        "  the alerting cycle's stages (ms; they overlap: chain_read holds chain_rpc and decode,"
            + " references run alongside the chains):%n");
    for (int s = 0; s < stages.length; s++) {
      if (stages[s] == CycleStages.Stage.PUBLISH || stages[s] == CycleStages.Stage.OBSERVATIONS) {
        continue; // recorded after the listener heard the event
      }
      System.out.printf(
          Locale.ROOT,
          "    %-13s p50 %7.1f p99 %7.1f%n",
          stages[s].tag(),
          pct(byStage.get(s), 50),
          pct(byStage.get(s), 99));
    }
  }

  private static double pct(List<Double> values, int p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, rank));
  }

  private static void soak(MonitorService service, PrometheusMeterRegistry registry, int seconds)
      throws IOException {
    long from = service.cyclesCompleted();
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
    while (service.cyclesCompleted() - from < HOUR_OF_CYCLES && System.nanoTime() < deadline) {
      long before = service.cyclesCompleted();
      service.requestCycle();
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(1))
          .until(() -> service.cyclesCompleted() > before);
    }
    long cycles = service.cyclesCompleted() - from;
    System.gc();
    Runtime rt = Runtime.getRuntime();
    Timer timer = registry.find("hedgewatch.cycle.duration").timer();
    System.out.printf(
        Locale.ROOT,
        "soak: %d cycles in %.0f s; after GC heap used %d MB (committed %d MB), RSS %s;"
            + " cycle mean %.0f ms, max %.0f ms%n",
        cycles,
        (System.nanoTime() - start) / 1e9,
        (rt.totalMemory() - rt.freeMemory()) >> 20,
        rt.totalMemory() >> 20,
        vmRss(),
        timer == null ? Double.NaN : timer.mean(TimeUnit.MILLISECONDS),
        timer == null ? Double.NaN : timer.max(TimeUnit.MILLISECONDS));
  }

  private static String vmRss() throws IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream()
        .filter(l -> l.startsWith("VmRSS:"))
        .map(l -> l.substring(6).trim())
        .findFirst()
        .orElse("?");
  }
}
