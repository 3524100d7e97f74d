package io.hedgewatch.venue;

import static io.hedgewatch.venue.OnChainTesting.BLOCK;
import static io.hedgewatch.venue.OnChainTesting.bool;
import static io.hedgewatch.venue.OnChainTesting.d18;
import static io.hedgewatch.venue.OnChainTesting.ok;
import static io.hedgewatch.venue.OnChainTesting.reverted;
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
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Synthetix v3 account reads decoded from hand-made return data: the call plan, a long and a
 * short as worked examples (entry derived from the PnL, equity and maintenance the account's), the
 * stale oracle, a missing position, and malformed data.
 */
class SynthetixV3PositionDecodingTest {

  private static final String PROXY = "0x0a2af931effd34b81ebcc57e3d3c9b1e1de1c9ce";
  private static final String WRAPPER = "0x9cb0b428632fc7dc56fdf453aed890ba55b1953a";
  private static final String ETH_PRICE_ID =
      "ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace";

  private final SynthetixV3PositionReader reader =
      new SynthetixV3PositionReader("snx", new OnChainTesting.NoChain(), PROXY);

  static Stream<Arguments> selectors() {
    // signature, selector from venues.md 3a
    return Stream.of(
        Arguments.of(SynthetixV3Abi.GET_OPEN_POSITION, "0x22a73967"),
        Arguments.of(SynthetixV3Abi.GET_OPEN_POSITION_SIZE, "0x6fa1b1a0"),
        Arguments.of(SynthetixV3Abi.GET_AVAILABLE_MARGIN, "0x0a7dad2d"),
        Arguments.of(SynthetixV3Abi.GET_REQUIRED_MARGINS, "0x3c0f0753"),
        Arguments.of(SynthetixV3Abi.CAN_LIQUIDATE, "0x9b922bba"),
        Arguments.of(SynthetixV3Abi.GET_LIQUIDATION_PARAMETERS, "0xf94363a6"));
  }

  @ParameterizedTest
  @MethodSource("selectors")
  void selectors_are_the_proxys(String signature, String selector) {
    assertThat(AbiWords.selector(signature)).isEqualTo(selector);
  }

  private static PositionReader.Request request(String account, String market) {
    return new PositionReader.Request("hedge", "eth-perp", market, account);
  }

  /**
   * The devnet's liquidation parameters: initial ratio |size| / skewScale x 2 + 2 %, maintenance
   * half of it, flag reward 0.03 % of notional, 10 USD per position.
   */
  private static final CallOutcome LIQUIDATION_PARAMETERS =
      ok(d18("2"), d18("0.02"), d18("0.5"), d18("0.0003"), d18("10"));

  /** skewScale 1,000,000 ETH, maxFundingVelocity 9. */
  private static final CallOutcome FUNDING_PARAMETERS = ok(d18("1000000"), d18("9"));

  /** getAccountOpenPositions: the account's only position is in market 100. */
  private static final CallOutcome ONLY_MARKET_100 = ok(uint(0x20), uint(1), uint(100));

  /**
   * The outcomes of a one-position batch, in the plan's order: getOpenPositionSize,
   * getOpenPosition, indexPrice, getLiquidationParameters, getFundingParameters,
   * getAvailableMargin, getRequiredMargins, canLiquidate, getAccountOpenPositions; the price-free
   * reads the devnet's, the account holding this position alone.
   */
  private static List<CallOutcome> outcomes(
      CallOutcome size,
      CallOutcome open,
      CallOutcome index,
      CallOutcome available,
      CallOutcome required,
      CallOutcome canLiquidate) {
    return outcomes(size, open, index, available, required, canLiquidate, ONLY_MARKET_100);
  }

  private static List<CallOutcome> outcomes(
      CallOutcome size,
      CallOutcome open,
      CallOutcome index,
      CallOutcome available,
      CallOutcome required,
      CallOutcome canLiquidate,
      CallOutcome openPositions) {
    return List.of(
        size,
        open,
        index,
        LIQUIDATION_PARAMETERS,
        FUNDING_PARAMETERS,
        available,
        required,
        canLiquidate,
        openPositions);
  }

  private static CallOutcome openPosition(
      String totalPnl, String funding, String size, String interest) {
    return ok(d18(totalPnl), d18(funding), d18(size), d18(interest));
  }

  private static CallOutcome required(String initial, String maintenance, String reward) {
    return ok(d18(initial), d18(maintenance), d18(reward));
  }

  private Read<PositionSnapshot> decodeOne(List<CallOutcome> outcomes) {
    SynthetixV3PositionReader.Batch batch = reader.batch(List.of(request("7", "100")));
    return batch.decode(BLOCK, outcomes).get(0);
  }

  private static PositionSnapshot value(Read<PositionSnapshot> read) {
    assertThat(read.failureIfAny()).isEmpty();
    return read.asOptional().orElseThrow();
  }

  private static String oracleDataRequired() {
    String query = uint(1) + uint(60) + uint(0x60) + uint(1) + ETH_PRICE_ID;
    return "0xcf2cabdf"
        + OnChainTesting.address(WRAPPER)
        + uint(0x40)
        + uint(query.length() / 2)
        + query;
  }

  @Test
  void one_position_is_nine_reads_of_the_proxy_in_a_fixed_order() {
    List<ContractCall> calls = reader.batch(List.of(request("7", "100"))).calls();
    assertThat(calls).extracting(ContractCall::target).containsOnly(PROXY);
    assertThat(calls)
        .extracting(ContractCall::callData)
        .containsExactly(
            SynthetixV3Abi.getOpenPositionSize(BigInteger.valueOf(7), BigInteger.valueOf(100)),
            SynthetixV3Abi.getOpenPosition(BigInteger.valueOf(7), BigInteger.valueOf(100)),
            SynthetixV3Abi.indexPrice(BigInteger.valueOf(100)),
            SynthetixV3Abi.getLiquidationParameters(BigInteger.valueOf(100)),
            SynthetixV3Abi.getFundingParameters(BigInteger.valueOf(100)),
            SynthetixV3Abi.getAvailableMargin(BigInteger.valueOf(7)),
            SynthetixV3Abi.getRequiredMargins(BigInteger.valueOf(7)),
            SynthetixV3Abi.canLiquidate(BigInteger.valueOf(7)),
            SynthetixV3Abi.getAccountOpenPositions(BigInteger.valueOf(7)));
    assertThat(calls.get(1).callData()).isEqualTo("0x22a73967" + uint(7) + uint(100));
  }

  @Test
  void an_accounts_and_a_markets_reads_are_made_once_however_many_positions_share_them() {
    SynthetixV3PositionReader.Batch batch =
        reader.batch(
            List.of(
                request("7", "100"),
                request("7", "200"),
                request("8", "100"),
                request("7", "100")));
    // 4 x (size, position) + 2 markets x 3 + 2 accounts x 4
    assertThat(batch.calls()).hasSize(22);
  }

  /**
   * A long of 10 ETH filled at 2900, index 3000: price PnL 1000, funding paid 5, interest owed 1,
   * so total PnL 994; the account holds 10,000 USD of collateral.
   */
  @Test
  void a_long_takes_the_accounts_margins_and_the_venues_verdict() {
    PositionSnapshot s =
        value(
            decodeOne(
                outcomes(
                    ok(d18("10")),
                    openPosition("994", "-5", "10", "1"),
                    ok(d18("3000")),
                    ok(d18("10994")),
                    required("610.6", "319.3", "9"),
                    ok(bool(false)))));
    assertThat(s.positionId()).isEqualTo("hedge");
    assertThat(s.marketId()).isEqualTo("eth-perp");
    assertThat(s.at()).isEqualTo(BLOCK.timestamp());
    assertThat(s.source()).isEqualTo("synthetix-v3 account 7 on " + PROXY);
    assertThat(s.side()).isEqualTo(PositionSide.LONG);
    assertThat(s.size()).isEqualByComparingTo("10");
    assertThat(s.markPrice()).isEqualByComparingTo("3000");
    assertThat(s.entryPrice()).hasValueSatisfying(e -> assertThat(e).isEqualByComparingTo("2900"));
    assertThat(s.marginMode()).isEqualTo(MarginMode.CROSS);
    assertThat(s.equity()).isEqualByComparingTo("10994");
    // the view's maintenance already holds the reward: not added twice
    assertThat(s.maintenanceMargin()).isEqualByComparingTo("319.3");
    assertThat(s.unrealizedPnl())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("999"));
    assertThat(s.accruedFunding())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("-5"));
    assertThat(s.venueSaysLiquidatable()).contains(false);
    // ratios 0.01001 + 0.0003 = 0.01031: 10994 + 10 x (P - 3000) = 10 x P x 0.01031 + 10, so
    // P = 19016 / 9.8969 = 1921.4097343612646384221...
    assertThat(s.venueLiquidationPrice())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("1921.409734361264638422"));
  }

  /**
   * A long of 10 ETH at index 3000 (notional 30,000). Maintenance ratio (10 / 1e6 x 2 + 0.02) x 0.5
   * = 0.01001, so the proxy reports 300.3 + 10 + reward 9 = 319.3. At P the requirement is 10 x P x
   * (0.01001 + 0.0003) + 10 = 0.1031 P + 10 and the margin 10,216.2 + 10 x (P - 3000): equal at P =
   * 2000 (margin 216.2 = 206.2 + 10). The whole requirement moving with the price would put it at
   * 10,216.2 - 30,000 x m = 319.3 x (1 - m), m = 33.345 %, P = 1999.66: the fixed 10 USD does not
   * shrink with the price.
   */
  @Test
  void a_long_alone_in_its_account_is_liquidated_where_synthetixs_rule_says() {
    PositionSnapshot s =
        value(
            decodeOne(
                outcomes(
                    ok(d18("10")),
                    openPosition("0", "0", "10", "0"),
                    ok(d18("3000")),
                    ok(d18("10216.2")),
                    required("610.6", "319.3", "9"),
                    ok(bool(false)))));
    assertThat(s.venueLiquidationPrice())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("2000"));
  }

  /**
   * A short of 2 ETH at index 3000 (notional 6,000). Ratio (2 / 1e6 x 2 + 0.02) x 0.5 = 0.010002:
   * the proxy reports 60.012 + 10 + 1.8 = 71.812. At P the requirement is 2 x P x 0.010302 + 10 and
   * the margin 2,092.416 - 2 x (P - 3000): equal at P = 4000 (margin 92.416 = 82.416 + 10).
   */
  @Test
  void a_short_alone_in_its_account_is_liquidated_where_synthetixs_rule_says() {
    PositionSnapshot s =
        value(
            decodeOne(
                outcomes(
                    ok(d18("-2")),
                    openPosition("0", "0", "-2", "0"),
                    ok(d18("3000")),
                    ok(d18("2092.416")),
                    required("130.2", "71.812", "1.8"),
                    ok(bool(false)))));
    assertThat(s.venueLiquidationPrice())
        .hasValueSatisfying(p -> assertThat(p).isEqualByComparingTo("4000"));
  }

  @Test
  void an_account_with_positions_in_several_markets_has_no_single_liquidation_price() {
    // cross margin across markets: the other market's price moves the same margin
    PositionSnapshot s =
        value(
            decodeOne(
                outcomes(
                    ok(d18("10")),
                    openPosition("0", "0", "10", "0"),
                    ok(d18("3000")),
                    ok(d18("10216.2")),
                    required("610.6", "319.3", "9"),
                    ok(bool(false)),
                    ok(uint(0x20), uint(2), uint(100), uint(200)))));
    assertThat(s.venueLiquidationPrice()).isEmpty();
    assertThat(s.maintenanceMargin()).isEqualByComparingTo("319.3");
  }

  @Test
  void margins_the_rule_does_not_reproduce_leave_the_liquidation_price_to_the_model() {
    // a reward of 12 where the flag reward is 9: keeper costs or reward guards, not the linear rule
    PositionSnapshot s =
        value(
            decodeOne(
                outcomes(
                    ok(d18("10")),
                    openPosition("0", "0", "10", "0"),
                    ok(d18("3000")),
                    ok(d18("10216.2")),
                    required("613.6", "322.3", "12"),
                    ok(bool(false)))));
    assertThat(s.venueLiquidationPrice()).isEmpty();
    // one wei off the proxy's own figure is not the rule either
    PositionSnapshot offByOne =
        value(
            decodeOne(
                outcomes(
                    ok(d18("10")),
                    openPosition("0", "0", "10", "0"),
                    ok(d18("3000")),
                    ok(d18("10216.2")),
                    ok(d18("610.6"), uint("319300000000000000001"), d18("9")),
                    ok(bool(false)))));
    assertThat(offByOne.venueLiquidationPrice()).isEmpty();
  }

  @Test
  void a_malformed_open_positions_list_fails_naming_the_call() {
    Read<PositionSnapshot> read =
        decodeOne(
            outcomes(
                ok(d18("10")),
                openPosition("0", "0", "10", "0"),
                ok(d18("3000")),
                ok(d18("10216.2")),
                required("610.6", "319.3", "9"),
                ok(bool(false)),
                ok(uint(0x20), uint(3), uint(100))));
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f -> {
              assertThat(f).isInstanceOf(ReadFailure.Malformed.class);
              assertThat(f.describe())
                  .contains("getAccountOpenPositions(7)")
                  .contains("array length 3 exceeds the data");
            });
  }

  /** A short of 2 ETH filled at 3100, index 3000: price PnL +200, funding received 3. */
  @Test
  void a_short_has_its_entry_above_the_index_when_in_profit() {
    PositionSnapshot s =
        value(
            decodeOne(
                outcomes(
                    ok(d18("-2")),
                    openPosition("203", "3", "-2", "0"),
                    ok(d18("3000")),
                    ok(d18("-12.5")),
                    required("130.2", "71.812", "1.8"),
                    ok(bool(true)))));
    assertThat(s.side()).isEqualTo(PositionSide.SHORT);
    assertThat(s.size()).isEqualByComparingTo("2");
    assertThat(s.entryPrice()).hasValueSatisfying(e -> assertThat(e).isEqualByComparingTo("3100"));
    assertThat(s.equity()).isEqualByComparingTo("-12.5");
    assertThat(s.venueSaysLiquidatable()).contains(true);
  }

  @Test
  void an_entry_that_would_not_be_positive_is_left_out() {
    // a long of 1 at index 100 with 150 of price PnL: the last fill would be -50
    PositionSnapshot s =
        value(
            decodeOne(
                outcomes(
                    ok(d18("1")),
                    openPosition("150", "0", "1", "0"),
                    ok(d18("100")),
                    ok(d18("200")),
                    required("2", "1", "0"),
                    ok(bool(false)))));
    assertThat(s.entryPrice()).isEmpty();
  }

  @Test
  void oracle_data_required_names_the_stale_oracle_and_its_price_ids() {
    CallOutcome stale = reverted(oracleDataRequired());
    Read<PositionSnapshot> read =
        decodeOne(outcomes(ok(d18("10")), stale, stale, stale, stale, stale));
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f -> {
              assertThat(f).isInstanceOf(ReadFailure.Reverted.class);
              assertThat(((ReadFailure.Reverted) f).data()).isEqualTo(oracleDataRequired());
              assertThat(f.describe())
                  .startsWith("reverted: getOpenPosition(7, 100): Pyth price stale")
                  .contains("OracleDataRequired(oracle " + WRAPPER)
                  .contains("staleness tolerance 60 s")
                  .contains("0x" + ETH_PRICE_ID);
            });
  }

  @Test
  void a_stale_price_of_another_market_of_the_account_fails_the_position_too() {
    // cross margin: the account's margin needs every market's price
    Read<PositionSnapshot> read =
        decodeOne(
            outcomes(
                ok(d18("10")),
                openPosition("0", "0", "10", "0"),
                ok(d18("3000")),
                reverted(oracleDataRequired()),
                reverted(oracleDataRequired()),
                reverted(oracleDataRequired())));
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f -> assertThat(f.describe()).contains("getAvailableMargin(7): Pyth price stale"));
  }

  @Test
  void no_position_in_the_market_is_a_failure_that_says_so() {
    Read<PositionSnapshot> read =
        decodeOne(
            outcomes(
                ok(uint(0)),
                openPosition("0", "0", "0", "0"),
                ok(d18("3000")),
                ok(d18("100")),
                required("0", "0", "0"),
                ok(bool(false))));
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f ->
                assertThat(f.describe())
                    .isEqualTo(
                        "unavailable: snx: Synthetix perps account 7 has no open position in"
                            + " market 100 (getOpenPositionSize is 0)"));
  }

  @Test
  void a_revert_other_than_the_oracle_is_named_with_its_call() {
    String invalidMarket = AbiWords.selector(SynthetixV3Abi.INVALID_MARKET) + uint(100);
    Read<PositionSnapshot> read =
        decodeOne(
            outcomes(
                reverted(invalidMarket),
                reverted(invalidMarket),
                reverted(invalidMarket),
                ok(d18("0")),
                required("0", "0", "0"),
                ok(bool(false))));
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f ->
                assertThat(f.describe())
                    .isEqualTo("reverted: getOpenPositionSize(7, 100) InvalidMarket(uint128)"));
  }

  @Test
  void a_size_out_of_int128_range_is_malformed() {
    String tooBig = AbiWords.uintWord(BigInteger.ONE.shiftLeft(127));
    Read<PositionSnapshot> read =
        decodeOne(
            outcomes(
                ok(d18("10")),
                ok(d18("0"), d18("0"), tooBig, d18("0")),
                ok(d18("3000")),
                ok(d18("100")),
                required("0", "0", "0"),
                ok(bool(false))));
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f -> {
              assertThat(f).isInstanceOf(ReadFailure.Malformed.class);
              assertThat(f.describe()).contains("getOpenPosition(7, 100)").contains("int128");
            });
  }

  @Test
  void short_empty_and_disagreeing_return_data_fail_without_exceptions() {
    List<CallOutcome> base =
        outcomes(
            ok(d18("10")),
            openPosition("0", "0", "10", "0"),
            ok(d18("3000")),
            ok(d18("100")),
            required("2", "1", "0"),
            ok(bool(false)));
    List<CallOutcome> shortRequired = new ArrayList<>(base);
    shortRequired.set(6, ok(d18("2"), d18("1")));
    assertThat(decodeOne(shortRequired).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f).isInstanceOf(ReadFailure.Malformed.class));
    List<CallOutcome> empty = new ArrayList<>(base);
    empty.set(5, new CallOutcome.Success("0x"));
    assertThat(decodeOne(empty).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f).isInstanceOf(ReadFailure.NoCode.class));
    List<CallOutcome> zeroIndex = new ArrayList<>(base);
    zeroIndex.set(2, ok(uint(0)));
    assertThat(decodeOne(zeroIndex).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f.describe()).contains("indexPrice(100) is 0"));
    List<CallOutcome> disagreeing = new ArrayList<>(base);
    disagreeing.set(1, openPosition("0", "0", "0", "0"));
    assertThat(decodeOne(disagreeing).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f).isInstanceOf(ReadFailure.Malformed.class));
    List<CallOutcome> transport = new ArrayList<>(base);
    transport.set(7, new CallOutcome.Failed("timeout"));
    assertThat(decodeOne(transport).failureIfAny())
        .hasValueSatisfying(
            f -> assertThat(f.describe()).isEqualTo("unavailable: canLiquidate(7) timeout"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0xabc", "-1", "1.5", "", "340282366920938463463374607431768211456"})
  void an_account_that_is_no_uint128_is_failed_without_a_call(String account) {
    SynthetixV3PositionReader.Batch batch = reader.batch(List.of(request(account, "100")));
    assertThat(batch.calls()).isEmpty();
    assertThat(batch.decode(BLOCK, List.of()).get(0).failureIfAny())
        .hasValueSatisfying(
            f -> assertThat(f.describe()).contains("is not a Synthetix perps account id"));
  }

  @Test
  void the_largest_uint128_is_an_account_id() {
    String max = SynthetixV3Abi.MAX_ACCOUNT_ID.toString();
    assertThat(reader.batch(List.of(request(max, "100"))).calls()).hasSize(9);
  }

  @Test
  void a_market_key_that_is_no_market_id_is_failed_without_a_call() {
    SynthetixV3PositionReader.Batch batch = reader.batch(List.of(request("7", "ETH")));
    assertThat(batch.calls()).isEmpty();
    assertThat(batch.decode(BLOCK, List.of()).get(0).failureIfAny())
        .hasValueSatisfying(
            f -> assertThat(f.describe()).contains("'ETH' is not a Synthetix market id"));
  }

  @Test
  void outcomes_that_do_not_match_the_calls_are_a_programming_error() {
    SynthetixV3PositionReader.Batch batch = reader.batch(List.of(request("7", "100")));
    assertThatThrownBy(() -> batch.decode(BLOCK, List.of(ok(uint(1)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("9 calls but 1 outcomes");
  }
}
