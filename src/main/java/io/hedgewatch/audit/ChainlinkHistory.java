package io.hedgewatch.audit;

import io.hedgewatch.chain.BlockReads;
import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.domain.ChainlinkRound;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.oracle.ChainlinkAbi;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Walks a Chainlink proxy's rounds over a time window, across every phase (aggregator) the proxy
 * has had, all at one pinned block.
 *
 * <p>Per phase: the proxy's {@code phaseAggregators(id)}, the aggregator's {@code latestRound()}
 * and {@code decimals()}, then a search on {@code updatedAt} (see {@link RoundBoundary}) for the
 * window's first round and the first round after it, then {@code getRoundData} of every round in
 * between. Every step is one {@link ChainReader#readAt} of at most {@code batchSize} calls (one
 * Multicall3 eth_call), so a walk costs O(log n + n / batchSize) eth_calls.
 *
 * <p>The window is {@code [from, to)} on {@code updatedAt}. A round never answered ({@code
 * updatedAt == 0}) or missing ({@code getRoundData} reverts, as a real aggregator does for a round
 * it does not hold) has no time of its own: it falls in the window when the last answered round
 * before it does, and is returned with {@code complete = false}, at that round's time, with raw
 * answer 0 when missing. Phases whose rounds interleave in time are merged.
 */
public final class ChainlinkHistory {

  /** Calls per eth_call: well inside common eth_call gas caps for getRoundData. */
  public static final int DEFAULT_BATCH_SIZE = 500;

  /** Reports how many rounds were read of how many the window holds, after every batch. */
  @FunctionalInterface
  public interface Progress {
    void advanced(long read, long expected);

    Progress NONE = (read, expected) -> {};
  }

  private final ChainReader reader;
  private final int batchSize;

  public ChainlinkHistory(ChainReader reader, int batchSize) {
    this.reader = Objects.requireNonNull(reader, "reader");
    if (batchSize < 2) {
      throw new IllegalArgumentException("batchSize must be at least 2, was " + batchSize);
    }
    this.batchSize = batchSize;
  }

  public ChainlinkHistory(ChainReader reader) {
    this(reader, DEFAULT_BATCH_SIZE);
  }

  private record Phase(int id, String aggregator, long latest, int decimals) {}

  private record RoundRef(Phase phase, long round) {}

  /**
   * The rounds of {@code proxy} with {@code from <= updatedAt < to}, ascending by time (then by
   * phase and round), read at {@code block}.
   *
   * @throws IOException when the chain cannot be read, or {@code proxy} does not answer the proxy
   *     reads (the message names the proxy and the read)
   */
  public List<FeedUpdate> walk(
      String proxy, Instant from, Instant to, long block, Progress progress) throws IOException {
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(progress, "progress");
    if (!to.isAfter(from)) {
      throw new IllegalArgumentException("window ends at " + to + ", not after " + from);
    }
    List<Phase> phases = phases(proxy, block);
    long fromSecond = ceilSeconds(from);
    long toSecond = ceilSeconds(to);
    Map<Phase, long[]> windows = search(phases, fromSecond, toSecond, block);

    long expected = windows.values().stream().mapToLong(w -> w[1] - w[0]).sum();
    progress.advanced(0, expected);
    List<RoundRef> toRead = new ArrayList<>();
    windows.forEach(
        (phase, w) -> {
          for (long r = w[0]; r < w[1]; r++) {
            toRead.add(new RoundRef(phase, r));
          }
        });
    List<FeedUpdate> updates = new ArrayList<>(toRead.size());
    Map<Phase, Long> lastTime = new LinkedHashMap<>();
    for (int at = 0; at < toRead.size(); at += batchSize) {
      List<RoundRef> chunk = toRead.subList(at, Math.min(toRead.size(), at + batchSize));
      List<CallOutcome> outcomes = read(block, chunk);
      for (int i = 0; i < chunk.size(); i++) {
        RoundRef ref = chunk.get(i);
        FeedUpdate update = toUpdate(ref, outcomes.get(i), lastTime.get(ref.phase()));
        if (update.at().getEpochSecond() > 0) {
          lastTime.put(ref.phase(), update.at().getEpochSecond());
        }
        updates.add(update);
      }
      progress.advanced(Math.min(toRead.size(), at + batchSize), expected);
    }
    updates.sort(
        Comparator.comparing(FeedUpdate::at)
            .thenComparingInt(FeedUpdate::phaseId)
            .thenComparing(u -> new BigInteger(u.id())));
    return updates;
  }

