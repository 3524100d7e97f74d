package io.hedgewatch.oracle;

import io.hedgewatch.chain.BlockReads;
import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.domain.AnswerBounds;
import io.hedgewatch.domain.ChainlinkRound;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.FeedType;
import io.hedgewatch.domain.PythPrice;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.domain.SequencerStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads every oracle of one chain. A cycle is one {@link ChainReader#readAt} at the head block: for
 * each Chainlink feed {@code latestRoundData}, {@code decimals}, {@code aggregator}, {@code
 * phaseId} and {@code proposedAggregator}; for each Pyth feed the price and its EMA; the
 * sequencer's status. What does not change between aggregators (the description, an aggregator's
 * {@code minAnswer}/{@code maxAnswer}) is read once and kept, so the steady-state cycle is a single
 * eth_call; a newly seen aggregator costs one more read in the cycle that sees it.
 */
public final class OracleReader {

  private static final int CHAINLINK_CALLS = 5;
  private static final int PYTH_CALLS = 2;

  private final ChainReader chain;
  private final List<FeedSpec> feeds;
  private final Optional<String> sequencerFeed;
  private final Map<String, String> descriptions = new HashMap<>();

  /**
   * minAnswer/maxAnswer per aggregator address (or per feed address for a bare aggregator); empty
   * when not published.
   */
  private final Map<String, Optional<AnswerBounds>> boundsBySource = new HashMap<>();

  private boolean discovered;

  public OracleReader(ChainReader chain, List<FeedSpec> feeds, Optional<String> sequencerFeed) {
    this.chain = chain;
    this.feeds = List.copyOf(feeds);
    this.sequencerFeed = sequencerFeed;
  }

  public ChainObservation observe() throws IOException {
    return observeAt(chain.blockNumber());
  }

  /**
   * Reads the per-aggregator metadata now rather than in the first cycle, so that cycles can be
   * measured alone.
   */
  public void prepare(long block) throws IOException {
    if (!discovered) {
      discover(block);
    }
  }

  public ChainObservation observeAt(long block) throws IOException {
    prepare(block);
    List<ContractCall> calls = new ArrayList<>();
    sequencerFeed.ifPresent(
        address -> calls.add(new ContractCall(address, ChainlinkAbi.LATEST_ROUND_DATA)));
    for (FeedSpec feed : feeds) {
      calls.addAll(cycleCalls(feed));
    }
    BlockReads reads = chain.readAt(block, calls);
    List<CallOutcome> outcomes = reads.outcomes();
    int at = 0;
    Optional<Read<SequencerStatus>> sequencer = Optional.empty();
    if (sequencerFeed.isPresent()) {
      sequencer = Optional.of(SequencerAbi.decode(outcomes.get(at++), sequencerFeed.get()));
    }
    List<PendingChainlink> pending = new ArrayList<>();
    List<FeedReading> readings = new ArrayList<>();
    for (FeedSpec feed : feeds) {
      if (feed.type() == FeedType.CHAINLINK) {
        PendingChainlink p = decodeChainlink(feed, outcomes.subList(at, at + CHAINLINK_CALLS));
        at += CHAINLINK_CALLS;
        pending.add(p);
        readings.add(null);
      } else {
        readings.add(decodePyth(feed, outcomes.subList(at, at + PYTH_CALLS)));
        at += PYTH_CALLS;
        pending.add(null);
      }
    }
    Set<String> unknownSources = new LinkedHashSet<>();
    for (PendingChainlink p : pending) {
      if (p != null && p.reading == null && !boundsBySource.containsKey(p.boundsSource)) {
        unknownSources.add(p.boundsSource);
      }
    }
    if (!unknownSources.isEmpty()) {
      readBounds(block, unknownSources);
    }
    for (int i = 0; i < feeds.size(); i++) {
      PendingChainlink p = pending.get(i);
      if (p != null) {
        readings.set(
            i,
            p.reading != null
                ? p.reading
                : p.complete(descriptions.get(p.feed.id()), boundsBySource.get(p.boundsSource)));
      }
    }
    return new ChainObservation(chain.chain(), reads.block(), sequencer, readings);
  }

  private static List<ContractCall> cycleCalls(FeedSpec feed) {
    String a = feed.address();
    if (feed.type() == FeedType.CHAINLINK) {
      return List.of(
          new ContractCall(a, ChainlinkAbi.LATEST_ROUND_DATA),
          new ContractCall(a, ChainlinkAbi.DECIMALS),
          new ContractCall(a, ChainlinkAbi.AGGREGATOR),
          new ContractCall(a, ChainlinkAbi.PHASE_ID),
          new ContractCall(a, ChainlinkAbi.PROPOSED_AGGREGATOR));
    }
    String id =
        feed.priceId()
            .orElseThrow(
                () -> new IllegalArgumentException("pyth feed " + feed.id() + " has no priceId"));
    return List.of(
        new ContractCall(a, PythAbi.getPriceUnsafe(id)),
        new ContractCall(a, PythAbi.getEmaPriceUnsafe(id)));
  }

  /** A Chainlink reading decoded except for what comes from the metadata cache. */
  private static final class PendingChainlink {
    final FeedSpec feed;
    final FeedReading reading;
    final int decimals;
    final ChainlinkRound round;
    final Optional<String> aggregator;
    final Optional<Integer> phaseId;
    final Optional<String> proposed;
    final String boundsSource;

    PendingChainlink(FeedSpec feed, FeedReading failed) {
      this.feed = feed;
      this.reading = failed;
      this.decimals = 0;
      this.round = null;
      this.aggregator = Optional.empty();
      this.phaseId = Optional.empty();
      this.proposed = Optional.empty();
      this.boundsSource = null;
    }

