package io.hedgewatch.venue;

import io.hedgewatch.chain.CallOutcome;
import io.hedgewatch.domain.Read;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Synthetix v3 PerpsMarketProxy reads hedgewatch makes (IPerpsMarketModule,
 * IMarketConfigurationModule, IFeatureFlagModule, and for positions IPerpsAccountModule and
 * ILiquidationModule) and their decoding. Values stay in the proxy's units: D18 fixed point, sizes
 * in native units, prices in USD, funding rate per day.
 */
public final class SynthetixV3Abi {

  public static final String GET_MARKET_SUMMARY = "getMarketSummary(uint128)";
  public static final String INDEX_PRICE = "indexPrice(uint128)";
  public static final String SIZE = "size(uint128)";
  public static final String SKEW = "skew(uint128)";
  public static final String MAX_OPEN_INTEREST = "maxOpenInterest(uint128)";
  public static final String CURRENT_FUNDING_RATE = "currentFundingRate(uint128)";
  public static final String CURRENT_FUNDING_VELOCITY = "currentFundingVelocity(uint128)";
  public static final String FILL_PRICE = "fillPrice(uint128,int128,uint256)";
  public static final String GET_FUNDING_PARAMETERS = "getFundingParameters(uint128)";
  public static final String GET_MAX_MARKET_SIZE = "getMaxMarketSize(uint128)";
  public static final String GET_MAX_MARKET_VALUE = "getMaxMarketValue(uint128)";
  public static final String GET_MARKETS = "getMarkets()";
  public static final String METADATA = "metadata(uint128)";
  public static final String IS_FEATURE_ALLOWED = "isFeatureAllowed(bytes32,address)";
  public static final String GET_FEATURE_FLAG_DENY_ALL = "getFeatureFlagDenyAll(bytes32)";

  // IPerpsAccountModule and ILiquidationModule: the account reads, accountId a uint128
  public static final String GET_OPEN_POSITION = "getOpenPosition(uint128,uint128)";
  public static final String GET_OPEN_POSITION_SIZE = "getOpenPositionSize(uint128,uint128)";
  public static final String GET_AVAILABLE_MARGIN = "getAvailableMargin(uint128)";
  public static final String GET_REQUIRED_MARGINS = "getRequiredMargins(uint128)";
  public static final String CAN_LIQUIDATE = "canLiquidate(uint128)";
  public static final String GET_ACCOUNT_OPEN_POSITIONS = "getAccountOpenPositions(uint128)";
  public static final String GET_LIQUIDATION_PARAMETERS = "getLiquidationParameters(uint128)";

  /** ERC-7412's {@code OracleDataRequired(address oracleContract, bytes oracleQuery)}. */
  public static final String ORACLE_DATA_REQUIRED = "OracleDataRequired(address,bytes)";

  public static final String INVALID_MARKET = "InvalidMarket(uint128)";

  /** The feature flag that halts the whole perps system when its denyAll is set. */
  public static final String PERPS_SYSTEM_FEATURE = "perpsSystem";

  /** The largest market id ({@code uint128}). */
  public static final BigInteger MAX_MARKET_ID =
      BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

  /** The largest account id ({@code uint128}, like market ids). */
  public static final BigInteger MAX_ACCOUNT_ID = MAX_MARKET_ID;

  private static final String ORACLE_DATA_REQUIRED_SELECTOR =
      AbiWords.selector(ORACLE_DATA_REQUIRED).substring(2);
  private static final String INVALID_MARKET_SELECTOR =
      AbiWords.selector(INVALID_MARKET).substring(2);
  private static final Map<String, String> KNOWN_ERRORS =
      Map.of(
          ORACLE_DATA_REQUIRED_SELECTOR,
          ORACLE_DATA_REQUIRED,
          INVALID_MARKET_SELECTOR,
          INVALID_MARKET);

  private SynthetixV3Abi() {}

