package io.hedgewatch.config;

import java.util.Objects;
import java.util.Optional;

/**
 * The emergency buffer behind a position ({@code positions.*.buffer}): liquidity that can be moved
 * in as margin.
 *
 * @param feed the key of the feed whose answer prices the buffer's token; without one the buffer is
 *     taken to be a USD stablecoin worth 1 (a native-coin buffer always has one)
 */
public record BufferConfig(WalletHolding wallet, Optional<String> feed) {
  public BufferConfig {
    Objects.requireNonNull(wallet, "wallet");
    Objects.requireNonNull(feed, "feed");
    if (wallet.isNative() && feed.isEmpty()) {
      throw new IllegalArgumentException("a native-coin buffer needs a feed to price it");
    }
  }
}
