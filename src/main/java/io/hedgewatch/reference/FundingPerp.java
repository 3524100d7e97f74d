package io.hedgewatch.reference;

import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.Pair;
import java.util.Objects;

/**
 * One perpetual of a centralized venue: the symbol the venue's API takes, the canonical pair it
 * trades and how its contract is margined.
 *
 * @param symbol the venue's instrument ({@code ETHUSDT}, {@code ETH-USDT-SWAP}, {@code
 *     ETH-PERPETUAL}, {@code PF_ETHUSD})
 * @param pair the canonical pair: its quote is what the mark and index prices are in ({@code
 *     ETH/USDT} for USDT-margined perps, {@code ETH/USD} for USD-quoted ones, inverse or not)
 * @param contract linear (a contract is an amount of the base asset, settled in the quote or a
 *     stablecoin) or inverse (a contract is an amount of USD, settled in the base asset)
 */
public record FundingPerp(CexFundingVenue venue, String symbol, Pair pair, Contract contract) {

  /** How a contract is sized and settled; Kraken Futures' absolute funding rate depends on it. */
  public enum Contract {
    LINEAR,
    INVERSE
  }

  public FundingPerp {
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(contract, "contract");
    if (symbol.isBlank()) {
      throw new IllegalArgumentException(venue.configName() + " " + pair + ": empty symbol");
    }
  }

  public static FundingPerp linear(CexFundingVenue venue, String symbol, String pair) {
    return new FundingPerp(venue, symbol, Pair.of(pair), Contract.LINEAR);
  }

  public static FundingPerp inverse(CexFundingVenue venue, String symbol, String pair) {
    return new FundingPerp(venue, symbol, Pair.of(pair), Contract.INVERSE);
  }
}
