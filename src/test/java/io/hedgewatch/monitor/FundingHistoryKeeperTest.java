package io.hedgewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.Read;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.domain.TimeRange;
import io.hedgewatch.store.Store;
import io.hedgewatch.store.StoreSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keeper over a real SQLite store in a temporary directory, with a venue faked in memory. */
class FundingHistoryKeeperTest {

  private static final Duration HISTORY = Duration.ofDays(8);
  private static final Instant NOW = Instant.parse("2026-11-24T12:00:30Z");
  private static final String MARKET = "eth-perp";

  @TempDir Path dir;
  private Store store;
  private final Venue venue = new Venue();

  @BeforeEach
  void open() {
    store = Store.open(url());
  }

  @AfterEach
  void close() {
    store.close();
  }

  private String url() {
    return "jdbc:sqlite:" + dir.resolve("hedgewatch.db");
  }

  /** A venue that settles at every whole hour (rate = the hour of day in millionths) and counts. */
  private static final class Venue implements FundingHistoryKeeper.VenueHistory {
    final List<TimeRange> asked = new ArrayList<>();
    Optional<ReadFailure> failing = Optional.empty();

    @Override
    public Read<List<FundingPoint>> between(Instant from, Instant to) {
      asked.add(new TimeRange(from, to));
      if (failing.isPresent()) {
        return Read.failed(failing.get());
      }
      List<FundingPoint> rows = new ArrayList<>();
      Instant t = from.truncatedTo(ChronoUnit.HOURS);
      for (t = t.isBefore(from) ? t.plus(Duration.ofHours(1)) : t;
          !t.isAfter(to);
          t = t.plus(Duration.ofHours(1))) {
        rows.add(settled(t));
      }
      return Read.ok(rows);
    }
  }

  private static FundingPoint settled(Instant t) {
    long hour = t.atZone(java.time.ZoneOffset.UTC).getHour();
    return new FundingPoint(t, BigDecimal.valueOf(hour, 6));
  }

  private FundingHistoryKeeper keeper() {
    return new FundingHistoryKeeper(store, HISTORY);
  }

  @Test
  void the_first_cycle_asks_the_venue_for_the_whole_window_and_keeps_it() {
    FundingHistory history = keeper().settled(MARKET, NOW, venue);

    assertThat(venue.asked).containsExactly(new TimeRange(NOW.minus(HISTORY), NOW));
    assertThat(history.source()).isEqualTo(FundingHistory.Source.STORE_AND_VENUE);
    assertThat(history.points()).hasSize(8 * 24);
    assertThat(history.problem()).isEmpty();
    assertThat(history.storeProblem()).isEmpty();
    assertThat(store.history(MARKET, NOW.minus(HISTORY), NOW)).isEqualTo(history.points());
    // The last minutes are not trusted yet: a settlement published late is asked for again.
    assertThat(store.fetched(MARKET, NOW.minus(HISTORY), NOW))
        .containsExactly(
            new TimeRange(
                NOW.minus(HISTORY), NOW.minus(FundingHistoryKeeper.DEFAULT_SETTLEMENT_LAG)));
  }

  @Test
  void a_later_cycle_asks_only_for_the_time_since_the_last_trusted_fetch() {
    keeper().settled(MARKET, NOW, venue);
    Instant later = NOW.plus(Duration.ofHours(2));

    FundingHistory history = keeper().settled(MARKET, later, venue);

    assertThat(venue.asked)
        .last()
        .isEqualTo(new TimeRange(NOW.minus(FundingHistoryKeeper.DEFAULT_SETTLEMENT_LAG), later));
    assertThat(history.source()).isEqualTo(FundingHistory.Source.STORE_AND_VENUE);
    // The window moved on by two hours: two settlements in, two out.
    assertThat(history.points()).hasSize(8 * 24);
    assertThat(history.points().get(history.points().size() - 1).at())
        .isEqualTo(Instant.parse("2026-11-24T14:00:00Z"));
  }

