package io.hedgewatch.chain;

import io.hedgewatch.domain.BlockRef;
import java.util.List;

/** The outcomes of a list of calls, all at one block, in the order the calls were given. */
public record BlockReads(BlockRef block, List<CallOutcome> outcomes) {
  public BlockReads {
    outcomes = List.copyOf(outcomes);
  }
}
