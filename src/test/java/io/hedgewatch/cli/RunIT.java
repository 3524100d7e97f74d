package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.store.Store;
import io.hedgewatch.store.StoredEvent;
import io.hedgewatch.testing.JsonRpcProxy;
import io.hedgewatch.testing.PostgresTestServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code hedgewatch run} as users run it: its own JVM against a real anvil, a webhook receiver on
 * loopback that checks every signature, SIGTERM for a clean stop and {@code kill -9} for a crash.
 */
class RunIT {

  private static final String SECRET = "whsec-run-it-7c1e";
  private static final String TOKEN = "api-token-run-it-42aa";
  private static final Duration STARTUP = Duration.ofSeconds(120);
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Pattern API = Pattern.compile("API http://127\\.0\\.0\\.1:(\\d+)/");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static Devnet devnet;
  private static DevnetContracts c;

  @TempDir Path dir;
  private Receiver receiver;
  private final List<Process> children = new ArrayList<>();
  private final OkHttpClient http = new OkHttpClient();

  @BeforeAll
  static void startDevnet() {
    devnet = Devnet.start();
    c = devnet.contracts();
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @BeforeEach
  void startReceiver() throws IOException {
    receiver = new Receiver();
    refreshFeeds(Devnet.ETH_USD_ANSWER, Devnet.BTC_USD_ANSWER);
  }

  @AfterEach
  void stopAll() {
    for (Process p : children) {
      if (p.isAlive()) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
      }
    }
    receiver.close();
  }

  private void refreshFeeds(BigInteger eth, BigInteger btc) {
    long t = devnet.anvil().latestBlockTimestamp();
    devnet.ops().postRound(c.ethUsdProxy(), eth, t);
    devnet.ops().postRound(c.btcUsdProxy(), btc, t);
    devnet.ops().postRound(c.usdcUsdProxy(), Devnet.USDC_USD_ANSWER, t);
    devnet
        .ops()
        .setPythPrice(
            c.pythEthUsdId(),
            Devnet.PYTH_ETH_USD_PRICE,
            Devnet.PYTH_ETH_USD_CONF,
            Devnet.PYTH_EXPO,
            t);
  }

  private static BigInteger usd(long dollars) {
    return BigInteger.valueOf(dollars).multiply(BigInteger.TEN.pow(Devnet.USD_DECIMALS));
  }

  private Path config() throws IOException {
    return config(Optional.empty(), Optional.empty());
  }

  /**
   * The devnet's config with the receiver as webhook; {@code rpcUrl} replaces anvil's endpoint (a
   * proxy in front of it), {@code storageUrl} the SQLite file next to the config.
   */
  private Path config(Optional<String> rpcUrl, Optional<String> storageUrl) throws IOException {
    Path file = devnet.writeConfig(dir.resolve("run.yaml"));
    String yaml = Files.readString(file);
    if (rpcUrl.isPresent()) {
      yaml = yaml.replace("\"" + devnet.rpcUrl() + "\"", "\"" + rpcUrl.get() + "\"");
    }
    if (storageUrl.isPresent()) {
      yaml = yaml.replaceAll("(?m)^storage: .*$", "storage: { url: \"" + storageUrl.get() + "\" }");
    }
    yaml +=
        String.join(
            "\n",
            "",
            "alerts:",
            "  sinks:",
            "    - { type: webhook, url: \"http://127.0.0.1:"
                + receiver.port()
                + "/hook\", secret: \"${HW_IT_SECRET}\", initialBackoff: 200ms, maxBackoff: 1s }",
            "api: { bind: \"127.0.0.1:0\", token: \"${HW_IT_TOKEN}\" }",
            "rules:",
            "  oracle.drift: { clearAfter: 1 }",
            "");
    Files.writeString(file, yaml);
    return file;
  }

  /** A running {@code hedgewatch run} child and what it printed. */
  private record Child(Process process, List<String> stdout, Path stderr, int apiPort) {}

