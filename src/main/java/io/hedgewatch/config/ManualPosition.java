package io.hedgewatch.config;

import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import java.math.BigDecimal;
import java.util.Objects;

/**
 * A position described by hand in the config, for an account hedgewatch cannot (or is not asked to)
 * read. It is liquidated where its equity, {@code collateral} plus unrealised PnL, falls to {@code
 * maintenanceMarginRatio} x size x price.
 *
 * @param size the absolute size in base units, above 0
 * @param entryPrice the average entry price, in the market's quote currency, above 0
 * @param collateral the margin behind the position, in the quote currency, above 0 (for cross
 *     margin: the part of the account's value that stands behind it)
 * @param maintenanceMarginRatio the venue's maintenance margin as a fraction of notional, above 0
 *     and below 1 ({@code 1%} is {@code 0.01})
 */
public record ManualPosition(
    PositionSide side,
    BigDecimal size,
    BigDecimal entryPrice,
    BigDecimal collateral,
    MarginMode marginMode,
    BigDecimal maintenanceMarginRatio) {

  public static final MarginMode DEFAULT_MARGIN_MODE = MarginMode.ISOLATED;

  public ManualPosition {
    Objects.requireNonNull(side, "side");
    Objects.requireNonNull(marginMode, "marginMode");
    positive(size, "size");
    positive(entryPrice, "entryPrice");
    positive(collateral, "collateral");
    positive(maintenanceMarginRatio, "maintenanceMarginRatio");
    if (maintenanceMarginRatio.compareTo(BigDecimal.ONE) >= 0) {
      throw new IllegalArgumentException(
          "maintenanceMarginRatio must be below 1, was " + maintenanceMarginRatio);
    }
  }

  private static void positive(BigDecimal value, String name) {
    Objects.requireNonNull(value, name);
    if (value.signum() <= 0) {
      throw new IllegalArgumentException(name + " must be above 0, was " + value);
    }
  }
}
