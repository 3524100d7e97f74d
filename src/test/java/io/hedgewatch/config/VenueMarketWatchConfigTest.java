package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.CexFundingVenue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code venues}, {@code markets}, {@code watch} and {@code storage} sections. */
class VenueMarketWatchConfigTest {

  /** Two chains, three reference venues and one feed that the entries below may refer to. */
  private static final String BASE =
      """
      chains:
        arbitrum: { chainId: 42161, rpcUrls: ["https://arb1.arbitrum.io/rpc"] }
        base: { chainId: 8453, rpcUrls: ["https://mainnet.base.org"] }
      references:
        binance: {}
        kraken: {}
        okx: {}
      feeds:
        eth-usd:
          chain: arbitrum
          type: chainlink
          address: "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612"
          heartbeat: 24h
      """;

  private static final String VENUES =
      """
      venues:
        gmx:
          type: gmx-v2
          chain: arbitrum
          reader: "0x470fbC46bcC0f16532691Df360A07d8Bf5ee0789"
          dataStore: "0xFD70de6b91282D8017aA4E741e9Ae325CAb992d8"
        snx: { type: synthetix-v3, chain: base, address: "0x0A2AF931eFFd34b81ebcc57E3d3c9B1E1dE1C9Ce" }
        hyperliquid: { type: hyperliquid }
        dydx: { type: dydx-v4 }
      """;

  private static LoadResult parse(String yaml) {
    return ConfigLoader.parse(yaml, Path.of("test.yaml"), Map.of());
  }