  private Child startRun(Path config, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of(extra));
    args.addAll(List.of("run", "--config", config.toString()));
    Path stderr = Files.createTempFile(dir, "run", ".err");
    ProcessBuilder builder = HedgewatchProcess.builder(args).redirectError(stderr.toFile());
    builder.environment().put("HW_IT_SECRET", SECRET);
    builder.environment().put("HW_IT_TOKEN", TOKEN);
    Process process = builder.start();
    children.add(process);
    List<String> stdout = HedgewatchProcess.stdoutLines(process, "run-stdout");
    int[] port = new int[1];
    await()
        .atMost(STARTUP)
        .until(
            () -> {
              if (!process.isAlive()) {
                throw new AssertionError("run exited early:\n" + Files.readString(stderr));
              }
              Matcher m = API.matcher(Files.readString(stderr));
              if (m.find()) {
                port[0] = Integer.parseInt(m.group(1));
                return true;
              }
              return false;
            });
    return new Child(process, stdout, stderr, port[0]);
  }

  private JsonNode get(Child child, String path) throws IOException {
    try (Response r =
        http.newCall(
                new Request.Builder().url("http://127.0.0.1:" + child.apiPort() + path).build())
            .execute()) {
      return JSON.readTree(r.body().string());
    }
  }

  private long pending(Child child) throws IOException {
    JsonNode status = get(child, "/api/v1/status");
    long pending = 0;
    for (JsonNode sink : status.path("outbox")) {
      pending += sink.path("pending").asLong();
    }
    return pending;
  }

  private int stop(Child child) throws Exception {
    return stop(child, "TERM");
  }

  private int stop(Child child, String signal) throws Exception {
    new ProcessBuilder("kill", "-" + signal, Long.toString(child.process().pid()))
        .start()
        .waitFor();
    assertThat(child.process().waitFor(60, TimeUnit.SECONDS))
        .as("run stops on SIG" + signal)
        .isTrue();
    assertThat(Files.readString(child.stderr())).contains("SIG" + signal + " received");
    return child.process().exitValue();
  }

  private List<StoredEvent> storedEvents(Path config) {
    return storedEvents("jdbc:sqlite:" + config.resolveSibling("run.db"));
  }

  private static List<StoredEvent> storedEvents(String url) {
    try (Store store = Store.open(url)) {
      return store.eventsAfter(0, 10_000);
    }
  }

  @Test
  void delivers_signed_opened_updated_and_resolved_events_and_exits_0_on_sigterm()
      throws Exception {
    Path config = config();
    Child child = startRun(config, "--log-format", "json");
    await().atMost(WAIT).until(() -> readyz(child));

    refreshFeeds(usd(3_020), Devnet.BTC_USD_ANSWER); // 0.67 % above the reference: WARNING
    await().atMost(WAIT).until(() -> receiver.types("feed:eth-usd").contains("alert.opened"));
    String alertId =
        receiver.firstOf("feed:eth-usd", "alert.opened").path("alert").path("id").asText();
    assertThat(ack(child, alertId, "not-the-token")).isEqualTo(401);
    assertThat(ack(child, alertId, TOKEN)).isEqualTo(200);
    await().atMost(WAIT).until(() -> receiver.types("feed:eth-usd").contains("alert.acknowledged"));
    refreshFeeds(usd(3_100), Devnet.BTC_USD_ANSWER); // 3.3 %: CRITICAL
    await().atMost(WAIT).until(() -> receiver.types("feed:eth-usd").contains("alert.updated"));
    refreshFeeds(Devnet.ETH_USD_ANSWER, Devnet.BTC_USD_ANSWER);
    await().atMost(WAIT).until(() -> receiver.types("feed:eth-usd").contains("alert.resolved"));

    assertThat(receiver.types("feed:eth-usd"))
        .containsExactly("alert.opened", "alert.acknowledged", "alert.updated", "alert.resolved");
    assertThat(receiver.badSignatures).isEmpty();
    JsonNode opened = receiver.firstOf("feed:eth-usd", "alert.opened");
    assertThat(opened.path("alert").path("rule").asText()).isEqualTo("oracle.drift");
    assertThat(opened.path("alert").path("severity").asText()).isEqualTo("WARNING");

    String metrics = text(child, "/metrics");
    assertThat(metrics)
        .contains(
            "hedgewatch_cycle_duration_seconds",
            "hedgewatch_outbox_depth{sink=\"webhook\"}",
            "hedgewatch_alerts_open{severity=\"CRITICAL\"}",
            "hedgewatch_reference_latency_seconds_count{venue=\"binance\"}",
            "hedgewatch_rpc_calls_count{chain=\"devnet\",endpoint=\"rpc[0] 127.0.0.1:"
                + devnet.anvil().port()
                + "\"}");
    for (String stage :
        List.of(
            "chain_read",
            "chain_rpc",
            "decode",
            "references",
            "rpc_probes",
            "rules",
            "markets",
            "positions",
            "platform",
            "lifecycle",
            "store_commit",
            "publish",
            "observations")) {
      for (String series : List.of("_count", "_sum")) {
        Matcher value =
            Pattern.compile(
                    "(?m)^hedgewatch_cycle_stage_seconds"
                        + series
                        + "\\{stage=\""
                        + stage
                        + "\"\\} (\\S+)$")
                .matcher(metrics);
        assertThat(value.find()).as("%s%s in%n%s", stage, series, metrics).isTrue();
        assertThat(Double.parseDouble(value.group(1))).as(stage + series).isPositive();
      }
    }

    await().atMost(WAIT).until(() -> pending(child) == 0);
    assertThat(stop(child)).isZero();

    String stderr = Files.readString(child.stderr());
    String all = stderr + String.join("\n", child.stdout());
    assertThat(all).doesNotContain(SECRET).doesNotContain(TOKEN);
    for (String line : stderr.split("\n")) {
      if (line.startsWith("{")) {
        assertThat(JSON.readTree(line).has("level")).as(line).isTrue();
      }
    }
    try (Store store = Store.open("jdbc:sqlite:" + config.resolveSibling("run.db"))) {
      var seen =
          store.feedObservations(
              "eth-usd", java.time.Instant.EPOCH, java.time.Instant.now().plusSeconds(3600));
      assertThat(seen).isNotEmpty();
      assertThat(seen)
          .as("the drift behind the opened alert is kept with its reference")
          .anySatisfy(
              o -> {
                assertThat(o.driftBps()).hasValueSatisfying(d -> assertThat(d).isGreaterThan(50));
                assertThat(o.referencePrice()).isPresent();
              });
    }
    List<StoredEvent> stored = storedEvents(config);
    assertThat(receiver.distinctIds())
        .containsExactlyInAnyOrderElementsOf(stored.stream().map(StoredEvent::id).toList());
  }

  private int ack(Child child, String alertId, String token) throws IOException {
    Request request =
        new Request.Builder()
            .url("http://127.0.0.1:" + child.apiPort() + "/api/v1/alerts/" + alertId + "/ack")
            .header("Authorization", "Bearer " + token)
            .post(
                okhttp3.RequestBody.create(
                    "{\"by\":\"run-it\"}", okhttp3.MediaType.get("application/json")))
            .build();
    try (Response r = http.newCall(request).execute()) {
      return r.code();
    }
  }

  private boolean readyz(Child child) throws IOException {
    try (Response r =
        http.newCall(
                new Request.Builder()
                    .url("http://127.0.0.1:" + child.apiPort() + "/readyz")
                    .build())
            .execute()) {
      return r.code() == 200;
    }
  }

  private String text(Child child, String path) throws IOException {
    try (Response r =
        http.newCall(
                new Request.Builder().url("http://127.0.0.1:" + child.apiPort() + path).build())
            .execute()) {
      return r.body().string();
    }
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"sqlite", "postgresql"})
  void kill_9_during_delivery_loses_no_event_and_reopens_no_alert(String backend) throws Exception {
    String storeUrl =
        backend.equals("sqlite")
            ? "jdbc:sqlite:" + dir.resolve("crash.db")
            : PostgresTestServer.newDatabaseUrl();
    Path config = config(Optional.empty(), Optional.of(storeUrl));
    Child first = startRun(config);
    await().atMost(WAIT).until(() -> readyz(first));
    receiver.hold();

    refreshFeeds(usd(3_100), Devnet.BTC_USD_ANSWER);
    await().atMost(WAIT).until(() -> receiver.held() >= 1);
    receiver.release(1); // eth opened answered 200
    refreshFeeds(Devnet.ETH_USD_ANSWER, usd(63_000));
    // eth resolved goes out and is held unanswered; btc opened waits behind it in the outbox
    await().atMost(WAIT).until(() -> receiver.held() >= 1 && pending(first) >= 2);

    first.process().destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no flush
    assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
    receiver.openUp();

    Child second = startRun(config);
    await().atMost(WAIT).until(() -> receiver.types("feed:btc-usd").contains("alert.opened"));
    refreshFeeds(Devnet.ETH_USD_ANSWER, Devnet.BTC_USD_ANSWER);
    await().atMost(WAIT).until(() -> receiver.types("feed:btc-usd").contains("alert.resolved"));
    await().atMost(WAIT).until(() -> pending(second) == 0);
    assertThat(stop(second)).isZero();

    List<StoredEvent> stored = storedEvents(storeUrl);
    Set<String> storedIds = new LinkedHashSet<>(stored.stream().map(StoredEvent::id).toList());
    assertThat(receiver.distinctIds())
        .as("every event reached the receiver")
        .containsAll(storedIds);
    assertThat(storedIds)
        .as("the receiver saw no event the store does not know")
        .containsAll(receiver.distinctIds());
    assertThat(receiver.deliveries())
        .as("the in-flight delivery was repeated after the crash")
        .isGreaterThan(storedIds.size());
    assertThat(receiver.badSignatures).isEmpty();
    // deduplicated by id, each alert's story is open, (update)*, resolve: nothing lost, nothing
    // reopened
    Map<String, List<String>> byAlert = receiver.dedupedTypesByAlert();
    assertThat(byAlert.get("feed:eth-usd")).containsExactly("alert.opened", "alert.resolved");
    assertThat(byAlert.get("feed:btc-usd")).containsExactly("alert.opened", "alert.resolved");
    for (Map.Entry<String, List<String>> e : byAlert.entrySet()) {
      String previous = "alert.resolved";
      for (String type : e.getValue()) {
        if (type.equals("alert.opened")) {
          assertThat(previous)
              .as(e.getKey() + " reopened without a resolve: " + e.getValue())
              .isEqualTo("alert.resolved");
        }
        previous = type;
      }
    }
  }

  @Test
  void a_chain_gone_dark_raises_monitor_blind_holds_its_alerts_and_resolves_when_it_returns()
      throws Exception {
    try (JsonRpcProxy proxy = new JsonRpcProxy(devnet.rpcUrl())) {
      Path config = config(Optional.of(proxy.url()), Optional.empty());
      Child child = startRun(config);
      await().atMost(WAIT).until(() -> readyz(child));
      refreshFeeds(usd(3_100), Devnet.BTC_USD_ANSWER);
      await().atMost(WAIT).until(() -> receiver.types("feed:eth-usd").contains("alert.opened"));

      proxy.setDown(true);
      // the oracle recovers while hedgewatch cannot see it: the drift alert must not resolve blind
      refreshFeeds(Devnet.ETH_USD_ANSWER, Devnet.BTC_USD_ANSWER);
      await().atMost(WAIT).until(() -> !readyz(child));
      await()
          .atMost(WAIT)
          .until(() -> receiver.typesOf("monitor.blind", "chain:devnet").contains("alert.opened"));
      assertThat(receiver.types("feed:eth-usd")).containsExactly("alert.opened");

      proxy.setDown(false);
      await()
          .atMost(WAIT)
          .until(
              () -> receiver.typesOf("monitor.blind", "chain:devnet").contains("alert.resolved"));
      await().atMost(WAIT).until(() -> receiver.types("feed:eth-usd").contains("alert.resolved"));
      await().atMost(WAIT).until(() -> readyz(child));
      assertThat(receiver.badSignatures).isEmpty();
      assertThat(stop(child, "INT")).as("Ctrl-C is a clean stop too").isZero();
    }
  }

  /**
   * A webhook receiver on loopback that checks signatures like a careful bot and can hold answers.
   */
  static final class Receiver implements AutoCloseable {
    private final HttpServer server;
    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    final List<String> badSignatures = new CopyOnWriteArrayList<>();
    private volatile boolean holding;
    private final Semaphore permits = new Semaphore(0);
    private final java.util.concurrent.atomic.AtomicInteger held =
        new java.util.concurrent.atomic.AtomicInteger();

    Receiver() throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/hook", this::handle);
      server.setExecutor(Executors.newCachedThreadPool());
      server.start();
    }

    int port() {
      return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String text = new String(body, StandardCharsets.UTF_8);
      String signature = exchange.getRequestHeaders().getFirst("X-Hedgewatch-Signature");
      String eventId = exchange.getRequestHeaders().getFirst("X-Hedgewatch-Event-Id");
      JsonNode doc = JSON.readTree(text);
      if (!valid(signature, text) || eventId == null || !eventId.equals(doc.path("id").asText())) {
        badSignatures.add(signature + " " + eventId);
        exchange.sendResponseHeaders(401, -1);
        exchange.close();
        return;
      }
      if (holding) {
        held.incrementAndGet();
        try {
          if (!permits.tryAcquire(120, TimeUnit.SECONDS)) {
            exchange.close();
            return;
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } finally {
          held.decrementAndGet();
        }
      }
      received.add(doc);
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    }

    private static boolean valid(String header, String body) {
      if (header == null) {
        return false;
      }
      Matcher m = Pattern.compile("t=(\\d+),v1=([0-9a-f]{64})").matcher(header);
      if (!m.matches()) {
        return false;
      }
      long t = Long.parseLong(m.group(1));
      if (Math.abs(System.currentTimeMillis() / 1000 - t) > 300) {
        return false;
      }
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
        return java.security.MessageDigest.isEqual(expected, HexFormat.of().parseHex(m.group(2)));
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    void hold() {
      holding = true;
    }

    int held() {
      return held.get();
    }

    void release(int n) {
      permits.release(n);
    }

    /** Answers everything from now on, including what is held. */
    void openUp() {
      holding = false;
      permits.release(1000);
    }

    int deliveries() {
      return received.size();
    }

    Set<String> distinctIds() {
      Set<String> ids = new LinkedHashSet<>();
      received.forEach(d -> ids.add(d.path("id").asText()));
      return ids;
    }

    List<String> types(String subject) {
      return dedupedTypesByAlert().getOrDefault(subject, List.of());
    }

    JsonNode firstOf(String subject, String type) {
      return received.stream()
          .filter(d -> d.path("alert").path("subject").asText().equals(subject))
          .filter(d -> d.path("type").asText().equals(type))
          .findFirst()
          .orElseThrow();
    }

    /** The event types of one (rule, subject) in arrival order, each event id once. */
    List<String> typesOf(String rule, String subject) {
      List<String> types = new ArrayList<>();
      Set<String> seen = new LinkedHashSet<>();
      for (JsonNode d : received) {
        JsonNode alert = d.path("alert");
        if (alert.path("rule").asText().equals(rule)
            && alert.path("subject").asText().equals(subject)
            && seen.add(d.path("id").asText())) {
          types.add(d.path("type").asText());
        }
      }
      return types;
    }

    /** Per subject of oracle.drift, the event types in arrival order, each event id once. */
    Map<String, List<String>> dedupedTypesByAlert() {
      Map<String, List<String>> out = new LinkedHashMap<>();
      Set<String> seen = new LinkedHashSet<>();
      for (JsonNode d : received) {
        if (!d.path("alert").path("rule").asText().equals("oracle.drift")
            || !seen.add(d.path("id").asText())) {
          continue;
        }
        out.computeIfAbsent(d.path("alert").path("subject").asText(), k -> new ArrayList<>())
            .add(d.path("type").asText());
      }
      return out;
    }

    @Override
    public void close() {
      permits.release(1000);
      server.stop(0);
    }
  }
}
