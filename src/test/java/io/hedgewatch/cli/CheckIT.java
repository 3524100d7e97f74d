package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import io.hedgewatch.testing.JsonRpcProxy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
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
 * {@code hedgewatch check} end to end on a real anvil with the project's contracts: every rule
 * fires and clears on chain state the test sets, through the same command a user runs.
 */
class CheckIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static Devnet devnet;
  private static DevnetContracts c;

  @TempDir Path dir;
  private String snapshot;
  private Path config;

  record Run(int exit, String out, String err) {
    JsonNode json() {
      try {
        return JSON.readTree(out);
      } catch (IOException e) {
        throw new AssertionError("stdout is not JSON: " + out + "\nstderr: " + err, e);
      }
    }
  }

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
  void isolate() {
    snapshot = devnet.anvil().snapshot();
    config = devnet.writeConfig(dir.resolve("devnet.yaml"));
  }

  @AfterEach
  void restore() {
    devnet.anvil().revert(snapshot);
  }

  static Run check(Path config, boolean json) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> args = new ArrayList<>(List.of("check", "--config", config.toString()));
    if (json) {
      args.add("--json");
    }
    int exit =
        HedgewatchCommand.execute(
            args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  private long now() {
    return devnet.anvil().latestBlockTimestamp();
  }

  private void advance(long seconds) {
    devnet.anvil().increaseTime(seconds);
    devnet.anvil().mine();
  }

  /**
   * Fresh rounds on every feed at the current block time, so that a test can isolate the rule it is
   * about.
   */
  private long refreshAllFeeds() {
    long t = now();
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
    return t;
  }

  private static List<JsonNode> alerts(JsonNode doc, String rule, String subject) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode a : doc.get("alerts")) {
      if (a.get("rule").asText().equals(rule) && a.get("subject").asText().equals(subject)) {
        found.add(a);
      }
    }
    return found;
  }

  private static JsonNode feed(JsonNode doc, String id) {
    for (JsonNode f : doc.get("feeds")) {
      if (f.get("id").asText().equals(id)) {
        return f;
      }
    }
    throw new AssertionError("no feed " + id + " in " + doc);
  }

  @Test
  void reports_every_feed_and_exits_ok_on_a_fresh_devnet() {
    refreshAllFeeds();
    Run table = check(config, false);
    assertThat(table.exit()).as(table.out() + table.err()).isZero();
    assertThat(table.out())
        .contains(
            "eth-usd",
            "btc-usd",
            "usdc-usd",
            "eth-usd-pyth",
            "3000",
            "60000",
            "STATUS: OK",
            "up since");

    Run run = check(config, true);
    assertThat(run.exit()).isZero();
    JsonNode doc = run.json();
    assertThat(doc.get("status").asText()).isEqualTo("OK");
    JsonNode chain = doc.get("chains").get(0);
    assertThat(chain.get("id").asText()).isEqualTo("devnet");
    assertThat(chain.get("chainId").asLong()).isEqualTo(31337);
    assertThat(chain.get("block").asLong()).isPositive();
    assertThat(chain.get("sequencer").get("up").asBoolean()).isTrue();
    assertThat(chain.get("readMode").asText()).isEqualTo("multicall3");
    assertThat(chain.get("rpc").get("httpRequests").asInt()).isEqualTo(2);
    JsonNode endpoint = chain.get("endpoints").get(0);
    assertThat(endpoint.get("endpoint").asText())
        .isEqualTo("rpc[0] 127.0.0.1:" + devnet.anvil().port());
    assertThat(endpoint.get("head").asLong()).isEqualTo(chain.get("block").asLong());
    assertThat(endpoint.get("blocksBehind").asLong()).isZero();
    JsonNode eth = feed(doc, "eth-usd");
    assertThat(eth.get("price").asText()).isEqualTo("3000");
    assertThat(eth.get("decimals").asInt()).isEqualTo(8);
    assertThat(eth.get("description").asText()).isEqualTo("ETH / USD");
    assertThat(eth.get("aggregator").asText()).isEqualTo(c.ethUsdAggregator());
    assertThat(eth.get("bounds").get("max").asText()).isEqualTo("1000000");
    assertThat(eth.get("ageSeconds").asLong()).isBetween(0L, 5L);
    assertThat(eth.get("status").asText()).isEqualTo("OK");
    JsonNode pyth = feed(doc, "eth-usd-pyth");
    assertThat(pyth.get("price").asText()).isEqualTo("3000");
    assertThat(pyth.get("confidence").asText()).isEqualTo("1.5");
    assertThat(pyth.get("confidenceBps").asDouble()).isEqualTo(5.0);
    assertThat(doc.get("alerts")).isEmpty();
  }

  @Test
  void without_a_config_check_runs_on_its_own_devnet_and_stops_it() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        HedgewatchCommand.execute(
            new String[] {"check"}, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(exit).as(out + "" + err).isZero();
    assertThat(err.toString()).contains("checking the built-in devnet");
    assertThat(out.toString()).contains("eth-usd-pyth", "STATUS: OK", "4 feeds on 1 chain)");
    assertThat(
            ProcessHandle.current()
                .descendants()
                .filter(p -> p.info().command().orElse("").contains("anvil"))
                .count())
        .as("only the class's own anvil is left")
        .isEqualTo(
            ProcessHandle.current()
                .descendants()
                .filter(p -> p.pid() == devnet.anvil().pid())
                .count());
  }

  @Test
  void stale_feed_warns_past_heartbeat_and_grace_goes_critical_and_clears_on_a_new_round() {
    // Ages count from the rounds' own timestamp, not from a later read of the clock.
    long start = refreshAllFeeds();
    devnet.anvil().mineAt(start + 3600 + 300);
    JsonNode atThreshold = check(config, true).json();
    assertThat(alerts(atThreshold, "oracle.stale", "feed:eth-usd")).isEmpty();

    devnet.anvil().mineAt(start + 3600 + 300 + 1);
    Run warn = check(config, true);
    List<JsonNode> stale = alerts(warn.json(), "oracle.stale", "feed:eth-usd");
    assertThat(stale).hasSize(1);
    assertThat(stale.get(0).get("severity").asText()).isEqualTo("WARNING");
    assertThat(stale.get(0).get("value").asDouble()).isEqualTo(3901.0);
    assertThat(stale.get(0).get("threshold").asDouble()).isEqualTo(3900.0);
    // The Pyth feed's heartbeat is 60 s: long past two heartbeats it is critical, so the whole
    // check is.
    assertThat(
            alerts(warn.json(), "oracle.stale", "feed:eth-usd-pyth")
                .get(0)
                .get("severity")
                .asText())
        .isEqualTo("CRITICAL");
    assertThat(warn.exit()).isEqualTo(2);

    devnet.anvil().mineAt(start + 2 * 3600 + 300 + 1);
    assertThat(
            alerts(check(config, true).json(), "oracle.stale", "feed:eth-usd")
                .get(0)
                .get("severity")
                .asText())
        .isEqualTo("CRITICAL");

    refreshAllFeeds();
    Run cleared = check(config, true);
    assertThat(cleared.json().get("alerts")).isEmpty();
    assertThat(cleared.exit()).isZero();
  }

  @Test
  void incomplete_and_non_positive_rounds_are_critical() {
    refreshAllFeeds();
    long t = now();
    devnet.ops().postRawRound(c.ethUsdProxy(), Devnet.ETH_USD_ANSWER, t, 0, BigInteger.valueOf(3));
    devnet.ops().postRawRound(c.btcUsdProxy(), BigInteger.ZERO, t, t, BigInteger.valueOf(2));
    Run run = check(config, true);
    assertThat(alerts(run.json(), "oracle.round", "feed:eth-usd").get(0).get("severity").asText())
        .isEqualTo("CRITICAL");
    assertThat(alerts(run.json(), "oracle.round", "feed:btc-usd").get(0).get("severity").asText())
        .isEqualTo("CRITICAL");
    assertThat(feed(run.json(), "eth-usd").get("updatedAt").isNull())
        .as("an incomplete round has no update time")
        .isTrue();
    assertThat(feed(run.json(), "btc-usd").get("price").asText()).isEqualTo("0");
    assertThat(run.exit()).isEqualTo(2);

    refreshAllFeeds();
    assertThat(check(config, true).json().get("alerts")).isEmpty();
  }

  @Test
  void an_answer_at_the_circuit_breaker_bound_is_critical_and_near_it_a_warning() {
    refreshAllFeeds();
    devnet.ops().postRound(c.ethUsdProxy(), Devnet.ETH_USD_MAX_ANSWER, now());
    Run at = check(config, true);
    assertThat(alerts(at.json(), "oracle.bounds", "feed:eth-usd").get(0).get("severity").asText())
        .isEqualTo("CRITICAL");
    assertThat(at.out()).contains("\"price\" : \"1000000\"");

    // 0.4 % below the max: inside the default 0.5 % margin.
    BigInteger near =
        Devnet.ETH_USD_MAX_ANSWER
            .multiply(BigInteger.valueOf(996))
            .divide(BigInteger.valueOf(1000));
    devnet.ops().postRound(c.ethUsdProxy(), near, now());
    List<JsonNode> nearAlerts = alerts(check(config, true).json(), "oracle.bounds", "feed:eth-usd");
    assertThat(nearAlerts.get(0).get("severity").asText()).isEqualTo("WARNING");

    devnet.ops().postRound(c.ethUsdProxy(), Devnet.ETH_USD_ANSWER, now());
    assertThat(alerts(check(config, true).json(), "oracle.bounds", "feed:eth-usd")).isEmpty();
  }

  @Test
  void a_wide_pyth_confidence_warns_then_goes_critical() {
    refreshAllFeeds();
    long price = Devnet.PYTH_ETH_USD_PRICE;
    devnet
        .ops()
        .setPythPrice(c.pythEthUsdId(), price, price / 100, Devnet.PYTH_EXPO, now()); // 100 bps
    List<JsonNode> warn =
        alerts(check(config, true).json(), "oracle.confidence", "feed:eth-usd-pyth");
    assertThat(warn.get(0).get("severity").asText()).isEqualTo("WARNING");
    assertThat(warn.get(0).get("value").asDouble()).isEqualTo(100.0);
    assertThat(warn.get(0).get("threshold").asDouble()).isEqualTo(50.0);
    devnet
        .ops()
        .setPythPrice(c.pythEthUsdId(), price, price * 3 / 100, Devnet.PYTH_EXPO, now()); // 300 bps
    assertThat(
            alerts(check(config, true).json(), "oracle.confidence", "feed:eth-usd-pyth")
                .get(0)
                .get("severity")
                .asText())
        .isEqualTo("CRITICAL");
    devnet
        .ops()
        .setPythPrice(c.pythEthUsdId(), price, price / 400, Devnet.PYTH_EXPO, now()); // 25 bps
    assertThat(alerts(check(config, true).json(), "oracle.confidence", "feed:eth-usd-pyth"))
        .isEmpty();
  }

  @Test
  void a_proposed_aggregator_and_a_swap_away_from_the_pinned_one_are_source_changes()
      throws IOException {
    refreshAllFeeds();
    String next =
        devnet
            .ops()
            .deployAggregator(8, "ETH / USD", Devnet.ETH_USD_MIN_ANSWER, Devnet.ETH_USD_MAX_ANSWER);
    devnet.ops().proposeAggregator(c.ethUsdProxy(), next);
    Run proposed = check(config, true);
    assertThat(
            alerts(proposed.json(), "oracle.source-changed", "feed:eth-usd")
                .get(0)
                .get("message")
                .asText())
        .contains(next);
    assertThat(feed(proposed.json(), "eth-usd").get("proposedAggregator").asText()).isEqualTo(next);

    devnet.ops().confirmAggregator(c.ethUsdProxy(), next);
    devnet.ops().postRound(c.ethUsdProxy(), Devnet.ETH_USD_ANSWER, now());
    String pinned =
        Files.readString(config)
            .replace(
                "  eth-usd:\n",
                "  eth-usd:\n    expectAggregator: \"" + c.ethUsdAggregator() + "\"\n");
    Path pinnedConfig = Files.writeString(dir.resolve("pinned.yaml"), pinned);
    Run swapped = check(pinnedConfig, true);
    JsonNode alert = alerts(swapped.json(), "oracle.source-changed", "feed:eth-usd").get(0);
    assertThat(alert.get("severity").asText()).isEqualTo("WARNING");
    assertThat(alert.get("message").asText()).contains(next).contains(c.ethUsdAggregator());
    assertThat(feed(swapped.json(), "eth-usd").get("phaseId").asInt())
        .isEqualTo(feed(proposed.json(), "eth-usd").get("phaseId").asInt() + 1);

    // Re-pinned to the new aggregator, with nothing proposed: the source change clears.
    Path repinned =
        Files.writeString(dir.resolve("repinned.yaml"), pinned.replace(c.ethUsdAggregator(), next));
    assertThat(alerts(check(repinned, true).json(), "oracle.source-changed", "feed:eth-usd"))
        .isEmpty();
  }

  @Test
  void sequencer_down_is_critical_feed_alerts_say_so_and_the_grace_period_follows() {
    refreshAllFeeds();
    devnet.ops().setSequencer(true, now());
    advance(3600 + 301);
    Run down = check(config, true);
    assertThat(down.exit()).isEqualTo(2);
    assertThat(down.json().get("chains").get(0).get("sequencer").get("up").asBoolean()).isFalse();
    assertThat(
            alerts(down.json(), "sequencer.down", "chain:devnet").get(0).get("severity").asText())
        .isEqualTo("CRITICAL");
    assertThat(alerts(down.json(), "oracle.stale", "feed:eth-usd").get(0).get("message").asText())
        .contains("sequencer down since");

    refreshAllFeeds();
    devnet.ops().setSequencer(false, now());
    Run grace = check(config, true);
    assertThat(
            alerts(grace.json(), "sequencer.grace", "chain:devnet").get(0).get("severity").asText())
        .isEqualTo("WARNING");
    assertThat(grace.exit()).isEqualTo(1);

    advance(3601);
    refreshAllFeeds();
    Run after = check(config, true);
    assertThat(after.json().get("alerts")).isEmpty();
    assertThat(after.exit()).isZero();
  }

  @Test
  void a_feed_that_reverts_or_has_no_code_is_unknown_and_the_others_are_still_judged()
      throws IOException {
    refreshAllFeeds();
    String broken =
        Files.readString(config)
            + "  not-a-feed:\n    chain: devnet\n    type: chainlink\n    address: \""
            + c.pyth()
            + "\"\n    heartbeat: 1h\n"
            + "  no-code:\n    chain: devnet\n    type: chainlink\n    address: \"0x000000000000000000000000000000000000dead\"\n    heartbeat: 1h\n";
    Path brokenConfig = Files.writeString(dir.resolve("broken.yaml"), broken);
    Run run = check(brokenConfig, true);
    assertThat(run.exit()).isEqualTo(3);
    JsonNode doc = run.json();
    assertThat(feed(doc, "not-a-feed").get("status").asText()).isEqualTo("UNKNOWN");
    assertThat(feed(doc, "not-a-feed").get("error").asText()).contains("revert");
    assertThat(feed(doc, "no-code").get("error").asText()).contains("no contract code");
    assertThat(feed(doc, "eth-usd").get("status").asText()).isEqualTo("OK");
    assertThat(alerts(doc, "monitor.blind", "feed:not-a-feed")).hasSize(1);
  }

  @Test
  void a_bare_aggregator_reads_without_the_proxy_only_functions() throws IOException {
    refreshAllFeeds();
    String bare =
        Files.readString(config)
            + "  eth-usd-bare:\n    chain: devnet\n    type: chainlink\n    address: \""
            + c.ethUsdAggregator()
            + "\"\n    heartbeat: 1h\n";
    Run run = check(Files.writeString(dir.resolve("bare.yaml"), bare), true);
    assertThat(run.exit()).as(run.err()).isZero();
    JsonNode feed = feed(run.json(), "eth-usd-bare");
    assertThat(feed.get("price").asText()).isEqualTo("3000");
    assertThat(feed.get("aggregator").isNull()).isTrue();
    assertThat(feed.get("phaseId").isNull()).isTrue();
    assertThat(feed.get("bounds").get("min").asText()).isEqualTo("10");
    assertThat(feed.get("status").asText()).isEqualTo("OK");
  }

  @Test
  void the_second_rpc_url_serves_when_the_first_goes_down() throws IOException {
    refreshAllFeeds();
    try (JsonRpcProxy first = new JsonRpcProxy(devnet.rpcUrl());
        JsonRpcProxy second = new JsonRpcProxy(devnet.rpcUrl())) {
      Path twoUrls =
          Files.writeString(
              dir.resolve("two.yaml"),
              Files.readString(config)
                  .replace(
                      "rpcUrls: [\"" + devnet.rpcUrl() + "\"]",
                      "rpcUrls: [\"" + first.url() + "\", \"" + second.url() + "\"]"));
      assertThat(Files.readString(twoUrls)).contains(second.url());
      Run before = check(twoUrls, true);
      assertThat(before.exit()).isZero();
      // Only the endpoint probe (heads and block hashes) asks the second URL; every read goes to
      // the first.
      assertThat(second.calls("eth_call")).isZero();
      assertThat(second.calls("eth_getStorageAt")).isZero();

      first.setDown(true);
      Run after = check(twoUrls, true);
      assertThat(after.exit()).as(after.err()).isZero();
      assertThat(feed(after.json(), "eth-usd").get("price").asText()).isEqualTo("3000");
      assertThat(second.totalCalls()).isPositive();
      assertThat(second.calls("eth_call")).isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void without_multicall3_code_the_same_readings_come_from_json_rpc_batches() throws IOException {
    refreshAllFeeds();
    JsonNode viaMulticall = check(config, true).json();
    try (JsonRpcProxy proxy = new JsonRpcProxy(devnet.rpcUrl())) {
      Path noMulticall =
          Files.writeString(
              dir.resolve("batch.yaml"),
              Files.readString(config)
                  .replace(
                      Devnet.CANONICAL_MULTICALL3, "0x000000000000000000000000000000000000bEEF")
                  .replace(
                      "rpcUrls: [\"" + devnet.rpcUrl() + "\"]",
                      "rpcUrls: [\"" + proxy.url() + "\"]"));
      Run run = check(noMulticall, true);
      assertThat(run.exit()).as(run.err()).isZero();
      JsonNode viaBatch = run.json();
      assertThat(viaBatch.get("chains").get(0).get("readMode").asText())
          .isEqualTo("json-rpc batch");
      for (String id : List.of("eth-usd", "btc-usd", "usdc-usd", "eth-usd-pyth")) {
        assertThat(feed(viaBatch, id).get("price")).isEqualTo(feed(viaMulticall, id).get("price"));
        assertThat(feed(viaBatch, id).get("updatedAt"))
            .isEqualTo(feed(viaMulticall, id).get("updatedAt"));
      }
      // Nothing went through aggregate3: every read is its own eth_call inside a batch.
      assertThat(proxy.calls("eth_call")).isGreaterThanOrEqualTo(3 * 5 + 2 + 1);
      assertThat(proxy.httpRequests()).isLessThan(proxy.calls("eth_call"));
    }
  }

  @Test
  void wrong_chain_id_and_unreachable_rpc_exit_unknown_with_one_line_and_no_stack_trace()
      throws IOException {
    Path wrongChain =
        Files.writeString(
            dir.resolve("wrong.yaml"),
            Files.readString(config).replace("chainId: 31337", "chainId: 42161"));
    Run wrong = check(wrongChain, false);
    assertThat(wrong.exit()).isEqualTo(3);
    assertThat(wrong.err()).contains("reports chain id 31337 but the config says 42161");
    assertThat(wrong.err().lines().count()).isEqualTo(1);
    assertThat(wrong.err()).doesNotContain("Exception", "\tat ");

    Path unreachable =
        Files.writeString(
            dir.resolve("down.yaml"),
            Files.readString(config)
                .replace(
                    "rpcUrls: [\"" + devnet.rpcUrl() + "\"]",
                    "rpcUrls: [\"http://127.0.0.1:9/v2/SECRET-KEY\"]"));
    Run down = check(unreachable, true);
    assertThat(down.exit()).isEqualTo(3);
    assertThat(down.err()).contains("cannot reach any RPC endpoint").contains("rpc[0] 127.0.0.1:9");
    // The endpoint is named by its host: an API key in the URL's path never reaches the user.
    assertThat(down.out() + down.err()).doesNotContain("SECRET-KEY");
    assertThat(down.err()).doesNotContain("\tat ");
    assertThat(down.json().get("status").asText()).isEqualTo("UNKNOWN");
    assertThat(feed(down.json(), "eth-usd").get("status").asText()).isEqualTo("UNKNOWN");
    // The chain is reported once; its on-chain markets are unjudged for the same reason, without
    // asking it again.
    assertThat(alerts(down.json(), "monitor.blind", "chain:devnet")).hasSize(1);
    JsonNode snx = null;
    for (JsonNode m : down.json().get("markets")) {
      if (m.get("id").asText().equals("eth-perp-snx")) {
        snx = m;
      }
    }
    assertThat(snx).isNotNull();
    assertThat(snx.get("status").asText()).isEqualTo("UNKNOWN");
    assertThat(snx.get("error").asText()).contains("rpc[0] 127.0.0.1:9");
  }
}
