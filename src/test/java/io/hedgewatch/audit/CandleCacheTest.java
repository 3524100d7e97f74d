package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Candle;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stored part of a day: what it covers, what is missing from an asked part, and unions. */
class CandleCacheTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final Instant DAY = Instant.parse("2025-12-07T00:00:00Z");

  private static Instant at(int hour) {
    return DAY.plus(Duration.ofHours(hour));
  }

  /** One candle a minute in {@code [from, to)}, each closing at {@code close}. */
  private static CandleCache.Day part(int fromHour, int toHour, String close) {
    List<Candle> candles = new ArrayList<>();
    for (Instant t = at(fromHour); t.isBefore(at(toHour)); t = t.plus(MINUTE)) {
      candles.add(new Candle(t, t.plus(MINUTE), new BigDecimal(close)));
    }
    return new CandleCache.Day(at(fromHour), at(toHour), candles);
  }

  @Test
  void aStoredPartCoversOnlyWindowsInsideIt() {
    CandleCache.Day evening = part(18, 24, "1");

    assertThat(evening.covers(at(18), at(24))).isTrue();
    assertThat(evening.covers(at(20), at(22))).isTrue();
    assertThat(evening.covers(at(12), at(24))).isFalse();
    assertThat(evening.covers(at(17), at(19))).isFalse();
    assertThat(evening.covers(at(0), at(6))).isFalse();
  }

  @Test
  void onlyThePieceBeyondAStoredPartTouchingTheAskedOneIsMissing() {
    CandleCache.Day evening = part(18, 24, "1");
    CandleCache.Day morning = part(0, 6, "1");

    // asked from noon: the stored evening leaves only noon to 18:00 to fetch
    assertThat(evening.missing(at(12), at(24))).isEqualTo(new CandleCache.Window(at(12), at(18)));
    // asked to noon: the stored morning leaves 06:00 to noon
    assertThat(morning.missing(at(0), at(12))).isEqualTo(new CandleCache.Window(at(6), at(12)));
    // a stored part just touching the asked one's end
    assertThat(evening.missing(at(12), at(18))).isEqualTo(new CandleCache.Window(at(12), at(18)));
    // a stored part inside the asked one, or apart from it: the whole asked part, one window
    assertThat(part(10, 12, "1").missing(at(6), at(18)))
        .isEqualTo(new CandleCache.Window(at(6), at(18)));
    assertThat(morning.missing(at(12), at(24))).isEqualTo(new CandleCache.Window(at(12), at(24)));
  }

  @Test
  void partsThatMeetBecomeOneRangeWithTheFetchedCandlesWinning() {
    CandleCache.Day stored = part(18, 24, "1");
    CandleCache.Day fetched = part(12, 19, "2");

    CandleCache.Day merged = stored.mergedWith(fetched);

    assertThat(merged.from()).isEqualTo(at(12));
    assertThat(merged.to()).isEqualTo(at(24));
    assertThat(merged.candles()).hasSize(12 * 60);
    assertThat(merged.candles())
        .isSortedAccordingTo((a, b) -> a.openTime().compareTo(b.openTime()));
    assertThat(merged.candles().get(0).openTime()).isEqualTo(at(12));
    // 18:00 to 19:00 was in both: the fetched close is kept
    assertThat(merged.candles().get(6 * 60).close()).isEqualByComparingTo("2");
    assertThat(merged.candles().get(7 * 60).close()).isEqualByComparingTo("1");
    // touching ends meet too
    assertThat(part(0, 6, "1").mergedWith(part(6, 12, "2")).from()).isEqualTo(at(0));
  }

  @Test
  void aFetchedPartApartFromTheStoredOneReplacesIt() {
    CandleCache.Day merged = part(0, 6, "1").mergedWith(part(18, 24, "2"));

    assertThat(merged).isEqualTo(part(18, 24, "2"));
  }
}
