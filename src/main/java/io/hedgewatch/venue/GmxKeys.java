package io.hedgewatch.venue;

import java.nio.charset.StandardCharsets;
import org.web3j.utils.Numeric;

/**
 * GMX v2 DataStore keys. A key constant is keccak256 of the ABI encoding of its name as a dynamic
 * {@code string} (offset, length, padded bytes: {@code abi.encode}, not {@code encodePacked}); a
 * per-market key is keccak256 of the static ABI encoding of the constant followed by its parameters
 * (addresses left-padded, bools as 0/1 words). All keys are 0x hex.
 */
public final class GmxKeys {

  public static final String IS_MARKET_DISABLED = constant("IS_MARKET_DISABLED");
  public static final String SAVED_FUNDING_FACTOR_PER_SECOND =
      constant("SAVED_FUNDING_FACTOR_PER_SECOND");
  public static final String MAX_FUNDING_FACTOR_PER_SECOND =
      constant("MAX_FUNDING_FACTOR_PER_SECOND");
  public static final String MAX_OPEN_INTEREST = constant("MAX_OPEN_INTEREST");
  public static final String OPEN_INTEREST = constant("OPEN_INTEREST");
  public static final String OPEN_INTEREST_IN_TOKENS = constant("OPEN_INTEREST_IN_TOKENS");

  /** The market store's fields: a market's tokens live at keccak256(abi.encode(market, FIELD)). */
  public static final String MARKET_TOKEN = constant("MARKET_TOKEN");

  public static final String INDEX_TOKEN = constant("INDEX_TOKEN");
  public static final String LONG_TOKEN = constant("LONG_TOKEN");
  public static final String SHORT_TOKEN = constant("SHORT_TOKEN");

  /** The DataStore's bytes32 set of every position key. */
  public static final String POSITION_LIST = constant("POSITION_LIST");

  public static final String ACCOUNT_POSITION_LIST = constant("ACCOUNT_POSITION_LIST");

  /**
   * PositionStoreUtils' fields: a position's field lives at keccak256(abi.encode(positionKey,
   * FIELD)). {@link #FUNDING_FEE_AMOUNT_PER_SIZE} is both a field and a market key constant (the
   * same name, so the same hash).
   */
  public static final String POSITION_ACCOUNT = constant("ACCOUNT");

  public static final String POSITION_MARKET = constant("MARKET");
  public static final String POSITION_COLLATERAL_TOKEN = constant("COLLATERAL_TOKEN");
  public static final String SIZE_IN_USD = constant("SIZE_IN_USD");
  public static final String SIZE_IN_TOKENS = constant("SIZE_IN_TOKENS");
  public static final String COLLATERAL_AMOUNT = constant("COLLATERAL_AMOUNT");
  public static final String PENDING_IMPACT_AMOUNT = constant("PENDING_IMPACT_AMOUNT");
  public static final String BORROWING_FACTOR = constant("BORROWING_FACTOR");
  public static final String FUNDING_FEE_AMOUNT_PER_SIZE = constant("FUNDING_FEE_AMOUNT_PER_SIZE");
  public static final String LONG_TOKEN_CLAIMABLE_FUNDING_AMOUNT_PER_SIZE =
      constant("LONG_TOKEN_CLAIMABLE_FUNDING_AMOUNT_PER_SIZE");
  public static final String SHORT_TOKEN_CLAIMABLE_FUNDING_AMOUNT_PER_SIZE =
      constant("SHORT_TOKEN_CLAIMABLE_FUNDING_AMOUNT_PER_SIZE");
  public static final String INCREASED_AT_TIME = constant("INCREASED_AT_TIME");
  public static final String DECREASED_AT_TIME = constant("DECREASED_AT_TIME");
  public static final String IS_LONG = constant("IS_LONG");

  /** Market keys for a position's margin and fees. */
  public static final String MIN_COLLATERAL_FACTOR = constant("MIN_COLLATERAL_FACTOR");

  public static final String MIN_COLLATERAL_FACTOR_FOR_LIQUIDATION =
      constant("MIN_COLLATERAL_FACTOR_FOR_LIQUIDATION");
  public static final String MIN_COLLATERAL_USD = constant("MIN_COLLATERAL_USD");
  public static final String CLAIMABLE_FUNDING_AMOUNT_PER_SIZE =
      constant("CLAIMABLE_FUNDING_AMOUNT_PER_SIZE");
  public static final String CUMULATIVE_BORROWING_FACTOR = constant("CUMULATIVE_BORROWING_FACTOR");

  private GmxKeys() {}

  /** keccak256(abi.encode(name)). */
  public static String constant(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    StringBuilder encoded = new StringBuilder();
    encoded.append(AbiWords.uintWord(32)).append(AbiWords.uintWord(bytes.length));
    String hex = Numeric.toHexStringNoPrefix(bytes);
    int padded = (hex.length() + 63) / 64 * 64;
    encoded.append(hex).append("0".repeat(padded - hex.length()));
    return AbiWords.keccak(Numeric.hexStringToByteArray(encoded.toString()));
  }

  /** keccak256(abi.encode(IS_MARKET_DISABLED, market)): true when the market is disabled. */
  public static String isMarketDisabled(String market) {
    return hash(AbiWords.bytes32Word(IS_MARKET_DISABLED), AbiWords.addressWord(market));
  }

