package io.hedgewatch.cli;

import io.hedgewatch.api.ApiMetrics;
import io.hedgewatch.api.ApiServer;
import io.hedgewatch.chain.RpcRetryPolicy;
import io.hedgewatch.config.HedgewatchConfig;
import io.hedgewatch.delivery.AlertSink;
import io.hedgewatch.delivery.Dispatcher;
import io.hedgewatch.delivery.Sinks;
import io.hedgewatch.delivery.StdoutSink;
import io.hedgewatch.monitor.Checker;
import io.hedgewatch.monitor.ReadCadences;
import io.hedgewatch.service.MonitorService;
import io.hedgewatch.store.Store;
import io.hedgewatch.store.StoreException;
import io.hedgewatch.store.StoreSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitor as {@code run} wires it: store, sinks behind the outbox's dispatcher, read cadences,
 * the service and the API; {@code run} and {@code demo} both start it.
 */
final class MonitorStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MonitorStack.class);

  /** A part that could not start; the message is for the user. */
  static final class StartFailure extends Exception {
    StartFailure(String message) {
      super(message, null, false, false);
    }
  }

  private final Store store;
  private final List<AutoCloseable> toClose;
  private final Dispatcher dispatcher;
  private final MonitorService service;
  private final ApiServer api;
  private boolean apiClosed;

  private MonitorStack(
      Store store,
      List<AutoCloseable> toClose,
      Dispatcher dispatcher,
      MonitorService service,
      ApiServer api) {
    this.store = store;
    this.toClose = toClose;
    this.dispatcher = dispatcher;
    this.service = service;
    this.api = api;
  }

  /**
   * Appends the {@code api} section of a built-in devnet's config: the usual 127.0.0.1:8787 when it
   * is free, else a port of the system's choosing, so that a second devnet on one machine still
   * comes up (the dashboard's URL is printed either way). A config the user wrote keeps its port:
   * there a taken port is an error.
   */
  static void bindDevnetApi(java.nio.file.Path config, java.io.PrintWriter err) {
    int port = io.hedgewatch.config.ApiConfig.DEFAULT_PORT;
    try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
      // as Jetty binds: a port left in TIME_WAIT by an earlier run is free
      probe.setReuseAddress(true);
      probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
    } catch (java.io.IOException e) {
      err.println(
          "hedgewatch: 127.0.0.1:"
              + port
              + " is taken (another hedgewatch?); the API takes a free port instead");
      port = 0;
    }
    try {
      java.nio.file.Files.writeString(
          config,
          "\napi: { bind: \"127.0.0.1:" + port + "\" }\n",
          java.nio.file.StandardOpenOption.APPEND);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("cannot write the devnet config " + config, e);
    }
  }

  /** Opens and wires every part; nothing is started yet ({@link #start()}). */
  static MonitorStack open(HedgewatchConfig cfg, Clock clock, PrintStream stdout)
      throws StartFailure {
    Store store;
    try {
      store = Store.open(StoreSettings.of(cfg.storage().url()), clock);
    } catch (StoreException e) {
      throw new StartFailure(e.getMessage());
    }
    List<AutoCloseable> toClose = new ArrayList<>();
    boolean opened = false;
    try {
      PrometheusMeterRegistry registry = ApiMetrics.newRegistry();
      List<AlertSink> sinks =
          Sinks.create(cfg.alerts(), new OkHttpClient(), stdout, clock, StdoutSink.isTerminal());
      toClose.addAll(sinks);
      Dispatcher dispatcher =
          new Dispatcher(
              store,
              sinks,
              Sinks.policies(cfg.alerts()),
              clock,
              java.util.random.RandomGenerator.getDefault(),
              registry);
      toClose.add(0, dispatcher);
      ReadCadences cadences = ReadCadences.defaults(clock).withMetrics(registry);
      toClose.add(cadences);
      MonitorService service =
          MonitorService.builder(cfg)
              .evaluation(new Checker(cfg, RpcRetryPolicy.DEFAULT, clock, cadences)::check)
              .headsOverRpc(RpcRetryPolicy.DEFAULT)
              .store(store, store)
              .observations(store)
              .afterCommit(dispatcher::wake)
              .clock(clock)
              .metrics(registry)
              .build();
      ApiServer api;
      try {
        api = ApiServer.start(cfg.api(), service, registry);
      } catch (RuntimeException e) {
        throw new StartFailure(e.getMessage());
      }
      opened = true;
      return new MonitorStack(store, toClose, dispatcher, service, api);
    } finally {
      if (!opened) {
        closeAll(toClose);
        store.close();
      }
    }
  }

  /** Prunes what is older than the store's retention; a failure is logged, never thrown. */
  void applyRetention() {
    try {
      LOG.info("retention: {}", store.applyRetention());
    } catch (RuntimeException e) {
      LOG.warn("cannot prune the store: {}", e.getMessage());
    }
  }

  void start() {
    dispatcher.start();
    service.start();
  }

  MonitorService service() {
    return service;
  }

  int apiPort() {
    return api.port();
  }

  /**
   * Finishes the cycle in progress and gives the sinks up to {@code drain} to take what is due;
   * false when some events are still queued.
   */
  boolean stop(Duration drain) {
    service.stop();
    boolean drained = dispatcher.drain(drain);
    closeApi();
    return drained;
  }

  @Override
  public void close() {
    closeApi();
    closeAll(toClose);
    store.close();
  }

  private synchronized void closeApi() {
    if (!apiClosed) {
      apiClosed = true;
      api.close();
    }
  }

  private static void closeAll(List<AutoCloseable> parts) {
    for (AutoCloseable c : parts) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.debug("closing {}: {}", c, e.toString());
      }
    }
  }
}
