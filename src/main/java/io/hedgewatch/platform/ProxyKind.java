package io.hedgewatch.platform;

import java.util.Arrays;
import java.util.Optional;

/** How a watched contract is a proxy, and so which storage slots hold its implementation. */
public enum ProxyKind {
  /**
   * EIP-1967: implementation, beacon and admin slots (OpenZeppelin transparent, UUPS and beacon
   * proxies; Pyth). The default.
   */
  EIP1967("eip1967"),
  /**
   * Synthetix v3's own UUPS proxy: the implementation at keccak256("io.synthetix.core-contracts
   * .Proxy"), the same address {@code getImplementation()} returns; no admin or beacon slot.
   */
  SYNTHETIX("synthetix"),
  /** Not a proxy: only its code hash and {@code owner()} are read. */
  NONE("none");

  private final String configName;

  ProxyKind(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Optional<ProxyKind> fromConfigName(String name) {
    return Arrays.stream(values()).filter(k -> k.configName.equals(name)).findFirst();
  }
}
