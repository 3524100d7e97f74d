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

  /**
   * How an eth_call without {@code to} is answered: {@code probe} runs {@link CodeOwnerProbe} over
   * the maps above as the EVM would (reverting with the answer), {@code refuse} answers a JSON-RPC
   * error that is no execution error (a node that does not take calls without {@code to}), {@code
   * strip} reverts without data (a node that drops revert data).
   */
  volatile String deployless = "probe";

  /** A probe of more addresses than this fails as out of gas at the node's cap. */
  volatile int probeGasCapAddresses = Integer.MAX_VALUE;

  /** When set, the probe's return data, whatever it was asked. */
  volatile String probeReturn;

  final AtomicInteger probes = new AtomicInteger();

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
        if (to.isEmpty()) {
          probes.incrementAndGet();
          answerProbe(reply, data);
          return reply;
        }
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

  private void answerProbe(ObjectNode reply, String data) {
    String creation = CodeOwnerProbe.get().creationCode();
    if ("refuse".equals(deployless)) {
      ObjectNode error = reply.putObject("error");
      error.put("code", -32602);
      error.put("message", "invalid params: missing value for required argument 'to'");
      return;
    }
    if ("strip".equals(deployless)) {
      reply.putObject("error").put("code", 3).put("message", "execution reverted");
      return;
    }
    if (!data.startsWith(creation)) {
      reply.putObject("error").put("code", 3).put("message", "execution reverted");
      return;
    }
    String args = data.substring(creation.length());
    int n = Integer.parseInt(args.substring(64, 128), 16);
    if (n > probeGasCapAddresses) {
      reply.putObject("error").put("code", -32000).put("message", "EVM error OutOfGas");
      return;
    }
    if (probeReturn != null) {
      revertWith(reply, probeReturn);
      return;
    }
    StringBuilder out = new StringBuilder("0x");
    out.append(String.format("%064x", 32)).append(String.format("%064x", n));
    for (int i = 0; i < n; i++) {
      String address = "0x" + args.substring(128 + 64 * i + 24, 128 + 64 * (i + 1));
      String runtime = code.getOrDefault(address, "0x");
      out.append(
          "0x".equals(runtime) ? "0".repeat(64) : org.web3j.crypto.Hash.sha3(runtime).substring(2));
      String owner = "0x".equals(runtime) ? null : calls.get(address + " 0x8da5cb5b");
      String word = owner == null || "revert".equals(owner) ? "" : owner.substring(2);
      boolean has = word.length() >= 64 && word.substring(0, 24).matches("0{24}");
      out.append(String.format("%064x", has ? 1 : 0))
          .append(has ? word.substring(0, 64) : "0".repeat(64));
    }
    revertWith(reply, out.toString());
  }

  private static void revertWith(ObjectNode reply, String data) {
    ObjectNode error = reply.putObject("error");
    error.put("code", 3);
    error.put("message", "execution reverted");
    error.put("data", data);
  }
}
