package io.hedgewatch.audit;

import io.hedgewatch.chain.ChainSetupException;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.chain.Web3jChainReader;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.config.FeedConfig;
import io.hedgewatch.config.FeedReference;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.domain.AnswerBounds;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.FeedType;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.oracle.OracleReader;
import io.hedgewatch.risk.OracleDriftRule;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import okhttp3.OkHttpClient;

/**
 * One feed audit from a config: the feed's on-chain updates over the period (Chainlink rounds
 * across phases, or Pyth's update logs), the reference from the venues' candles, and the findings.
 * Both histories are kept in {@code cacheDir}: a second audit of a closed period asks neither the
 * chain nor the venues anything. On a cold run the two are read at once (the candles on a thread of
 * their own): the progress told is the walk's, then what is left of the candles'.
 *
 * <p>The walk starts one heartbeat before {@code from}, so that the answer in force when the period
 * opens is known (a feed that kept its heartbeat updated within it).
 */
public final class FeedAuditRun {

  /** Told how far the on-chain walk is: {@code done} of {@code total} rounds or blocks. */
  @FunctionalInterface
  public interface Progress {
    void advanced(String what, long done, long total);

    Progress NONE = (what, done, total) -> {};
  }

  /**
   * Everything an audit read and found.
   *
   * @param to the period's end: the asked one, or the pinned block's time when that came first
   * @param updatesCached whether the on-chain updates came from the cache (no RPC call)
   */
  public record Outcome(
      FeedConfig feed,
      ChainConfig chain,
      Instant from,
      Instant to,
      long block,
      Instant blockTime,
      boolean updatesCached,
      FeedAuditParams params,
      List<FeedUpdate> updates,
      ReferenceHistory.Result reference,
      FeedAuditFindings findings) {
    public Outcome {
      updates = List.copyOf(updates);
    }

    /** The report of this audit: findings, series and each venue market's coverage. */
    public AuditReport report() {
      List<ReferenceCoverage> coverage =
          reference.coverage().stream()
              .map(
                  c ->
                      new ReferenceCoverage(
                          c.venue().configName()
                              + " "
                              + c.symbol().orElse(c.pair().toString())
                              + (c.conversion() ? " (conversion)" : ""),
                          c.covered(),
                          c.slots(),
                          c.problems().isEmpty()
                              ? Optional.empty()
                              : Optional.of(String.join("; ", c.problems()))))
              .toList();
      return new AuditReport(
          AuditReport.Feed.of(feed.spec()),
          params,
          findings,
          updates,
          reference.points(),
          coverage,
          Optional.empty());
    }
  }

  /** A problem that ends the audit, said in one line (no stack trace for the user). */
  public static final class AuditException extends Exception {
    public AuditException(String message) {
      super(message);
    }

    public AuditException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final HedgewatchConfig config;
  private final Path cacheDir;
  private final Clock clock;
  private final OkHttpClient http;
  private final RpcRetryPolicy retry;

  public FeedAuditRun(
      HedgewatchConfig config,
      Path cacheDir,
      Clock clock,
      OkHttpClient http,
      RpcRetryPolicy retry) {
    this.config = Objects.requireNonNull(config, "config");
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http = Objects.requireNonNull(http, "http");
    this.retry = Objects.requireNonNull(retry, "retry");
  }

