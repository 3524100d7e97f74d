package io.hedgewatch.risk;

import io.hedgewatch.domain.BufferBalance;
import io.hedgewatch.domain.HedgedExposure;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Position snapshots and contexts for the position rule tests. */
final class PositionFixtures {

  static final Instant NOW = Instant.parse("2026-03-24T12:00:00Z");
  static final String ID = "eth-hedge";
  static final String SUBJECT = "position:eth-hedge";

  private PositionFixtures() {}

  static BigDecimal dec(String value) {
    return new BigDecimal(value);
  }

  static Position position() {
    return new Position();
  }

  /**
   * A position described by hand as design.md does: side, size, entry, collateral, margin mode,
   * maintenance margin ratio; equity = collateral + PnL at the mark, maintenance = mmr × size ×
   * mark. Defaults: short 10 ETH entered at 3000, marked at 3000, 6000 collateral, isolated, 1 %.
   */
  static final class Position {
    private String id = ID;
    private PositionSide side = PositionSide.SHORT;
    private BigDecimal size = dec("10");
    private BigDecimal entry = dec("3000");
    private BigDecimal mark = dec("3000");
    private BigDecimal collateral = dec("6000");
    private BigDecimal mmr = dec("0.01");
    private MarginMode mode = MarginMode.ISOLATED;
    private Optional<BigDecimal> venueLiquidationPrice = Optional.empty();
    private Optional<Boolean> venueSaysLiquidatable = Optional.empty();
    private Optional<Integer> accountOpenPositions = Optional.empty();

    Position id(String value) {
      id = value;
      return this;
    }

    Position side(PositionSide value) {
      side = value;
      return this;
    }

    Position longs() {
      return side(PositionSide.LONG);
    }

    Position shorts() {
      return side(PositionSide.SHORT);
    }

    Position size(String value) {
      return size(dec(value));
    }

    Position size(BigDecimal value) {
      size = value;
      return this;
    }

    Position entry(String value) {
      entry = dec(value);
      return this;
    }

    Position mark(String value) {
      return mark(dec(value));
    }

    Position mark(BigDecimal value) {
      mark = value;
      return this;
    }

    Position collateral(String value) {
      return collateral(dec(value));
    }

    Position collateral(BigDecimal value) {
      collateral = value;
      return this;
    }

    Position mmr(String value) {
      mmr = dec(value);
      return this;
    }

    Position cross() {
      mode = MarginMode.CROSS;
      return this;
    }

    Position isolated() {
      mode = MarginMode.ISOLATED;
      return this;
    }

    Position venueLiquidationPrice(String value) {
      venueLiquidationPrice = Optional.of(dec(value));
      return this;
    }

    Position venueSaysLiquidatable(boolean value) {
      venueSaysLiquidatable = Optional.of(value);
      return this;
    }

    Position accountOpenPositions(int value) {
      accountOpenPositions = Optional.of(value);
      return this;
    }

    BigDecimal equity() {
      return collateral.add(side.sign().multiply(size).multiply(mark.subtract(entry)));
    }

    PositionSnapshot build() {
      return new PositionSnapshot(
          id,
          "eth-perp",
          "described in config",
          NOW,
          side,
          size,
          Optional.of(entry),
          mark,
          mode,
          equity(),
          mmr.multiply(size).multiply(mark),
          venueLiquidationPrice,
          Optional.empty(),
          Optional.empty(),
          venueSaysLiquidatable,
          accountOpenPositions);
    }
  }

  /**
   * A snapshot given directly by equity and maintenance at the mark, as a venue reader fills it.
   */
  static PositionSnapshot snapshot(
      PositionSide side, String size, String mark, String equity, String maintenance) {
    return new PositionSnapshot(
        ID,
        "eth-perp",
        "test",
        NOW,
        side,
        dec(size),
        Optional.empty(),
        dec(mark),
        MarginMode.ISOLATED,
        dec(equity),
        dec(maintenance),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /** The same snapshot with other equity and maintenance (what a venue shows after an action). */
  static PositionSnapshot with(
      PositionSnapshot p, BigDecimal size, BigDecimal equity, BigDecimal maintenance) {
    return new PositionSnapshot(
        p.positionId(),
        p.marketId(),
        p.source(),
        p.at(),
        p.side(),
        size,
        p.entryPrice(),
        p.markPrice(),
        p.marginMode(),
        equity,
        maintenance,
        Optional.empty(),
        p.unrealizedPnl(),
        p.accruedFunding(),
        Optional.empty());
  }

  static PositionContext context() {
    return PositionContext.of("ETH", "USDC");
  }

  static HedgedExposure held(String amount) {
    return new HedgedExposure("ETH", dec(amount), Optional.of(dec("3000")), "config");
  }

  static BufferBalance buffer(String usdc) {
    return new BufferBalance("USDC", "0xb0ff", dec(usdc), Optional.of(BigDecimal.ONE), "test");
  }

  static RuleSettings settings(String rule, Map<String, Object> overrides) {
    return RuleSettings.of(RuleCatalog.find(rule).orElseThrow(), overrides);
  }

  static RuleSettingsLookup lookup(String rule, Map<String, Object> overrides) {
    return RuleSettingsLookup.of(Map.of(rule, settings(rule, overrides)));
  }
}
