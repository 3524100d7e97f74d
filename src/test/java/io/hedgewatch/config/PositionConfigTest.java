package io.hedgewatch.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code positions} section: sources, hedges, ratios, buffer and collateral feed. */
class PositionConfigTest {

  /** One chain, two feeds, every venue type and a market on each that positions may name. */
  private static final String BASE =
      """
      chains:
        arbitrum: { chainId: 42161, rpcUrls: ["https://arb1.arbitrum.io/rpc"] }
      references:
        binance: {}
        kraken: {}
        okx: {}
      feeds:
        eth-usd: { chain: arbitrum, type: chainlink, address: "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612", heartbeat: 24h }
        usdc-usd: { chain: arbitrum, type: chainlink, address: "0x50834F3163758fcC1Df9973b6e91f0F0F0434aD3", heartbeat: 24h }
      venues:
        gmx: { type: gmx-v2, chain: arbitrum, reader: "0x470fbC46bcC0f16532691Df360A07d8Bf5ee0789", dataStore: "0xFD70de6b91282D8017aA4E741e9Ae325CAb992d8" }
        snx: { type: synthetix-v3, chain: arbitrum, address: "0xd762960c31210Cf1bDf75b06A5192d395EEDC659" }
        hyperliquid: { type: hyperliquid }
        dydx: { type: dydx-v4 }
      markets:
        hl-eth: { venue: hyperliquid, market: ETH, reference: { symbol: ETH/USD } }
        hl-btc: { venue: hyperliquid, market: BTC, reference: { symbol: BTC/USD } }
        gmx-eth: { venue: gmx, market: "0x70d95587d40A2caf56bd97485aB3Eec10Bee6336", oracleFeed: eth-usd }
        snx-eth: { venue: snx, market: 100 }
        dydx-eth: { venue: dydx, market: ETH-USD, reference: { symbol: ETH/USD } }
      """;

  private static final String USER = "0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612";
  private static final String USER_LOWER = "0x639fe6ab55c921f74e7fac1ee960c0b6293ba612";
  private static final String WETH = "0x82aF49447D8a07e3bd95BD0d56f35241523fBab1";
  private static final String USDC = "0xaf88d065e77c8cC2239327C5EDb3A432268e5831";

  /**
   * dYdX's local-testnet accounts alice and bob (dydxprotocol/v4-chain, {@code
   * protocol/testing/testnet-local/local.sh}).
   */
  private static final String ALICE = "dydx199tqg4wdlnu4qjlxchpd7seg454937hjrknju4";

  private static final String BOB = "dydx10fx7sy6ywd5senxae9dwytf8jxek3t2gcen2vs";

  /** A position described by hand on hl-eth, without hedges: append keys to it. */
  private static final String BY_HAND =
      "market: hl-eth, side: short, size: 10, entryPrice: 3000, collateral: 6000,"
          + " maintenanceMarginRatio: 1%";

  private static LoadResult parse(String yaml) {
    return ConfigLoader.parse(yaml, Path.of("test.yaml"), Map.of());
  }

  private static HedgewatchConfig loaded(String yaml) {
    LoadResult result = parse(yaml);
    assertThat(result).as("problems: %s", result).isInstanceOf(LoadResult.Loaded.class);
    return ((LoadResult.Loaded) result).config();
  }

  /** {@link #BASE} with one position {@code p} written as a flow mapping's contents. */
  private static String with(String position) {
    return BASE + "positions:\n  p: { " + position + " }\n";
  }

  private static PositionConfig position(String position) {
    return loaded(with(position)).positions().get("p");
  }

  private static List<String> problems(String yaml) {
    LoadResult result = parse(yaml);
    assertThat(result).isInstanceOf(LoadResult.Invalid.class);
    return ((LoadResult.Invalid) result).problems().stream().map(ConfigProblem::toString).toList();
  }

  /** The problems of {@link #BASE} with one position {@code p}. */
  private static List<String> problemsOf(String position) {
    return problems(with(position));
  }

  private static String problemOf(String position) {
    List<String> problems = problemsOf(position);
    assertThat(problems).hasSize(1);
    return problems.get(0);
  }

  private static BigDecimal dec(String text) {
    return new BigDecimal(text);
  }

  @Nested
  class Sources {

