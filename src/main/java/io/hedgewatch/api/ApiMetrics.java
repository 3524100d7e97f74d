package io.hedgewatch.api;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The registry behind {@code GET /metrics}. The contract names every series {@code hedgewatch_*}: a
 * filter prefixes every meter whose name does not start with {@code hedgewatch.}, including the JVM
 * and process meters bound here, so that no code has to remember it.
 */
public final class ApiMetrics {

  public static final String PREFIX = "hedgewatch.";

  private ApiMetrics() {}

  /**
   * A Prometheus registry with the prefix filter and the JVM (memory, GC, threads) and process
   * (CPU, uptime) meters. One per process: the GC meters listen to the JVM's GC notifications for
   * as long as it runs.
   */
  public static PrometheusMeterRegistry newRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // Filters apply to meters registered after them: install it before binding anything.
    registry.config().meterFilter(prefixed());
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    return registry;
  }

  /** Renames {@code jvm.memory.used} to {@code hedgewatch.jvm.memory.used}; leaves ours alone. */
  public static MeterFilter prefixed() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        return id.getName().startsWith(PREFIX) ? id : id.withName(PREFIX + id.getName());
      }
    };
  }
}
