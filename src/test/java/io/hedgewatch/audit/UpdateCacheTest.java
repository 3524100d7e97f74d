package io.hedgewatch.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.AnswerBounds;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateCacheTest {

  private static final String PROXY = "0x5f4eC3Df9cbd43714FE2740f5E3616155c5b8419";
  private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-11-02T00:00:00Z");

  @TempDir Path dir;

  private static List<FeedUpdate> updates() {
    return List.of(
        new FeedUpdate(
            FROM.plusSeconds(60),
            new BigDecimal("3000.12345678"),
            new BigInteger("300012345678"),
            "18446744073709551617",
            1,
            Optional.empty(),
            true),
        new FeedUpdate(
            FROM.plusSeconds(3_600),
            BigDecimal.ZERO,
            BigInteger.ZERO,
            "18446744073709551618",
            1,
            Optional.empty(),
            false),
        new FeedUpdate(
            FROM.plusSeconds(7_200),
            new BigDecimal("2990.5"),
            new BigInteger("299050000000"),
            "1234:5",
            0,
            Optional.of(new BigDecimal("1.25")),
            true));
  }

  @Test
  void a_window_closed_at_its_block_comes_back_exactly_and_asks_nothing_more() {
    UpdateCache cache = new UpdateCache(dir);
    UpdateCache.Entry entry =
        new UpdateCache.Entry(
            123,
            TO.plusSeconds(5),
            Optional.of(new AnswerBounds(BigInteger.ONE, BigInteger.TEN.pow(20))),
            updates());

    assertThat(cache.write(42161, PROXY, Optional.empty(), FROM, TO, entry)).isTrue();

    Optional<UpdateCache.Entry> read =
        new UpdateCache(dir).read(42161, PROXY, Optional.empty(), FROM, TO);
    assertThat(read).contains(entry);
    assertThat(new UpdateCache(dir).read(42161, PROXY, Optional.empty(), FROM, TO.plusSeconds(1)))
        .as("another window")
        .isEmpty();
    assertThat(new UpdateCache(dir).read(1, PROXY, Optional.empty(), FROM, TO))
        .as("another chain")
        .isEmpty();
  }

  @Test
  void a_window_still_open_at_its_block_is_not_kept() {
    UpdateCache cache = new UpdateCache(dir);
    UpdateCache.Entry open =
        new UpdateCache.Entry(99, TO.minusSeconds(1), Optional.empty(), updates());

    assertThat(cache.write(42161, PROXY, Optional.of("0xab"), FROM, TO, open)).isFalse();
    assertThat(cache.read(42161, PROXY, Optional.of("0xab"), FROM, TO)).isEmpty();
  }

  @Test
  void a_damaged_file_is_named_with_what_to_do() throws Exception {
    UpdateCache cache = new UpdateCache(dir);
    Path file = cache.file(42161, PROXY, Optional.empty(), FROM, TO);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"block\": 1, \"updates\": [");

    assertThatThrownBy(() -> cache.read(42161, PROXY, Optional.empty(), FROM, TO))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("delete the file");
  }
}
