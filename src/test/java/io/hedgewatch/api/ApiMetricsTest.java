package io.hedgewatch.api;

import static io.hedgewatch.api.ApiFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.config.ApiConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /metrics}: Prometheus text exposition 0.0.4, checked line by line against its grammar,
 * and every series named {@code hedgewatch_*} whoever registered the meter.
 */
class ApiMetricsTest {

  private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
  private static final String LABEL_VALUE = "\"(?:[^\"\\\\\\n]|\\\\[\\\\\"n])*\"";
  private static final String LABEL = "[a-zA-Z_][a-zA-Z0-9_]*=" + LABEL_VALUE;
  private static final String VALUE =
      "(?:[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|NaN|[+-]Inf)";
  private static final Pattern HELP =
      Pattern.compile("# HELP (" + NAME + ") (?:[^\\\\\\n]|\\\\[\\\\n])*");
  private static final Pattern TYPE =
      Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
  private static final Pattern SAMPLE =
      Pattern.compile(
          "("
              + NAME
              + ")(?:\\{(?:"
              + LABEL
              + "(?:,"
              + LABEL
              + ")*,?)?\\})? "
              + VALUE
              + "(?: -?[0-9]+)?");
  private static final List<String> SUFFIXES =
      List.of("", "_total", "_created", "_sum", "_count", "_bucket");

  @Test
  void metrics_are_prometheus_text_and_every_series_is_named_hedgewatch() throws Exception {
    PrometheusMeterRegistry registry = ApiMetrics.newRegistry();
    // one of ours, and one registered without the prefix (as a library's binder would)
    Counter.builder("hedgewatch.alerts.opened")
        .tag("rule", "oracle.stale")
        .register(registry)
        .increment();
    Gauge.builder("outbox.pending", () -> 3).tag("sink", "a \"quoted\" sink").register(registry);
    Timer.builder("cycle.duration").register(registry).record(Duration.ofMillis(120));

    String text;
    String contentType;
    try (ApiServer server =
            ApiServer.start(
                new ApiConfig("127.0.0.1", 0, Optional.empty()),
                new FakeMonitorView(NOW),
                registry);
        Response response =
            new OkHttpClient()
                .newCall(
                    new Request.Builder()
                        .url("http://127.0.0.1:" + server.port() + "/metrics")
                        .build())
                .execute()) {
      assertThat(response.code()).isEqualTo(200);
      contentType = response.header("Content-Type");
      text = response.body().string();
    }

    assertThat(contentType).startsWith("text/plain").contains("version=0.0.4");
    List<String> problems = check(text);
    assertThat(problems)
        .as("lines breaking the exposition format or the naming contract")
        .isEmpty();
    assertThat(text)
        .contains("hedgewatch_alerts_opened_total{rule=\"oracle.stale\"} 1.0")
        .contains("hedgewatch_outbox_pending{sink=\"a \\\"quoted\\\" sink\"} 3.0")
        .contains("hedgewatch_cycle_duration_seconds_count 1")
        .contains("hedgewatch_jvm_memory_used_bytes{")
        .contains("hedgewatch_jvm_threads_live_threads ")
        .contains("hedgewatch_process_uptime_seconds ")
        .contains("hedgewatch_system_cpu_count ");
  }

  @Test
  void the_line_check_rejects_what_breaks_the_format_or_the_prefix() {
    assertThat(check("# TYPE jvm_up gauge\njvm_up 1.0\n")).hasSize(2);
    assertThat(check("# TYPE hedgewatch_up gauge\nhedgewatch_up{a=\"b} 1\n")).hasSize(1);
    assertThat(check("hedgewatch_up 1.0\n")).hasSize(1);
    assertThat(check("# TYPE hedgewatch_up gauge\nhedgewatch_up one\n")).hasSize(1);
    assertThat(check("# TYPE hedgewatch_up gauge\n\nhedgewatch_up 1\n")).hasSize(1);
    assertThat(check("# TYPE hedgewatch_up gauge\n# HELP hedgewatch_up up\nhedgewatch_up 1e3\n"))
        .isEmpty();
  }

  /** Every line that breaks the 0.0.4 grammar or the naming contract, with its number. */
  private static List<String> check(String text) {
    List<String> problems = new ArrayList<>();
    Map<String, String> types = new HashMap<>();
    String[] lines = text.split("\n", -1);
    assertThat(lines[lines.length - 1]).as("the text ends with a newline").isEmpty();
    for (int i = 0; i < lines.length - 1; i++) {
      String line = lines[i];
      String where = (i + 1) + ": " + line;
      Matcher help = HELP.matcher(line);
      Matcher type = TYPE.matcher(line);
      Matcher sample = SAMPLE.matcher(line);
      String name;
      if (help.matches()) {
        name = help.group(1);
      } else if (type.matches()) {
        name = type.group(1);
        if (types.put(name, type.group(2)) != null) {
          problems.add(where + " (second TYPE for " + name + ")");
        }
      } else if (sample.matches()) {
        name = sample.group(1);
        String sampleName = name;
        boolean typed =
            SUFFIXES.stream()
                .anyMatch(
                    s ->
                        sampleName.endsWith(s)
                            && types.containsKey(
                                sampleName.substring(0, sampleName.length() - s.length())));
        if (!typed) {
          problems.add(where + " (no TYPE line before it)");
        }
      } else {
        problems.add(where + " (not a HELP, TYPE or sample line)");
        continue;
      }
      if (!name.startsWith("hedgewatch_")) {
        problems.add(where + " (not named hedgewatch_*)");
      }
    }
    return problems;
  }
}
