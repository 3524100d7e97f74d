package io.hedgewatch.platform;

import io.hedgewatch.risk.PlatformExpectations;
import java.util.Locale;
import java.util.Objects;

/**
 * A contract whose control surface is read every cycle: a {@code watch} entry ({@code
 * contract:ID}), a venue's contract ({@code venue:ID}) or a feed's proxy ({@code feed:ID}).
 *
 * @param subject the alert subject, e.g. {@code contract:pyth-arbitrum}
 * @param address 0x hex; kept lower-case
 */
public record WatchedContract(
    String subject, String address, ProxyKind proxy, PlatformExpectations expect) {

  public WatchedContract {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(expect, "expect");
    if (!address.matches("0[xX][0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException("address must be 0x and 40 hex digits, was " + address);
    }
    address = address.toLowerCase(Locale.ROOT);
  }

  /** An EIP-1967 contract with nothing pinned. */
  public static WatchedContract of(String subject, String address) {
    return new WatchedContract(subject, address, ProxyKind.EIP1967, PlatformExpectations.NONE);
  }
}
