package io.hedgewatch.service;

import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.monitor.FeedStatus;
import io.hedgewatch.monitor.MarketReport;
import io.hedgewatch.store.FeedObservation;
import io.hedgewatch.store.MarketObservation;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a cycle's report leaves in the store's observations: each feed read at a block (answer,
 * reference, drift, status) and each market read (its snapshot and status). Feeds whose chain could
 * not be read have no block and leave nothing: an observation is what was seen, never a gap filled.
 * Pure.
 */
final class CycleRecords {

  private CycleRecords() {}

  static List<FeedObservation> feeds(CheckReport report) {
    List<FeedObservation> out = new ArrayList<>();
    for (FeedStatus feed : report.feeds()) {
      if (feed.block().isEmpty()) {
        continue;
      }
      Optional<FeedReading> reading = feed.reading();
      out.add(
          new FeedObservation(
              feed.spec().id(),
              feed.block().get().number(),
              feed.block().get().timestamp(),
              reading.flatMap(CycleRecords::price),
              reading.flatMap(CycleRecords::updatedAt),
              feed.status(),
              feed.reference().flatMap(ReferencePrice::price),
              feed.driftBps()));
    }
    return out;
  }

  static List<MarketObservation> markets(CheckReport report) {
    List<MarketObservation> out = new ArrayList<>();
    for (MarketReport market : report.markets()) {
      market
          .snapshot()
          .asOptional()
          .ifPresent(s -> out.add(MarketObservation.of(market.market().id(), s, market.status())));
    }
    return out;
  }

  private static Optional<BigDecimal> price(FeedReading reading) {
    if (reading instanceof FeedReading.Chainlink c) {
      return Optional.of(c.price());
    }
    if (reading instanceof FeedReading.Pyth p) {
      return Optional.of(p.price().value());
    }
    return Optional.empty();
  }

  private static Optional<Instant> updatedAt(FeedReading reading) {
    if (reading instanceof FeedReading.Chainlink c) {
      return Optional.of(Instant.ofEpochSecond(c.round().updatedAt().longValueExact()));
    }
    if (reading instanceof FeedReading.Pyth p) {
      return Optional.of(p.price().publishedAt());
    }
    return Optional.empty();
  }
}
