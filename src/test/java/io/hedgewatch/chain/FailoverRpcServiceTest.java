package io.hedgewatch.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthChainId;

class FailoverRpcServiceTest {

  private static final RpcRetryPolicy FAST =
      new RpcRetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofSeconds(30));

  private MockWebServer primary;
  private MockWebServer secondary;
  private FailoverRpcService service;
  private Web3j web3j;

  @BeforeEach
  void start() throws IOException {
    primary = new MockWebServer();
    secondary = new MockWebServer();
    primary.start();
    secondary.start();
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(2, TimeUnit.SECONDS).build();
    service =
        new FailoverRpcService(
            "test",
            List.of(primary.url("/").toString(), secondary.url("/").toString()),
            http,
            FAST);
    web3j = Web3j.build(service);
  }

  @AfterEach
  void stop() throws IOException {
    web3j.shutdown();
    primary.shutdown();
    secondary.shutdown();
  }

  private static MockResponse json(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }

  @Test
  void retries_a_5xx_on_the_same_endpoint_before_rotating() throws IOException {
    primary.enqueue(new MockResponse().setResponseCode(502));
    primary.enqueue(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x10\"}"));
    EthBlockNumber reply = web3j.ethBlockNumber().send();
    assertThat(reply.getBlockNumber()).isEqualTo(BigInteger.valueOf(16));
    assertThat(primary.getRequestCount()).isEqualTo(2);
    assertThat(secondary.getRequestCount()).isZero();
  }

  @Test
  void rotates_to_the_next_endpoint_after_retries_on_429_without_retry_after() throws IOException {
    for (int i = 0; i < 3; i++) {
      primary.enqueue(new MockResponse().setResponseCode(429));
    }
    secondary.enqueue(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0xa4b1\"}"));
    EthChainId reply = web3j.ethChainId().send();
    assertThat(reply.getChainId()).isEqualTo(BigInteger.valueOf(42161));
    assertThat(primary.getRequestCount()).isEqualTo(3);
    assertThat(secondary.getRequestCount()).isEqualTo(1);
    assertThat(service.stats().failovers()).isEqualTo(1);
    assertThat(service.restingFor(0)).isEmpty();
  }

  @Test
  void a_429s_retry_after_rests_the_endpoint_while_the_next_one_answers() throws IOException {
    primary.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "1"));
    secondary.enqueue(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0xa4b1\"}"));
    secondary.enqueue(json("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":\"0x10\"}"));
    assertThat(web3j.ethChainId().send().getChainId()).isEqualTo(BigInteger.valueOf(42161));
    // Not retried on the endpoint that asked to be left alone, and not asked again meanwhile.
    assertThat(web3j.ethBlockNumber().send().getBlockNumber()).isEqualTo(BigInteger.valueOf(16));
    assertThat(primary.getRequestCount()).isEqualTo(1);
    assertThat(secondary.getRequestCount()).isEqualTo(2);
    assertThat(service.restingFor(0)).hasValueSatisfying(left -> assertThat(left).isPositive());

    await().atMost(Duration.ofSeconds(3)).until(() -> service.restingFor(0).isEmpty());
    primary.enqueue(json("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":\"0x11\"}"));
    assertThat(web3j.ethBlockNumber().send().getBlockNumber()).isEqualTo(BigInteger.valueOf(17));
    assertThat(primary.getRequestCount()).isEqualTo(2);
    assertThat(secondary.getRequestCount()).isEqualTo(2);
  }

  @Test
  void a_retry_after_as_an_http_date_is_honoured_and_a_long_one_is_capped_at_a_minute()
      throws IOException {
    String inThirtySeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30));
    primary.enqueue(
        new MockResponse().setResponseCode(429).setHeader("Retry-After", inThirtySeconds));
    secondary.enqueue(new MockResponse().setResponseCode(429).setHeader("Retry-After", "3600"));
    assertThatThrownBy(() -> web3j.ethBlockNumber().send())
        .isInstanceOf(RpcUnavailableException.class)
        .hasMessageContaining("HTTP 429 (Retry-After 3600): left alone for 60 s");
    assertThat(service.restingFor(0))
        .hasValueSatisfying(
            left -> assertThat(left).isBetween(Duration.ofSeconds(25), Duration.ofSeconds(31)));
    assertThat(service.restingFor(1))
        .hasValueSatisfying(
            left -> assertThat(left).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(60)));

    // Both resting: the next request asks neither and says why.
    assertThatThrownBy(() -> web3j.ethBlockNumber().send())
        .isInstanceOf(RpcUnavailableException.class)
        .hasMessageContaining("rate-limited (HTTP 429), resting");
    assertThat(primary.getRequestCount()).isEqualTo(1);
    assertThat(secondary.getRequestCount()).isEqualTo(1);
  }

  @Test
  void process_wide_traffic_counts_each_attempt_by_chain_and_endpoint_label() throws IOException {
    for (int i = 0; i < 3; i++) {
      primary.enqueue(new MockResponse().setResponseCode(503));
    }
    secondary.enqueue(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0xa4b1\"}"));
    var before = RpcTraffic.snapshot();
    web3j.ethChainId().send();
    var spent = RpcTraffic.since(before, RpcTraffic.snapshot());
    String primaryLabel = RpcEndpointLabel.of(0, primary.url("/").toString());
    String secondaryLabel = RpcEndpointLabel.of(1, secondary.url("/").toString());
    assertThat(spent)
        .containsExactly(
            java.util.Map.entry(new RpcTraffic.Endpoint("test", primaryLabel), 3L),
            java.util.Map.entry(new RpcTraffic.Endpoint("test", secondaryLabel), 1L));
  }

  @Test
  void rotates_on_a_json_rpc_error_inside_http_200() throws IOException {
    for (int i = 0; i < 3; i++) {
      primary.enqueue(
          json(
              "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":-32005,\"message\":\"limit exceeded\"}}"));
    }
    secondary.enqueue(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}"));
    assertThat(web3j.ethBlockNumber().send().getBlockNumber()).isEqualTo(BigInteger.ONE);
    assertThat(secondary.getRequestCount()).isEqualTo(1);
  }

  @Test
  void rotates_on_garbage_and_truncated_bodies() throws IOException {
    primary.enqueue(json("<html>bad gateway</html>"));
    primary.enqueue(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"resu"));
    primary.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.DISCONNECT_AFTER_REQUEST));
    secondary.enqueue(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x2\"}"));
    assertThat(web3j.ethBlockNumber().send().getBlockNumber()).isEqualTo(BigInteger.TWO);
  }

  @Test
  void rotates_at_once_on_an_authorisation_failure() throws IOException {
    primary.enqueue(new MockResponse().setResponseCode(401).setBody("invalid api key"));
    secondary.enqueue(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x3\"}"));
    assertThat(web3j.ethBlockNumber().send().getBlockNumber()).isEqualTo(BigInteger.valueOf(3));
    assertThat(primary.getRequestCount()).isEqualTo(1);
  }

  @Test
  void a_revert_is_an_answer_and_does_not_rotate() throws IOException {
    primary.enqueue(
        json(
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":{\"code\":3,\"message\":\"execution reverted\",\"data\":\"0x19abf40e\"}}"));
    EthCall reply =
        web3j
            .ethCall(
                Transaction.createEthCallTransaction(
                    null, "0x0000000000000000000000000000000000000001", "0x"),
                DefaultBlockParameterName.LATEST)
            .send();
    assertThat(reply.hasError()).isTrue();
    assertThat(Web3jChainReader.revertData(reply.getError().getData())).isEqualTo("0x19abf40e");
    assertThat(primary.getRequestCount()).isEqualTo(1);
    assertThat(secondary.getRequestCount()).isZero();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"code\":-32603,\"message\":\"EVM error OutOfGas\"}",
        "{\"code\":-32000,\"message\":\"out of gas\"}",
        "{\"code\":-32000,\"message\":\"gas required exceeds allowance (50000000)\"}"
      })
  void a_call_out_of_gas_is_an_answer_the_caller_can_split_not_an_endpoint_failure(String error)
      throws IOException {
    primary.enqueue(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"error\":" + error + "}"));
    EthCall reply =
        web3j
            .ethCall(
                Transaction.createEthCallTransaction(
                    null, "0x0000000000000000000000000000000000000001", "0x"),
                DefaultBlockParameterName.LATEST)
            .send();
    assertThat(reply.hasError()).isTrue();
    assertThat(primary.getRequestCount()).isEqualTo(1);
    assertThat(secondary.getRequestCount()).isZero();
  }

  @Test
  void extracts_revert_data_in_the_shapes_nodes_use() {
    assertThat(Web3jChainReader.revertData("\"0x19ABF40E\"")).isEqualTo("0x19abf40e");
    assertThat(Web3jChainReader.revertData("{\"code\":3,\"data\":\"0x14aebe68\"}"))
        .isEqualTo("0x14aebe68");
    assertThat(Web3jChainReader.revertData("\"Reverted\"")).isEqualTo("0x");
    assertThat(Web3jChainReader.revertData(null)).isEqualTo("0x");
  }

  @Test
  void failures_name_endpoints_by_host_never_by_the_path_or_query_holding_an_api_key() {
    OkHttpClient http = new OkHttpClient.Builder().callTimeout(2, TimeUnit.SECONDS).build();
    Web3j keyed =
        Web3j.build(
            new FailoverRpcService(
                "test",
                List.of(
                    primary.url("/v2/SECRET-KEY").toString(),
                    secondary.url("/rpc?apikey=OTHER-SECRET").toString()),
                http,
                FAST));
    for (int i = 0; i < 3; i++) {
      primary.enqueue(new MockResponse().setResponseCode(503));
      secondary.enqueue(new MockResponse().setResponseCode(401));
    }
    try {
      assertThatThrownBy(() -> keyed.ethBlockNumber().send())
          .isInstanceOf(RpcUnavailableException.class)
          .hasMessageContaining("rpc[0] " + primary.getHostName() + ":" + primary.getPort())
          .hasMessageContaining("rpc[1] " + secondary.getHostName() + ":" + secondary.getPort())
          .hasMessageNotContaining("SECRET");
    } finally {
      keyed.shutdown();
    }
  }

  @Test
  void names_every_endpoint_when_all_fail() {
    for (int i = 0; i < 3; i++) {
      primary.enqueue(new MockResponse().setResponseCode(503));
      secondary.enqueue(new MockResponse().setResponseCode(500));
    }
    assertThatThrownBy(() -> web3j.ethBlockNumber().send())
        .isInstanceOf(RpcUnavailableException.class)
        .hasMessageContaining("all RPC endpoints of chain test failed")
        .hasMessageContaining(
            "rpc[0] " + primary.getHostName() + ":" + primary.getPort() + ": HTTP 503")
        .hasMessageContaining(
            "rpc[1] " + secondary.getHostName() + ":" + secondary.getPort() + ": HTTP 500");
  }

  @Test
  void quarantines_a_failing_primary_so_later_requests_go_straight_to_the_secondary()
      throws IOException {
    for (int i = 0; i < 6; i++) {
      primary.enqueue(new MockResponse().setResponseCode(503));
    }
    for (int i = 0; i < 3; i++) {
      secondary.enqueue(json("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":\"0x1\"}"));
    }
    web3j.ethBlockNumber().send();
    web3j.ethBlockNumber().send();
    int primaryAfterTwo = primary.getRequestCount();
    web3j.ethBlockNumber().send();
    assertThat(primaryAfterTwo).isEqualTo(6);
    assertThat(primary.getRequestCount()).isEqualTo(6);
    assertThat(secondary.getRequestCount()).isEqualTo(3);
  }

  @Test
  void pairs_batch_replies_by_id_even_when_the_server_reorders_them() throws IOException {
    var first = web3j.ethBlockNumber();
    var second = web3j.ethChainId();
    primary.enqueue(
        json(
            "[{\"jsonrpc\":\"2.0\",\"id\":"
                + second.getId()
                + ",\"result\":\"0x1\"},"
                + "{\"jsonrpc\":\"2.0\",\"id\":"
                + first.getId()
                + ",\"result\":\"0x99\"}]"));
    BatchResponse batch = web3j.newBatch().add(first).add(second).send();
    assertThat(((EthBlockNumber) batch.getResponses().get(0)).getBlockNumber())
        .isEqualTo(BigInteger.valueOf(0x99));
    assertThat(((EthChainId) batch.getResponses().get(1)).getChainId()).isEqualTo(BigInteger.ONE);
  }

  @Test
  void a_missing_batch_reply_fails_only_that_request() throws IOException {
    var first = web3j.ethBlockNumber();
    var second = web3j.ethChainId();
    primary.enqueue(
        json("[{\"jsonrpc\":\"2.0\",\"id\":" + first.getId() + ",\"result\":\"0x5\"}]"));
    BatchResponse batch = web3j.newBatch().add(first).add(second).send();
    assertThat(((EthBlockNumber) batch.getResponses().get(0)).getBlockNumber())
        .isEqualTo(BigInteger.valueOf(5));
    assertThat(batch.getResponses().get(1).hasError()).isTrue();
    assertThat(batch.getResponses().get(1).getError().getMessage())
        .contains("no element with id " + second.getId());
  }

  @Test
  void a_batch_answered_with_a_single_error_object_rotates() throws IOException {
    for (int i = 0; i < 3; i++) {
      primary.enqueue(
          json(
              "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"batch too large\"}}"));
    }
    var first = web3j.ethBlockNumber();
    secondary.enqueue(
        json("[{\"jsonrpc\":\"2.0\",\"id\":" + first.getId() + ",\"result\":\"0x7\"}]"));
    BatchResponse batch = web3j.newBatch().add(first).send();
    assertThat(((EthBlockNumber) batch.getResponses().get(0)).getBlockNumber())
        .isEqualTo(BigInteger.valueOf(7));
  }
}
