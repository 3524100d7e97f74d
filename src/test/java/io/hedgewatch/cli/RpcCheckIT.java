package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.devnet.Anvil;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.testing.FreezableRpcProxy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rpc.lag} and {@code rpc.disagreement} in {@code check}: each endpoint of a chain is asked
 * on its own, beside the failover reads, and reported under {@code chains[].endpoints}. The second
 * endpoint is a proxy in front of the same anvil that can freeze its head or answer another fork,
 * and its URL carries an API key that must never reach the output.
 */
class RpcCheckIT {

  private static final String SECRET = "SECRET-API-KEY";

  private static Devnet devnet;
  private static DevnetContracts c;

  @TempDir Path dir;
  private String snapshot;
  private FreezableRpcProxy proxy;
  private Path config;

  @BeforeAll
  static void startDevnet() {
    devnet = Devnet.start();
    c = devnet.contracts();
  }

  @AfterAll
  static void stopDevnet() {
    if (devnet != null) {
      devnet.close();
    }
  }

  @BeforeEach
  void twoEndpoints() throws IOException {
    snapshot = devnet.anvil().snapshot();
    proxy = new FreezableRpcProxy(devnet.rpcUrl());
    String yaml =
        devnet
            .configYaml()
            .replace(
                "rpcUrls: [\"" + devnet.rpcUrl() + "\"]",
                "rpcUrls: [\"" + devnet.rpcUrl() + "\", \"" + proxy.url() + "v2/" + SECRET + "\"]");
    assertThat(yaml).contains(SECRET);
    config = Files.writeString(dir.resolve("two-endpoints.yaml"), yaml);
    refreshFeeds();
  }

  @AfterEach
  void restore() {
    proxy.close();
    devnet.anvil().revert(snapshot);
  }

  /** Fresh rounds on every feed, so that only the rule under test can fire. */
  private static void refreshFeeds() {
    long t = devnet.anvil().latestBlockTimestamp();
    devnet.ops().postRound(c.ethUsdProxy(), Devnet.ETH_USD_ANSWER, t);
    devnet.ops().postRound(c.btcUsdProxy(), Devnet.BTC_USD_ANSWER, t);
    devnet.ops().postRound(c.usdcUsdProxy(), Devnet.USDC_USD_ANSWER, t);
    devnet
        .ops()
        .setPythPrice(
            c.pythEthUsdId(),
            Devnet.PYTH_ETH_USD_PRICE,
            Devnet.PYTH_ETH_USD_CONF,
            Devnet.PYTH_EXPO,
            t);
  }

  private static void mine(int blocks) {
    for (int i = 0; i < blocks; i++) {
      devnet.anvil().mine();
    }
  }

