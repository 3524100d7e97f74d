package io.hedgewatch.chain;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A provider refused an {@code eth_getLogs} block range as too wide or as matching too many logs; a
 * smaller range may pass.
 */
public final class LogRangeRefusedException extends IOException {

  /**
   * The refusals providers send, by message (codes differ and are reused for rate limits: Infura's
   * -32005 also means "rate limited"): geth and Infura "query returned more than 10000 results",
   * Infura "range 1000000 exceeds limit of 10000", Alchemy "Log response size exceeded. You can
   * make eth_getLogs requests with up to a 2K block range...", others "block range is too wide",
   * "block range too large", "exceed maximum block range: 5000".
   */
  private static final Pattern REFUSAL =
      Pattern.compile(
          "more than \\d+ results|response size exceeded|range \\d+ exceeds limit"
              + "|block range (is )?too (large|wide|big)|exceeds? (the )?max(imum)? block range"
              + "|too many (results|logs|blocks)",
          Pattern.CASE_INSENSITIVE);

  public LogRangeRefusedException(String message) {
    super(message);
  }

  /** Whether a JSON-RPC error message is a provider's refusal of a log range. */
  public static boolean isRefusal(String message) {
    return message != null && REFUSAL.matcher(message).find();
  }
}
