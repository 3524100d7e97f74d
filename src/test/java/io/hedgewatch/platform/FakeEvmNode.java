package io.hedgewatch.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;

/**
 * A scripted JSON-RPC node for MockWebServer: the handful of methods the platform reader and the
 * endpoint probe use, with replies that can be reordered in a batch or replaced by errors.
 */
final class FakeEvmNode extends Dispatcher {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  volatile long chainId = 42161;
  volatile long head = 1000;
  volatile long headTimestamp = 1_790_000_000L;

  /** Block hash by number; a number absent here gets a hash derived from the number. */
  final Map<Long, String> hashes = new ConcurrentHashMap<>();

  /** address -> slot (as a number) -> 32-byte word. */
  final Map<String, Map<BigInteger, String>> storage = new ConcurrentHashMap<>();

  final Map<String, String> code = new ConcurrentHashMap<>();

  /** "address selector" -> return data, or "revert" for an execution revert. */
  final Map<String, String> calls = new ConcurrentHashMap<>();

  /** method -> JSON-RPC error message, answered with code -32000 (not an execution error). */
  final Map<String, String> failing = new ConcurrentHashMap<>();

  volatile boolean reverseBatches;
  volatile int httpStatus = 200;
  volatile String rawReply;
  volatile long delayMillis;
  final AtomicInteger httpRequests = new AtomicInteger();
  final List<String> methods = new CopyOnWriteArrayList<>();

  void setStorage(String address, String slot, String word) {
    storage
        .computeIfAbsent(address.toLowerCase(Locale.ROOT), a -> new ConcurrentHashMap<>())
        .put(new BigInteger(slot.substring(2), 16), word);
  }

  static String word(String address) {
    return "0x" + "0".repeat(24) + address.substring(2).toLowerCase(Locale.ROOT);
  }

  static String hashOf(long number) {
    return String.format("0x%064x", 0xb10c0000L + number);
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    httpRequests.incrementAndGet();
    if (delayMillis > 0) {
      return answerAll(request)
          .setHeadersDelay(delayMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
    }
    return answerAll(request);
  }

  private MockResponse answerAll(RecordedRequest request) {
    if (httpStatus != 200) {
      return new MockResponse().setResponseCode(httpStatus).setBody("unavailable");
    }
    if (rawReply != null) {
      return new MockResponse().setHeader("Content-Type", "application/json").setBody(rawReply);
    }
    try {
      JsonNode body = MAPPER.readTree(request.getBody().readUtf8());
      String reply;
      if (body.isArray()) {
        List<JsonNode> replies = new ArrayList<>();
        for (JsonNode call : body) {
          replies.add(answer(call));
        }
        if (reverseBatches) {
          Collections.reverse(replies);
        }
        ArrayNode array = MAPPER.createArrayNode();
        replies.forEach(array::add);
        reply = array.toString();
      } else {
        reply = answer(body).toString();
      }
      return new MockResponse().setHeader("Content-Type", "application/json").setBody(reply);
    } catch (IOException e) {
      return new MockResponse().setResponseCode(400);
    }
  }

  private JsonNode answer(JsonNode call) {
    String method = call.path("method").asText();
    methods.add(method);
    ObjectNode reply = MAPPER.createObjectNode();
    reply.put("jsonrpc", "2.0");
    reply.set("id", call.get("id"));
    if (failing.containsKey(method)) {
      ObjectNode error = reply.putObject("error");
      error.put("code", -32000);
      error.put("message", failing.get(method));
      return reply;
    }
    JsonNode params = call.path("params");
    switch (method) {
      case "eth_chainId" -> reply.put("result", "0x" + Long.toHexString(chainId));
      case "eth_blockNumber" -> reply.put("result", "0x" + Long.toHexString(head));
      case "eth_getBlockByNumber" -> {
        String tag = params.path(0).asText();
        long number = "latest".equals(tag) ? head : Long.parseLong(tag.substring(2), 16);
        if (number > head) {
          reply.putNull("result");
        } else {
          ObjectNode block = reply.putObject("result");
          block.put("number", "0x" + Long.toHexString(number));
          block.put("hash", hashes.getOrDefault(number, hashOf(number)));
          block.put("timestamp", "0x" + Long.toHexString(headTimestamp - (head - number) * 2));
        }
      }
      case "eth_getStorageAt" -> {
        String address = params.path(0).asText().toLowerCase(Locale.ROOT);
        BigInteger slot = new BigInteger(params.path(1).asText().substring(2), 16);
        reply.put(
            "result",
            storage.getOrDefault(address, Map.of()).getOrDefault(slot, "0x" + "0".repeat(64)));
      }
      case "eth_getCode" ->
          reply.put(
              "result", code.getOrDefault(params.path(0).asText().toLowerCase(Locale.ROOT), "0x"));
      case "eth_call" -> {
        String to = params.path(0).path("to").asText().toLowerCase(Locale.ROOT);
        String data = params.path(0).path("data").asText(params.path(0).path("input").asText());
        String result = calls.get(to + " " + data.substring(0, 10));
        if ("revert".equals(result)) {
          ObjectNode error = reply.putObject("error");
          error.put("code", 3);
          error.put("message", "execution reverted");
          error.put("data", "0x");
        } else {
          reply.put("result", result == null ? "0x" : result);
        }
      }
      default -> {
        ObjectNode error = reply.putObject("error");
        error.put("code", -32601);
        error.put("message", "method not found: " + method);
      }
    }
    return reply;
  }
}
