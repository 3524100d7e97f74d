package io.hedgewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code proxy-upgrade} end to end, a monitor cycle every 10 s of scenario time. */
class ProxyUpgradeScenarioIT {

  private static final String SNX = "venue:snx";
  private static final String VAULT = "contract:vault";

  @TempDir Path dir;

  @Test
  void a_venue_upgrade_then_a_vault_admin_takeover_and_upgrade_fire_in_order_and_stay_open()
      throws Exception {
    try (ScenarioHarness harness = new ScenarioHarness(dir)) {
      ScenarioHarness.Played p = harness.play("proxy-upgrade", Duration.ofSeconds(10));
      String all = p.describe();

      assertThat(p.stepCycles()).as("30 s of calm at a cycle per 10 s").first().isEqualTo(3L);
      assertThat(p.duringCalm())
          .as("the first observation of each contract is its baseline, not a change " + all)
          .isEmpty();

      ScenarioHarness.Fired snx = p.first("alert.opened", "platform.upgraded", SNX);
      assertThat(snx.event().severity()).isEqualTo("CRITICAL");
      assertThat(p.cyclesAfterStep(snx, 0)).as(all).isEqualTo(1);

      ScenarioHarness.Fired admin = p.first("alert.opened", "platform.admin-changed", VAULT);
      assertThat(admin.event().severity()).isEqualTo("WARNING");
      assertThat(p.cyclesAfterStep(admin, 1)).as(all).isEqualTo(1);

      ScenarioHarness.Fired vault = p.first("alert.opened", "platform.upgraded", VAULT);
      assertThat(vault.event().severity()).isEqualTo("CRITICAL");
      assertThat(p.cyclesAfterStep(vault, 2)).as(all).isEqualTo(1);

      assertThat(p.events())
          .as(
              "only the three changes, in the order they were made; the market never moves, so"
                  + " no price, funding or position rule has anything to say "
                  + all)
          .containsExactly(snx, admin, vault);
      // Nothing resolves: a platform change keeps firing until a person accepts it (a pin or a
      // deleted baseline), which the story never does; the harness reports only transitions, so
      // "still open" is the absence of alert.resolved through the tail (three cycles after the
      // last step).
      assertThat(p.cycles() - p.stepCycles().get(2)).as(all).isGreaterThanOrEqualTo(3);
    }
  }
}
