package io.hedgewatch.api;

import io.hedgewatch.store.StoredEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One client of {@code GET /api/v1/stream}: alert events in commit order, first those after its
 * {@code Last-Event-ID} from the store, then live ones, with neither a gap nor a duplicate between
 * the two.
 *
 * <p>It subscribes before it reads the store, so that an event committed while the replay runs is
 * either in the replay, or in the buffer, or both; the buffer is then drained skipping every
 * sequence already sent. The listener only appends to the buffer (it runs on the committing
 * thread); the request's own thread writes. A client that falls {@code capacity} events behind is
 * disconnected rather than given a gap: it reconnects with its {@code Last-Event-ID} and is
 * replayed from the store.
 */
final class EventStream implements Consumer<StoredEvent> {

  /** Where the stream is written; an {@link IOException} means the client has gone. */
  interface Client {
    /** Sent once the subscription is in place, before any event. */
    void open() throws IOException;

    void event(StoredEvent event) throws IOException;

    void comment(String text) throws IOException;
  }

  enum End {
    /** The client went away (a write failed). */
    CLIENT_GONE,
    /** The server is closing. */
    CLOSED,
    /** The client did not keep up with the live events. */
    FELL_BEHIND
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<StoredEvent> buffer = new ArrayDeque<>();
  private final int capacity;
  private boolean overflowed;
  private boolean closed;

  EventStream(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException(
          "stream buffer capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** The subscription's listener: never blocks. */
  @Override
  public void accept(StoredEvent event) {
    lock.lock();
    try {
      if (closed || overflowed) {
        return;
      }
      if (buffer.size() >= capacity) {
        // Dropping this one and accepting later ones would be a gap: drop every later one too.
        overflowed = true;
      } else {
        buffer.addLast(event);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Ends {@link #run} at its next step; called from another thread when the server closes. */
  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Streams until the client goes, {@link #close} is called or the client falls behind.
   *
   * @param lastEventId the client's {@code Last-Event-ID}: replay what came after it; empty: live
   *     events only
   * @param heartbeat how long the stream may stay silent before a comment is sent (which is also
   *     how a vanished client is noticed)
   * @param page how many events one read of the store returns at most
   */
  End run(MonitorView view, OptionalLong lastEventId, Client client, Duration heartbeat, int page)
      throws Exception {
    try (AutoCloseable subscription = view.subscribe(this)) {
      try {
        client.open();
        long sent = lastEventId.orElse(Long.MIN_VALUE);
        if (lastEventId.isPresent()) {
          boolean more = true;
          while (more) {
            if (isClosed()) {
              return End.CLOSED;
            }
            List<StoredEvent> events = view.eventsAfter(sent, page);
            long before = sent;
            for (StoredEvent event : events) {
              if (event.sequence() > sent) {
                client.event(event);
                sent = event.sequence();
              }
            }
            // A full page may have more behind it; one that moved nothing on would repeat forever.
            more = events.size() >= page && sent > before;
          }
        }
        while (true) {
          Next next = next(heartbeat.toNanos());
          if (next.end != null) {
            if (next.end == End.FELL_BEHIND) {
              client.comment("fell behind: reconnect with Last-Event-ID " + sent);
            }
            return next.end;
          }
          if (next.event == null) {
            client.comment("heartbeat");
          } else if (next.event.sequence() > sent) {
            client.event(next.event);
            sent = next.event.sequence();
          }
        }
      } catch (IOException gone) {
        return End.CLIENT_GONE;
      }
    }
  }

  private boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /** The next buffered event, or none after {@code nanos} of silence, or the end. */
  private Next next(long nanos) throws InterruptedException {
    lock.lock();
    try {
      long left = nanos;
      while (buffer.isEmpty() && !closed && !overflowed && left > 0) {
        left = changed.awaitNanos(left);
      }
      if (closed) {
        return new Next(null, End.CLOSED);
      }
      if (!buffer.isEmpty()) {
        // What was buffered before an overflow has no gap before it: send it first.
        return new Next(buffer.pollFirst(), null);
      }
      return new Next(null, overflowed ? End.FELL_BEHIND : null);
    } finally {
      lock.unlock();
    }
  }

  private record Next(StoredEvent event, End end) {}
}
