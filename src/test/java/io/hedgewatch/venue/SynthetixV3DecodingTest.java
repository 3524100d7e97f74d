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
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Synthetix v3 reads decoded from hand-made return data: units and signs as worked examples,
 * the stale-oracle path, the halt flag, and malformed, short and foreign return data.
 */
class SynthetixV3DecodingTest {

  private static final String PROXY = "0x0a2af931effd34b81ebcc57e3d3c9b1e1de1c9ce";
  private static final String WRAPPER = "0x9cb0b428632fc7dc56fdf453aed890ba55b1953a";
  private static final String ETH_PRICE_ID =
      "ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace";

  private final SynthetixV3Reader reader =
      new SynthetixV3Reader("snx", new OnChainTesting.NoChain(), PROXY);

  static Stream<Arguments> selectors() {
    // signature, selector from venues.md 3a
    return Stream.of(
        Arguments.of(SynthetixV3Abi.GET_MARKET_SUMMARY, "0x41c2e8bd"),
        Arguments.of(SynthetixV3Abi.CURRENT_FUNDING_RATE, "0xd435b2a2"),
        Arguments.of(SynthetixV3Abi.CURRENT_FUNDING_VELOCITY, "0xf265db02"),
        Arguments.of(SynthetixV3Abi.INDEX_PRICE, "0x4f778fb4"),
        Arguments.of(SynthetixV3Abi.SIZE, "0x2b267635"),
        Arguments.of(SynthetixV3Abi.SKEW, "0x83a7db27"),
        Arguments.of(SynthetixV3Abi.MAX_OPEN_INTEREST, "0x0e7cace9"),
        Arguments.of(SynthetixV3Abi.FILL_PRICE, "0xdeff90ef"),
        Arguments.of(SynthetixV3Abi.GET_FUNDING_PARAMETERS, "0x1b68d8fa"),
        Arguments.of(SynthetixV3Abi.GET_MAX_MARKET_SIZE, "0x19a99bf5"),
        Arguments.of(SynthetixV3Abi.GET_MAX_MARKET_VALUE, "0x3b217f67"),
        Arguments.of(SynthetixV3Abi.GET_MARKETS, "0xec2c9016"),
        Arguments.of(SynthetixV3Abi.METADATA, "0xe3bc36bf"),
        Arguments.of(SynthetixV3Abi.IS_FEATURE_ALLOWED, "0xcf635949"),
        Arguments.of(SynthetixV3Abi.GET_FEATURE_FLAG_DENY_ALL, "0xbcae3ea0"),
        Arguments.of(SynthetixV3Abi.ORACLE_DATA_REQUIRED, "0xcf2cabdf"));
  }

  @ParameterizedTest
  @MethodSource("selectors")
  void selectors_are_the_proxys(String signature, String selector) {
    assertThat(AbiWords.selector(signature)).isEqualTo(selector);
  }

  @Test
  void the_perps_system_flag_is_the_ascii_name_right_padded() {
    assertThat(SynthetixV3Abi.getFeatureFlagDenyAll("perpsSystem"))
        .isEqualTo("0xbcae3ea0" + "706572707353797374656d" + "0".repeat(42));
  }

  /** The outcomes of a one-market batch: denyAll, then the market's eight reads. */
  private static List<CallOutcome> market(
      CallOutcome denyAll,
      CallOutcome summary,
      CallOutcome fundingParameters,
      CallOutcome maxMarketValue,
      CallOutcome size,
      CallOutcome skew,
      CallOutcome rate,
      CallOutcome velocity,
      CallOutcome maxMarketSize) {
    return List.of(
        denyAll,
        summary,
        fundingParameters,
        maxMarketValue,
        size,
        skew,
        rate,
        velocity,
        maxMarketSize);
  }

  private static CallOutcome summary(
      String skew, String size, String maxOi, String rate, String velocity, String price) {
    return ok(d18(skew), d18(size), d18(maxOi), d18(rate), d18(velocity), d18(price));
  }

  private static List<CallOutcome> ethMarket(CallOutcome denyAll, CallOutcome summary) {
    return market(
        denyAll,
        summary,
        ok(d18("1000000"), d18("9")),
        ok(d18("300000000")),
        ok(d18("12000")),
        ok(d18("800")),
        ok(d18("0.001")),
        ok(d18("0.0072")),
        ok(d18("60000")));
  }

  private MarketSnapshot decodeOne(List<CallOutcome> outcomes) {
    Read<MarketSnapshot> read = reader.batch(List.of("100")).decode(BLOCK, outcomes).get(0);
    assertThat(read).isInstanceOf(Read.Ok.class);
    return read.asOptional().orElseThrow();
  }

  private static BigDecimal at10(BigDecimal value) {
    return value.setScale(10, RoundingMode.HALF_EVEN);
  }

