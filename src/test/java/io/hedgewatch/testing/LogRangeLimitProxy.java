package io.hedgewatch.testing;

import static io.hedgewatch.testing.LoopbackRpcServer.MAPPER;
import static io.hedgewatch.testing.LoopbackRpcServer.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JSON-RPC proxy on loopback in front of a real node that refuses {@code eth_getLogs} over more
 * than {@code maxBlocks} blocks, as hosted providers do, with one of their real error shapes; it
 * records every eth_getLogs range it was asked for and counts the refusals.
 */
public final class LogRangeLimitProxy implements AutoCloseable {

  /** Refusals as providers send them (JSON-RPC error code and message). */
  public enum Refusal {
    /** geth's and Infura's result-count limit. */
    INFURA_RESULTS(-32005, "query returned more than 10000 results"),
    /** Alchemy's response-size limit, with its advice. */
    ALCHEMY(
        -32602,
        "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range"
            + " and no limit on the response size, or you can request any block range with a cap"
            + " of 10K logs in the response."),
    /** Infura's block-range limit ({@code range N exceeds limit of M}). */
    INFURA_RANGE(-32602, "range %d exceeds limit of %d");

    final int code;
    final String message;

    Refusal(int code, String message) {
      this.code = code;
      this.message = message;
    }
  }

  /** One eth_getLogs request: its block range, both ends inclusive. */
  public record Range(long from, long to) {
    public long blocks() {
      return to - from + 1;
    }
  }

  private final LoopbackRpcServer server;
  private final long maxBlocks;
  private final Refusal refusal;
  private final List<Range> ranges = new CopyOnWriteArrayList<>();
  private final AtomicInteger refused = new AtomicInteger();

  public LogRangeLimitProxy(String upstreamUrl, long maxBlocks, Refusal refusal)
      throws IOException {
    this.maxBlocks = maxBlocks;
    this.refusal = refusal;
    server = new LoopbackRpcServer("log-range-limit-proxy", upstreamUrl, this::handle);
  }

  private void handle(HttpExchange exchange, byte[] body) throws IOException {
    byte[] refusing = refuse(body);
    LoopbackRpcServer.Reply reply =
        refusing == null ? server.forward(body) : new LoopbackRpcServer.Reply(200, refusing);
    LoopbackRpcServer.respond(exchange, reply.status(), reply.body());
  }

  /** The refusal for an eth_getLogs over too many blocks; null to forward the request. */
  private byte[] refuse(byte[] body) throws IOException {
    JsonNode root = MAPPER.readTree(body);
    if (root == null || !root.isObject() || !"eth_getLogs".equals(root.path("method").asText())) {
      return null;
    }
    JsonNode filter = root.path("params").path(0);
    Range range = new Range(block(filter.path("fromBlock")), block(filter.path("toBlock")));
    ranges.add(range);
    if (range.blocks() <= maxBlocks) {
      return null;
    }
    refused.incrementAndGet();
    ObjectNode reply = envelope(root);
    ObjectNode error = reply.putObject("error");
    error.put("code", refusal.code);
    error.put("message", String.format(refusal.message, range.blocks(), maxBlocks));
    return MAPPER.writeValueAsBytes(reply);
  }

  private static long block(JsonNode tag) {
    String text = tag.asText("");
    if (!text.startsWith("0x")) {
      throw new IllegalArgumentException("the proxy expects hex block numbers, got " + tag);
    }
    return new BigInteger(text.substring(2), 16).longValueExact();
  }

  public String url() {
    return server.url();
  }

  /** Every eth_getLogs range asked for, refused or not, in order. */
  public List<Range> ranges() {
    return List.copyOf(ranges);
  }

  public int refused() {
    return refused.get();
  }

  @Override
  public void close() {
    server.close();
  }
}
