package io.hedgewatch.oracle;

import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.SequencerStatus;
import java.util.List;
import java.util.Optional;

/** Everything one cycle read on one chain, all at one block. */
public record ChainObservation(
    String chain,
    BlockRef block,
    Optional<Read<SequencerStatus>> sequencer,
    List<FeedReading> feeds) {
  public ChainObservation {
    feeds = List.copyOf(feeds);
  }
}
