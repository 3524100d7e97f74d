package io.hedgewatch.bench;

import io.hedgewatch.audit.AuditReportWriter;
import io.hedgewatch.audit.ChainlinkHistory;
import io.hedgewatch.audit.DiskCandleCache;
import io.hedgewatch.audit.FeedAudit;
import io.hedgewatch.audit.FeedAuditFindings;
import io.hedgewatch.audit.FeedAuditParams;
import io.hedgewatch.audit.FeedAuditRun;
import io.hedgewatch.audit.FeedUpdate;
import io.hedgewatch.audit.ReferenceHistory;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.FeedConfig;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.devnet.Anvil;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.testing.JsonRpcProxy;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import okhttp3.OkHttpClient;

/**
 * The issue-8 benchmark, not a test: "auditing 10,000 rounds on a local anvil takes under 10
 * seconds". Seeds the devnet ETH / USD proxy with 10,000 rounds 20 s apart over two phases (5,000
 * each), the period ending at today's UTC midnight so that its candle days are closed (cacheable),
 * then times {@link FeedAuditRun#audit} cold (empty cache) and warm (same cache), the report
 * written after each, and each stage on its own, cold. JSON-RPC goes through a counting proxy.
 *
 * <p>Run: {@code mvn -B -ntp -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.hedgewatch.bench.AuditBench} (see docs/benchmarks.md).
 */
public final class AuditBench {

  private static final int ROUNDS = 10_000;
  private static final long STEP = 20;

