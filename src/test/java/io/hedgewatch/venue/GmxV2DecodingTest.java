package io.hedgewatch.venue;

import static io.hedgewatch.venue.OnChainTesting.BLOCK;
import static io.hedgewatch.venue.OnChainTesting.address;
import static io.hedgewatch.venue.OnChainTesting.bool;
import static io.hedgewatch.venue.OnChainTesting.int256;
import static io.hedgewatch.venue.OnChainTesting.ok;
import static io.hedgewatch.venue.OnChainTesting.reverted;
import static io.hedgewatch.venue.OnChainTesting.uint;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The GMX v2 reads decoded from hand-made return data: selectors and DataStore keys against
 * venues.md, the 30-decimal prices, funding sign and units, open interest, and malformed data.
 */
class GmxV2DecodingTest {

  private static final String READER = "0x470fbc46bcc0f16532691df360a07d8bf5ee0789";
  private static final String DATA_STORE = "0xfd70de6b91282d8017aa4e741e9ae325cab992d8";
  private static final String ETH_MARKET = "0x70d95587d40a2caf56bd97485ab3eec10bee6336";
  private static final String WETH = "0x82af49447d8a07e3bd95bd0d56f35241523fbab1";
  private static final String USDC = "0xaf88d065e77c8cc2239327c5edb3a432268e5831";
  private static final String ZERO = "0x" + "0".repeat(40);

  private final Map<String, BigDecimal> prices =
      new HashMap<>(Map.of("eth-usd", new BigDecimal("3000"), "usdc-usd", BigDecimal.ONE));

  private final GmxV2Reader reader = newReader();

  private GmxV2Reader newReader() {
    return new GmxV2Reader(
        "gmx",
        new OnChainTesting.NoChain(),
        READER,
        DATA_STORE,
        List.of(
            new GmxV2Reader.Market(
                ETH_MARKET,
                new GmxV2Reader.Token("eth-usd", 18),
                new GmxV2Reader.Token("eth-usd", 18),
                new GmxV2Reader.Token("usdc-usd", 6))),
        key -> Optional.ofNullable(prices.get(key)));
  }

  static Stream<Arguments> selectors() {
    return Stream.of(
        Arguments.of(GmxV2Abi.GET_MARKET, "0x714af34b"),
        Arguments.of(GmxV2Abi.GET_MARKET_INFO, "0x847bb469"),
        Arguments.of(GmxV2Abi.GET_UINT, "0xbd02d0f5"),
        Arguments.of(GmxV2Abi.GET_INT, "0xdc97d962"),
        Arguments.of(GmxV2Abi.GET_BOOL, "0x7ae1cfca"));
  }

  @ParameterizedTest
  @MethodSource("selectors")
  void selectors_are_the_deployed_reader_and_data_stores(String signature, String selector) {
    assertThat(AbiWords.selector(signature)).isEqualTo(selector);
  }

  @Test
  void key_constants_are_keccak_of_the_abi_encoded_name_as_in_venues_md() {
    assertThat(GmxKeys.IS_MARKET_DISABLED)
        .isEqualTo("0x5c27e8a9fa01145fb01eb80b81db2eab7e57bc33d109d6a64315239a65ce4d36");
    assertThat(GmxKeys.SAVED_FUNDING_FACTOR_PER_SECOND)
        .isEqualTo("0xf63fea608b7053f75017cdb08ea8cedc1dc27ba6c7e693da824eb04a2ebc0729");
    assertThat(GmxKeys.MAX_FUNDING_FACTOR_PER_SECOND)
        .isEqualTo("0xbeb1b2c6c23ef59c950f3194c435435cc060a612328d7b143074e6309e18e282");
    assertThat(GmxKeys.MAX_OPEN_INTEREST)
        .isEqualTo("0x00468cb3aa9036ff00a31f90887485d87e1ee0299e9c1e1a838fe5110c4fbafb");
    assertThat(GmxKeys.OPEN_INTEREST)
        .isEqualTo("0x4259c04608de5df0fa0e375507d66e8ffc81773c9f3dd501a181cbb349ae4fe0");
    assertThat(GmxKeys.constant("FUNDING_FACTOR"))
        .isEqualTo("0x8d25c5b55501c0bb1657a27730a272059c9a87bbf03ea76434f679bfef179e73");
  }

