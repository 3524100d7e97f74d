package io.hedgewatch.chain;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.hedgewatch.support.ResilientHttp;
import io.hedgewatch.support.ThrottledLog;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.protocol.Service;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;

/**
 * web3j transport for one chain that owns failover and batching.
 *
 * <p>Each request is retried on the same endpoint (backoff with full jitter), then sent to the next
 * endpoint in config order, on I/O errors and timeouts, HTTP 408/429/5xx, bodies that are not
 * JSON-RPC, and JSON-RPC errors inside an HTTP 200 other than execution errors (a revert is an
 * answer about the contract, not about the endpoint). Other HTTP statuses (401, 403, 404...) rotate
 * at once. An endpoint that keeps failing is quarantined by a circuit breaker and tried again after
 * {@link RpcRetryPolicy#quarantine()}, so the primary comes back when it recovers.
 *
 * <p>An HTTP 429 with a {@code Retry-After} (seconds or an HTTP date) is not retried on the same
 * endpoint: the endpoint rests for that long, at most {@link #MAX_RETRY_AFTER}, and requests go to
 * the other endpoints meanwhile; a resting endpoint is not asked even when all the others fail. The
 * rest does not count towards the circuit breaker: the endpoint said when to come back.
 *
 * <p>Batches are paired with their replies by JSON-RPC id, not by position: servers may reorder a
 * batch.
 */
public final class FailoverRpcService extends Service {

  private static final Logger LOG = LoggerFactory.getLogger(FailoverRpcService.class);
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final Pattern EXECUTION_ERROR =
      Pattern.compile(
          // anvil says "EVM error OutOfGas"; geth "out of gas" or "gas required exceeds allowance"
          "revert|execution|invalid opcode|out ?of ?gas|gas required exceeds|stack underflow|stack"
              + " overflow",
          Pattern.CASE_INSENSITIVE);

  private final String chain;
  private final List<Endpoint> endpoints;
  private final OkHttpClient http;
  private final RpcStats stats = new RpcStats();
  private final ThrottledLog failureLog = new ThrottledLog(LOG, Duration.ofSeconds(30));

  /**
   * @param label what messages and logs call it ({@link RpcEndpointLabel}): the URL may carry an
   *     API key
   */
  private record Endpoint(
      String url, String label, Retry retry, CircuitBreaker breaker, Rest rest) {}