  @Test
  void a_restart_keeps_the_history_and_what_was_asked() {
    keeper().settled(MARKET, NOW, venue);
    store.close();
    store = Store.open(url());
    venue.asked.clear();

    FundingHistory history = keeper().settled(MARKET, NOW.plus(Duration.ofMinutes(10)), venue);

    assertThat(venue.asked)
        .containsExactly(
            new TimeRange(
                NOW.minus(FundingHistoryKeeper.DEFAULT_SETTLEMENT_LAG),
                NOW.plus(Duration.ofMinutes(10))));
    assertThat(history.points()).hasSize(8 * 24);
  }

  @Test
  void a_window_the_store_wholly_holds_is_not_asked_again() {
    FundingHistoryKeeper keeper =
        new FundingHistoryKeeper(
            store, HISTORY, Duration.ZERO, FundingHistoryKeeper.DEFAULT_SAMPLE_SPACING);
    List<FundingPoint> first = keeper.settled(MARKET, NOW, venue).points();

    FundingHistory again = keeper.settled(MARKET, NOW, venue);

    assertThat(venue.asked).hasSize(1);
    assertThat(again.source()).isEqualTo(FundingHistory.Source.STORE);
    assertThat(again.points()).isEqualTo(first);
  }

  @Test
  void a_venue_failing_for_the_gap_leaves_the_stored_history_and_says_why() {
    keeper().settled(MARKET, NOW, venue);
    venue.failing = Optional.of(new ReadFailure.Unavailable("hl: HTTP 503"));

    FundingHistory history = keeper().settled(MARKET, NOW.plus(Duration.ofHours(1)), venue);

    assertThat(history.source()).isEqualTo(FundingHistory.Source.STORE);
    assertThat(history.problem()).contains("unavailable: hl: HTTP 503");
    assertThat(history.points()).hasSize(8 * 24 - 1);
    // Nothing is recorded as asked for the failed range: the next cycle asks for it again.
    assertThat(store.fetched(MARKET, NOW.minus(HISTORY), NOW.plus(Duration.ofHours(1))))
        .containsExactly(
            new TimeRange(
                NOW.minus(HISTORY), NOW.minus(FundingHistoryKeeper.DEFAULT_SETTLEMENT_LAG)));
  }

  @Test
  void a_store_another_writer_holds_still_gives_the_venues_points_and_says_why()
      throws SQLException {
    store.close();
    store =
        Store.open(
            StoreSettings.of(url()).withBusyTimeout(Duration.ofMillis(50)), Clock.systemUTC());
    try (Connection other = DriverManager.getConnection(url());
        Statement s = other.createStatement()) {
      s.execute("BEGIN IMMEDIATE");

      FundingHistory history = keeper().settled(MARKET, NOW, venue);

      assertThat(history.points()).hasSize(8 * 24);
      assertThat(history.storeProblem()).hasValueSatisfying(p -> assertThat(p).contains("locked"));
      s.execute("ROLLBACK");
    }
    assertThat(store.history(MARKET, NOW.minus(HISTORY), NOW)).isEmpty();
  }

  @Test
  void an_unreadable_store_falls_back_to_the_venues_whole_window() throws SQLException {
    try (Connection other = DriverManager.getConnection(url());
        Statement s = other.createStatement()) {
      s.execute("DROP TABLE funding_coverage");
    }

    FundingHistory history = keeper().settled(MARKET, NOW, venue);

    assertThat(history.source()).isEqualTo(FundingHistory.Source.VENUE);
    assertThat(history.points()).hasSize(8 * 24);
    assertThat(history.storeProblem()).hasValueSatisfying(p -> assertThat(p).isNotBlank());
    assertThat(venue.asked).containsExactly(new TimeRange(NOW.minus(HISTORY), NOW));
  }

  @Test
  void without_a_store_settled_history_is_the_venues_and_sampled_markets_have_none() {
    FundingHistoryKeeper keeper = FundingHistoryKeeper.withoutStore("cannot open x.db", HISTORY);

    FundingHistory settled = keeper.settled(MARKET, NOW, venue);
    assertThat(settled.source()).isEqualTo(FundingHistory.Source.VENUE);
    assertThat(settled.points()).hasSize(8 * 24);
    assertThat(venue.asked).containsExactly(new TimeRange(NOW.minus(HISTORY), NOW));

    FundingHistory sampled = keeper.sampled(MARKET, snapshot(NOW, "0.00001"));
    assertThat(sampled.source()).isEqualTo(FundingHistory.Source.NONE);
    assertThat(sampled.points()).isEmpty();
    assertThat(sampled.problem()).hasValueSatisfying(p -> assertThat(p).contains("x.db"));
  }

