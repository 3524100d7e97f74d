package io.hedgewatch.venue;

import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import java.util.List;
import java.util.Objects;

/**
 * Reads the positions of accounts on one perp venue (Hyperliquid clearinghouseState, dYdX
 * subaccounts, Synthetix v3 accounts, GMX v2 account positions) into {@link PositionSnapshot}s. An
 * expected failure (venue down, account unknown, malformed reply) is a {@code Read.Failed}, never
 * an exception; an account with no open position in the market is a failure that says so.
 */
public interface PositionReader {

  /**
   * One position to read.
   *
   * @param positionId the config id ({@code positions.<id>})
   * @param marketId the config id of its market
   * @param marketKey the venue's own market key (as in {@link VenueReader})
   * @param account the venue's account: an address (Hyperliquid, GMX), a dYdX address with an
   *     optional {@code /subaccountNumber}, a Synthetix v3 account id (uint128, decimal)
   */
  record Request(String positionId, String marketId, String marketKey, String account) {
    public Request {
      Objects.requireNonNull(positionId, "positionId");
      Objects.requireNonNull(marketId, "marketId");
      Objects.requireNonNull(marketKey, "marketKey");
      Objects.requireNonNull(account, "account");
    }
  }

  /** The config id of the venue. */
  String venueId();

  /** The positions asked for, in the order asked. */
  List<Read<PositionSnapshot>> positions(List<Request> requests);
}