    @Test
    void reads_a_position_from_an_account_with_the_defaults() {
      PositionConfig p = position("market: hl-eth, account: \"" + USER + "\"");
      assertThat(p)
          .isEqualTo(
              new PositionConfig(
                  "p",
                  "hl-eth",
                  Optional.of(new PositionAccount.EvmAddress(USER_LOWER)),
                  Optional.empty(),
                  List.of(),
                  BigDecimal.ONE,
                  new PositionConfig.Band(dec("0.5"), BigDecimal.ONE),
                  Optional.empty(),
                  Optional.empty()));
      assertThat(p.readFromVenue()).isTrue();
      assertThat(p.targetRatio()).isEqualTo(PositionConfig.DEFAULT_TARGET_RATIO);
      assertThat(p.band()).isEqualTo(PositionConfig.DEFAULT_BAND);
      assertThat(p.account().orElseThrow().text()).isEqualTo(USER_LOWER);
    }

    @Test
    void a_gmx_account_is_an_address_in_lower_case() {
      assertThat(position("market: gmx-eth, account: " + USER).account())
          .contains(new PositionAccount.GmxAccount(USER_LOWER, Optional.empty(), Optional.empty()));
    }

    @Test
    void a_gmx_account_may_name_the_side_and_collateral_of_one_of_its_positions() {
      PositionAccount account =
          position("market: gmx-eth, account: \"" + USER + "/" + USDC + "/short\"")
              .account()
              .orElseThrow();
      assertThat(account)
          .isEqualTo(
              new PositionAccount.GmxAccount(
                  USER_LOWER, Optional.of(false), Optional.of(USDC.toLowerCase(Locale.ROOT))));
      assertThat(account.text()).isEqualTo(USER_LOWER + "/short/" + USDC.toLowerCase(Locale.ROOT));
      assertThat(problemOf("market: gmx-eth, account: \"" + USER + "/both\""))
          .isEqualTo(
              "positions.p.account: '"
                  + USER
                  + "/both' is not a GMX account: 0xACCOUNT, optionally followed by /long or /short"
                  + " and /0xCOLLATERAL_TOKEN to pick one of its positions in the market");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
      ALICE + ", " + ALICE + ", 0",
      ALICE + "/0, " + ALICE + ", 0",
      ALICE + "/128, " + ALICE + ", 128",
      ALICE + " / 7, " + ALICE + ", 7",
      ALICE + "/128000, " + ALICE + ", 128000",
      "DYDX10FX7SY6YWD5SENXAE9DWYTF8JXEK3T2GCEN2VS, " + BOB + ", 0"
    })
    void a_dydx_account_is_an_address_and_a_subaccount_number(
        String written, String address, int number) {
      PositionAccount account =
          position("market: dydx-eth, account: \"" + written + "\"").account().orElseThrow();
      assertThat(account).isEqualTo(new PositionAccount.DydxSubaccount(address, number));
      assertThat(account.text()).isEqualTo(address + "/" + number);
    }

    @Test
    void a_synthetix_account_is_its_id_without_leading_zeros() {
      PositionAccount account =
          position("market: snx-eth, account: 00170141183460469231731687303715884105729")
              .account()
              .orElseThrow();
      assertThat(account)
          .isEqualTo(
              new PositionAccount.SynthetixId(
                  new BigInteger("170141183460469231731687303715884105729")));
      assertThat(account.text()).isEqualTo("170141183460469231731687303715884105729");
    }

    @Test
    void the_account_is_read_from_the_environment() {
      LoadResult result =
          ConfigLoader.parse(
              with("market: hl-eth, account: \"${HL_ACCOUNT}\""),
              Path.of("t.yaml"),
              Map.of("HL_ACCOUNT", USER));
      assertThat(((LoadResult.Loaded) result).config().positions().get("p").account())
          .contains(new PositionAccount.EvmAddress(USER_LOWER));
    }

    @Test
    void a_position_described_by_hand_is_isolated_by_default() {
      PositionConfig p = position(BY_HAND);
      assertThat(p.account()).isEmpty();
      assertThat(p.readFromVenue()).isFalse();
      assertThat(p.manual())
          .contains(
              new ManualPosition(
                  PositionSide.SHORT,
                  dec("10"),
                  dec("3000"),
                  dec("6000"),
                  MarginMode.ISOLATED,
                  dec("0.01")));
    }

    @Test
    void a_position_described_by_hand_reads_every_key() {
      ManualPosition m =
          position(
                  "market: hl-eth, side: long, size: 2.50, entryPrice: 3012.5, collateral: 1e3,"
                      + " marginMode: cross, maintenanceMarginRatio: 50bps")
              .manual()
              .orElseThrow();
      assertThat(m)
          .isEqualTo(
              new ManualPosition(
                  PositionSide.LONG,
                  dec("2.5"),
                  dec("3012.5"),
                  dec("1000"),
                  MarginMode.CROSS,
                  dec("0.005")));
    }

