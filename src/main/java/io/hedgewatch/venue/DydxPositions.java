package io.hedgewatch.venue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dYdX v4 indexer subaccount ({@code GET /v4/addresses/{address}/subaccountNumber/{n}}) read into
 * {@link PositionSnapshot}s, with the markets of {@code /v4/perpetualMarkets} for prices and margin
 * fractions. Pure: {@link DydxReader} fetches, this reads.
 *
 * <p>dYdX margins every position of a subaccount together, at the oracle price:
 *
 * <ul>
 *   <li>equity is the subaccount's {@code equity} (its USDC plus each position's size x oracle
 *       price);
 *   <li>maintenance is the sum over the subaccount's open positions of {@code |size| x oraclePrice
 *       x maintenanceMarginFraction} of each market, which the subaccount's equity must stay above;
 *   <li>the mark is the market's {@code oraclePrice}, the price dYdX values positions and
 *       liquidations at; dYdX reports no liquidation price;
 *   <li>{@code side} gives the direction; {@code size} is signed on the wire (negative for a short:
 *       the indexer's {@code unrealizedPnl} is {@code size x (oraclePrice - entryPrice)}), so its
 *       magnitude is the size; a long with a negative size is {@code Malformed};
 *   <li>{@code netFunding} is the funding the position has received (negative when it paid), on
 *       hedgewatch's sign already;
 *   <li>margin mode: the subaccounts from 128 up are the ones dYdX's front end opens one isolated
 *       position in each (dYdX docs, "How to integrate APIs with FE isolated positions"), so their
 *       positions are {@code ISOLATED}; positions of subaccounts 0 to 127 are {@code CROSS}.
 * </ul>
 *
 * <p>The account of a position is {@code dydx1…} with an optional {@code /n} (subaccount 0 when
 * absent).
 */
final class DydxPositions {

  static final String SUBACCOUNT = "subaccount";

  /** The first subaccount number dYdX's front end uses for isolated positions. */
  static final int FIRST_ISOLATED_SUBACCOUNT = 128;

  /** dYdX's highest subaccount number. */
  static final int MAX_SUBACCOUNT = 128_000;

  /** A dYdX address: {@code dydx1} and 38 bech32 characters (20 bytes and a checksum). */
  private static final Pattern ACCOUNT =
      Pattern.compile("(dydx1[02-9ac-hj-np-z]{38})(?:/([0-9]{1,6}))?");

  private DydxPositions() {}

  /** One subaccount of one address. */
  record SubaccountId(String address, int number) {
    @Override
    public String toString() {
      return address + "/" + number;
    }
  }

  /** An open position of a subaccount, as the indexer wrote it. */
  record OpenPosition(
      String market,
      PositionSide side,
      BigDecimal size,
      Optional<BigDecimal> entryPrice,
      Optional<BigDecimal> unrealizedPnl,
      Optional<BigDecimal> netFunding) {}

  /** A subaccount reply: equity and open positions by market. */
  record Subaccount(SubaccountId id, BigDecimal equity, Map<String, OpenPosition> positions) {}

  /** {@code account} as a subaccount, or empty when it is not {@code dydx1…[/n]}. */
  static Optional<SubaccountId> subaccount(String account) {
    Matcher m = ACCOUNT.matcher(account.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    int number = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
    return number > MAX_SUBACCOUNT
        ? Optional.empty()
        : Optional.of(new SubaccountId(m.group(1), number));
  }

  /** Reads a subaccount reply ({@code {"subaccount":{…}}}); throws {@code Rejected}. */
  static Subaccount parseSubaccount(String venueId, SubaccountId id, String body) {
    String what = venueId + " subaccount " + id;
    JsonNode root = OffchainJson.object(OffchainJson.parseOrReject(body, what), what + " reply");
    JsonNode sub = OffchainJson.object(root.get(SUBACCOUNT), what + ".subaccount");
    String address = OffchainJson.text(sub, "address", what + ".subaccount");
    if (!address.equals(id.address())) {
      throw OffchainJson.malformed(
          what + ".subaccount.address is '" + address + "', asked for '" + id.address() + "'");
    }
    Optional<Integer> number =
        OffchainJson.optionalWholeNumber(
            sub, "subaccountNumber", what + ".subaccount", 0, MAX_SUBACCOUNT);
    if (number.isPresent() && number.get() != id.number()) {
      throw OffchainJson.malformed(
          what + ".subaccount.subaccountNumber is " + number.get() + ", asked for " + id.number());
    }
    BigDecimal equity = OffchainJson.decimal(sub, "equity", what + ".subaccount");
    JsonNode open =
        OffchainJson.object(
            sub.get("openPerpetualPositions"), what + ".subaccount.openPerpetualPositions");
    Map<String, OpenPosition> positions = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = open.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      position(what + ".subaccount.openPerpetualPositions['" + e.getKey() + "']", e)
          .ifPresent(p -> positions.put(p.market(), p));
    }
    return new Subaccount(id, equity, Map.copyOf(positions));
  }

  /** One open position; empty when its status is not OPEN or its size zero. */
  private static Optional<OpenPosition> position(String where, Map.Entry<String, JsonNode> e) {
    JsonNode p = OffchainJson.object(e.getValue(), where);
    String market = OffchainJson.text(p, "market", where);
    if (!market.equals(e.getKey())) {
      throw OffchainJson.malformed(where + ".market is '" + market + "'");
    }
    JsonNode status = p.get("status");
    if (status != null && status.isTextual() && !status.asText().equals("OPEN")) {
      return Optional.empty();
    }
    String sideText = OffchainJson.text(p, "side", where);
    PositionSide side =
        switch (sideText) {
          case "LONG" -> PositionSide.LONG;
          case "SHORT" -> PositionSide.SHORT;
          default ->
              throw OffchainJson.malformed(
                  where + ".side is '" + sideText + "', expected LONG or SHORT");
        };
    BigDecimal size = OffchainJson.decimal(p, "size", where);
    if (side == PositionSide.LONG && size.signum() < 0) {
      throw OffchainJson.malformed(where + " is LONG with a negative size " + size);
    }
    if (size.signum() == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new OpenPosition(
            market,
            side,
            size.abs(),
            OffchainJson.optionalDecimal(p, "entryPrice", where)
                .map(v -> OffchainJson.requirePositive(v, where + ".entryPrice")),
            OffchainJson.optionalDecimal(p, "unrealizedPnl", where),
            OffchainJson.optionalDecimal(p, "netFunding", where)));
  }

  /**
   * The snapshot of the position in {@code request.marketKey()}; throws {@code Rejected}.
   *
   * @param markets the {@code markets} object of a {@code perpetualMarkets} reply, which must hold
   *     every market the subaccount has a position in
   */
  static PositionSnapshot snapshot(
      String venueId,
      PositionReader.Request request,
      Subaccount sub,
      JsonNode markets,
      Instant at) {
    String ticker = request.marketKey();
    OpenPosition p = sub.positions().get(ticker);
    if (p == null) {
      throw OffchainJson.unavailable(
          venueId
              + ": subaccount "
              + sub.id()
              + " has no open "
              + ticker
              + " position ("
              + sub.positions().size()
              + " open positions)");
    }
    BigDecimal maintenance = BigDecimal.ZERO;
    for (OpenPosition held : sub.positions().values()) {
      String where = venueId + " " + held.market() + ": markets['" + held.market() + "']";
      JsonNode market = markets.get(held.market());
      if (market == null) {
        throw OffchainJson.unavailable(
            venueId
                + " lists no market '"
                + held.market()
                + "', which subaccount "
                + sub.id()
                + " holds: its maintenance margin cannot be computed");
      }
      OffchainJson.object(market, where);
      BigDecimal oracle = OffchainJson.positive(market, "oraclePrice", where);
      BigDecimal fraction = OffchainJson.nonNegative(market, "maintenanceMarginFraction", where);
      if (fraction.compareTo(BigDecimal.ONE) >= 0) {
        throw OffchainJson.malformed(
            where + ".maintenanceMarginFraction is " + fraction + ", expected less than 1");
      }
      maintenance = maintenance.add(held.size().multiply(oracle).multiply(fraction));
    }
    String where = venueId + " " + ticker + ": markets['" + ticker + "']";
    BigDecimal mark = OffchainJson.positive(markets.get(ticker), "oraclePrice", where);
    return new PositionSnapshot(
        request.positionId(),
        request.marketId(),
        venueId + " subaccount " + sub.id(),
        at,
        p.side(),
        p.size(),
        p.entryPrice(),
        mark,
        sub.id().number() >= FIRST_ISOLATED_SUBACCOUNT ? MarginMode.ISOLATED : MarginMode.CROSS,
        sub.equity(),
        maintenance,
        Optional.empty(),
        p.unrealizedPnl(),
        p.netFunding(),
        Optional.empty());
  }
}
