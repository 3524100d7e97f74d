package io.hedgewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The plumbing the JSON-RPC test proxies share: an HTTP server on a free loopback port that hands
 * each request body to the proxy, and a client to the upstream node behind it. The proxies decide
 * what to answer; this class only moves bytes.
 */
final class LoopbackRpcServer implements AutoCloseable {

  /** What a proxy does with one request, its body already read. */
  @FunctionalInterface
  interface Handler {
    void handle(HttpExchange exchange, byte[] body) throws IOException;
  }

  /** An upstream answer, or the proxy's own. */
  record Reply(int status, byte[] body) {}

  static final ObjectMapper MAPPER = new ObjectMapper();

  /** Block tags that name a moving head rather than a fixed height. */
  static final Set<String> HEAD_TAGS = Set.of("latest", "pending", "safe", "finalized");

  private final HttpServer server;
  private final ExecutorService executor;
  private final HttpClient client;
  private final Duration requestTimeout;
  private volatile URI upstream;

  /** A server whose upstream calls wait as long as the node takes. */
  LoopbackRpcServer(String threadName, String upstreamUrl, Handler handler) throws IOException {
    this(threadName, upstreamUrl, null, null, handler);
  }

  /**
   * A server whose upstream calls give up after the given timeouts (null: none), so that a dead
   * node fails fast instead of hanging the client's request.
   */
  LoopbackRpcServer(
      String threadName,
      String upstreamUrl,
      Duration connectTimeout,
      Duration requestTimeout,
      Handler handler)
      throws IOException {
    this.upstream = URI.create(upstreamUrl);
    this.requestTimeout = requestTimeout;
    HttpClient.Builder builder = HttpClient.newBuilder();
    if (connectTimeout != null) {
      builder.connectTimeout(connectTimeout);
    }
    this.client = builder.build();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          handler.handle(exchange, body);
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** Sends what follows to another node, e.g. one restarted on another port. */
  void upstream(String url) {
    this.upstream = URI.create(url);
  }

  /** Posts the body to the node; its failures are the caller's to turn into an answer. */
  Reply send(byte[] body) throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(upstream)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (requestTimeout != null) {
      request.timeout(requestTimeout);
    }
    HttpResponse<byte[]> response =
        client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new Reply(response.statusCode(), response.body());
  }

  /** Posts the body to the node; a node that cannot be reached is a 502 with no body. */
  Reply forward(byte[] body) {
    try {
      return send(body);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply(502, new byte[0]);
    } catch (IOException e) {
      return new Reply(502, new byte[0]);
    }
  }

  /** Posts one JSON-RPC call (or batch) to the node and parses its answer. */
  JsonNode call(JsonNode call) throws IOException, InterruptedException {
    return MAPPER.readTree(send(MAPPER.writeValueAsBytes(call)).body());
  }

  /** The node's current block number, asked with eth_blockNumber. */
  long blockNumber() throws IOException, InterruptedException {
    ObjectNode call = MAPPER.createObjectNode();
    call.put("jsonrpc", "2.0");
    call.put("id", 1);
    call.put("method", "eth_blockNumber");
    call.putArray("params");
    return Long.decode(call(call).path("result").asText());
  }

  /** A reply to the call that carries its id and no result yet. */
  static ObjectNode envelope(JsonNode call) {
    ObjectNode reply = MAPPER.createObjectNode();
    reply.put("jsonrpc", "2.0");
    reply.set("id", call.get("id"));
    return reply;
  }

  /** Answers as JSON; an empty body is sent with no Content-Length body at all. */
  static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
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
