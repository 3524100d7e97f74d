package io.hedgewatch.delivery;

import io.hedgewatch.config.AlertsConfig;
import io.hedgewatch.config.DeliveryPolicy;
import io.hedgewatch.config.SinkConfig;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;

/** The configured sinks, built from {@code alerts.sinks}. */
public final class Sinks {

  private Sinks() {}

  /** As {@link #create(AlertsConfig, OkHttpClient, PrintStream, Clock)} on the system clock. */
  public static List<AlertSink> create(AlertsConfig config, OkHttpClient base, PrintStream stdout) {
    return create(config, base, stdout, Clock.systemUTC());
  }

  /**
   * One sink per entry, in the config's order. The HTTP sinks each derive their own client from
   * {@code base} (sharing its connection pool and threads) with the sink's timeout for a whole
   * call; {@code clock} dates webhook signatures.
   */
  public static List<AlertSink> create(
      AlertsConfig config, OkHttpClient base, PrintStream stdout, Clock clock) {
    return create(config, base, stdout, clock, false);
  }

  /**
   * As {@link #create(AlertsConfig, OkHttpClient, PrintStream, Clock)}; {@code stdoutColour}
   * colours the stdout sink's lines by severity (for a terminal: {@link StdoutSink#isTerminal()}).
   */
  public static List<AlertSink> create(
      AlertsConfig config,
      OkHttpClient base,
      PrintStream stdout,
      Clock clock,
      boolean stdoutColour) {
    List<AlertSink> sinks = new ArrayList<>();
    for (SinkConfig sink : config.sinks()) {
      sinks.add(create(sink, base, stdout, clock, stdoutColour));
    }
    return List.copyOf(sinks);
  }

  public static AlertSink create(
      SinkConfig config, OkHttpClient base, PrintStream stdout, Clock clock) {
    return create(config, base, stdout, clock, false);
  }

  public static AlertSink create(
      SinkConfig config, OkHttpClient base, PrintStream stdout, Clock clock, boolean stdoutColour) {
    if (config instanceof SinkConfig.Stdout c) {
      return new StdoutSink(c, stdout, stdoutColour);
    }
    if (config instanceof SinkConfig.Jsonl c) {
      return new JsonlSink(c);
    }
    if (config instanceof SinkConfig.Webhook c) {
      return new WebhookSink(c, base, clock);
    }
    if (config instanceof SinkConfig.Slack c) {
      return new SlackSink(c, base, clock);
    }
    if (config instanceof SinkConfig.Discord c) {
      return new DiscordSink(c, base, clock);
    }
    if (config instanceof SinkConfig.Telegram c) {
      return new TelegramSink(c, base, clock);
    }
    throw new IllegalArgumentException("no sink of type " + config.type());
  }

  /** Each sink's delivery policy by its name, for the {@link Dispatcher}. */
  public static Map<String, DeliveryPolicy> policies(AlertsConfig config) {
    Map<String, DeliveryPolicy> policies = new LinkedHashMap<>();
    for (SinkConfig sink : config.sinks()) {
      policies.put(sink.name(), sink.delivery());
    }
    return policies;
  }
}