    PendingChainlink(
        FeedSpec feed,
        int decimals,
        ChainlinkRound round,
        Optional<String> aggregator,
        Optional<Integer> phaseId,
        Optional<String> proposed) {
      this.feed = feed;
      this.reading = null;
      this.decimals = decimals;
      this.round = round;
      this.aggregator = aggregator;
      this.phaseId = phaseId;
      this.proposed = proposed;
      this.boundsSource = aggregator.orElse(feed.address());
    }

    FeedReading complete(String description, Optional<AnswerBounds> bounds) {
      return new FeedReading.Chainlink(
          feed.id(),
          decimals,
          round,
          Optional.ofNullable(description),
          aggregator,
          phaseId,
          proposed,
          bounds == null ? Optional.empty() : bounds);
    }
  }

  private static PendingChainlink decodeChainlink(FeedSpec feed, List<CallOutcome> o) {
    String a = feed.address();
    Read<ChainlinkRound> round = ChainlinkAbi.decodeRound(o.get(0), a);
    if (round.failureIfAny().isPresent()) {
      return new PendingChainlink(
          feed,
          new FeedReading.Unreadable(
              feed.id(), withCall("latestRoundData()", round.failureIfAny().get())));
    }
    Read<Integer> decimals = ChainlinkAbi.decodeDecimals(o.get(1), a);
    if (decimals.failureIfAny().isPresent()) {
      return new PendingChainlink(
          feed,
          new FeedReading.Unreadable(
              feed.id(), withCall("decimals()", decimals.failureIfAny().get())));
    }
    // Optional reads: a bare aggregator has no aggregator()/phaseId(), a v0.7 proxy may lack
    // proposedAggregator().
    Optional<String> aggregator =
        ChainlinkAbi.decodeAddress(o.get(2), a).asOptional().flatMap(x -> x);
    Optional<Integer> phaseId = ChainlinkAbi.decodePhaseId(o.get(3), a).asOptional();
    Optional<String> proposed =
        ChainlinkAbi.decodeAddress(o.get(4), a).asOptional().flatMap(x -> x);
    return new PendingChainlink(
        feed, decimals.asOptional().get(), round.asOptional().get(), aggregator, phaseId, proposed);
  }

  private static FeedReading decodePyth(FeedSpec feed, List<CallOutcome> o) {
    String a = feed.address();
    Read<PythPrice> price = PythAbi.decodePrice(o.get(0), a);
    if (price.failureIfAny().isPresent()) {
      return new FeedReading.Unreadable(
          feed.id(), withCall("getPriceUnsafe()", price.failureIfAny().get()));
    }
    Optional<PythPrice> ema = PythAbi.decodePrice(o.get(1), a).asOptional();
    return new FeedReading.Pyth(
        feed.id(), feed.priceId().orElseThrow(), price.asOptional().get(), ema);
  }

  private static ReadFailure withCall(String call, ReadFailure failure) {
    if (failure instanceof ReadFailure.Reverted r) {
      return new ReadFailure.Reverted(call + " " + r.reason(), r.data());
    }
    if (failure instanceof ReadFailure.Malformed m) {
      return new ReadFailure.Malformed(call + " " + m.detail());
    }
    if (failure instanceof ReadFailure.Unavailable u) {
      return new ReadFailure.Unavailable(call + " " + u.detail());
    }
    return failure;
  }

  /** Reads what does not change per round: descriptions, aggregators and their bounds. */
  private void discover(long block) throws IOException {
    List<FeedSpec> chainlink = feeds.stream().filter(f -> f.type() == FeedType.CHAINLINK).toList();
    List<ContractCall> calls = new ArrayList<>();
    for (FeedSpec feed : chainlink) {
      calls.add(new ContractCall(feed.address(), ChainlinkAbi.DESCRIPTION));
      calls.add(new ContractCall(feed.address(), ChainlinkAbi.AGGREGATOR));
    }
    if (calls.isEmpty()) {
      discovered = true;
      return;
    }
    List<CallOutcome> outcomes = chain.readAt(block, calls).outcomes();
    Set<String> sources = new LinkedHashSet<>();
    for (int i = 0; i < chainlink.size(); i++) {
      FeedSpec feed = chainlink.get(i);
      ChainlinkAbi.decodeDescription(outcomes.get(2 * i), feed.address())
          .asOptional()
          .ifPresent(d -> descriptions.put(feed.id(), d));
      sources.add(
          ChainlinkAbi.decodeAddress(outcomes.get(2 * i + 1), feed.address())
              .asOptional()
              .flatMap(x -> x)
              .orElse(feed.address()));
    }
    readBounds(block, sources);
    discovered = true;
  }

  private void readBounds(long block, Set<String> sources) throws IOException {
    List<String> list = new ArrayList<>(sources);
    List<ContractCall> calls = new ArrayList<>();
    for (String source : list) {
      calls.add(new ContractCall(source, ChainlinkAbi.MIN_ANSWER));
      calls.add(new ContractCall(source, ChainlinkAbi.MAX_ANSWER));
    }
    List<CallOutcome> outcomes = chain.readAt(block, calls).outcomes();
    for (int i = 0; i < list.size(); i++) {
      String source = list.get(i);
      boundsBySource.put(
          source,
          ChainlinkAbi.bounds(
              ChainlinkAbi.decodeInt192(outcomes.get(2 * i), source),
              ChainlinkAbi.decodeInt192(outcomes.get(2 * i + 1), source)));
    }
  }
}
