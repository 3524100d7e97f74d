package io.hedgewatch.venue;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.domain.Read;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The GMX v2 Reader and DataStore reads hedgewatch makes and their decoding. {@code MarketInfo} is
 * entirely static, so its return data is its 29 words in declaration order, nested structs
 * flattened; so is {@code Position.Props} (14 words). The records below mirror the deployed
 * Reader's structs field for field.
 */
public final class GmxV2Abi {

  public static final String GET_MARKET = "getMarket(address,address)";
  public static final String GET_MARKET_INFO =
      "getMarketInfo(address,((uint256,uint256),(uint256,uint256),(uint256,uint256)),address)";
  public static final String GET_UINT = "getUint(bytes32)";
  public static final String GET_INT = "getInt(bytes32)";
  public static final String GET_BOOL = "getBool(bytes32)";
  public static final String GET_ADDRESS = "getAddress(bytes32)";
  public static final String GET_POSITION = "getPosition(address,bytes32)";
  public static final String GET_ACCOUNT_POSITIONS =
      "getAccountPositions(address,address,uint256,uint256)";

  public static final int MARKET_PROPS_WORDS = 4;
  public static final int MARKET_INFO_WORDS = 29;

  /** {@code Position.Props}: 3 addresses, 10 numbers, 1 flag, all static. */
  public static final int POSITION_PROPS_WORDS = 14;

  private static final Map<String, String> KNOWN_ERRORS =
      Map.of(
          AbiWords.selector("EmptyMarket()").substring(2), "EmptyMarket()",
          AbiWords.selector("InvalidMarketPrices(address)").substring(2),
              "InvalidMarketPrices(address)");

  private GmxV2Abi() {}

  /** {@code Market.Props}: a market and its tokens, lower-case 0x hex. */
  public record MarketProps(
      String marketToken, String indexToken, String longToken, String shortToken) {}

  /** {@code Price.Props}: a token's price range, USD per smallest token unit x 1e30. */
  public record PriceProps(BigInteger min, BigInteger max) {}

  /** {@code MarketUtils.MarketPrices}: what the caller supplies to the Reader. */
  public record MarketPrices(PriceProps indexToken, PriceProps longToken, PriceProps shortToken) {}

  /** {@code MarketUtils.CollateralType}: one value per collateral token. */
  public record CollateralType(BigInteger longToken, BigInteger shortToken) {}

  /** {@code MarketUtils.PositionType}: one {@link CollateralType} per position side. */
  public record PositionType(CollateralType longs, CollateralType shorts) {}

  /** {@code ReaderUtils.BaseFundingValues}. */
  public record BaseFundingValues(
      PositionType fundingFeeAmountPerSize, PositionType claimableFundingAmountPerSize) {}

  /** {@code MarketUtils.GetNextFundingAmountPerSizeResult}; factors are 1e30 per second. */
  public record NextFunding(
      boolean longsPayShorts,
      BigInteger fundingFactorPerSecond,
      BigInteger nextSavedFundingFactorPerSecond,
      PositionType fundingFeeAmountPerSizeDelta,
      PositionType claimableFundingAmountPerSizeDelta) {}

  /** {@code ReaderUtils.VirtualInventory}. */
  public record VirtualInventory(
      BigInteger virtualPoolAmountForLongToken,
      BigInteger virtualPoolAmountForShortToken,
      BigInteger virtualInventoryForPositions) {}

  /** {@code ReaderUtils.MarketInfo}. */
  public record MarketInfo(
      MarketProps market,
      BigInteger borrowingFactorPerSecondForLongs,
      BigInteger borrowingFactorPerSecondForShorts,
      BaseFundingValues baseFunding,
      NextFunding nextFunding,
      VirtualInventory virtualInventory,
      boolean isDisabled) {}

  /**
   * {@code Position.Props} of the deployed Reader (with {@code pendingImpactAmount} and the {@code
   * increasedAtTime}/{@code decreasedAtTime} times), flattened: addresses lower-case 0x hex, USD
   * 1e30, {@code sizeInTokens} in the index token's decimals, {@code collateralAmount} in the
   * collateral token's, the per-size values and the borrowing factor as GMX keeps them.
   */
  public record PositionProps(
      String account,
      String market,
      String collateralToken,
      BigInteger sizeInUsd,
      BigInteger sizeInTokens,
      BigInteger collateralAmount,
      BigInteger pendingImpactAmount,
      BigInteger borrowingFactor,
      BigInteger fundingFeeAmountPerSize,
      BigInteger longTokenClaimableFundingAmountPerSize,
      BigInteger shortTokenClaimableFundingAmountPerSize,
      BigInteger increasedAtTime,
      BigInteger decreasedAtTime,
      boolean isLong) {}

  public static String getPosition(String dataStore, String positionKey) {
    return AbiWords.call(
        GET_POSITION, AbiWords.addressWord(dataStore), AbiWords.bytes32Word(positionKey));
  }

  /** The account's positions [start, end) (end is capped at the account's count by the Reader). */
  public static String getAccountPositions(String dataStore, String account, long start, long end) {
    return AbiWords.call(
        GET_ACCOUNT_POSITIONS,
        AbiWords.addressWord(dataStore),
        AbiWords.addressWord(account),
        AbiWords.uintWord(start),
        AbiWords.uintWord(end));
  }

