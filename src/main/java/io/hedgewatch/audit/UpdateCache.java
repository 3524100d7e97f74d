package io.hedgewatch.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.domain.AnswerBounds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The on-chain updates of an audited window, kept on disk so that auditing the same window again
 * asks the chain nothing. Only a window that had closed at the block it was read at is kept: its
 * rounds can no longer change (short of a reorg that deep), so a later run may trust them.
 *
 * <p>One JSON file per feed and window: {@code <dir>/updates/<chainId>/<address>[-<priceId>]/
 * <from>_<to>.json} (epoch seconds), written to a temporary name and moved into place.
 */
public final class UpdateCache {

  /** What was read, at which block, with the aggregator's bounds at that block (Chainlink). */
  public record Entry(
      long block, Instant blockTime, Optional<AnswerBounds> bounds, List<FeedUpdate> updates) {
    public Entry {
      Objects.requireNonNull(blockTime, "blockTime");
      Objects.requireNonNull(bounds, "bounds");
      updates = List.copyOf(updates);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;

  public UpdateCache(Path dir) {
    this.dir = Objects.requireNonNull(dir, "dir");
  }

  /** The kept updates of the window, when a run read it after it had closed. */
  public Optional<Entry> read(
      long chainId, String address, Optional<String> priceId, Instant from, Instant to) {
    Path file = file(chainId, address, priceId, from, to);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cached rounds " + file, e);
    }
    Entry entry;
    try {
      entry = parse(JSON.readTree(text));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "the cached rounds "
              + file
              + " are damaged ("
              + e.getMessage()
              + "); delete the file to read the window again",
          e);
    }
    return entry.blockTime().isBefore(to) ? Optional.empty() : Optional.of(entry);
  }

  /** Keeps {@code entry} when the window had closed at its block; a window still open is not. */
  public boolean write(
      long chainId,
      String address,
      Optional<String> priceId,
      Instant from,
      Instant to,
      Entry entry) {
    if (entry.blockTime().isBefore(to)) {
      return false;
    }
    Path file = file(chainId, address, priceId, from, to);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "rounds", ".tmp");
      Files.writeString(tmp, JSON.writeValueAsString(render(entry)), StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cached rounds " + file, e);
    }
    return true;
  }

  Path file(long chainId, String address, Optional<String> priceId, Instant from, Instant to) {
    String feed =
        address.toLowerCase(Locale.ROOT)
            + priceId.map(id -> "-" + id.toLowerCase(Locale.ROOT)).orElse("");
    return dir.resolve("updates")
        .resolve(Long.toString(chainId))
        .resolve(feed)
        .resolve(from.getEpochSecond() + "_" + to.getEpochSecond() + ".json");
  }

  private static ObjectNode render(Entry entry) {
    ObjectNode root = JSON.createObjectNode();
    root.put("block", entry.block());
    root.put("blockTime", entry.blockTime().getEpochSecond());
    entry
        .bounds()
        .ifPresent(
            b -> {
              ObjectNode bounds = root.putObject("bounds");
              bounds.put("min", b.minAnswer().toString());
              bounds.put("max", b.maxAnswer().toString());
            });
    ArrayNode updates = root.putArray("updates");
    for (FeedUpdate u : entry.updates()) {
      ObjectNode n = updates.addObject();
      n.put("at", u.at().getEpochSecond());
      n.put("price", u.price().toPlainString());
      n.put("raw", u.raw().toString());
      n.put("id", u.id());
      n.put("phase", u.phaseId());
      u.confidence().ifPresent(c -> n.put("confidence", c.toPlainString()));
      n.put("complete", u.complete());
    }
    return root;
  }

  private static Entry parse(JsonNode root) {
    Optional<AnswerBounds> bounds =
        root.hasNonNull("bounds")
            ? Optional.of(
                new AnswerBounds(
                    new BigInteger(required(root.get("bounds"), "min").asText()),
                    new BigInteger(required(root.get("bounds"), "max").asText())))
            : Optional.empty();
    List<FeedUpdate> updates = new ArrayList<>();
    for (JsonNode n : required(root, "updates")) {
      updates.add(
          new FeedUpdate(
              Instant.ofEpochSecond(required(n, "at").asLong()),
              new BigDecimal(required(n, "price").asText()),
              new BigInteger(required(n, "raw").asText()),
              required(n, "id").asText(),
              required(n, "phase").asInt(),
              n.hasNonNull("confidence")
                  ? Optional.of(new BigDecimal(n.get("confidence").asText()))
                  : Optional.empty(),
              required(n, "complete").asBoolean()));
    }
    return new Entry(
        required(root, "block").asLong(),
        Instant.ofEpochSecond(required(root, "blockTime").asLong()),
        bounds,
        updates);
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("no " + field);
    }
    return value;
  }
}
