package io.hedgewatch.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.Candle;
import io.hedgewatch.domain.CandleSeries;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.testing.MovableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

/** {@link ReferenceCandles}: which venue's series is taken, with fake sources. */
class ReferenceCandlesTest {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Pair ETH_USD = Pair.of("ETH/USD");
  private static final Instant TO = Instant.parse("2025-12-08T10:00:00Z");

  /** A venue that answers with a fixed reply and counts the reads. */
  private static final class FakeSource implements CandleSource {
    final ReferenceVenue venue;
    final VenueReply<CandleSeries> reply;
    int reads;

    FakeSource(ReferenceVenue venue, VenueReply<CandleSeries> reply) {
      this.venue = venue;
      this.reply = reply;
    }

    @Override
    public ReferenceVenue venue() {
      return venue;
    }

    @Override
    public VenueReply<CandleSeries> candles(Pair pair, Duration interval, int count) {
      reads++;
      return reply;
    }
  }

  /** {@code slots} hourly slots ending at {@link #TO}, with candles in those of {@code filled}. */
  private static VenueReply<CandleSeries> series(ReferenceVenue venue, int slots, int... filled) {
    Instant from = TO.minus(HOUR.multipliedBy(slots));
    List<Candle> candles = new ArrayList<>();
    for (int i : filled) {
      Instant open = from.plus(HOUR.multipliedBy(i));
      candles.add(new Candle(open, open.plus(HOUR), BigDecimal.valueOf(3000 + i)));
    }
    return VenueReply.ok(
        new CandleSeries(
            venue, new VenueMarket("ETH", ETH_USD), HOUR, from, TO, List.copyOf(candles)));
  }

  private static VenueReply<CandleSeries> down(String why) {
    return VenueReply.failed(new QuoteFailure.Unavailable(why));
  }

  @Test
  void the_first_complete_series_is_taken_and_later_venues_are_not_asked() {
    FakeSource binance =
        new FakeSource(ReferenceVenue.BINANCE, series(ReferenceVenue.BINANCE, 3, 0, 1, 2));
    FakeSource coinbase =
        new FakeSource(ReferenceVenue.COINBASE, series(ReferenceVenue.COINBASE, 3, 0, 1, 2));

    VenueReply<CandleSeries> reply =
        new ReferenceCandles(List.of(binance, coinbase)).candles(ETH_USD, HOUR, 3);

    assertThat(reply.asOptional().orElseThrow().venue()).isEqualTo(ReferenceVenue.BINANCE);
    assertThat(coinbase.reads).isZero();
  }

  @Test
  void a_failing_venue_falls_back_to_the_next() {
    FakeSource binance = new FakeSource(ReferenceVenue.BINANCE, down("HTTP 503"));
    FakeSource coinbase =
        new FakeSource(ReferenceVenue.COINBASE, series(ReferenceVenue.COINBASE, 3, 0, 1, 2));
    FakeSource kraken =
        new FakeSource(ReferenceVenue.KRAKEN, series(ReferenceVenue.KRAKEN, 3, 0, 1, 2));

    VenueReply<CandleSeries> reply =
        new ReferenceCandles(List.of(binance, coinbase, kraken)).candles(ETH_USD, HOUR, 3);

    assertThat(reply.asOptional().orElseThrow().venue()).isEqualTo(ReferenceVenue.COINBASE);
    assertThat(kraken.reads).isZero();
  }

  @Test
  void a_gappy_series_is_passed_over_for_a_complete_one_and_else_the_fullest_is_taken() {
    FakeSource coinbase =
        new FakeSource(ReferenceVenue.COINBASE, series(ReferenceVenue.COINBASE, 4, 0, 3));
    FakeSource kraken =
        new FakeSource(ReferenceVenue.KRAKEN, series(ReferenceVenue.KRAKEN, 4, 0, 1, 2, 3));
    assertThat(
            new ReferenceCandles(List.of(coinbase, kraken))
                .candles(ETH_USD, HOUR, 4)
                .asOptional()
                .orElseThrow()
                .venue())
        .isEqualTo(ReferenceVenue.KRAKEN);

    FakeSource thin = new FakeSource(ReferenceVenue.BINANCE, series(ReferenceVenue.BINANCE, 4, 2));
    FakeSource fuller =
        new FakeSource(ReferenceVenue.COINBASE, series(ReferenceVenue.COINBASE, 4, 0, 1, 3));
    FakeSource broken = new FakeSource(ReferenceVenue.KRAKEN, down("HTTP 500"));
    CandleSeries best =
        new ReferenceCandles(List.of(thin, fuller, broken))
            .candles(ETH_USD, HOUR, 4)
            .asOptional()
            .orElseThrow();
    assertThat(best.venue()).isEqualTo(ReferenceVenue.COINBASE);
    assertThat(best.missing()).isEqualTo(1);
  }

  @Test
  void when_every_venue_fails_the_failure_names_each_ones_reason() {
    ReferenceCandles candles =
        new ReferenceCandles(
            List.of(
                new FakeSource(
                    ReferenceVenue.BINANCE,
                    VenueReply.failed(
                        new QuoteFailure.UnsupportedMarket("ETHUSDT: banned region"))),
                new FakeSource(ReferenceVenue.KRAKEN, down("HTTP 502: Bad Gateway"))));

    assertThat(candles.candles(ETH_USD, HOUR, 24).failureIfAny().orElseThrow().describe())
        .isEqualTo(
            "unavailable: no venue gave 24 1h candles of ETH/USD: binance: not listed: ETHUSDT:"
                + " banned region; kraken: unavailable: HTTP 502: Bad Gateway");
  }

  @Test
  void venues_are_asked_once_each_and_only_those_configured_in_the_default_order() {
    FakeSource a = new FakeSource(ReferenceVenue.BINANCE, down("x"));
    assertThatThrownBy(() -> new ReferenceCandles(List.of(a, a)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("candles asked of binance twice");
    assertThatThrownBy(() -> new ReferenceCandles(List.of()))
        .isInstanceOf(IllegalArgumentException.class);

    OkHttpClient http = new OkHttpClient();
    MovableClock clock = new MovableClock(TO);
    assertThat(
            ReferenceCandles.of(
                    Map.of(
                        ReferenceVenue.KRAKEN, Optional.empty(),
                        ReferenceVenue.OKX, Optional.empty(),
                        ReferenceVenue.BINANCE, Optional.of("http://127.0.0.1:1/binance")),
                    http,
                    clock)
                .orElseThrow()
                .venues())
        .containsExactly(ReferenceVenue.BINANCE, ReferenceVenue.KRAKEN);
    assertThat(ReferenceCandles.of(Map.of(ReferenceVenue.OKX, Optional.empty()), http, clock))
        .isEmpty();
  }
}
