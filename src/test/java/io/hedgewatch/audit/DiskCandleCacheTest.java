package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.Candle;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCandleCacheTest {

  private static final VenueMarket KRAKEN_ETH = new VenueMarket("ETHUSD", Pair.of("ETH/USD"));
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static final LocalDate DAY = LocalDate.of(2025, 12, 7);

  @Test
  void aStoredDayReadsBackWithItsServedPartAndExactCloses(@TempDir Path dir) {
    DiskCandleCache cache = new DiskCandleCache(dir);
    Instant open = Instant.parse("2025-12-07T22:21:00Z");
    CandleCache.Day day =
        new CandleCache.Day(
            open,
            Instant.parse("2025-12-08T00:00:00Z"),
            List.of(
                new Candle(open, open.plus(MINUTE), new BigDecimal("3100.10")),
                new Candle(
                    open.plus(MINUTE), open.plus(MINUTE.multipliedBy(2)), new BigDecimal("3099"))));

    assertThat(cache.read(ReferenceVenue.KRAKEN, KRAKEN_ETH, MINUTE, DAY)).isEmpty();
    cache.write(ReferenceVenue.KRAKEN, KRAKEN_ETH, MINUTE, DAY, day);

    assertThat(dir.resolve("kraken/ETHUSD/1m/2025-12-07.jsonl")).isRegularFile();
    assertThat(cache.read(ReferenceVenue.KRAKEN, KRAKEN_ETH, MINUTE, DAY)).contains(day);
  }

  @Test
  void aDamagedFileIsReportedWithItsPathAndLine(@TempDir Path dir) throws Exception {
    DiskCandleCache cache = new DiskCandleCache(dir);
    Path file = dir.resolve("kraken/ETHUSD/1m/2025-12-07.jsonl");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "{\"from\":\"2025-12-07T00:00:00Z\",\"to\":\"2025-12-08T00:00:00Z\"}\n"
            + "{\"open\":\"2025-12-07T00:00:00Z\",\"close\":\"abc\"}\n");

    assertThatThrownBy(() -> cache.read(ReferenceVenue.KRAKEN, KRAKEN_ETH, MINUTE, DAY))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 2")
        .hasMessageContaining("delete the file to refetch");
  }
}
