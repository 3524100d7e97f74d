package io.hedgewatch.delivery;

import io.hedgewatch.config.SinkConfig;
import io.hedgewatch.store.StoredEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends each event's webhook document and a newline to a file, and forces it to the disk before
 * the delivery counts, so that a delivered event survives a crash of the machine. A crash between
 * the write and the outbox's record of it appends the event again on restart: readers deduplicate
 * by {@code id}, as webhook receivers do.
 *
 * <p>The file is opened for every event, so that a log rotation that moves it away is followed
 * without a restart. A line left torn by a crash in the middle of a write is ended before the next
 * one, so every later line stays whole. A missing directory is not created (it is most likely a
 * mistake in the path): the attempt is retried, saying so, until someone creates it or the delivery
 * is dead-lettered.
 */
public final class JsonlSink implements AlertSink {

  private final String name;
  private final Path path;

  public JsonlSink(SinkConfig.Jsonl config) {
    this.name = config.name();
    this.path = config.path().toAbsolutePath();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DeliveryOutcome deliver(StoredEvent event) {
    Path directory = path.getParent();
    if (directory != null && !Files.isDirectory(directory)) {
      return DeliveryOutcome.retry("directory " + directory + " does not exist");
    }
    byte[] line = (event.body() + "\n").getBytes(StandardCharsets.UTF_8);
    boolean created = !Files.exists(path);
    try {
      boolean torn = !created && endsTorn(path);
      try (FileChannel channel =
          FileChannel.open(
              path,
              StandardOpenOption.CREATE,
              StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)) {
        if (torn) {
          writeFully(channel, ByteBuffer.wrap(new byte[] {'\n'}));
        }
        writeFully(channel, ByteBuffer.wrap(line));
        channel.force(true);
      }
    } catch (NoSuchFileException e) {
      return DeliveryOutcome.retry("directory " + directory + " does not exist");
    } catch (AccessDeniedException e) {
      return DeliveryOutcome.retry("no permission to write " + path);
    } catch (IOException e) {
      return DeliveryOutcome.retry("cannot append to " + path + ": " + describe(e));
    }
    if (created && directory != null) {
      forceDirectory(directory);
    }
    return DeliveryOutcome.delivered();
  }

  /** Whether the file's last byte is not a newline: a write cut short by a crash. */
  private static boolean endsTorn(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        return false;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      return channel.read(last, size - 1) == 1 && last.get(0) != '\n';
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /**
   * Makes a new file's directory entry durable too. Not every platform can open a directory (this
   * is best effort; Linux and macOS can), and the data itself is already forced.
   */
  private static void forceDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort: see above
    }
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName()
        + (message == null ? "" : ": " + EventText.oneLine(message));
  }
}
