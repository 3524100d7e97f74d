package io.hedgewatch.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hedgewatch.chain.RpcEndpointLabel;
import io.hedgewatch.config.ChainConfig;
import io.hedgewatch.domain.RpcProbe;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Asks each RPC endpoint of one chain on its own, bypassing failover (which exists to hide a bad
 * endpoint), what it thinks the chain is: its chain id, its head, and the hashes of the blocks
 * where endpoints are compared. The result feeds {@code rpc.lag} and {@code rpc.disagreement}.
 *
 * <p>Two rounds, each one JSON-RPC batch per endpoint, sent to all endpoints at once: {@code
 * eth_chainId} with {@code eth_getBlockByNumber("latest")}; then {@code eth_getBlockByNumber} at
 * the comparison heights, which depend on every endpoint's head (see {@link
 * RpcProbe#comparisonHeight(long, long, int)}). No retry: an endpoint that fails or does not answer
 * within the probe's timeout ({@link #DEFAULT_TIMEOUT}) is reported {@link RpcProbe.Down} for this
 * probe, which is itself the finding. Replies are paired with requests by id.
 */
public final class EndpointProbe implements AutoCloseable {

  /**
   * Per HTTP request to one endpoint. Shorter than a read's timeout: a head that takes longer to
   * come is as good as no head for this purpose.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String chain;
  private final long chainId;
  private final List<String> urls;
  private final Duration timeout;
  private final OkHttpClient http;
  private final Clock clock;

  public EndpointProbe(String chain, long chainId, List<String> urls) {
    this(chain, chainId, urls, DEFAULT_TIMEOUT, Clock.systemUTC());
  }

  public EndpointProbe(
      String chain, long chainId, List<String> urls, Duration timeout, Clock clock) {
    this.chain = Objects.requireNonNull(chain, "chain");
    this.chainId = chainId;
    this.urls = List.copyOf(urls);
    if (this.urls.isEmpty()) {
      throw new IllegalArgumentException("chain " + chain + " has no RPC URL to probe");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    this.timeout = timeout;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.http =
        new OkHttpClient.Builder()
            .callTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
            .retryOnConnectionFailure(false)
            .build();
  }

  /** A probe of every {@code rpcUrls} entry of a configured chain. */
  public static EndpointProbe of(ChainConfig config) {
    return new EndpointProbe(config.id(), config.chainId(), config.rpcUrls());
  }

  /**
   * Probes every endpoint; block hashes are fetched at the comparison height of each of {@code
   * depths} (blocks below the best head). Never throws for a remote failure.
   */
  public RpcProbe probe(List<Integer> depths) {
    return probeAsync(depths).join();
  }

  /**
   * {@link #probe} without holding a thread while the endpoints answer: the requests run on the
   * HTTP client's own threads, so a check can probe every chain while it reads them. The future
   * never completes exceptionally for a remote failure; close this probe only after it completed.
   */
  public CompletableFuture<RpcProbe> probeAsync(List<Integer> depths) {
    Instant at = clock.instant();
    List<CompletableFuture<RpcProbe.Endpoint>> heads = new ArrayList<>();
    for (int i = 0; i < urls.size(); i++) {
      heads.add(head(i));
    }
    List<Integer> wanted = List.copyOf(depths);
    return CompletableFuture.allOf(heads.toArray(CompletableFuture[]::new))
        .thenCompose(
            done -> {
              List<RpcProbe.Endpoint> endpoints =
                  heads.stream().map(CompletableFuture::join).toList();
              return withHashes(new RpcProbe(chain, chainId, at, endpoints), wanted);
            });
  }