  public static String getMarket(String dataStore, String market) {
    return AbiWords.call(GET_MARKET, AbiWords.addressWord(dataStore), AbiWords.addressWord(market));
  }

  public static String getMarketInfo(String dataStore, MarketPrices prices, String market) {
    return AbiWords.call(
        GET_MARKET_INFO,
        AbiWords.addressWord(dataStore),
        AbiWords.uintWord(prices.indexToken().min()),
        AbiWords.uintWord(prices.indexToken().max()),
        AbiWords.uintWord(prices.longToken().min()),
        AbiWords.uintWord(prices.longToken().max()),
        AbiWords.uintWord(prices.shortToken().min()),
        AbiWords.uintWord(prices.shortToken().max()),
        AbiWords.addressWord(market));
  }

  public static String getUint(String key) {
    return AbiWords.call(GET_UINT, AbiWords.bytes32Word(key));
  }

  public static String getInt(String key) {
    return AbiWords.call(GET_INT, AbiWords.bytes32Word(key));
  }

  public static String getBool(String key) {
    return AbiWords.call(GET_BOOL, AbiWords.bytes32Word(key));
  }

  public static String getAddress(String key) {
    return AbiWords.call(GET_ADDRESS, AbiWords.bytes32Word(key));
  }

  public static Read<MarketProps> decodeMarket(CallOutcome outcome, String target) {
    return AbiWords.decode(
        outcome, target, MARKET_PROPS_WORDS, KNOWN_ERRORS, w -> marketProps(w, 0));
  }

  public static Read<MarketInfo> decodeMarketInfo(CallOutcome outcome, String target) {
    return AbiWords.decode(
        outcome,
        target,
        MARKET_INFO_WORDS,
        KNOWN_ERRORS,
        w ->
            new MarketInfo(
                marketProps(w, 0),
                w.uint256(4),
                w.uint256(5),
                new BaseFundingValues(positionType(w, 6), positionType(w, 10)),
                new NextFunding(
                    w.bool(14),
                    w.uint256(15),
                    w.int256(16),
                    positionType(w, 17),
                    positionType(w, 21)),
                new VirtualInventory(w.uint256(25), w.uint256(26), w.int256(27)),
                w.bool(28)));
  }

  public static Read<PositionProps> decodePosition(CallOutcome outcome, String target) {
    return AbiWords.decode(
        outcome, target, POSITION_PROPS_WORDS, KNOWN_ERRORS, w -> positionProps(w, 0));
  }

  /**
   * A {@code Position.Props[]}: the offset word, then the length, then the elements' words inline
   * (the struct is static).
   */
  public static Read<List<PositionProps>> decodePositions(CallOutcome outcome, String target) {
    return AbiWords.decode(
        outcome,
        target,
        2,
        KNOWN_ERRORS,
        w -> {
          BigInteger offset = w.uint256(0);
          if (offset.bitLength() > 31 || offset.intValue() % 32 != 0) {
            throw new AbiWords.MalformedException("word 0 is not an array offset");
          }
          int at = offset.intValue() / 32;
          BigInteger count = w.uint256(at);
          long room = ((long) w.size() - at - 1) / POSITION_PROPS_WORDS;
          if (count.bitLength() > 31 || count.longValue() > room) {
            throw new AbiWords.MalformedException(
                "an array of " + count + " positions does not fit " + w.bytes() + " bytes");
          }
          List<PositionProps> positions = new ArrayList<>();
          for (int i = 0; i < count.intValue(); i++) {
            positions.add(positionProps(w, at + 1 + i * POSITION_PROPS_WORDS));
          }
          return positions;
        });
  }

  public static Read<BigInteger> decodeUint(CallOutcome outcome, String target) {
    return AbiWords.decode(outcome, target, 1, KNOWN_ERRORS, w -> w.uint256(0));
  }

  public static Read<BigInteger> decodeInt(CallOutcome outcome, String target) {
    return AbiWords.decode(outcome, target, 1, KNOWN_ERRORS, w -> w.int256(0));
  }

  public static Read<Boolean> decodeBool(CallOutcome outcome, String target) {
    return AbiWords.decode(outcome, target, 1, KNOWN_ERRORS, w -> w.bool(0));
  }

  private static MarketProps marketProps(AbiWords.Words w, int at) {
    return new MarketProps(w.address(at), w.address(at + 1), w.address(at + 2), w.address(at + 3));
  }

  private static PositionProps positionProps(AbiWords.Words w, int at) {
    return new PositionProps(
        w.address(at),
        w.address(at + 1),
        w.address(at + 2),
        w.uint256(at + 3),
        w.uint256(at + 4),
        w.uint256(at + 5),
        w.int256(at + 6),
        w.uint256(at + 7),
        w.uint256(at + 8),
        w.uint256(at + 9),
        w.uint256(at + 10),
        w.uint256(at + 11),
        w.uint256(at + 12),
        w.bool(at + 13));
  }

  private static PositionType positionType(AbiWords.Words w, int at) {
    return new PositionType(
        new CollateralType(w.uint256(at), w.uint256(at + 1)),
        new CollateralType(w.uint256(at + 2), w.uint256(at + 3)));
  }
}