  private static long ceilSeconds(Instant t) {
    return t.getEpochSecond() + (t.getNano() > 0 ? 1 : 0);
  }

  private List<Phase> phases(String proxy, long block) throws IOException {
    BlockReads head = reader.readAt(block, List.of(new ContractCall(proxy, ChainlinkAbi.PHASE_ID)));
    int current =
        value(ChainlinkAbi.decodePhaseId(head.outcomes().get(0), proxy), proxy, "phaseId()");
    List<ContractCall> aggregatorCalls = new ArrayList<>();
    for (int id = 1; id <= current; id++) {
      aggregatorCalls.add(new ContractCall(proxy, ChainlinkAbi.phaseAggregators(id)));
    }
    List<CallOutcome> aggregatorOutcomes = readChunked(block, aggregatorCalls);
    List<Integer> ids = new ArrayList<>();
    List<String> aggregators = new ArrayList<>();
    List<ContractCall> latestCalls = new ArrayList<>();
    for (int id = 1; id <= current; id++) {
      Optional<String> aggregator =
          value(
              ChainlinkAbi.decodeAddress(aggregatorOutcomes.get(id - 1), proxy),
              proxy,
              "phaseAggregators(" + id + ")");
      if (aggregator.isEmpty()) {
        continue; // a phase id the proxy never used: nothing to walk
      }
      ids.add(id);
      aggregators.add(aggregator.get());
      latestCalls.add(new ContractCall(aggregator.get(), ChainlinkAbi.LATEST_ROUND));
      latestCalls.add(new ContractCall(aggregator.get(), ChainlinkAbi.DECIMALS));
    }
    List<CallOutcome> latestOutcomes = readChunked(block, latestCalls);
    List<Phase> phases = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      String aggregator = aggregators.get(i);
      BigInteger latest =
          value(
              ChainlinkAbi.decodeUint256(latestOutcomes.get(2 * i), aggregator),
              aggregator,
              "latestRound()");
      int decimals =
          value(
              ChainlinkAbi.decodeDecimals(latestOutcomes.get(2 * i + 1), aggregator),
              aggregator,
              "decimals()");
      // an aggregator round id is 64 bits inside a proxy id; anything wider is not a Chainlink
      // aggregator
      if (latest.bitLength() > 63) {
        throw new IOException(
            "aggregator "
                + aggregator
                + " of phase "
                + ids.get(i)
                + ": latestRound() "
                + latest
                + " does not fit a phase's 64-bit round id");
      }
      phases.add(new Phase(ids.get(i), aggregator, latest.longValueExact(), decimals));
    }
    return phases;
  }

  /** For every phase, the window's rounds as {@code [first, end)}. */
  private Map<Phase, long[]> search(List<Phase> phases, long from, long to, long block)
      throws IOException {
    Map<Phase, List<RoundBoundary>> searches = new LinkedHashMap<>();
    for (Phase phase : phases) {
      searches.put(
          phase,
          List.of(new RoundBoundary(from, phase.latest()), new RoundBoundary(to, phase.latest())));
    }
    while (true) {
      long active = searches.values().stream().flatMap(List::stream).filter(s -> !s.done()).count();
      if (active == 0) {
        break;
      }
      int budget = (int) Math.max(1, batchSize / active);
      List<RoundRef> probes = new ArrayList<>();
      for (Map.Entry<Phase, List<RoundBoundary>> e : searches.entrySet()) {
        java.util.TreeSet<Long> rounds = new java.util.TreeSet<>();
        for (RoundBoundary s : e.getValue()) {
          if (!s.done()) {
            rounds.addAll(s.next(budget));
          }
        }
        rounds.forEach(r -> probes.add(new RoundRef(e.getKey(), r)));
      }
      for (int at = 0; at < probes.size(); at += batchSize) {
        List<RoundRef> chunk = probes.subList(at, Math.min(probes.size(), at + batchSize));
        List<CallOutcome> outcomes = read(block, chunk);
        for (int i = 0; i < chunk.size(); i++) {
          RoundRef ref = chunk.get(i);
          OptionalLong time = updatedAt(ref, outcomes.get(i));
          for (RoundBoundary s : searches.get(ref.phase())) {
            s.learn(ref.round(), time);
          }
        }
      }
    }
    Map<Phase, long[]> windows = new LinkedHashMap<>();
    searches.forEach(
        (phase, s) -> windows.put(phase, new long[] {s.get(0).boundary(), s.get(1).boundary()}));
    return windows;
  }

  private List<CallOutcome> read(long block, List<RoundRef> refs) throws IOException {
    List<ContractCall> calls = new ArrayList<>(refs.size());
    for (RoundRef ref : refs) {
      calls.add(
          new ContractCall(
              ref.phase().aggregator(),
              ChainlinkAbi.getRoundData(BigInteger.valueOf(ref.round()))));
    }
    return reader.readAt(block, calls).outcomes();
  }

  private List<CallOutcome> readChunked(long block, List<ContractCall> calls) throws IOException {
    List<CallOutcome> outcomes = new ArrayList<>(calls.size());
    for (int at = 0; at < calls.size(); at += batchSize) {
      outcomes.addAll(
          reader
              .readAt(block, calls.subList(at, Math.min(calls.size(), at + batchSize)))
              .outcomes());
    }
    return outcomes;
  }

  /** A probed round's time; empty when it has none (never answered, or missing). */
  private static OptionalLong updatedAt(RoundRef ref, CallOutcome outcome) throws IOException {
    if (outcome instanceof CallOutcome.Reverted) {
      return OptionalLong.empty();
    }
    ChainlinkRound round = round(ref, outcome);
    return round.updatedAt().signum() == 0
        ? OptionalLong.empty()
        : OptionalLong.of(round.updatedAt().min(BigInteger.valueOf(Long.MAX_VALUE)).longValue());
  }

  private static ChainlinkRound round(RoundRef ref, CallOutcome outcome) throws IOException {
    String aggregator = ref.phase().aggregator();
    return value(
        ChainlinkAbi.decodeRound(outcome, aggregator),
        aggregator,
        "getRoundData(" + ref.round() + ") of phase " + ref.phase().id());
  }

  private static FeedUpdate toUpdate(RoundRef ref, CallOutcome outcome, Long inheritedTime)
      throws IOException {
    Phase phase = ref.phase();
    String id =
        BigInteger.valueOf(phase.id()).shiftLeft(64).or(BigInteger.valueOf(ref.round())).toString();
    Instant inherited = Instant.ofEpochSecond(inheritedTime == null ? 0 : inheritedTime);
    if (outcome instanceof CallOutcome.Reverted) {
      return new FeedUpdate(
          inherited, BigDecimal.ZERO, BigInteger.ZERO, id, phase.id(), Optional.empty(), false);
    }
    ChainlinkRound round = round(ref, outcome);
    BigInteger roundId = BigInteger.valueOf(ref.round());
    boolean answered = round.updatedAt().signum() > 0;
    boolean complete =
        answered && round.answeredInRound().compareTo(roundId) >= 0 && round.answer().signum() > 0;
    Instant at =
        answered
            ? Instant.ofEpochSecond(
                round.updatedAt().min(BigInteger.valueOf(Instant.MAX.getEpochSecond())).longValue())
            : inherited;
    return new FeedUpdate(
        at,
        new BigDecimal(round.answer()).movePointLeft(phase.decimals()),
        round.answer(),
        id,
        phase.id(),
        Optional.empty(),
        complete);
  }

  private static <T> T value(Read<T> read, String target, String what) throws IOException {
    if (read instanceof Read.Ok<T> ok) {
      return ok.value();
    }
    throw new IOException(
        target
            + ": "
            + what
            + " could not be read: "
            + read.failureIfAny().map(ReadFailure::describe).orElse("no value"));
  }
}
