package io.hedgewatch.venue;

import io.hedgewatch.support.HttpPolicy;
import java.time.Duration;

/**
 * How hard hedgewatch may press each off-chain perp venue (Hyperliquid's {@code /info}, dYdX's
 * indexer), and how long it waits for it.
 *
 * <p>One call of one endpoint (named {@code venue.<id>.<endpoint>.timeout}) has five seconds, half
 * a second of it for a local permit, and three tries 250 ms to 2 s apart; the rate limit holds for
 * all of a venue's endpoints together (the venues limit per IP, not per endpoint). A reader that
 * needs several calls (a snapshot cycle, the pages of a funding history) spends one such budget per
 * call.
 */
public final class OffchainVenuePolicy {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final HttpPolicy BASE =
      HttpPolicy.DEFAULT
          .withTimeout(DEFAULT_TIMEOUT)
          .withRateLimit(1, Duration.ofSeconds(1), Duration.ofMillis(500))
          .withRetry(3, Duration.ofMillis(250), Duration.ofSeconds(2));

  /**
   * Hyperliquid: 1200 request weight per minute per IP, shared by {@code /info} and {@code
   * /exchange}; {@code metaAndAssetCtxs} and {@code predictedFundings} weigh 20, {@code
   * fundingHistory} 20 plus 1 per 20 rows returned. Ten requests per 20 s spend at most half of the
   * budget (600 weight a minute with 20-weight requests) and let a cycle's two requests and a
   * backfill's few pages go out together.
   */
  public static final HttpPolicy DEFAULT_HYPERLIQUID =
      BASE.withRateLimit(10, Duration.ofSeconds(20), BASE.permitWait());

  /**
   * dYdX indexer: 100 GET requests per 10 s per IP (comlink's {@code RATE_LIMIT_GET_POINTS} /
   * {@code RATE_LIMIT_GET_DURATION_SECONDS} defaults; a deployment may set others). 25 per 5 s is
   * half of that, with room for a cycle's one markets request plus one funding request per market.
   */
  public static final HttpPolicy DEFAULT_DYDX =
      BASE.withRateLimit(25, Duration.ofSeconds(5), BASE.permitWait());

  private OffchainVenuePolicy() {}
}