  /** Round two for every live endpoint, once every head is known. */
  private CompletableFuture<RpcProbe> withHashes(RpcProbe first, List<Integer> depths) {
    List<RpcProbe.Up> live = first.live();
    if (live.isEmpty() || depths.isEmpty()) {
      return CompletableFuture.completedFuture(first);
    }
    long best = live.stream().mapToLong(RpcProbe.Up::head).max().getAsLong();
    long lowest = live.stream().mapToLong(RpcProbe.Up::head).min().getAsLong();
    TreeSet<Long> heights = new TreeSet<>();
    for (int depth : depths) {
      heights.add(RpcProbe.comparisonHeight(best, lowest, depth));
    }
    Map<Integer, CompletableFuture<RpcProbe.Up>> withHashes = new HashMap<>();
    for (RpcProbe.Up u : live) {
      withHashes.put(u.index(), hashes(u, List.copyOf(heights)));
    }
    return CompletableFuture.allOf(withHashes.values().toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<RpcProbe.Endpoint> endpoints = new ArrayList<>();
              for (RpcProbe.Endpoint e : first.endpoints()) {
                CompletableFuture<RpcProbe.Up> f = withHashes.get(e.index());
                endpoints.add(f == null ? e : f.join());
              }
              return new RpcProbe(chain, chainId, first.at(), endpoints);
            });
  }

  /** Round one: chain id and latest block. */
  private CompletableFuture<RpcProbe.Endpoint> head(int index) {
    String label = label(index, urls.get(index));
    ArrayNode batch = MAPPER.createArrayNode();
    batch.add(request(1, "eth_chainId"));
    ObjectNode latest = request(2, "eth_getBlockByNumber");
    latest.putArray("params").add("latest").add(false);
    batch.add(latest);
    return post(urls.get(index), batch)
        .thenApply(
            reply -> {
              try {
                Map<Long, JsonNode> byId = byId(reply);
                long id = quantity(result(byId, 1, "eth_chainId"), "eth_chainId");
                JsonNode block = result(byId, 2, "eth_getBlockByNumber(latest)");
                if (!block.isObject()) {
                  throw new IOException("eth_getBlockByNumber(latest) returned no block");
                }
                return (RpcProbe.Endpoint)
                    new RpcProbe.Up(
                        index,
                        label,
                        id,
                        quantity(block.get("number"), "block number"),
                        Instant.ofEpochSecond(quantity(block.get("timestamp"), "block timestamp")),
                        Map.of(),
                        Optional.empty());
              } catch (IOException e) {
                return new RpcProbe.Down(index, label, e.getMessage());
              }
            })
        .exceptionally(e -> new RpcProbe.Down(index, label, describe(e)));
  }

  /** Round two: block hashes at the comparison heights the endpoint has. */
  private CompletableFuture<RpcProbe.Up> hashes(RpcProbe.Up endpoint, List<Long> heights) {
    List<Long> known = heights.stream().filter(h -> h <= endpoint.head()).toList();
    if (known.isEmpty()) {
      return CompletableFuture.completedFuture(endpoint);
    }
    ArrayNode batch = MAPPER.createArrayNode();
    for (int i = 0; i < known.size(); i++) {
      ObjectNode r = request(i + 1, "eth_getBlockByNumber");
      r.putArray("params").add("0x" + Long.toHexString(known.get(i))).add(false);
      batch.add(r);
    }
    return post(urls.get(endpoint.index()), batch)
        .thenApply(
            reply -> {
              Map<Long, String> hashes = new TreeMap<>();
              List<String> problems = new ArrayList<>();
              Map<Long, JsonNode> byId;
              try {
                byId = byId(reply);
              } catch (IOException e) {
                return endpoint.withHashes(Map.of(), Optional.of(e.getMessage()));
              }
              for (int i = 0; i < known.size(); i++) {
                long height = known.get(i);
                try {
                  JsonNode block = result(byId, i + 1, "eth_getBlockByNumber(" + height + ")");
                  if (!block.isObject() || !block.path("hash").isTextual()) {
                    problems.add("no block " + height);
                  } else {
                    hashes.put(height, block.get("hash").asText().toLowerCase(Locale.ROOT));
                  }
                } catch (IOException e) {
                  problems.add(e.getMessage());
                }
              }
              return endpoint.withHashes(
                  hashes,
                  problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems)));
            })
        .exceptionally(
            e ->
                endpoint.withHashes(
                    Map.of(), Optional.of("block hashes unavailable: " + describe(e))));
  }

  private CompletableFuture<JsonNode> post(String url, JsonNode body) {
    CompletableFuture<JsonNode> future = new CompletableFuture<>();
    Request request;
    try {
      request =
          new Request.Builder().url(url).post(RequestBody.create(body.toString(), JSON)).build();
    } catch (IllegalArgumentException e) {
      future.completeExceptionally(new IOException("not an HTTP URL"));
      return future;
    }
    http.newCall(request)
        .enqueue(
            new Callback() {
              @Override
              public void onFailure(Call call, IOException e) {
                future.completeExceptionally(e);
              }

              @Override
              public void onResponse(Call call, Response response) {
                try (response) {
                  if (!response.isSuccessful()) {
                    throw new IOException("HTTP " + response.code());
                  }
                  future.complete(MAPPER.readTree(response.body().bytes()));
                } catch (IOException | RuntimeException e) {
                  future.completeExceptionally(e);
                }
              }
            });
    return future;
  }

  private static ObjectNode request(long id, String method) {
    ObjectNode r = MAPPER.createObjectNode();
    r.put("jsonrpc", "2.0");
    r.put("id", id);
    r.put("method", method);
    return r;
  }

  private static Map<Long, JsonNode> byId(JsonNode reply) throws IOException {
    if (reply == null || !reply.isArray()) {
      JsonNode error = reply == null ? null : reply.get("error");
      throw new IOException(
          error != null
              ? "batch refused: JSON-RPC error " + errorText(error)
              : "reply is not a JSON-RPC batch");
    }
    Map<Long, JsonNode> byId = new HashMap<>();
    for (JsonNode element : reply) {
      if (element.path("id").canConvertToLong()) {
        byId.put(element.get("id").asLong(), element);
      }
    }
    return byId;
  }

  private static JsonNode result(Map<Long, JsonNode> byId, long id, String what)
      throws IOException {
    JsonNode element = byId.get(id);
    if (element == null) {
      throw new IOException(what + ": no reply in the batch");
    }
    JsonNode error = element.get("error");
    if (error != null && !error.isNull()) {
      throw new IOException(what + ": JSON-RPC error " + errorText(error));
    }
    return element.path("result");
  }

  private static long quantity(JsonNode node, String what) throws IOException {
    String text = node == null ? "" : node.asText("");
    if (!text.matches("0[xX][0-9a-fA-F]{1,15}")) {
      throw new IOException(what + " is not a hex quantity: " + (node == null ? "missing" : node));
    }
    return Long.parseLong(text.substring(2), 16);
  }

  private static String errorText(JsonNode error) {
    return error.path("code").asText("?") + " " + error.path("message").asText("");
  }

  private String describe(Throwable e) {
    Throwable cause =
        e instanceof java.util.concurrent.CompletionException && e.getCause() != null
            ? e.getCause()
            : e;
    if (cause instanceof InterruptedIOException) {
      return "no answer within " + timeout.toMillis() + " ms";
    }
    // OkHttp's messages name at most the host and port, never the path where API keys live.
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  /** "rpc[1] arb1.arbitrum.io": index and host, never the path or query (API keys live there). */
  static String label(int index, String url) {
    return RpcEndpointLabel.of(index, url);
  }

  @Override
  public void close() {
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