  private static List<JsonNode> alerts(JsonNode doc, String rule) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode a : doc.get("alerts")) {
      if (a.get("rule").asText().equals(rule)) {
        found.add(a);
      }
    }
    return found;
  }

  private static JsonNode endpoints(JsonNode doc) {
    return doc.get("chains").get(0).get("endpoints");
  }

  /** Checks as JSON and as a table; neither may show the API key of the second URL. */
  private CheckIT.Run check() {
    CheckIT.Run table = CheckIT.check(config, false);
    CheckIT.Run json = CheckIT.check(config, true);
    assertThat(table.out() + table.err() + json.out() + json.err()).doesNotContain(SECRET);
    assertThat(table.exit()).isEqualTo(json.exit());
    return json;
  }

  @Test
  void an_endpoint_whose_head_freezes_fires_rpc_lag_and_clears_when_it_catches_up()
      throws Exception {
    CheckIT.Run calm = check();
    assertThat(calm.exit()).as(calm.out() + calm.err()).isZero();
    JsonNode both = endpoints(calm.json());
    assertThat(both).hasSize(2);
    assertThat(both.get(0).get("endpoint").asText()).startsWith("rpc[0] 127.0.0.1:");
    assertThat(both.get(1).get("endpoint").asText())
        .isEqualTo("rpc[1] 127.0.0.1:" + proxy.url().replaceAll(".*:(\\d+)/$", "$1"));
    assertThat(both.get(1).get("head").asLong()).isEqualTo(both.get(0).get("head").asLong());
    assertThat(both.get(1).get("blocksBehind").asLong()).isZero();
    assertThat(both.get(1).get("error").isNull()).isTrue();

    long frozenAt = proxy.freeze();
    mine(10);
    CheckIT.Run lagging = check();
    List<JsonNode> lag = alerts(lagging.json(), "rpc.lag");
    assertThat(lag).hasSize(1);
    assertThat(lag.get(0).get("subject").asText()).isEqualTo("chain:devnet");
    assertThat(lag.get(0).get("severity").asText()).isEqualTo("WARNING");
    assertThat(lag.get(0).get("value").asDouble()).isEqualTo(10.0);
    assertThat(lag.get(0).get("threshold").asDouble()).isEqualTo(5.0);
    assertThat(lag.get(0).get("message").asText())
        .contains("rpc[1] 127.0.0.1:", "10 blocks behind");
    assertThat(lagging.exit()).isEqualTo(1);
    JsonNode frozen = endpoints(lagging.json()).get(1);
    assertThat(frozen.get("head").asLong()).isEqualTo(frozenAt);
    assertThat(frozen.get("blocksBehind").asLong()).isEqualTo(10);
    assertThat(alerts(lagging.json(), "rpc.disagreement"))
        .as("a lagging endpoint agrees on the blocks it has")
        .isEmpty();
    // The failover reads still go to the first endpoint, at the real head: feeds are judged as
    // before.
    assertThat(lagging.json().get("chains").get(0).get("block").asLong()).isEqualTo(frozenAt + 10);

    mine(15);
    assertThat(alerts(check().json(), "rpc.lag").get(0).get("severity").asText())
        .isEqualTo("CRITICAL");

    proxy.unfreeze();
    CheckIT.Run cleared = check();
    assertThat(alerts(cleared.json(), "rpc.lag")).isEmpty();
    assertThat(cleared.exit()).as(cleared.out()).isZero();
  }

  @Test
  void an_endpoint_on_another_fork_fires_rpc_disagreement_beyond_the_reorg_depth()
      throws Exception {
    mine(12);
    long head = devnet.anvil().blockNumber();

    proxy.forkFrom(head - 3);
    CheckIT.Run reorg = check();
    assertThat(alerts(reorg.json(), "rpc.disagreement"))
        .as("the newest 5 blocks may differ: a reorganisation in flight")
        .isEmpty();
    assertThat(reorg.exit()).isZero();

    proxy.forkFrom(head - 10);
    CheckIT.Run forked = check();
    List<JsonNode> disagreement = alerts(forked.json(), "rpc.disagreement");
    assertThat(disagreement).hasSize(1);
    assertThat(disagreement.get(0).get("subject").asText()).isEqualTo("chain:devnet");
    assertThat(disagreement.get(0).get("severity").asText()).isEqualTo("WARNING");
    assertThat(disagreement.get(0).get("message").asText())
        .contains("endpoints disagree on block " + (head - 5), "rpc[0]", "rpc[1]");
    assertThat(forked.exit()).isEqualTo(1);

    proxy.unfork();
    assertThat(alerts(check().json(), "rpc.disagreement")).isEmpty();
  }

  @Test
  void an_endpoint_on_another_chain_is_a_critical_disagreement() throws IOException {
    try (Anvil other = Anvil.builder().genesisTimestamp(1_700_000_000L).start()) {
      Path mixed =
          Files.writeString(
              dir.resolve("mixed.yaml"),
              devnet
                  .configYaml()
                  .replace(
                      "rpcUrls: [\"" + devnet.rpcUrl() + "\"]",
                      "rpcUrls: [\"" + devnet.rpcUrl() + "\", \"" + other.rpcUrl() + "\"]"));
      CheckIT.Run run = CheckIT.check(mixed, true);
      List<JsonNode> disagreement = alerts(run.json(), "rpc.disagreement");
      assertThat(disagreement).hasSize(1);
      assertThat(disagreement.get(0).get("severity").asText()).isEqualTo("CRITICAL");
      assertThat(disagreement.get(0).get("message").asText()).contains("no reorganisation");
      assertThat(run.exit()).isEqualTo(2);
    }
  }

  @Test
  void an_old_head_fires_on_the_rules_levels_unless_the_chain_sets_its_own() throws IOException {
    // A chain that has made no block for an hour, and carries nothing but its endpoint: it is
    // probed all the same and listed in chains[].
    long hourAgo = System.currentTimeMillis() / 1000 - 3600;
    try (Anvil idle = Anvil.builder().genesisTimestamp(hourAgo).start()) {
      String chain =
          "chains:\n  idle:\n    chainId: 31337\n    rpcUrls: [\"" + idle.rpcUrl() + "\"]\n";
      CheckIT.Run stalled = CheckIT.check(Files.writeString(dir.resolve("idle.yaml"), chain), true);
      List<JsonNode> lag = alerts(stalled.json(), "rpc.lag");
      assertThat(lag).hasSize(1);
      assertThat(lag.get(0).get("subject").asText()).isEqualTo("chain:idle");
      assertThat(lag.get(0).get("severity").asText()).isEqualTo("CRITICAL");
      assertThat(lag.get(0).get("threshold").asDouble()).isEqualTo(300.0);
      assertThat(stalled.exit()).isEqualTo(2);
      JsonNode entry = stalled.json().get("chains").get(0);
      assertThat(entry.get("id").asText()).isEqualTo("idle");
      assertThat(entry.get("block").isNull()).isTrue();
      assertThat(entry.get("endpoints").get(0).get("headAgeSeconds").asLong())
          .isBetween(3600L, 3700L);

      CheckIT.Run slowChain =
          CheckIT.check(
              Files.writeString(dir.resolve("slow.yaml"), chain + "    maxHeadAge: 30m\n"), true);
      List<JsonNode> slow = alerts(slowChain.json(), "rpc.lag");
      assertThat(slow).hasSize(1);
      assertThat(slow.get(0).get("severity").asText()).isEqualTo("WARNING");
      assertThat(slow.get(0).get("threshold").asDouble()).isEqualTo(1800.0);

      CheckIT.Run off =
          CheckIT.check(
              Files.writeString(dir.resolve("off.yaml"), chain + "    maxHeadAge: off\n"), true);
      assertThat(off.json().get("alerts")).isEmpty();
      assertThat(off.exit()).isZero();
    }
  }

  @Test
  void with_both_rpc_rules_off_no_endpoint_is_probed() throws Exception {
    proxy.freeze();
    mine(10);
    Path off =
        Files.writeString(
            dir.resolve("rules-off.yaml"),
            Files.readString(config)
                + "rules:\n  rpc.lag: { enabled: false }\n  rpc.disagreement: { enabled: false }\n");
    CheckIT.Run run = CheckIT.check(off, true);
    assertThat(alerts(run.json(), "rpc.lag")).isEmpty();
    assertThat(endpoints(run.json())).isEmpty();
    assertThat(run.exit()).as(run.out()).isZero();
  }
}
