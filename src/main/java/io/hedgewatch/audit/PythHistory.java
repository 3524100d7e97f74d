package io.hedgewatch.audit;

import io.hedgewatch.chain.BlockReads;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.chain.LogRangeRefusedException;
import io.hedgewatch.chain.LogReader;
import io.hedgewatch.domain.PythPrice;
import io.hedgewatch.domain.Read;
import io.hedgewatch.oracle.PythAbi;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int64;
import org.web3j.abi.datatypes.generated.Uint64;

/**
 * Reads a Pyth feed's updates over a time window from the Pyth contract's {@code
 * PriceFeedUpdate(bytes32 indexed id, uint64 publishTime, int64 price, uint64 conf)} logs
 * (IPythEvents, as the deployed EVM contract emits it).
 *
 * <p>The blocks to scan are found by binary search on block timestamps: from the first block at or
 * after {@code from} to the last block before {@code to + landingLag} (an update lands on chain
 * after it was published: one published just before {@code to} may sit in a later block). Only
 * updates with {@code from <= publishTime < to} are returned. Logs are fetched in chunks of {@code
 * chunkBlocks}; when a provider refuses a chunk as too large (a range or result-count limit), the
 * chunk is halved and the same range retried, and the smaller size is kept for the rest of the
 * walk.
 *
 * <p>The event carries no exponent: it is the feed's, read once with {@code getPriceUnsafe} at the
 * pinned block (an exponent is fixed per feed).
 */
public final class PythHistory {

  public static final Event PRICE_FEED_UPDATE =
      new Event(
          "PriceFeedUpdate",
          List.of(
              new TypeReference<Bytes32>(true) {},
              new TypeReference<Uint64>() {},
              new TypeReference<Int64>() {},
              new TypeReference<Uint64>() {}));

  /** keccak256("PriceFeedUpdate(bytes32,uint64,int64,uint64)"). */
  public static final String PRICE_FEED_UPDATE_TOPIC = EventEncoder.encode(PRICE_FEED_UPDATE);

  public static final long DEFAULT_CHUNK_BLOCKS = 2_000;
  public static final Duration DEFAULT_LANDING_LAG = Duration.ofSeconds(60);

  /** Reports blocks scanned of blocks to scan, after every chunk. */
  @FunctionalInterface
  public interface Progress {
    void advanced(long scanned, long total);

    Progress NONE = (scanned, total) -> {};
  }

  private final ChainReader reader;
  private final LogReader logs;
  private final long chunkBlocks;
  private final Duration landingLag;
  private long lastChunkBlocks;

