package io.hedgewatch.venue;

import io.hedgewatch.chain.BlockReads;
import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ChainReader;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What the on-chain batches ({@link OnChainBatch}, {@link OnChainPositionBatch}) share: one list of
 * calls, and per thing asked, in order, either a plan (where its outcomes are among the calls' and
 * whatever else decoding needs) or the failure that kept it from being asked. A subclass plans in
 * its constructor ({@link #add}, then {@link #planned} or {@link #unasked} once per thing asked)
 * and decodes one plan at a time; the outcomes are checked against the calls once, here.
 *
 * @param <P> where one thing's outcomes are
 * @param <T> what one thing reads as
 */
abstract class PlannedBatch<P, T> {

  private final List<ContractCall> calls = new ArrayList<>();

  /** Per thing asked, its plan, or null when it was not asked (see {@code unasked}). */
  private final List<P> plans = new ArrayList<>();

  private final List<ReadFailure> unasked = new ArrayList<>();

  /** Adds a call; returns the index of its outcome. */
  protected final int add(ContractCall call) {
    calls.add(call);
    return calls.size() - 1;
  }

  /** The next thing asked reads by {@code plan}. */
  protected final void planned(P plan) {
    plans.add(Objects.requireNonNull(plan, "plan"));
    unasked.add(null);
  }

  /** The next thing asked cannot be asked: it reads as {@code why}. */
  protected final void unasked(ReadFailure why) {
    plans.add(null);
    unasked.add(Objects.requireNonNull(why, "why"));
  }

  /** The calls, in the order {@link #decode(BlockRef, List)} expects their outcomes. */
  public final List<ContractCall> calls() {
    return Collections.unmodifiableList(calls);
  }

  /**
   * One read per thing asked, in the order asked.
   *
   * @throws IllegalArgumentException when the outcomes do not match the calls in number
   */
  public final List<Read<T>> decode(BlockRef block, List<CallOutcome> outcomes) {
    if (outcomes.size() != calls.size()) {
      throw new IllegalArgumentException(
          calls.size() + " calls but " + outcomes.size() + " outcomes");
    }
    List<Read<T>> result = new ArrayList<>();
    for (int i = 0; i < plans.size(); i++) {
      P plan = plans.get(i);
      result.add(plan == null ? Read.failed(unasked.get(i)) : decode(i, plan, block, outcomes));
    }
    return result;
  }

  /**
   * Reads this batch alone in one {@link ChainReader#readAt} at the head block and decodes it; when
   * the chain cannot be read, every thing asked fails alike, with {@code venueId} named.
   */
  final List<Read<T>> readAtHead(ChainReader chain, String venueId) {
    try {
      BlockReads reads = chain.readAt(chain.blockNumber(), calls());
      return decode(reads.block(), reads.outcomes());
    } catch (IOException e) {
      return Collections.nCopies(
          plans.size(), Read.failed(new ReadFailure.Unavailable(venueId + ": " + e.getMessage())));
    }
  }

  /**
   * Decodes the {@code index}th thing asked by its plan.
   *
   * @param outcomes all the batch's outcomes, in the order of {@link #calls()}
   */
  protected abstract Read<T> decode(int index, P plan, BlockRef block, List<CallOutcome> outcomes);
}