  /** {@code IPerpsMarketModule.MarketSummary}, field for field, in the proxy's units. */
  public record MarketSummary(
      BigInteger skew,
      BigInteger size,
      BigInteger maxOpenInterest,
      BigInteger currentFundingRate,
      BigInteger currentFundingVelocity,
      BigInteger indexPrice) {}

  public record FundingParameters(BigInteger skewScale, BigInteger maxFundingVelocity) {}

  /**
   * {@code getOpenPosition}'s four values, D18: {@code totalPnl} = price PnL since the position's
   * last change + {@code accruedFunding} - {@code owedInterest}, all at the current index price;
   * {@code positionSize} signed in native units (negative = short).
   */
  public record OpenPosition(
      BigInteger totalPnl,
      BigInteger accruedFunding,
      BigInteger positionSize,
      BigInteger owedInterest) {}

  /**
   * {@code getRequiredMargins} as the proxy returns it, D18 USD: both margins already include
   * {@code maxLiquidationReward} (PerpsAccountModule adds it before returning).
   */
  public record RequiredMargins(
      BigInteger requiredInitialMargin,
      BigInteger requiredMaintenanceMargin,
      BigInteger maxLiquidationReward) {}

  /**
   * {@code getLiquidationParameters} (IMarketConfigurationModule), D18: a position's initial margin
   * ratio is |size| / skewScale x {@code initialMarginRatio} + {@code minimumInitialMarginRatio},
   * its maintenance ratio that x {@code maintenanceMarginScalar}; each margin is notional x ratio +
   * {@code minimumPositionMargin} (USD); the flag reward is notional x {@code flagRewardRatio}.
   */
  public record LiquidationParameters(
      BigInteger initialMarginRatio,
      BigInteger minimumInitialMarginRatio,
      BigInteger maintenanceMarginScalar,
      BigInteger flagRewardRatio,
      BigInteger minimumPositionMargin) {}

  /**
   * An ERC-7412 {@code OracleDataRequired} revert: the price the view needs is older than the
   * node's tolerance until someone fulfils {@code oracleQuery} at {@code oracleContract}.
   *
   * @param oracleQuery the query, 0x hex; for Pyth {@code abi.encode(uint8 updateType, uint64
   *     stalenessTolerance, bytes32[] priceIds)}
   */
  public record OracleDataRequired(String oracleContract, String oracleQuery) {

    /** The revert in words, with the Pyth query spelled out when it has Pyth's shape. */
    public String describe() {
      try {
        AbiWords.Words q = new AbiWords.Words(oracleQuery);
        BigInteger updateType = q.uintN(0, 8);
        BigInteger tolerance = q.uintN(1, 64);
        BigInteger offset = q.uint256(2);
        if (offset.bitLength() > 31 || offset.intValue() % 32 != 0) {
          throw new AbiWords.MalformedException("bad offset");
        }
        int at = offset.intValue() / 32;
        BigInteger count = q.uint256(at);
        if (count.bitLength() > 16 || count.intValue() > q.size() - at - 1) {
          throw new AbiWords.MalformedException("bad count");
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count.intValue(); i++) {
          ids.add(q.bytes32(at + 1 + i));
        }
        return "OracleDataRequired(oracle "
            + oracleContract
            + ", update type "
            + updateType
            + ", staleness tolerance "
            + tolerance
            + " s, price ids "
            + ids
            + ")";
      } catch (AbiWords.MalformedException e) {
        return "OracleDataRequired(oracle "
            + oracleContract
            + ", query of "
            + (oracleQuery.length() - 2) / 2
            + " bytes)";
      }
    }
  }

  public static String getMarketSummary(BigInteger marketId) {
    return marketCall(GET_MARKET_SUMMARY, marketId);
  }

  public static String indexPrice(BigInteger marketId) {
    return marketCall(INDEX_PRICE, marketId);
  }

