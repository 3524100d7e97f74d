package io.hedgewatch.monitor;

import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.config.ReferenceVenueConfig;
import io.hedgewatch.domain.CexFundingVenue;
import java.util.Optional;

/** Where the config says each centralized venue's perps are served; empty for the default. */
public final class CexFundingBaseUrls {

  private CexFundingBaseUrls() {}

  /**
   * Binance USD-M at {@code references.binance.futuresBaseUrl}, Bybit and OKX on their spot hosts
   * ({@code baseUrl}), Kraken Futures at {@code references.kraken.futuresBaseUrl}, Deribit at
   * {@code references.deribit.baseUrl}.
   */
  public static Optional<String> of(HedgewatchConfig config, CexFundingVenue venue) {
    ReferenceVenueConfig binance = config.references().get("binance");
    ReferenceVenueConfig kraken = config.references().get("kraken");
    return switch (venue) {
      case BINANCE -> binance == null ? Optional.empty() : binance.futuresBaseUrl();
      case BYBIT ->
          Optional.ofNullable(config.references().get("bybit"))
              .flatMap(ReferenceVenueConfig::baseUrl);
      case OKX ->
          Optional.ofNullable(config.references().get("okx"))
              .flatMap(ReferenceVenueConfig::baseUrl);
      case KRAKEN_FUTURES -> kraken == null ? Optional.empty() : kraken.futuresBaseUrl();
      case DERIBIT ->
          Optional.ofNullable(config.references().get("deribit"))
              .flatMap(ReferenceVenueConfig::baseUrl);
    };
  }
}
