package io.hedgewatch.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the {@code watch} section: a contract whose implementation, admin, owner, code and
 * pause state are watched (subject {@code contract:<id>}). Addresses are lower-case 0x hex.
 *
 * @param chain the key of its chain under {@code chains}
 * @param proxy where its implementation (and admin) are read from
 * @param expectImplementation the implementation it must point at; without it the first observation
 *     is the baseline
 * @param expectAdmin the EIP-1967 admin it must have (only with {@link Proxy#EIP1967})
 * @param expectOwner what its {@code owner()} must return
 */
public record WatchConfig(
    String id,
    String chain,
    String address,
    Proxy proxy,
    Optional<String> expectImplementation,
    Optional<String> expectAdmin,
    Optional<String> expectOwner) {

  public static final Proxy DEFAULT_PROXY = Proxy.EIP1967;

  /** How the contract is a proxy, if it is one ({@code watch.*.proxy}). */
  public enum Proxy {
    /** EIP-1967 implementation, beacon and admin slots (OpenZeppelin transparent, UUPS, beacon). */
    EIP1967("eip1967"),
    /**
     * Synthetix v3's own UUPS proxy: the implementation at keccak256("io.synthetix.core-contracts
     * .Proxy"), no admin slot.
     */
    SYNTHETIX("synthetix"),
    /** Not a proxy: only its code hash, owner and pause state are watched. */
    NONE("none");

    private final String configName;

    Proxy(String configName) {
      this.configName = configName;
    }

    public String configName() {
      return configName;
    }

    public static Optional<Proxy> fromConfigName(String name) {
      return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst();
    }

    public static List<String> configNames() {
      return Arrays.stream(values()).map(Proxy::configName).toList();
    }
  }

  public WatchConfig {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(expectImplementation, "expectImplementation");
    Objects.requireNonNull(expectAdmin, "expectAdmin");
    Objects.requireNonNull(expectOwner, "expectOwner");
  }
}
