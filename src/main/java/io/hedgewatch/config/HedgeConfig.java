package io.hedgewatch.config;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One exposure a position hedges ({@code positions.*.hedges}): a fixed amount of an asset, or a
 * balance read on chain. Either is valued at the reference price of the position's market.
 */
public sealed interface HedgeConfig permits HedgeConfig.Amount, HedgeConfig.Wallet {

  /** The asset hedged, upper case: the base of the market's reference pair when it has one. */
  String asset();

  /**
   * A fixed amount, in asset units: positive for an exposure held long (spot held, hedged by a
   * short perp), negative for one held short (e.g. a borrowed asset, hedged by a long perp); never
   * zero.
   */
  record Amount(String asset, BigDecimal amount) implements HedgeConfig {
    public Amount {
      Objects.requireNonNull(asset, "asset");
      Objects.requireNonNull(amount, "amount");
      if (amount.signum() == 0) {
        throw new IllegalArgumentException("a hedged amount is never zero");
      }
    }
  }

  /** A balance read on chain: an exposure held long, of the balance's size. */
  record Wallet(String asset, WalletHolding wallet) implements HedgeConfig {
    public Wallet {
      Objects.requireNonNull(asset, "asset");
      Objects.requireNonNull(wallet, "wallet");
    }
  }
}
