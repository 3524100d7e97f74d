package io.hedgewatch.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.MalformedReturnException;
import io.hedgewatch.chain.Multicall3Codec;
import io.hedgewatch.chain.RevertReasons;
import io.hedgewatch.domain.ChainlinkRound;
import io.hedgewatch.domain.PythPrice;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.domain.SequencerStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Int32;
import org.web3j.abi.datatypes.generated.Int64;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint80;
import org.web3j.utils.Numeric;

/**
 * The production decoders against return and revert data captured from the devnet contracts on a
 * real anvil ({@code src/test/resources/golden}, written and re-checked by {@code
 * GoldenVectorsIT}); then the same data cut short, replaced by seeded random bytes, and pushed out
 * of its ABI types' ranges. Expected failures must come back as {@link Read.Failed} values (or
 * {@link MalformedReturnException} from {@link Multicall3Codec}), never as anything else.
 */
class GoldenDecodingTest {

  /** The build is deterministic; {@code -Dhedgewatch.seed=N} replays or explores other garbage. */
  private static final long BASE_SEED = Long.getLong("hedgewatch.seed", 20260324L);

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final BigInteger PHASE_2_ROUND_2 = new BigInteger("36893488147419103234");
  private static final String ETH_USD_PROXY = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";
  private static final String ETH_USD_PYTH_ID =
      "0xff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace";

  record Golden(
      String file,
      String call,
      String to,
      String data,
      String result,
      boolean reverted,
      String note) {

    CallOutcome outcome() {
      return reverted ? new CallOutcome.Reverted(result) : new CallOutcome.Success(result);
    }

    int resultBytes() {
      return Numeric.cleanHexPrefix(result).length() / 2;
    }

    /** The first {@code bytes} bytes of the result, as 0x hex. */
    String resultCutTo(int bytes) {
      return "0x" + Numeric.cleanHexPrefix(result).substring(0, 2 * bytes);
    }
  }