  @Test
  void a_per_market_key_hashes_the_constant_and_the_left_padded_address() {
    String expected =
        AbiWords.keccak(
            org.web3j.utils.Numeric.hexStringToByteArray(
                GmxKeys.IS_MARKET_DISABLED.substring(2)
                    + "0".repeat(24)
                    + ETH_MARKET.substring(2)));
    assertThat(GmxKeys.isMarketDisabled(ETH_MARKET)).isEqualTo(expected);
  }

  @Test
  void prices_are_usd_per_smallest_unit_at_30_decimals() {
    assertThat(GmxV2Reader.priceProps(new BigDecimal("5000"), 18).min())
        .isEqualTo(new BigInteger("5000").multiply(BigInteger.TEN.pow(12)));
    assertThat(GmxV2Reader.priceProps(new BigDecimal("60000"), 8).max())
        .isEqualTo(new BigInteger("60000").multiply(BigInteger.TEN.pow(22)));
    assertThat(GmxV2Reader.priceProps(BigDecimal.ONE, 6).min()).isEqualTo(BigInteger.TEN.pow(24));
    assertThat(GmxV2Reader.priceProps(new BigDecimal("3000.12345678"), 18).min())
        .isEqualTo(new BigInteger("3000123456780000"));
  }

  @Test
  void a_funding_factor_of_1e22_per_second_is_0_000036_per_hour() {
    assertThat(GmxV2Reader.perHour(new BigInteger("10000000000000000000000")))
        .isEqualByComparingTo("0.000036");
  }

  /** MarketInfo's 29 words with the given funding and disabled flag, every other field distinct. */
  private static CallOutcome marketInfo(boolean longsPayShorts, String factor, boolean disabled) {
    List<String> w = new ArrayList<>();
    w.add(address(ETH_MARKET));
    w.add(address(WETH));
    w.add(address(WETH));
    w.add(address(USDC));
    w.add(uint(401)); // borrowing longs
    w.add(uint(402)); // borrowing shorts
    for (int i = 0; i < 8; i++) {
      w.add(uint(600 + i)); // base funding
    }
    w.add(bool(longsPayShorts));
    w.add(uint(factor));
    w.add(int256((longsPayShorts ? "" : "-") + factor));
    for (int i = 0; i < 8; i++) {
      w.add(uint(1700 + i)); // funding deltas
    }
    w.add(uint(2500));
    w.add(uint(2600));
    w.add(int256("-2700"));
    w.add(bool(disabled));
    return ok(w.toArray(String[]::new));
  }

  @Test
  void market_info_decodes_as_the_static_struct_tree_in_declaration_order() {
    GmxV2Abi.MarketInfo info =
        GmxV2Abi.decodeMarketInfo(marketInfo(true, "10000000000000000000000", true), READER)
            .asOptional()
            .orElseThrow();
    assertThat(info.market()).isEqualTo(new GmxV2Abi.MarketProps(ETH_MARKET, WETH, WETH, USDC));
    assertThat(info.borrowingFactorPerSecondForLongs()).isEqualTo(401);
    assertThat(info.borrowingFactorPerSecondForShorts()).isEqualTo(402);
    assertThat(info.baseFunding().fundingFeeAmountPerSize().longs().longToken()).isEqualTo(600);
    assertThat(info.baseFunding().claimableFundingAmountPerSize().shorts().shortToken())
        .isEqualTo(607);
    assertThat(info.nextFunding().longsPayShorts()).isTrue();
    assertThat(info.nextFunding().fundingFactorPerSecond())
        .isEqualTo(new BigInteger("10000000000000000000000"));
    assertThat(info.nextFunding().fundingFeeAmountPerSizeDelta().longs().longToken())
        .isEqualTo(1700);
    assertThat(info.nextFunding().claimableFundingAmountPerSizeDelta().shorts().shortToken())
        .isEqualTo(1707);
    assertThat(info.virtualInventory().virtualInventoryForPositions()).isEqualTo(-2700);
    assertThat(info.isDisabled()).isTrue();
  }

  static Stream<Arguments> brokenMarketInfos() {
    CallOutcome good = marketInfo(true, "1", false);
    String hex = ((CallOutcome.Success) good).data();
    return Stream.of(
        Arguments.of(ok(), ReadFailure.NoCode.class),
        Arguments.of(
            new CallOutcome.Success(hex.substring(0, hex.length() - 64)),
            ReadFailure.Malformed.class),
        // longsPayShorts = 2
        Arguments.of(
            new CallOutcome.Success(
                hex.substring(0, 2 + 14 * 64) + uint(2) + hex.substring(2 + 15 * 64)),
            ReadFailure.Malformed.class),
        // an address word with its high bytes set
        Arguments.of(
            new CallOutcome.Success("0x" + "f".repeat(64) + hex.substring(2 + 64)),
            ReadFailure.Malformed.class),
        Arguments.of(reverted(AbiWords.selector("EmptyMarket()")), ReadFailure.Reverted.class));
  }

