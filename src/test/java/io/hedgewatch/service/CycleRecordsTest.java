package io.hedgewatch.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.ChainlinkRound;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.monitor.FeedStatus;
import io.hedgewatch.store.FeedObservation;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CycleRecordsTest {

  private static final Instant BLOCK_TIME = Instant.parse("2026-11-25T06:00:00Z");

  @Test
  void a_read_feed_leaves_its_answer_at_its_block_and_an_unread_one_leaves_nothing() {
    FeedSpec spec = spec("eth-usd");
    FeedReading.Chainlink reading =
        new FeedReading.Chainlink(
            "eth-usd",
            8,
            new ChainlinkRound(
                BigInteger.valueOf(7),
                BigInteger.valueOf(302_050_000_000L),
                BigInteger.valueOf(BLOCK_TIME.getEpochSecond() - 60),
                BigInteger.valueOf(BLOCK_TIME.getEpochSecond() - 60),
                BigInteger.valueOf(7)),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    FeedStatus read =
        new FeedStatus(
            spec,
            Optional.of(reading),
            Optional.of(new BlockRef(42, BLOCK_TIME)),
            Optional.empty(),
            Optional.of(68.5),
            Severity.WARNING);
    FeedStatus unread =
        new FeedStatus(
            spec("btc-usd"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Severity.UNKNOWN);
    CheckReport report =
        new CheckReport(
            BLOCK_TIME,
            Severity.WARNING,
            List.of(),
            List.of(read, unread),
            List.of(),
            List.of(),
            List.of());
    List<FeedObservation> kept = CycleRecords.feeds(report);
    assertThat(kept).hasSize(1);
    FeedObservation o = kept.get(0);
    assertThat(o.feedId()).isEqualTo("eth-usd");
    assertThat(o.block()).isEqualTo(42);
    assertThat(o.at()).isEqualTo(BLOCK_TIME);
    assertThat(o.price()).contains(new BigDecimal("3020.50000000"));
    assertThat(o.updatedAt()).contains(BLOCK_TIME.minusSeconds(60));
    assertThat(o.driftBps()).contains(68.5);
    assertThat(o.referencePrice()).isEmpty();
    assertThat(o.status()).isEqualTo(Severity.WARNING);
  }

  private static FeedSpec spec(String id) {
    return new FeedSpec(
        id,
        "devnet",
        io.hedgewatch.domain.FeedType.CHAINLINK,
        "0x0000000000000000000000000000000000000001",
        Optional.empty(),
        java.time.Duration.ofHours(1),
        new BigDecimal("0.005"),
        io.hedgewatch.domain.MarketHours.CRYPTO,
        Optional.empty());
  }
}
