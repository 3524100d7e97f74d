package io.hedgewatch.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.alert.AlertState;
import io.hedgewatch.alert.TrackedAlert;
import io.hedgewatch.config.ApiConfig;
import io.hedgewatch.monitor.CheckJson;
import io.hedgewatch.monitor.CheckReport;
import io.hedgewatch.store.StoredEvent;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API of {@code hedgewatch run} (design: API): the dashboard at {@code /} (files from the
 * jar, see {@link #DASHBOARD}), the latest cycle, feed and market history, the tracked alerts, dead
 * deliveries, the alert event stream, acknowledgements, {@code /metrics} and the probes. Every
 * error is {@code {"error": "..."}}. Reads need no token; {@code POST .../ack} needs {@code
 * Authorization: Bearer <api.token>}, and without a configured token acknowledgements are refused
 * (403) and the server only binds to loopback.
 */
public final class ApiServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

  static final String JSON = "application/json; charset=utf-8";
  static final String JAVASCRIPT = "text/javascript; charset=utf-8";
  static final String CSS = "text/css; charset=utf-8";
  static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
  static final String DEFAULT_ACKNOWLEDGER = "api";
  static final int MAX_ACKNOWLEDGER_LENGTH = 64;
  private static final List<String> ALERT_STATES = List.of("open", "pending", "all");
  private static final int DEFAULT_DEAD_LETTERS = 100;
  private static final int MAX_DEAD_LETTERS = 1000;
  private static final ObjectMapper MAPPER = new ObjectMapper();
  static final Duration DEFAULT_HISTORY = Duration.ofHours(24);
  static final int DEFAULT_HISTORY_POINTS = 2000;
  static final int MAX_HISTORY_POINTS = 10_000;

  /**
   * The dashboard's files by URL path, each a classpath resource with its type. {@code vendor/} is
   * copied from contracts/node_modules by the build (uPlot, pinned in contracts/package.json).
   */
  static final Map<String, Asset> DASHBOARD =
      Map.of(
          "/", new Asset("dashboard/index.html", "text/html; charset=utf-8"),
          "/dashboard/dashboard.js", new Asset("dashboard/dashboard.js", JAVASCRIPT),
          "/dashboard/dashboard.css", new Asset("dashboard/dashboard.css", CSS),
          "/favicon.svg", new Asset("dashboard/favicon.svg", "image/svg+xml"),
          "/favicon.ico", new Asset("dashboard/favicon.svg", "image/svg+xml"),
          "/dashboard/vendor/uplot/uPlot.iife.min.js",
              new Asset("dashboard/vendor/uplot/uPlot.iife.min.js", JAVASCRIPT),
          "/dashboard/vendor/uplot/uPlot.min.css",
              new Asset("dashboard/vendor/uplot/uPlot.min.css", CSS),
          "/dashboard/vendor/uplot/LICENSE",
              new Asset("dashboard/vendor/uplot/LICENSE", "text/plain; charset=utf-8"));

  /** A file of the dashboard: its classpath resource and its content type. */
  record Asset(String resource, String contentType) {}

  /**
   * How the server behaves beyond the config: tests shorten the heartbeat and the replay page.
   *
   * @param heartbeat the longest silence on a stream before a comment line is sent
   * @param replayPage how many stored events one replay read fetches
   * @param streamBuffer how many live events a stream may hold unsent before it is dropped
   * @param maxStreams concurrent streams; each holds one server thread
   */
  record Settings(
      Duration heartbeat, int replayPage, int streamBuffer, int maxStreams, Clock clock) {

    static final Settings DEFAULT =
        new Settings(Duration.ofSeconds(15), 500, 10_000, 16, Clock.systemUTC());

    Settings {
      Objects.requireNonNull(clock, "clock");
      if (heartbeat.isNegative() || heartbeat.isZero()) {
        throw new IllegalArgumentException("heartbeat must be positive, got " + heartbeat);
      }
      if (replayPage < 1 || streamBuffer < 1 || maxStreams < 1) {
        throw new IllegalArgumentException(
            "replayPage, streamBuffer and maxStreams must be positive");
      }
    }
  }

  /** How long close waits for the open streams' handlers to return. */
  private static final Duration STREAM_DRAIN = Duration.ofSeconds(2);

  /** Threads beyond the streams: enough for a dashboard and a scraper on a small machine. */
  private static final int REQUEST_THREADS = 16;

  private final Javalin app;
  private final OpenStreams streams;

  private ApiServer(Javalin app, OpenStreams streams) {
    this.app = app;
    this.streams = streams;
  }

  /**
   * Binds and starts serving.
   *
   * @throws IllegalArgumentException when the host is not loopback and no token is configured
   * @throws IllegalStateException when the address cannot be bound (in use, not local)
   */
  public static ApiServer start(
      ApiConfig config, MonitorView view, PrometheusMeterRegistry registry) {
    return start(config, view, registry, Settings.DEFAULT);
  }

  static ApiServer start(
      ApiConfig config, MonitorView view, PrometheusMeterRegistry registry, Settings settings) {
    Objects.requireNonNull(view, "view");
    Objects.requireNonNull(registry, "registry");
    Optional<BearerToken> token = config.token().filter(t -> !t.isBlank()).map(BearerToken::new);
    if (!config.loopback() && token.isEmpty()) {
      throw new IllegalArgumentException(
          "api: refusing to serve on "
              + config.host()
              + ", which is not a loopback address, without api.token: anyone who can reach it"
              + " could acknowledge alerts. Set api.token (e.g. \"${HEDGEWATCH_API_TOKEN}\") or"
              + " bind to 127.0.0.1");
    }
    OpenStreams streams = new OpenStreams(settings.maxStreams());
    Routes routes = new Routes(view, registry, token, settings, streams);
    Javalin app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.startup.showOldJavalinVersionWarning = false;
              cfg.jetty.host = config.host();
              cfg.jetty.port = config.port();
              QueuedThreadPool pool =
                  new QueuedThreadPool(REQUEST_THREADS + settings.maxStreams(), 2);
              pool.setName("hedgewatch-api");
              cfg.jetty.threadPool = pool;
              // Responses are small and local; compressing would also hold back stream flushes.
              cfg.http.compressionStrategy = CompressionStrategy.NONE;
              cfg.http.maxRequestSize = 16 * 1024;
              cfg.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
              routes.install(cfg.routes);
            });
    ApiServer server = new ApiServer(app, streams);
    try {
      app.start();
    } catch (RuntimeException e) {
      try {
        app.stop();
      } catch (RuntimeException ignored) {
        // the bind failure is what matters
      }
      throw new IllegalStateException(
          "api: cannot serve on " + config.host() + ":" + config.port() + ": " + rootMessage(e), e);
    }
    return server;
  }

  /** The bound port (the system's choice when the config asked for 0). */
  public int port() {
    return app.port();
  }

  /** Ends every open stream, then stops the server. */
  @Override
  public void close() {
    streams.closeAll();
    // Let each stream's handler return, so that its response ends properly rather than cut.
    streams.awaitNone(STREAM_DRAIN);
    app.stop();
  }

  /**
   * The streams being served, at most {@code max}; each holds a server thread, which {@link
   * #closeAll} gives back so that the server can stop.
   */
  private static final class OpenStreams {
    private final int max;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger count = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition emptied = lock.newCondition();
    private volatile boolean closing;

    OpenStreams(int max) {
      this.max = max;
    }

    /** False when {@code max} are open already. */
    boolean add(EventStream stream) {
      if (count.incrementAndGet() > max) {
        count.decrementAndGet();
        return false;
      }
      open.add(stream);
      if (closing) {
        // closeAll ran between the check above and the add: this one is ended too
        stream.close();
      }
      return true;
    }

    void remove(EventStream stream) {
      if (open.remove(stream) && count.decrementAndGet() == 0) {
        lock.lock();
        try {
          emptied.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }

    /** Waits at most {@code timeout} for every stream to have ended. */
    void awaitNone(Duration timeout) {
      lock.lock();
      try {
        long left = timeout.toNanos();
        while (count.get() > 0 && left > 0) {
          left = emptied.awaitNanos(left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        lock.unlock();
      }
    }

    void closeAll() {
      closing = true;
      open.forEach(EventStream::close);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  /** The handlers, apart from the server's life cycle. */
  private static final class Routes {
    private final MonitorView view;
    private final PrometheusMeterRegistry registry;
    private final Optional<BearerToken> token;
    private final Settings settings;

    private final OpenStreams streams;

    Routes(
        MonitorView view,
        PrometheusMeterRegistry registry,
        Optional<BearerToken> token,
        Settings settings,
        OpenStreams streams) {
      this.view = view;
      this.registry = registry;
      this.token = token;
      this.settings = settings;
      this.streams = streams;
    }

    void install(io.javalin.config.RoutesConfig routes) {
      DASHBOARD.forEach((path, asset) -> routes.get(path, ctx -> asset(ctx, asset)));
      routes.get("/healthz", ctx -> json(ctx, 200, ApiJson.object().put("status", "UP")));
      routes.get("/readyz", this::readyz);
      routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(registry.scrape()));
      routes.get(
          "/api/v1/status",
          ctx -> json(ctx, 200, ApiJson.status(view, settings.clock().instant())));
      for (String section : List.of("feeds", "markets", "positions")) {
        routes.get("/api/v1/" + section, ctx -> json(ctx, 200, ApiJson.section(latest(), section)));
      }
      routes.get("/api/v1/rules", ctx -> json(ctx, 200, ApiJson.rules(view.rules())));
      routes.get("/api/v1/alerts", this::alerts);
      routes.get("/api/v1/alerts/{id}", this::alert);
      routes.post("/api/v1/alerts/{id}/ack", this::acknowledge);
      routes.get("/api/v1/deliveries", this::deliveries);
      routes.get("/api/v1/stream", this::stream);
      routes.get("/api/v1/history/feeds/{id}", this::feedHistory);
      routes.get("/api/v1/history/markets/{id}", this::marketHistory);
      routes.exception(
          HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), e.getMessage()));
      routes.exception(
          Exception.class,
          (e, ctx) -> {
            LOG.warn("api: {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error; the server's log has the details");
          });
    }

    private static void asset(Context ctx, Asset asset) throws IOException {
      try (InputStream content = ApiServer.class.getResourceAsStream("/" + asset.resource())) {
        if (content == null) {
          // Only a build that skipped the resources step gets here; say how to mend it.
          throw new HttpResponseException(
              404,
              asset.resource()
                  + " is missing from the jar: build it with Maven, which copies the dashboard"
                  + " and uPlot (from contracts/node_modules) into it");
        }
        // Small files from the jar: revalidate each load, so that a new version shows at once.
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(asset.contentType()).result(content.readAllBytes());
      }
    }

    private void feedHistory(Context ctx) {
      String id = ctx.pathParam("id");
      HistoryWindow window = historyWindow(ctx);
      var points = view.feedHistory(id, window.from(), window.to(), window.limit());
      if (points.isEmpty()
          && !reported(id, r -> r.feeds().stream().map(f -> f.spec().id()), "feed")) {
        throw new HttpResponseException(404, "no feed " + clip(id));
      }
      json(ctx, 200, ApiJson.feedHistory(id, points));
    }

    private void marketHistory(Context ctx) {
      String id = ctx.pathParam("id");
      HistoryWindow window = historyWindow(ctx);
      var points = view.marketHistory(id, window.from(), window.to(), window.limit());
      if (points.isEmpty()
          && !reported(id, r -> r.markets().stream().map(m -> m.market().id()), "market")) {
        throw new HttpResponseException(404, "no market " + clip(id));
      }
      json(ctx, 200, ApiJson.marketHistory(id, points));
    }

    /**
     * Whether the latest cycle reported {@code id}: a known feed or market with no history in the
     * window is an empty history, not a 404. Before the first cycle nothing tells a typo from a
     * feed not seen yet, so the answer is 503 as for the other sections.
     */
    private boolean reported(
        String id, java.util.function.Function<CheckReport, Stream<String>> ids, String kind) {
      CheckReport report =
          view.latest()
              .orElseThrow(
                  () ->
                      new HttpResponseException(
                          503,
                          "no cycle has completed yet and there is no history of "
                              + kind
                              + " "
                              + clip(id)
                              + "; /readyz says when a cycle has"));
      return ids.apply(report).anyMatch(id::equals);
    }

    private record HistoryWindow(Instant from, Instant to, int limit) {}

    /** {@code from}, {@code to} (ISO-8601) and {@code limit}; by default the last 24 hours. */
    private HistoryWindow historyWindow(Context ctx) {
      Instant to = instantParameter(ctx, "to").orElseGet(() -> settings.clock().instant());
      Instant from = instantParameter(ctx, "from").orElse(to.minus(DEFAULT_HISTORY));
      if (from.isAfter(to)) {
        throw new HttpResponseException(
            400,
            "query parameter from ("
                + CheckJson.iso(from)
                + ") must not be after to ("
                + CheckJson.iso(to)
                + ")");
      }
      int limit = DEFAULT_HISTORY_POINTS;
      String limitText = ctx.queryParam("limit");
      if (limitText != null) {
        try {
          limit = Integer.parseInt(limitText.trim());
        } catch (NumberFormatException e) {
          limit = -1;
        }
        if (limit < 1 || limit > MAX_HISTORY_POINTS) {
          throw new HttpResponseException(
              400,
              "query parameter limit must be a whole number from 1 to "
                  + MAX_HISTORY_POINTS
                  + ", got \""
                  + clip(limitText)
                  + "\"");
        }
      }
      return new HistoryWindow(from, to, limit);
    }

    private static Optional<Instant> instantParameter(Context ctx, String name) {
      String text = ctx.queryParam(name);
      if (text == null || text.isBlank()) {
        return Optional.empty();
      }
      try {
        return Optional.of(Instant.parse(text.trim()));
      } catch (DateTimeParseException e) {
        throw new HttpResponseException(
            400,
            "query parameter "
                + name
                + " must be an ISO-8601 time such as 2026-11-25T12:00:00Z, got \""
                + clip(text)
                + "\"");
      }
    }

    private void readyz(Context ctx) {
      boolean ready = view.ready();
      json(
          ctx,
          ready ? 200 : 503,
          ApiJson.object()
              .put("ready", ready)
              .set("lastSuccessfulCycle", ApiJson.lastSuccessfulCycle(view.lastSuccessfulCycle())));
    }

    private CheckReport latest() {
      return view.latest()
          .orElseThrow(
              () ->
                  new HttpResponseException(
                      503, "no cycle has completed yet; /readyz says when one has"));
    }

    private void alerts(Context ctx) {
      String state = Optional.ofNullable(ctx.queryParam("state")).orElse("open");
      if (!ALERT_STATES.contains(state)) {
        throw badParameter("state", state, ALERT_STATES);
      }
      AlertState alerts = view.alerts();
      List<TrackedAlert> chosen =
          alerts.alerts().stream()
              .filter(a -> a.phase() != TrackedAlert.Phase.IDLE)
              .filter(a -> state.equals("all") || a.phase().name().equalsIgnoreCase(state))
              .toList();
      json(ctx, 200, ApiJson.alerts(state, chosen));
    }

    private void alert(Context ctx) {
      json(ctx, 200, ApiJson.alert(tracked(ctx.pathParam("id"))));
    }

    /** An open or pending alert; an idle identity is no alert (404 too). */
    private TrackedAlert tracked(String id) {
      return view.alerts()
          .find(id)
          .filter(a -> a.phase() != TrackedAlert.Phase.IDLE)
          .orElseThrow(() -> new HttpResponseException(404, "no alert " + clip(id)));
    }

    private void acknowledge(Context ctx) {
      if (token.isEmpty()) {
        error(
            ctx,
            403,
            "acknowledgements are disabled: set api.token (e.g. \"${HEDGEWATCH_API_TOKEN}\") and"
                + " send it as Authorization: Bearer <token>");
        return;
      }
      if (!token.get().accepts(ctx.header("Authorization"))) {
        // Missing, malformed and wrong get the same answer: a caller learns nothing about which.
        ctx.header("WWW-Authenticate", "Bearer realm=\"hedgewatch\"");
        error(ctx, 401, "a valid bearer token is required");
        return;
      }
      String id = ctx.pathParam("id");
      String by = acknowledger(ctx.body());
      MonitorView.AckResult result = view.acknowledge(id, by);
      if (result == MonitorView.AckResult.NOT_OPEN) {
        TrackedAlert alert = tracked(id);
        error(
            ctx,
            409,
            "alert "
                + id
                + " is "
                + alert.phase().name().toLowerCase()
                + ", not open: nothing to"
                + " acknowledge");
        return;
      }
      json(ctx, 200, ApiJson.alert(tracked(id)));
    }

    /** The optional body {@code {"by": "name"}}; empty means {@value #DEFAULT_ACKNOWLEDGER}. */
    private static String acknowledger(String body) {
      if (body == null || body.isBlank()) {
        return DEFAULT_ACKNOWLEDGER;
      }
      JsonNode root;
      try {
        root = MAPPER.readTree(body);
      } catch (IOException e) {
        throw new HttpResponseException(
            400, "the body must be a JSON object like {\"by\": \"name\"}: it does not parse");
      }
      if (root == null || !root.isObject()) {
        throw new HttpResponseException(
            400, "the body must be a JSON object like {\"by\": \"name\"}");
      }
      Iterator<String> fields = root.fieldNames();
      while (fields.hasNext()) {
        String field = fields.next();
        if (!field.equals("by")) {
          throw new HttpResponseException(
              400, "unknown field \"" + clip(field) + "\" in the body; allowed: by");
        }
      }
      JsonNode by = root.get("by");
      if (by == null || by.isNull()) {
        return DEFAULT_ACKNOWLEDGER;
      }
      if (!by.isTextual()
          || by.asText().isBlank()
          || by.asText().length() > MAX_ACKNOWLEDGER_LENGTH
          || by.asText().chars().anyMatch(Character::isISOControl)) {
        throw new HttpResponseException(
            400,
            "\"by\" must be a name of 1 to "
                + MAX_ACKNOWLEDGER_LENGTH
                + " printable characters, got "
                + clip(by.toString()));
      }
      return by.asText().strip();
    }

    private void deliveries(Context ctx) {
      String state = Optional.ofNullable(ctx.queryParam("state")).orElse("dead");
      if (!state.equals("dead")) {
        throw badParameter("state", state, List.of("dead"));
      }
      int limit = DEFAULT_DEAD_LETTERS;
      String limitText = ctx.queryParam("limit");
      if (limitText != null) {
        try {
          limit = Integer.parseInt(limitText);
        } catch (NumberFormatException e) {
          limit = -1;
        }
        if (limit < 1 || limit > MAX_DEAD_LETTERS) {
          throw new HttpResponseException(
              400,
              "limit must be a whole number from 1 to "
                  + MAX_DEAD_LETTERS
                  + ", got \""
                  + clip(limitText)
                  + "\"");
        }
      }
      json(ctx, 200, ApiJson.deadLetters(view.deadLetters(limit)));
    }

    private void stream(Context ctx) throws Exception {
      OptionalLong lastEventId = lastEventId(ctx.header("Last-Event-ID"));
      EventStream stream = new EventStream(settings.streamBuffer());
      if (!streams.add(stream)) {
        ctx.header("Retry-After", "30");
        error(ctx, 503, "too many open streams (" + settings.maxStreams() + "); try again later");
        return;
      }
      try {
        SseClient client = new SseClient(ctx);
        EventStream.End end =
            stream.run(view, lastEventId, client, settings.heartbeat(), settings.replayPage());
        if (end != EventStream.End.CLIENT_GONE) {
          client.finish();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        streams.remove(stream);
      }
    }

    /** Absent or empty: live only. EventSource resends the last {@code id:} it saw. */
    private static OptionalLong lastEventId(String header) {
      if (header == null || header.isBlank()) {
        return OptionalLong.empty();
      }
      try {
        long value = Long.parseLong(header.trim());
        if (value >= 0) {
          return OptionalLong.of(value);
        }
      } catch (NumberFormatException e) {
        // answered below
      }
      throw new HttpResponseException(
          400,
          "Last-Event-ID must be an event sequence number (a whole number >= 0), got \""
              + clip(header)
              + "\"");
    }

    private static HttpResponseException badParameter(
        String name, String value, List<String> allowed) {
      return new HttpResponseException(
          400,
          "query parameter "
              + name
              + " must be one of "
              + String.join(", ", allowed)
              + ", got \""
              + clip(value)
              + "\"");
    }
  }

  /** The stream as {@code text/event-stream} on the servlet's output, flushed per message. */
  private static final class SseClient implements EventStream.Client {
    private final Context ctx;
    private ServletOutputStream out;

    SseClient(Context ctx) {
      this.ctx = ctx;
    }

    @Override
    public void open() throws IOException {
      ctx.res().setStatus(200);
      ctx.res().setContentType("text/event-stream; charset=utf-8");
      ctx.res().setHeader("Cache-Control", "no-cache");
      // Proxies such as nginx buffer responses unless told not to.
      ctx.res().setHeader("X-Accel-Buffering", "no");
      out = ctx.res().getOutputStream();
      write(": stream open\n\n");
    }

    @Override
    public void event(StoredEvent event) throws IOException {
      StringBuilder message = new StringBuilder();
      message.append("id: ").append(event.sequence()).append('\n');
      message.append("event: ").append(event.type()).append('\n');
      // The body is one line of JSON; split all the same, since a raw newline would end the field.
      for (String line : event.body().split("\r\n|\r|\n", -1)) {
        message.append("data: ").append(line).append('\n');
      }
      write(message.append('\n').toString());
    }

    @Override
    public void comment(String text) throws IOException {
      write(": " + text.replaceAll("[\r\n]", " ") + "\n\n");
    }

    /**
     * Ends the response now, while the server still runs: the client sees the stream end rather
     * than a connection cut by the server's stop.
     */
    void finish() {
      if (out == null) {
        return;
      }
      try {
        out.close();
      } catch (IOException gone) {
        // the client left meanwhile: nothing to end
      }
    }

    private void write(String text) throws IOException {
      try {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    }
  }

  private static void json(Context ctx, int status, JsonNode body) {
    ctx.status(status).contentType(JSON).result(ApiJson.write(body));
  }

  private static void error(Context ctx, int status, String message) {
    ctx.status(status).contentType(JSON).result(ApiJson.error(message));
  }

  /** User input echoed in an error, cut short so that an error cannot be made arbitrarily big. */
  private static String clip(String value) {
    return value.length() <= 40 ? value : value.substring(0, 40) + "...";
  }
}
