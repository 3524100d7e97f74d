package io.hedgewatch.store;

import static io.hedgewatch.store.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.Severity;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass
@EnumSource(Backend.class)
class ObservationStoreTest {

  @Parameter Backend backend;
  @TempDir Path dir;
  private String url;

  @BeforeEach
  void newDatabase() {
    url = backend.newUrl(dir);
  }

  private Store open() {
    return Store.open(url);
  }

  @Test
  void feed_observations_come_back_exact_inclusive_and_in_order() {
    FeedObservation first = feed("eth-usd", 100, T0, "3000.123456789012345678", Severity.OK);
    FeedObservation unreadable =
        new FeedObservation(
            "eth-usd",
            101,
            T0.plusSeconds(2),
            Optional.empty(),
            Optional.empty(),
            Severity.UNKNOWN);
    FeedObservation third = feed("eth-usd", 102, T0.plusSeconds(4), "1E-30", Severity.WARNING);
    try (Store store = open()) {
      store.recordFeeds(List.of(third, first));
      store.recordFeed(unreadable);
      store.recordFeed(feed("btc-usd", 100, T0, "90000", Severity.OK));

      assertThat(store.feedObservations("eth-usd", T0, T0.plusSeconds(4)))
          .containsExactly(first, unreadable, third);
      assertThat(store.feedObservations("eth-usd", T0.plusSeconds(1), T0.plusSeconds(3)))
          .containsExactly(unreadable);
      assertThat(
              store
                  .feedObservations("eth-usd", T0.plusSeconds(4), T0.plusSeconds(4))
                  .get(0)
                  .price()
                  .get()
                  .scale())
          .isEqualTo(30);
    }
  }

  @Test
  void a_feed_observation_keeps_its_reference_and_drift_exactly() {
    FeedObservation judged =
        new FeedObservation(
            "eth-usd",
            100,
            T0,
            Optional.of(new java.math.BigDecimal("3020.5")),
            Optional.of(T0.minusSeconds(30)),
            Severity.WARNING,
            Optional.of(new java.math.BigDecimal("3000.000000000000000001")),
            Optional.of(68.3333));
    try (Store store = open()) {
      store.recordFeed(judged);
      assertThat(store.feedObservations("eth-usd", T0, T0)).containsExactly(judged);
    }
  }

  @Test
  void the_same_feed_block_recorded_again_keeps_the_latest_judgement() {
    try (Store store = open()) {
      store.recordFeed(feed("eth-usd", 100, T0, "3000", Severity.OK));
      store.recordFeed(feed("eth-usd", 100, T0, "3000", Severity.WARNING));
      assertThat(store.feedObservations("eth-usd", T0, T0))
          .extracting(FeedObservation::status)
          .containsExactly(Severity.WARNING);
    }
  }

  @Test
  void a_market_observation_keeps_the_snapshot_on_its_scales() {
    MarketSnapshot snapshot =
        new MarketSnapshot(
            "ETH",
            T0,
            Optional.of(new BigDecimal("3001.5")),
            Optional.of(new BigDecimal("3000.12")),
            Optional.of(new BigDecimal("0.0000125")),
            Optional.of(Duration.ofHours(1)),
            Optional.of(T0.plusSeconds(3600)),
            Optional.empty(),
            Optional.of(new BigDecimal("0.04")),
            Optional.of(new BigDecimal("1200.5")),
            Optional.of(new BigDecimal("1100.25")),
            Optional.of(new BigDecimal("2300.75")),
            Optional.of(new BigDecimal("5000")),
            Optional.empty(),
            Optional.of(new BigDecimal("100.25")),
            new MarketStatus(false, false, true, false, Optional.of("reduce-only")),
            Optional.empty());
    MarketObservation observed = MarketObservation.of("eth-perp", snapshot, Severity.WARNING);
    MarketObservation later =
        MarketObservation.of(
            "eth-perp",
            new MarketSnapshot(
                "ETH",
                T0.plusSeconds(60),
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
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                MarketStatus.ACTIVE,
                Optional.of("OracleDataRequired")),
            Severity.UNKNOWN);
    try (Store store = open()) {
      store.recordMarkets(List.of(later, observed));
      store.recordMarket(observed);
      assertThat(store.marketObservations("eth-perp", T0, T0.plusSeconds(60)))
          .containsExactly(observed, later);
      assertThat(store.marketObservations("btc-perp", T0, T0.plusSeconds(60))).isEmpty();
    }
  }