  static Golden golden(String name) {
    String resource = "/golden/" + name + ".json";
    try (InputStream in = GoldenDecodingTest.class.getResourceAsStream(resource)) {
      assertThat(in).as("test resource %s", resource).isNotNull();
      JsonNode n = JSON.readTree(in);
      return new Golden(
          name,
          n.get("call").asText(),
          n.get("to").asText(),
          n.get("data").asText(),
          n.get("result").asText(),
          n.get("reverted").asBoolean(),
          n.get("note").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every golden success vector that a {@link Read}-returning decoder reads, with that decoder: the
   * table the robustness tests walk. queryPriceFeed is not a read hedgewatch makes (its two structs
   * are checked by slice below); the uint256 vectors and aggregate3 go through {@link
   * Multicall3Codec}, which throws instead.
   */
  static final Map<String, Function<CallOutcome, Read<?>>> READ_DECODERS = readDecoders();

  private static Map<String, Function<CallOutcome, Read<?>>> readDecoders() {
    Map<String, Function<CallOutcome, Read<?>>> m = new LinkedHashMap<>();
    m.put("chainlink-latestRoundData", o -> ChainlinkAbi.decodeRound(o, ETH_USD_PROXY));
    m.put("chainlink-latestRoundData-negative", o -> ChainlinkAbi.decodeRound(o, ETH_USD_PROXY));
    m.put("chainlink-getRoundData", o -> ChainlinkAbi.decodeRound(o, ETH_USD_PROXY));
    m.put("chainlink-decimals", o -> ChainlinkAbi.decodeDecimals(o, ETH_USD_PROXY));
    m.put("chainlink-phaseId", o -> ChainlinkAbi.decodePhaseId(o, ETH_USD_PROXY));
    m.put("chainlink-description", o -> ChainlinkAbi.decodeDescription(o, ETH_USD_PROXY));
    m.put("chainlink-aggregator", o -> ChainlinkAbi.decodeAddress(o, ETH_USD_PROXY));
    m.put("chainlink-phaseAggregators", o -> ChainlinkAbi.decodeAddress(o, ETH_USD_PROXY));
    m.put("chainlink-proposedAggregator", o -> ChainlinkAbi.decodeAddress(o, ETH_USD_PROXY));
    m.put("chainlink-minAnswer", o -> ChainlinkAbi.decodeInt192(o, ETH_USD_PROXY));
    m.put("chainlink-minAnswer-negative", o -> ChainlinkAbi.decodeInt192(o, ETH_USD_PROXY));
    m.put("chainlink-maxAnswer", o -> ChainlinkAbi.decodeInt192(o, ETH_USD_PROXY));
    m.put("pyth-getPriceUnsafe", o -> PythAbi.decodePrice(o, ETH_USD_PROXY));
    m.put("pyth-getEmaPriceUnsafe", o -> PythAbi.decodePrice(o, ETH_USD_PROXY));
    m.put("sequencer-latestRoundData-down", o -> SequencerAbi.decode(o, ETH_USD_PROXY));
    return m;
  }

  /** Every decoder of the oracle package, for garbage: none may throw, whatever it is given. */
  static final Map<String, Function<CallOutcome, Read<?>>> ALL_DECODERS =
      Map.of(
          "decodeRound", o -> ChainlinkAbi.decodeRound(o, ETH_USD_PROXY),
          "decodeDecimals", o -> ChainlinkAbi.decodeDecimals(o, ETH_USD_PROXY),
          "decodePhaseId", o -> ChainlinkAbi.decodePhaseId(o, ETH_USD_PROXY),
          "decodeDescription", o -> ChainlinkAbi.decodeDescription(o, ETH_USD_PROXY),
          "decodeAddress", o -> ChainlinkAbi.decodeAddress(o, ETH_USD_PROXY),
          "decodeInt192", o -> ChainlinkAbi.decodeInt192(o, ETH_USD_PROXY),
          "PythAbi.decodePrice", o -> PythAbi.decodePrice(o, ETH_USD_PROXY),
          "SequencerAbi.decode", o -> SequencerAbi.decode(o, ETH_USD_PROXY));

  /**
   * The golden files this class checks one by one; a new file fails {@link
   * #every_golden_vector_is_decoded_here}.
   */
  private static final Set<String> CHECKED_HERE =
      Set.of(
          "chainlink-aggregator",
          "chainlink-decimals",
          "chainlink-description",
          "chainlink-getRoundData-unknown",
          "chainlink-getRoundData",
          "chainlink-latestRoundData-negative",
          "chainlink-latestRoundData",
          "chainlink-maxAnswer",
          "chainlink-minAnswer-negative",
          "chainlink-minAnswer",
          "chainlink-phaseAggregators",
          "chainlink-phaseId",
          "chainlink-proposedAggregator",
          "chainlink-version",
          "multicall3-aggregate3-failed",
          "multicall3-aggregate3-mixed",
          "multicall3-getCurrentBlockTimestamp",
          "pyth-getEmaPriceUnsafe",
          "pyth-getPriceNoOlderThan-stale",
          "pyth-getPriceUnsafe-notFound",
          "pyth-getPriceUnsafe",
          "pyth-queryPriceFeed",
          "sequencer-latestRoundData-down");

  @Test
  void every_golden_vector_is_decoded_here() throws URISyntaxException, IOException {
    URL dir = GoldenDecodingTest.class.getResource("/golden");
    assertThat(dir).isNotNull();
    Set<String> files;
    try (Stream<Path> list = Files.list(Paths.get(dir.toURI()))) {
      files =
          list.map(p -> p.getFileName().toString())
              .filter(f -> f.endsWith(".json"))
              .map(f -> f.substring(0, f.length() - ".json".length()))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    assertThat(files).containsExactlyInAnyOrderElementsOf(CHECKED_HERE);
  }

  private static <T> T ok(Read<T> read) {
    assertThat(read).isInstanceOf(Read.Ok.class);
    return read.asOptional().orElseThrow();
  }

  private static ReadFailure failure(Read<?> read) {
    assertThat(read).isInstanceOf(Read.Failed.class);
    return read.failureIfAny().orElseThrow();
  }

  private static String word(BigInteger value) {
    // Two's complement over 32 bytes, so negative values come out sign-extended.
    return Numeric.toHexStringNoPrefixZeroPadded(value.mod(BigInteger.TWO.pow(256)), 64);
  }

  private static String word(long value) {
    return word(BigInteger.valueOf(value));
  }

  private static BigInteger pow2(int bits) {
    return BigInteger.TWO.pow(bits);
  }

  @Nested
  class Chainlink {

    @Test
    void decodes_latest_round_of_a_phase_2_proxy() {
      ChainlinkRound round =
          ok(
              ChainlinkAbi.decodeRound(
                  golden("chainlink-latestRoundData").outcome(), ETH_USD_PROXY));
      assertThat(round)
          .isEqualTo(
              new ChainlinkRound(
                  PHASE_2_ROUND_2,
                  BigInteger.valueOf(300_012_345_678L),
                  BigInteger.valueOf(1_749_999_940L),
                  BigInteger.valueOf(1_749_999_940L),
                  PHASE_2_ROUND_2));
      assertThat(PHASE_2_ROUND_2).isEqualTo(BigInteger.TWO.shiftLeft(64).or(BigInteger.TWO));
      assertThat(round.phaseOfRoundId()).isEqualTo(2);
      assertThat(new BigDecimal(round.answer(), 8)).isEqualByComparingTo("3000.12345678");
    }

    @Test
    void decodes_a_historical_round_of_the_first_aggregator() {
      BigInteger roundId = BigInteger.ONE.shiftLeft(64).or(BigInteger.ONE);
      assertThat(roundId).isEqualTo(new BigInteger("18446744073709551617"));
      ChainlinkRound round =
          ok(ChainlinkAbi.decodeRound(golden("chainlink-getRoundData").outcome(), ETH_USD_PROXY));
      assertThat(round)
          .isEqualTo(
              new ChainlinkRound(
                  roundId,
                  BigInteger.valueOf(299_000_000_000L),
                  BigInteger.valueOf(1_749_992_800L),
                  BigInteger.valueOf(1_749_992_800L),
                  roundId));
      assertThat(round.phaseOfRoundId()).isEqualTo(1);
    }

    @Test
    void decodes_a_negative_answer_of_an_aggregator_read_directly() {
      ChainlinkRound round =
          ok(
              ChainlinkAbi.decodeRound(
                  golden("chainlink-latestRoundData-negative").outcome(), ETH_USD_PROXY));
      assertThat(round)
          .isEqualTo(
              new ChainlinkRound(
                  BigInteger.ONE,
                  BigInteger.valueOf(-123_456_789L),
                  BigInteger.valueOf(1_749_999_970L),
                  BigInteger.valueOf(1_749_999_970L),
                  BigInteger.ONE));
      assertThat(round.phaseOfRoundId()).isZero();
    }

    @Test
    void reports_a_round_the_aggregator_never_had_as_a_revert_with_its_reason() {
      Golden g = golden("chainlink-getRoundData-unknown");
      assertThat(g.reverted()).isTrue();
      assertThat(failure(ChainlinkAbi.decodeRound(g.outcome(), ETH_USD_PROXY)))
          .isEqualTo(new ReadFailure.Reverted("Error(\"No data present\")", g.result()));
    }

    @Test
    void decodes_decimals_phase_id_and_description() {
      assertThat(
              ok(
                  ChainlinkAbi.decodeDecimals(
                      golden("chainlink-decimals").outcome(), ETH_USD_PROXY)))
          .isEqualTo(8);
      assertThat(
              ok(ChainlinkAbi.decodePhaseId(golden("chainlink-phaseId").outcome(), ETH_USD_PROXY)))
          .isEqualTo(2);
      assertThat(
              ok(
                  ChainlinkAbi.decodeDescription(
                      golden("chainlink-description").outcome(), ETH_USD_PROXY)))
          .isEqualTo("ETH / USD");
    }

    @Test
    void decodes_the_current_and_a_phase_aggregator_address_in_lower_case() {
      assertThat(
              ok(
                  ChainlinkAbi.decodeAddress(
                      golden("chainlink-aggregator").outcome(), ETH_USD_PROXY)))
          .contains("0x5fc8d32690cc91d4c39d9d3abcbd16989f875707");
      assertThat(
              ok(
                  ChainlinkAbi.decodeAddress(
                      golden("chainlink-phaseAggregators").outcome(), ETH_USD_PROXY)))
          .contains("0xe7f1725e7734ce288f8367e1bb143e90bb3f0512");
    }

    @Test
    void reads_the_zero_proposed_aggregator_as_no_swap_pending() {
      assertThat(
              ok(
                  ChainlinkAbi.decodeAddress(
                      golden("chainlink-proposedAggregator").outcome(), ETH_USD_PROXY)))
          .isEqualTo(Optional.empty());
    }

    @Test
    void decodes_min_and_max_answers_including_a_negative_one() {
      Read<BigInteger> min =
          ChainlinkAbi.decodeInt192(golden("chainlink-minAnswer").outcome(), ETH_USD_PROXY);
      Read<BigInteger> max =
          ChainlinkAbi.decodeInt192(golden("chainlink-maxAnswer").outcome(), ETH_USD_PROXY);
      assertThat(ok(min)).isEqualTo(BigInteger.valueOf(1_000_000_000L));
      assertThat(ok(max)).isEqualTo(new BigInteger("100000000000000"));
      assertThat(
              ok(
                  ChainlinkAbi.decodeInt192(
                      golden("chainlink-minAnswer-negative").outcome(), ETH_USD_PROXY)))
          .isEqualTo(BigInteger.valueOf(-1_000_000_000_000L));
      assertThat(ChainlinkAbi.bounds(min, max))
          .hasValueSatisfying(
              b -> {
                assertThat(new BigDecimal(b.minAnswer(), 8)).isEqualByComparingTo("10");
                assertThat(new BigDecimal(b.maxAnswer(), 8)).isEqualByComparingTo("1000000");
              });
    }

    @Test
    void decodes_the_ocr_aggregator_version_as_a_uint256() {
      assertThat(Multicall3Codec.decodeUint256(golden("chainlink-version").result()))
          .isEqualTo(BigInteger.valueOf(4));
    }
  }

  @Nested
  class Pyth {

    @Test
    void decodes_the_price_struct_field_for_field() {
      PythPrice price =
          ok(PythAbi.decodePrice(golden("pyth-getPriceUnsafe").outcome(), ETH_USD_PROXY));
      assertThat(price)
          .isEqualTo(new PythPrice(300_012_345_678L, 150_000_000L, -8, 1_749_990_000L));
      assertThat(price.value()).isEqualByComparingTo("3000.12345678");
      assertThat(price.confidence()).isEqualByComparingTo("1.5");
      assertThat(price.publishedAt()).isEqualTo(Instant.ofEpochSecond(1_749_990_000L));
    }

    @Test
    void decodes_the_ema_price_struct() {
      assertThat(ok(PythAbi.decodePrice(golden("pyth-getEmaPriceUnsafe").outcome(), ETH_USD_PROXY)))
          .isEqualTo(new PythPrice(299_800_000_000L, 140_000_000L, -8, 1_749_990_000L));
    }

    @Test
    void reads_both_structs_inside_query_price_feed_as_the_unsafe_reads_do() {
      Golden feed = golden("pyth-queryPriceFeed");
      String words = Numeric.cleanHexPrefix(feed.result());
      assertThat("0x" + words.substring(0, 64)).isEqualTo(ETH_USD_PYTH_ID);
      String price = "0x" + words.substring(64, 64 + 4 * 64);
      String ema = "0x" + words.substring(64 + 4 * 64);
      assertThat(price).isEqualTo(golden("pyth-getPriceUnsafe").result());
      assertThat(ema).isEqualTo(golden("pyth-getEmaPriceUnsafe").result());
      assertThat(ok(PythAbi.decodePrice(new CallOutcome.Success(price), ETH_USD_PROXY)))
          .isEqualTo(new PythPrice(300_012_345_678L, 150_000_000L, -8, 1_749_990_000L));
      assertThat(ok(PythAbi.decodePrice(new CallOutcome.Success(ema), ETH_USD_PROXY)))
          .isEqualTo(new PythPrice(299_800_000_000L, 140_000_000L, -8, 1_749_990_000L));
    }

    @Test
    void reports_a_stale_price_as_a_revert_named_stale_price() {
      Golden g = golden("pyth-getPriceNoOlderThan-stale");
      assertThat(g.reverted()).isTrue();
      assertThat(failure(PythAbi.decodePrice(g.outcome(), ETH_USD_PROXY)))
          .isEqualTo(new ReadFailure.Reverted("StalePrice()", "0x19abf40e"));
    }

    @Test
    void reports_an_unknown_price_id_as_a_revert_named_price_feed_not_found() {
      Golden g = golden("pyth-getPriceUnsafe-notFound");
      assertThat(g.reverted()).isTrue();
      assertThat(failure(PythAbi.decodePrice(g.outcome(), ETH_USD_PROXY)))
          .isEqualTo(new ReadFailure.Reverted("PriceFeedNotFound()", "0x14aebe68"));
    }
  }

  @Nested
  class Sequencer {

    @Test
    void decodes_a_down_sequencer_with_the_time_it_went_down() {
      SequencerStatus status =
          ok(
              SequencerAbi.decode(
                  golden("sequencer-latestRoundData-down").outcome(), ETH_USD_PROXY));
      assertThat(status)
          .isEqualTo(
              new SequencerStatus(
                  BigInteger.ONE,
                  BigInteger.valueOf(1_750_003_480L),
                  BigInteger.valueOf(1_750_003_600L),
                  BigInteger.TWO));
      assertThat(status.down()).isTrue();
      assertThat(status.up()).isFalse();
      assertThat(status.valid()).isTrue();
      assertThat(status.since()).isEqualTo(Instant.ofEpochSecond(1_750_003_480L));
    }
  }

  @Nested
  class Multicall3 {

    @Test
    void decodes_the_block_timestamp() {
      assertThat(
              Multicall3Codec.decodeUint256(golden("multicall3-getCurrentBlockTimestamp").result()))
          .isEqualTo(BigInteger.valueOf(1_750_003_600L));
    }

    @Test
    void names_the_reason_a_batch_without_allow_failure_reverted() {
      Golden g = golden("multicall3-aggregate3-failed");
      assertThat(g.reverted()).isTrue();
      assertThat(RevertReasons.describe(g.result()))
          .isEqualTo("Error(\"Multicall3: call failed\")");
    }

    @Test
    void decodes_a_mixed_batch_and_each_result_with_its_own_decoder() {
      Golden g = golden("multicall3-aggregate3-mixed");
      List<CallOutcome> outcomes = Multicall3Codec.decodeAggregate3(g.result(), 5);
      assertThat(outcomes)
          .containsExactly(
              new CallOutcome.Success(golden("chainlink-latestRoundData").result()),
              new CallOutcome.Reverted("0x19abf40e"),
              new CallOutcome.Success(golden("chainlink-decimals").result()),
              new CallOutcome.Reverted("0x14aebe68"),
              new CallOutcome.Success("0x"));

      assertThat(ok(ChainlinkAbi.decodeRound(outcomes.get(0), ETH_USD_PROXY)).roundId())
          .isEqualTo(PHASE_2_ROUND_2);
      assertThat(failure(PythAbi.decodePrice(outcomes.get(1), ETH_USD_PROXY)))
          .isEqualTo(new ReadFailure.Reverted("StalePrice()", "0x19abf40e"));
      assertThat(ok(ChainlinkAbi.decodeDecimals(outcomes.get(2), ETH_USD_PROXY))).isEqualTo(8);
      assertThat(failure(PythAbi.decodePrice(outcomes.get(3), ETH_USD_PROXY)))
          .isEqualTo(new ReadFailure.Reverted("PriceFeedNotFound()", "0x14aebe68"));
      String eoa = "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc";
      assertThat(failure(ChainlinkAbi.decodeDescription(outcomes.get(4), eoa)))
          .isEqualTo(new ReadFailure.NoCode(eoa));
    }

    @Test
    void rejects_the_mixed_batch_when_the_call_count_differs() {
      String result = golden("multicall3-aggregate3-mixed").result();
      assertThatThrownBy(() -> Multicall3Codec.decodeAggregate3(result, 4))
          .isInstanceOf(MalformedReturnException.class)
          .hasMessageContaining("5 results for 4 calls");
    }
  }

  /** The calls hedgewatch encodes are byte for byte the calls the golden results answered. */
  @Nested
  class Calls {

    @Test
    void encodes_every_chainlink_read_as_the_golden_calls() {
      assertThat(ChainlinkAbi.LATEST_ROUND_DATA)
          .isEqualTo(golden("chainlink-latestRoundData").data());
      assertThat(ChainlinkAbi.DECIMALS).isEqualTo(golden("chainlink-decimals").data());
      assertThat(ChainlinkAbi.DESCRIPTION).isEqualTo(golden("chainlink-description").data());
      assertThat(ChainlinkAbi.AGGREGATOR).isEqualTo(golden("chainlink-aggregator").data());
      assertThat(ChainlinkAbi.PHASE_ID).isEqualTo(golden("chainlink-phaseId").data());
      assertThat(ChainlinkAbi.PROPOSED_AGGREGATOR)
          .isEqualTo(golden("chainlink-proposedAggregator").data());
      assertThat(ChainlinkAbi.MIN_ANSWER).isEqualTo(golden("chainlink-minAnswer").data());
      assertThat(ChainlinkAbi.MAX_ANSWER).isEqualTo(golden("chainlink-maxAnswer").data());
    }

    @Test
    void encodes_the_pyth_and_multicall3_reads_as_the_golden_calls() {
      assertThat(PythAbi.getPriceUnsafe(ETH_USD_PYTH_ID))
          .isEqualTo(golden("pyth-getPriceUnsafe").data());
      assertThat(PythAbi.getEmaPriceUnsafe(ETH_USD_PYTH_ID))
          .isEqualTo(golden("pyth-getEmaPriceUnsafe").data());
      assertThat(Multicall3Codec.encodeGetCurrentBlockTimestamp())
          .isEqualTo(golden("multicall3-getCurrentBlockTimestamp").data());
    }
  }

  @Nested
  class Truncated {

    static Stream<String> readVectors() {
      return READ_DECODERS.keySet().stream();
    }

    /**
     * Every prefix of a golden success result is a typed failure: empty is no code, anything else
     * malformed. The one exception is a string: web3j, like Solidity's abi.decode, needs the bytes
     * of the text but not the zero padding after it, so a prefix that still holds offset, length
     * and the whole text may read the same text.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("readVectors")
    void every_prefix_of_a_golden_result_is_no_code_or_malformed_never_an_exception(String name) {
      Golden g = golden(name);
      Function<CallOutcome, Read<?>> decoder = READ_DECODERS.get(name);
      Object whole = ok(decoder.apply(g.outcome()));
      List<String> wrong = new ArrayList<>();
      for (int bytes = 0; bytes < g.resultBytes(); bytes++) {
        CallOutcome cut = new CallOutcome.Success(g.resultCutTo(bytes));
        Read<?> read;
        try {
          read = decoder.apply(cut);
        } catch (Throwable t) {
          wrong.add(bytes + " bytes: threw " + t);
          continue;
        }
        Optional<ReadFailure> failure = read.failureIfAny();
        boolean expected =
            bytes == 0
                ? failure.filter(ReadFailure.NoCode.class::isInstance).isPresent()
                : failure.filter(ReadFailure.Malformed.class::isInstance).isPresent()
                    || (name.equals("chainlink-description")
                        && bytes >= 64 + 9
                        && whole.equals(read.asOptional().orElse(null)));
        if (!expected) {
          wrong.add(bytes + " bytes: " + read);
        }
      }
      assertThat(wrong).as("%s cut to fewer than its %d bytes", name, g.resultBytes()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"chainlink-version", "multicall3-getCurrentBlockTimestamp"})
    void every_prefix_of_a_uint256_result_throws_only_malformed_return(String name) {
      Golden g = golden(name);
      for (int bytes = 0; bytes < g.resultBytes(); bytes++) {
        String cut = g.resultCutTo(bytes);
        assertThatThrownBy(() -> Multicall3Codec.decodeUint256(cut))
            .as("%s cut to %d bytes", name, bytes)
            .isInstanceOf(MalformedReturnException.class);
      }
    }

    @Test
    void every_prefix_of_the_mixed_batch_throws_only_malformed_return() {
      Golden g = golden("multicall3-aggregate3-mixed");
      for (int bytes = 0; bytes < g.resultBytes(); bytes++) {
        String cut = g.resultCutTo(bytes);
        assertThatThrownBy(() -> Multicall3Codec.decodeAggregate3(cut, 5))
            .as("aggregate3 result cut to %d of %d bytes", bytes, g.resultBytes())
            .isInstanceOf(MalformedReturnException.class);
      }
    }

    @Test
    void empty_return_data_is_no_code_at_the_target() {
      String eoa = "0x9965507d1a55bcc2695c58ba16fb37d819b0a4dc";
      for (String empty : new String[] {"0x", "", null}) {
        for (Map.Entry<String, Function<CallOutcome, Read<?>>> decoder :
            Map.<String, Function<CallOutcome, Read<?>>>of(
                    "decodeRound", o -> ChainlinkAbi.decodeRound(o, eoa),
                    "decodeDescription", o -> ChainlinkAbi.decodeDescription(o, eoa),
                    "PythAbi.decodePrice", o -> PythAbi.decodePrice(o, eoa))
                .entrySet()) {
          assertThat(decoder.getValue().apply(new CallOutcome.Success(empty)).failureIfAny())
              .as("%s of %s", decoder.getKey(), empty)
              .contains(new ReadFailure.NoCode(eoa));
        }
      }
    }
  }

  /** Seeded random bytes, printed in every assertion so that a failure can be replayed. */
  @Nested
  class Garbage {

    static LongStream seeds() {
      Random r = new Random(BASE_SEED);
      return LongStream.generate(r::nextLong).limit(300);
    }

    private static String randomBytes(Random r) {
      // Word-aligned lengths reach the decoders' value checks; any other length stops at the length
      // check.
      int length = r.nextBoolean() ? 32 * r.nextInt(12) : r.nextInt(400);
      byte[] bytes = new byte[length];
      r.nextBytes(bytes);
      return Numeric.toHexString(bytes);
    }

    /**
     * A golden success result with a few bytes overwritten or one word replaced: garbage that looks
     * almost right.
     */
    private static String corruptedGolden(Random r) {
      List<String> names = new ArrayList<>(READ_DECODERS.keySet());
      String clean = Numeric.cleanHexPrefix(golden(names.get(r.nextInt(names.size()))).result());
      StringBuilder hex = new StringBuilder(clean);
      if (r.nextBoolean()) {
        for (int i = 1 + r.nextInt(4); i > 0; i--) {
          int at = 2 * r.nextInt(clean.length() / 2);
          hex.replace(at, at + 2, String.format("%02x", r.nextInt(256)));
        }
      } else {
        byte[] w = new byte[32];
        r.nextBytes(w);
        int at = 64 * r.nextInt(clean.length() / 64);
        hex.replace(at, at + 64, Numeric.toHexStringNoPrefixZeroPadded(new BigInteger(1, w), 64));
      }
      return "0x" + hex;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void no_decoder_throws_on_garbage_it_returns_a_value_or_a_typed_failure(long seed) {
      Random r = new Random(seed);
      for (String data : List.of(randomBytes(r), corruptedGolden(r))) {
        for (Map.Entry<String, Function<CallOutcome, Read<?>>> decoder : ALL_DECODERS.entrySet()) {
          Read<?>[] read = new Read<?>[1];
          assertThatCode(() -> read[0] = decoder.getValue().apply(new CallOutcome.Success(data)))
              .as("seed %d: %s(Success %s)", seed, decoder.getKey(), data)
              .doesNotThrowAnyException();
          assertThat(read[0])
              .as("seed %d: %s(Success %s)", seed, decoder.getKey(), data)
              .isInstanceOfAny(Read.Ok.class, Read.Failed.class);

          assertThatCode(() -> read[0] = decoder.getValue().apply(new CallOutcome.Reverted(data)))
              .as("seed %d: %s(Reverted %s)", seed, decoder.getKey(), data)
              .doesNotThrowAnyException();
          assertThat(read[0].failureIfAny())
              .as("seed %d: %s(Reverted %s)", seed, decoder.getKey(), data)
              .containsInstanceOf(ReadFailure.Reverted.class);
        }
      }
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void revert_reasons_describe_any_revert_data_in_one_line(long seed) {
      Random r = new Random(seed);
      String data = randomBytes(r);
      // Half the time behind a real selector, so the Error(string) and Panic(uint256) paths get
      // garbage too.
      String[] selectors = {"08c379a0", "4e487b71", "19abf40e", ""};
      String revert =
          r.nextBoolean()
              ? "0x" + selectors[r.nextInt(selectors.length)] + Numeric.cleanHexPrefix(data)
              : data;
      String[] described = new String[1];
      assertThatCode(() -> described[0] = RevertReasons.describe(revert))
          .as("seed %d: describe(%s)", seed, revert)
          .doesNotThrowAnyException();
      assertThat(described[0])
          .as("seed %d: describe(%s)", seed, revert)
          .isNotBlank()
          .doesNotContain("\n", "\r");
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aggregate3_throws_only_malformed_return_on_random_bytes(long seed) {
      Random r = new Random(seed);
      String data = randomBytes(r);
      int expected = 1 + r.nextInt(5);
      Throwable thrown = catchThrowable(() -> Multicall3Codec.decodeAggregate3(data, expected));
      if (thrown != null) {
        assertThat(thrown)
            .as("seed %d: decodeAggregate3(%s, %d)", seed, data, expected)
            .isInstanceOf(MalformedReturnException.class);
      }
      Throwable uint = catchThrowable(() -> Multicall3Codec.decodeUint256(data));
      if (uint != null) {
        assertThat(uint)
            .as("seed %d: decodeUint256(%s)", seed, data)
            .isInstanceOf(MalformedReturnException.class);
      }
    }

    /**
     * web3j sizes the result list by the array length the data declares before it reads a single
     * element, so the codec must bound that length by the data first: a garbage length word (here
     * 2^31 - 1 and 2^28 results in 64 bytes) would otherwise end in an OutOfMemoryError.
     */
    @ParameterizedTest
    @ValueSource(strings = {"7fffffff", "10000000"})
    void aggregate3_rejects_an_array_length_the_data_cannot_hold(String length) {
      String data = "0x" + word(32) + "0".repeat(64 - length.length()) + length;
      assertThatThrownBy(() -> Multicall3Codec.decodeAggregate3(data, 1))
          .isInstanceOf(MalformedReturnException.class);
      int claimed = Integer.parseInt(length, 16);
      assertThatThrownBy(() -> Multicall3Codec.decodeAggregate3(data, claimed))
          .isInstanceOf(MalformedReturnException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"7fffffff", "ffffffffffffffff"})
    void aggregate3_rejects_garbage_offsets_inside_a_plausible_array(String offset) {
      String elementOffset = "0".repeat(64 - offset.length()) + offset;
      String data =
          "0x" + word(32) + word(1) + elementOffset + word(1) + word(64) + word(0x7fffffff);
      assertThatThrownBy(() -> Multicall3Codec.decodeAggregate3(data, 1))
          .isInstanceOf(MalformedReturnException.class);
    }
  }

  /**
   * Words that are 32 bytes long but hold a value outside their ABI type: the node or contract is
   * lying.
   */
  @Nested
  class OutOfRange {

    private static final BigInteger ROUND_ID = BigInteger.ONE;

    private static CallOutcome round(
        BigInteger roundIdWord, BigInteger answerWord, BigInteger answeredInRoundWord) {
      return new CallOutcome.Success(
          "0x"
              + word(roundIdWord)
              + word(answerWord)
              + word(1_749_999_940L)
              + word(1_749_999_940L)
              + word(answeredInRoundWord));
    }

    private static CallOutcome pyth(
        String priceWord, String confWord, String expoWord, String publishTimeWord) {
      return new CallOutcome.Success("0x" + priceWord + confWord + expoWord + publishTimeWord);
    }

    private static <T> Read<T> one(Function<CallOutcome, Read<T>> decoder, String wordHex) {
      return decoder.apply(new CallOutcome.Success("0x" + wordHex));
    }

    private static void assertMalformed(Read<?> read, String what) {
      assertThat(read.failureIfAny())
          .as(what + " gave " + read)
          .containsInstanceOf(ReadFailure.Malformed.class);
    }

    @Test
    void a_uint80_round_id_with_high_bits_set_is_malformed() {
      BigInteger highBits = pow2(80).or(ROUND_ID);
      assertMalformed(
          ChainlinkAbi.decodeRound(round(highBits, BigInteger.TEN, ROUND_ID), ETH_USD_PROXY),
          "roundId 2^80 + 1");
      assertMalformed(
          ChainlinkAbi.decodeRound(round(ROUND_ID, BigInteger.TEN, highBits), ETH_USD_PROXY),
          "answeredInRound 2^80 + 1");
      assertMalformed(
          SequencerAbi.decode(round(pow2(255), BigInteger.ZERO, ROUND_ID), ETH_USD_PROXY),
          "sequencer roundId 2^255");
    }

    @Test
    void the_largest_uint80_round_id_and_extreme_int256_answers_decode() {
      BigInteger maxRound = pow2(80).subtract(BigInteger.ONE);
      BigInteger minAnswer = pow2(255).negate();
      ChainlinkRound round =
          ok(ChainlinkAbi.decodeRound(round(maxRound, minAnswer, maxRound), ETH_USD_PROXY));
      assertThat(round.roundId()).isEqualTo(maxRound);
      assertThat(round.answer()).isEqualTo(minAnswer);
      assertThat(round.answeredInRound()).isEqualTo(maxRound);
    }

    @Test
    void decimals_of_256_or_more_are_malformed() {
      Function<CallOutcome, Read<Integer>> decimals =
          o -> ChainlinkAbi.decodeDecimals(o, ETH_USD_PROXY);
      assertThat(one(decimals, word(255)).asOptional()).contains(255);
      assertMalformed(one(decimals, word(256)), "decimals 256");
      assertMalformed(
          one(decimals, word(pow2(255).add(BigInteger.valueOf(8)))), "decimals 2^255 + 8");
    }

    @Test
    void a_phase_id_of_65536_or_more_is_malformed() {
      Function<CallOutcome, Read<Integer>> phase =
          o -> ChainlinkAbi.decodePhaseId(o, ETH_USD_PROXY);
      assertThat(one(phase, word(65_535)).asOptional()).contains(65_535);
      assertMalformed(one(phase, word(65_536)), "phaseId 65536");
    }

    @Test
    void an_address_word_with_any_of_its_high_12_bytes_set_is_malformed() {
      Function<CallOutcome, Read<Optional<String>>> address =
          o -> ChainlinkAbi.decodeAddress(o, ETH_USD_PROXY);
      assertMalformed(
          one(address, "01" + "00".repeat(11) + "5fc8d32690cc91d4c39d9d3abcbd16989f875707"),
          "address with high byte 01");
      assertMalformed(one(address, word(pow2(160))), "address 2^160 (low 20 bytes zero)");
    }

    @Test
    void an_int192_that_is_not_sign_extended_is_malformed() {
      Function<CallOutcome, Read<BigInteger>> int192 =
          o -> ChainlinkAbi.decodeInt192(o, ETH_USD_PROXY);
      BigInteger max = pow2(191).subtract(BigInteger.ONE);
      BigInteger min = pow2(191).negate();
      assertThat(one(int192, word(max)).asOptional()).contains(max);
      assertThat(one(int192, word(min)).asOptional()).contains(min);
      assertMalformed(one(int192, word(pow2(191))), "int192 2^191 (positive, too large)");
      assertMalformed(one(int192, word(min.subtract(BigInteger.ONE))), "int192 -2^191 - 1");
      // The low 24 bytes of -1 behind zero high bytes: a negative int192 that was not
      // sign-extended.
      assertMalformed(
          one(int192, "00".repeat(8) + "ff".repeat(24)), "int192 low bytes of -1, high bytes zero");
    }

    @Test
    void a_pyth_price_that_is_not_a_sign_extended_int64_is_malformed() {
      String conf = word(150_000_000L);
      String expo = word(-8);
      String time = word(1_749_990_000L);
      Function<String, Read<PythPrice>> price =
          w -> PythAbi.decodePrice(pyth(w, conf, expo, time), ETH_USD_PROXY);
      assertThat(price.apply(word(Long.MIN_VALUE)).asOptional().map(PythPrice::price))
          .contains(Long.MIN_VALUE);
      assertThat(price.apply(word(Long.MAX_VALUE)).asOptional().map(PythPrice::price))
          .contains(Long.MAX_VALUE);
      assertMalformed(price.apply(word(pow2(63))), "price 2^63 (high bytes zero, bit 63 set)");
      assertMalformed(
          price.apply("ff".repeat(24) + "0000000000000001"), "price 1 behind 0xff high bytes");
      assertMalformed(
          price.apply(word(BigInteger.valueOf(Long.MIN_VALUE).subtract(BigInteger.ONE))),
          "price -2^63 - 1");
    }

    @Test
    void a_pyth_expo_conf_or_publish_time_out_of_its_type_is_malformed() {
      String price = word(300_012_345_678L);
      String conf = word(150_000_000L);
      String expo = word(-8);
      String time = word(1_749_990_000L);
      assertMalformed(
          PythAbi.decodePrice(pyth(price, conf, word(pow2(31)), time), ETH_USD_PROXY), "expo 2^31");
      assertMalformed(
          PythAbi.decodePrice(pyth(price, conf, "00".repeat(28) + "fffffff8", time), ETH_USD_PROXY),
          "expo -8 not sign-extended");
      assertMalformed(
          PythAbi.decodePrice(pyth(price, word(pow2(64)), expo, time), ETH_USD_PROXY), "conf 2^64");
      assertMalformed(
          PythAbi.decodePrice(pyth(price, conf, expo, word(pow2(63))), ETH_USD_PROXY),
          "publishTime 2^63");
      assertMalformed(
          PythAbi.decodePrice(pyth(price, conf, expo, word(pow2(255))), ETH_USD_PROXY),
          "publishTime 2^255");
      // conf is a uint64: its top half reads as a negative long, and PythPrice.confidence() reads
      // it back unsigned.
      PythPrice wide =
          ok(
              PythAbi.decodePrice(
                  pyth(price, word(pow2(64).subtract(BigInteger.ONE)), expo, time), ETH_USD_PROXY));
      assertThat(wide.confidence())
          .isEqualByComparingTo(new BigDecimal("18446744073709551615").scaleByPowerOfTen(-8));
    }

    static LongStream seeds() {
      Random r = new Random(BASE_SEED ^ 0x5eed);
      return LongStream.generate(r::nextLong).limit(100);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void any_in_range_round_or_price_decodes_to_the_values_encoded(long seed) {
      Random r = new Random(seed);
      BigInteger roundId = new BigInteger(80, r);
      BigInteger answer = new BigInteger(256, r).subtract(pow2(255));
      BigInteger startedAt = new BigInteger(256, r);
      BigInteger updatedAt = new BigInteger(1 + r.nextInt(256), r);
      BigInteger answeredInRound = new BigInteger(1 + r.nextInt(80), r);
      String encoded =
          "0x"
              + TypeEncoder.encode(new Uint80(roundId))
              + TypeEncoder.encode(new Int256(answer))
              + TypeEncoder.encode(new Uint256(startedAt))
              + TypeEncoder.encode(new Uint256(updatedAt))
              + TypeEncoder.encode(new Uint80(answeredInRound));
      assertThat(
              ChainlinkAbi.decodeRound(new CallOutcome.Success(encoded), ETH_USD_PROXY)
                  .asOptional())
          .as("seed %d: %s", seed, encoded)
          .contains(new ChainlinkRound(roundId, answer, startedAt, updatedAt, answeredInRound));

      long price = r.nextLong();
      BigInteger conf = new BigInteger(64, r);
      int expo = r.nextInt();
      long publishTime = r.nextLong() >>> 2;
      String pyth =
          "0x"
              + TypeEncoder.encode(new Int64(price))
              + TypeEncoder.encode(new Uint64(conf))
              + TypeEncoder.encode(new Int32(expo))
              + TypeEncoder.encode(new Uint256(publishTime));
      assertThat(PythAbi.decodePrice(new CallOutcome.Success(pyth), ETH_USD_PROXY).asOptional())
          .as("seed %d: %s", seed, pyth)
          .contains(new PythPrice(price, conf.longValue(), expo, publishTime));
    }
  }
}
