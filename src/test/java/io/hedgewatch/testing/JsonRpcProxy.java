package io.hedgewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
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

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final URI upstream;
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
    this.upstream = URI.create(upstreamUrl);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "json-rpc-proxy");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/",
        exchange -> {
          long received = System.nanoTime();
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          httpRequests.incrementAndGet();
          requestBytes.addAndGet(body.length);
          count(body);
          byte[] reply;
          int status;
          if (down) {
            status = 503;
            reply = "proxy is down".getBytes();
          } else {
            long sent = System.nanoTime();
            try {
              HttpResponse<byte[]> response =
                  client.send(
                      HttpRequest.newBuilder(upstream)
                          .header("Content-Type", "application/json")
                          .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                          .build(),
                      HttpResponse.BodyHandlers.ofByteArray());
              status = response.statusCode();
              reply = response.body();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              status = 502;
              reply = new byte[0];
            } catch (IOException e) {
              status = 502;
              reply = new byte[0];
            } finally {
              upstreamNanos.addAndGet(System.nanoTime() - sent);
            }
          }
          responseBytes.addAndGet(reply.length);
          AtomicLong[] kind =
              bytesByRequest.computeIfAbsent(
                  requestKind(body), k -> new AtomicLong[] {new AtomicLong(), new AtomicLong()});
          kind[0].addAndGet(body.length);
          kind[1].addAndGet(reply.length);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply);
          }
          exchangeNanos.addAndGet(System.nanoTime() - received);
        });
    server.start();
  }

  private void count(byte[] body) {
    try {
      JsonNode root = MAPPER.readTree(body);
      if (root.isArray()) {
        for (JsonNode call : root) {
          record(call);
        }
      } else {
        record(root);
      }
    } catch (IOException e) {
      record("<not json>");
    }
  }

  /** A single request's method, or {@code batch}. */
  private static String requestKind(byte[] body) {
    try {
      JsonNode root = MAPPER.readTree(body);
      return root.isArray() ? "batch" : root.path("method").asText("?");
    } catch (IOException e) {
      return "<not json>";
    }
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
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
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

  /** Bytes of the JSON-RPC request bodies received. */
  public long requestBytes() {
    return requestBytes.get();
  }

  /** Bytes of the response bodies sent back. */
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
    Map<String, long[]> out = new java.util.TreeMap<>();
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
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }
}
