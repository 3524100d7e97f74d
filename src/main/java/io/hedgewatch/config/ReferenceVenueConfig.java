package io.hedgewatch.config;

import java.util.Optional;

/**
 * One entry of the {@code references} section; the venue's own defaults apply where a URL is
 * absent.
 *
 * @param baseUrl the venue's API: spot, and the perps of Bybit, OKX and the funding-only Deribit
 * @param futuresBaseUrl where Binance USD-M and Kraken Futures serve their perps (spot venues only)
 */
public record ReferenceVenueConfig(
    String venue, Optional<String> baseUrl, Optional<String> futuresBaseUrl) {}
