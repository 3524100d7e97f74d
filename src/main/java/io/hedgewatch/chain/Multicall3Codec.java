package io.hedgewatch.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

/**
 * ABI of Multicall3's {@code aggregate3} and {@code getCurrentBlockTimestamp}, through web3j's
 * codec.
 */
public final class Multicall3Codec {

  private Multicall3Codec() {}

  /** {@code Call3 { address target; bool allowFailure; bytes callData; }} */
  public static final class Call3 extends DynamicStruct {
    public Call3(Address target, Bool allowFailure, DynamicBytes callData) {
      super(target, allowFailure, callData);
    }
  }

  /** {@code Result { bool success; bytes returnData; }} */
  public static final class Result extends DynamicStruct {
    public final boolean success;
    public final byte[] returnData;

    public Result(Bool success, DynamicBytes returnData) {
      super(success, returnData);
      this.success = success.getValue();
      this.returnData = returnData.getValue();
    }
  }

  /**
   * aggregate3 with {@code allowFailure = true} on every call, so one revert never fails the
   * others.
   */
  public static String encodeAggregate3(List<ContractCall> calls) {
    List<Call3> structs = new ArrayList<>(calls.size());
    for (ContractCall call : calls) {
      structs.add(
          new Call3(
              new Address(call.target()),
              new Bool(true),
              new DynamicBytes(Numeric.hexStringToByteArray(call.callData()))));
    }
    Function f =
        new Function("aggregate3", List.of(new DynamicArray<>(Call3.class, structs)), List.of());
    return FunctionEncoder.encode(f);
  }

  /**
   * Decodes aggregate3's {@code Result[]}; throws {@link MalformedReturnException} when the data is
   * not a well-formed array of {@code expected} results.
   */
  @SuppressWarnings("unchecked")
  public static List<CallOutcome> decodeAggregate3(String returnData, int expected) {
    if (returnData == null || Numeric.cleanHexPrefix(returnData).isEmpty()) {
      throw new MalformedReturnException(
          "aggregate3 returned no data: is there a Multicall3 at this address?");
    }
    checkArrayHead(hexDigits(returnData, "aggregate3"), expected);
    List<Type> decoded;
    try {
      decoded =
          FunctionReturnDecoder.decode(
              returnData,
              List.<TypeReference<Type>>of(
                  (TypeReference) new TypeReference<DynamicArray<Result>>() {}));
    } catch (RuntimeException e) {
      throw new MalformedReturnException(
          "aggregate3 return data does not decode as (bool,bytes)[]: " + e.getMessage());
    }
    if (decoded.size() != 1) {
      throw new MalformedReturnException(
          "aggregate3 return data does not decode as (bool,bytes)[]");
    }
    List<Result> results = ((DynamicArray<Result>) decoded.get(0)).getValue();
    if (results.size() != expected) {
      throw new MalformedReturnException(
          "aggregate3 returned " + results.size() + " results for " + expected + " calls");
    }
    List<CallOutcome> outcomes = new ArrayList<>(results.size());
    for (Result r : results) {
      String hex = Numeric.toHexString(r.returnData);
      outcomes.add(r.success ? new CallOutcome.Success(hex) : new CallOutcome.Reverted(hex));
    }
    return outcomes;
  }

  /**
   * Checks the array's offset and length words against the data before web3j sizes a list by the
   * length the data claims: a garbage length would otherwise allocate without bound.
   */
  private static void checkArrayHead(String hex, int expected) {
    int bytes = hex.length() / 2;
    if (hex.length() % 2 != 0 || bytes < 64) {
      throw new MalformedReturnException(
          "aggregate3 returned " + bytes + " bytes, too short for (bool,bytes)[]");
    }
    BigInteger offset = new BigInteger(hex.substring(0, 64), 16);
    if (offset.mod(BigInteger.valueOf(32)).signum() != 0
        || offset.compareTo(BigInteger.valueOf(bytes - 32L)) > 0) {
      throw new MalformedReturnException(
          "aggregate3 return data has an array offset outside the data: " + offset);
    }
    int at = offset.intValueExact() * 2;
    BigInteger length = new BigInteger(hex.substring(at, at + 64), 16);
    if (length.compareTo(BigInteger.valueOf(expected)) != 0) {
      throw new MalformedReturnException(
          "aggregate3 returned " + length + " results for " + expected + " calls");
    }
    if ((long) expected * 32 > bytes - offset.longValue() - 32) {
      throw new MalformedReturnException(
          "aggregate3 return data is too short for " + expected + " results");
    }
  }

  /**
   * The data without its 0x, refused unless every character is a hex digit: the node's reply is
   * text, and a broken or hostile endpoint can send any.
   */
  private static String hexDigits(String data, String call) {
    String clean = Numeric.cleanHexPrefix(data);
    for (int i = 0; i < clean.length(); i++) {
      char c = clean.charAt(i);
      // ASCII only: Character.digit would also take other scripts' digits.
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
        throw new MalformedReturnException(
            call + " return data is not hex: character " + i + " is not a hex digit");
      }
    }
    return clean;
  }

  public static String encodeGetCurrentBlockTimestamp() {
    return FunctionEncoder.encode(new Function("getCurrentBlockTimestamp", List.of(), List.of()));
  }

  public static BigInteger decodeUint256(String data) {
    String clean = hexDigits(data == null ? "" : data, "getCurrentBlockTimestamp");
    if (clean.length() != 64) {
      throw new MalformedReturnException(
          "expected one 32-byte word, got " + clean.length() / 2 + " bytes");
    }
    return new Uint256(Numeric.toBigInt(clean)).getValue();
  }
}
