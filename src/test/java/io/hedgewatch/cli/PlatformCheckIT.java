package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.devnet.Devnet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Watched contracts in {@code check}: baselines kept in the store make two checks around an upgrade
 * flag it.
 */
class PlatformCheckIT {

  private static Devnet devnet;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    devnet = Devnet.start();
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
            devnet.configYaml()
                + "watch:\n"
                + "  vault: { chain: devnet, address: \""
                + devnet.contracts().upgradeableProxy()
                + "\" }\n"
                + "storage: { url: \"jdbc:sqlite:"
                + db
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
            devnet.configYaml()
                + "watch:\n"
                + "  vault: { chain: devnet, address: \""
                + devnet.contracts().upgradeableProxy()
                + "\" }\n"
                + "storage: { url: \"jdbc:sqlite:"
                + notADirectory.resolve("x.db")
                + "\" }\n");
    CheckIT.Run run = CheckIT.check(config, true);
    assertThat(run.exit()).isEqualTo(3);
    assertThat(alerts(run.json(), "monitor.blind", "monitor").get(0).get("message").asText())
        .contains("baselines");
  }
}
