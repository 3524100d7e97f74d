package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.devnet.Devnet;
import io.hedgewatch.devnet.DevnetContracts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watched contracts in {@code check}: baselines kept in the store make two checks around an upgrade
 * flag it, for {@code watch} entries and for the venues' and feeds' own contracts alike.
 */
class PlatformCheckIT {

  private static Devnet devnet;
  private static DevnetContracts c;

  @TempDir Path dir;
  private String snapshot;

  @BeforeAll
  static void start() {
    devnet = Devnet.start();
    c = devnet.contracts();
  }

  @BeforeEach
  void isolate() {
    snapshot = devnet.anvil().snapshot();
  }

  @AfterEach
  void restore() {
    devnet.anvil().revert(snapshot);
  }

  /** The devnet's config with a store of the test's own, so that every test starts unseen. */
  private String configWithStore(String url) {
    String yaml = devnet.configYaml();
    assertThat(yaml).contains(devnet.storageUrl());
    return yaml.replace(devnet.storageUrl(), url);
  }

  /** Fresh rounds on every feed, so that only the platform rules can fire. */
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

  private static Map<String, List<JsonNode>> contractsBySubject(JsonNode doc) {
    Map<String, List<JsonNode>> by = new LinkedHashMap<>();
    for (JsonNode contract : doc.get("contracts")) {
      by.computeIfAbsent(contract.get("subject").asText(), k -> new ArrayList<>()).add(contract);
    }
    return by;
  }

  @AfterAll
  static void stop() {
    if (devnet != null) {
      devnet.close();
    }
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

  @Test
  void two_checks_around_an_upgrade_flag_it_through_the_stored_baseline() throws IOException {
    Path db = dir.resolve("hedgewatch.db");
    Path config =
        Files.writeString(
            dir.resolve("watch.yaml"),
            configWithStore("jdbc:sqlite:" + db)
                + "watch:\n"
                + "  vault: { chain: devnet, address: \""
                + devnet.contracts().upgradeableProxy()
                + "\" }\n");

    CheckIT.Run first = CheckIT.check(config, true);
    JsonNode contract = first.json().get("contracts").get(0);
    assertThat(contract.get("subject").asText()).isEqualTo("contract:vault");
    assertThat(contract.get("baseline").asText()).isEqualTo("FIRST_SEEN");
    assertThat(contract.get("implementation").asText())
        .isEqualTo(devnet.contracts().proxyImplementation());
    assertThat(alerts(first.json(), "platform.upgraded", "contract:vault")).isEmpty();
    assertThat(Files.exists(db)).isTrue();

    String next = devnet.ops().deployImplementation(2);
    devnet.ops().upgradeProxy(next);
    CheckIT.Run second = CheckIT.check(config, true);
    List<JsonNode> upgraded = alerts(second.json(), "platform.upgraded", "contract:vault");
    assertThat(upgraded).hasSize(1);
    assertThat(upgraded.get(0).get("message").asText()).contains(next);
    assertThat(second.json().get("contracts").get(0).get("baseline").asText()).isEqualTo("CHANGED");
    assertThat(second.exit()).isGreaterThanOrEqualTo(1);

    // Until it is accepted the change keeps alerting: a third check still sees it.
    assertThat(alerts(CheckIT.check(config, true).json(), "platform.upgraded", "contract:vault"))
        .hasSize(1);
  }

  @Test
  void an_unusable_store_leaves_watched_contracts_unjudged_and_says_why() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    Path config =
        Files.writeString(
            dir.resolve("bad-store.yaml"),
            configWithStore("jdbc:sqlite:" + notADirectory.resolve("x.db"))
                + "watch:\n"
                + "  vault: { chain: devnet, address: \""
                + devnet.contracts().upgradeableProxy()
                + "\" }\n");
    CheckIT.Run run = CheckIT.check(config, true);
    assertThat(run.exit()).isEqualTo(3);
    assertThat(alerts(run.json(), "monitor.blind", "monitor").get(0).get("message").asText())
        .contains("baselines");
  }

