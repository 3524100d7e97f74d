package io.hedgewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON-RPC proxy on loopback in front of a real node: counts the HTTP requests and the JSON-RPC
 * methods that pass, and can be taken down (answers 503) to test failover. Every test that counts
 * RPC traffic counts it here, outside hedgewatch, so the figure cannot flatter the code under test.
 */
public final class JsonRpcProxy implements AutoCloseable {

  private final LoopbackRpcServer server;
  private final AtomicInteger httpRequests = new AtomicInteger();
  private final AtomicLong requestBytes = new AtomicLong();
  private final AtomicLong replyBytes = new AtomicLong();
  private final Map<String, AtomicInteger> methods = new ConcurrentHashMap<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private volatile boolean down;

  public JsonRpcProxy(String upstreamUrl) throws IOException {
    server = new LoopbackRpcServer("json-rpc-proxy", upstreamUrl, this::handle);
  }

  private void handle(HttpExchange exchange, byte[] body) throws IOException {
    httpRequests.incrementAndGet();
    requestBytes.addAndGet(body.length);
    count(body);
    LoopbackRpcServer.Reply reply =
        down
            ? new LoopbackRpcServer.Reply(503, "proxy is down".getBytes(StandardCharsets.UTF_8))
            : server.forward(body);
    replyBytes.addAndGet(reply.body().length);
    LoopbackRpcServer.respond(exchange, reply.status(), reply.body());
  }

  private void count(byte[] body) {
    try {
      JsonNode root = LoopbackRpcServer.MAPPER.readTree(body);
      if (root.isArray()) {
        for (JsonNode call : root) {
          record(call.path("method").asText("?"));
        }
      } else {
        record(root.path("method").asText("?"));
      }
    } catch (IOException e) {
      record("<not json>");
    }
  }

  private void record(String method) {
    methods.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
    log.add(method);
  }

  public String url() {
    return server.url();
  }

  public void setDown(boolean down) {
    this.down = down;
  }

  public int httpRequests() {
    return httpRequests.get();
  }

  public int calls(String method) {
    AtomicInteger n = methods.get(method);
    return n == null ? 0 : n.get();
  }

  public int totalCalls() {
    return methods.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Bytes of the HTTP request bodies received, as the client sent them (headers not counted). */
  public long requestBytes() {
    return requestBytes.get();
  }

  /**
   * Bytes of the HTTP reply bodies sent back, the node's or the proxy's own (headers not counted).
   */
  public long replyBytes() {
    return replyBytes.get();
  }

  public List<String> methodLog() {
    return List.copyOf(log);
  }

  public void reset() {
    httpRequests.set(0);
    requestBytes.set(0);
    replyBytes.set(0);
    methods.clear();
    log.clear();
  }

  @Override
  public void close() {
    server.close();
  }
}
