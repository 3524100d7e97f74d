package io.hedgewatch.oracle;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.chain.RevertReasons;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import java.util.List;
import java.util.stream.Collectors;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.utils.Numeric;

/**
 * Encoding a read and decoding its outcome into values or typed failures, with web3j's ABI codec.
 */
final class Abi {

  private Abi() {}

  static String encode(String name, Type<?>... inputs) {
    return FunctionEncoder.encode(new Function(name, List.of(inputs), List.of()));
  }

  /**
   * Decodes a call's outcome as the given static output types. Like Solidity's abi.decode, more
   * data than needed is accepted and less is not; values out of their type's range are malformed.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Read<List<Type>> decode(
      CallOutcome outcome, String target, List<TypeReference<?>> outputs) {
    if (outcome instanceof CallOutcome.Failed f) {
      return Read.failed(new ReadFailure.Unavailable(f.reason()));
    }
    if (outcome instanceof CallOutcome.Reverted r) {
      return Read.failed(new ReadFailure.Reverted(RevertReasons.describe(r.data()), r.data()));
    }
    String data = ((CallOutcome.Success) outcome).data();
    String clean = Numeric.cleanHexPrefix(data == null ? "" : data);
    if (clean.isEmpty()) {
      return Read.failed(new ReadFailure.NoCode(target));
    }
    int expectedBytes = 32 * outputs.size();
    if (clean.length() < expectedBytes * 2) {
      return Read.failed(
          new ReadFailure.Malformed(
              clean.length() / 2 + " bytes where " + expectedBytes + " were expected"));
    }
    try {
      List<Type> values =
          FunctionReturnDecoder.decode(
              "0x" + clean.substring(0, expectedBytes * 2),
              (List<TypeReference<Type>>) (List) outputs);
      if (values.size() != outputs.size()) {
        return Read.failed(
            new ReadFailure.Malformed(
                "decoded " + values.size() + " values where " + outputs.size() + " were expected"));
      }
      // web3j keeps only a word's low bytes (a uint8 word of 256 reads 0): in range means it
      // encodes back to the same words.
      if (!values.stream()
          .map(TypeEncoder::encode)
          .collect(Collectors.joining())
          .equalsIgnoreCase(clean.substring(0, expectedBytes * 2))) {
        return Read.failed(new ReadFailure.Malformed("value out of range for its ABI type"));
      }
      return Read.ok(values);
    } catch (RuntimeException e) {
      return Read.failed(
          new ReadFailure.Malformed(
              "value out of range for its ABI type (" + e.getClass().getSimpleName() + ")"));
    }
  }

  /** Decodes a dynamic {@code string} return. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Read<String> decodeString(CallOutcome outcome, String target) {
    if (!(outcome instanceof CallOutcome.Success s)) {
      return decode(outcome, target, List.of()).map(v -> "");
    }
    String clean = Numeric.cleanHexPrefix(s.data() == null ? "" : s.data());
    if (clean.isEmpty()) {
      return Read.failed(new ReadFailure.NoCode(target));
    }
    try {
      List<Type> values =
          FunctionReturnDecoder.decode(
              "0x" + clean,
              List.<TypeReference<Type>>of(
                  (TypeReference) new TypeReference<org.web3j.abi.datatypes.Utf8String>() {}));
      if (values.size() != 1) {
        return Read.failed(new ReadFailure.Malformed("not an ABI-encoded string"));
      }
      return Read.ok(values.get(0).getValue().toString());
    } catch (RuntimeException e) {
      return Read.failed(new ReadFailure.Malformed("not an ABI-encoded string"));
    }
  }
}
