package io.hedgewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC proxy on loopback in front of a real node that breaks the way providers and the
 * networks in front of them break, one {@link Fault} at a time, switchable while a monitor runs:
 * dropped connections, 429 with {@code Retry-After}, 5xx, truncated and garbage bodies, batch
 * replies with the wrong ids, a delay on every answer, and a stale node whose head stopped (see
 * {@link #freezeHead()}). The upstream can be swapped ({@link #upstream(String)}), so that a node
 * killed and restarted on another port is still reached through the same URL.
 */
public final class FaultyRpcProxy implements AutoCloseable {

  /** What every request gets until the fault is switched again. */
  public enum Fault {
    /** Forwarded, the node's answer returned as it is. */
    NONE,
    /** The connection is closed without an answer, as a crashed node or a reset would. */
    DROP,
    /** HTTP 429 with {@code Retry-After: 1}, as a provider over its rate limit answers. */
    RATE_LIMITED,
    /** HTTP 503 with a text body, as a load balancer with no healthy node answers. */
    SERVER_ERROR,
    /** The node's answer cut in half: HTTP 200, valid length, JSON that ends mid-way. */
    TRUNCATED,
    /** HTTP 200 with a gateway's HTML error page instead of JSON. */
    GARBAGE,
    /** A batch answered with every id shifted: the replies belong to no request of it. */
    WRONG_BATCH_IDS
  }

  static final String RETRY_AFTER_SECONDS = "1";
  static final String GARBAGE_BODY =
      "<html><head><title>502 Bad Gateway</title></head><body>cloudflare</body></html>";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> TAGS = Set.of("latest", "pending", "safe", "finalized");

  private final HttpServer server;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private volatile URI upstream;
  private volatile Fault fault = Fault.NONE;
  private volatile Duration delay = Duration.ZERO;
  private volatile Long frozenHead;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger faulted = new AtomicInteger();
  private final ExecutorService executor;

  public FaultyRpcProxy(String upstreamUrl) throws IOException {
    this.upstream = URI.create(upstreamUrl);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "faulty-rpc-proxy");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  public void fault(Fault fault) {
    this.fault = fault;
  }

  /** Holds every answer this long before it is sent (zero: none), on top of any fault. */
  public void delay(Duration delay) {
    this.delay = delay;
  }

  /** Sends what follows to another node, e.g. one restarted on another port. */
  public void upstream(String url) {
    this.upstream = URI.create(url);
  }

  /**
   * Makes the node stale at its current head, as one that stopped syncing: {@code eth_blockNumber}
   * answers the frozen height, every block tag ({@code latest}, {@code safe}...) in any call is
   * pinned to it, and a block above it is unknown ({@code null}). Returns the frozen height.
   */
  public long freezeHead() throws IOException, InterruptedException {
    ObjectNode call = MAPPER.createObjectNode();
    call.put("jsonrpc", "2.0");
    call.put("id", 1);
    call.put("method", "eth_blockNumber");
    call.putArray("params");
    JsonNode reply = MAPPER.readTree(send(MAPPER.writeValueAsBytes(call)).body());
    long head = Long.decode(reply.path("result").asText());
    frozenHead = head;
    return head;
  }

  public void unfreezeHead() {
    frozenHead = null;
  }

  /** HTTP requests received, faulted or not. */
  public int requests() {
    return requests.get();
  }

  /** HTTP requests answered with a fault (a delay alone is not one). */
  public int faulted() {
    return faulted.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    requests.incrementAndGet();
    Fault now = fault;
    if (!pause()) {
      exchange.close();
      return;
    }
    if (now != Fault.NONE && now != Fault.WRONG_BATCH_IDS) {
      faulted.incrementAndGet();
    }
    switch (now) {
      case DROP -> {
        // closing before any status line makes the client see the connection end unanswered
        exchange.close();
        return;
      }
      case RATE_LIMITED -> {
        exchange.getResponseHeaders().add("Retry-After", RETRY_AFTER_SECONDS);
        reply(exchange, 429, "{\"error\":\"Too Many Requests\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      case SERVER_ERROR -> {
        reply(exchange, 503, "no healthy upstream".getBytes(StandardCharsets.UTF_8));
        return;
      }
      case GARBAGE -> {
        reply(exchange, 200, GARBAGE_BODY.getBytes(StandardCharsets.UTF_8));
        return;
      }
      default -> {}
    }
    byte[] answer;
    int status;
    try {
      if (frozenHead != null) {
        answer = staleAnswer(body);
        status = 200;
      } else {
        HttpResponse<byte[]> response = send(body);
        status = response.statusCode();
        answer = response.body();
      }
    } catch (IOException e) {
      // the node itself is gone: what a client of a dead node sees is a dropped connection
      exchange.close();
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.close();
      return;
    }
    if (now == Fault.TRUNCATED) {
      answer = Arrays.copyOf(answer, answer.length / 2);
    } else if (now == Fault.WRONG_BATCH_IDS) {
      answer = shiftBatchIds(answer);
    }
    reply(exchange, status, answer);
  }

  /** Waits out the configured delay; false if the proxy is closing. */
  private boolean pause() {
    Duration d = delay;
    if (d.isZero()) {
      return true;
    }
    try {
      new CompletableFuture<Void>().get(d.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  private byte[] shiftBatchIds(byte[] answer) throws IOException {
    JsonNode root = MAPPER.readTree(answer);
    if (root == null || !root.isArray()) {
      return answer;
    }
    faulted.incrementAndGet();
    for (JsonNode element : root) {
      if (element.isObject() && element.path("id").canConvertToLong()) {
        ((ObjectNode) element).put("id", element.get("id").asLong() + 1_000_000);
      }
    }
    return MAPPER.writeValueAsBytes(root);
  }

  private byte[] staleAnswer(byte[] body) throws IOException, InterruptedException {
    JsonNode request = MAPPER.readTree(body);
    if (request.isArray()) {
      ArrayNode replies = MAPPER.createArrayNode();
      for (JsonNode call : request) {
        replies.add(staleCall(call));
      }
      return MAPPER.writeValueAsBytes(replies);
    }
    return MAPPER.writeValueAsBytes(staleCall(request));
  }

  private JsonNode staleCall(JsonNode call) throws IOException, InterruptedException {
    long head = frozenHead;
    String method = call.path("method").asText();
    if ("eth_blockNumber".equals(method)) {
      ObjectNode reply = envelope(call);
      reply.put("result", "0x" + Long.toHexString(head));
      return reply;
    }
    ObjectNode pinned = call.deepCopy();
    JsonNode params = pinned.path("params");
    if (params.isArray()) {
      ArrayNode array = (ArrayNode) params;
      for (int i = 0; i < array.size(); i++) {
        JsonNode p = array.get(i);
        if (p.isTextual() && TAGS.contains(p.asText())) {
          array.set(i, MAPPER.getNodeFactory().textNode("0x" + Long.toHexString(head)));
        } else if (p.isTextual()
            && "eth_getBlockByNumber".equals(method)
            && i == 0
            && p.asText().startsWith("0x")
            && Long.decode(p.asText()) > head) {
          ObjectNode reply = envelope(call);
          reply.putNull("result");
          return reply;
        } else if (p.isObject() && p.has("toBlock") && TAGS.contains(p.get("toBlock").asText())) {
          ((ObjectNode) p).put("toBlock", "0x" + Long.toHexString(head));
        }
      }
    }
    return MAPPER.readTree(send(MAPPER.writeValueAsBytes(pinned)).body());
  }

  private static ObjectNode envelope(JsonNode call) {
    ObjectNode reply = MAPPER.createObjectNode();
    reply.put("jsonrpc", "2.0");
    reply.set("id", call.get("id"));
    return reply;
  }

  private HttpResponse<byte[]> send(byte[] body) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(upstream)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
