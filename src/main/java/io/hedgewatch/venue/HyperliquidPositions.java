package io.hedgewatch.venue;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Hyperliquid {@code clearinghouseState} reply ({@code POST /info {"type":"clearinghouseState",
 * "user":"0x…"}}) read into {@link PositionSnapshot}s. Pure: {@link HyperliquidReader} fetches,
 * this reads.
 *
 * <p>What each figure of a snapshot is made of:
 *
 * <ul>
 *   <li>side and size from the signed {@code szi} (negative = short); the mark is {@code
 *       positionValue / |szi|}, the price the same reply values the position at (so equity, PnL and
 *       mark are of one instant);
 *   <li>{@code leverage.type} {@code "isolated"}: equity is the position's own margin with its
 *       unrealised PnL, {@code leverage.rawUsd + szi x mark} (Hyperliquid keeps every balance as a
 *       raw USD amount to which the signed notional is added: the account's {@code totalRawUsd}
 *       plus its signed notional is its {@code accountValue}); without {@code rawUsd}, the
 *       position's {@code marginUsed}, which Hyperliquid reports as that same amount for an
 *       isolated position. Maintenance is {@code positionValue / (2 x maxLeverage)};
 *   <li>{@code "cross"}: equity is the cross account's {@code crossMarginSummary.accountValue},
 *       maintenance the account's {@code crossMaintenanceMarginUsed}; a reply without it (the 2023
 *       shape) has it computed as the sum over its cross positions of {@code positionValue / (2 x
 *       maxLeverage)};
 *   <li>the venue's {@code liquidationPx} (null when the position cannot be liquidated by a price
 *       move alone), {@code unrealizedPnl}, {@code entryPx};
 *   <li>accrued funding is {@code -cumFunding.sinceOpen}: Hyperliquid counts funding <em>paid</em>
 *       (a long's {@code sinceOpen} is positive while longs pay), hedgewatch counts it received.
 * </ul>
 *
 * <p>The maintenance margin is Hyperliquid's "half of the initial margin at max leverage" (docs,
 * Trading, Liquidations: from 1 % at 50x to 16.7 % at 3x), where {@code maxLeverage} is the
 * position's own field, or, in replies that lack it, the asset's {@code maxLeverage} in {@code
 * meta.universe}. The margin tiers some assets have for very large notionals are not applied. This
 * is the formula behind the venue's own figures: the example reply of Hyperliquid's API docs (an
 * isolated 0.0335 ETH long, {@code rawUsd} -95.059824, max leverage 50) has its {@code
 * liquidationPx} 2866.26936529 exactly where {@code rawUsd + szi x P = szi x P / 100}.
 *
 * <p>A reply is read whole: an entry that is not a position as Hyperliquid writes one makes the
 * reply {@code Malformed}, naming the entry, since the account's cross totals could not be trusted
 * either. An account without an open position in the asked coin is {@code Unavailable}, saying so.
 */
final class HyperliquidPositions {

  static final String CLEARINGHOUSE_STATE = "clearinghouseState";

  private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
  private static final BigDecimal TWO = BigDecimal.valueOf(2);

  /** Hyperliquid's largest max leverage is 50x; 200 leaves room and still rejects garbage. */
  private static final int MAX_LEVERAGE_BOUND = 200;

  private HyperliquidPositions() {}

  /** One entry of {@code assetPositions}, as the venue wrote it. */
  record Position(
      int index,
      String coin,
      BigDecimal szi,
      MarginMode mode,
      Optional<BigDecimal> rawUsd,
      Optional<BigDecimal> entryPx,
      BigDecimal positionValue,
      BigDecimal unrealizedPnl,
      Optional<BigDecimal> liquidationPx,
      Optional<BigDecimal> marginUsed,
      Optional<Integer> maxLeverage,
      Optional<BigDecimal> fundingPaidSinceOpen) {

    BigDecimal size() {
      return szi.abs();
    }

    PositionSide side() {
      return szi.signum() > 0 ? PositionSide.LONG : PositionSide.SHORT;
    }

    BigDecimal signedValue() {
      return szi.signum() > 0 ? positionValue : positionValue.negate();
    }
  }

  /**
   * A whole reply. {@code crossMaintenanceMarginUsed} and {@code time} are absent in the 2023
   * shape.
   */
  record State(
      String user,
      List<Position> positions,
      Optional<BigDecimal> crossAccountValue,
      Optional<BigDecimal> crossMaintenanceMarginUsed,
      Optional<Instant> time) {

    Optional<Position> position(String coin) {
      return positions.stream().filter(p -> p.coin().equals(coin)).findFirst();
    }
  }

  /**
   * {@code account} as the lower-case address Hyperliquid is asked about, or empty when it is not a
   * 0x address of 40 hex digits.
   */
  static Optional<String> user(String account) {
    String trimmed = account.strip();
    return ADDRESS.matcher(trimmed).matches()
        ? Optional.of(trimmed.toLowerCase(Locale.ROOT))
        : Optional.empty();
  }

