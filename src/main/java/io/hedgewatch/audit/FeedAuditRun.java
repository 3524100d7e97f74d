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
import okhttp3.OkHttpClient;

/**
 * One feed audit from a config: the feed's on-chain updates over the period (Chainlink rounds
 * across phases, or Pyth's update logs), the reference from the venues' candles, and the findings.
 * Both histories are kept in {@code cacheDir}: a second audit of a closed period asks neither the
 * chain nor the venues anything.
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
    UpdateCache cache = new UpdateCache(cacheDir);
    Optional<UpdateCache.Entry> cached =
        cache.read(chain.chainId(), spec.address(), spec.priceId(), walkFrom, to);
    UpdateCache.Entry entry;
    if (cached.isPresent()) {
      entry = cached.get();
    } else {
      entry = readChain(chain, spec, walkFrom, to, progress);
      cache.write(chain.chainId(), spec.address(), spec.priceId(), walkFrom, to, entry);
    }
    Instant end = entry.blockTime().isBefore(to) ? entry.blockTime().plusSeconds(1) : to;
    if (!end.isAfter(from)) {
      throw new AuditException(
          "the period starts at "
              + from
              + ", after chain "
              + chain.id()
              + "'s latest block ("
              + entry.blockTime()
              + ")");
    }

    ReferenceHistory.Result history =
        ReferenceHistory.overHttp(
                baseUrls(),
                http,
                clock,
                new DiskCandleCache(cacheDir.resolve("candles")),
                config::rule)
            .read(
                Pair.of(reference.symbol()), venues(reference), reference.minSources(), from, end);

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

  private UpdateCache.Entry readChain(
      ChainConfig chain, FeedSpec spec, Instant from, Instant to, Progress progress)
      throws AuditException {
    try (Web3jChainReader reader = Web3jChainReader.connect(chain, retry)) {
      long block = reader.blockNumber();
      Instant blockTime = reader.blockTime(block);
      if (spec.type() == FeedType.PYTH) {
        List<FeedUpdate> updates =
            new PythHistory(
                    reader,
                    reader,
                    PythHistory.DEFAULT_CHUNK_BLOCKS,
                    PythHistory.DEFAULT_LANDING_LAG)
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
    } catch (ChainSetupException e) {
      throw new AuditException(e.getMessage(), e);
    } catch (IOException e) {
      throw new AuditException("chain " + chain.id() + ": " + e.getMessage(), e);
    }
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
