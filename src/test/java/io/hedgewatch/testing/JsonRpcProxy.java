package io.hedgewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON-RPC proxy on loopback in front of a real node: counts the HTTP requests and the JSON-RPC
 * methods that pass, the bytes of the request and response bodies (HTTP headers not counted) and
 * the time spent waiting on the upstream node, and can be taken down (answers 503) to test
 * failover. Every test that counts RPC traffic counts it here, outside hedgewatch, so the figure
 * cannot flatter the code under test.
 */
public final class JsonRpcProxy implements AutoCloseable {

  private final LoopbackRpcServer server;
  private final AtomicInteger httpRequests = new AtomicInteger();
  private final Map<String, AtomicInteger> methods = new ConcurrentHashMap<>();
  private final List<String> log = new CopyOnWriteArrayList<>();
  private final List<JsonNode> ethCalls = new CopyOnWriteArrayList<>();
  private final AtomicLong requestBytes = new AtomicLong();
  private final AtomicLong responseBytes = new AtomicLong();
  private final AtomicLong upstreamNanos = new AtomicLong();
  private final AtomicLong exchangeNanos = new AtomicLong();
  private final Map<String, AtomicLong[]> bytesByRequest = new ConcurrentHashMap<>();
  private volatile boolean keepEthCalls;
  private volatile boolean down;

  public JsonRpcProxy(String upstreamUrl) throws IOException {
    server = new LoopbackRpcServer("json-rpc-proxy", upstreamUrl, this::handle);
  }

  private void handle(HttpExchange exchange, byte[] body) throws IOException {
    long received = System.nanoTime();
    httpRequests.incrementAndGet();
    requestBytes.addAndGet(body.length);
    JsonNode root = parse(body);
    count(root);
    LoopbackRpcServer.Reply reply;
    if (down) {
      reply = new LoopbackRpcServer.Reply(503, "proxy is down".getBytes(StandardCharsets.UTF_8));
    } else {
      long sent = System.nanoTime();
      try {
        reply = server.forward(body);
      } finally {
        upstreamNanos.addAndGet(System.nanoTime() - sent);
      }
    }
    responseBytes.addAndGet(reply.body().length);
    AtomicLong[] kind =
        bytesByRequest.computeIfAbsent(
            requestKind(root), k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
    kind[0].addAndGet(body.length);
    kind[1].addAndGet(reply.body().length);
    LoopbackRpcServer.respond(exchange, reply.status(), reply.body());
    exchangeNanos.addAndGet(System.nanoTime() - received);
  }

  private static JsonNode parse(byte[] body) {
    try {
      return LoopbackRpcServer.MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  private void count(JsonNode root) {
    if (root == null) {
      record("<not json>");
    } else if (root.isArray()) {
      for (JsonNode call : root) {
        record(call);
      }
    } else {
      record(root);
    }
  }

  /** A single request's method, or {@code batch}. */
  private static String requestKind(JsonNode root) {
    if (root == null) {
      return "<not json>";
    }
    return root.isArray() ? "batch" : root.path("method").asText("?");
  }

  private void record(JsonNode call) {
    String method = call.path("method").asText("?");
    if (keepEthCalls && method.equals("eth_call")) {
      ethCalls.add(call.path("params"));
    }
    record(method);
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

  public List<String> methodLog() {
    return List.copyOf(log);
  }

  /** Keep the params of every {@code eth_call} that passes, for {@link #ethCallParams()}. */
  public void keepEthCalls(boolean keep) {
    this.keepEthCalls = keep;
  }

  /** The params ({@code [{to, data, ...}, block]}) of the kept {@code eth_call}s, in order. */
  public List<JsonNode> ethCallParams() {
    return List.copyOf(ethCalls);
  }

  /** Bytes of the HTTP request bodies received, as the client sent them. */
  public long requestBytes() {
    return requestBytes.get();
  }

  /** Bytes of the response bodies sent back, the node's or the proxy's own. */
  public long responseBytes() {
    return responseBytes.get();
  }

  /** Total time requests spent waiting on the upstream node (overlapping requests both count). */
  public long upstreamNanos() {
    return upstreamNanos.get();
  }

  /**
   * Total time from a request's body read to its response written: the upstream's time and this
   * proxy's own (counting, forwarding), which the client waits for as its RPC.
   */
  public long exchangeNanos() {
    return exchangeNanos.get();
  }

  /**
   * Request and response body bytes by kind of HTTP request: a single call's method, or {@code
   * batch} for a JSON-RPC batch.
   */
  public Map<String, long[]> bytesByRequest() {
    Map<String, long[]> out = new TreeMap<>();
    bytesByRequest.forEach((k, v) -> out.put(k, new long[] {v[0].get(), v[1].get()}));
    return out;
  }

  public void reset() {
    bytesByRequest.clear();
    exchangeNanos.set(0);
    ethCalls.clear();
    requestBytes.set(0);
    responseBytes.set(0);
    upstreamNanos.set(0);
    httpRequests.set(0);
    methods.clear();
    log.clear();
  }

  @Override
  public void close() {
    server.close();
  }
}
