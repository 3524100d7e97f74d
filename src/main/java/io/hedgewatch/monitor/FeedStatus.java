package io.hedgewatch.monitor;

import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.Severity;
import java.util.Optional;

/**
 * One feed's reading in a check, its reference price and drift when it has a {@code reference}
 * block, and the worst severity the rules gave it; reading is empty when its chain was unreadable.
 */
public record FeedStatus(
    FeedSpec spec,
    Optional<FeedReading> reading,
    Optional<BlockRef> block,
    Optional<ReferencePrice> reference,
    Optional<Double> driftBps,
    Severity status) {}
