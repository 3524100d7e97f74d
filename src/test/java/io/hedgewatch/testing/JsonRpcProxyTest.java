package io.hedgewatch.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class JsonRpcProxyTest {

  private static final String BLOCK_NUMBER =
      "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"eth_blockNumber\",\"params\":[]}";
  private static final String BATCH =
      "[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[]},"
          + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"eth_call\",\"params\":[{},\"latest\"]}]";
  private static final String ANSWER = "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":\"0x20\"}";

  private final HttpClient http = HttpClient.newHttpClient();
  private MockWebServer node;
  private JsonRpcProxy proxy;

  @BeforeEach
  void start() throws IOException {
    node = new MockWebServer();
    node.start();
    proxy = new JsonRpcProxy(node.url("/").toString());
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

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void forwards_the_node_answer_and_counts_requests_methods_and_bytes() throws Exception {
    node.enqueue(new MockResponse().setBody(ANSWER));
    node.enqueue(new MockResponse().setBody("[]"));

    HttpResponse<String> r = post(BLOCK_NUMBER);
    post(BATCH);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(ANSWER);
    assertThat(node.takeRequest().getBody().readUtf8()).isEqualTo(BLOCK_NUMBER);
    assertThat(proxy.httpRequests()).isEqualTo(2);
    assertThat(proxy.calls("eth_blockNumber")).isEqualTo(2);
    assertThat(proxy.calls("eth_call")).isEqualTo(1);
    assertThat(proxy.totalCalls()).isEqualTo(3);
    assertThat(proxy.methodLog()).containsExactly("eth_blockNumber", "eth_blockNumber", "eth_call");
    assertThat(proxy.requestBytes()).isEqualTo(bytes(BLOCK_NUMBER) + bytes(BATCH));
    assertThat(proxy.responseBytes()).isEqualTo(bytes(ANSWER) + bytes("[]"));
  }

  @Test
  void reset_clears_every_count_including_bytes() throws Exception {
    node.enqueue(new MockResponse().setBody(ANSWER));
    post(BLOCK_NUMBER);

    proxy.reset();

    assertThat(proxy.httpRequests()).isZero();
    assertThat(proxy.totalCalls()).isZero();
    assertThat(proxy.methodLog()).isEmpty();
    assertThat(proxy.requestBytes()).isZero();
    assertThat(proxy.responseBytes()).isZero();
  }

  @Test
  void a_proxy_taken_down_answers_503_without_reaching_the_node_but_still_counts()
      throws Exception {
    proxy.setDown(true);

    HttpResponse<String> r = post(BLOCK_NUMBER);

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).isEqualTo("proxy is down");
    assertThat(node.getRequestCount()).isZero();
    assertThat(proxy.calls("eth_blockNumber")).isEqualTo(1);
    assertThat(proxy.responseBytes()).isEqualTo(bytes("proxy is down"));
  }

  @Test
  void an_unreachable_node_is_a_502_with_no_body() throws Exception {
    node.shutdown();

    HttpResponse<String> r = post(BLOCK_NUMBER);

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.body()).isEmpty();
    assertThat(proxy.responseBytes()).isZero();
    assertThat(proxy.requestBytes()).isEqualTo(bytes(BLOCK_NUMBER));
  }
}
