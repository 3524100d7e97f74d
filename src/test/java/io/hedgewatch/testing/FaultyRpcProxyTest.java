package io.hedgewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.testing.FaultyRpcProxy.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultyRpcProxyTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BLOCK_NUMBER =
      "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_blockNumber\",\"params\":[]}";
  private static final String BATCH =
      "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[]},"
          + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_call\",\"params\":[{},\"latest\"]}]";

  private final HttpClient http = HttpClient.newHttpClient();
  private MockWebServer node;
  private FaultyRpcProxy proxy;
  private volatile long head = 0x20;

  /** Answers every call with its own id; eth_call echoes the block tag it was asked at. */
  @BeforeEach
  void start() throws IOException {
    node = new MockWebServer();
    node.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            try {
              JsonNode root = JSON.readTree(request.getBody().readUtf8());
              if (root.isArray()) {
                var out = JSON.createArrayNode();
                root.forEach(c -> out.add(answer(c)));
                return new MockResponse().setBody(out.toString());
              }
              return new MockResponse().setBody(answer(root).toString());
            } catch (IOException e) {
              return new MockResponse().setResponseCode(400);
            }
          }
        });
    node.start();
    proxy = new FaultyRpcProxy(node.url("/").toString());
  }

  private JsonNode answer(JsonNode call) {
    var reply = JSON.createObjectNode().put("jsonrpc", "2.0");
    reply.set("id", call.get("id"));
    if (call.path("method").asText().equals("eth_blockNumber")) {
      reply.put("result", "0x" + Long.toHexString(head));
    } else {
      reply.put("result", "at " + call.path("params").path(1).asText());
    }
    return reply;
  }

  @AfterEach
  void stop() throws IOException {
    proxy.close();
    node.shutdown();
  }

  private HttpResponse<String> post(String body) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(proxy.url()))
            .timeout(Duration.ofSeconds(10))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void forwards_unchanged_without_a_fault() throws Exception {
    HttpResponse<String> r = post(BLOCK_NUMBER);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).path("result").asText()).isEqualTo("0x20");
    assertThat(proxy.faulted()).isZero();
    assertThat(proxy.requests()).isEqualTo(1);
  }

  @Test
  void drop_closes_the_connection_without_an_answer() {
    proxy.fault(Fault.DROP);
    assertThatThrownBy(() -> post(BLOCK_NUMBER)).isInstanceOf(IOException.class);
    assertThat(proxy.faulted()).isEqualTo(1);
  }

  @Test
  void rate_limited_answers_429_with_retry_after() throws Exception {
    proxy.fault(Fault.RATE_LIMITED);
    HttpResponse<String> r = post(BLOCK_NUMBER);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(node.getRequestCount()).as("nothing reaches the node").isZero();
  }

  @Test
  void server_error_answers_503() throws Exception {
    proxy.fault(Fault.SERVER_ERROR);
    assertThat(post(BLOCK_NUMBER).statusCode()).isEqualTo(503);
  }

  @Test
  void truncated_body_is_not_json_and_garbage_is_html() throws Exception {
    proxy.fault(Fault.TRUNCATED);
    HttpResponse<String> cut = post(BLOCK_NUMBER);
    assertThat(cut.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> JSON.readTree(cut.body())).isInstanceOf(IOException.class);
    proxy.fault(Fault.GARBAGE);
    assertThat(post(BLOCK_NUMBER).body()).startsWith("<html>");
    proxy.fault(Fault.NONE);
    assertThat(JSON.readTree(post(BLOCK_NUMBER).body()).path("result").asText()).isEqualTo("0x20");
  }

  @Test
  void wrong_batch_ids_shift_every_id_of_a_batch_reply_only() throws Exception {
    proxy.fault(Fault.WRONG_BATCH_IDS);
    JsonNode batch = JSON.readTree(post(BATCH).body());
    assertThat(batch.get(0).path("id").asLong()).isEqualTo(1_000_001);
    assertThat(batch.get(1).path("id").asLong()).isEqualTo(1_000_002);
    assertThat(JSON.readTree(post(BLOCK_NUMBER).body()).path("id").asLong()).isEqualTo(7);
  }

  @Test
  void a_stale_node_keeps_its_head_and_pins_block_tags_to_it() throws Exception {
    assertThat(proxy.freezeHead()).isEqualTo(0x20);
    head = 0x30;
    JsonNode batch = JSON.readTree(post(BATCH).body());
    assertThat(batch.get(0).path("result").asText()).isEqualTo("0x20");
    assertThat(batch.get(1).path("result").asText()).isEqualTo("at 0x20");
    proxy.unfreezeHead();
    assertThat(JSON.readTree(post(BLOCK_NUMBER).body()).path("result").asText()).isEqualTo("0x30");
  }

  @Test
  void a_delay_holds_the_answer() throws Exception {
    proxy.delay(Duration.ofMillis(300));
    long started = System.nanoTime();
    assertThat(post(BLOCK_NUMBER).statusCode()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThan(Duration.ofMillis(290));
  }

  @Test
  void a_dead_upstream_looks_like_a_dropped_connection_until_it_is_swapped() throws Exception {
    MockWebServer other = new MockWebServer();
    other.setDispatcher(node.getDispatcher());
    other.start();
    String url = other.url("/").toString();
    other.shutdown();
    proxy.upstream(url);
    assertThatThrownBy(() -> post(BLOCK_NUMBER)).isInstanceOf(IOException.class);
    proxy.upstream(node.url("/").toString());
    assertThat(post(BLOCK_NUMBER).statusCode()).isEqualTo(200);
  }
}