  public static String size(BigInteger marketId) {
    return marketCall(SIZE, marketId);
  }

  public static String skew(BigInteger marketId) {
    return marketCall(SKEW, marketId);
  }

  public static String maxOpenInterest(BigInteger marketId) {
    return marketCall(MAX_OPEN_INTEREST, marketId);
  }

  public static String currentFundingRate(BigInteger marketId) {
    return marketCall(CURRENT_FUNDING_RATE, marketId);
  }

  public static String currentFundingVelocity(BigInteger marketId) {
    return marketCall(CURRENT_FUNDING_VELOCITY, marketId);
  }

  public static String getFundingParameters(BigInteger marketId) {
    return marketCall(GET_FUNDING_PARAMETERS, marketId);
  }

  public static String getMaxMarketSize(BigInteger marketId) {
    return marketCall(GET_MAX_MARKET_SIZE, marketId);
  }

  public static String getMaxMarketValue(BigInteger marketId) {
    return marketCall(GET_MAX_MARKET_VALUE, marketId);
  }

  public static String fillPrice(BigInteger marketId, BigInteger orderSize, BigInteger price) {
    if (orderSize.bitLength() >= 128) {
      throw new IllegalArgumentException("orderSize must fit an int128, was " + orderSize);
    }
    return AbiWords.call(
        FILL_PRICE,
        AbiWords.uintWord(checkMarketId(marketId)),
        AbiWords.intWord(orderSize),
        AbiWords.uintWord(price));
  }

  /** {@code getFeatureFlagDenyAll(bytes32)} of an ASCII feature name such as "perpsSystem". */
  public static String getFeatureFlagDenyAll(String feature) {
    return AbiWords.call(GET_FEATURE_FLAG_DENY_ALL, AbiWords.asciiBytes32(feature));
  }

  public static String isFeatureAllowed(String feature, String account) {
    return AbiWords.call(
        IS_FEATURE_ALLOWED, AbiWords.asciiBytes32(feature), AbiWords.addressWord(account));
  }

  public static String getOpenPosition(BigInteger accountId, BigInteger marketId) {
    return AbiWords.call(
        GET_OPEN_POSITION,
        AbiWords.uintWord(checkAccountId(accountId)),
        AbiWords.uintWord(checkMarketId(marketId)));
  }

  public static String getOpenPositionSize(BigInteger accountId, BigInteger marketId) {
    return AbiWords.call(
        GET_OPEN_POSITION_SIZE,
        AbiWords.uintWord(checkAccountId(accountId)),
        AbiWords.uintWord(checkMarketId(marketId)));
  }

  public static String getAvailableMargin(BigInteger accountId) {
    return AbiWords.call(GET_AVAILABLE_MARGIN, AbiWords.uintWord(checkAccountId(accountId)));
  }

  public static String getRequiredMargins(BigInteger accountId) {
    return AbiWords.call(GET_REQUIRED_MARGINS, AbiWords.uintWord(checkAccountId(accountId)));
  }

  public static String canLiquidate(BigInteger accountId) {
    return AbiWords.call(CAN_LIQUIDATE, AbiWords.uintWord(checkAccountId(accountId)));
  }

  public static String getAccountOpenPositions(BigInteger accountId) {
    return AbiWords.call(GET_ACCOUNT_OPEN_POSITIONS, AbiWords.uintWord(checkAccountId(accountId)));
  }

  public static String getLiquidationParameters(BigInteger marketId) {
    return marketCall(GET_LIQUIDATION_PARAMETERS, marketId);
  }

  /** {@code getAccountOpenPositions}: the ids of the markets the account has a position in. */
  public static Read<List<BigInteger>> decodeUint256Array(CallOutcome outcome, String target) {
    return AbiWords.decode(outcome, target, 2, KNOWN_ERRORS, w -> w.uint256Array(0));
  }

