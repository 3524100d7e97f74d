package io.hedgewatch.domain;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The emergency buffer behind a position: liquidity that can be moved in as margin, read on chain
 * (an ERC-20 balance of a holder).
 *
 * @param token the token's address, or its symbol for a buffer described by hand
 * @param holder the wallet holding it
 * @param amount in token units (scaled by its decimals)
 * @param price the token's USD price used to value it (1 for a stablecoin at peg, its feed
 *     otherwise), when known
 * @param source for people: "balanceOf(0x…) of 0x… on arbitrum"
 */
public record BufferBalance(
    String token, String holder, BigDecimal amount, Optional<BigDecimal> price, String source) {
  public BufferBalance {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(amount, "amount");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(source, "source");
  }

  public Optional<BigDecimal> value() {
    return price.map(amount::multiply);
  }
}
