package io.hedgewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hedgewatch.config.ConfigLoader;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.LoadResult;
import io.hedgewatch.platform.ProxyKind;
import io.hedgewatch.platform.WatchedContract;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchedContractsTest {

  private static final String SNX = "0x0000000000000000000000000000000000000a01";
  private static final String GMX_READER = "0x0000000000000000000000000000000000000b01";
  private static final String GMX_STORE = "0x0000000000000000000000000000000000000b02";
  private static final String GMX_REFERRALS = "0x0000000000000000000000000000000000000b03";
  private static final String ETH_PROXY = "0x0000000000000000000000000000000000000c01";
  private static final String PYTH = "0x0000000000000000000000000000000000000d01";
  private static final String OTHER_CHAIN_FEED = "0x0000000000000000000000000000000000000e01";

  private static final String CONFIG =
      """
      chains:
        base: { chainId: 8453, rpcUrls: ["https://base.example"] }
        arbitrum: { chainId: 42161, rpcUrls: ["https://arb.example"] }
      venues:
        snx: { type: synthetix-v3, chain: base, address: "%s" }
        gmx: { type: gmx-v2, chain: base, reader: "%s", dataStore: "%s", referralStorage: "%s" }
        hl: { type: hyperliquid }
      feeds:
        eth-usd: { chain: base, type: chainlink, address: "%s", heartbeat: 1h }
        eth-pyth:
          chain: base
          type: pyth
          address: "%s"
          priceId: "0xff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace"
          heartbeat: 60s
        btc-pyth:
          chain: base
          type: pyth
          address: "%s"
          priceId: "0xe62df6c8b4a85fe1a67db44dc12de5db330f7ac66b72dc658afedf0f4a415b43"
          heartbeat: 60s
        arb-eth: { chain: arbitrum, type: chainlink, address: "%s", heartbeat: 1h }
      """
          .formatted(
              SNX, GMX_READER, GMX_STORE, GMX_REFERRALS, ETH_PROXY, PYTH, PYTH, OTHER_CHAIN_FEED);

  private static HedgewatchConfig load(String yaml) {
    LoadResult result = ConfigLoader.parse(yaml, Path.of("test.yaml"), Map.of());
    assertThat(result).as("%s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  @Test
  void venues_and_feeds_are_watched_without_any_watch_entry_each_by_its_own_kind() {
    List<WatchedContract> base = WatchedContracts.on(load(CONFIG), "base");
    assertThat(base)
        .extracting(WatchedContract::subject, WatchedContract::address, WatchedContract::proxy)
        .containsExactly(
            tuple("venue:snx", SNX, ProxyKind.SYNTHETIX),
            tuple("venue:gmx", GMX_READER, ProxyKind.NONE),
            tuple("venue:gmx", GMX_STORE, ProxyKind.NONE),
            tuple("venue:gmx", GMX_REFERRALS, ProxyKind.NONE),
            tuple("feed:eth-usd", ETH_PROXY, ProxyKind.NONE),
            // One Pyth contract serves both feeds: it is read once, under the first.
            tuple("feed:eth-pyth", PYTH, ProxyKind.EIP1967));
    assertThat(WatchedContracts.on(load(CONFIG), "arbitrum"))
        .extracting(WatchedContract::subject)
        .containsExactly("feed:arb-eth");
  }

  @Test
  void an_explicit_watch_entry_on_the_same_address_wins_with_its_kind_and_pins() {
    String owner = "0x00000000000000000000000000000000000000f1";
    HedgewatchConfig config =
        load(
            CONFIG
                + """
                watch:
                  snx-proxy: { chain: base, address: "%s", proxy: eip1967, expectOwner: "%s" }
                  pyth-elsewhere: { chain: arbitrum, address: "%s" }
                """
                    .formatted(SNX.toUpperCase().replace("0X", "0x"), owner, PYTH));
    List<WatchedContract> base = WatchedContracts.on(config, "base");
    assertThat(base).extracting(WatchedContract::subject).doesNotContain("venue:snx");
    assertThat(base.get(0).subject()).isEqualTo("contract:snx-proxy");
    assertThat(base.get(0).address()).isEqualTo(SNX);
    assertThat(base.get(0).proxy()).isEqualTo(ProxyKind.EIP1967);
    assertThat(base.get(0).expect().owner()).contains(owner);
    // The same address on another chain is another contract: the feed on base keeps its subject.
    assertThat(base).extracting(WatchedContract::subject).contains("feed:eth-pyth");
  }

  @Test
  void sources_name_the_kind_of_subject() {
    assertThat(WatchedContracts.source("contract:vault")).contains("watch");
    assertThat(WatchedContracts.source("venue:snx")).contains("venue");
    assertThat(WatchedContracts.source("feed:eth-usd")).contains("feed");
    assertThat(WatchedContracts.source("market:eth-perp")).isEmpty();
  }
}