  /** Audits feed {@code feedId} over {@code [from, to)}. */
  public Outcome audit(String feedId, Instant from, Instant to, Progress progress)
      throws AuditException {
    FeedConfig feed = config.feeds().get(feedId);
    if (feed == null) {
      throw new AuditException(
          "no feed "
              + feedId
              + " in "
              + config.source()
              + "; its feeds: "
              + String.join(", ", config.feeds().keySet()));
    }
    if (!to.isAfter(from)) {
      throw new AuditException("the period ends at " + to + ", not after its start " + from);
    }
    FeedSpec spec = feed.spec();
    ChainConfig chain = config.chains().get(spec.chain());
    FeedReference reference =
        feed.reference()
            .orElseThrow(
                () ->
                    new AuditException(
                        "feed "
                            + feedId
                            + " has no reference: an audit compares the feed with the market;"
                            + " give it reference: { symbol: ETH/USD }"));
    Instant walkFrom = from.minus(spec.heartbeat());
    Pair pair = Pair.of(reference.symbol());
    List<ReferenceVenue> venues = venues(reference);
    UpdateCache cache = new UpdateCache(cacheDir);
    Optional<UpdateCache.Entry> cached =
        cache.read(chain.chainId(), spec.address(), spec.priceId(), walkFrom, to);
    CandleProgress candleProgress = new CandleProgress(progress);
    UpdateCache.Entry entry;
    ReferenceHistory.Result history;
    Instant end;
    if (cached.isPresent()) {
      entry = cached.get();
      end = end(chain, from, to, entry.blockTime());
      candleProgress.show();
      history = readReference(pair, venues, reference.minSources(), from, end, candleProgress);
    } else {
      // the chain's history and the venues' candles are independent (the candles need only the
      // period, known once the latest block's time is): read them at once, so that a cold run
      // takes the longer of the two rather than their sum
      ExecutorService pool =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "audit-reference");
                t.setDaemon(true);
                return t;
              });
      try (Web3jChainReader reader = Web3jChainReader.connect(chain, retry)) {
        long block = reader.blockNumber();
        Instant blockTime = reader.blockTime(block);
        end = end(chain, from, to, blockTime);
        Instant periodEnd = end;
        Future<ReferenceHistory.Result> candles =
            pool.submit(
                () ->
                    readReference(
                        pair, venues, reference.minSources(), from, periodEnd, candleProgress));
        entry = readChain(reader, block, blockTime, spec, walkFrom, to, progress);
        cache.write(chain.chainId(), spec.address(), spec.priceId(), walkFrom, to, entry);
        // the walk's bar is done; the candles' one shows what is left of them
        candleProgress.show();
        history = join(candles);
      } catch (ChainSetupException e) {
        throw new AuditException(e.getMessage(), e);
      } catch (IOException e) {
        throw new AuditException("chain " + chain.id() + ": " + e.getMessage(), e);
      } finally {
        pool.shutdownNow();
      }
    }

    FeedAuditParams params =
        FeedAuditParams.defaults(spec.heartbeat(), spec.deviationThreshold())
            .withDrift(config.rule(OracleDriftRule.ID))
            // "near a bound" as the live oracle.bounds rule judges it
            .withBoundsMargin(config.rule("oracle.bounds").ratio("margin"));
    if (entry.bounds().isPresent()) {
      params = params.withBounds(entry.bounds().get());
    }
    FeedAuditFindings findings =
        FeedAudit.audit(from, end, entry.updates(), history.points(), params);
    return new Outcome(
        feed,
        chain,
        from,
        end,
        entry.block(),
        entry.blockTime(),
        cached.isPresent(),
        params,
        entry.updates(),
        history,
        findings);
  }

  /**
   * The period's end: the asked one, or just after the chain's latest block when that came first.
   */
  private static Instant end(ChainConfig chain, Instant from, Instant to, Instant blockTime)
      throws AuditException {
    Instant end = blockTime.isBefore(to) ? blockTime.plusSeconds(1) : to;
    if (!end.isAfter(from)) {
      throw new AuditException(
          "the period starts at "
              + from
              + ", after chain "
              + chain.id()
              + "'s latest block ("
              + blockTime
              + ")");
    }
    return end;
  }

  private ReferenceHistory.Result readReference(
      Pair pair,
      List<ReferenceVenue> venues,
      int minSources,
      Instant from,
      Instant to,
      ReferenceHistory.Progress progress) {
    return ReferenceHistory.overHttp(
            baseUrls(), http, clock, new DiskCandleCache(cacheDir.resolve("candles")), config::rule)
        .read(pair, venues, minSources, from, to, progress);
  }

  /** The reference read beside the walk; its failure is the audit's, as if read in turn. */
  private static ReferenceHistory.Result join(Future<ReferenceHistory.Result> candles)
      throws AuditException {
    try {
      return candles.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AuditException("interrupted while reading the reference candles", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new AuditException("reading the reference candles: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Relays the candles' progress to the run's, once shown: while the chain is walked its bar is the
   * run's, and the candles (read beside it) take over when it is done.
   */
  private static final class CandleProgress implements ReferenceHistory.Progress {
    private final Progress progress;
    private boolean shown;
    private long done;
    private long total = -1;

    CandleProgress(Progress progress) {
      this.progress = progress;
    }

    @Override
    public synchronized void advanced(long done, long total) {
      this.done = done;
      this.total = total;
      if (shown) {
        progress.advanced("candle days", done, total);
      }
    }

    /** From now on the candles' progress is shown, starting with where they are. */
    synchronized void show() {
      shown = true;
      if (total >= 0 && done < total) {
        progress.advanced("candle days", done, total);
      }
    }
  }

  private static UpdateCache.Entry readChain(
      Web3jChainReader reader,
      long block,
      Instant blockTime,
      FeedSpec spec,
      Instant from,
      Instant to,
      Progress progress)
      throws IOException {
    if (spec.type() == FeedType.PYTH) {
      List<FeedUpdate> updates =
          new PythHistory(
                  reader, reader, PythHistory.DEFAULT_CHUNK_BLOCKS, PythHistory.DEFAULT_LANDING_LAG)
              .read(
                  spec.address(),
                  spec.priceId().orElseThrow(),
                  from,
                  to,
                  block,
                  (done, total) -> progress.advanced("blocks", done, total));
      return new UpdateCache.Entry(block, blockTime, Optional.empty(), updates);
    }
    List<FeedUpdate> updates =
        new ChainlinkHistory(reader)
            .walk(
                spec.address(),
                from,
                to,
                block,
                (done, total) -> progress.advanced("rounds", done, total));
    return new UpdateCache.Entry(block, blockTime, bounds(reader, spec, block), updates);
  }

  /** The current aggregator's minAnswer/maxAnswer, as the live check reads them. */
  private static Optional<AnswerBounds> bounds(Web3jChainReader reader, FeedSpec spec, long block)
      throws IOException {
    OracleReader oracle = new OracleReader(reader, List.of(spec), Optional.empty());
    oracle.prepare(block);
    FeedReading reading = oracle.observeAt(block).feeds().get(0);
    return reading instanceof FeedReading.Chainlink c ? c.bounds() : Optional.empty();
  }

  private Map<ReferenceVenue, Optional<String>> baseUrls() {
    Map<ReferenceVenue, Optional<String>> urls = new EnumMap<>(ReferenceVenue.class);
    config
        .spotReferences()
        .forEach(
            (name, venue) ->
                urls.put(ReferenceVenue.fromConfigName(name).orElseThrow(), venue.baseUrl()));
    return urls;
  }

  private List<ReferenceVenue> venues(FeedReference reference) {
    List<String> names =
        reference.sources().isEmpty()
            ? List.copyOf(config.spotReferences().keySet())
            : reference.sources();
    return names.stream().map(n -> ReferenceVenue.fromConfigName(n).orElseThrow()).toList();
  }
}
