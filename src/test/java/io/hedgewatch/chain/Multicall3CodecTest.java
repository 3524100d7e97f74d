package io.hedgewatch.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.utils.Numeric;

class Multicall3CodecTest {

  /**
   * {@code Result { bool success; bytes returnData; }}, encoded by web3j as the decoder's oracle.
   */
  public static final class Result extends DynamicStruct {
    final byte[] returnData;

    public Result(Bool success, DynamicBytes returnData) {
      super(success, returnData);
      this.returnData = returnData.getValue();
    }
  }

  private static String encodeResults(List<Result> results) {
    // A function's single dynamic return value is laid out as (offset, then the value).
    String array = TypeEncoder.encode(new DynamicArray<>(Result.class, results));
    return "0x" + "0000000000000000000000000000000000000000000000000000000000000020" + array;
  }

  private static Result result(boolean ok, String hex) {
    return new Result(new Bool(ok), new DynamicBytes(Numeric.hexStringToByteArray(hex)));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 17})
  void decodes_any_number_of_results_in_order(int n) {
    List<Result> results = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      results.add(
          result(
              i % 2 == 0,
              i % 3 == 0
                  ? "0x"
                  : Numeric.toHexStringWithPrefixZeroPadded(java.math.BigInteger.valueOf(i), 64)));
    }
    List<CallOutcome> outcomes = Multicall3Codec.decodeAggregate3(encodeResults(results), n);
    assertThat(outcomes).hasSize(n);
    for (int i = 0; i < n; i++) {
      String data = Numeric.toHexString(results.get(i).returnData);
      assertThat(outcomes.get(i))
          .isEqualTo(i % 2 == 0 ? new CallOutcome.Success(data) : new CallOutcome.Reverted(data));
    }
  }

  @Test
  void rejects_empty_return_data_as_no_multicall() {
    assertThatThrownBy(() -> Multicall3Codec.decodeAggregate3("0x", 1))
        .isInstanceOf(MalformedReturnException.class)
        .hasMessageContaining("no data");
  }

  @Test
  void rejects_a_count_that_does_not_match_the_calls() {
    String encoded = encodeResults(List.of(result(true, "0x01")));
    assertThatThrownBy(() -> Multicall3Codec.decodeAggregate3(encoded, 2))
        .isInstanceOf(MalformedReturnException.class)
        .hasMessageContaining("1 results for 2 calls");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x00",
        "0xdeadbeef",
        "0x0000000000000000000000000000000000000000000000000000000000000020",
        "0x00000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000005",
        "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
      })
  void rejects_short_or_garbage_data_with_a_typed_failure(String garbage) {
    assertThatThrownBy(() -> Multicall3Codec.decodeAggregate3(garbage, 1))
        .isInstanceOf(MalformedReturnException.class);
  }

  /** Found by ChainDecodersFuzzTest: the text of an RPC reply escaped as NumberFormatException. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "0x 0000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000001",
        "0x000000000000000000000000000000000000000000000000000000000000zz200000000000000000000000000000000000000000000000000000000000000001",
        "0x٣000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000001"
      })
  void rejects_return_data_that_is_not_hex_with_a_typed_failure(String text) {
    assertThatThrownBy(() -> Multicall3Codec.decodeAggregate3(text, 1))
        .isInstanceOf(MalformedReturnException.class)
        .hasMessageContaining("not hex");
    assertThatThrownBy(() -> Multicall3Codec.decodeUint256(text.substring(0, 66)))
        .isInstanceOf(MalformedReturnException.class)
        .hasMessageContaining("not hex");
  }

  /** Words of 32 bytes, each given as its hex digits (left-padded with zeros). */
  private static String words(String... values) {
    StringBuilder hex = new StringBuilder("0x");
    for (String v : values) {
      hex.append("0".repeat(64 - v.length())).append(v);
    }
    return hex.toString();
  }

  private static final String HUGE = "f".repeat(64);

  @Test
  void decodes_a_hand_laid_result_and_lowercases_its_data() {
    // array at 0x20, one result at 0x20 past the heads, its bytes at 0x40 past the result
    String data = words("20", "1", "20", "1", "40", "2", "ABCD" + "0".repeat(60));
    assertThat(Multicall3Codec.decodeAggregate3(data, 1))
        .containsExactly(new CallOutcome.Success("0xabcd"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "array offset beyond the data|" + "HUGE,1,20,1,40,0",
        "array offset not word-aligned|" + "21,1,20,1,40,0",
        "array offset past the end|" + "c0,1,20,1,40,0",
        "length of 2^256-1|" + "20,HUGE,20,1,40,0",
        "result offset of 2^256-1|" + "20,1,HUGE,1,40,0",
        "result offset past the end|" + "20,1,80,1,40,0",
        "result offset not word-aligned|" + "20,1,1f,1,40,0",
        "success flag that is not a bool|" + "20,1,20,2,40,0",
        "data offset of 2^256-1|" + "20,1,20,1,HUGE,0",
        "data offset past the end|" + "20,1,20,1,60,0",
        "data length of 2^256-1|" + "20,1,20,1,40,HUGE",
        "data length one byte past the end|" + "20,1,20,1,40,21,0",
        "data length of 2^32|" + "20,1,20,1,40,100000000,0"
      })
  void rejects_hostile_offsets_and_lengths_with_a_typed_failure_naming_the_part(String spec) {
    String[] parts = spec.split("\\|");
    String[] values =
        java.util.Arrays.stream(parts[1].split(","))
            .map(v -> v.equals("HUGE") ? HUGE : v)
            .toArray(String[]::new);
    assertThatThrownBy(() -> Multicall3Codec.decodeAggregate3(words(values), 1))
        .as(parts[0])
        .isInstanceOf(MalformedReturnException.class)
        .hasMessageStartingWith("aggregate3 ");
  }

  @Test
  void names_the_result_whose_data_runs_past_the_end() {
    String data = words("20", "2", "40", "a0", "1", "40", "0", "1", "40", "ffff", "0");
    assertThatThrownBy(() -> Multicall3Codec.decodeAggregate3(data, 2))
        .isInstanceOf(MalformedReturnException.class)
        .hasMessageContaining("result 1 claims 65535 bytes of data");
  }

  @Test
  void refuses_a_count_too_large_for_the_data_before_reading_it() {
    String data = words("20", "5", "20", "1", "40", "0");
    assertThatThrownBy(() -> Multicall3Codec.decodeAggregate3(data, 5))
        .isInstanceOf(MalformedReturnException.class)
        .hasMessageContaining("too short for 5 results");
  }

  /** web3j's reflective encoder, the oracle the hand-written one must match byte for byte. */
  public static final class Call3 extends DynamicStruct {
    public Call3(Address target, Bool allowFailure, DynamicBytes callData) {
      super(target, allowFailure, callData);
    }
  }

  private static String web3jAggregate3(List<ContractCall> calls) {
    List<Call3> structs = new ArrayList<>();
    for (ContractCall call : calls) {
      structs.add(
          new Call3(
              new Address(call.target()),
              new Bool(true),
              new DynamicBytes(Numeric.hexStringToByteArray(call.callData()))));
    }
    return FunctionEncoder.encode(
        new Function("aggregate3", List.of(new DynamicArray<>(Call3.class, structs)), List.of()));
  }

  @Test
  void encodes_aggregate3_exactly_as_web3js_codec_for_seeded_random_call_lists() {
    long seed = 20261125L;
    Random random = new Random(seed);
    for (int round = 0; round < 300; round++) {
      int n = random.nextInt(12);
      List<ContractCall> calls = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        byte[] target = new byte[20];
        random.nextBytes(target);
        byte[] data =
            new byte[random.nextInt(3) == 0 ? random.nextInt(100) : 4 + 32 * random.nextInt(3)];
        random.nextBytes(data);
        calls.add(new ContractCall(Numeric.toHexString(target), Numeric.toHexString(data)));
      }
      assertThat(Multicall3Codec.encodeAggregate3(calls))
          .as("seed %d round %d: %s", seed, round, calls)
          .isEqualTo(web3jAggregate3(calls));
    }
  }

  @Test
  void refuses_call_data_or_a_target_that_is_not_hex() {
    assertThatThrownBy(
            () ->
                Multicall3Codec.encodeAggregate3(
                    List.of(
                        new ContractCall("0x0000000000000000000000000000000000000001", "0xzz"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("call data of call 0 is not hex");
    assertThatThrownBy(
            () -> Multicall3Codec.encodeAggregate3(List.of(new ContractCall("0x01", "0xfeaf968c"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("target of call 0 is not a 20-byte address");
  }

  @Test
  void encodes_aggregate3_with_its_real_selector() {
    String data =
        Multicall3Codec.encodeAggregate3(
            List.of(new ContractCall("0x0000000000000000000000000000000000000001", "0xfeaf968c")));
    assertThat(data).startsWith("0x82ad56cb");
  }
}