  /** The adaptive funding factor per second (int, 1e30, positive = longs pay). */
  public static String savedFundingFactorPerSecond(String market) {
    return hash(
        AbiWords.bytes32Word(SAVED_FUNDING_FACTOR_PER_SECOND), AbiWords.addressWord(market));
  }

  /** The cap on the funding factor per second (uint, 1e30). */
  public static String maxFundingFactorPerSecond(String market) {
    return hash(AbiWords.bytes32Word(MAX_FUNDING_FACTOR_PER_SECOND), AbiWords.addressWord(market));
  }

  /** The cap on one side's open interest in USD (uint, 1e30). */
  public static String maxOpenInterest(String market, boolean isLong) {
    return hash(
        AbiWords.bytes32Word(MAX_OPEN_INTEREST),
        AbiWords.addressWord(market),
        AbiWords.boolWord(isLong));
  }

  /** One side's open interest in USD at entry (uint, 1e30) backed by one collateral token. */
  public static String openInterest(String market, String collateralToken, boolean isLong) {
    return hash(
        AbiWords.bytes32Word(OPEN_INTEREST),
        AbiWords.addressWord(market),
        AbiWords.addressWord(collateralToken),
        AbiWords.boolWord(isLong));
  }

  /**
   * One side's open interest in index-token units (uint, the index token's decimals) backed by one
   * collateral token.
   */
  public static String openInterestInTokens(String market, String collateralToken, boolean isLong) {
    return hash(
        AbiWords.bytes32Word(OPEN_INTEREST_IN_TOKENS),
        AbiWords.addressWord(market),
        AbiWords.addressWord(collateralToken),
        AbiWords.boolWord(isLong));
  }

  /**
   * A position's key, keccak256(abi.encode(account, market, collateralToken, isLong)): GMX keeps
   * one position per account, market, collateral token and side.
   */
  public static String positionKey(
      String account, String market, String collateralToken, boolean isLong) {
    return hash(
        AbiWords.addressWord(account),
        AbiWords.addressWord(market),
        AbiWords.addressWord(collateralToken),
        AbiWords.boolWord(isLong));
  }

  /** The bytes32 set of an account's position keys. */
  public static String accountPositionList(String account) {
    return hash(AbiWords.bytes32Word(ACCOUNT_POSITION_LIST), AbiWords.addressWord(account));
  }

  /** keccak256(abi.encode(positionKey, field)), where the DataStore keeps a position's field. */
  public static String positionField(String positionKey, String field) {
    return hash(AbiWords.bytes32Word(positionKey), AbiWords.bytes32Word(field));
  }

  /**
   * The market's minimum collateral factor (uint, 1e30): collateral below factor x size in USD
   * fails the leverage check when a position is changed (and liquidates it on a deployment older
   * than {@link #minCollateralFactorForLiquidation}).
   */
  public static String minCollateralFactor(String market) {
    return hash(AbiWords.bytes32Word(MIN_COLLATERAL_FACTOR), AbiWords.addressWord(market));
  }

  /** The factor the liquidation check uses (uint, 1e30), since GMX's 2025-03 release. */
  public static String minCollateralFactorForLiquidation(String market) {
    return hash(
        AbiWords.bytes32Word(MIN_COLLATERAL_FACTOR_FOR_LIQUIDATION), AbiWords.addressWord(market));
  }

  /**
   * The cumulative funding fee per size of one side and collateral token (uint, in collateral token
   * units x 1e30 x 1e15 per USD of size): what a position on that side and token has paid since it
   * last changed is size in USD x (this - its own) / 1e45.
   */
  public static String fundingFeeAmountPerSize(
      String market, String collateralToken, boolean isLong) {
    return hash(
        AbiWords.bytes32Word(FUNDING_FEE_AMOUNT_PER_SIZE),
        AbiWords.addressWord(market),
        AbiWords.addressWord(collateralToken),
        AbiWords.boolWord(isLong));
  }

  /**
   * Likewise the funding one side can claim, in units of {@code token} (the long or short token).
   */
  public static String claimableFundingAmountPerSize(String market, String token, boolean isLong) {
    return hash(
        AbiWords.bytes32Word(CLAIMABLE_FUNDING_AMOUNT_PER_SIZE),
        AbiWords.addressWord(market),
        AbiWords.addressWord(token),
        AbiWords.boolWord(isLong));
  }

  /**
   * One side's cumulative borrowing factor (uint, 1e30): a position owes size in USD x (this - its
   * own) / 1e30.
   */
  public static String cumulativeBorrowingFactor(String market, boolean isLong) {
    return hash(
        AbiWords.bytes32Word(CUMULATIVE_BORROWING_FACTOR),
        AbiWords.addressWord(market),
        AbiWords.boolWord(isLong));
  }

  /** keccak256(abi.encode(market, field)), where the market store keeps one of its addresses. */
  public static String marketField(String market, String field) {
    return hash(AbiWords.addressWord(market), AbiWords.bytes32Word(field));
  }

  private static String hash(String... words) {
    return AbiWords.keccak(Numeric.hexStringToByteArray(String.join("", words)));
  }
}
