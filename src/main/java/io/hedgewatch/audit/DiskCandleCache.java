package io.hedgewatch.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.domain.Candle;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.reference.CandleIntervals;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link CandleCache} in a directory: one JSON-lines file per venue, market, interval and UTC
 * day, {@code <dir>/<venue>/<symbol>/<interval>/<yyyy-mm-dd>.jsonl}. The first line says which part
 * of the day the venue served ({@code {"from":…,"to":…}}), each further line is one candle ({@code
 * {"open":…,"close":"…"}}). A file is written to a temporary name and moved into place, so an
 * interrupted run leaves whole days or none; a file that cannot be read is reported with its path
 * rather than silently refetched.
 */
public final class DiskCandleCache implements CandleCache {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public DiskCandleCache(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  public Path dir() {
    return dir;
  }

  Path file(ReferenceVenue venue, VenueMarket market, Duration interval, LocalDate day) {
    String symbol = market.nativeSymbol().replaceAll("[^A-Za-z0-9._-]", "_");
    return dir.resolve(venue.configName())
        .resolve(symbol)
        .resolve(CandleIntervals.label(interval))
        .resolve(day + ".jsonl");
  }

  /**
   * @throws UncheckedIOException when the file exists but cannot be read
   * @throws IllegalStateException when the file is not a cached day, naming the file and line
   */
  @Override
  public Optional<Day> read(
      ReferenceVenue venue, VenueMarket market, Duration interval, LocalDate day) {
    Path file = file(venue, market, interval, day);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cached candles " + file, e);
    }
    int n = 0;
    try {
      if (lines.isEmpty()) {
        throw new IllegalArgumentException("the file is empty");
      }
      JsonNode head = JSON.readTree(lines.get(0));
      Instant from = Instant.parse(head.path("from").asText());
      Instant to = Instant.parse(head.path("to").asText());
      List<Candle> candles = new ArrayList<>();
      for (n = 1; n < lines.size(); n++) {
        if (lines.get(n).isBlank()) {
          continue;
        }
        JsonNode row = JSON.readTree(lines.get(n));
        Instant open = Instant.parse(row.path("open").asText());
        candles.add(
            new Candle(open, open.plus(interval), new BigDecimal(row.path("close").asText())));
      }
      return Optional.of(new Day(from, to, candles));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "cached candles "
              + file
              + " line "
              + (n + 1)
              + " unreadable (delete the file to refetch): "
              + e.getMessage(),
          e);
    }
  }

  @Override
  public void write(
      ReferenceVenue venue, VenueMarket market, Duration interval, LocalDate day, Day read) {
    Path file = file(venue, market, interval, day);
    StringBuilder text = new StringBuilder();
    ObjectNode head = JSON.createObjectNode();
    head.put("from", read.from().toString());
    head.put("to", read.to().toString());
    text.append(head).append('\n');
    for (Candle c : read.candles()) {
      ObjectNode row = JSON.createObjectNode();
      row.put("open", c.openTime().toString());
      row.put("close", c.close().toPlainString());
      text.append(row).append('\n');
    }
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), day.toString(), ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cached candles " + file, e);
    }
  }
}
