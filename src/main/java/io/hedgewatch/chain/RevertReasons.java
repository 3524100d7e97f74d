package io.hedgewatch.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.utils.Numeric;

/**
 * Turns revert data into a reason a person can read: Error(string), Panic(uint256) and the custom
 * errors feeds use.
 */
public final class RevertReasons {

  private static final String ERROR_STRING = "08c379a0";
  private static final String PANIC = "4e487b71";
  private static final Map<String, String> KNOWN_CUSTOM_ERRORS =
      Map.of(
          "19abf40e", "StalePrice()",
          "14aebe68", "PriceFeedNotFound()",
          "cf2cabdf", "OracleDataRequired(address,bytes)",
          "e69ffece", "InvalidArgument()",
          "00cb8f2b", "NoFreshUpdate()");

  private RevertReasons() {}

  public static String describe(String revertData) {
    String clean =
        Numeric.cleanHexPrefix(revertData == null ? "" : revertData)
            .toLowerCase(java.util.Locale.ROOT);
    if (clean.isEmpty()) {
      return "revert without reason";
    }
    // The node's reply is text: a broken endpoint's is not repeated, nor parsed as a number.
    if (!clean.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return "revert with data that is not hex";
    }
    if (clean.length() < 8) {
      return "revert with malformed data 0x" + clean;
    }
    String selector = clean.substring(0, 8);
    String args = clean.substring(8);
    if (selector.equals(ERROR_STRING)) {
      try {
        @SuppressWarnings({"unchecked", "rawtypes"})
        List<Type> decoded =
            FunctionReturnDecoder.decode(
                args,
                List.<TypeReference<Type>>of((TypeReference) new TypeReference<Utf8String>() {}));
        if (decoded.size() == 1) {
          return "Error(\"" + sanitize(decoded.get(0).getValue().toString()) + "\")";
        }
      } catch (RuntimeException e) {
        // falls through to the raw form
      }
      return "Error(string) with malformed data";
    }
    if (selector.equals(PANIC) && args.length() == 64) {
      return "Panic(0x" + new BigInteger(args, 16).toString(16) + ")";
    }
    String known = KNOWN_CUSTOM_ERRORS.get(selector);
    return known != null ? known : "custom error 0x" + selector;
  }

  private static String sanitize(String text) {
    String oneLine = text.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
  }
}
