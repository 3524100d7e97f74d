package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.FeedType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped configs under {@code config/} load cleanly, with and without their environment
 * variables, and carry the venues, markets and watched contracts their comments describe.
 */
class ReadyConfigsTest {

  static Path configFile(String name) {
    return Path.of(System.getProperty("hedgewatch.home", ".")).resolve("config").resolve(name);
  }

  private static HedgewatchConfig load(String name, Map<String, String> env) {
    LoadResult result = ConfigLoader.load(configFile(name), env);
    assertThat(result).as("problems: %s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  private static HedgewatchConfig load(String name) {
    return load(name, Map.of());
  }

  @ParameterizedTest
  @ValueSource(strings = {"arbitrum.yaml", "base.yaml", "hyperliquid.yaml"})
  void loads_without_problems_and_ignores_nothing(String name) {
    HedgewatchConfig config = load(name);
    assertThat(config.ignoredSections()).isEmpty();
    assertThat(config.markets()).isNotEmpty();
    assertThat(config.storage()).isEqualTo(StorageConfig.ofDefaults());
  }

  @ParameterizedTest
  @ValueSource(strings = {"arbitrum.yaml", "base.yaml", "hyperliquid.yaml"})
  void takes_the_store_from_the_environment(String name) {
    HedgewatchConfig config =
        load(name, Map.of("HEDGEWATCH_DB_URL", "jdbc:postgresql://db.example/hedgewatch"));
    assertThat(config.storage().backend()).isEqualTo(StorageConfig.Backend.POSTGRESQL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"arbitrum.yaml", "base.yaml", "hyperliquid.yaml"})
  void alerts_go_to_stdout_and_a_jsonl_file_and_the_api_stays_on_loopback(String name) {
    HedgewatchConfig config = load(name);

    assertThat(config.alerts().repeatAfter()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.alerts().sinks())
        .containsExactly(
            new SinkConfig.Stdout("stdout", DeliveryPolicy.ofDefaults()),
            new SinkConfig.Jsonl(
                "jsonl",
                Path.of("alerts.jsonl").toAbsolutePath().normalize(),
                DeliveryPolicy.ofDefaults()));
    assertThat(config.api()).isEqualTo(new ApiConfig("127.0.0.1", 8787, Optional.empty()));
    assertThat(config.api().loopback()).isTrue();
  }

  /**
   * The commented webhook and Slack sinks and the API token, uncommented: every line that holds
   * only a comment starting with "- { type:" or "token:".
   */
  @ParameterizedTest
  @ValueSource(strings = {"arbitrum.yaml", "base.yaml", "hyperliquid.yaml"})
  void the_commented_sinks_and_token_validate_once_uncommented_and_their_variables_set(String name)
      throws java.io.IOException {
    String text =
        java.nio.file.Files.readString(configFile(name))
            .replaceAll("(?m)^(\\s+)# (- \\{ type: |token: )", "$1$2");
    Map<String, String> env =
        Map.of(
            "HEDGEWATCH_WEBHOOK_URL", "https://bot.example/hook",
            "HEDGEWATCH_WEBHOOK_SECRET", "0123456789abcdef",
            "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T0/B0/abc",
            "HEDGEWATCH_API_TOKEN", "an-api-token");

    LoadResult result = ConfigLoader.parse(text, configFile(name), env);

    assertThat(result).as("problems: %s", result).isInstanceOf(LoadResult.Loaded.class);
    HedgewatchConfig config = ((LoadResult.Loaded) result).config();
    assertThat(config.alerts().sinks())
        .extracting(SinkConfig::name)
        .containsExactly("stdout", "jsonl", "webhook", "slack");
    assertThat(config.alerts().sinks().get(2))
        .isEqualTo(
            new SinkConfig.Webhook(
                "webhook",
                java.net.URI.create("https://bot.example/hook"),
                "0123456789abcdef",
                DeliveryPolicy.ofDefaults()));
    assertThat(config.alerts().sinks().get(3).delivery().maxAttempts()).isEqualTo(6);
    assertThat(config.api().token()).contains("an-api-token");
  }

  @Test
  void arbitrum_holds_the_gmx_markets_against_chainlink() {
    HedgewatchConfig config = load("arbitrum.yaml");

    assertThat(config.venues().get("gmx"))
        .isEqualTo(
            new VenueConfig.GmxV2(
                "gmx",
                "arbitrum",
                "0x470fbc46bcc0f16532691df360a07d8bf5ee0789",
                "0xfd70de6b91282d8017aa4e741e9ae325cab992d8",
                Optional.of("0xe6fab3f0c7199b0d34d7fbe83394fc0e0d06e99d")));
    assertThat(config.venues().get("snx"))
        .isEqualTo(
            new VenueConfig.SynthetixV3(
                "snx", "arbitrum", "0xd762960c31210cf1bdf75b06a5192d395eedc659"));

    MarketConfig eth = config.markets().get("gmx-eth-usd");
    assertThat(eth.market()).isEqualTo("0x70d95587d40a2caf56bd97485ab3eec10bee6336");
    assertThat(eth.oracleFeed()).contains("eth-usd");
    assertThat(eth.reference().map(FeedReference::symbol)).contains("ETH/USD");
    assertThat(eth.fundingReferences()).containsExactly(CexFundingVenue.values());
    MarketConfig btc = config.markets().get("gmx-btc-usd");
    assertThat(btc.market()).isEqualTo("0x47c031236e19d024b42f8ae6780e44a573170703");
    assertThat(btc.oracleFeed()).contains("btc-usd");
    assertThat(config.marketsOf("snx"))
        .extracting(MarketConfig::market)
        .containsExactly("100", "200");

    assertThat(config.watch().get("pyth-arbitrum").proxy()).isEqualTo(WatchConfig.Proxy.EIP1967);
    assertThat(config.watch().get("pyth-arbitrum").address())
        .isEqualTo("0xff1a0f4744e8582df1ae09d5611b887b6a12925c");
    assertThat(config.watch().get("gmx-datastore").proxy()).isEqualTo(WatchConfig.Proxy.NONE);
    assertThat(config.watch().get("snx-perps-arbitrum").proxy())
        .isEqualTo(WatchConfig.Proxy.SYNTHETIX);
  }

  @Test
  void base_holds_the_synthetix_markets_against_pyth() {
    HedgewatchConfig config = load("base.yaml");

    ChainConfig base = config.chains().get("base");
    assertThat(base.chainId()).isEqualTo(8453L);
    assertThat(base.rpcUrls())
        .containsExactly("https://mainnet.base.org", "https://base-rpc.publicnode.com");
    assertThat(base.sequencerUptimeFeed()).contains("0xbcf85224fc0756b9fa45aa7892530b47e10b6433");

    assertThat(config.feeds().get("eth-usd").spec().address())
        .isEqualTo("0x71041dddad3595f9ced3dccfbe3d1f4b0a16bb70");
    assertThat(config.feeds().get("btc-usd").spec().address())
        .isEqualTo("0x64c911996d3c6ac71f9b455b1e8e7266bcbd848f");
    var pyth = config.feeds().get("eth-usd-pyth").spec();
    assertThat(pyth.type()).isEqualTo(FeedType.PYTH);
    assertThat(pyth.address()).isEqualTo("0x8250f4af4b972684f7b336503e2d6dfedeb1487a");
    assertThat(pyth.priceId())
        .contains("0xff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace");
    assertThat(pyth.heartbeat()).isEqualTo(Duration.ofSeconds(60));

    assertThat(config.venues().get("snx"))
        .isEqualTo(
            new VenueConfig.SynthetixV3(
                "snx", "base", "0x0a2af931effd34b81ebcc57e3d3c9b1e1de1c9ce"));
    assertThat(config.markets().get("snx-eth-perp").market()).isEqualTo("100");
    assertThat(config.markets().get("snx-eth-perp").oracleFeed()).contains("eth-usd-pyth");
    assertThat(config.markets().get("snx-btc-perp").market()).isEqualTo("200");
    assertThat(config.markets().get("snx-btc-perp").oracleFeed()).contains("btc-usd-pyth");

    assertThat(config.watch().get("pyth-base").proxy()).isEqualTo(WatchConfig.Proxy.EIP1967);
    assertThat(config.watch().get("snx-perps-base").proxy()).isEqualTo(WatchConfig.Proxy.SYNTHETIX);
    assertThat(config.watch().get("snx-perps-base").address())
        .isEqualTo("0x0a2af931effd34b81ebcc57e3d3c9b1e1de1c9ce");
  }

  @Test
  void base_takes_its_rpc_url_from_the_environment_when_set() {
    ChainConfig base =
        load("base.yaml", Map.of("BASE_RPC_URL", "https://base-mainnet.example/v2/key"))
            .chains()
            .get("base");
    assertThat(base.rpcUrls()).first().isEqualTo("https://base-mainnet.example/v2/key");
  }

  @Test
  void hyperliquid_needs_no_chain_and_compares_funding_with_three_venues() {
    HedgewatchConfig config = load("hyperliquid.yaml");

    assertThat(config.chains()).isEmpty();
    assertThat(config.feeds()).isEmpty();
    assertThat(config.venues())
        .containsExactly(
            Map.entry(
                "hyperliquid",
                new VenueConfig.Hyperliquid(
                    "hyperliquid", VenueConfig.Hyperliquid.DEFAULT_BASE_URL)));
    assertThat(config.markets().values())
        .extracting(MarketConfig::market)
        .containsExactly("ETH", "BTC");
    List<CexFundingVenue> three =
        List.of(CexFundingVenue.BINANCE, CexFundingVenue.OKX, CexFundingVenue.BYBIT);
    assertThat(config.markets().values())
        .allSatisfy(
            m -> {
              assertThat(m.fundingReferences()).isEqualTo(three);
              assertThat(m.reference().orElseThrow().sources())
                  .containsExactly("binance", "okx", "bybit");
            });
    assertThat(config.references()).containsKeys("binance", "okx", "bybit");
  }
}
