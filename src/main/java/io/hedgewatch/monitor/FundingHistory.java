package io.hedgewatch.monitor;

import io.hedgewatch.domain.FundingPoint;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One market's funding history as a check hands it to {@code funding.spike}, and where it came
 * from.
 *
 * @param points the market's funding in the history window, oldest first
 * @param source where the points came from
 * @param problem why part of the history is missing (the venue could not be read), when it is
 * @param storeProblem why the store could not be read or written for this market, when it could not
 *     (the points are then the venue's own, as far as it answered)
 */
public record FundingHistory(
    List<FundingPoint> points,
    Source source,
    Optional<String> problem,
    Optional<String> storeProblem) {

  /** Where a market's funding history came from, as {@code check --json} names it. */
  public enum Source {
    /** The store held the whole window; the venue was not asked. */
    STORE("store"),
    /** The store's points, topped up with what the venue gave for the missing ranges. */
    STORE_AND_VENUE("store+venue"),
    /** The venue alone, for the whole window: there is no usable store. */
    VENUE("venue"),
    /**
     * Rates sampled from the market's snapshots, check after check, into the store: the venue keeps
     * no history (on-chain venues).
     */
    SAMPLES("samples"),
    /** No history: an on-chain venue without a usable store to keep samples in. */
    NONE("none");

    private final String jsonName;

    Source(String jsonName) {
      this.jsonName = jsonName;
    }

    public String jsonName() {
      return jsonName;
    }
  }

  public FundingHistory {
    points = List.copyOf(points);
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(storeProblem, "storeProblem");
  }
}