  @Test
  void samples_build_a_history_one_spacing_apart() {
    FundingHistoryKeeper keeper = keeper();
    Instant block = Instant.parse("2026-11-24T12:00:07Z");

    assertThat(keeper.sampled(MARKET, snapshot(block, "0.00001")).points()).hasSize(1);
    // The same block, a later block within the hour, an earlier block within the hour: no sample.
    assertThat(keeper.sampled(MARKET, snapshot(block, "0.00001")).points()).hasSize(1);
    assertThat(keeper.sampled(MARKET, snapshot(block.plusSeconds(3599), "0.00002")).points())
        .hasSize(1);
    assertThat(keeper.sampled(MARKET, snapshot(block.minusSeconds(60), "0.00002")).points())
        .isEmpty();
    FundingHistory next = keeper.sampled(MARKET, snapshot(block.plusSeconds(3600), "0.00002"));

    assertThat(next.source()).isEqualTo(FundingHistory.Source.SAMPLES);
    assertThat(next.points())
        .containsExactly(
            new FundingPoint(block, new BigDecimal("0.00001")),
            new FundingPoint(block.plusSeconds(3600), new BigDecimal("0.00002")));
  }

  @Test
  void a_snapshot_without_a_rate_is_not_sampled_and_the_window_ends_at_its_block() {
    FundingHistoryKeeper keeper = keeper();
    keeper.sampled(MARKET, snapshot(NOW.minus(Duration.ofDays(9)), "0.00003"));
    keeper.sampled(MARKET, snapshot(NOW.plus(Duration.ofHours(2)), "0.00003"));

    FundingHistory history = keeper.sampled(MARKET, snapshot(NOW, null));

    // The sample nine days back is out of the window, the one two hours ahead is after the block.
    assertThat(history.points()).isEmpty();
    assertThat(store.history(MARKET, Instant.EPOCH, NOW.plus(Duration.ofDays(1)))).hasSize(2);
  }

  @Test
  void a_sample_is_due_only_a_whole_spacing_from_every_stored_one() {
    Instant at = NOW;
    Duration hour = Duration.ofHours(1);
    FundingPoint before = new FundingPoint(at.minus(hour), BigDecimal.ONE);
    FundingPoint after = new FundingPoint(at.plus(hour), BigDecimal.ONE);
    FundingPoint close = new FundingPoint(at.minusSeconds(3599), BigDecimal.ONE);

    assertThat(FundingHistoryKeeper.dueForSample(List.of(), at, hour)).isTrue();
    assertThat(FundingHistoryKeeper.dueForSample(List.of(before, after), at, hour)).isTrue();
    assertThat(FundingHistoryKeeper.dueForSample(List.of(before, close), at, hour)).isFalse();
    assertThat(
            FundingHistoryKeeper.dueForSample(
                List.of(new FundingPoint(at, BigDecimal.ONE)), at, hour))
        .isFalse();
  }

  @Test
  void only_what_is_older_than_the_settlement_lag_is_trusted() {
    FundingHistoryKeeper keeper = keeper();
    Duration lag = FundingHistoryKeeper.DEFAULT_SETTLEMENT_LAG;

    assertThat(keeper.trusted(new TimeRange(NOW.minus(HISTORY), NOW), NOW))
        .contains(new TimeRange(NOW.minus(HISTORY), NOW.minus(lag)));
    assertThat(keeper.trusted(new TimeRange(NOW.minus(HISTORY), NOW.minusSeconds(3600)), NOW))
        .contains(new TimeRange(NOW.minus(HISTORY), NOW.minusSeconds(3600)));
    assertThat(keeper.trusted(new TimeRange(NOW.minusSeconds(60), NOW), NOW)).isEmpty();
  }

  private static MarketSnapshot snapshot(Instant at, String rateHourly) {
    return new MarketSnapshot(
        "100",
        at,
        Optional.of(new BigDecimal("3000")),
        Optional.of(new BigDecimal("3000")),
        Optional.ofNullable(rateHourly).map(BigDecimal::new),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        MarketStatus.ACTIVE,
        Optional.empty());
  }
}