    @Test
    void positions_may_come_before_the_markets_chains_and_feeds_they_name() {
      String yaml =
          "positions:\n  p: { market: dydx-eth, account: "
              + ALICE
              + ", hedges: { wallet: { chain: arbitrum, holder: "
              + USER
              + " } }, collateralFeed: usdc-usd }\n"
              + BASE;
      assertThat(loaded(yaml).positions().get("p").collateralFeed()).contains("usdc-usd");
    }

    @Test
    void a_config_without_positions_has_none_and_an_empty_section_is_not_ignored() {
      assertThat(loaded(BASE).positions()).isEmpty();
      HedgewatchConfig empty = loaded(BASE + "positions:\n");
      assertThat(empty.positions()).isEmpty();
      assertThat(empty.ignoredSections()).isEmpty();
    }

    @Test
    void positions_are_found_by_venue_and_by_market() {
      HedgewatchConfig config =
          loaded(
              BASE
                  + "positions:\n"
                  + "  a: { market: hl-eth, account: \""
                  + USER
                  + "\" }\n"
                  + "  b: { market: dydx-eth, account: "
                  + ALICE
                  + " }\n"
                  + "  c: { "
                  + BY_HAND
                  + " }\n"
                  + "  d: { market: hl-btc, account: \""
                  + USER
                  + "\" }\n");
      assertThat(config.positions().keySet()).containsExactly("a", "b", "c", "d");
      assertThat(config.positionsOn("hyperliquid"))
          .extracting(PositionConfig::id)
          .containsExactly("a", "c", "d");
      assertThat(config.positionsOn("dydx")).extracting(PositionConfig::id).containsExactly("b");
      assertThat(config.positionsOn("gmx")).isEmpty();
      assertThat(config.positionsIn("hl-eth"))
          .extracting(PositionConfig::id)
          .containsExactly("a", "c");
    }

    @Test
    void the_market_is_required() {
      assertThat(problemOf("account: \"" + USER + "\""))
          .isEqualTo("positions.p.market: market is required: the id of an entry of markets");
    }

    @Test
    void a_dangling_market_names_the_nearest() {
      assertThat(problemOf("market: hl-eht, account: \"" + USER + "\""))
          .isEqualTo(
              "positions.p.market: market 'hl-eht' is not defined in markets; did you mean"
                  + " 'hl-eth'?");
    }

    @Test
    void a_position_without_any_markets_is_dangling() {
      assertThat(problems("positions:\n  p: { market: hl-eth, account: \"" + USER + "\" }\n"))
          .containsExactly(
              "positions.p.market: market 'hl-eth' is not defined: the config has no markets");
    }

    @Test
    void a_position_needs_an_account_or_a_description_by_hand() {
      assertThat(problemOf("market: hl-eth"))
          .isEqualTo(
              "positions.p: a position needs account (to read it from its venue) or a description"
                  + " by hand: side, size, entryPrice, collateral, maintenanceMarginRatio and"
                  + " optionally marginMode");
    }

    @Test
    void a_misspelt_account_is_suggested_and_not_again_reported_missing() {
      assertThat(problemOf("market: hl-eth, acount: \"" + USER + "\""))
          .isEqualTo("positions.p.acount: unknown key 'acount'; did you mean 'account'?");
    }

    @Test
    void an_account_and_keys_by_hand_together_name_both() {
      assertThat(problemsOf("market: hl-eth, account: \"" + USER + "\", side: short, size: -1"))
          .containsExactly(
              "positions.p: account and side, size given together: a position is either read from"
                  + " its venue (account) or described by hand (side, size, entryPrice, collateral,"
                  + " marginMode, maintenanceMarginRatio), not both",
              "positions.p.size: '-1' is negative; expected the position's size in base units,"
                  + " above 0; side gives its direction");
    }

