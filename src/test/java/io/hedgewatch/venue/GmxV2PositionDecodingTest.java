package io.hedgewatch.venue;

import static io.hedgewatch.venue.OnChainTesting.BLOCK;
import static io.hedgewatch.venue.OnChainTesting.address;
import static io.hedgewatch.venue.OnChainTesting.bool;
import static io.hedgewatch.venue.OnChainTesting.int256;
import static io.hedgewatch.venue.OnChainTesting.ok;
import static io.hedgewatch.venue.OnChainTesting.uint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.ContractCall;
import io.hedgewatch.domain.MarginMode;
import io.hedgewatch.domain.PositionSide;
import io.hedgewatch.domain.PositionSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The GMX v2 position reads decoded from hand-made return data: keys and selectors, the call plan,
 * {@code Position.Props[]} decoding, valuation as worked examples (entry, PnL, fees, maintenance)
 * and the failures of a missing, ambiguous or inconsistent position.
 */
class GmxV2PositionDecodingTest {

  private static final String READER = "0x470fbc46bcc0f16532691df360a07d8bf5ee0789";
  private static final String DATA_STORE = "0xfd70de6b91282d8017aa4e741e9ae325cab992d8";
  private static final String ETH_MARKET = "0x70d95587d40a2caf56bd97485ab3eec10bee6336";
  private static final String BTC_MARKET = "0x47c031236e19d024b42f8ae6780e44a573170703";
  private static final String WETH = "0x82af49447d8a07e3bd95bd0d56f35241523fbab1";
  private static final String USDC = "0xaf88d065e77c8cc2239327c5edb3a432268e5831";
  private static final String TRADER = "0x1111111111111111111111111111111111111111";
  private static final String E30 = "1" + "0".repeat(30);

  private final Map<String, BigDecimal> prices =
      new HashMap<>(Map.of("eth-usd", new BigDecimal("3000"), "usdc-usd", BigDecimal.ONE));

  private final GmxV2PositionReader reader =
      new GmxV2PositionReader(
          "gmx",
          new OnChainTesting.NoChain(),
          READER,
          DATA_STORE,
          List.of(
              new GmxMarketResolver.Resolved(
                  new GmxV2Reader.Market(
                      ETH_MARKET,
                      new GmxV2Reader.Token("eth-usd", 18),
                      new GmxV2Reader.Token("eth-usd", 18),
                      new GmxV2Reader.Token("usdc-usd", 6)),
                  new GmxV2Abi.MarketProps(ETH_MARKET, WETH, WETH, USDC))),
          key -> Optional.ofNullable(prices.get(key)));

  @Test
  void selectors_are_the_deployed_readers() {
    assertThat(AbiWords.selector(GmxV2Abi.GET_ACCOUNT_POSITIONS)).isEqualTo("0x77cfb162");
    assertThat(GmxV2Abi.getAccountPositions(DATA_STORE, TRADER, 0, 100))
        .isEqualTo("0x77cfb162" + address(DATA_STORE) + address(TRADER) + uint(0) + uint(100));
  }

  @Test
  void key_constants_are_keccak_of_the_abi_encoded_name_as_in_venues_md() {
    assertThat(GmxKeys.MIN_COLLATERAL_FACTOR)
        .isEqualTo("0x9fc265ee9783e670a7a731141f58b59bca5a260ba3eb3f893412fb613dc559f7");
  }

