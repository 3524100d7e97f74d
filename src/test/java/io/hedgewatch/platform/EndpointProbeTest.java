package io.hedgewatch.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.RpcProbe;
import io.hedgewatch.domain.Severity;
import io.hedgewatch.risk.RpcRules;
import io.hedgewatch.risk.RuleSettingsLookup;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EndpointProbeTest {

  private static final Instant NOW = Instant.ofEpochSecond(1_790_000_010L);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final List<Integer> DEPTHS = List.of(5, 64);

  private final List<MockWebServer> servers = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (MockWebServer s : servers) {
      s.shutdown();
    }
  }

  private String serve(FakeEvmNode node) throws IOException {
    MockWebServer server = new MockWebServer();
    server.setDispatcher(node);
    server.start(InetAddress.getLoopbackAddress(), 0);
    servers.add(server);
    return "http://127.0.0.1:" + server.getPort() + "/v2/secret-api-key";
  }

  private static String closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort() + "/v2/secret-api-key";
    }
  }

  private static RpcProbe probe(List<String> urls, List<Integer> depths) {
    try (EndpointProbe probe =
        new EndpointProbe("arbitrum", 42161, urls, Duration.ofMillis(1500), CLOCK)) {
      return probe.probe(depths);
    }
  }

  @Test
  void asks_every_endpoint_for_its_chain_head_and_the_hashes_at_the_comparison_heights()
      throws IOException {
    FakeEvmNode a = new FakeEvmNode();
    FakeEvmNode b = new FakeEvmNode();
    b.reverseBatches = true;
    RpcProbe p = probe(List.of(serve(a), serve(b)), DEPTHS);

    assertThat(p.chain()).isEqualTo("arbitrum");
    assertThat(p.at()).isEqualTo(NOW);
    assertThat(p.live()).hasSize(2);
    RpcProbe.Up first = p.live().get(0);
    assertThat(first.label()).startsWith("rpc[0] 127.0.0.1:").doesNotContain("secret");
    assertThat(first.chainId()).isEqualTo(42161);
    assertThat(first.head()).isEqualTo(1000);
    assertThat(first.headTime()).isEqualTo(Instant.ofEpochSecond(a.headTimestamp));
    assertThat(first.hashes())
        .isEqualTo(Map.of(995L, FakeEvmNode.hashOf(995), 936L, FakeEvmNode.hashOf(936)));
    assertThat(p.live().get(1).hashes()).isEqualTo(first.hashes());
    assertThat(a.httpRequests).hasValue(2);
    assertThat(RpcRules.evaluate(p, RuleSettingsLookup.defaults())).isEmpty();
  }

  @Test
  void a_lagging_endpoint_lowers_the_comparison_heights_and_fires_rpc_lag() throws IOException {
    FakeEvmNode a = new FakeEvmNode();
    FakeEvmNode b = new FakeEvmNode();
    b.head = 970;
    b.headTimestamp = a.headTimestamp - 60;
    RpcProbe p = probe(List.of(serve(a), serve(b)), DEPTHS);
    assertThat(p.down()).isEmpty();
    assertThat(p.live().get(0).hashes()).containsOnlyKeys(970L, 936L);
    assertThat(p.live().get(1).hashes()).containsOnlyKeys(970L, 936L);
    assertThat(RpcRules.evaluate(p, RuleSettingsLookup.defaults()))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.rule()).isEqualTo("rpc.lag");
              assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
              assertThat(alert.value()).isEqualTo(30.0);
            });
  }

  @Test
  void different_hashes_fire_rpc_disagreement() throws IOException {
    FakeEvmNode a = new FakeEvmNode();
    FakeEvmNode b = new FakeEvmNode();
    b.hashes.put(995L, "0x" + "ab".repeat(32));
    List<Alert> alerts =
        RpcRules.evaluate(
            probe(List.of(serve(a), serve(b)), DEPTHS), RuleSettingsLookup.defaults());
    assertThat(alerts)
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.rule()).isEqualTo("rpc.disagreement");
              assertThat(alert.severity()).isEqualTo(Severity.WARNING);
            });
  }

  @Test
  void endpoints_that_refuse_fail_or_time_out_are_down_and_do_not_stop_the_others()
      throws IOException {
    FakeEvmNode good = new FakeEvmNode();
    FakeEvmNode unavailable = new FakeEvmNode();
    unavailable.httpStatus = 503;
    FakeEvmNode slow = new FakeEvmNode();
    slow.delayMillis = 4_000;
    FakeEvmNode limited = new FakeEvmNode();
    limited.rawReply =
        "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32005,\"message\":\"rate limit\"}}";
    FakeEvmNode erroring = new FakeEvmNode();
    erroring.failing.put("eth_getBlockByNumber", "header not found");

    RpcProbe p =
        probe(
            List.of(
                serve(good),
                closedPort(),
                serve(unavailable),
                serve(slow),
                serve(limited),
                serve(erroring)),
            DEPTHS);

    assertThat(p.live()).extracting(RpcProbe.Up::index).containsExactly(0);
    assertThat(p.down()).extracting(RpcProbe.Down::index).containsExactly(1, 2, 3, 4, 5);
    assertThat(p.down().get(1).reason()).isEqualTo("HTTP 503");
    assertThat(p.down().get(2).reason()).isEqualTo("no answer within 1500 ms");
    assertThat(p.down().get(3).reason()).contains("batch refused").contains("rate limit");
    assertThat(p.down().get(4).reason()).contains("header not found");
    assertThat(p.down()).allSatisfy(d -> assertThat(d.reason()).doesNotContain("secret"));
    assertThat(RpcRules.evaluate(p, RuleSettingsLookup.defaults())).isEmpty();
  }

  @Test
  void an_endpoint_on_another_chain_is_not_asked_for_hashes() throws IOException {
    FakeEvmNode good = new FakeEvmNode();
    FakeEvmNode mainnet = new FakeEvmNode();
    mainnet.chainId = 1;
    mainnet.head = 20_000_000;
    RpcProbe p = probe(List.of(serve(good), serve(mainnet)), DEPTHS);
    assertThat(p.onOtherChain())
        .singleElement()
        .satisfies(u -> assertThat(u.chainId()).isEqualTo(1));
    assertThat(mainnet.httpRequests).hasValue(1);
    assertThat(p.live().get(0).hashes()).containsOnlyKeys(995L, 936L);
    assertThat(RpcRules.evaluate(p, RuleSettingsLookup.defaults()))
        .singleElement()
        .satisfies(
            alert -> {
              assertThat(alert.rule()).isEqualTo("rpc.disagreement");
              assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
            });
  }

  @Test
  void without_depths_only_heads_are_asked() throws IOException {
    FakeEvmNode a = new FakeEvmNode();
    RpcProbe p = probe(List.of(serve(a)), List.of());
    assertThat(p.live().get(0).hashes()).isEmpty();
    assertThat(a.httpRequests).hasValue(1);
  }

  @Test
  void labels_keep_the_host_and_drop_paths_queries_and_credentials() {
    assertThat(EndpointProbe.label(0, "https://arb-mainnet.g.alchemy.com/v2/KEY?x=1"))
        .isEqualTo("rpc[0] arb-mainnet.g.alchemy.com");
    assertThat(EndpointProbe.label(2, "https://user:pass@rpc.example:8443/key"))
        .isEqualTo("rpc[2] rpc.example:8443");
    assertThat(EndpointProbe.label(1, "not a url")).isEqualTo("rpc[1]");
  }
}
