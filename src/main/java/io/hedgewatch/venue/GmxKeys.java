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

  /** keccak256(abi.encode(market, field)), where the market store keeps one of its addresses. */
  public static String marketField(String market, String field) {
    return hash(AbiWords.addressWord(market), AbiWords.bytes32Word(field));
  }

  private static String hash(String... words) {
    return AbiWords.keccak(Numeric.hexStringToByteArray(String.join("", words)));
  }
}
