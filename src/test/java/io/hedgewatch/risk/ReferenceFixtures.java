package io.hedgewatch.risk;

import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.ReferenceSource;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Quotes as the venue clients return them, for the reference composite and rule tests. */
final class ReferenceFixtures {

  static final Instant NOW = Instant.parse("2026-03-24T12:00:00Z");
  static final Pair ETH_USD = Pair.of("ETH/USD");
  static final Pair BTC_USD = Pair.of("BTC/USD");
  static final Pair USDT_USD = Pair.of("USDT/USD");
  static final Pair USDC_USD = Pair.of("USDC/USD");

  static final ReferenceVenue BINANCE = ReferenceVenue.BINANCE;
  static final ReferenceVenue COINBASE = ReferenceVenue.COINBASE;
  static final ReferenceVenue KRAKEN = ReferenceVenue.KRAKEN;
  static final ReferenceVenue OKX = ReferenceVenue.OKX;
  static final ReferenceVenue BYBIT = ReferenceVenue.BYBIT;

  private ReferenceFixtures() {}

  /** A quote observed one second before {@link #NOW}. */
  static QuoteOutcome quote(ReferenceVenue venue, String symbol, String pair, String price) {
    return quote(venue, symbol, pair, price, NOW.minusSeconds(1));
  }

  static QuoteOutcome quote(
      ReferenceVenue venue, String symbol, String pair, String price, Instant at) {
    return new QuoteOutcome.Quoted(
        new VenueQuote(
            venue, new VenueMarket(symbol, Pair.of(pair)), new BigDecimal(price), at, true));
  }

  static QuoteOutcome failed(
      ReferenceVenue venue, String symbol, String pair, QuoteFailure failure) {
    return new QuoteOutcome.NotQuoted(venue, new VenueMarket(symbol, Pair.of(pair)), failure);
  }

  // the usual markets

  static QuoteOutcome binanceEthUsdt(String price) {
    return quote(BINANCE, "ETHUSDT", "ETH/USDT", price);
  }

  static QuoteOutcome coinbaseEthUsd(String price) {
    return quote(COINBASE, "ETH-USD", "ETH/USD", price);
  }

  static QuoteOutcome krakenEthUsd(String price) {
    return quote(KRAKEN, "XETHZUSD", "ETH/USD", price);
  }

  static QuoteOutcome okxEthUsdt(String price) {
    return quote(OKX, "ETH-USDT", "ETH/USDT", price);
  }

  static QuoteOutcome bybitEthUsdt(String price) {
    return quote(BYBIT, "ETHUSDT", "ETH/USDT", price);
  }

  static QuoteOutcome coinbaseUsdtUsd(String price) {
    return quote(COINBASE, "USDT-USD", "USDT/USD", price);
  }

  static QuoteOutcome krakenUsdtUsd(String price) {
    return quote(KRAKEN, "USDTZUSD", "USDT/USD", price);
  }

  static ReferencePrice compute(Pair target, int minSources, List<QuoteOutcome> outcomes) {
    return ReferenceComposite.compute(
        target, outcomes, minSources, NOW, RuleSettingsLookup.defaults());
  }

  static ReferencePrice compute(Pair target, int minSources, QuoteOutcome... outcomes) {
    return compute(target, minSources, List.of(outcomes));
  }

  static ReferencePrice ethUsd(int minSources, QuoteOutcome... outcomes) {
    return compute(ETH_USD, minSources, outcomes);
  }

  /** The one source of {@code reference} for {@code venue}'s market {@code symbol}. */
  static ReferenceSource source(ReferencePrice reference, ReferenceVenue venue, String symbol) {
    return source(reference.sources(), venue, symbol);
  }

  static ReferenceSource source(
      List<ReferenceSource> sources, ReferenceVenue venue, String symbol) {
    List<ReferenceSource> found =
        sources.stream()
            .filter(s -> s.venue() == venue && s.market().nativeSymbol().equals(symbol))
            .toList();
    if (found.size() != 1) {
      throw new AssertionError(
          "expected one source " + venue + " " + symbol + ", found " + found + " in " + sources);
    }
    return found.get(0);
  }

  /** Settings as the config loader types what a user writes. */
  static RuleSettingsLookup lookup(String ruleId, Map<String, Object> overrides) {
    return RuleSettingsLookup.of(
        Map.of(ruleId, RuleSettings.of(RuleCatalog.find(ruleId).orElseThrow(), overrides)));
  }

  static BigDecimal dec(String text) {
    return new BigDecimal(text);
  }
}
