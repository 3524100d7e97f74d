package io.hedgewatch.devnet;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int192;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Int32;
import org.web3j.abi.datatypes.generated.Int64;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.abi.datatypes.generated.Uint80;
import org.web3j.utils.Numeric;

/** web3j encodings of the devnet contracts' constructors and functions, in one place. */
final class DevnetAbi {

  private DevnetAbi() {}

  static Type<?>[] aggregatorConstructor(
      int decimals, String description, BigInteger minAnswer, BigInteger maxAnswer) {
    return new Type<?>[] {
      new Uint8(decimals), new Utf8String(description), new Int192(minAnswer), new Int192(maxAnswer)
    };
  }

  static Type<?>[] sequencerConstructor(boolean down, long startedAt) {
    return new Type<?>[] {new Bool(down), new Uint64(startedAt)};
  }

  static Function transmit(BigInteger answer, long updatedAt) {
    return new Function("transmit", List.of(new Int256(answer), new Uint256(updatedAt)), List.of());
  }

  static Function transmitRound(
      BigInteger answer, long startedAt, long updatedAt, BigInteger answeredInRound) {
    return new Function(
        "transmitRound",
        List.of(
            new Int256(answer),
            new Uint256(startedAt),
            new Uint256(updatedAt),
            new Uint80(answeredInRound)),
        List.of());
  }

  static Function proposeAggregator(String aggregator) {
    return new Function("proposeAggregator", List.of(new Address(aggregator)), List.of());
  }

  static Function confirmAggregator(String aggregator) {
    return new Function("confirmAggregator", List.of(new Address(aggregator)), List.of());
  }

  static Function updateStatus(boolean down, long timestamp) {
    return new Function("updateStatus", List.of(new Bool(down), new Uint64(timestamp)), List.of());
  }

  static Function setPythPrice(
      String function, String priceId, long price, long conf, int expo, long publishTime) {
    return new Function(
        function,
        List.of(
            new Bytes32(Numeric.hexStringToByteArray(priceId)),
            new Int64(price),
            new Uint64(BigInteger.valueOf(conf)),
            new Int32(expo),
            new Uint64(publishTime)),
        List.of());
  }

  static Function initialize(String owner) {
    return new Function("initialize", List.of(new Address(owner)), List.of());
  }

  static Function noArgs(String name) {
    return new Function(name, List.of(), List.of());
  }

  static Function upgradeTo(String implementation) {
    return new Function("upgradeTo", List.of(new Address(implementation)), List.of());
  }

  static Function changeAdmin(String admin) {
    return new Function("changeAdmin", List.of(new Address(admin)), List.of());
  }

  static Function aggregator() {
    return new Function("aggregator", List.of(), List.of(new TypeReference<Address>() {}));
  }

  static Function phaseAggregators(int phaseId) {
    return new Function(
        "phaseAggregators", List.of(new Uint16(phaseId)), List.of(new TypeReference<Address>() {}));
  }
}