  @Test
  void without_watch_entries_two_checks_flag_changes_of_venue_contracts_and_feed_proxies()
      throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("implicit.yaml"),
            configWithStore("jdbc:sqlite:" + dir.resolve("implicit.db")));
    assertThat(Files.readString(config)).doesNotContain("watch:");
    refreshFeeds();

    CheckIT.Run first = CheckIT.check(config, true);
    assertThat(first.exit()).as(first.out() + first.err()).isZero();
    assertThat(first.json().get("alerts")).isEmpty();
    Map<String, List<JsonNode>> seen = contractsBySubject(first.json());
    assertThat(seen)
        .containsOnlyKeys(
            "venue:snx",
            "venue:gmx",
            "feed:eth-usd",
            "feed:btc-usd",
            "feed:usdc-usd",
            "feed:eth-usd-pyth");
    JsonNode snx = seen.get("venue:snx").get(0);
    assertThat(snx.get("source").asText()).isEqualTo("venue");
    assertThat(snx.get("proxy").asText()).isEqualTo("synthetix");
    assertThat(snx.get("address").asText()).isEqualTo(c.synthetixPerpsMarket());
    assertThat(snx.get("owner").asText()).isEqualTo(c.deployer());
    assertThat(seen.get("venue:gmx"))
        .extracting(n -> n.get("address").asText())
        .containsExactly(c.gmxReader(), c.gmxDataStore());
    JsonNode eth = seen.get("feed:eth-usd").get(0);
    assertThat(eth.get("source").asText()).isEqualTo("feed");
    assertThat(eth.get("proxy").asText()).isEqualTo("none");
    assertThat(eth.get("owner").asText()).isEqualTo(c.deployer());
    assertThat(eth.get("codeHash").asText()).startsWith("0x");
    assertThat(seen.get("feed:eth-usd-pyth").get(0).get("proxy").asText()).isEqualTo("eip1967");
    seen.values().stream()
        .flatMap(List::stream)
        .forEach(n -> assertThat(n.get("baseline").asText()).isEqualTo("FIRST_SEEN"));

    String newOwner = devnet.transactor().account(2);
    devnet.ops().transferFeedOwnership(c.ethUsdProxy(), newOwner);
    String implementation = devnet.ops().deployImplementation(3);
    devnet.ops().upgradeSynthetix(implementation);
    devnet.anvil().setCode(c.gmxReader(), devnet.anvil().getCode(c.gmxDataStore()));

    CheckIT.Run second = CheckIT.check(config, true);
    List<JsonNode> owner = alerts(second.json(), "platform.admin-changed", "feed:eth-usd");
    assertThat(owner).hasSize(1);
    assertThat(owner.get(0).get("severity").asText()).isEqualTo("WARNING");
    assertThat(owner.get(0).get("message").asText()).contains(c.deployer(), newOwner);
    List<JsonNode> upgraded = alerts(second.json(), "platform.upgraded", "venue:snx");
    assertThat(upgraded).hasSize(1);
    assertThat(upgraded.get(0).get("severity").asText()).isEqualTo("CRITICAL");
    assertThat(upgraded.get(0).get("message").asText()).contains(implementation);
    List<JsonNode> code = alerts(second.json(), "platform.code-changed", "venue:gmx");
    assertThat(code).hasSize(1);
    assertThat(code.get(0).get("message").asText()).contains(c.gmxReader());
    assertThat(alerts(second.json(), "platform.admin-changed", "feed:btc-usd")).isEmpty();
    assertThat(second.exit()).isEqualTo(2);
    Map<String, List<JsonNode>> after = contractsBySubject(second.json());
    assertThat(after.get("feed:eth-usd").get(0).get("baseline").asText()).isEqualTo("CHANGED");
    assertThat(after.get("feed:btc-usd").get(0).get("baseline").asText()).isEqualTo("UNCHANGED");
  }

  @Test
  void an_explicit_watch_entry_on_a_venue_contract_is_judged_under_its_own_subject()
      throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("explicit.yaml"),
            configWithStore("jdbc:sqlite:" + dir.resolve("explicit.db"))
                + "watch:\n"
                + "  perps: { chain: devnet, address: \""
                + c.synthetixPerpsMarket()
                + "\", proxy: synthetix }\n");
    Map<String, List<JsonNode>> seen = contractsBySubject(CheckIT.check(config, true).json());
    assertThat(seen).doesNotContainKey("venue:snx").containsKeys("contract:perps", "venue:gmx");
    assertThat(seen.get("contract:perps").get(0).get("source").asText()).isEqualTo("watch");
    assertThat(seen.get("contract:perps").get(0).get("address").asText())
        .isEqualTo(c.synthetixPerpsMarket());
  }
}
