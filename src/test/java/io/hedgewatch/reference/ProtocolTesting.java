package io.hedgewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Shared pieces of the venue parser tests. */
final class ProtocolTesting {

  static final Instant RECEIVED = Instant.parse("2025-06-01T12:00:00Z");

  /** Every recorded body copied from the shared fixtures. */
  static final List<String> RECORDED =
      List.of(
          "binance-spot-ticker-price-BTCUSDT.json",
          "binance-spot-bookTicker-BTCUSDT.json",
          "coinbase-exchange-products-ticker-BTC-USDT.json",
          "coinbase-advanced-market-product-BTC-USD.json",
          "kraken-spot-Ticker-XBTUSDT.json",
          "okx-market-ticker-BTC-USD-SWAP.json",
          "okx-market-index-tickers-BTC-USDT.json",
          "bybit-v5-market-tickers-inverse-BTCUSD.json");

  /** Every hand-written error body. */
  static final List<String> ERRORS =
      List.of(
          "errors/binance-error-invalid-symbol.json",
          "errors/binance-error-too-many-requests.json",
          "errors/binance-error-ip-banned.json",
          "errors/binance-error-mandatory-parameter.json",
          "errors/coinbase-error-not-found.json",
          "errors/kraken-error-unknown-asset-pair.json",
          "errors/kraken-error-too-many-requests.json",
          "errors/kraken-error-rate-limit-exceeded.json",
          "errors/okx-error-instrument-does-not-exist.json",
          "errors/okx-error-too-many-requests.json",
          "errors/bybit-error-not-supported-symbols.json",
          "errors/bybit-error-symbol-invalid.json",
          "errors/bybit-error-too-many-visits.json",
          "errors/bybit-empty-list.json");

  private ProtocolTesting() {}

  static String fixture(String name) {
    String path = "/fixtures/cex/" + name;
    try (InputStream in = ProtocolTesting.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static VenueMarket market(String nativeSymbol, String pair) {
    return new VenueMarket(nativeSymbol, Pair.of(pair));
  }

  static VenueQuote quoted(QuoteOutcome outcome) {
    assertThat(outcome).isInstanceOf(QuoteOutcome.Quoted.class);
    return ((QuoteOutcome.Quoted) outcome).quote();
  }

  static QuoteFailure failure(QuoteOutcome outcome) {
    assertThat(outcome).isInstanceOf(QuoteOutcome.NotQuoted.class);
    return ((QuoteOutcome.NotQuoted) outcome).failure();
  }

  static String malformedDetail(QuoteOutcome outcome) {
    QuoteFailure f = failure(outcome);
    assertThat(f).isInstanceOf(QuoteFailure.Malformed.class);
    return ((QuoteFailure.Malformed) f).detail();
  }
}
