package io.hedgewatch.testing;

import static io.hedgewatch.testing.LoopbackRpcServer.HEAD_TAGS;
import static io.hedgewatch.testing.LoopbackRpcServer.MAPPER;
import static io.hedgewatch.testing.LoopbackRpcServer.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

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

  private final LoopbackRpcServer server;
  private volatile Long frozenAt;
  private volatile Long forkedFrom;

  public FreezableRpcProxy(String upstreamUrl) throws IOException {
    server = new LoopbackRpcServer("freezable-rpc-proxy", upstreamUrl, this::handle);
  }

  private void handle(HttpExchange exchange, byte[] body) throws IOException {
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
    LoopbackRpcServer.respond(exchange, status, reply);
  }

  public String url() {
    return server.url();
  }

  /** Freezes the head at the node's current block; returns that block number. */
  public long freeze() throws IOException, InterruptedException {
    long head = server.blockNumber();
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
      return server.call(call);
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
      if (HEAD_TAGS.contains(tag)) {
        number = frozen;
      } else if (tag.startsWith("0x")) {
        number = Long.parseLong(tag.substring(2), 16);
      } else {
        return server.call(call);
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
      return server.call(rewritten);
    }
    return server.call(call);
  }

  @Override
  public void close() {
    server.close();
  }
}
