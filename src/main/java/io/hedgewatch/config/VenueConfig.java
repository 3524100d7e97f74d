package io.hedgewatch.config;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One entry of the {@code venues} section: a perp venue, read over HTTP ({@link Http}) or from a
 * chain ({@link OnChain}). Addresses are lower-case 0x hex, as everywhere in a loaded config.
 */
public sealed interface VenueConfig permits VenueConfig.Http, VenueConfig.OnChain {

  /** The key of the entry under {@code venues}. */
  String id();

  Type type();

  /** The venue types and their config names ({@code venues.*.type}). */
  enum Type {
    HYPERLIQUID("hyperliquid", false),
    DYDX_V4("dydx-v4", false),
    SYNTHETIX_V3("synthetix-v3", true),
    GMX_V2("gmx-v2", true);

    private final String configName;
    private final boolean onChain;

    Type(String configName, boolean onChain) {
      this.configName = configName;
      this.onChain = onChain;
    }

    public String configName() {
      return configName;
    }

    /** Read from a chain through {@code chains} rather than over HTTP. */
    public boolean onChain() {
      return onChain;
    }

    public static Optional<Type> fromConfigName(String name) {
      return Arrays.stream(values()).filter(t -> t.configName.equals(name)).findFirst();
    }

    public static List<String> configNames() {
      return Arrays.stream(values()).map(Type::configName).toList();
    }
  }

  /** A venue read over HTTP; {@code baseUrl} is the configured one or the venue's default. */
  sealed interface Http extends VenueConfig permits Hyperliquid, DydxV4 {
    String baseUrl();
  }

  /** A venue read with {@code eth_call} on the chain {@code chain} (a key of {@code chains}). */
  sealed interface OnChain extends VenueConfig permits SynthetixV3, GmxV2 {
    String chain();
  }

  /**
   * Hyperliquid's info API; {@code POST baseUrl/info}.
   *
   * @param baseUrl the API root, without {@code /info}
   */
  record Hyperliquid(String id, String baseUrl) implements Http {
    public static final String DEFAULT_BASE_URL = "https://api.hyperliquid.xyz";

    public Hyperliquid {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(baseUrl, "baseUrl");
    }

    @Override
    public Type type() {
      return Type.HYPERLIQUID;
    }
  }

  /**
   * A dYdX v4 indexer; {@code GET baseUrl/v4/perpetualMarkets} and so on.
   *
   * @param baseUrl the indexer root, without {@code /v4}
   */
  record DydxV4(String id, String baseUrl) implements Http {
    public static final String DEFAULT_BASE_URL = "https://indexer.dydx.trade";

    public DydxV4 {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(baseUrl, "baseUrl");
    }

    @Override
    public Type type() {
      return Type.DYDX_V4;
    }
  }

  /**
   * Synthetix v3 perps.
   *
   * @param address the PerpsMarketProxy (markets, accounts, feature flags, its own UUPS proxy slot)
   */
  record SynthetixV3(String id, String chain, String address) implements OnChain {
    public SynthetixV3 {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(chain, "chain");
      Objects.requireNonNull(address, "address");
    }

    @Override
    public Type type() {
      return Type.SYNTHETIX_V3;
    }
  }

  /**
   * GMX v2 (synthetics).
   *
   * @param reader the Reader contract that market info is read through (it changes per release)
   * @param dataStore the DataStore holding the markets' keys (funding, disabled flags)
   * @param referralStorage the ReferralStorage, needed only for position reads ({@code
   *     getPositionInfo}, {@code isPositionLiquidatable})
   */
  record GmxV2(
      String id, String chain, String reader, String dataStore, Optional<String> referralStorage)
      implements OnChain {
    public GmxV2 {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(chain, "chain");
      Objects.requireNonNull(reader, "reader");
      Objects.requireNonNull(dataStore, "dataStore");
      Objects.requireNonNull(referralStorage, "referralStorage");
    }

    @Override
    public Type type() {
      return Type.GMX_V2;
    }
  }
}