  /** Reads a {@code clearinghouseState} reply for {@code user}; throws {@code Rejected}. */
  static State parseState(String venueId, String user, String body) {
    String what = venueId + " " + CLEARINGHOUSE_STATE + " of " + user;
    JsonNode root = OffchainJson.object(OffchainJson.parseOrReject(body, what), what + " reply");
    JsonNode entries = OffchainJson.array(root.get("assetPositions"), what + ".assetPositions");
    List<Position> positions = new ArrayList<>(entries.size());
    Set<String> coins = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      Optional<Position> p = position(what, i, entries.get(i));
      if (p.isPresent()) {
        if (!coins.add(p.get().coin())) {
          throw OffchainJson.malformed(what + ".assetPositions lists " + p.get().coin() + " twice");
        }
        positions.add(p.get());
      }
    }
    Optional<BigDecimal> crossValue = Optional.empty();
    JsonNode cross = root.get("crossMarginSummary");
    if (cross != null && !cross.isNull()) {
      OffchainJson.object(cross, what + ".crossMarginSummary");
      crossValue =
          Optional.of(OffchainJson.decimal(cross, "accountValue", what + ".crossMarginSummary"));
    }
    Optional<BigDecimal> crossMaintenance =
        OffchainJson.optionalDecimal(root, "crossMaintenanceMarginUsed", what)
            .map(v -> OffchainJson.requireNonNegative(v, what + ".crossMaintenanceMarginUsed"));
    Optional<Instant> time =
        root.hasNonNull("time")
            ? Optional.of(OffchainJson.epochMillis(root, "time", what))
            : Optional.empty();
    return new State(user, List.copyOf(positions), crossValue, crossMaintenance, time);
  }

  /** One {@code assetPositions} entry; empty for a zero size (nothing open). */
  private static Optional<Position> position(String what, int i, JsonNode entry) {
    String entryName = what + ".assetPositions[" + i + "]";
    OffchainJson.object(entry, entryName);
    JsonNode p = OffchainJson.object(entry.get("position"), entryName + ".position");
    String coin = OffchainJson.text(p, "coin", entryName + ".position");
    String where = entryName + " (" + coin + ")";
    BigDecimal szi = OffchainJson.decimal(p, "szi", where);
    if (szi.signum() == 0) {
      return Optional.empty();
    }
    JsonNode leverage = OffchainJson.object(p.get("leverage"), where + ".leverage");
    String type = OffchainJson.text(leverage, "type", where + ".leverage");
    MarginMode mode =
        switch (type) {
          case "cross" -> MarginMode.CROSS;
          case "isolated" -> MarginMode.ISOLATED;
          default ->
              throw OffchainJson.malformed(
                  where + ".leverage.type is '" + type + "', expected 'cross' or 'isolated'");
        };
    BigDecimal value = OffchainJson.positive(p, "positionValue", where);
    Optional<BigDecimal> entryPx =
        OffchainJson.optionalDecimal(p, "entryPx", where)
            .map(v -> OffchainJson.requirePositive(v, where + ".entryPx"));
    Optional<BigDecimal> liquidationPx =
        OffchainJson.optionalDecimal(p, "liquidationPx", where)
            .map(v -> OffchainJson.requirePositive(v, where + ".liquidationPx"));
    Optional<BigDecimal> fundingPaid = Optional.empty();
    JsonNode cumFunding = p.get("cumFunding");
    if (cumFunding != null && !cumFunding.isNull()) {
      OffchainJson.object(cumFunding, where + ".cumFunding");
      fundingPaid =
          Optional.of(OffchainJson.decimal(cumFunding, "sinceOpen", where + ".cumFunding"));
    }
    return Optional.of(
        new Position(
            i,
            coin,
            szi,
            mode,
            mode == MarginMode.ISOLATED
                ? OffchainJson.optionalDecimal(leverage, "rawUsd", where + ".leverage")
                : Optional.empty(),
            entryPx,
            value,
            OffchainJson.decimal(p, "unrealizedPnl", where),
            liquidationPx,
            OffchainJson.optionalDecimal(p, "marginUsed", where)
                .map(v -> OffchainJson.requireNonNegative(v, where + ".marginUsed")),
            OffchainJson.optionalWholeNumber(p, "maxLeverage", where, 1, MAX_LEVERAGE_BOUND),
            fundingPaid));
  }

  /**
   * The coins whose {@code maxLeverage} the snapshot of {@code coin} needs from {@code meta}
   * because the reply lacks it: the position itself when isolated, every cross position when the
   * reply has no {@code crossMaintenanceMarginUsed}. Empty when the reply says enough (or holds no
   * such position: that is reported by {@link #snapshot}).
   */
  static Set<String> coinsLackingMaxLeverage(State state, String coin) {
    Optional<Position> asked = state.position(coin);
    if (asked.isEmpty()) {
      return Set.of();
    }
    Set<String> lacking = new LinkedHashSet<>();
    if (asked.get().mode() == MarginMode.ISOLATED) {
      if (asked.get().rawUsd().isEmpty() && asked.get().marginUsed().isEmpty()) {
        return Set.of();
      }
      if (asked.get().maxLeverage().isEmpty()) {
        lacking.add(coin);
      }
    } else if (state.crossMaintenanceMarginUsed().isEmpty()) {
      for (Position p : state.positions()) {
        if (p.mode() == MarginMode.CROSS && p.maxLeverage().isEmpty()) {
          lacking.add(p.coin());
        }
      }
    }
    return lacking;
  }

  /**
   * The snapshot of the position in {@code request.marketKey()}; throws {@code Rejected}.
   *
   * @param metaMaxLeverage max leverage by coin from {@code meta.universe}, for replies that lack
   *     {@code maxLeverage} (see {@link #coinsLackingMaxLeverage})
   * @param receivedAt the time of the figures when the reply carries no {@code time}
   */
  static PositionSnapshot snapshot(
      String venueId,
      PositionReader.Request request,
      State state,
      Instant receivedAt,
      Map<String, Integer> metaMaxLeverage) {
    String coin = request.marketKey();
    String what = venueId + " " + CLEARINGHOUSE_STATE + " of " + state.user();
    Position p =
        state
            .position(coin)
            .orElseThrow(
                () ->
                    OffchainJson.unavailable(
                        venueId
                            + ": "
                            + state.user()
                            + " has no open "
                            + coin
                            + " position ("
                            + state.positions().size()
                            + " open positions in "
                            + CLEARINGHOUSE_STATE
                            + "; coin names are case-sensitive)"));
    String where = what + ".assetPositions[" + p.index() + "] (" + coin + ")";
    BigDecimal mark = divide(p.positionValue(), p.size());
    BigDecimal equity;
    BigDecimal maintenance;
    if (p.mode() == MarginMode.ISOLATED) {
      equity =
          p.rawUsd()
              .map(raw -> raw.add(p.signedValue()))
              .or(p::marginUsed)
              .orElseThrow(
                  () ->
                      OffchainJson.malformed(
                          where + " is isolated but has neither leverage.rawUsd nor marginUsed"));
      maintenance = maintenance(p, maxLeverage(p, metaMaxLeverage, where));
    } else {
      equity =
          state
              .crossAccountValue()
              .orElseThrow(
                  () ->
                      OffchainJson.malformed(
                          what + ".crossMarginSummary is missing, but " + coin + " is cross"));
      Optional<BigDecimal> reported = state.crossMaintenanceMarginUsed();
      if (reported.isPresent()) {
        maintenance = reported.get();
      } else {
        maintenance = BigDecimal.ZERO;
        for (Position other : state.positions()) {
          if (other.mode() == MarginMode.CROSS) {
            String otherWhere =
                what + ".assetPositions[" + other.index() + "] (" + other.coin() + ")";
            maintenance =
                maintenance.add(
                    maintenance(other, maxLeverage(other, metaMaxLeverage, otherWhere)));
          }
        }
      }
    }
    return new PositionSnapshot(
        request.positionId(),
        request.marketId(),
        venueId + " " + CLEARINGHOUSE_STATE + " of " + state.user(),
        state.time().orElse(receivedAt),
        p.side(),
        p.size(),
        p.entryPx(),
        mark,
        p.mode(),
        equity,
        maintenance,
        p.liquidationPx(),
        Optional.of(p.unrealizedPnl()),
        p.fundingPaidSinceOpen().map(BigDecimal::negate),
        Optional.empty());
  }

  private static int maxLeverage(Position p, Map<String, Integer> meta, String where) {
    return p.maxLeverage()
        .or(() -> Optional.ofNullable(meta.get(p.coin())))
        .orElseThrow(
            () ->
                OffchainJson.malformed(
                    where
                        + " has no maxLeverage and meta.universe gives none for "
                        + p.coin()
                        + ": its maintenance margin cannot be computed"));
  }

  /** Half the initial margin at max leverage: {@code positionValue / (2 x maxLeverage)}. */
  static BigDecimal maintenance(Position p, int maxLeverage) {
    return divide(p.positionValue(), TWO.multiply(BigDecimal.valueOf(maxLeverage)));
  }

  /** The asset's {@code maxLeverage} by coin, from a {@code metaAndAssetCtxs} universe. */
  static Map<String, Integer> maxLeverages(String venueId, JsonNode universe) {
    Map<String, Integer> out = new HashMap<>();
    for (int i = 0; i < universe.size(); i++) {
      JsonNode asset = universe.get(i);
      String where = venueId + " meta.universe[" + i + "]";
      if (asset != null && asset.isObject() && asset.path("name").isTextual()) {
        OffchainJson.optionalWholeNumber(asset, "maxLeverage", where, 1, MAX_LEVERAGE_BOUND)
            .ifPresent(m -> out.putIfAbsent(asset.get("name").asText(), m));
      }
    }
    return Map.copyOf(out);
  }

  /** Exact when the quotient is finite, else to 34 significant digits. */
  static BigDecimal divide(BigDecimal dividend, BigDecimal divisor) {
    try {
      return dividend.divide(divisor);
    } catch (ArithmeticException nonTerminating) {
      return dividend.divide(divisor, MathContext.DECIMAL128);
    }
  }
}