  @Test
  void a_batch_is_the_halt_flag_then_eight_reads_per_market() {
    SynthetixV3Reader.Batch batch = reader.batch(List.of("100", "200"));
    assertThat(batch.calls()).hasSize(1 + 2 * SynthetixV3Reader.MARKET_CALLS);
    assertThat(batch.calls()).allSatisfy(c -> assertThat(c.target()).isEqualTo(PROXY));
    assertThat(batch.calls().get(0).callData()).startsWith("0xbcae3ea0");
    assertThat(batch.calls().get(1).callData()).isEqualTo("0x41c2e8bd" + uint(100));
    assertThat(batch.calls().get(9).callData()).isEqualTo("0x41c2e8bd" + uint(200));
  }

  @Test
  void funding_of_0_001_per_day_is_0_0000416667_per_hour_longs_paying() {
    MarketSnapshot s =
        decodeOne(
            ethMarket(
                ok(bool(false)), summary("800", "12000", "60000", "0.001", "0.0072", "3000")));
    assertThat(at10(s.fundingRateHourly().orElseThrow())).isEqualByComparingTo("0.0000416667");
    assertThat(at10(s.fundingApr().orElseThrow())).isEqualByComparingTo("0.3650000000");
    // an hour on, at the same skew: (0.001 + 0.0072 / 24) / 24
    assertThat(at10(s.predictedFundingRateHourly().orElseThrow()))
        .isEqualByComparingTo("0.0000541667");
    assertThat(s.fundingInterval()).isEmpty();
    assertThat(s.nextFundingTime()).isEmpty();
    assertThat(s.fundingCapHourly()).isEmpty();
  }

  @Test
  void negative_funding_means_shorts_pay() {
    MarketSnapshot s =
        decodeOne(
            ethMarket(
                ok(bool(false)), summary("-40", "600", "3000", "-0.0003", "-0.0102", "60000")));
    assertThat(at10(s.fundingRateHourly().orElseThrow())).isEqualByComparingTo("-0.0000125000");
  }

