package io.hedgewatch.api;

import static io.hedgewatch.api.ApiFixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.config.ApiConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's files as a browser gets them from a real server: all from the jar. */
class DashboardTest {

  /** Where a page or a style sheet would make the browser load something. */
  private static final Pattern REFERENCE =
      Pattern.compile("(?:src|href)\\s*=\\s*[\"']([^\"']*)[\"']|url\\(\\s*[\"']?([^\"')]*)");

  /** What a script would load or call elsewhere: a URL with a scheme or a protocol-relative one. */
  private static final Pattern ABSOLUTE = Pattern.compile("^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)");

  private final FakeMonitorView view = new FakeMonitorView(NOW.minusSeconds(3600));
  private final OkHttpClient http = new OkHttpClient();
  private ApiServer server;

  @BeforeEach
  void start() {
    server =
        ApiServer.start(
            new ApiConfig("127.0.0.1", 0, Optional.empty()),
            view,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private record Reply(int code, String contentType, String body) {}

  private Reply get(String path) throws Exception {
    Request request = new Request.Builder().url("http://127.0.0.1:" + server.port() + path).build();
    try (Response response = http.newCall(request).execute()) {
      return new Reply(
          response.code(), response.header("Content-Type", ""), response.body().string());
    }
  }

  /** Type and charset, however the server spaces them. */
  private static String mediaType(String header) {
    MediaType type = MediaType.get(header);
    return type.type() + "/" + type.subtype() + "; charset=" + type.charset();
  }

  private static List<String> references(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = REFERENCE.matcher(text);
    while (m.find()) {
      found.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return found;
  }

  @Test
  void the_page_at_the_root_loads_its_script_styles_and_uplot_from_this_server() throws Exception {
    Reply page = get("/");

    assertThat(page.code()).isEqualTo(200);
    assertThat(mediaType(page.contentType())).isEqualTo("text/html; charset=UTF-8");
    List<String> references = references(page.body());
    assertThat(references)
        .contains(
            "/dashboard/dashboard.js",
            "/dashboard/dashboard.css",
            "/dashboard/vendor/uplot/uPlot.iife.min.js",
            "/dashboard/vendor/uplot/uPlot.min.css");
    for (String reference : references) {
      assertThat(reference).as("a reference of the page").doesNotContainPattern(ABSOLUTE);
      // The API's own links are tested with the API; the stream would not end.
      if (reference.startsWith("/dashboard/")) {
        assertThat(get(reference).code()).as("GET %s", reference).isEqualTo(200);
      }
    }
    assertThat(page.body()).doesNotContain("http://", "https://");
  }

  @Test
  void the_page_keeps_the_list_of_api_endpoints_in_its_footer() throws Exception {
    String footer = get("/").body().replaceAll("(?s).*<footer>(.*)</footer>.*", "$1");

    assertThat(footer)
        .contains(
            "href=\"/api/v1/status\"",
            "href=\"/api/v1/feeds\"",
            "href=\"/api/v1/markets\"",
            "href=\"/api/v1/positions\"",
            "GET /api/v1/history/feeds/{id}",
            "GET /api/v1/history/markets/{id}",
            "href=\"/api/v1/alerts?state=open\"",
            "href=\"/api/v1/deliveries?state=dead\"",
            "href=\"/api/v1/stream\"",
            "href=\"/metrics\"",
            "href=\"/healthz\"",
            "href=\"/readyz\"");
  }

  @Test
  void every_dashboard_file_is_served_with_its_content_type() throws Exception {
    for (Map.Entry<String, ApiServer.Asset> asset : ApiServer.DASHBOARD.entrySet()) {
      Reply reply = get(asset.getKey());

      assertThat(reply.code()).as("GET %s", asset.getKey()).isEqualTo(200);
      assertThat(mediaType(reply.contentType()))
          .as(asset.getKey())
          .isEqualTo(mediaType(asset.getValue().contentType()));
      assertThat(reply.body()).as(asset.getKey()).isNotBlank();
    }
    assertThat(get("/dashboard/dashboard.js").contentType()).startsWith("text/javascript");
    assertThat(get("/dashboard/dashboard.css").contentType()).startsWith("text/css");
  }

  @Test
  void the_dashboard_script_talks_only_to_this_server() throws Exception {
    String script = get("/dashboard/dashboard.js").body();

    assertThat(script).doesNotContain("http://", "https://", "//cdn", "import(");
    Matcher calls =
        Pattern.compile("(?:getJson|fetch|EventSource)\\(\\s*'([^']*)'").matcher(script);
    List<String> targets = new ArrayList<>();
    while (calls.find()) {
      targets.add(calls.group(1));
    }
    assertThat(targets)
        .contains("/api/v1/status", "/api/v1/feeds", "/api/v1/stream")
        .allSatisfy(t -> assertThat(t).startsWith("/api/v1/"));
  }

  @Test
  void uplot_is_vendored_with_its_licence_and_loads_nothing_from_elsewhere() throws Exception {
    Reply script = get("/dashboard/vendor/uplot/uPlot.iife.min.js");
    Reply styles = get("/dashboard/vendor/uplot/uPlot.min.css");
    Reply licence = get("/dashboard/vendor/uplot/LICENSE");

    assertThat(script.body()).contains("uPlot");
    assertThat(references(script.body())).noneMatch(r -> ABSOLUTE.matcher(r).find());
    assertThat(references(styles.body())).noneMatch(r -> ABSOLUTE.matcher(r).find());
    assertThat(licence.contentType()).startsWith("text/plain");
    assertThat(licence.body()).contains("MIT", "Leon Sorokin");
  }

  @Test
  void a_file_that_is_not_part_of_the_dashboard_is_404_json() throws Exception {
    for (String path :
        List.of(
            "/dashboard/missing.js",
            "/dashboard/../logback.xml",
            "/dashboard/vendor/uplot/uPlot.esm.js",
            "/index.html")) {
      Reply reply = get(path);

      assertThat(reply.code()).as(path).isEqualTo(404);
      assertThat(reply.contentType()).as(path).startsWith("application/json");
    }
  }
}