  /**
   * A longer {@code Retry-After} is taken as this: a misconfigured limiter must not mute a chain.
   */
  static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);

  /** Until when an endpoint that answered 429 with a {@code Retry-After} is left alone. */
  private static final class Rest {
    private volatile long untilNanos;
    private volatile boolean resting;

    void restFor(Duration wait) {
      untilNanos = System.nanoTime() + wait.toNanos();
      resting = true;
    }

    Optional<Duration> left() {
      if (!resting) {
        return Optional.empty();
      }
      long left = untilNanos - System.nanoTime();
      if (left <= 0) {
        resting = false;
        return Optional.empty();
      }
      return Optional.of(Duration.ofNanos(left));
    }
  }

  /** The endpoint answered 429 with a {@code Retry-After}: retrying it now would be ignored. */
  private static final class RateLimitedException extends EndpointRejectedException {
    RateLimitedException(String message) {
      super(message);
    }
  }

  /**
   * Thrown inside one endpoint's attempt for failures that say nothing good will come from retrying
   * there.
   */
  private static class EndpointRejectedException extends IOException {
    EndpointRejectedException(String message) {
      super(message);
    }
  }

  public FailoverRpcService(
      String chain, List<String> urls, Duration requestTimeout, RpcRetryPolicy policy) {
    this(
        chain,
        urls,
        new OkHttpClient.Builder()
            .callTimeout(requestTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .build(),
        policy);
  }

  public FailoverRpcService(
      String chain, List<String> urls, OkHttpClient http, RpcRetryPolicy policy) {
    super(false);
    if (urls.isEmpty()) {
      throw new IllegalArgumentException("chain " + chain + " has no RPC URL");
    }
    this.chain = chain;
    this.http = http;
    RetryConfig retryConfig =
        RetryConfig.custom()
            .maxAttempts(policy.attemptsPerEndpoint())
            .intervalFunction(
                IntervalFunction.ofExponentialRandomBackoff(
                    policy.initialBackoff(), 2.0, 1.0, policy.maxBackoff()))
            .retryExceptions(RetryableRpcException.class)
            .build();
    CircuitBreakerConfig breakerConfig =
        CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(4)
            .minimumNumberOfCalls(2)
            .failureRateThreshold(50)
            .waitDurationInOpenState(policy.quarantine())
            .permittedNumberOfCallsInHalfOpenState(1)
            .recordExceptions(IOException.class)
            .build();
    List<Endpoint> list = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      String name = chain + ".rpc[" + i + "]";
      list.add(
          new Endpoint(
              urls.get(i),
              RpcEndpointLabel.of(i, urls.get(i)),
              Retry.of(name, retryConfig),
              CircuitBreaker.of(name, breakerConfig),
              new Rest()));
    }
    this.endpoints = List.copyOf(list);
  }

  public RpcStats stats() {
    return stats;
  }

  /** How long the endpoint at {@code index} is still left alone after a 429's Retry-After. */
  Optional<Duration> restingFor(int index) {
    return endpoints.get(index).rest().left();
  }

  public List<String> urls() {
    return endpoints.stream().map(Endpoint::url).toList();
  }

  @Override
  protected InputStream performIO(String payload) throws IOException {
    long started = RpcTraffic.exchangeStarted();
    try {
      return send(payload);
    } finally {
      stats.recordWait(System.nanoTime() - started);
      RpcTraffic.exchangeEnded(started);
    }
  }

  private InputStream send(String payload) throws IOException {
    byte[] body = payload.getBytes(StandardCharsets.UTF_8);
    int calls = payload.startsWith("[") ? objectMapper.readTree(payload).size() : 1;
    List<String> failures = new ArrayList<>();
    List<Endpoint> skipped = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      Optional<Duration> resting = endpoint.rest().left();
      if (resting.isPresent()) {
        failures.add(
            endpoint.label()
                + ": rate-limited (HTTP 429), resting "
                + Math.max(1, resting.get().toSeconds())
                + " s more as its Retry-After asked");
        continue;
      }
      if (!endpoint.breaker().tryAcquirePermission()) {
        skipped.add(endpoint);
        continue;
      }
      byte[] reply = attempt(endpoint, body, calls, failures, true);
      if (reply != null) {
        return new ByteArrayInputStream(reply);
      }
    }
    // Every endpoint that was allowed failed: a quarantined one is still better than giving up
    // without asking it.
    for (Endpoint endpoint : skipped) {
      byte[] reply = attempt(endpoint, body, calls, failures, false);
      if (reply != null) {
        return new ByteArrayInputStream(reply);
      }
    }
    stats.recordFailure();
    throw new RpcUnavailableException(chain, failures);
  }

  private byte[] attempt(
      Endpoint endpoint, byte[] body, int calls, List<String> failures, boolean permitted) {
    long start = System.nanoTime();
    try {
      byte[] reply = endpoint.retry().executeCheckedSupplier(() -> exchange(endpoint, body, calls));
      if (permitted) {
        endpoint.breaker().onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      }
      return reply;
    } catch (Throwable e) {
      if (permitted && e instanceof RateLimitedException) {
        endpoint.breaker().releasePermission();
      } else if (permitted) {
        endpoint.breaker().onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
      }
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      failures.add(endpoint.label() + ": " + reason);
      stats.recordFailover();
      failureLog.warn(
          endpoint.label(),
          "RPC endpoint {} of chain {} failed, trying the next: {}",
          endpoint.label(),
          chain,
          reason);
      return null;
    }
  }

  private byte[] exchange(Endpoint endpoint, byte[] body, int calls) throws IOException {
    Request request =
        new Request.Builder().url(endpoint.url()).post(RequestBody.create(body, JSON)).build();
    stats.recordRequest(calls, body.length);
    RpcTraffic.record(chain, endpoint.label(), calls);
    byte[] reply;
    int code;
    String retryAfter;
    Optional<Duration> wait;
    try (Response response = http.newCall(request).execute()) {
      code = response.code();
      retryAfter = response.header("Retry-After");
      wait = ResilientHttp.retryAfter(response.headers(), Instant.now());
      reply = response.body() == null ? new byte[0] : response.body().bytes();
    } catch (IOException e) {
      String what = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new RetryableRpcException("I/O error: " + what, e);
    }
    stats.recordReceived(reply.length);
    if (code == 429 && wait.isPresent() && wait.get().compareTo(Duration.ZERO) > 0) {
      Duration rest = wait.get().compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait.get();
      endpoint.rest().restFor(rest);
      throw new RateLimitedException(
          "HTTP 429 (Retry-After "
              + retryAfter
              + "): left alone for "
              + Math.max(1, rest.toSeconds())
              + " s"
              + snippet(reply));
    }
    if (code == 408 || code == 429 || code >= 500) {
      throw new RetryableRpcException(
          "HTTP "
              + code
              + (retryAfter != null ? " (Retry-After " + retryAfter + ")" : "")
              + snippet(reply));
    }
    if (code < 200 || code >= 300) {
      throw new EndpointRejectedException("HTTP " + code + snippet(reply));
    }
    JsonNode root;
    try {
      root = objectMapper.readTree(reply);
    } catch (IOException e) {
      throw new RetryableRpcException("reply is not JSON" + snippet(reply));
    }
    if (root == null || !(root.isObject() || root.isArray())) {
      throw new RetryableRpcException("reply is not a JSON-RPC object or batch" + snippet(reply));
    }
    if (root.isObject()) {
      JsonNode error = root.get("error");
      if (error != null && !error.isNull() && !isAnswer(error)) {
        throw new RetryableRpcException("JSON-RPC error " + describeError(error));
      }
      if (error == null && !root.has("result")) {
        throw new RetryableRpcException("reply has neither result nor error" + snippet(reply));
      }
    } else {
      int errors = 0;
      JsonNode firstError = null;
      for (JsonNode element : root) {
        JsonNode error = element.get("error");
        if (error != null && !error.isNull() && !isAnswer(error)) {
          errors++;
          firstError = firstError == null ? error : firstError;
        }
      }
      if (root.isEmpty() || errors == root.size()) {
        throw new RetryableRpcException(
            "batch failed: "
                + (firstError == null
                    ? "empty reply"
                    : "JSON-RPC error " + describeError(firstError)));
      }
    }
    return reply;
  }

  /**
   * Errors that answer the request rather than tell of the endpoint: a revert, or a log range the
   * provider refuses as too large (the caller narrows it; retrying the same range cannot help).
   */
  private static boolean isAnswer(JsonNode error) {
    return isExecutionError(error)
        || LogRangeRefusedException.isRefusal(error.path("message").asText(""));
  }

  static boolean isExecutionError(JsonNode error) {
    return isExecutionError(error.path("code").asInt(0), error.path("message").asText(""));
  }

  /**
   * Whether a JSON-RPC error is the EVM's answer (a revert, out of gas) rather than the endpoint's
   * refusal or failure.
   */
  public static boolean isExecutionError(int code, String message) {
    return code == 3 || EXECUTION_ERROR.matcher(message == null ? "" : message).find();
  }

  private static String describeError(JsonNode error) {
    return error.path("code").asText("?") + ": " + error.path("message").asText("");
  }

  private static String snippet(byte[] reply) {
    if (reply.length == 0) {
      return "";
    }
    String text =
        new String(reply, 0, Math.min(reply.length, 160), StandardCharsets.UTF_8)
            .replaceAll("\\s+", " ");
    return ": " + text + (reply.length > 160 ? "..." : "");
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public BatchResponse sendBatch(BatchRequest batchRequest) throws IOException {
    List<org.web3j.protocol.core.Request<?, ? extends org.web3j.protocol.core.Response<?>>>
        requests = batchRequest.getRequests();
    if (requests.isEmpty()) {
      return new BatchResponse(requests, List.of());
    }
    String payload = objectMapper.writeValueAsString(requests);
    JsonNode root;
    try (InputStream in = performIO(payload)) {
      root = objectMapper.readTree(in);
    }
    Map<Long, JsonNode> byId = new HashMap<>();
    for (JsonNode element : root) {
      if (element.hasNonNull("id") && element.get("id").canConvertToLong()) {
        byId.put(element.get("id").asLong(), element);
      }
    }
    List<org.web3j.protocol.core.Response<?>> responses = new ArrayList<>();
    for (org.web3j.protocol.core.Request<?, ? extends org.web3j.protocol.core.Response<?>> request :
        requests) {
      JsonNode node = byId.get(request.getId());
      org.web3j.protocol.core.Response<?> response;
      if (node == null) {
        try {
          response = request.getResponseType().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("cannot instantiate " + request.getResponseType(), e);
        }
        ((org.web3j.protocol.core.Response) response).setId(request.getId());
        response.setError(
            new org.web3j.protocol.core.Response.Error(
                -32099, "the batch reply has no element with id " + request.getId()));
      } else {
        response = objectMapper.treeToValue(node, request.getResponseType());
      }
      responses.add(response);
    }
    return new BatchResponse(requests, responses);
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