  public static Read<LiquidationParameters> decodeLiquidationParameters(
      CallOutcome outcome, String target) {
    return AbiWords.decode(
        outcome,
        target,
        5,
        KNOWN_ERRORS,
        w ->
            new LiquidationParameters(
                w.uint256(0), w.uint256(1), w.uint256(2), w.uint256(3), w.uint256(4)));
  }

  public static Read<OpenPosition> decodeOpenPosition(CallOutcome outcome, String target) {
    return AbiWords.decode(
        outcome,
        target,
        4,
        KNOWN_ERRORS,
        w -> new OpenPosition(w.int256(0), w.int256(1), w.intN(2, 128), w.uint256(3)));
  }

  /** {@code getOpenPositionSize}: an {@code int128}. */
  public static Read<BigInteger> decodeInt128(CallOutcome outcome, String target) {
    return AbiWords.decode(outcome, target, 1, KNOWN_ERRORS, w -> w.intN(0, 128));
  }

  public static Read<RequiredMargins> decodeRequiredMargins(CallOutcome outcome, String target) {
    return AbiWords.decode(
        outcome,
        target,
        3,
        KNOWN_ERRORS,
        w -> new RequiredMargins(w.uint256(0), w.uint256(1), w.uint256(2)));
  }

  public static Read<MarketSummary> decodeMarketSummary(CallOutcome outcome, String target) {
    return AbiWords.decode(
        outcome,
        target,
        6,
        KNOWN_ERRORS,
        w ->
            new MarketSummary(
                w.int256(0), w.uint256(1), w.uint256(2), w.int256(3), w.int256(4), w.uint256(5)));
  }

  public static Read<FundingParameters> decodeFundingParameters(
      CallOutcome outcome, String target) {
    return AbiWords.decode(
        outcome, target, 2, KNOWN_ERRORS, w -> new FundingParameters(w.uint256(0), w.uint256(1)));
  }

  public static Read<BigInteger> decodeUint256(CallOutcome outcome, String target) {
    return AbiWords.decode(outcome, target, 1, KNOWN_ERRORS, w -> w.uint256(0));
  }

  public static Read<BigInteger> decodeInt256(CallOutcome outcome, String target) {
    return AbiWords.decode(outcome, target, 1, KNOWN_ERRORS, w -> w.int256(0));
  }

  public static Read<Boolean> decodeBool(CallOutcome outcome, String target) {
    return AbiWords.decode(outcome, target, 1, KNOWN_ERRORS, w -> w.bool(0));
  }

  /** The revert as an {@code OracleDataRequired}, when it is one and its arguments decode. */
  public static Optional<OracleDataRequired> oracleDataRequired(CallOutcome outcome) {
    if (!(outcome instanceof CallOutcome.Reverted r)
        || !AbiWords.revertSelector(r.data()).equals(ORACLE_DATA_REQUIRED_SELECTOR)) {
      return Optional.empty();
    }
    try {
      AbiWords.Words args = new AbiWords.Words(r.data()).skip(4);
      return Optional.of(new OracleDataRequired(args.address(0), args.dynamicBytes(1)));
    } catch (AbiWords.MalformedException e) {
      return Optional.empty();
    }
  }

  static BigInteger checkMarketId(BigInteger marketId) {
    if (marketId.signum() < 0 || marketId.compareTo(MAX_MARKET_ID) > 0) {
      throw new IllegalArgumentException("a market id is a uint128, was " + marketId);
    }
    return marketId;
  }

  static BigInteger checkAccountId(BigInteger accountId) {
    if (accountId.signum() < 0 || accountId.compareTo(MAX_ACCOUNT_ID) > 0) {
      throw new IllegalArgumentException("an account id is a uint128, was " + accountId);
    }
    return accountId;
  }

  private static String marketCall(String signature, BigInteger marketId) {
    return AbiWords.call(signature, AbiWords.uintWord(checkMarketId(marketId)));
  }
}