  private AuditBench() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("hedgewatch-audit-bench");
    long now = Instant.now().getEpochSecond();
    long to = Math.floorDiv(now, 86_400) * 86_400;
    long from = to - ROUNDS * STEP;
    long seedStart = System.nanoTime();
    try (Devnet devnet = Devnet.start(Anvil.builder().genesisTimestamp(from - 3_600));
        JsonRpcProxy rpc = new JsonRpcProxy(devnet.rpcUrl())) {
      devnet.exchanges().candles().setAnnualVolatility("ETH", 0);
      String proxy = devnet.contracts().ethUsdProxy();
      List<BigInteger> answers = new ArrayList<>();
      List<Long> times = new ArrayList<>();
      for (int i = 0; i < ROUNDS; i++) {
        answers.add(Devnet.ETH_USD_ANSWER.add(BigInteger.valueOf(i % 97 * 1_000_000L)));
        times.add(from + i * STEP + STEP / 2);
      }
      int half = ROUNDS / 2;
      devnet.ops().postRounds(proxy, answers.subList(0, half), times.subList(0, half));
      devnet
          .ops()
          .proposeAndConfirmAggregator(
              proxy,
              devnet
                  .ops()
                  .deployAggregator(
                      8, "ETH / USD", Devnet.ETH_USD_MIN_ANSWER, Devnet.ETH_USD_MAX_ANSWER));
      devnet.ops().postRounds(proxy, answers.subList(half, ROUNDS), times.subList(half, ROUNDS));
      devnet.anvil().mineAt(now);
      System.out.printf(
          Locale.ROOT,
          "seeded %,d rounds over 2 phases in %.1f s%n",
          ROUNDS,
          seconds(System.nanoTime() - seedStart));

      Path config = devnet.writeConfig(dir.resolve("devnet.yaml"));
      Files.writeString(config, Files.readString(config).replace(devnet.rpcUrl(), rpc.url()));
      HedgewatchConfig cfg = ((LoadResult.Loaded) ConfigLoader.load(config, Map.of())).config();
      Instant f = Instant.ofEpochSecond(from);
      Instant t = Instant.ofEpochSecond(to);
      Path cache = dir.resolve("cache");

      for (String run : new String[] {"cold", "warm", "rounds-cold", "cold-again"}) {
        if (run.equals("cold-again")) {
          // an empty cache again, in a JVM the runs before warmed: the cold run without the
          // JVM's own start (class loading, JIT), which a CLI run pays and this one does not
          cache = dir.resolve("cache-cold-again");
        }
        if (run.equals("rounds-cold")) {
          // the chain's part alone: a fresh rounds cache, the candles of the runs before
          Path candles = cache.resolve("candles");
          cache = dir.resolve("cache-rounds-cold");
          copyTree(candles, cache.resolve("candles"));
        }
        rpc.reset();
        int candleRequests = candleRequests(devnet);
        long start = System.nanoTime();
        FeedAuditRun.Outcome o =
            new FeedAuditRun(
                    cfg, cache, Clock.systemUTC(), new OkHttpClient(), RpcRetryPolicy.DEFAULT)
                .audit("eth-usd", f, t, FeedAuditRun.Progress.NONE);
        long audited = System.nanoTime();
        AuditReportWriter.write(o.report(), dir.resolve("out-" + run));
        long written = System.nanoTime();
        System.out.printf(
            Locale.ROOT,
            "%s: audit %.2f s + report %.2f s = %.2f s; %d rounds, %d candles;"
                + " %d JSON-RPC calls in %d HTTP requests, %d candle requests%n",
            run,
            seconds(audited - start),
            seconds(written - audited),
            seconds(written - start),
            o.findings().updates().total(),
            o.reference().points().size(),
            rpc.totalCalls(),
            rpc.httpRequests(),
            candleRequests(devnet) - candleRequests);
      }

      // each stage alone, cold
      FeedConfig feed = cfg.feeds().get("eth-usd");
      rpc.reset();
      long walkStart = System.nanoTime();
      List<FeedUpdate> updates;
      try (Web3jChainReader reader =
          Web3jChainReader.connect(cfg.chains().get(Devnet.CHAIN_ID_KEY), RpcRetryPolicy.DEFAULT)) {
        long block = reader.blockNumber();
        updates =
            new ChainlinkHistory(reader)
                .walk(
                    feed.spec().address(),
                    f.minus(feed.spec().heartbeat()),
                    t,
                    block,
                    ChainlinkHistory.Progress.NONE);
      }
      long walkEnd = System.nanoTime();
      int walkCalls = rpc.totalCalls();
      int walkHttp = rpc.httpRequests();
      ReferenceHistory.Result reference =
          ReferenceHistory.overHttp(
                  baseUrls(devnet),
                  new OkHttpClient(),
                  Clock.systemUTC(),
                  new DiskCandleCache(dir.resolve("candles-alone")),
                  cfg::rule)
              .read(Pair.of("ETH/USD"), List.copyOf(baseUrls(devnet).keySet()), 1, f, t);
      long referenceEnd = System.nanoTime();
      FeedAuditFindings findings =
          FeedAudit.audit(
              f,
              t,
              updates,
              reference.points(),
              FeedAuditParams.defaults(feed.spec().heartbeat(), feed.spec().deviationThreshold()));
      long findingsEnd = System.nanoTime();
      System.out.printf(
          Locale.ROOT,
          "stages alone, cold: chain walk %.2f s (%,d rounds, %d JSON-RPC calls in %d HTTP"
              + " requests), reference %.2f s (%,d candles), findings %.3f s (%s)%n",
          seconds(walkEnd - walkStart),
          updates.size(),
          walkCalls,
          walkHttp,
          seconds(referenceEnd - walkEnd),
          reference.points().size(),
          seconds(findingsEnd - referenceEnd),
          findings.verdict().trust());
    }
  }

  private static Map<ReferenceVenue, java.util.Optional<String>> baseUrls(Devnet devnet) {
    Map<ReferenceVenue, java.util.Optional<String>> urls =
        new java.util.EnumMap<>(ReferenceVenue.class);
    for (ReferenceVenue v : ReferenceVenue.values()) {
      urls.put(v, java.util.Optional.of(devnet.exchanges().baseUrl(v)));
    }
    return urls;
  }

  private static void copyTree(Path from, Path to) throws java.io.IOException {
    try (var files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  private static int candleRequests(Devnet devnet) {
    int n = 0;
    for (ReferenceVenue v : ReferenceVenue.values()) {
      n += devnet.exchanges().requests(v);
    }
    return n;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
