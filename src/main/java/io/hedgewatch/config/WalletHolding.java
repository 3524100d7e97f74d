package io.hedgewatch.config;

import java.util.Objects;
import java.util.Optional;

/**
 * A balance read on chain: the ERC-20 {@code balanceOf(holder)} of {@code token}, or without a
 * token the holder's native balance ({@code eth_getBalance}). Addresses are lower case.
 *
 * @param chain the key of the chain under {@code chains}
 */
public record WalletHolding(String chain, Optional<String> token, String holder) {
  public WalletHolding {
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(holder, "holder");
  }

  /** The chain's native coin rather than a token. */
  public boolean isNative() {
    return token.isEmpty();
  }
}
