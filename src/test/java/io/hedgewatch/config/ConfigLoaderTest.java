package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.FeedType;
import io.hedgewatch.domain.MarketHours;
import io.hedgewatch.risk.RuleCatalog;
import io.hedgewatch.risk.RuleSettings;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {

  /** A small valid config; tests change one thing in it. */
  private static final String VALID =
      """
      chains:
        arbitrum:
          chainId: 42161
          rpcUrls: ["https://arb1.arbitrum.io/rpc"]
      references:
        binance: {}
        kraken: {}
      feeds:
        eth-usd:
          chain: arbitrum
          type: chainlink
          address: "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612"
          heartbeat: 24h
      """;

  private static final String SOURCE = "test.yaml";

  private static LoadResult parse(String yaml, Map<String, String> env) {
    return ConfigLoader.parse(yaml, Path.of(SOURCE), env);
  }

  private static HedgewatchConfig loaded(String yaml) {
    return loaded(yaml, Map.of());
  }

  private static HedgewatchConfig loaded(String yaml, Map<String, String> env) {
    LoadResult result = parse(yaml, env);
    assertThat(result).as("problems: %s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  private static List<ConfigProblem> problems(String yaml) {
    return problems(yaml, Map.of());
  }

  private static List<ConfigProblem> problems(String yaml, Map<String, String> env) {
    LoadResult result = parse(yaml, env);
    assertThat(result).isInstanceOf(LoadResult.Invalid.class);
    return ((LoadResult.Invalid) result).problems();
  }

  /** The one problem of {@code yaml}. */
  private static ConfigProblem problem(String yaml) {
    List<ConfigProblem> problems = problems(yaml);
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  @Nested
  class Valid {

    @Test
    void builds_chains_feeds_and_references_with_their_defaults() {
      HedgewatchConfig config = loaded(VALID);

      ChainConfig chain = config.chains().get("arbitrum");
      assertThat(chain.chainId()).isEqualTo(42161L);
      assertThat(chain.rpcUrls()).containsExactly("https://arb1.arbitrum.io/rpc");
      assertThat(chain.multicall3()).isEqualTo(ChainConfig.DEFAULT_MULTICALL3);
      assertThat(chain.sequencerUptimeFeed()).isEmpty();
      assertThat(chain.pollInterval()).isEqualTo(Duration.ofSeconds(2));
      assertThat(chain.rpcTimeout()).isEqualTo(Duration.ofSeconds(10));
      assertThat(chain.maxHeadAge()).isEmpty();

      FeedSpec feed = config.feeds().get("eth-usd").spec();
      assertThat(feed)
          .isEqualTo(
              new FeedSpec(
                  "eth-usd",
                  "arbitrum",
                  FeedType.CHAINLINK,
                  "0x639fe6ab55c921f74e7fac1ee960c0b6293ba612",
                  java.util.Optional.empty(),
                  Duration.ofHours(24),
                  new BigDecimal("0.005"),
                  MarketHours.CRYPTO,
                  java.util.Optional.empty()));
      assertThat(config.feeds().get("eth-usd").reference()).isEmpty();

      assertThat(config.references()).containsOnlyKeys("binance", "kraken");
      assertThat(config.references().get("binance").baseUrl()).isEmpty();
      assertThat(config.rules()).isEmpty();
      assertThat(config.ignoredSections()).isEmpty();
      assertThat(config.source()).isEqualTo(Path.of(SOURCE));
    }

    @Test
    void reads_every_chain_and_feed_key() {
      HedgewatchConfig config =
          loaded(
              """
          chains:
            base:
              chainId: 8453
              rpcUrls: "wss://base.example/ws"
              multicall3: "0x0000000000000000000000000000000000000abc"
              sequencerUptimeFeed: "0xBCF85224fc0756B9Fa45aA7892530B47e10b6433"
              pollInterval: 500ms
              rpcTimeout: 1m30s
              maxHeadAge: 10m
          references:
            binance: { baseUrl: "https://api.binance.com", futuresBaseUrl: "https://fapi.binance.com" }
            coinbase:
          feeds:
            eth-usd:
              chain: base
              type: chainlink
              address: "0x71041dddad3595f9ced3dccfbe3d1f4b0a16bb70"
              heartbeat: 1200
              deviationThreshold: 15bps
              marketHours: us-equities
              expectAggregator: "0x0000000000000000000000000000000000000001"
              reference:
                symbol: ETH/USD
                sources: [binance, coinbase]
                minSources: 1
            eth-pyth:
              chain: base
              type: pyth
              address: "0x8250f4aF4B972684F7b336503E2D6dFeDeB1487a"
              priceId: "0xff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace"
              heartbeat: 60s
              deviationThreshold: 0.001
          """);

      ChainConfig chain = config.chains().get("base");
      assertThat(chain.rpcUrls()).containsExactly("wss://base.example/ws");
      assertThat(chain.multicall3()).isEqualTo("0x0000000000000000000000000000000000000abc");
      assertThat(chain.sequencerUptimeFeed())
          .contains("0xbcf85224fc0756b9fa45aa7892530b47e10b6433");
      assertThat(chain.pollInterval()).isEqualTo(Duration.ofMillis(500));
      assertThat(chain.rpcTimeout()).isEqualTo(Duration.ofSeconds(90));
      assertThat(chain.maxHeadAge()).contains(Duration.ofMinutes(10));

      assertThat(config.references().get("binance").futuresBaseUrl())
          .contains("https://fapi.binance.com");
      assertThat(config.references().get("coinbase").baseUrl()).isEmpty();

      FeedConfig eth = config.feeds().get("eth-usd");
      assertThat(eth.spec().heartbeat()).isEqualTo(Duration.ofMinutes(20));
      assertThat(eth.spec().deviationThreshold()).isEqualTo(new BigDecimal("0.0015"));
      assertThat(eth.spec().marketHours()).isEqualTo(MarketHours.US_EQUITIES);
      assertThat(eth.spec().expectAggregator())
          .contains("0x0000000000000000000000000000000000000001");
      assertThat(eth.reference())
          .contains(new FeedReference("ETH/USD", List.of("binance", "coinbase"), 1));

      FeedSpec pyth = config.feeds().get("eth-pyth").spec();
      assertThat(pyth.type()).isEqualTo(FeedType.PYTH);
      assertThat(pyth.priceId())
          .contains("0xff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace");
      assertThat(pyth.deviationThreshold()).isEqualTo(new BigDecimal("0.001"));
    }

    @Test
    void max_head_age_off_turns_the_chains_head_age_check_off() {
      HedgewatchConfig config =
          loaded(VALID.replace("chainId: 42161", "chainId: 42161\n    maxHeadAge: off"));
      assertThat(config.chains().get("arbitrum").maxHeadAge()).contains(ChainConfig.HEAD_AGE_OFF);
    }

    @Test
    void keeps_the_order_of_the_file() {
      HedgewatchConfig config =
          loaded(
              VALID.replace(
                  "feeds:\n",
                  """
          feeds:
            zz-first:
              chain: arbitrum
              type: chainlink
              address: "0x0000000000000000000000000000000000000001"
              heartbeat: 1h
          """));
      assertThat(config.feeds().keySet()).containsExactly("zz-first", "eth-usd");
    }

    @Test
    void a_reference_without_sources_means_every_configured_venue_with_two_required() {
      HedgewatchConfig config =
          loaded(
              VALID
                  + """
              reference: { symbol: ETH/USD }
          """);
      assertThat(config.feeds().get("eth-usd").reference())
          .contains(new FeedReference("ETH/USD", List.of(), FeedReference.DEFAULT_MIN_SOURCES));
    }

    @Test
    void a_config_without_feeds_is_valid() {
      HedgewatchConfig config =
          loaded(
              """
          chains:
            arbitrum: { chainId: 42161, rpcUrls: ["https://arb1.arbitrum.io/rpc"] }
          feeds: {}
          """);
      assertThat(config.feeds()).isEmpty();
      assertThat(config.chains()).hasSize(1);
    }

    @Test
    void accepts_unquoted_hex_that_yaml_would_read_as_a_number() {
      HedgewatchConfig config =
          loaded(
              VALID.replace(
                  "\"0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612\"",
                  "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612"));
      assertThat(config.feeds().get("eth-usd").spec().address())
          .isEqualTo("0x639fe6ab55c921f74e7fac1ee960c0b6293ba612");
    }

    @Test
    void validates_alerts_and_api_instead_of_ignoring_them() {
      List<ConfigProblem> problems =
          problems(
              VALID
                  + """
          alerts:
            sinks: [{ type: webhook, secret: "${UNSET_SECRET}", anything: [1, 2] }]
          api: { bind: "127.0.0.1:8787" }
          positions: {}
          """);
      assertThat(problems)
          .extracting(ConfigProblem::path)
          .containsExactly(
              "alerts.sinks[0].anything", "alerts.sinks[0].url", "alerts.sinks[0].secret");
      assertThat(ConfigLoader.IGNORED_SECTIONS).isEmpty();
    }

    @Test
    void types_rule_overrides_by_the_catalogue_and_keeps_the_other_defaults() {
      HedgewatchConfig config =
          loaded(
              VALID
                  + """
          rules:
            oracle.stale: { grace: 10m, criticalHeartbeats: 3 }
            oracle.drift: { warn: 0.5%, critical: 150bps, sustain: 2 }
            monitor.blind: { enabled: false }
            sequencer.down:
          """);
      RuleSettings stale = config.rule("oracle.stale");
      assertThat(stale.duration("grace")).isEqualTo(Duration.ofMinutes(10));
      assertThat(stale.count("criticalHeartbeats")).isEqualTo(3);
      assertThat(stale.enabled()).isTrue();
      RuleSettings drift = config.rule("oracle.drift");
      assertThat(drift.ratio("warn")).isEqualTo(new BigDecimal("0.005"));
      assertThat(drift.ratio("critical")).isEqualTo(new BigDecimal("0.015"));
      assertThat(drift.sustain()).isEqualTo(2);
      assertThat(config.rule("monitor.blind").enabled()).isFalse();
      assertThat(config.rules()).containsKey("sequencer.down");
      assertThat(config.rule("oracle.bounds").ratio("margin")).isEqualTo(new BigDecimal("0.005"));
    }

    @Test
    void resolves_each_rules_settings_once_and_a_configured_rule_wins_over_the_defaults() {
      HedgewatchConfig config =
          loaded(
              VALID
                  + """
          rules:
            oracle.drift: { warn: 0.8% }
          """);
      // Rules look their settings up on every observation: the lookup must not rebuild them.
      assertThat(config.rule("oracle.stale")).isSameAs(config.rule("oracle.stale"));
      assertThat(config.rule("oracle.stale")).isSameAs(RuleCatalog.defaults("oracle.stale"));
      assertThat(config.rule("oracle.drift")).isSameAs(config.rule("oracle.drift"));
      assertThat(config.rule("oracle.drift")).isNotEqualTo(RuleCatalog.defaults("oracle.drift"));
      assertThat(config.rule("oracle.drift").ratio("warn")).isEqualTo(new BigDecimal("0.008"));
      assertThat(RuleCatalog.defaults("oracle.drift").ratio("warn"))
          .isEqualTo(new BigDecimal("0.005"));
    }

    @Test
    void reads_a_file_from_disk(@TempDir Path dir) throws IOException {
      Path file = dir.resolve("hedgewatch.yaml");
      Files.writeString(file, VALID);
      LoadResult result = ConfigLoader.load(file, Map.of());
      assertThat(result).isInstanceOf(LoadResult.Loaded.class);
      assertThat(((LoadResult.Loaded) result).config().source()).isEqualTo(file);
    }
  }

  @Nested
  class Environment {

    private static final String WITH_VAR =
        VALID.replace("\"https://arb1.arbitrum.io/rpc\"", "\"${ARBITRUM_RPC_URL}\"");

    @Test
    void substitutes_a_set_variable_before_typing() {
      HedgewatchConfig config = loaded(WITH_VAR, Map.of("ARBITRUM_RPC_URL", "https://my.node/key"));
      assertThat(config.chains().get("arbitrum").rpcUrls()).containsExactly("https://my.node/key");
    }

    @Test
    void reports_an_unset_variable_at_its_path() {
      assertThat(problem(WITH_VAR))
          .satisfies(
              p -> {
                assertThat(p.path()).isEqualTo("chains.arbitrum.rpcUrls[0]");
                assertThat(p.message())
                    .startsWith("environment variable ARBITRUM_RPC_URL is not set");
              });
    }

    @Test
    void uses_the_default_of_an_unset_variable() {
      HedgewatchConfig config =
          loaded(
              VALID.replace(
                  "\"https://arb1.arbitrum.io/rpc\"",
                  "\"${ARBITRUM_RPC_URL:-https://arb1.arbitrum.io/rpc}\""));
      assertThat(config.chains().get("arbitrum").rpcUrls())
          .containsExactly("https://arb1.arbitrum.io/rpc");
    }

    @Test
    void an_empty_default_is_then_judged_as_an_empty_value() {
      ConfigProblem p =
          problem(VALID.replace("\"https://arb1.arbitrum.io/rpc\"", "\"${ARBITRUM_RPC_URL:-}\""));
      assertThat(p.path()).isEqualTo("chains.arbitrum.rpcUrls[0]");
      assertThat(p.message()).contains("empty value");
    }

    @Test
    void substitutes_into_non_string_types_too() {
      HedgewatchConfig config =
          loaded(
              VALID
                  .replace("heartbeat: 24h", "heartbeat: ${HB:-1h}")
                  .replace("chainId: 42161", "chainId: ${CHAIN_ID}"),
              Map.of("CHAIN_ID", "42161"));
      assertThat(config.feeds().get("eth-usd").spec().heartbeat()).isEqualTo(Duration.ofHours(1));
      assertThat(config.chains().get("arbitrum").chainId()).isEqualTo(42161L);
    }

    @Test
    void does_not_substitute_in_keys() {
      ConfigProblem p = problem(VALID.replace("  eth-usd:", "  ${FEED}:"));
      assertThat(p.path()).isEqualTo("feeds[\"${FEED}\"]");
      assertThat(p.message()).contains("not a valid feed id");
    }
  }

  @Nested
  class UnknownKeys {

    @Test
    void at_the_top_level_with_a_suggestion() {
      ConfigProblem p = problem(VALID + "alerst: {}\n");
      assertThat(p.path()).isEqualTo("alerst");
      assertThat(p.message()).isEqualTo("unknown key 'alerst'; did you mean 'alerts'?");
    }

    @Test
    void in_a_chain() {
      ConfigProblem p =
          problem(VALID.replace("chainId: 42161", "chainId: 42161\n    pollIntervall: 2s"));
      assertThat(p.path()).isEqualTo("chains.arbitrum.pollIntervall");
      assertThat(p.message()).contains("did you mean 'pollInterval'?");
    }

    @Test
    void in_a_feed_and_not_again_as_a_missing_key() {
      ConfigProblem p = problem(VALID.replace("heartbeat: 24h", "heartbeet: 24h"));
      assertThat(p.path()).isEqualTo("feeds.eth-usd.heartbeet");
      assertThat(p.message()).isEqualTo("unknown key 'heartbeet'; did you mean 'heartbeat'?");
    }

    @Test
    void in_a_feed_reference() {
      ConfigProblem p = problem(VALID + "    reference: { symbol: ETH/USD, minSource: 1 }\n");
      assertThat(p.path()).isEqualTo("feeds.eth-usd.reference.minSource");
      assertThat(p.message()).contains("did you mean 'minSources'?");
    }

    @Test
    void in_a_reference_venue_with_the_allowed_keys_when_nothing_is_close() {
      ConfigProblem p = problem(VALID.replace("binance: {}", "binance: { apiKey: x }"));
      assertThat(p.path()).isEqualTo("references.binance.apiKey");
      assertThat(p.message())
          .isEqualTo("unknown key 'apiKey'; allowed keys: baseUrl, futuresBaseUrl");
    }

    @Test
    void a_key_in_the_wrong_case() {
      ConfigProblem p = problem(VALID.replace("chainId: 42161", "chainID: 42161"));
      assertThat(p.path()).isEqualTo("chains.arbitrum.chainID");
      assertThat(p.message()).contains("did you mean 'chainId'?");
    }

    @Test
    void an_unknown_reference_venue() {
      ConfigProblem p = problem(VALID.replace("kraken: {}", "krakken: {}"));
      assertThat(p.path()).isEqualTo("references.krakken");
      assertThat(p.message()).contains("unknown reference venue 'krakken'; did you mean 'kraken'?");
    }

    @Test
    void a_key_with_spaces_is_named_in_brackets() {
      ConfigProblem p = problem(VALID + "\"my section\": 1\n");
      assertThat(p.path()).isEqualTo("[\"my section\"]");
    }
  }

  @Nested
  class Rules {

    @Test
    void an_unknown_rule_id_with_the_nearest_id() {
      ConfigProblem p = problem(VALID + "rules:\n  oracle.stal: { grace: 1m }\n");
      assertThat(p.path()).isEqualTo("rules.oracle.stal");
      assertThat(p.message())
          .isEqualTo("unknown rule id 'oracle.stal'; did you mean 'oracle.stale'?");
    }

    @Test
    void an_unknown_rule_id_with_nothing_close_lists_the_ids() {
      ConfigProblem p = problem(VALID + "rules:\n  gas.price: {}\n");
      assertThat(p.message())
          .startsWith("unknown rule id 'gas.price'; rule ids are: ")
          .contains("oracle.drift");
    }

    @Test
    void an_unknown_parameter_of_a_rule() {
      ConfigProblem p = problem(VALID + "rules:\n  oracle.drift: { warning: 1% }\n");
      assertThat(p.path()).isEqualTo("rules.oracle.drift.warning");
      assertThat(p.message())
          .isEqualTo("rule oracle.drift has no parameter 'warning'; did you mean 'warn'?");
    }

    @Test
    void a_parameter_of_the_wrong_type() {
      List<ConfigProblem> problems =
          problems(
              VALID
                  + """
          rules:
            oracle.stale: { grace: 10 minutes, criticalHeartbeats: two, enabled: maybe }
            oracle.drift: { warn: 1 percent }
            monitor.blind: { sustain: }
          """);
      assertThat(problems)
          .extracting(ConfigProblem::path)
          .containsExactly(
              "rules.oracle.stale.grace",
              "rules.oracle.stale.criticalHeartbeats",
              "rules.oracle.stale.enabled",
              "rules.oracle.drift.warn",
              "rules.monitor.blind.sustain");
      assertThat(problems.get(0).message()).contains("not a duration");
      assertThat(problems.get(1).message()).contains("not a count");
      assertThat(problems.get(2).message()).contains("true or false");
      assertThat(problems.get(3).message()).contains("not a ratio");
      assertThat(problems.get(4).message()).contains("no value");
    }

    @Test
    void a_rule_that_is_not_a_mapping() {
      ConfigProblem p = problem(VALID + "rules:\n  oracle.drift: off\n");
      assertThat(p.path()).isEqualTo("rules.oracle.drift");
      assertThat(p.message()).startsWith("expected rule parameters");
    }
  }

  @ParameterizedTest(name = "maxHeadAge: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0s | is zero; expected a duration above zero (e.g. 10m), or off",
        "false | is not a duration",
        "-1m | is negative"
      })
  void max_head_age_is_off_or_a_duration_above_zero(String value, String expected) {
    ConfigProblem p =
        problem(VALID.replace("chainId: 42161", "chainId: 42161\n    maxHeadAge: " + value));
    assertThat(p.path()).isEqualTo("chains.arbitrum.maxHeadAge");
    assertThat(p.message()).contains(expected);
  }

  @Nested
  class Feeds {

    @Test
    void a_dangling_chain_reference_names_the_nearest_chain() {
      ConfigProblem p = problem(VALID.replace("chain: arbitrum", "chain: arbitrun"));
      assertThat(p.path()).isEqualTo("feeds.eth-usd.chain");
      assertThat(p.message())
          .isEqualTo("chain 'arbitrun' is not defined in chains; did you mean 'arbitrum'?");
    }

    @Test
    void feeds_without_any_chains_are_dangling() {
      List<ConfigProblem> problems = problems(VALID.substring(VALID.indexOf("references:")));
      assertThat(problems)
          .extracting(ConfigProblem::path, ConfigProblem::message)
          .containsExactly(
              tuple(
                  "feeds.eth-usd.chain",
                  "chain 'arbitrum' is not defined: the config has no chains"));
    }

    @Test
    void a_feed_pointing_at_a_broken_chain_is_not_also_dangling() {
      List<ConfigProblem> problems = problems(VALID.replace("chainId: 42161", "chainId: zero"));
      assertThat(problems)
          .extracting(ConfigProblem::path)
          .containsExactly("chains.arbitrum.chainId");
    }

    @Test
    void a_dangling_reference_source_names_the_nearest_configured_venue() {
      ConfigProblem p =
          problem(VALID + "    reference: { symbol: ETH/USD, sources: [binance, krakn] }\n");
      assertThat(p.path()).isEqualTo("feeds.eth-usd.reference.sources[1]");
      assertThat(p.message())
          .isEqualTo(
              "reference venue 'krakn' is not configured in references; did you mean 'kraken'?");
    }

    @Test
    void a_source_of_a_venue_that_is_supported_but_not_configured_is_dangling() {
      ConfigProblem p =
          problem(VALID + "    reference: { symbol: ETH/USD, sources: [okx], minSources: 1 }\n");
      assertThat(p.path()).isEqualTo("feeds.eth-usd.reference.sources[0]");
      assertThat(p.message())
          .contains("'okx' is not configured in references")
          .contains("binance, kraken");
    }

    @Test
    void min_sources_cannot_exceed_the_sources() {
      ConfigProblem p =
          problem(VALID + "    reference: { symbol: ETH/USD, sources: [kraken], minSources: 2 }\n");
      assertThat(p.path()).isEqualTo("feeds.eth-usd.reference.minSources");
      assertThat(p.message()).isEqualTo("minSources 2 cannot be met: only 1 source is listed");
    }

    @Test
    void the_default_min_sources_cannot_exceed_the_configured_venues() {
      ConfigProblem p =
          problem(VALID.replace("  kraken: {}\n", "") + "    reference: { symbol: ETH/USD }\n");
      assertThat(p.path()).isEqualTo("feeds.eth-usd.reference");
      assertThat(p.message())
          .contains("minSources defaults to 2 but only 1 reference venue is configured");
    }

    @Test
    void min_sources_is_at_least_one() {
      ConfigProblem p = problem(VALID + "    reference: { symbol: ETH/USD, minSources: 0 }\n");
      assertThat(p.path()).isEqualTo("feeds.eth-usd.reference.minSources");
      assertThat(p.message()).contains("at least 1");
    }

    @Test
    void missing_required_keys_are_each_reported() {
      List<ConfigProblem> problems =
          problems(
              VALID
                  + """
            empty-feed: {}
          """);
      assertThat(problems)
          .extracting(ConfigProblem::path)
          .containsExactly(
              "feeds.empty-feed.chain",
              "feeds.empty-feed.type",
              "feeds.empty-feed.address",
              "feeds.empty-feed.heartbeat");
      assertThat(problems).allSatisfy(p -> assertThat(p.message()).contains("is required"));
    }

    @Test
    void a_null_feed_is_missing_all_its_required_keys() {
      assertThat(problems(VALID + "  empty-feed:\n")).hasSize(4);
    }

    @Test
    void a_pyth_feed_requires_a_price_id() {
      ConfigProblem p = problem(VALID.replace("type: chainlink", "type: pyth"));
      assertThat(p.path()).isEqualTo("feeds.eth-usd.priceId");
      assertThat(p.message()).contains("priceId is required").contains("64 hex digits");
    }

    @Test
    void a_chainlink_feed_may_not_have_a_price_id() {
      ConfigProblem p = problem(VALID + "    priceId: \"0x" + "ab".repeat(32) + "\"\n");
      assertThat(p.path()).isEqualTo("feeds.eth-usd.priceId");
      assertThat(p.message()).contains("only to pyth feeds");
    }

    @Test
    void a_pyth_feed_may_not_pin_an_aggregator() {
      ConfigProblem p =
          problem(
              VALID.replace("type: chainlink", "type: pyth")
                  + "    priceId: \"0x"
                  + "ab".repeat(32)
                  + "\"\n"
                  + "    expectAggregator: \"0x0000000000000000000000000000000000000001\"\n");
      assertThat(p.path()).isEqualTo("feeds.eth-usd.expectAggregator");
    }

    @Test
    void an_unknown_type_or_calendar_is_named_with_the_nearest() {
      List<ConfigProblem> problems =
          problems(
              VALID.replace("type: chainlink", "type: Chainlink") + "    marketHours: forex\n");
      assertThat(problems)
          .extracting(ConfigProblem::path, ConfigProblem::message)
          .containsExactly(
              tuple(
                  "feeds.eth-usd.type",
                  "'Chainlink' is not a feed type; did you mean 'chainlink'?"),
              tuple(
                  "feeds.eth-usd.marketHours",
                  "'forex' is not a market calendar; allowed: crypto, us-equities, fx, metals"));
    }

    @Test
    void a_zero_heartbeat_or_deviation_is_refused() {
      List<ConfigProblem> problems =
          problems(
              VALID.replace("heartbeat: 24h", "heartbeat: 0s") + "    deviationThreshold: 0%\n");
      assertThat(problems)
          .extracting(ConfigProblem::path)
          .containsExactly("feeds.eth-usd.heartbeat", "feeds.eth-usd.deviationThreshold");
      assertThat(problems.get(0).message()).contains("above zero");
      assertThat(problems.get(1).message()).contains("above 0 and below 100%");
    }

    @Test
    void a_mixed_case_address_with_a_bad_checksum_shows_the_right_one() {
      ConfigProblem p =
          problem(
              VALID.replace(
                  "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612",
                  "0x639fe6ab55C921f74e7fac1ee960C0B6293ba612"));
      assertThat(p.path()).isEqualTo("feeds.eth-usd.address");
      assertThat(p.message())
          .contains("EIP-55")
          .contains("0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612");
    }

    @Test
    void a_lower_case_address_needs_no_checksum() {
      HedgewatchConfig config =
          loaded(
              VALID.replace(
                  "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612",
                  "0x639fe6ab55c921f74e7fac1ee960c0b6293ba612"));
      assertThat(config.feeds().get("eth-usd").spec().address())
          .isEqualTo("0x639fe6ab55c921f74e7fac1ee960c0b6293ba612");
    }

    @Test
    void an_invalid_feed_id() {
      ConfigProblem p = problem(VALID.replace("  eth-usd:", "  ETH/USD:"));
      assertThat(p.path()).isEqualTo("feeds[\"ETH/USD\"]");
      assertThat(p.message()).contains("not a valid feed id");
    }
  }

  @Nested
  class Chains {

    @Test
    void rpc_urls_are_required_and_not_empty() {
      assertThat(
              problem(VALID.replace("rpcUrls: [\"https://arb1.arbitrum.io/rpc\"]", "rpcUrls: []")))
          .extracting(ConfigProblem::path, ConfigProblem::message)
          .containsExactly(
              "chains.arbitrum.rpcUrls",
              "rpcUrls is empty: give at least one JSON-RPC endpoint (http, https, ws, wss)");
      assertThat(
              problem(VALID.replace("    rpcUrls: [\"https://arb1.arbitrum.io/rpc\"]\n", ""))
                  .path())
          .isEqualTo("chains.arbitrum.rpcUrls");
    }

    @Test
    void each_bad_rpc_url_is_reported_at_its_index() {
      List<ConfigProblem> problems =
          problems(
              VALID.replace(
                  "[\"https://arb1.arbitrum.io/rpc\"]",
                  "[\"https://ok.example\", \"ftp://x\", \"localhost:8545\"]"));
      assertThat(problems)
          .extracting(ConfigProblem::path)
          .containsExactly("chains.arbitrum.rpcUrls[1]", "chains.arbitrum.rpcUrls[2]");
    }

    @Test
    void a_chain_id_must_be_a_positive_whole_number() {
      ConfigProblem p = problem(VALID.replace("chainId: 42161", "chainId: -5"));
      assertThat(p.path()).isEqualTo("chains.arbitrum.chainId");
      assertThat(p.message()).contains("'-5'").contains("positive whole number");
    }

    @Test
    void a_section_of_the_wrong_shape() {
      ConfigProblem p = problem("chains: [arbitrum]\n");
      assertThat(p.path()).isEqualTo("chains");
      assertThat(p.message())
          .isEqualTo("expected a mapping of chain ids to chain settings, got a list");
    }
  }

  @Nested
  class FilesAndSyntax {

    @Test
    void a_missing_file_is_one_problem_naming_it(@TempDir Path dir) {
      Path file = dir.resolve("nope.yaml");
      LoadResult result = ConfigLoader.load(file, Map.of());
      assertThat(result).isInstanceOf(LoadResult.Invalid.class);
      assertThat(((LoadResult.Invalid) result).problems())
          .containsExactly(new ConfigProblem("", "file not found: " + file));
    }

    @Test
    void a_directory_is_not_a_config(@TempDir Path dir) {
      LoadResult result = ConfigLoader.load(dir, Map.of());
      assertThat(((LoadResult.Invalid) result).problems().get(0).message())
          .contains("is a directory");
    }

    @Test
    void a_file_that_is_not_utf8(@TempDir Path dir) throws IOException {
      Path file = dir.resolve("latin1.yaml");
      Files.write(
          file, "chains: {}\nfeeds: { caf\u00e9: {} }\n".getBytes(StandardCharsets.ISO_8859_1));
      LoadResult result = ConfigLoader.load(file, Map.of());
      assertThat(((LoadResult.Invalid) result).problems().get(0).message()).contains("not UTF-8");
    }

    @Test
    void an_empty_file() {
      assertThat(problem("").message()).startsWith("the file is empty");
      assertThat(problem("# nothing here\n").message()).startsWith("the file is empty");
    }

    @Test
    void a_top_level_that_is_not_a_mapping() {
      assertThat(problem("- chains\n- feeds\n").message())
          .startsWith("the top level must be a mapping")
          .endsWith("got a list");
      assertThat(problem("hello\n").message()).endsWith("got 'hello'");
    }

    @Test
    void malformed_yaml_is_one_problem_with_line_and_column() {
      ConfigProblem p =
          problem(
              """
          chains:
            arbitrum:
              chainId: 42161
              rpcUrls: ["https://a",
          feeds: {}
          """);
      assertThat(p.path()).isEmpty();
      assertThat(p.message())
          .startsWith("malformed YAML at line ")
          .contains("column ")
          .doesNotContain("\n");
    }

    @Test
    void malformed_yaml_reports_the_line_of_the_error() {
      ConfigProblem p = problem("chains:\n  arbitrum:\n    chainId: 1\n   bad: indent: here\n");
      assertThat(p.message())
          .startsWith("malformed YAML at line 4, column 4: expected <block end>");
    }

    @Test
    void a_list_used_as_a_key() {
      assertThat(problem("? [a, b]\n: 1\n").message())
          .isEqualTo(
              "malformed YAML at line 1, column 4: a key must be a single value, not a list or a mapping");
    }

    @Test
    void a_tab_used_for_indentation() {
      ConfigProblem p = problem("chains:\n\tarbitrum: {}\n");
      assertThat(p.message()).startsWith("malformed YAML at line").contains("TAB");
    }

    @Test
    void a_duplicate_key_is_an_error_at_its_path() {
      ConfigProblem p =
          problem(VALID.replace("heartbeat: 24h", "heartbeat: 24h\n    heartbeat: 1h"));
      assertThat(p.path()).isEqualTo("feeds.eth-usd.heartbeat");
      assertThat(p.message()).startsWith("duplicate key 'heartbeat' at line 14");
    }

    @Test
    void a_duplicate_section_is_an_error() {
      ConfigProblem p = problem(VALID + "chains: {}\n");
      assertThat(p.path()).isEqualTo("chains");
      assertThat(p.message()).contains("duplicate key 'chains'");
    }

    @Test
    void a_second_document_is_refused() {
      assertThat(problem(VALID + "---\nfeeds: {}\n").message())
          .contains("more than one YAML document");
    }

    @Test
    void absurdly_deep_nesting_is_one_problem_not_a_crash() {
      StringBuilder yaml = new StringBuilder();
      for (int i = 0; i < 5000; i++) {
        yaml.append(" ".repeat(i)).append("k").append(i).append(":\n");
      }
      assertThat(problem(yaml.toString()).message()).startsWith("nested more than 100 levels deep");
    }

    @Test
    void yaml_aliases_are_refused() {
      ConfigProblem p =
          problem(
              VALID.replace("heartbeat: 24h", "heartbeat: &hb 24h")
                  + """
            other:
              chain: arbitrum
              type: chainlink
              address: "0x0000000000000000000000000000000000000001"
              heartbeat: *hb
          """);
      assertThat(p.path()).isEqualTo("feeds.other.heartbeat");
      assertThat(p.message()).contains("aliases");
    }
  }

  @Test
  void collects_every_problem_of_a_bad_file_at_once() {
    List<ConfigProblem> problems =
        problems(
            """
        chains:
          arbitrum:
            chainId: 0
            rpcUrls: ["${ARBITRUM_RPC_URL}", "https://arb1.arbitrum.io/rpc"]
            sequencerUptimeFeed: "0xFdB631F5EE196F0ed6FAa767959853A9F217697d"
            pollInterval: 2 seconds
        references:
          binance: {}
          coinbse: {}
        feeds:
          eth-usd:
            chain: arbitrun
            type: chainlink
            address: "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba61"
            heartbeat: 24hours
            deviationThreshold: -0.05%
            reference: { symbol: ETH-USD, sources: [binance, coinbase] }
          btc-usd:
            chain: arbitrum
            type: pythh
        rules:
          oracle.stale: { grace: 5 minutes }
          oracle.drifft: {}
        alerts: {}
        storage: {}
        metrics: {}
        """);

    assertThat(problems)
        .extracting(ConfigProblem::path)
        .containsExactly(
            "chains.arbitrum.chainId",
            "chains.arbitrum.rpcUrls[0]",
            "chains.arbitrum.sequencerUptimeFeed",
            "chains.arbitrum.pollInterval",
            "references.coinbse",
            "feeds.eth-usd.chain",
            "feeds.eth-usd.address",
            "feeds.eth-usd.heartbeat",
            "feeds.eth-usd.deviationThreshold",
            "feeds.eth-usd.reference.symbol",
            "feeds.eth-usd.reference.sources[1]",
            "feeds.btc-usd.type",
            "feeds.btc-usd.address",
            "feeds.btc-usd.heartbeat",
            "rules.oracle.stale.grace",
            "rules.oracle.drifft",
            "metrics");
    assertThat(problems)
        .allSatisfy(
            p ->
                assertThat(p.message())
                    .isNotBlank()
                    .doesNotContain("\n")
                    .doesNotContain("Exception"));
  }
}
