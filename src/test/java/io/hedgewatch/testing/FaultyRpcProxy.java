package io.hedgewatch.testing;

import static io.hedgewatch.testing.LoopbackRpcServer.HEAD_TAGS;
import static io.hedgewatch.testing.LoopbackRpcServer.MAPPER;
import static io.hedgewatch.testing.LoopbackRpcServer.envelope;
import static io.hedgewatch.testing.LoopbackRpcServer.respond;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
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

  private final LoopbackRpcServer server;
  private volatile Fault fault = Fault.NONE;
  private volatile Duration delay = Duration.ZERO;
  private volatile Long frozenHead;
  private final AtomicInteger requests = new AtomicInteger();
  private final AtomicInteger faulted = new AtomicInteger();

  public FaultyRpcProxy(String upstreamUrl) throws IOException {
    // timeouts: a killed node must look like a dropped connection soon, not hang the client
    server =
        new LoopbackRpcServer(
            "faulty-rpc-proxy",
            upstreamUrl,
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            this::handle);
  }

  public String url() {
    return server.url();
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
    server.upstream(url);
  }

  /**
   * Makes the node stale at its current head, as one that stopped syncing: {@code eth_blockNumber}
   * answers the frozen height, every block tag ({@code latest}, {@code safe}...) in any call is
   * pinned to it, and a block above it is unknown ({@code null}). Returns the frozen height.
   */
  public long freezeHead() throws IOException, InterruptedException {
    long head = server.blockNumber();
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

  private void handle(HttpExchange exchange, byte[] body) throws IOException {
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
        respond(
            exchange, 429, "{\"error\":\"Too Many Requests\"}".getBytes(StandardCharsets.UTF_8));
        return;
      }
      case SERVER_ERROR -> {
        respond(exchange, 503, "no healthy upstream".getBytes(StandardCharsets.UTF_8));
        return;
      }
      case GARBAGE -> {
        respond(exchange, 200, GARBAGE_BODY.getBytes(StandardCharsets.UTF_8));
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
        LoopbackRpcServer.Reply reply = server.send(body);
        status = reply.status();
        answer = reply.body();
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
    respond(exchange, status, answer);
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
        if (p.isTextual() && HEAD_TAGS.contains(p.asText())) {
          array.set(i, MAPPER.getNodeFactory().textNode("0x" + Long.toHexString(head)));
        } else if (p.isTextual()
            && "eth_getBlockByNumber".equals(method)
            && i == 0
            && p.asText().startsWith("0x")
            && Long.decode(p.asText()) > head) {
          ObjectNode reply = envelope(call);
          reply.putNull("result");
          return reply;
        } else if (p.isObject()
            && p.has("toBlock")
            && HEAD_TAGS.contains(p.get("toBlock").asText())) {
          ((ObjectNode) p).put("toBlock", "0x" + Long.toHexString(head));
        }
      }
    }
    return server.call(pinned);
  }

  @Override
  public void close() {
    server.close();
  }
}