  @ParameterizedTest
  @MethodSource("brokenMarketInfos")
  void broken_market_info_is_a_typed_failure(
      CallOutcome outcome, Class<? extends ReadFailure> type) {
    assertThat(GmxV2Abi.decodeMarketInfo(outcome, READER).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f).isInstanceOf(type));
  }

  @Test
  void empty_market_revert_is_named() {
    assertThat(
            GmxV2Abi.decodeMarketInfo(reverted(AbiWords.selector("EmptyMarket()")), READER)
                .failureIfAny()
                .orElseThrow()
                .describe())
        .contains("EmptyMarket()");
  }

  /**
   * Outcomes of a first batch (tokens unknown): getMarket, getMarketInfo and four DataStore reads.
   */
  private static List<CallOutcome> firstCycle(CallOutcome info, CallOutcome disabled) {
    return List.of(
        ok(address(ETH_MARKET), address(WETH), address(WETH), address(USDC)),
        info,
        disabled,
        ok(uint("20000000000000000000000")),
        ok(uint("80000000000000000000000000000000000000")),
        ok(uint("60000000000000000000000000000000000000")));
  }

  @Test
  void the_first_cycle_learns_the_tokens_and_later_cycles_read_open_interest() {
    GmxV2Reader.Batch first = reader.batch(List.of(ETH_MARKET));
    assertThat(first.calls()).hasSize(6);
    assertThat(first.calls().get(0).callData()).startsWith("0x714af34b");
    assertThat(first.calls().get(1).callData()).startsWith("0x847bb469");
    assertThat(first.calls().get(1).target()).isEqualTo(READER);
    assertThat(first.calls().get(2).target()).isEqualTo(DATA_STORE);
    MarketSnapshot s =
        first
            .decode(
                BLOCK,
                firstCycle(marketInfo(true, "5000000000000000000000", false), ok(bool(false))))
            .get(0)
            .asOptional()
            .orElseThrow();
    assertThat(s.openInterest()).isEmpty();
    // 5e21 x 3600 / 1e30, longs pay
    assertThat(s.fundingRateHourly())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.000018"));
    assertThat(s.fundingCapHourly())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0.000072"));
    // 80M USD at 3000 USD per ETH
    assertThat(s.maxOpenInterestLong())
        .hasValueSatisfying(
            v ->
                assertThat(v)
                    .isEqualByComparingTo(
                        new BigDecimal("80000000")
                            .divide(new BigDecimal("3000"), GmxV2Reader.RATE_CONTEXT)));
    assertThat(s.maxOpenInterestShort())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("20000"));
    assertThat(s.indexPrice()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("3000"));
    assertThat(s.markPrice()).isEmpty();
    assertThat(s.status().restricted()).isFalse();

    GmxV2Reader.Batch next = reader.batch(List.of(ETH_MARKET));
    assertThat(next.calls()).hasSize(9);
    assertThat(next.calls().get(5).callData())
        .isEqualTo(GmxV2Abi.getUint(GmxKeys.openInterestInTokens(ETH_MARKET, WETH, true)));
    MarketSnapshot withOi =
        next.decode(
                BLOCK,
                List.of(
                    marketInfo(false, "10000000000000000000000", false),
                    ok(bool(false)),
                    ok(uint(0)),
                    ok(uint(0)),
                    ok(uint(0)),
                    ok(uint("1400000000000000000000")),
                    ok(uint("600000000000000000000")),
                    ok(uint("300000000000000000000")),
                    ok(uint("1200000000000000000000"))))
            .get(0)
            .asOptional()
            .orElseThrow();
    assertThat(withOi.openInterestLong())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("2000"));
    assertThat(withOi.openInterestShort())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("1500"));
    assertThat(withOi.openInterest())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("3500"));
    assertThat(withOi.skew()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("500"));
    // shorts pay: negative
    assertThat(withOi.fundingRateHourly())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("-0.000036"));
    // a zero cap is no cap
    assertThat(withOi.fundingCapHourly()).isEmpty();
    assertThat(withOi.maxOpenInterestLong())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("0"));
  }

  @Test
  void a_market_with_the_same_long_and_short_token_counts_each_position_once() {
    GmxV2Reader sameToken =
        new GmxV2Reader(
            "gmx",
            new OnChainTesting.NoChain(),
            READER,
            DATA_STORE,
            List.of(
                new GmxV2Reader.Market(
                    ETH_MARKET,
                    new GmxV2Reader.Token("eth-usd", 18),
                    new GmxV2Reader.Token("eth-usd", 18),
                    new GmxV2Reader.Token("eth-usd", 18))),
            key -> Optional.ofNullable(prices.get(key)));
    sameToken
        .batch(List.of(ETH_MARKET))
        .decode(
            BLOCK,
            List.of(
                ok(address(ETH_MARKET), address(WETH), address(WETH), address(WETH)),
                marketInfo(true, "1", false),
                ok(bool(false)),
                ok(uint(0)),
                ok(uint(0)),
                ok(uint(0))));
    MarketSnapshot s =
        sameToken
            .batch(List.of(ETH_MARKET))
            .decode(
                BLOCK,
                List.of(
                    marketInfo(true, "1", false),
                    ok(bool(false)),
                    ok(uint(0)),
                    ok(uint(0)),
                    ok(uint(0)),
                    ok(uint("100000000000000000000")),
                    ok(uint("100000000000000000000")),
                    ok(uint("40000000000000000000")),
                    ok(uint("40000000000000000000"))))
            .get(0)
            .asOptional()
            .orElseThrow();
    assertThat(s.openInterestLong())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("100"));
    assertThat(s.openInterestShort())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("40"));
  }

  @Test
  void disabled_by_the_data_store_key_or_by_market_info() {
    MarketSnapshot byKey =
        reader
            .batch(List.of(ETH_MARKET))
            .decode(BLOCK, firstCycle(marketInfo(true, "1", false), ok(bool(true))))
            .get(0)
            .asOptional()
            .orElseThrow();
    assertThat(byKey.status().disabled()).isTrue();
    assertThat(byKey.status().reason())
        .hasValueSatisfying(r -> assertThat(r).contains("IS_MARKET_DISABLED"));
    MarketSnapshot byInfo =
        newReader()
            .batch(List.of(ETH_MARKET))
            .decode(BLOCK, firstCycle(marketInfo(true, "1", true), reverted("0x")))
            .get(0)
            .asOptional()
            .orElseThrow();
    assertThat(byInfo.status().disabled()).isTrue();
  }

  @Test
  void without_a_token_price_market_info_is_not_read_and_the_snapshot_says_why() {
    prices.remove("usdc-usd");
    GmxV2Reader.Batch batch = reader.batch(List.of(ETH_MARKET));
    assertThat(batch.calls()).noneMatch(c -> c.callData().startsWith("0x847bb469"));
    MarketSnapshot s =
        batch
            .decode(
                BLOCK,
                List.of(
                    ok(address(ETH_MARKET), address(WETH), address(WETH), address(USDC)),
                    ok(bool(false)),
                    ok(uint(0)),
                    ok(uint(0)),
                    ok(uint(0))))
            .get(0)
            .asOptional()
            .orElseThrow();
    assertThat(s.fundingRateHourly()).isEmpty();
    assertThat(s.oracleProblem())
        .hasValueSatisfying(p -> assertThat(p).contains("usdc-usd").contains("getMarketInfo"));
    assertThat(s.indexPrice()).isPresent();
  }

  @Test
  void a_market_the_data_store_does_not_list_is_a_failure() {
    Read<MarketSnapshot> read =
        reader
            .batch(List.of(ETH_MARKET))
            .decode(
                BLOCK,
                List.of(
                    ok(address(ZERO), address(ZERO), address(ZERO), address(ZERO)),
                    reverted(AbiWords.selector("EmptyMarket()")),
                    ok(bool(false)),
                    ok(uint(0)),
                    ok(uint(0)),
                    ok(uint(0))))
            .get(0);
    assertThat(read.failureIfAny())
        .hasValueSatisfying(f -> assertThat(f.describe()).contains("no GMX market"));
  }

  @Test
  void a_market_not_configured_fails_without_a_call() {
    GmxV2Reader.Batch batch = reader.batch(List.of("0x47c031236e19d024b42f8ae6780e44a573170703"));
    assertThat(batch.calls()).isEmpty();
    assertThat(batch.decode(BLOCK, List.of()).get(0).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f.describe()).contains("not configured"));
  }
}
