package io.hedgewatch.venue;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Read;
import java.time.Instant;
import java.util.List;

/**
 * One perp venue (Hyperliquid, dYdX, Synthetix v3, GMX v2) as hedgewatch reads it. Implementations
 * turn the venue's own units into {@link MarketSnapshot}'s common scales; an expected failure (the
 * venue down, a market unknown, a malformed reply) is a {@code Read.Failed}, never an exception.
 */
public interface VenueReader {

  /** The config id of the venue ({@code venues.<id>}). */
  String venueId();

  /**
   * Current snapshots of the given markets (by the venue's own market keys), in the order asked.
   */
  List<Read<MarketSnapshot>> snapshots(List<String> marketKeys);

  /**
   * Settled funding of one market in [from, to], oldest first, for the rolling statistics behind
   * funding.spike.
   */
  Read<List<FundingPoint>> fundingHistory(String marketKey, Instant from, Instant to);
}