  @Test
  void sizes_are_native_units_split_by_skew_and_the_mark_is_the_zero_size_fill_price() {
    MarketSnapshot s =
        decodeOne(
            ethMarket(
                ok(bool(false)), summary("800", "12000", "60000", "0.001", "0.0072", "3000")));
    assertThat(s.marketKey()).isEqualTo("100");
    assertThat(s.at()).isEqualTo(BLOCK.timestamp());
    assertThat(s.openInterest())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("12000"));
    assertThat(s.openInterestLong())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("6400"));
    assertThat(s.openInterestShort())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("5600"));
    assertThat(s.skew()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("800"));
    assertThat(s.indexPrice()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("3000"));
    // 3000 x (1 + 800 / 1,000,000)
    assertThat(s.markPrice()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("3002.4"));
    // 60,000 ETH binds before 300M USD / 3000 = 100,000 ETH
    assertThat(s.maxOpenInterestLong())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("60000"));
    assertThat(s.maxOpenInterestShort()).isEqualTo(s.maxOpenInterestLong());
    assertThat(s.status().restricted()).isFalse();
    assertThat(s.oracleProblem()).isEmpty();
  }

  @Test
  void the_usd_cap_lowers_the_native_cap_when_it_binds_first() {
    List<CallOutcome> outcomes =
        new ArrayList<>(
            ethMarket(
                ok(bool(false)), summary("800", "12000", "60000", "0.001", "0.0072", "3000")));
    outcomes.set(3, ok(d18("150000000")));
    MarketSnapshot s = decodeOne(outcomes);
    assertThat(s.maxOpenInterestLong())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("50000"));
  }

  @Test
  void deny_all_on_the_perps_system_pauses_the_market() {
    MarketSnapshot s =
        decodeOne(
            ethMarket(ok(bool(true)), summary("800", "12000", "60000", "0.001", "0.0072", "3000")));
    assertThat(s.status().paused()).isTrue();
    assertThat(s.status().reason()).hasValueSatisfying(r -> assertThat(r).contains("perpsSystem"));
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
  void oracle_data_required_is_a_stale_oracle_on_a_market_read_from_the_price_free_views() {
    MarketSnapshot s = decodeOne(ethMarket(ok(bool(false)), reverted(oracleDataRequired())));
    assertThat(s.indexPrice()).isEmpty();
    assertThat(s.markPrice()).isEmpty();
    assertThat(s.oracleProblem())
        .hasValueSatisfying(
            p ->
                assertThat(p)
                    .startsWith("Pyth price stale: OracleDataRequired(")
                    .contains(WRAPPER)
                    .contains("0x" + ETH_PRICE_ID)
                    .contains("staleness tolerance 60 s"));
    assertThat(at10(s.fundingRateHourly().orElseThrow())).isEqualByComparingTo("0.0000416667");
    assertThat(s.openInterest())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("12000"));
    assertThat(s.skew()).hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("800"));
    // without a price the USD cap cannot be applied: the native cap stands
    assertThat(s.maxOpenInterestLong())
        .hasValueSatisfying(v -> assertThat(v).isEqualByComparingTo("60000"));
    assertThat(s.status().restricted()).isFalse();
  }

  @Test
  void a_stale_oracle_with_a_failing_price_free_view_is_a_failure_naming_the_view() {
    List<CallOutcome> outcomes =
        new ArrayList<>(ethMarket(ok(bool(false)), reverted(oracleDataRequired())));
    outcomes.set(4, ok("00ff"));
    Read<MarketSnapshot> read = reader.batch(List.of("100")).decode(BLOCK, outcomes).get(0);
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f -> assertThat(f.describe()).contains("size(100)").contains("malformed"));
  }

  @Test
  void an_unknown_market_is_the_proxys_invalid_market_revert() {
    String revert = AbiWords.selector("InvalidMarket(uint128)") + uint(300);
    Read<MarketSnapshot> read =
        reader
            .batch(List.of("300"))
            .decode(BLOCK, ethMarket(ok(bool(false)), reverted(revert)))
            .get(0);
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f -> {
              assertThat(f).isInstanceOf(ReadFailure.Reverted.class);
              assertThat(f.describe()).contains("getMarketSummary(300)").contains("InvalidMarket");
            });
  }

  static Stream<Arguments> brokenSummaries() {
    return Stream.of(
        Arguments.of(ok(), ReadFailure.NoCode.class, "no contract code"),
        Arguments.of(
            ok(d18("1"), d18("1"), d18("1"), d18("1"), d18("1")),
            ReadFailure.Malformed.class,
            "160 bytes where 192"),
        Arguments.of(new CallOutcome.Success("0xzz"), ReadFailure.Malformed.class, "not hex"),
        Arguments.of(new CallOutcome.Success("0x123"), ReadFailure.Malformed.class, "not hex"),
        Arguments.of(new CallOutcome.Failed("timeout"), ReadFailure.Unavailable.class, "timeout"),
        Arguments.of(reverted("0x"), ReadFailure.Reverted.class, "revert without reason"),
        // the OracleDataRequired selector with arguments that do not decode is not a stale price
        Arguments.of(reverted("0xcf2cabdf" + uint(1)), ReadFailure.Reverted.class, "OracleData"));
  }

  @ParameterizedTest
  @MethodSource("brokenSummaries")
  void a_broken_summary_fails_the_market_with_a_typed_failure(
      CallOutcome summary, Class<? extends ReadFailure> type, String words) {
    Read<MarketSnapshot> read =
        reader.batch(List.of("100")).decode(BLOCK, ethMarket(ok(bool(false)), summary)).get(0);
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f -> {
              assertThat(f).isInstanceOf(type);
              assertThat(f.describe()).contains(words);
            });
  }

  @Test
  void a_bool_word_other_than_0_or_1_is_malformed_and_an_unknown_halt_state_fails_the_market() {
    Read<MarketSnapshot> read =
        reader
            .batch(List.of("100"))
            .decode(
                BLOCK,
                ethMarket(ok(uint(2)), summary("800", "12000", "60000", "0.001", "0.0072", "3000")))
            .get(0);
    assertThat(read.failureIfAny())
        .hasValueSatisfying(
            f -> assertThat(f.describe()).contains("getFeatureFlagDenyAll(perpsSystem)"));
  }

  @Test
  void a_funding_parameters_failure_only_loses_the_mark() {
    List<CallOutcome> outcomes =
        new ArrayList<>(
            ethMarket(
                ok(bool(false)), summary("800", "12000", "60000", "0.001", "0.0072", "3000")));
    outcomes.set(2, reverted("0x"));
    MarketSnapshot s = decodeOne(outcomes);
    assertThat(s.markPrice()).isEmpty();
    assertThat(s.indexPrice()).isPresent();
  }

  @Test
  void a_key_that_is_not_a_uint128_fails_without_a_call() {
    SynthetixV3Reader.Batch batch =
        reader.batch(List.of("ETH", "-1", "340282366920938463463374607431768211456"));
    assertThat(batch.calls()).isEmpty();
    assertThat(batch.decode(BLOCK, List.of()))
        .allSatisfy(r -> assertThat(r.failureIfAny()).isPresent());
  }

  @Test
  void outcomes_that_do_not_match_the_calls_are_a_programming_error() {
    assertThatThrownBy(() -> reader.batch(List.of("100")).decode(BLOCK, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void funding_history_is_not_on_chain() {
    assertThat(reader.fundingHistory("100", BLOCK.timestamp(), BLOCK.timestamp()).failureIfAny())
        .hasValueSatisfying(f -> assertThat(f).isInstanceOf(ReadFailure.Unavailable.class));
  }
}
