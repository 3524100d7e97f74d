package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.FeedType;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped {@code config/arbitrum.yaml} must load cleanly and say what its comments say. */
class ArbitrumConfigTest {

  static Path arbitrumYaml() {
    return Path.of(System.getProperty("hedgewatch.home", ".")).resolve("config/arbitrum.yaml");
  }

  private static HedgewatchConfig load(Map<String, String> env) {
    LoadResult result = ConfigLoader.load(arbitrumYaml(), env);
    assertThat(result).as("problems: %s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  @Test
  void loads_without_problems_and_without_any_environment() {
    HedgewatchConfig config = load(Map.of());

    assertThat(config.chains()).containsOnlyKeys("arbitrum");
    assertThat(config.feeds())
        .containsOnlyKeys("eth-usd", "btc-usd", "usdc-usd", "eth-usd-pyth", "btc-usd-pyth");
    assertThat(config.references())
        .containsOnlyKeys("binance", "coinbase", "kraken", "okx", "bybit");
    assertThat(config.ignoredSections()).isEmpty();
  }

  @Test
  void the_chain_is_arbitrum_one_with_failover_rpc_and_sequencer_feed() {
    ChainConfig chain = load(Map.of()).chains().get("arbitrum");

    assertThat(chain.chainId()).isEqualTo(42161L);
    assertThat(chain.rpcUrls())
        .containsExactly("https://arb1.arbitrum.io/rpc", "https://arbitrum-one-rpc.publicnode.com");
    assertThat(chain.multicall3()).isEqualTo(ChainConfig.DEFAULT_MULTICALL3);
    assertThat(chain.sequencerUptimeFeed()).contains("0xfdb631f5ee196f0ed6faa767959853a9f217697d");
  }

  @Test
  void the_first_rpc_url_comes_from_the_environment_when_set() {
    ChainConfig chain =
        load(Map.of("ARBITRUM_RPC_URL", "https://arb-mainnet.example/v2/key"))
            .chains()
            .get("arbitrum");
    assertThat(chain.rpcUrls()).first().isEqualTo("https://arb-mainnet.example/v2/key");
  }

  @Test
  void feeds_carry_their_published_heartbeat_and_deviation() {
    HedgewatchConfig config = load(Map.of());

    var eth = config.feeds().get("eth-usd").spec();
    assertThat(eth.address()).isEqualTo("0x639fe6ab55c921f74e7fac1ee960c0b6293ba612");
    assertThat(eth.heartbeat()).isEqualTo(Duration.ofHours(24));
    assertThat(eth.deviationThreshold()).isEqualTo(new BigDecimal("0.0005"));

    var usdc = config.feeds().get("usdc-usd").spec();
    assertThat(usdc.address()).isEqualTo("0x50834f3163758fcc1df9973b6e91f0f0f0434ad3");
    assertThat(usdc.deviationThreshold()).isEqualTo(new BigDecimal("0.001"));

    var pyth = config.feeds().get("eth-usd-pyth").spec();
    assertThat(pyth.type()).isEqualTo(FeedType.PYTH);
    assertThat(pyth.address()).isEqualTo("0xff1a0f4744e8582df1ae09d5611b887b6a12925c");
    assertThat(pyth.priceId())
        .contains("0xff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace");
    assertThat(pyth.heartbeat()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void its_rule_overrides_are_typed() {
    HedgewatchConfig config = load(Map.of());
    assertThat(config.rule("oracle.stale").duration("grace")).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.rule("oracle.drift").sustain()).isEqualTo(2);
  }
}
