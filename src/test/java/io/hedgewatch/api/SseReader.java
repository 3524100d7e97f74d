package io.hedgewatch.api;

import java.io.EOFException;
import java.io.IOException;
import okhttp3.Response;
import okio.BufferedSource;

/** Reads a {@code text/event-stream} as a browser's EventSource would, message by message. */
final class SseReader implements AutoCloseable {

  record Message(String id, String event, String data) {}

  private final Response response;
  private final BufferedSource source;

  SseReader(Response response) {
    this.response = response;
    this.source = response.body().source();
  }

  /** The next event, skipping comments. */
  Message next() throws IOException {
    while (true) {
      Object block = block();
      if (block instanceof Message message) {
        return message;
      }
    }
  }

  /** Reads until the comment {@code text}; fails if an event comes first. */
  void awaitComment(String text) throws IOException {
    while (true) {
      Object block = block();
      if (block instanceof Message message) {
        throw new AssertionError("expected the comment '" + text + "', got " + message);
      }
      if (block.equals(text)) {
        return;
      }
    }
  }

  /** Whether the server has ended the stream (the next read finds its end). */
  boolean ended() throws IOException {
    return source.exhausted();
  }

  /** One blank-line-terminated block: a Message, or a comment's text. */
  private Object block() throws IOException {
    String id = null;
    String event = null;
    StringBuilder data = null;
    String comment = null;
    while (true) {
      String line = source.readUtf8Line();
      if (line == null) {
        throw new EOFException("the stream ended");
      }
      if (line.isEmpty()) {
        if (id != null || event != null || data != null) {
          return new Message(id, event, data == null ? null : data.toString());
        }
        if (comment != null) {
          return comment;
        }
        continue;
      }
      if (line.startsWith(":")) {
        comment = line.substring(1).strip();
      } else if (line.startsWith("id: ")) {
        id = line.substring(4);
      } else if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ")) {
        data = data == null ? new StringBuilder() : data.append('\n');
        data.append(line.substring(6));
      } else {
        throw new AssertionError("not an SSE line: " + line);
      }
    }
  }

  @Override
  public void close() {
    response.close();
  }
}