  @Test
  void decimals_are_stored_as_text_and_times_as_integers() throws Exception {
    try (Store store = open()) {
      store.recordFeed(feed("eth-usd", 100, T0, "3000.10", Severity.OK));
      store.append("eth-perp", List.of(new FundingPoint(T0, new BigDecimal("0.0000125"))));
    }
    String typeOf = backend == Backend.SQLITE ? "typeof" : "pg_typeof";
    String integer = backend == Backend.SQLITE ? "integer" : "bigint";
    assertThat(
            Backend.query(
                url,
                "SELECT "
                    + typeOf
                    + "(price) || ' ' || price || ' ' || "
                    + typeOf
                    + "(at_ms) || ' ' || at_ms FROM feed_observation"))
        .containsExactly("text 3000.10 " + integer + " " + T0.toEpochMilli());
    assertThat(
            Backend.query(
                url,
                "SELECT " + typeOf + "(rate_hourly) || ' ' || rate_hourly FROM funding_history"))
        .containsExactly("text 0.0000125");
  }

  @Test
  void retention_deletes_only_rows_older_than_the_cutoff() {
    Instant cutoff = T0.plus(Duration.ofDays(10));
    try (Store store = open()) {
      store.saveBaseline(Fixtures.baseline("contract:x", "0xaaaa", 1));
      store.recordFeeds(
          List.of(
              feed("eth-usd", 1, cutoff.minusMillis(1), "1", Severity.OK),
              feed("eth-usd", 2, cutoff, "2", Severity.OK),
              feed("eth-usd", 3, cutoff.plusSeconds(1), "3", Severity.OK)));
      store.recordMarkets(
          List.of(
              market("eth-perp", cutoff.minus(Duration.ofDays(3))), market("eth-perp", cutoff)));
      store.append(
          "eth-perp",
          List.of(
              new FundingPoint(cutoff.minus(Duration.ofHours(1)), BigDecimal.ONE),
              new FundingPoint(cutoff, BigDecimal.TEN)));

      assertThat(store.prune(cutoff)).isEqualTo(new Pruned(1, 1, 1));

      assertThat(store.feedObservations("eth-usd", Instant.EPOCH, cutoff.plusSeconds(9)))
          .extracting(FeedObservation::block)
          .containsExactly(2L, 3L);
      assertThat(store.marketObservations("eth-perp", Instant.EPOCH, cutoff))
          .extracting(MarketObservation::at)
          .containsExactly(cutoff);
      assertThat(store.history("eth-perp", Instant.EPOCH, cutoff))
          .containsExactly(new FundingPoint(cutoff, BigDecimal.TEN));
      assertThat(store.baseline("contract:x", "arbitrum", "0xaaaa")).isPresent();
      assertThat(store.prune(cutoff).total()).isZero();
    }
  }

  @Test
  void apply_retention_measures_the_configured_age_from_the_clock() {
    Instant now = T0.plus(Duration.ofDays(40));
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    StoreSettings settings = StoreSettings.of(url).withRetention(Duration.ofDays(30));
    try (Store store = Store.open(settings, clock)) {
      store.recordFeeds(
          List.of(
              feed("eth-usd", 1, now.minus(Duration.ofDays(31)), "1", Severity.OK),
              feed("eth-usd", 2, now.minus(Duration.ofDays(29)), "2", Severity.OK)));

      assertThat(store.applyRetention()).isEqualTo(new Pruned(1, 0, 0));
      assertThat(store.feedObservations("eth-usd", Instant.EPOCH, now))
          .extracting(FeedObservation::block)
          .containsExactly(2L);
    }
  }

  private static FeedObservation feed(
      String id, long block, Instant at, String price, Severity status) {
    return new FeedObservation(
        id,
        block,
        at,
        Optional.of(new BigDecimal(price)),
        Optional.of(at.minusSeconds(30)),
        status);
  }

  private static MarketObservation market(String id, Instant at) {
    return new MarketObservation(
        id,
        at,
        Optional.of(BigDecimal.ONE),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        MarketStatus.ACTIVE,
        Severity.OK);
  }
}