  private static HedgewatchConfig loaded(String yaml) {
    LoadResult result = parse(yaml);
    assertThat(result).as("problems: %s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  private static List<ConfigProblem> problems(String yaml) {
    LoadResult result = parse(yaml);
    assertThat(result).isInstanceOf(LoadResult.Invalid.class);
    return ((LoadResult.Invalid) result).problems();
  }

  private static ConfigProblem problem(String yaml) {
    List<ConfigProblem> problems = problems(yaml);
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  /** {@link #BASE} and {@link #VENUES} with one market of {@code venue} keyed {@code market}. */
  private static String withMarket(String venue, String market) {
    return BASE
        + VENUES
        + "markets:\n  m:\n    venue: "
        + venue
        + "\n    market: \""
        + market
        + "\"\n";
  }

  @Nested
  class Venues {

    @Test
    void builds_each_venue_type_with_its_defaults() {
      HedgewatchConfig config = loaded(BASE + VENUES);

      assertThat(config.venues().keySet()).containsExactly("gmx", "snx", "hyperliquid", "dydx");
      assertThat(config.venues().get("gmx"))
          .isEqualTo(
              new VenueConfig.GmxV2(
                  "gmx",
                  "arbitrum",
                  "0x470fbc46bcc0f16532691df360a07d8bf5ee0789",
                  "0xfd70de6b91282d8017aa4e741e9ae325cab992d8",
                  Optional.empty()));
      assertThat(config.venues().get("snx"))
          .isEqualTo(
              new VenueConfig.SynthetixV3(
                  "snx", "base", "0x0a2af931effd34b81ebcc57e3d3c9b1e1de1c9ce"));
      assertThat(config.venues().get("hyperliquid"))
          .isEqualTo(new VenueConfig.Hyperliquid("hyperliquid", "https://api.hyperliquid.xyz"));
      assertThat(config.venues().get("dydx"))
          .isEqualTo(new VenueConfig.DydxV4("dydx", "https://indexer.dydx.trade"));
      assertThat(config.venues().get("gmx").type()).isEqualTo(VenueConfig.Type.GMX_V2);
      assertThat(config.venues().get("snx")).isInstanceOf(VenueConfig.OnChain.class);
      assertThat(config.ignoredSections()).isEmpty();
    }

    @Test
    void reads_a_base_url_and_a_referral_storage() {
      HedgewatchConfig config =
          loaded(
              BASE
                  + """
          venues:
            hl: { type: hyperliquid, baseUrl: "http://127.0.0.1:9000" }
            gmx:
              type: gmx-v2
              chain: arbitrum
              reader: "0x470fbc46bcc0f16532691df360a07d8bf5ee0789"
              dataStore: "0xfd70de6b91282d8017aa4e741e9ae325cab992d8"
              referralStorage: "0xe6fab3F0c7199b0d34d7FbE83394fc0e0D06e99d"
          """);
      assertThat(((VenueConfig.Http) config.venues().get("hl")).baseUrl())
          .isEqualTo("http://127.0.0.1:9000");
      assertThat(((VenueConfig.GmxV2) config.venues().get("gmx")).referralStorage())
          .contains("0xe6fab3f0c7199b0d34d7fbe83394fc0e0d06e99d");
    }

    @Test
    void the_type_is_required() {
      ConfigProblem p = problem(BASE + "venues:\n  hl: { baseUrl: \"https://x.example\" }\n");
      assertThat(p.path()).isEqualTo("venues.hl.type");
      assertThat(p.message())
          .isEqualTo("type is required: one of hyperliquid, dydx-v4, synthetix-v3, gmx-v2");
    }

    @Test
    void an_unknown_type_is_named_with_the_nearest() {
      ConfigProblem p = problem(BASE + "venues:\n  hl: { type: hyperliqiud }\n");
      assertThat(p.path()).isEqualTo("venues.hl.type");
      assertThat(p.message())
          .isEqualTo("'hyperliqiud' is not a venue type; did you mean 'hyperliquid'?");
    }

    @Test
    void on_chain_venues_need_a_chain_and_their_addresses() {
      List<ConfigProblem> problems =
          problems(BASE + "venues:\n  gmx: { type: gmx-v2 }\n  snx: { type: synthetix-v3 }\n");
      assertThat(problems)
          .extracting(ConfigProblem::toString)
          .containsExactly(
              "venues.gmx.chain: chain is required: the id of the entry of chains it is read on",
              "venues.gmx.reader: reader is required: the GMX Reader, an address, 0x and 40 hex"
                  + " digits",
              "venues.gmx.dataStore: dataStore is required: the GMX DataStore, an address, 0x and 40"
                  + " hex digits",
              "venues.snx.chain: chain is required: the id of the entry of chains it is read on",
              "venues.snx.address: address is required: the PerpsMarketProxy, an address, 0x and 40"
                  + " hex digits");
    }

    @Test
    void a_dangling_chain_names_the_nearest_chain() {
      ConfigProblem p =
          problem(
              BASE
                  + "venues:\n  snx: { type: synthetix-v3, chain: bsae, address:"
                  + " \"0x0a2af931effd34b81ebcc57e3d3c9b1e1de1c9ce\" }\n");
      assertThat(p.path()).isEqualTo("venues.snx.chain");
      assertThat(p.message())
          .isEqualTo("chain 'bsae' is not defined in chains; did you mean 'base'?");
    }

    @Test
    void an_on_chain_venue_without_any_chains_is_dangling() {
      ConfigProblem p =
          problem(
              "venues:\n  snx: { type: synthetix-v3, chain: base, address:"
                  + " \"0x0a2af931effd34b81ebcc57e3d3c9b1e1de1c9ce\" }\n");
      assertThat(p.message()).isEqualTo("chain 'base' is not defined: the config has no chains");
    }

    @Test
    void a_bad_address_checksum_shows_the_right_one() {
      ConfigProblem p =
          problem(
              BASE
                  + VENUES.replace(
                      "0x470fbC46bcC0f16532691Df360A07d8Bf5ee0789",
                      "0x470FbC46bcC0f16532691Df360A07d8Bf5ee0789"));
      assertThat(p.path()).isEqualTo("venues.gmx.reader");
      assertThat(p.message())
          .contains("fails its EIP-55 checksum")
          .contains("0x470fbC46bcC0f16532691Df360A07d8Bf5ee0789");
    }

    @Test
    void an_http_base_url_must_be_http() {
      ConfigProblem p =
          problem(BASE + "venues:\n  hl: { type: hyperliquid, baseUrl: \"wss://api.example\" }\n");
      assertThat(p.path()).isEqualTo("venues.hl.baseUrl");
      assertThat(p.message()).contains("the scheme must be one of http, https");
    }

    @Test
    void a_misspelt_key_is_suggested_and_not_again_reported_missing() {
      ConfigProblem p =
          problem(BASE + VENUES.replace("dataStore: \"0xFD70", "datastore: \"0xFD70"));
      assertThat(p.path()).isEqualTo("venues.gmx.datastore");
      assertThat(p.message()).isEqualTo("unknown key 'datastore'; did you mean 'dataStore'?");
    }

    @Test
    void a_key_of_another_venue_type_says_which_type_it_belongs_to() {
      List<ConfigProblem> problems =
          problems(
              BASE
                  + """
          venues:
            hl: { type: hyperliquid, chain: arbitrum }
            snx: { type: synthetix-v3, chain: base, address: "0x0a2af931effd34b81ebcc57e3d3c9b1e1de1c9ce", reader: "0x0a2af931effd34b81ebcc57e3d3c9b1e1de1c9ce" }
          """);
      assertThat(problems)
          .extracting(ConfigProblem::toString)
          .containsExactly(
              "venues.hl.chain: chain applies only to synthetix-v3 and gmx-v2 venues; this venue's"
                  + " type is hyperliquid",
              "venues.snx.reader: reader applies only to gmx-v2 venues; this venue's type is"
                  + " synthetix-v3");
    }

    @Test
    void a_venue_without_a_type_still_has_its_values_judged() {
      List<ConfigProblem> problems =
          problems(BASE + "venues:\n  x: { chain: nowhere, address: \"0x12\" }\n");
      assertThat(problems)
          .extracting(ConfigProblem::path)
          .containsExactly("venues.x.type", "venues.x.chain", "venues.x.address");
    }

    @Test
    void an_invalid_venue_id() {
      ConfigProblem p = problem(BASE + "venues:\n  Hyper Liquid: { type: hyperliquid }\n");
      assertThat(p.path()).isEqualTo("venues[\"Hyper Liquid\"]");
      assertThat(p.message()).contains("not a valid venue id");
    }

    @Test
    void substitutes_the_environment() {
      LoadResult result =
          ConfigLoader.parse(
              BASE + "venues:\n  hl: { type: hyperliquid, baseUrl: \"${HL_URL}\" }\n",
              Path.of("t.yaml"),
              Map.of("HL_URL", "https://hl.example"));
      assertThat(((LoadResult.Loaded) result).config().venues().get("hl"))
          .isEqualTo(new VenueConfig.Hyperliquid("hl", "https://hl.example"));
    }
  }

  @Nested
  class Markets {

    @Test
    void builds_markets_of_every_venue_type_with_normalised_keys() {
      HedgewatchConfig config =
          loaded(
              BASE
                  + VENUES
                  + """
          markets:
            gmx-eth:
              venue: gmx
              market: "0x70d95587d40A2caf56bd97485aB3Eec10Bee6336"
              oracleFeed: eth-usd
              reference: { symbol: ETH/USD }
            snx-eth: { venue: snx, market: 0100 }
            hl-eth: { venue: hyperliquid, market: ETH, reference: { symbol: ETH/USD }, fundingReferences: [binance, okx] }
            hl-pepe: { venue: hyperliquid, market: kPEPE }
            hl-tsla: { venue: hyperliquid, market: "xyz:TSLA" }
            dydx-eth: { venue: dydx, market: ETH-USD, fundingReferences: [] }
          """);

      MarketConfig gmx = config.markets().get("gmx-eth");
      assertThat(gmx)
          .isEqualTo(
              new MarketConfig(
                  "gmx-eth",
                  "gmx",
                  "0x70d95587d40a2caf56bd97485ab3eec10bee6336",
                  Optional.of("eth-usd"),
                  Optional.of(
                      new FeedReference("ETH/USD", List.of(), FeedReference.DEFAULT_MIN_SOURCES)),
                  List.of(CexFundingVenue.values()),
                  GmxMarketPricing.DEFAULTS));
      assertThat(config.markets().get("snx-eth").market()).isEqualTo("100");
      assertThat(config.markets().get("hl-eth").fundingReferences())
          .containsExactly(CexFundingVenue.BINANCE, CexFundingVenue.OKX);
      assertThat(config.markets().get("hl-pepe").market()).isEqualTo("kPEPE");
      assertThat(config.markets().get("hl-tsla").market()).isEqualTo("xyz:TSLA");
      assertThat(config.markets().get("dydx-eth").market()).isEqualTo("ETH-USD");
      assertThat(config.markets().get("dydx-eth").fundingReferences()).isEmpty();
      assertThat(config.marketsOf("hyperliquid"))
          .extracting(MarketConfig::id)
          .containsExactly("hl-eth", "hl-pepe", "hl-tsla");
    }

    @Test
    void without_a_reference_pair_there_are_no_funding_references_by_default() {
      HedgewatchConfig config = loaded(withMarket("snx", "100"));
      assertThat(config.markets().get("m").reference()).isEmpty();
      assertThat(config.markets().get("m").oracleFeed()).isEmpty();
      assertThat(config.markets().get("m").fundingReferences()).isEmpty();
    }

    @Test
    void markets_may_come_before_the_venues_and_feeds_they_name() {
      HedgewatchConfig config =
          loaded(
              "markets:\n  m: { venue: snx, market: 200, oracleFeed: eth-usd }\n" + BASE + VENUES);
      assertThat(config.markets().get("m").market()).isEqualTo("200");
    }

    @Test
    void venue_and_market_are_required() {
      List<ConfigProblem> problems = problems(BASE + VENUES + "markets:\n  m: {}\n");
      assertThat(problems)
          .extracting(ConfigProblem::toString)
          .containsExactly(
              "markets.m.venue: venue is required: the id of an entry of venues",
              "markets.m.market: market is required: the venue's own market key (a Hyperliquid"
                  + " coin, a dYdX ticker, a Synthetix market id, a GMX market token address)");
    }

    @Test
    void a_missing_market_key_is_described_by_its_venue_type() {
      ConfigProblem p = problem(BASE + VENUES + "markets:\n  m: { venue: snx }\n");
      assertThat(p.toString())
          .isEqualTo("markets.m.market: market is required: the Synthetix v3 market id, e.g. 100");
    }

    @Test
    void a_dangling_venue_names_the_nearest_venue() {
      ConfigProblem p = problem(withMarket("hyperliqiud", "ETH"));
      assertThat(p.path()).isEqualTo("markets.m.venue");
      assertThat(p.message())
          .isEqualTo("venue 'hyperliqiud' is not defined in venues; did you mean 'hyperliquid'?");
    }

    @Test
    void a_market_without_any_venues_is_dangling() {
      ConfigProblem p = problem("markets:\n  m: { venue: hyperliquid, market: ETH }\n");
      assertThat(p.message())
          .isEqualTo("venue 'hyperliquid' is not defined: the config has no venues");
    }

    @Test
    void references_into_a_section_of_the_wrong_shape_are_not_judged() {
      List<ConfigProblem> problems =
          problems(
              BASE + "venues: [hyperliquid]\nmarkets:\n  m: { venue: hyperliquid, market: x }\n");
      assertThat(problems).extracting(ConfigProblem::path).containsExactly("venues");
    }

    @Test
    void a_dangling_oracle_feed_names_the_nearest_feed() {
      ConfigProblem p = problem(withMarket("hyperliquid", "ETH") + "    oracleFeed: eth-usdd\n");
      assertThat(p.path()).isEqualTo("markets.m.oracleFeed");
      assertThat(p.message())
          .isEqualTo("feed 'eth-usdd' is not defined in feeds; did you mean 'eth-usd'?");
    }

    @Test
    void a_market_of_a_broken_venue_is_not_also_dangling() {
      List<ConfigProblem> problems =
          problems(
              BASE
                  + "venues:\n  snx: { type: synthetix-v3 }\nmarkets:\n"
                  + "  m: { venue: snx, market: ETH }\n");
      assertThat(problems)
          .extracting(ConfigProblem::path)
          .containsExactly("venues.snx.chain", "venues.snx.address", "markets.m.market");
    }

    @Test
    void a_market_of_a_venue_of_unknown_type_is_not_judged_by_key() {
      ConfigProblem p =
          problem(
              BASE
                  + "venues:\n  snx: { type: synthetix }\nmarkets:\n  m: { venue: snx, market: ETH }\n");
      assertThat(p.path()).isEqualTo("venues.snx.type");
    }

    @ParameterizedTest(name = "{0} market {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "snx | ETH | is not a Synthetix v3 market id: expected the market's numeric id (a uint128),"
              + " such as 100 (ETH) or 200 (BTC)",
          "snx | 0 | ids start at 1",
          "snx | 340282366920938463463374607431768211456 | does not fit a uint128",
          "snx | -1 | is not a Synthetix v3 market id",
          "hyperliquid | ETH-USD | markets are named by their coin alone; did you mean 'ETH'?",
          "hyperliquid | ETH/USD | did you mean 'ETH'?",
          "hyperliquid | eth | coin names are case-sensitive and upper case; did you mean 'ETH'?",
          "hyperliquid | @107 | is not a Hyperliquid coin",
          "dydx | ETH | is not a dYdX ticker: expected the market's ticker, BASE-QUOTE such as"
              + " ETH-USD; did you mean 'ETH-USD'?",
          "dydx | ETH/USD | did you mean 'ETH-USD'?",
          "dydx | eth-usd | did you mean 'ETH-USD'?",
          "gmx | ETH | is not a GMX v2 market: markets are named by their market token's address",
          "gmx | 100 | is not a GMX v2 market",
          "gmx | 0x70d95587d40a2caf56bd97485ab3eec10bee633 | expected 0x followed by 40 hex digits",
        })
    void a_market_key_of_the_wrong_form_for_its_venue_is_refused(
        String venue, String market, String message) {
      ConfigProblem p = problem(withMarket(venue, market));
      assertThat(p.path()).isEqualTo("markets.m.market");
      assertThat(p.message()).startsWith("'" + market + "'").contains(message);
    }

    @Test
    void a_gmx_market_with_a_bad_checksum_shows_the_right_one() {
      ConfigProblem p = problem(withMarket("gmx", "0x70D95587d40A2caf56bd97485aB3Eec10Bee6336"));
      assertThat(p.message())
          .contains("EIP-55")
          .contains("0x70d95587d40A2caf56bd97485aB3Eec10Bee6336");
    }

    @Test
    void the_same_market_twice_is_named() {
      ConfigProblem p =
          problem(
              BASE
                  + VENUES
                  + "markets:\n  a: { venue: snx, market: 100 }\n  b: { venue: snx, market: 100 }\n");
      assertThat(p.toString())
          .isEqualTo("markets.b.market: the same market of venue snx as markets.a");
    }

    @Test
    void the_reference_is_validated_like_a_feed_reference() {
      List<ConfigProblem> problems =
          problems(
              withMarket("hyperliquid", "ETH")
                  + "    reference: { symbol: ETH-USD, sources: [binance, coinbase], minSource: 1 }\n");
      assertThat(problems)
          .extracting(ConfigProblem::toString)
          .containsExactly(
              "markets.m.reference.minSource: unknown key 'minSource'; did you mean 'minSources'?",
              "markets.m.reference.symbol: 'ETH-USD' is not a symbol: expected BASE/QUOTE in"
                  + " upper-case letters and digits, such as ETH/USD",
              "markets.m.reference.sources[1]: reference venue 'coinbase' is not configured in"
                  + " references; configured venues are: binance, kraken, okx");
    }

    @Test
    void a_reference_pair_its_venues_do_not_list_is_named_for_the_market() {
      ConfigProblem p =
          problem(withMarket("hyperliquid", "ETH") + "    reference: { symbol: PEPE/USD }\n");
      assertThat(p.toString())
          .startsWith(
              "markets.m.reference.symbol: PEPE/USD is priced by none of the market's reference"
                  + " venues");
    }

    @Test
    void unknown_funding_references_are_named_with_the_nearest() {
      List<ConfigProblem> problems =
          problems(
              withMarket("hyperliquid", "ETH")
                  + "    reference: { symbol: ETH/USD }\n"
                  + "    fundingReferences: [binanse, kraken, okx, okx]\n");
      assertThat(problems)
          .extracting(ConfigProblem::toString)
          .containsExactly(
              "markets.m.fundingReferences[0]: 'binanse' is not a centralized funding venue; did"
                  + " you mean 'binance'?",
              "markets.m.fundingReferences[1]: 'kraken' is not a centralized funding venue; did"
                  + " you mean 'kraken-futures'?",
              "markets.m.fundingReferences[3]: 'okx' is listed twice");
    }

    @Test
    void funding_references_need_a_reference_pair() {
      ConfigProblem p =
          problem(withMarket("hyperliquid", "ETH") + "    fundingReferences: [binance]\n");
      assertThat(p.path()).isEqualTo("markets.m.fundingReferences");
      assertThat(p.message()).startsWith("fundingReferences needs the market's reference pair");
    }

    @Test
    void an_unknown_key_is_suggested() {
      ConfigProblem p = problem(withMarket("hyperliquid", "ETH") + "    oracle: eth-usd\n");
      assertThat(p.toString())
          .isEqualTo("markets.m.oracle: unknown key 'oracle'; did you mean 'oracleFeed'?");
    }

    private static final String GMX_MARKET = "0x47c031236e19d024b42f8AE6780E44A573170703";

    @Test
    void a_gmx_market_reads_how_its_tokens_are_priced() {
      HedgewatchConfig config =
          loaded(
              withMarket("gmx", GMX_MARKET)
                  + "    oracleFeed: eth-usd\n"
                  + "    indexDecimals: 8\n"
                  + "    longTokenFeed: eth-usd\n"
                  + "    shortTokenFeed: eth-usd\n");
      assertThat(config.markets().get("m").gmxPricing())
          .isEqualTo(
              new GmxMarketPricing(Optional.of(8), Optional.of("eth-usd"), Optional.of("eth-usd")));
      assertThat(
              loaded(withMarket("gmx", GMX_MARKET) + "    oracleFeed: eth-usd\n")
                  .markets()
                  .get("m")
                  .gmxPricing())
          .isEqualTo(GmxMarketPricing.DEFAULTS);
    }

    @Test
    void gmx_pricing_keys_are_judged() {
      assertThat(
              problems(
                      withMarket("gmx", GMX_MARKET)
                          + "    oracleFeed: eth-usd\n"
                          + "    indexDecimals: 31\n"
                          + "    shortTokenFeed: usdc\n")
                  .stream()
                  .map(ConfigProblem::toString))
          .containsExactly(
              "markets.m.indexDecimals: '31' is too large: GMX prices tokens of at most 30"
                  + " decimals",
              "markets.m.shortTokenFeed: feed 'usdc' is not defined in feeds; feeds are: eth-usd");
    }

    @Test
    void a_gmx_market_needs_a_price_for_its_index_token() {
      assertThat(problem(withMarket("gmx", GMX_MARKET)).toString())
          .isEqualTo(
              "markets.m: a GMX v2 market needs oracleFeed or reference: GMX's Reader is given"
                  + " the index token's price by its caller, and hedgewatch takes it from one of"
                  + " them");
    }

    @Test
    void gmx_pricing_keys_on_another_venue_say_where_they_belong() {
      assertThat(problem(withMarket("hyperliquid", "ETH") + "    indexDecimals: 8\n").toString())
          .isEqualTo(
              "markets.m.indexDecimals: indexDecimals applies only to markets of gmx-v2 venues;"
                  + " this market's venue is hyperliquid");
    }
  }

  @Nested
  class Watch {

    @Test
    void builds_watched_contracts_with_the_eip1967_default() {
      HedgewatchConfig config =
          loaded(
              BASE
                  + """
          watch:
            pyth: { chain: arbitrum, address: "0xff1a0f4744e8582DF1aE09D5611b887B6a12925C" }
            snx:
              chain: base
              address: "0x0A2AF931eFFd34b81ebcc57E3d3c9B1E1dE1C9Ce"
              proxy: synthetix
              expectImplementation: "0x0000000000000000000000000000000000000001"
              expectOwner: "0x0000000000000000000000000000000000000002"
            store: { chain: arbitrum, address: "0xFD70de6b91282D8017aA4E741e9Ae325CAb992d8", proxy: none }
            admin: { chain: arbitrum, address: "0xff1a0f4744e8582df1ae09d5611b887b6a12925c", expectAdmin: "0x0000000000000000000000000000000000000003" }
          """);

      assertThat(config.watch().get("pyth"))
          .isEqualTo(
              new WatchConfig(
                  "pyth",
                  "arbitrum",
                  "0xff1a0f4744e8582df1ae09d5611b887b6a12925c",
                  WatchConfig.Proxy.EIP1967,
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty()));
      WatchConfig snx = config.watch().get("snx");
      assertThat(snx.proxy()).isEqualTo(WatchConfig.Proxy.SYNTHETIX);
      assertThat(snx.expectImplementation()).contains("0x0000000000000000000000000000000000000001");
      assertThat(snx.expectOwner()).contains("0x0000000000000000000000000000000000000002");
      assertThat(config.watch().get("store").proxy()).isEqualTo(WatchConfig.Proxy.NONE);
      assertThat(config.watch().get("admin").expectAdmin())
          .contains("0x0000000000000000000000000000000000000003");
      assertThat(config.watchedOn("arbitrum"))
          .extracting(WatchConfig::id)
          .containsExactly("pyth", "store", "admin");
    }

    @Test
    void chain_and_address_are_required() {
      assertThat(problems(BASE + "watch:\n  x: {}\n"))
          .extracting(ConfigProblem::path)
          .containsExactly("watch.x.chain", "watch.x.address");
    }

    @Test
    void a_dangling_chain_names_the_nearest() {
      ConfigProblem p =
          problem(
              BASE
                  + "watch:\n  x: { chain: arbitrun, address:"
                  + " \"0xff1a0f4744e8582df1ae09d5611b887b6a12925c\" }\n");
      assertThat(p.toString())
          .isEqualTo(
              "watch.x.chain: chain 'arbitrun' is not defined in chains; did you mean 'arbitrum'?");
    }

    @Test
    void a_bad_checksum_and_an_unknown_proxy_kind_and_key() {
      List<ConfigProblem> problems =
          problems(
              BASE
                  + """
          watch:
            x:
              chain: arbitrum
              address: "0xFF1a0f4744e8582DF1aE09D5611b887B6a12925C"
              proxy: eip-1967
              expectImplementaton: "0x0000000000000000000000000000000000000001"
          """);
      assertThat(problems)
          .extracting(ConfigProblem::toString)
          .satisfiesExactly(
              p ->
                  assertThat(p)
                      .isEqualTo(
                          "watch.x.expectImplementaton: unknown key 'expectImplementaton'; did you"
                              + " mean 'expectImplementation'?"),
              p -> assertThat(p).startsWith("watch.x.address:").contains("EIP-55"),
              p ->
                  assertThat(p)
                      .isEqualTo(
                          "watch.x.proxy: 'eip-1967' is not a proxy kind; did you mean"
                              + " 'eip1967'?"));
    }

    @Test
    void a_contract_that_is_no_proxy_has_no_implementation_to_pin() {
      ConfigProblem p =
          problem(
              BASE
                  + "watch:\n  x: { chain: arbitrum, address:"
                  + " \"0xfd70de6b91282d8017aa4e741e9ae325cab992d8\", proxy: none,"
                  + " expectImplementation: \"0x0000000000000000000000000000000000000001\" }\n");
      assertThat(p.path()).isEqualTo("watch.x.expectImplementation");
      assertThat(p.message()).startsWith("expectImplementation needs a proxy");
    }

    @Test
    void an_admin_is_pinned_only_on_eip1967_proxies() {
      ConfigProblem p =
          problem(
              BASE
                  + "watch:\n  x: { chain: base, address:"
                  + " \"0x0a2af931effd34b81ebcc57e3d3c9b1e1de1c9ce\", proxy: synthetix,"
                  + " expectAdmin: \"0x0000000000000000000000000000000000000001\" }\n");
      assertThat(p.toString())
          .isEqualTo(
              "watch.x.expectAdmin: expectAdmin applies only to eip1967 proxies (the EIP-1967"
                  + " admin slot); this contract's proxy is synthetix: pin its owner with"
                  + " expectOwner");
    }
  }

  @Nested
  class Storage {

    @Test
    void defaults_to_an_sqlite_file() {
      assertThat(loaded(BASE).storage()).isEqualTo(new StorageConfig("jdbc:sqlite:hedgewatch.db"));
      assertThat(loaded(BASE + "storage:\n").storage()).isEqualTo(StorageConfig.ofDefaults());
      assertThat(loaded(BASE + "storage: {}\n").storage().backend())
          .isEqualTo(StorageConfig.Backend.SQLITE);
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "jdbc:sqlite:/var/lib/hedgewatch/hw.db",
          "jdbc:sqlite::memory:",
          "jdbc:postgresql://db.example:5432/hedgewatch?user=hw",
          "jdbc:postgresql:hedgewatch"
        })
    void accepts_sqlite_and_postgresql(String url) {
      StorageConfig storage = loaded(BASE + "storage: { url: \"" + url + "\" }\n").storage();
      assertThat(storage.url()).isEqualTo(url);
      assertThat(storage.backend())
          .isEqualTo(
              url.startsWith("jdbc:sqlite:")
                  ? StorageConfig.Backend.SQLITE
                  : StorageConfig.Backend.POSTGRESQL);
    }

    @Test
    void substitutes_the_environment_so_that_a_password_stays_out_of_the_file() {
      LoadResult result =
          ConfigLoader.parse(
              BASE + "storage: { url: \"jdbc:postgresql://db/hw?password=${PGPASSWORD}\" }\n",
              Path.of("t.yaml"),
              Map.of("PGPASSWORD", "s3cret"));
      assertThat(((LoadResult.Loaded) result).config().storage().url())
          .isEqualTo("jdbc:postgresql://db/hw?password=s3cret");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "jdbc:mysql://db/hw | is not a supported store: expected jdbc:sqlite:FILE (the default is"
              + " jdbc:sqlite:hedgewatch.db) or jdbc:postgresql://HOST[:PORT]/DATABASE",
          "sqlite:hw.db | did you mean 'jdbc:sqlite:hw.db'?",
          "postgres://db/hw | did you mean 'jdbc:postgresql://db/hw'?",
          "jdbc:postgres://db/hw | did you mean 'jdbc:postgresql://db/hw'?",
          "JDBC:SQLITE:hw.db | did you mean 'jdbc:sqlite:hw.db'?",
          "jdbc:sqlite: | names no file",
          "hedgewatch.db | is not a supported store",
        })
    void refuses_other_schemes(String url, String message) {
      ConfigProblem p = problem(BASE + "storage: { url: \"" + url + "\" }\n");
      assertThat(p.path()).isEqualTo("storage.url");
      assertThat(p.message()).startsWith("'" + url + "'").contains(message);
    }

    @Test
    void an_unknown_key_and_a_wrong_shape() {
      assertThat(problem(BASE + "storage: { uri: \"jdbc:sqlite:x.db\" }\n").toString())
          .isEqualTo("storage.uri: unknown key 'uri'; did you mean 'url'?");
      assertThat(problem(BASE + "storage: \"jdbc:sqlite:x.db\"\n").toString())
          .startsWith("storage: expected store settings");
    }
  }

  @Test
  void a_config_of_http_venues_needs_no_chains_or_feeds() {
    HedgewatchConfig config =
        loaded(
            """
        references:
          binance: {}
          kraken: {}
        venues:
          hyperliquid: { type: hyperliquid }
        markets:
          eth: { venue: hyperliquid, market: ETH, reference: { symbol: ETH/USD } }
        """);
    assertThat(config.chains()).isEmpty();
    assertThat(config.feeds()).isEmpty();
    assertThat(config.markets().get("eth").fundingReferences())
        .containsExactly(CexFundingVenue.values());
  }
}