    @Test
    void every_missing_key_of_a_position_by_hand_is_named() {
      assertThat(problemsOf("market: hl-eth, marginMode: cross"))
          .containsExactly(
              "positions.p.side: side is required: long or short (a position without account is"
                  + " described by hand)",
              "positions.p.size: size is required: the position's size in base units, above 0 (a"
                  + " position without account is described by hand)",
              "positions.p.entryPrice: entryPrice is required: the average entry price in the"
                  + " market's quote currency (a position without account is described by hand)",
              "positions.p.collateral: collateral is required: the margin behind the position in"
                  + " the market's quote currency (a position without account is described by"
                  + " hand)",
              "positions.p.maintenanceMarginRatio: maintenanceMarginRatio is required: the venue's"
                  + " maintenance margin as a fraction of notional, e.g. 1% or 0.01 (a position"
                  + " without account is described by hand)");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "side | shrot | 'shrot' is not a side; did you mean 'short'?",
          "side | SELL | 'SELL' is not a side; allowed: long, short",
          "size | 0 | '0' is zero; expected the position's size in base units, above 0; side gives"
              + " its direction",
          "size | -10 | '-10' is negative; expected the position's size in base units, above 0;"
              + " side gives its direction",
          "size | 10 ETH | '10 ETH' is not a number; expected a decimal such as 10 or 2.5",
          "entryPrice | 0 | '0' is zero; expected the average entry price in the quote currency,"
              + " above 0",
          "entryPrice | 1_000 | '1_000' is not a number; expected a decimal such as 10 or 2.5",
          "collateral | -5 | '-5' is negative; expected the margin behind the position in the"
              + " quote currency, above 0",
          "marginMode | crosss | 'crosss' is not a margin mode; did you mean 'cross'?",
          "marginMode | portfolio | 'portfolio' is not a margin mode; allowed: isolated, cross",
          "maintenanceMarginRatio | 0 | '0' is not a usable maintenance margin ratio: it must be"
              + " above 0 and below 100%, e.g. 1% or 0.01",
          "maintenanceMarginRatio | 100% | '100%' is not a usable maintenance margin ratio: it"
              + " must be above 0 and below 100%, e.g. 1% or 0.01",
          "maintenanceMarginRatio | -1% | '-1%' is negative; expected a ratio like 0.5%, 50bps or a"
              + " fraction such as 0.005",
        })
    void a_bad_value_by_hand_is_named(String key, String value, String message) {
      String others = BY_HAND.replaceAll(key + ": [^,]*(, )?", "").replaceAll(", $", "");
      assertThat(problemOf(others + ", " + key + ": " + value))
          .isEqualTo("positions.p." + key + ": " + message);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
        delimiter = '|',
        value = {
          "hl-eth | "
              + ALICE
              + " | '"
              + ALICE
              + "' is not an address: positions on hyperliquid"
              + " venues are read by the account's address, 0x and 40 hex digits",
          "hl-eth | 0x639FE6ab55C921f74e7fac1ee960C0B6293ba612 | '0x639FE6ab55C921f74e7fac1ee960C0B6293ba612'"
              + " fails its EIP-55 checksum (mixed-case letters encode a checksum): if the address"
              + " itself is right, write it as 0x639Fe6ab55C921f74e7fac1ee960C0B6293ba612 or in"
              + " all lower case",
          "gmx-eth | 170141183460469231731687303715884105729 | '170141183460469231731687303715884105729'"
              + " is not an address: positions on gmx-v2 venues are read by the account's address,"
              + " 0x and 40 hex digits",
          "gmx-eth | 0x639fe6ab | '0x639fe6ab' is not an address: expected 0x followed by 40 hex"
              + " digits, got 8",
          "dydx-eth | "
              + USER
              + " | '"
              + USER
              + "' is not a dYdX address: expected the owner's"
              + " address, dydx1 and 38 characters, optionally with /N for subaccount N (0 to"
              + " 128000, default 0)",
          "dydx-eth | dydx199tqg4wdlnu4qjlxchpd7seg454937hjrknju5 | 'dydx199tqg4wdlnu4qjlxchpd7seg454937hjrknju5'"
              + " is not a dYdX address: it fails its bech32 checksum (a character is wrong or two"
              + " are swapped)",
          "dydx-eth | dydx19t9qg4wdlnu4qjlxchpd7seg454937hjrknju4 | 'dydx19t9qg4wdlnu4qjlxchpd7seg454937hjrknju4'"
              + " is not a dYdX address: it fails its bech32 checksum (a character is wrong or two"
              + " are swapped)",
          "dydx-eth | dydx1b9tqg4wdlnu4qjlxchpd7seg454937hjrknju4 | 'dydx1b9tqg4wdlnu4qjlxchpd7seg454937hjrknju4'"
              + " is not a dYdX address: 'b' is not a bech32 character (after the prefix only 32"
              + " characters occur: no b, i, o or 1)",
          "dydx-eth | dydx199tqg4wdlnu4qjlxchpd7seg454937hjrknJu4 | 'dydx199tqg4wdlnu4qjlxchpd7seg454937hjrknJu4'"
              + " is not a dYdX address: it mixes upper- and lower-case letters",
          "dydx-eth | "
              + ALICE
              + "/x | '"
              + ALICE
              + "/x' has no valid subaccount number after '/':"
              + " expected a whole number from 0 to 128000",
          "dydx-eth | "
              + ALICE
              + "/128001 | '"
              + ALICE
              + "/128001' has no valid subaccount number"
              + " after '/': expected a whole number from 0 to 128000",
          "dydx-eth | dydx1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq | 'dydx1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq'"
              + " is not a dYdX address: it fails its bech32 checksum (a character is wrong or two"
              + " are swapped)",
          "snx-eth | "
              + USER
              + " | '"
              + USER
              + "' is not a Synthetix v3 account id: expected the"
              + " perps account's numeric id (a uint128, the id of its AccountProxy NFT)",
          "snx-eth | 0 | '0' is not a Synthetix v3 account id: ids start at 1",
          "snx-eth | 340282366920938463463374607431768211456 | '340282366920938463463374607431768211456'"
              + " is not a Synthetix v3 account id: it does not fit a uint128",
        })
    void an_account_of_the_wrong_form_for_its_venue_is_refused(
        String market, String account, String message) {
      assertThat(problemOf("market: " + market + ", account: \"" + account + "\""))
          .isEqualTo("positions.p.account: " + message);
    }

    @Test
    void the_account_of_a_market_on_a_broken_venue_is_not_judged_by_form() {
      List<String> problems =
          problems(
              BASE.replace("dydx: { type: dydx-v4 }", "dydx: { type: dydx }")
                  + "positions:\n  p: { market: dydx-eth, account: \"0x12\" }\n");
      assertThat(problems)
          .containsExactly("venues.dydx.type: 'dydx' is not a venue type; did you mean 'dydx-v4'?");
    }

    @Test
    void an_empty_account_is_refused_whatever_the_venue() {
      assertThat(
              problems(
                  BASE.replace("dydx: { type: dydx-v4 }", "dydx: {}")
                      + "positions:\n  p: { market: dydx-eth, account: \" \" }\n"))
          .containsExactly(
              "venues.dydx.type: type is required: one of hyperliquid, dydx-v4, synthetix-v3,"
                  + " gmx-v2",
              "positions.p.account: empty value; expected the venue's account (an address, a dydx1"
                  + " address or a Synthetix account id)");
    }

    @Test
    void the_same_account_on_the_same_market_twice_is_named() {
      assertThat(
              problems(
                  BASE
                      + "positions:\n"
                      + "  a: { market: dydx-eth, account: "
                      + ALICE
                      + " }\n"
                      + "  b: { market: dydx-eth, account: "
                      + ALICE
                      + "/0 }\n"
                      + "  c: { market: dydx-eth, account: "
                      + ALICE
                      + "/1 }\n"))
          .containsExactly(
              "positions.b.account: the same account and market as positions.a: one venue"
                  + " position would be counted twice");
    }

    @Test
    void an_invalid_id_an_unknown_key_and_a_scalar_are_named() {
      assertThat(
              problems(
                  BASE
                      + "positions:\n"
                      + "  Eth Hedge: { market: hl-eth, account: \""
                      + USER
                      + "\" }\n"
                      + "  b: { market: hl-btc, account: \""
                      + USER
                      + "\", hedge: { amount: 1 } }\n"
                      + "  c: hl-eth\n"))
          .containsExactly(
              "positions[\"Eth Hedge\"]: 'Eth Hedge' is not a valid position id: use lower-case"
                  + " letters, digits, '.', '_' and '-', starting with a letter or digit",
              "positions.b.hedge: unknown key 'hedge'; did you mean 'hedges'?",
              "positions.c: expected position settings (market, account or side, size, ...,"
                  + " hedges), got 'hl-eth'");
    }

    @Test
    void a_positions_section_that_is_not_a_mapping_is_named() {
      assertThat(problems(BASE + "positions: [a, b]\n"))
          .containsExactly(
              "positions: expected a mapping of position ids to positions, got a list");
    }
  }

  @Nested
  class Hedges {

    private final String account = "market: hl-eth, account: \"" + USER + "\", ";

    @Test
    void an_amount_takes_its_asset_from_the_market_pair() {
      assertThat(position(account + "hedges: { amount: 10 }").hedges())
          .containsExactly(new HedgeConfig.Amount("ETH", dec("10")));
      assertThat(position(account + "hedges: { asset: ETH, amount: 10.50 }").hedges())
          .containsExactly(new HedgeConfig.Amount("ETH", dec("10.5")));
    }

    @Test
    void a_negative_amount_is_an_exposure_held_short() {
      assertThat(position(account + "hedges: { amount: -3 }").hedges())
          .containsExactly(new HedgeConfig.Amount("ETH", dec("-3")));
    }

    @Test
    void a_wallet_is_a_token_balance_or_without_token_the_native_one() {
      List<HedgeConfig> hedges =
          position(
                  account
                      + "hedges: [{ wallet: { chain: arbitrum, token: \""
                      + WETH
                      + "\", holder: \""
                      + USER
                      + "\" } }, { asset: ETH, wallet: { chain: arbitrum, holder: \""
                      + USER
                      + "\" } }, { amount: 2 }]")
              .hedges();
      assertThat(hedges)
          .containsExactly(
              new HedgeConfig.Wallet(
                  "ETH",
                  new WalletHolding(
                      "arbitrum",
                      Optional.of("0x82af49447d8a07e3bd95bd0d56f35241523fbab1"),
                      USER_LOWER)),
              new HedgeConfig.Wallet(
                  "ETH", new WalletHolding("arbitrum", Optional.empty(), USER_LOWER)),
              new HedgeConfig.Amount("ETH", dec("2")));
      assertThat(((HedgeConfig.Wallet) hedges.get(1)).wallet().isNative()).isTrue();
    }

    @Test
    void a_market_without_a_pair_takes_the_asset_as_written() {
      assertThat(
              position("market: snx-eth, account: 1, hedges: { asset: ETH, amount: 1 }").hedges())
          .containsExactly(new HedgeConfig.Amount("ETH", dec("1")));
    }

    @Test
    void a_market_without_a_pair_needs_the_asset() {
      assertThat(problemOf("market: snx-eth, account: 1, hedges: { amount: 1 }"))
          .isEqualTo(
              "positions.p.hedges.asset: asset is required: markets.snx-eth has no reference pair"
                  + " to take it from (e.g. ETH)");
    }

    @Test
    void an_asset_other_than_the_market_base_is_named() {
      assertThat(problemOf(account + "hedges: { asset: BTC, amount: 1 }"))
          .isEqualTo(
              "positions.p.hedges.asset: BTC is not what markets.hl-eth trades (ETH/USD): a hedge"
                  + " is valued at its market's reference price, so its asset must be ETH");
    }

    @Test
    void an_asset_in_lower_case_is_suggested_in_upper_case() {
      assertThat(problemOf(account + "hedges: { asset: eth, amount: 1 }"))
          .isEqualTo(
              "positions.p.hedges.asset: 'eth' is not an asset symbol: expected upper-case letters"
                  + " and digits as in a reference pair's base, such as ETH; did you mean 'ETH'?");
    }

    @Test
    void an_amount_and_a_wallet_together_or_neither_are_named() {
      assertThat(
              problemsOf(
                  account
                      + "hedges: [{ amount: 1, wallet: { chain: arbitrum, holder: \""
                      + USER
                      + "\" } }, { asset: ETH }]"))
          .containsExactly(
              "positions.p.hedges[0]: amount and wallet given together: a hedge is a fixed amount"
                  + " or a balance read on chain, not both",
              "positions.p.hedges[1]: a hedge needs amount (a fixed amount of the asset) or wallet"
                  + " ({ chain, token, holder }: a balance read on chain)");
    }

    @Test
    void a_misspelt_amount_is_not_again_reported_missing() {
      assertThat(problemOf(account + "hedges: { amout: 1 }"))
          .isEqualTo("positions.p.hedges.amout: unknown key 'amout'; did you mean 'amount'?");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "0 | '0' is zero: expected the amount hedged in asset units, positive when held long,"
              + " negative when held short; leave hedges out if the position hedges nothing",
          "ten | 'ten' is not a number; expected a decimal such as 10 or 2.5",
        })
    void a_bad_amount_is_named(String amount, String message) {
      assertThat(problemOf(account + "hedges: { amount: " + amount + " }"))
          .isEqualTo("positions.p.hedges.amount: " + message);
    }

    @Test
    void a_wallet_needs_a_chain_that_exists_and_a_holder() {
      assertThat(
              problemsOf(
                  account
                      + "hedges: [{ wallet: {} }, { wallet: { chain: arbitrm, token: \"0x82\","
                      + " holder: \"0x12\", owner: x } }, { wallet: arbitrum }]"))
          .containsExactly(
              "positions.p.hedges[0].wallet.chain: chain is required: the id of the entry of"
                  + " chains it is on",
              "positions.p.hedges[0].wallet.holder: holder is required: the address holding it, an"
                  + " address, 0x and 40 hex digits",
              "positions.p.hedges[1].wallet.owner: unknown key 'owner'; allowed keys: chain,"
                  + " token, holder",
              "positions.p.hedges[1].wallet.chain: chain 'arbitrm' is not defined in chains; did"
                  + " you mean 'arbitrum'?",
              "positions.p.hedges[1].wallet.token: '0x82' is not an address: expected 0x followed"
                  + " by 40 hex digits, got 2",
              "positions.p.hedges[1].wallet.holder: '0x12' is not an address: expected 0x followed"
                  + " by 40 hex digits, got 2",
              "positions.p.hedges[2].wallet: expected a wallet, { chain, token, holder } (without"
                  + " token: the native coin), got 'arbitrum'");
    }

    @Test
    void hedges_of_the_wrong_shape_are_named() {
      assertThat(problemOf(account + "hedges: 10"))
          .isEqualTo(
              "positions.p.hedges: expected a hedge ({ asset, amount } or { wallet: { chain,"
                  + " token, holder } }) or a list of them, got '10'");
      assertThat(problemOf(account + "hedges: []"))
          .isEqualTo(
              "positions.p.hedges: hedges is empty: list what the position hedges, or leave hedges"
                  + " out if nothing");
      assertThat(problemOf(account + "hedges: [10]"))
          .isEqualTo(
              "positions.p.hedges[0]: expected a hedge, { asset, amount } or { wallet: { chain,"
                  + " token, holder } }, got '10'");
      assertThat(problemOf(account + "hedges: [~]"))
          .isEqualTo(
              "positions.p.hedges[0]: empty entry: expected { asset, amount } or { wallet: {"
                  + " chain, token, holder } }");
    }

    @Test
    void a_hedge_on_the_side_of_a_position_by_hand_is_named() {
      assertThat(problemOf(BY_HAND + ", hedges: { amount: -10 }"))
          .isEqualTo(
              "positions.p.hedges.amount: a short position hedges an exposure held long (a"
                  + " positive amount); -10 is an exposure held short, which the position adds to");
      String longPosition = BY_HAND.replace("side: short", "side: long");
      assertThat(problemOf(longPosition + ", hedges: { amount: 10 }"))
          .isEqualTo(
              "positions.p.hedges.amount: a long position hedges an exposure held short (a"
                  + " negative amount); 10 is an exposure held long, which the position adds to");
      assertThat(
              problemOf(
                  longPosition
                      + ", hedges: { wallet: { chain: arbitrum, holder: \""
                      + USER
                      + "\" } }"))
          .isEqualTo(
              "positions.p.hedges.wallet: a wallet's balance is an exposure held long, which a long"
                  + " position adds to rather than hedges");
      assertThat(position(longPosition + ", hedges: { amount: -10 }").hedges())
          .containsExactly(new HedgeConfig.Amount("ETH", dec("-10")));
    }
  }

  @Nested
  class Ratios {

    private final String hedged =
        "market: hl-eth, account: \"" + USER + "\", hedges: { amount: 10 }, ";

    @Test
    void reads_the_target_and_the_band_around_it() {
      PositionConfig p = position(hedged + "targetRatio: 0.9, band: [80%, 1.10]");
      assertThat(p.targetRatio()).isEqualTo(dec("0.9"));
      assertThat(p.band()).isEqualTo(new PositionConfig.Band(dec("0.8"), dec("1.1")));
      assertThat(p.minHedgeRatio()).isEqualByComparingTo("0.72");
      assertThat(p.maxHedgeRatio()).isEqualByComparingTo("0.99");
    }

    @Test
    void the_default_band_is_half_to_fully_hedged() {
      PositionConfig p = position(hedged.substring(0, hedged.length() - 2));
      assertThat(p.minHedgeRatio()).isEqualByComparingTo("0.5");
      assertThat(p.maxHedgeRatio()).isEqualByComparingTo("1");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
        delimiter = '|',
        value = {
          "targetRatio: 0 | positions.p.targetRatio: '0' is zero; expected the hedge ratio aimed"
              + " at, above 0, e.g. 1 or 0.8",
          "targetRatio: -1 | positions.p.targetRatio: '-1' is negative; expected a ratio like 0.5%,"
              + " 50bps or a fraction such as 0.005",
          "band: [1, 0.5] | positions.p.band: the low bound 1 is not below the high bound 0.5: a"
              + " band is [low, high]",
          "band: [0.9, 90%] | positions.p.band: the low bound 0.9 is not below the high bound 0.9:"
              + " a band is [low, high]",
          "band: [0, 1] | positions.p.band[0]: '0' is zero; a band's bounds are above 0",
          "band: [0.5, x] | positions.p.band[1]: 'x' is not a ratio; expected a ratio like 0.5%,"
              + " 50bps or a fraction such as 0.005",
          "band: 0.5 | positions.p.band: expected [low, high] of the hedge ratio relative to"
              + " targetRatio, e.g. [0.5, 1.0], got '0.5'",
          "band: [0.5, 0.8, 1] | positions.p.band: expected [low, high] of the hedge ratio relative"
              + " to targetRatio, e.g. [0.5, 1.0], got 3 values",
        })
    void bad_ratios_are_named(String setting, String problem) {
      assertThat(problemOf(hedged + setting)).isEqualTo(problem);
    }

    @Test
    void ratios_without_hedges_are_named() {
      assertThat(
              problemsOf(
                  "market: hl-eth, account: \"" + USER + "\", targetRatio: 0.9, band: [0.5, 1]"))
          .containsExactly(
              "positions.p.targetRatio: targetRatio applies only to a position with hedges: the"
                  + " hedge ratio is the perp's notional over the value of what it hedges",
              "positions.p.band: band applies only to a position with hedges: the hedge ratio is"
                  + " the perp's notional over the value of what it hedges");
    }
  }

  @Nested
  class BufferAndCollateral {

    private final String account = "market: hl-eth, account: \"" + USER + "\", ";

    @Test
    void a_token_buffer_needs_no_feed() {
      PositionConfig p =
          position(
              account
                  + "buffer: { chain: arbitrum, token: \""
                  + USDC
                  + "\", holder: \""
                  + USER
                  + "\" }, collateralFeed: usdc-usd");
      assertThat(p.buffer())
          .contains(
              new BufferConfig(
                  new WalletHolding(
                      "arbitrum",
                      Optional.of("0xaf88d065e77c8cc2239327c5edb3a432268e5831"),
                      USER_LOWER),
                  Optional.empty()));
      assertThat(p.collateralFeed()).contains("usdc-usd");
    }

    @Test
    void a_native_buffer_is_priced_by_its_feed() {
      PositionConfig p =
          position(
              account + "buffer: { chain: arbitrum, holder: \"" + USER + "\", feed: eth-usd }");
      assertThat(p.buffer())
          .contains(
              new BufferConfig(
                  new WalletHolding("arbitrum", Optional.empty(), USER_LOWER),
                  Optional.of("eth-usd")));
    }

    @Test
    void a_native_buffer_without_a_feed_is_named() {
      assertThat(problemOf(account + "buffer: { chain: arbitrum, holder: \"" + USER + "\" }"))
          .isEqualTo(
              "positions.p.buffer.feed: feed is required for a buffer without token (the chain's"
                  + " native coin): the key of the feed that prices the coin; a buffer without"
                  + " feed is taken as a USD stablecoin worth 1");
    }

    @Test
    void buffer_keys_and_references_are_judged() {
      assertThat(
              problemsOf(
                  account
                      + "buffer: { chain: base, token: \""
                      + USDC
                      + "\", feed: usdc, amount: 5 }, collateralFeed: usdc"))
          .containsExactly(
              "positions.p.buffer.amount: unknown key 'amount'; allowed keys: chain, token,"
                  + " holder, feed",
              "positions.p.buffer.chain: chain 'base' is not defined in chains; chains are:"
                  + " arbitrum",
              "positions.p.buffer.holder: holder is required: the address holding it, an address,"
                  + " 0x and 40 hex digits",
              "positions.p.buffer.feed: feed 'usdc' is not defined in feeds; did you mean"
                  + " 'usdc-usd'?",
              "positions.p.collateralFeed: feed 'usdc' is not defined in feeds; did you mean"
                  + " 'usdc-usd'?");
    }

    @Test
    void a_buffer_that_is_not_a_mapping_is_named() {
      assertThat(problemOf(account + "buffer: 1000"))
          .isEqualTo(
              "positions.p.buffer: expected a buffer, { chain, token, holder } (without token: the"
                  + " native coin), got '1000'");
    }
  }
}
