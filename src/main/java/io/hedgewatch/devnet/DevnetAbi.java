package io.hedgewatch.devnet;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int128;
import org.web3j.abi.datatypes.generated.Int192;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Int32;
import org.web3j.abi.datatypes.generated.Int64;
import org.web3j.abi.datatypes.generated.Uint128;
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

  static Function postRounds(List<BigInteger> answers, List<Long> updatedAts) {
    return new Function(
        "postRounds",
        List.of(
            new DynamicArray<>(Int256.class, answers.stream().map(Int256::new).toList()),
            new DynamicArray<>(Uint256.class, updatedAts.stream().map(Uint256::new).toList())),
        List.of());
  }

  static Function deployAggregators(
      int firstIndex,
      int count,
      int decimals,
      String descriptionPrefix,
      BigInteger minAnswer,
      BigInteger maxAnswer,
      List<BigInteger> firstAnswers,
      long updatedAt) {
    return new Function(
        "deployAggregators",
        List.of(
            new Uint256(firstIndex),
            new Uint256(count),
            new Uint8(decimals),
            new Utf8String(descriptionPrefix),
            new Int192(minAnswer),
            new Int192(maxAnswer),
            new DynamicArray<>(Int256.class, firstAnswers.stream().map(Int256::new).toList()),
            new Uint256(updatedAt)),
        List.of());
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

  static Function tokenInitialize(String name, String symbol, int decimals) {
    return new Function(
        "initialize",
        List.of(new Utf8String(name), new Utf8String(symbol), new Uint8(decimals)),
        List.of());
  }

  static Function tokenSetBalance(String account, BigInteger amount) {
    return new Function(
        "setBalance", List.of(new Address(account), new Uint256(amount)), List.of());
  }

  static Function noArgs(String name) {
    return new Function(name, List.of(), List.of());
  }

  static Function upgradeTo(String implementation) {
    return new Function("upgradeTo", List.of(new Address(implementation)), List.of());
  }

  static Function transferOwnership(String to) {
    return new Function("transferOwnership", List.of(new Address(to)), List.of());
  }

  static Function changeAdmin(String admin) {
    return new Function("changeAdmin", List.of(new Address(admin)), List.of());
  }

  static Type<?>[] synthetixConstructor(String oracleContract, long stalenessTolerance) {
    return new Type<?>[] {new Address(oracleContract), new Uint64(stalenessTolerance)};
  }

  static Function createSynthetixMarket(
      long marketId, String name, String symbol, String pythPriceId) {
    return new Function(
        "createMarket",
        List.of(
            new Uint128(marketId),
            new Utf8String(name),
            new Utf8String(symbol),
            new Bytes32(Numeric.hexStringToByteArray(pythPriceId))),
        List.of());
  }

  static Function setSynthetixMarketState(
      long marketId,
      BigInteger skew,
      BigInteger size,
      BigInteger currentFundingRate,
      BigInteger currentFundingVelocity,
      BigInteger indexPrice) {
    return new Function(
        "setMarketState",
        List.of(
            new Uint128(marketId),
            new Int256(skew),
            new Uint256(size),
            new Int256(currentFundingRate),
            new Int256(currentFundingVelocity),
            new Uint256(indexPrice)),
        List.of());
  }

  static Function setSynthetixFundingParameters(
      long marketId, BigInteger skewScale, BigInteger maxFundingVelocity) {
    return new Function(
        "setFundingParameters",
        List.of(new Uint128(marketId), new Uint256(skewScale), new Uint256(maxFundingVelocity)),
        List.of());
  }

  /** setMaxMarketSize or setMaxMarketValue. */
  static Function setSynthetixMarketCap(String function, long marketId, BigInteger value) {
    return new Function(function, List.of(new Uint128(marketId), new Uint256(value)), List.of());
  }

  static Function setOracleStale(boolean stale) {
    return new Function("setOracleStale", List.of(new Bool(stale)), List.of());
  }

  static Function setFeatureFlagDenyAll(String feature, boolean denyAll) {
    return new Function(
        "setFeatureFlagDenyAll", List.of(asciiBytes32(feature), new Bool(denyAll)), List.of());
  }

  static Function setSynthetixPricedByPyth(long marketId, boolean byPyth) {
    return new Function(
        "setPricedByPyth", List.of(new Uint128(marketId), new Bool(byPyth)), List.of());
  }

  static Function setSynthetixCollateral(BigInteger accountId, BigInteger amount) {
    return new Function(
        "setCollateral", List.of(new Uint128(accountId), new Uint256(amount)), List.of());
  }

  static Function setSynthetixPosition(
      BigInteger accountId,
      long marketId,
      BigInteger size,
      BigInteger latestInteractionPrice,
      BigInteger accruedFunding,
      BigInteger owedInterest) {
    return new Function(
        "setPosition",
        List.of(
            new Uint128(accountId),
            new Uint128(marketId),
            new Int128(size),
            new Uint256(latestInteractionPrice),
            new Int256(accruedFunding),
            new Uint256(owedInterest)),
        List.of());
  }

  static Function setSynthetixLiquidationParameters(
      long marketId,
      BigInteger initialMarginRatio,
      BigInteger minimumInitialMarginRatio,
      BigInteger maintenanceMarginScalar,
      BigInteger flagRewardRatio,
      BigInteger minimumPositionMargin) {
    return new Function(
        "setLiquidationParameters",
        List.of(
            new Uint128(marketId),
            new Uint256(initialMarginRatio),
            new Uint256(minimumInitialMarginRatio),
            new Uint256(maintenanceMarginScalar),
            new Uint256(flagRewardRatio),
            new Uint256(minimumPositionMargin)),
        List.of());
  }

  /** addBytes32 or removeBytes32 of a DataStore bytes32 set. */
  static Function dataStoreSetMember(String function, String setKey, String value) {
    return new Function(function, List.of(bytes32(setKey), bytes32(value)), List.of());
  }

  static Function dataStoreSetUint(String key, BigInteger value) {
    return new Function("setUint", List.of(bytes32(key), new Uint256(value)), List.of());
  }

  static Function dataStoreSetInt(String key, BigInteger value) {
    return new Function("setInt", List.of(bytes32(key), new Int256(value)), List.of());
  }

  static Function dataStoreSetBool(String key, boolean value) {
    return new Function("setBool", List.of(bytes32(key), new Bool(value)), List.of());
  }

  static Function dataStoreSetAddress(String key, String value) {
    return new Function("setAddress", List.of(bytes32(key), new Address(value)), List.of());
  }

  private static Bytes32 bytes32(String hex) {
    return new Bytes32(Numeric.hexStringToByteArray(hex));
  }

  /** Solidity's bytes32("text"): ASCII, right-padded with zeros. */
  private static Bytes32 asciiBytes32(String text) {
    byte[] ascii = text.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    if (ascii.length > 32) {
      throw new IllegalArgumentException("longer than 32 bytes: " + text);
    }
    byte[] word = new byte[32];
    System.arraycopy(ascii, 0, word, 0, ascii.length);
    return new Bytes32(word);
  }

  static Function aggregator() {
    return new Function("aggregator", List.of(), List.of(new TypeReference<Address>() {}));
  }

  static Function phaseAggregators(int phaseId) {
    return new Function(
        "phaseAggregators", List.of(new Uint16(phaseId)), List.of(new TypeReference<Address>() {}));
  }
}