  public PythHistory(ChainReader reader, LogReader logs, long chunkBlocks, Duration landingLag) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.logs = Objects.requireNonNull(logs, "logs");
    if (chunkBlocks < 1) {
      throw new IllegalArgumentException("chunkBlocks must be at least 1, was " + chunkBlocks);
    }
    if (landingLag.isNegative()) {
      throw new IllegalArgumentException("landingLag must not be negative, was " + landingLag);
    }
    this.chunkBlocks = chunkBlocks;
    this.landingLag = landingLag;
    this.lastChunkBlocks = chunkBlocks;
  }

  /** The chunk size the last read ended with: below the configured one after refusals. */
  public long lastChunkBlocks() {
    return lastChunkBlocks;
  }

  /**
   * The updates of {@code priceId} on the Pyth contract {@code pyth} published in {@code [from,
   * to)}, ascending by publish time (then block and log index), scanning blocks up to {@code
   * block}.
   *
   * @throws IOException when the chain cannot be read, the feed has no price at {@code block}, or a
   *     provider refuses even a one-block range
   */
  public List<FeedUpdate> read(
      String pyth, String priceId, Instant from, Instant to, long block, Progress progress)
      throws IOException {
    Objects.requireNonNull(progress, "progress");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("window ends at " + to + ", not after " + from);
    }
    int expo = exponent(pyth, priceId, block);
    long first = firstBlockAtOrAfter(logs, from, 0, block);
    long end = firstBlockAtOrAfter(logs, to.plus(landingLag), first, block);
    List<String> topics = List.of(PRICE_FEED_UPDATE_TOPIC, priceId.toLowerCase(Locale.ROOT));
    List<FeedUpdate> updates = new ArrayList<>();
    long total = end - first;
    progress.advanced(0, total);
    long chunk = chunkBlocks;
    long cursor = first;
    while (cursor < end) {
      long last = Math.min(end - 1, cursor + chunk - 1);
      List<LogReader.EventLog> found;
      try {
        found = logs.logs(pyth, topics, cursor, last);
      } catch (LogRangeRefusedException e) {
        if (last == cursor) {
          throw new IOException(
              "the provider refuses even a one-block range: " + e.getMessage(), e);
        }
        chunk = Math.max(1, (last - cursor + 1) / 2);
        continue;
      }
      for (LogReader.EventLog log : found) {
        FeedUpdate update = decode(log, expo);
        if (!update.at().isBefore(from) && update.at().isBefore(to)) {
          updates.add(update);
        }
      }
      cursor = last + 1;
      progress.advanced(cursor - first, total);
    }
    lastChunkBlocks = chunk;
    updates.sort(Comparator.comparing(FeedUpdate::at).thenComparing(PythHistory::position));
    return updates;
  }

  private static long position(FeedUpdate u) {
    String[] parts = u.id().split(":");
    return Long.parseLong(parts[0]) * 1_000_000L + Long.parseLong(parts[1]);
  }

  private int exponent(String pyth, String priceId, long block) throws IOException {
    BlockReads reads =
        reader.readAt(block, List.of(new ContractCall(pyth, PythAbi.getPriceUnsafe(priceId))));
    Read<PythPrice> price = PythAbi.decodePrice(reads.outcomes().get(0), pyth);
    if (price instanceof Read.Ok<PythPrice> ok) {
      return ok.value().expo();
    }
    throw new IOException(
        "Pyth "
            + pyth
            + ": getPriceUnsafe("
            + priceId
            + ") at block "
            + block
            + " gives no exponent: "
            + price.failureIfAny().map(f -> f.describe()).orElse("no value"));
  }

  /**
   * The first block in {@code [lo, hi]} whose timestamp is at or after {@code t}; {@code hi + 1}
   * when none is. Block times never go back, so a binary search: about log2(hi - lo) header reads.
   */
  static long firstBlockAtOrAfter(LogReader logs, Instant t, long lo, long hi) throws IOException {
    long low = lo;
    long high = hi + 1;
    while (low < high) {
      long mid = low + (high - low) / 2;
      if (logs.blockTime(mid).isBefore(t)) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  @SuppressWarnings("rawtypes")
  static FeedUpdate decode(LogReader.EventLog log, int expo) throws IOException {
    String where = "PriceFeedUpdate log " + log.block() + ":" + log.logIndex();
    List<Type> values;
    try {
      values =
          FunctionReturnDecoder.decode(log.data(), PRICE_FEED_UPDATE.getNonIndexedParameters());
    } catch (RuntimeException e) {
      values = List.of();
    }
    if (values.size() != 3) {
      throw new IOException(where + ": data does not decode as (uint64, int64, uint64)");
    }
    BigInteger publishTime = (BigInteger) values.get(0).getValue();
    BigInteger price = (BigInteger) values.get(1).getValue();
    BigInteger conf = (BigInteger) values.get(2).getValue();
    return new FeedUpdate(
        Instant.ofEpochSecond(publishTime.min(BigInteger.valueOf(Long.MAX_VALUE)).longValue()),
        new BigDecimal(price).scaleByPowerOfTen(expo),
        price,
        log.block() + ":" + log.logIndex(),
        0,
        Optional.of(new BigDecimal(conf).scaleByPowerOfTen(expo)),
        price.signum() > 0);
  }
}