  @Test
  void the_position_key_is_keccak_of_the_abi_encoded_account_market_collateral_and_side() {
    String encoded =
        TypeEncoder.encode(new Address(TRADER))
            + TypeEncoder.encode(new Address(ETH_MARKET))
            + TypeEncoder.encode(new Address(USDC))
            + TypeEncoder.encode(new Bool(false));
    assertThat(GmxKeys.positionKey(TRADER, ETH_MARKET, USDC, false))
        .isEqualTo(Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(encoded))));
    assertThat(GmxKeys.positionKey(TRADER, ETH_MARKET, USDC, true))
        .isNotEqualTo(GmxKeys.positionKey(TRADER, ETH_MARKET, USDC, false));
  }

  @Test
  void the_account_position_list_key_hashes_the_constant_and_the_account() {
    String encoded =
        TypeEncoder.encode(new Bytes32(Numeric.hexStringToByteArray(GmxKeys.ACCOUNT_POSITION_LIST)))
            + TypeEncoder.encode(new Address(TRADER));
    assertThat(GmxKeys.accountPositionList(TRADER))
        .isEqualTo(Numeric.toHexString(Hash.sha3(Numeric.hexStringToByteArray(encoded))));
  }

  /** Position.Props's 14 words. */
  private static List<String> position(
      String market,
      String collateral,
      boolean isLong,
      String sizeInUsd,
      String sizeInTokens,
      String collateralAmount,
      String borrowingFactor,
      String fundingFeePerSize,
      String longClaimablePerSize,
      String shortClaimablePerSize) {
    return List.of(
        address(TRADER),
        address(market),
        address(collateral),
        uint(sizeInUsd),
        uint(sizeInTokens),
        uint(collateralAmount),
        int256("-7"),
        uint(borrowingFactor),
        uint(fundingFeePerSize),
        uint(longClaimablePerSize),
        uint(shortClaimablePerSize),
        uint(1_750_000_000L),
        uint(0),
        bool(isLong));
  }

  private static String usd(long dollars) {
    return BigInteger.valueOf(dollars).multiply(BigInteger.TEN.pow(30)).toString();
  }

  /**
   * A long of 10,000 USD entered at 2,500 (4 ETH) on 1 WETH, its fee indexes at the given values.
   */
  private static List<String> longOnWeth(String borrowing, String fundingFee) {
    return position(
        ETH_MARKET,
        WETH,
        true,
        usd(10_000),
        "4000000000000000000",
        "1000000000000000000",
        borrowing,
        fundingFee,
        "0",
        "0");
  }

  @SafeVarargs
  private static CallOutcome positions(List<String>... positions) {
    List<String> words = new ArrayList<>();
    words.add(uint(32));
    words.add(uint(positions.length));
    for (List<String> p : positions) {
      words.addAll(p);
    }
    return ok(words.toArray(String[]::new));
  }

  /**
   * The market's twelve DataStore reads: min collateral factor, for liquidation, funding fee per
   * size (WETH long, WETH short, USDC long, USDC short), claimable likewise, borrowing long, short.
   */
  private static List<CallOutcome> marketKeys(
      String factor, String factorForLiquidation, String fundingFeeWethLong, String borrowingLong) {
    List<CallOutcome> keys = new ArrayList<>();
    keys.add(ok(uint(factor)));
    keys.add(ok(uint(factorForLiquidation)));
    keys.add(ok(uint(fundingFeeWethLong)));
    for (int i = 0; i < 3; i++) {
      keys.add(ok(uint(0)));
    }
    for (int i = 0; i < 4; i++) {
      keys.add(ok(uint(0)));
    }
    keys.add(ok(uint(borrowingLong)));
    keys.add(ok(uint(0)));
    return keys;
  }

  /** The outcomes of a one-request batch: MIN_COLLATERAL_USD, getAccountPositions, market keys. */
  private static List<CallOutcome> outcomes(
      CallOutcome minCollateralUsd, CallOutcome positions, List<CallOutcome> marketKeys) {
    List<CallOutcome> all = new ArrayList<>();
    all.add(minCollateralUsd);
    all.add(positions);
    all.addAll(marketKeys);
    return all;
  }

  private Read<PositionSnapshot> decodeOne(String account, List<CallOutcome> outcomes) {
    return reader
        .batch(List.of(new PositionReader.Request("hedge", "eth-perp", ETH_MARKET, account)))
        .decode(BLOCK, outcomes)
        .get(0);
  }

  private static PositionSnapshot value(Read<PositionSnapshot> read) {
    assertThat(read.failureIfAny()).isEmpty();
    return read.asOptional().orElseThrow();
  }

  @Test
  void one_position_is_the_accounts_positions_and_twelve_market_keys_and_min_collateral_usd() {
    List<ContractCall> calls =
        reader
            .batch(List.of(new PositionReader.Request("hedge", "eth-perp", ETH_MARKET, TRADER)))
            .calls();
    assertThat(calls).hasSize(14);
    assertThat(calls.get(0))
        .isEqualTo(new ContractCall(DATA_STORE, GmxV2Abi.getUint(GmxKeys.MIN_COLLATERAL_USD)));
    assertThat(calls.get(1))
        .isEqualTo(
            new ContractCall(
                READER,
                GmxV2Abi.getAccountPositions(
                    DATA_STORE, TRADER, 0, GmxV2PositionReader.MAX_ACCOUNT_POSITIONS)));
    assertThat(calls.get(2))
        .isEqualTo(
            new ContractCall(
                DATA_STORE, GmxV2Abi.getUint(GmxKeys.minCollateralFactor(ETH_MARKET))));
    assertThat(calls.get(4).callData())
        .isEqualTo(GmxV2Abi.getUint(GmxKeys.fundingFeeAmountPerSize(ETH_MARKET, WETH, true)));
    assertThat(calls.get(13).callData())
        .isEqualTo(GmxV2Abi.getUint(GmxKeys.cumulativeBorrowingFactor(ETH_MARKET, false)));
    // a second position of the same account and market adds nothing
    assertThat(
            reader
                .batch(
                    List.of(
                        new PositionReader.Request("a", "eth-perp", ETH_MARKET, TRADER + "/long"),
                        new PositionReader.Request("b", "eth-perp", ETH_MARKET, TRADER + "/short")))
                .calls())
        .hasSize(14);
  }

  @Test
  void a_long_is_valued_at_the_callers_prices_with_fees_due_taken_off() {
    // borrowing factor up 1e27 since the position changed: 10,000 x 0.001 = 10 USD; funding fee
    // per size up 1e26: 1e34 x 1e26 / 1e45 = 1e15 wei = 0.001 WETH = 3 USD
    PositionSnapshot s =
        value(
            decodeOne(
                TRADER,
                outcomes(
                    ok(uint(E30)),
                    positions(longOnWeth("5", "7")),
                    marketKeys(
                        "10000000000000000000000000000",
                        "10000000000000000000000000000",
                        "100000000000000000000000007",
                        "1000000000000000000000000005"))));
    assertThat(s.source())
        .isEqualTo(
            "gmx-v2 position "
                + GmxKeys.positionKey(TRADER, ETH_MARKET, WETH, true)
                + " of "
                + TRADER
                + " (long, collateral "
                + WETH
                + ")");
    assertThat(s.side()).isEqualTo(PositionSide.LONG);
    assertThat(s.size()).isEqualByComparingTo("4");
    assertThat(s.entryPrice()).hasValueSatisfying(e -> assertThat(e).isEqualByComparingTo("2500"));
    assertThat(s.markPrice()).isEqualByComparingTo("3000");
    assertThat(s.marginMode()).isEqualTo(MarginMode.ISOLATED);
    // 3000 (collateral) + 2000 (PnL) - 10 - 3
    assertThat(s.equity()).isEqualByComparingTo("4987");
    assertThat(s.unrealizedPnl())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1990"));
    assertThat(s.accruedFunding())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("-3"));
    assertThat(s.maintenanceMargin()).isEqualByComparingTo("100");
    assertThat(s.venueSaysLiquidatable()).isEmpty();
    assertThat(s.at()).isEqualTo(BLOCK.timestamp());
  }

  @Test
  void maintenance_is_the_liquidation_factor_else_the_min_collateral_factor_at_least_min_usd() {
    CallOutcome position = positions(longOnWeth("0", "0"));
    assertThat(
            value(
                    decodeOne(
                        TRADER,
                        outcomes(
                            ok(uint(E30)),
                            position,
                            marketKeys(
                                "20000000000000000000000000000",
                                "5000000000000000000000000000",
                                "0",
                                "0"))))
                .maintenanceMargin())
        .isEqualByComparingTo("50");
    assertThat(
            value(
                    decodeOne(
                        TRADER,
                        outcomes(
                            ok(uint(E30)),
                            position,
                            marketKeys("20000000000000000000000000000", "0", "0", "0"))))
                .maintenanceMargin())
        .isEqualByComparingTo("200");
    assertThat(
            value(
                    decodeOne(
                        TRADER,
                        outcomes(ok(uint(usd(250))), position, marketKeys("0", "0", "0", "0"))))
                .maintenanceMargin())
        .isEqualByComparingTo("250");
  }

  @Test
  void a_short_on_a_stablecoin_gains_as_the_price_falls() {
    prices.put("eth-usd", new BigDecimal("2400"));
    CallOutcome shortOnUsdc =
        positions(
            position(
                ETH_MARKET,
                USDC,
                false,
                usd(6_000),
                "2000000000000000000",
                "2000000000",
                "0",
                "0",
                "0",
                "0"));
    PositionSnapshot s =
        value(
            decodeOne(
                TRADER, outcomes(ok(uint(E30)), shortOnUsdc, marketKeys("0", "0", "0", "0"))));
    assertThat(s.side()).isEqualTo(PositionSide.SHORT);
    assertThat(s.entryPrice()).hasValueSatisfying(e -> assertThat(e).isEqualByComparingTo("3000"));
    // 2000 USDC + (6000 - 2 x 2400)
    assertThat(s.equity()).isEqualByComparingTo("3200");
  }

  @Test
  void positions_in_other_markets_are_skipped_and_none_left_is_a_clear_failure() {
    List<String> btc =
        position(BTC_MARKET, USDC, true, usd(6_000), "10000000", "1000000000", "0", "0", "0", "0");
    Read<PositionSnapshot> read =
        decodeOne(TRADER, outcomes(ok(uint(E30)), positions(btc), marketKeys("0", "0", "0", "0")));
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f ->
                assertThat(f.describe())
                    .isEqualTo(
                        "unavailable: gmx: GMX account "
                            + TRADER
                            + " has no open position in market "
                            + ETH_MARKET
                            + " (getAccountPositions lists 1 positions)"));
    assertThat(
            decodeOne(
                    TRADER + "/short",
                    outcomes(
                        ok(uint(E30)),
                        positions(longOnWeth("0", "0")),
                        marketKeys("0", "0", "0", "0")))
                .failureIfAny())
        .hasValueSatisfying(
            f -> assertThat(f.describe()).contains("has no open short position in market"));
  }

  @Test
  void a_position_whose_fee_index_is_ahead_of_the_markets_is_malformed() {
    Read<PositionSnapshot> read =
        decodeOne(
            TRADER,
            outcomes(
                ok(uint(E30)), positions(longOnWeth("9", "0")), marketKeys("0", "0", "0", "5")));
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f -> {
              assertThat(f).isInstanceOf(ReadFailure.Malformed.class);
              assertThat(f.describe()).contains("CUMULATIVE_BORROWING_FACTOR");
            });
  }

  @Test
  void a_missing_price_fails_naming_its_key() {
    prices.remove("eth-usd");
    Read<PositionSnapshot> read =
        decodeOne(
            TRADER,
            outcomes(
                ok(uint(E30)), positions(longOnWeth("0", "0")), marketKeys("0", "0", "0", "0")));
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f ->
                assertThat(f.describe())
                    .isEqualTo(
                        "unavailable: no USD price for eth-usd: a GMX position is valued at the"
                            + " caller's prices"));
  }

  @Test
  void an_array_longer_than_its_data_or_with_a_bad_offset_is_malformed() {
    List<String> one = longOnWeth("0", "0");
    List<String> words = new ArrayList<>(List.of(uint(32), uint(2)));
    words.addAll(one);
    assertThat(GmxV2Abi.decodePositions(ok(words.toArray(String[]::new)), READER).failureIfAny())
        .hasValueSatisfying(
            f -> assertThat(f.describe()).contains("an array of 2 positions does not fit"));
    assertThat(GmxV2Abi.decodePositions(ok(uint(33), uint(0)), READER).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f).isInstanceOf(ReadFailure.Malformed.class));
    assertThat(GmxV2Abi.decodePositions(ok(uint(32), uint(0)), READER).asOptional())
        .hasValueSatisfying(list -> assertThat(list).isEmpty());
    List<String> badBool = new ArrayList<>(List.of(uint(32), uint(1)));
    badBool.addAll(one.subList(0, 13));
    badBool.add(uint(2));
    assertThat(GmxV2Abi.decodePositions(ok(badBool.toArray(String[]::new)), READER).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f.describe()).contains("not a bool"));
  }

  @Test
  void the_reader_reverting_is_the_positions_failure_with_its_call() {
    Read<PositionSnapshot> read =
        decodeOne(
            TRADER,
            outcomes(ok(uint(E30)), OnChainTesting.reverted("0x"), marketKeys("0", "0", "0", "0")));
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f ->
                assertThat(f.describe())
                    .startsWith("reverted: getAccountPositions(" + TRADER + ")"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "trader",
        "0x1111",
        "0x1111111111111111111111111111111111111111/sideways",
        "0x1111111111111111111111111111111111111111/long/short",
        "0x1111111111111111111111111111111111111111/long/0xaf88/extra"
      })
  void an_account_that_is_not_an_address_with_qualifiers_is_failed_without_a_call(String account) {
    GmxV2PositionReader.Batch batch =
        reader.batch(List.of(new PositionReader.Request("x", "eth-perp", ETH_MARKET, account)));
    assertThat(batch.calls()).isEmpty();
    assertThat(batch.decode(BLOCK, List.of()).get(0).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f.describe()).contains("is not a GMX account"));
  }

  @Test
  void qualifiers_may_come_in_either_order() {
    assertThat(GmxV2PositionReader.Account.parse(TRADER + "/" + USDC + "/SHORT"))
        .contains(new GmxV2PositionReader.Account(TRADER, Optional.of(false), Optional.of(USDC)));
  }

  @Test
  void a_market_not_configured_is_failed_without_a_call() {
    GmxV2PositionReader.Batch batch =
        reader.batch(List.of(new PositionReader.Request("x", "btc-perp", BTC_MARKET, TRADER)));
    assertThat(batch.calls()).isEmpty();
    assertThat(batch.decode(BLOCK, List.of()).get(0).failureIfAny())
        .hasValueSatisfying(
            f -> assertThat(f.describe()).contains("is not configured on venue gmx"));
  }

  @Test
  void outcomes_that_do_not_match_the_calls_are_a_programming_error() {
    GmxV2PositionReader.Batch batch =
        reader.batch(List.of(new PositionReader.Request("x", "eth-perp", ETH_MARKET, TRADER)));
    assertThatThrownBy(() -> batch.decode(BLOCK, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("14 calls but 0 outcomes");
  }
}
