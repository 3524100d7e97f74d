package io.hedgewatch.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A JSON-RPC proxy on loopback in front of a real node that can freeze its head, as a provider
 * whose node stopped syncing does: once {@link #freeze()}d, {@code eth_blockNumber} answers the
 * frozen height, {@code eth_getBlockByNumber} with a tag ({@code latest}, {@code safe}, ...)
 * answers the frozen block, and a block above it is unknown ({@code null}). Every other call passes
 * through unchanged (state reads at {@code latest} still see the node's real head: only the head is
 * frozen, which is what the RPC probe looks at).
 *
 * <p>It can also pretend to follow another fork ({@link #forkFrom(long)}): from a height on, the
 * blocks it returns carry other hashes, as a node on the other side of a reorganisation (or of a
 * chain split) would answer.
 */
public final class FreezableRpcProxy implements AutoCloseable {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> TAGS = Set.of("latest", "pending", "safe", "finalized");

  private final HttpServer server;
  private final HttpClient client = HttpClient.newHttpClient();
  private final URI upstream;
  private volatile Long frozenAt;
  private volatile Long forkedFrom;

  public FreezableRpcProxy(String upstreamUrl) throws IOException {
    this.upstream = URI.create(upstreamUrl);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "freezable-rpc-proxy");
              t.setDaemon(true);
              return t;
            }));
    server.createContext(
        "/",
        exchange -> {
          byte[] body;
          try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
          }
          int status = 200;
          byte[] reply;
          try {
            JsonNode request = MAPPER.readTree(body);
            if (request.isArray()) {
              ArrayNode replies = MAPPER.createArrayNode();
              for (JsonNode call : request) {
                replies.add(answer(call));
              }
              reply = MAPPER.writeValueAsBytes(replies);
            } else {
              reply = MAPPER.writeValueAsBytes(answer(request));
            }
          } catch (IOException e) {
            status = 502;
            reply = new byte[0];
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 502;
            reply = new byte[0];
          }
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, reply.length == 0 ? -1 : reply.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(reply);
          }
        });
    server.start();
  }

  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
  }

  /** Freezes the head at the node's current block; returns that block number. */
  public long freeze() throws IOException, InterruptedException {
    ObjectNode call = MAPPER.createObjectNode();
    call.put("jsonrpc", "2.0");
    call.put("id", 1);
    call.put("method", "eth_blockNumber");
    call.putArray("params");
    long head = Long.parseLong(forward(call).path("result").asText().substring(2), 16);
    frozenAt = head;
    return head;
  }

  public void unfreeze() {
    frozenAt = null;
  }

  /** Blocks at {@code height} and above get hashes of their own, unlike the node's. */
  public void forkFrom(long height) {
    forkedFrom = height;
  }

  public void unfork() {
    forkedFrom = null;
  }

  private JsonNode answer(JsonNode call) throws IOException, InterruptedException {
    JsonNode reply = headAnswer(call);
    Long fork = forkedFrom;
    JsonNode block = reply.path("result");
    if (fork != null
        && "eth_getBlockByNumber".equals(call.path("method").asText())
        && block.isObject()
        && block.path("number").asText("").startsWith("0x")
        && Long.parseLong(block.get("number").asText().substring(2), 16) >= fork) {
      ((ObjectNode) block).put("hash", otherHash(block.path("hash").asText()));
    }
    return reply;
  }

  private static String otherHash(String hash) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(("fork:" + hash).getBytes(StandardCharsets.UTF_8));
      return "0x" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private JsonNode headAnswer(JsonNode call) throws IOException, InterruptedException {
    Long frozen = frozenAt;
    if (frozen == null) {
      return forward(call);
    }
    String method = call.path("method").asText();
    if ("eth_blockNumber".equals(method)) {
      ObjectNode reply = envelope(call);
      reply.put("result", "0x" + Long.toHexString(frozen));
      return reply;
    }
    if ("eth_getBlockByNumber".equals(method)) {
      String tag = call.path("params").path(0).asText();
      long number;
      if (TAGS.contains(tag)) {
        number = frozen;
      } else if (tag.startsWith("0x")) {
        number = Long.parseLong(tag.substring(2), 16);
      } else {
        return forward(call);
      }
      if (number > frozen) {
        ObjectNode reply = envelope(call);
        reply.putNull("result");
        return reply;
      }
      ObjectNode rewritten = call.deepCopy();
      ArrayNode params = rewritten.putArray("params");
      params.add("0x" + Long.toHexString(number));
      params.add(call.path("params").path(1).asBoolean(false));
      return forward(rewritten);
    }
    return forward(call);
  }

  private static ObjectNode envelope(JsonNode call) {
    ObjectNode reply = MAPPER.createObjectNode();
    reply.put("jsonrpc", "2.0");
    reply.set("id", call.get("id"));
    return reply;
  }

  private JsonNode forward(JsonNode call) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(upstream)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(call)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    return MAPPER.readTree(response.body());
  }

  @Override
  public void close() {
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }
}
