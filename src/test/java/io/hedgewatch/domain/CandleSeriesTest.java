package io.hedgewatch.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a {@link CandleSeries} guarantees to whoever measures volatility on it. */
class CandleSeriesTest {

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Instant FROM = Instant.parse("2025-12-08T00:00:00Z");
  private static final Instant TO = FROM.plus(HOUR.multipliedBy(3));
  private static final VenueMarket MARKET = new VenueMarket("ETHUSDT", Pair.of("ETH/USDT"));

  private static Candle hour(int slot, String close) {
    Instant open = FROM.plus(HOUR.multipliedBy(slot));
    return new Candle(open, open.plus(HOUR), new BigDecimal(close));
  }

  private static CandleSeries series(List<Candle> candles) {
    return new CandleSeries(ReferenceVenue.BINANCE, MARKET, HOUR, FROM, TO, candles);
  }

  @Test
  void a_series_counts_its_slots_and_the_empty_ones() {
    CandleSeries gappy = series(List.of(hour(0, "3000"), hour(2, "3010.5")));

    assertThat(gappy.slots()).isEqualTo(3);
    assertThat(gappy.missing()).isEqualTo(1);
    assertThat(gappy.complete()).isFalse();
    assertThat(gappy.closes()).containsExactly(new BigDecimal("3000"), new BigDecimal("3010.5"));
    assertThat(series(List.of(hour(0, "1"), hour(1, "2"), hour(2, "3"))).complete()).isTrue();
  }

  @Test
  void candles_out_of_order_off_the_grid_or_outside_the_window_are_refused() {
    assertThatThrownBy(() -> series(List.of(hour(1, "1"), hour(0, "1"))))
        .hasMessageContaining("must ascend by open time");
    assertThatThrownBy(() -> series(List.of(hour(1, "1"), hour(1, "2"))))
        .hasMessageContaining("must ascend by open time");
    assertThatThrownBy(() -> series(List.of(hour(3, "1")))).hasMessageContaining("is outside");
    Instant half = FROM.plus(Duration.ofMinutes(30));
    assertThatThrownBy(() -> series(List.of(new Candle(half, half.plus(HOUR), BigDecimal.ONE))))
        .hasMessageContaining("is not one PT1H slot");
    assertThatThrownBy(
            () ->
                new CandleSeries(
                    ReferenceVenue.BINANCE, MARKET, HOUR, FROM, FROM.plusSeconds(90), List.of()))
        .hasMessageContaining("not a whole number of PT1H slots");
    assertThatThrownBy(() -> new Candle(FROM, FROM.plus(HOUR), BigDecimal.ZERO))
        .hasMessage("candle close must be positive, was 0");
  }
}
