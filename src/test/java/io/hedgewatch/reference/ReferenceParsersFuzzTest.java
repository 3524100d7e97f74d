package io.hedgewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteOutcome;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Any reply of any status to a reference venue's ticker, funding or candle request gives a value or
 * a typed {@code QuoteFailure}, never an exception. Seeds: the recorded exchange replies of
 * shared/fixtures/cex and the hand-written error bodies.
 */
class ReferenceParsersFuzzTest {

  private static final Instant RECEIVED = Instant.parse("2025-06-01T12:00:00Z");
  private static final HttpUrl BASE = HttpUrl.get("https://venue.test/");
  private static final VenueListings LISTINGS = VenueListings.standard();
  private static final Map<ReferenceVenue, VenueProtocol> TICKERS = VenueProtocols.all(LISTINGS);
  private static final int[] STATUSES = {200, 400, 429, 503};

  private static final List<FundingPerp> PERPS =
      List.of(
          FundingPerp.linear(CexFundingVenue.BINANCE, "BTCUSDT", "BTC/USDT"),
          FundingPerp.inverse(CexFundingVenue.BYBIT, "BTCUSD", "BTC/USD"),
          FundingPerp.linear(CexFundingVenue.OKX, "BTC-USDT-SWAP", "BTC/USDT"),
          FundingPerp.inverse(CexFundingVenue.DERIBIT, "BTC-PERPETUAL", "BTC/USD"),
          FundingPerp.inverse(CexFundingVenue.KRAKEN_FUTURES, "PI_XBTUSD", "BTC/USD"),
          FundingPerp.linear(CexFundingVenue.KRAKEN_FUTURES, "PF_XBTUSD", "BTC/USD"));

  @FuzzTest(maxDuration = "10s")
  void tickerReplies(byte[] data) {
    String body = new String(data, StandardCharsets.UTF_8);
    for (ReferenceVenue venue : ReferenceVenue.values()) {
      VenueMarket market = LISTINGS.preferredMarket(venue, Pair.of("BTC/USD")).orElseThrow();
      for (int status : STATUSES) {
        QuoteOutcome outcome = TICKERS.get(venue).parseTicker(market, status, body, RECEIVED);
        assertThat(outcome).isNotNull();
      }
    }
  }

  @FuzzTest(maxDuration = "10s")
  void fundingReplies(byte[] data) {
    String body = new String(data, StandardCharsets.UTF_8);
    for (int status : STATUSES) {
      // Every request of the venue, current reading and history pages alike, gets this reply.
      FundingExchange exchange =
          new FundingExchange() {
            @Override
            public <T> VenueReply<T> get(FundingRequest<T> request) {
              return request.reader().read(status, body, RECEIVED);
            }
          };
      for (FundingPerp perp : PERPS) {
        FundingProtocol protocol = FundingProtocols.of(perp.venue());
        assertThat(protocol.current(perp, BASE, exchange)).isNotNull();
        if (protocol.hasHistory()) {
          assertThat(
                  protocol.history(
                      perp, RECEIVED.minus(Duration.ofDays(2)), RECEIVED, BASE, exchange))
              .isNotNull();
        }
      }
    }
  }

  @FuzzTest(maxDuration = "10s")
  void candleReplies(byte[] data) {
    String body = new String(data, StandardCharsets.UTF_8);
    for (ReferenceVenue venue : ReferenceVenue.values()) {
      CandleProtocol protocol = CandleProtocols.of(venue, LISTINGS).orElse(null);
      if (protocol == null) {
        continue;
      }
      VenueMarket market = LISTINGS.preferredMarket(venue, Pair.of("BTC/USD")).orElseThrow();
      for (Duration interval : List.of(Duration.ofMinutes(1), Duration.ofHours(1))) {
        if (protocol.supports(interval)) {
          for (int status : STATUSES) {
            assertThat(protocol.parse(market, interval, status, body, RECEIVED)).isNotNull();
          }
        }
      }
    }
  }
}
