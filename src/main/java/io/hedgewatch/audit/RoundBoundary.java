package io.hedgewatch.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

/**
 * The search, in rounds {@code 1..latest} of one Chainlink phase, for the first round answered at
 * or after {@code target} (unix seconds), assuming answered rounds never go back in time.
 *
 * <p>A round without a time (never answered: {@code updatedAt == 0}, or missing: its {@code
 * getRoundData} reverts) cannot be placed by itself: it belongs with the last answered round before
 * it (it was opened after that one). So the boundary is the first <em>answered</em> round at or
 * after the target, and unanswered rounds just before it fall on the earlier side.
 *
 * <p>Probes are spread evenly over the open interval (a k-ary search when the caller grants more
 * than one probe a step), so with a batch of b probes a step the search takes about log_b(latest)
 * steps.
 */
final class RoundBoundary {

  private final long target;
  private long below; // largest round known answered before target; 0: none
  private long atOrAfter; // smallest round known answered at or after target; latest + 1: none
  private final TreeSet<Long> timeless = new TreeSet<>();

  RoundBoundary(long target, long latest) {
    if (latest < 0) {
      throw new IllegalArgumentException("latest round must be >= 0, was " + latest);
    }
    this.target = target;
    this.below = 0;
    this.atOrAfter = latest + 1;
  }

  /** True once every round between the two known sides has been probed. */
  boolean done() {
    return unprobed() == 0;
  }

  private long unprobed() {
    long open = atOrAfter - below - 1;
    return open - timeless.subSet(below, false, atOrAfter, false).size();
  }

  /** Up to {@code budget} rounds to probe next, spread over the open interval, ascending. */
  List<Long> next(int budget) {
    long open = unprobed();
    List<Long> picks = new ArrayList<>();
    if (open == 0 || budget < 1) {
      return picks;
    }
    if (open <= budget) {
      for (long r = below + 1; r < atOrAfter; r++) {
        if (!timeless.contains(r)) {
          picks.add(r);
        }
      }
      return picks;
    }
    long span = atOrAfter - below;
    long last = below;
    for (int j = 1; j <= budget; j++) {
      long r = below + Math.max(1, span * j / (budget + 1));
      r = Math.max(r, last + 1);
      while (r < atOrAfter && timeless.contains(r)) {
        r++;
      }
      if (r >= atOrAfter) {
        break;
      }
      picks.add(r);
      last = r;
    }
    if (picks.isEmpty()) {
      // every evenly spread pick landed on timeless rounds at the top: take the lowest unprobed
      for (long r = below + 1; r < atOrAfter; r++) {
        if (!timeless.contains(r)) {
          picks.add(r);
          break;
        }
      }
    }
    return picks;
  }

  /** What a probe of {@code round} found: its updatedAt, or empty when it has no time. */
  void learn(long round, OptionalLong updatedAt) {
    if (round <= below || round >= atOrAfter) {
      return;
    }
    if (updatedAt.isEmpty()) {
      timeless.add(round);
    } else if (updatedAt.getAsLong() < target) {
      below = round;
    } else {
      atOrAfter = round;
    }
  }

  /**
   * The first answered round at or after the target ({@code latest + 1} when none); valid once
   * {@link #done()}.
   */
  long boundary() {
    return atOrAfter;
  }
}
