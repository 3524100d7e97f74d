package io.hedgewatch.store;

import static io.hedgewatch.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.TimeRange;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass
@EnumSource(Backend.class)
class FundingHistoryStoreTest {

  @Parameter Backend backend;
  @TempDir Path dir;
  private String url;
  private Store store;

  @BeforeEach
  void open() {
    url = backend.newUrl(dir);
    store = Store.open(url);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void appending_the_same_time_twice_keeps_the_first_point() {
    store.append("eth-perp", List.of(point(0, "0.0000125"), point(1, "0.0000130")));
    store.append("eth-perp", List.of(point(1, "0.0009999"), point(2, "0.0000140")));
    store.append("eth-perp", List.of(point(0, "0.0000125")));

    assertThat(store.history("eth-perp", T0, T0.plus(Duration.ofHours(2))))
        .containsExactly(point(0, "0.0000125"), point(1, "0.0000130"), point(2, "0.0000140"));
  }

  @Test
  void a_range_is_inclusive_at_both_ends_and_oldest_first() {
    store.append(
        "eth-perp",
        List.of(point(4, "4"), point(1, "1"), point(3, "3"), point(0, "0"), point(2, "2")));

    assertThat(store.history("eth-perp", hour(1), hour(3)))
        .containsExactly(point(1, "1"), point(2, "2"), point(3, "3"));
    assertThat(store.history("eth-perp", hour(4), hour(4))).containsExactly(point(4, "4"));
    assertThat(store.history("eth-perp", hour(5), hour(9))).isEmpty();
  }

  @Test
  void bounds_finer_than_a_millisecond_do_not_widen_the_range() {
    store.append("eth-perp", List.of(point(1, "1"), point(2, "2")));
    assertThat(store.history("eth-perp", hour(1).plusNanos(1), hour(2).plusNanos(999_999)))
        .containsExactly(point(2, "2"));
  }

  @Test
  void markets_are_kept_apart() {
    store.append("eth-perp", List.of(point(0, "0.1")));
    store.append("btc-perp", List.of(point(0, "-0.2")));
    assertThat(store.history("btc-perp", T0, T0)).containsExactly(point(0, "-0.2"));
    assertThat(store.history("sol-perp", T0, T0)).isEmpty();
  }

  @Test
  void an_empty_append_changes_nothing() {
    store.append("eth-perp", List.of());
    assertThat(store.history("eth-perp", Instant.EPOCH, hour(100))).isEmpty();
  }

  @Test
  void fetched_ranges_are_recorded_with_their_points_and_joined() {
    store.appendFetched("eth-perp", range(0, 10), List.of(point(0, "1"), point(10, "2")));
    store.appendFetched("eth-perp", range(20, 30), List.of());
    store.appendFetched("eth-perp", range(40, 50), List.of());
    assertThat(store.fetched("eth-perp", hour(0), hour(50)))
        .containsExactly(range(0, 10), range(20, 30), range(40, 50));

    // Overlapping one range, touching another at its end: the three become one.
    store.appendFetched("eth-perp", range(5, 20), List.of(point(15, "3")));

    assertThat(store.fetched("eth-perp", hour(0), hour(50)))
        .containsExactly(range(0, 30), range(40, 50));
    assertThat(store.history("eth-perp", hour(0), hour(50)))
        .containsExactly(point(0, "1"), point(10, "2"), point(15, "3"));
  }

  @Test
  void fetched_ranges_are_those_meeting_the_asked_window_whole() {
    store.appendFetched("eth-perp", range(0, 10), List.of());
    store.appendFetched("eth-perp", range(20, 30), List.of());
    store.appendFetched("btc-perp", range(0, 100), List.of());

    assertThat(store.fetched("eth-perp", hour(8), hour(25)))
        .containsExactly(range(0, 10), range(20, 30));
    assertThat(store.fetched("eth-perp", hour(11), hour(19))).isEmpty();
    assertThat(store.fetched("eth-perp", hour(30), hour(40))).containsExactly(range(20, 30));
  }

  @Test
  void a_fetched_range_is_rounded_inwards_to_whole_milliseconds() {
    store.appendFetched(
        "eth-perp", new TimeRange(hour(0).plusNanos(1), hour(1).plusNanos(999_999)), List.of());
    assertThat(store.fetched("eth-perp", hour(0), hour(2)))
        .containsExactly(new TimeRange(hour(0).plusMillis(1), hour(1)));
  }

  @Test
  void a_reopened_store_keeps_the_history_and_the_fetched_ranges() {
    store.appendFetched("eth-perp", range(0, 2), List.of(point(1, "0.0000125")));
    store.append("snx-eth", List.of(point(1, "0.00002")));
    store.close();

    store = Store.open(url);

    assertThat(store.history("eth-perp", hour(0), hour(2))).containsExactly(point(1, "0.0000125"));
    assertThat(store.fetched("eth-perp", hour(0), hour(2))).containsExactly(range(0, 2));
    assertThat(store.history("snx-eth", hour(0), hour(2))).containsExactly(point(1, "0.00002"));
  }

  @Test
  void pruning_cuts_the_fetched_ranges_with_their_points() {
    store.appendFetched("eth-perp", range(0, 5), List.of(point(1, "1"), point(4, "4")));
    store.appendFetched("eth-perp", range(7, 9), List.of(point(8, "8")));
    store.appendFetched("btc-perp", range(0, 2), List.of(point(1, "1")));

    store.prune(hour(3));

    assertThat(store.fetched("eth-perp", Instant.EPOCH, hour(10)))
        .containsExactly(range(3, 5), range(7, 9));
    assertThat(store.fetched("btc-perp", Instant.EPOCH, hour(10))).isEmpty();
    assertThat(store.history("eth-perp", Instant.EPOCH, hour(10)))
        .containsExactly(point(4, "4"), point(8, "8"));
  }

  static Stream<String> exactDecimals() {
    return Stream.of(
        "0.0000125",
        "1E-30",
        "0.000000000000000000000000000001",
        "-1.000000000000000000000000000001E-30",
        "3000.123456789012345678",
        "3000.1234567890123456780",
        "1E+3",
        "-0.00",
        "0",
        "123456789012345678901234567890.123456789012345678901234567890");
  }

  @ParameterizedTest
  @MethodSource("exactDecimals")
  void a_rate_round_trips_with_its_value_and_scale(String text) {
    BigDecimal rate = new BigDecimal(text);
    store.append("eth-perp", List.of(new FundingPoint(T0, rate)));

    BigDecimal back = store.history("eth-perp", T0, T0).get(0).rateHourly();
    assertThat(back).isEqualTo(rate);
    assertThat(back.scale()).isEqualTo(rate.scale());
    assertThat(back.unscaledValue()).isEqualTo(rate.unscaledValue());
  }

  private static Instant hour(int h) {
    return T0.plus(Duration.ofHours(h));
  }

  private static TimeRange range(int fromHour, int toHour) {
    return new TimeRange(hour(fromHour), hour(toHour));
  }

  private static FundingPoint point(int h, String rate) {
    return new FundingPoint(hour(h), new BigDecimal(rate));
  }
}
