package io.hedgewatch.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.Severity;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StoreAlertsTest {

  private static Alert blind(String subject, String message, String action) {
    return new Alert("monitor.blind", Severity.UNKNOWN, subject, message, null, null, action);
  }

  private static final Alert CHAIN = blind("chain:devnet", "cannot read chain devnet", "check rpc");
  private static final Alert SPIKE =
      new Alert("funding.spike", Severity.WARNING, "market:eth", "spike", 4.0, 3.0, "act");

  @Test
  void two_parts_finding_the_store_unusable_raise_one_alert_with_both_reasons() {
    List<Alert> alerts =
        new ArrayList<>(
            List.of(
                CHAIN,
                blind(
                    "monitor", "cannot keep the markets' funding history: x", "check storage.url"),
                SPIKE,
                blind(
                    "monitor",
                    "cannot judge watched contracts without their baselines: x",
                    "check storage.url and rpcUrls")));

    StoreAlerts.join(alerts);

    assertThat(alerts)
        .containsExactly(
            CHAIN,
            blind(
                "monitor",
                "cannot keep the markets' funding history: x; cannot judge watched contracts"
                    + " without their baselines: x",
                "check storage.url; check storage.url and rpcUrls"),
            SPIKE);
  }

  @Test
  void one_store_alert_and_other_blind_subjects_are_left_as_they_are() {
    Alert store = blind("monitor", "cannot keep the markets' funding history: x", null);
    List<Alert> alerts = new ArrayList<>(List.of(CHAIN, store, SPIKE));

    StoreAlerts.join(alerts);

    assertThat(alerts).containsExactly(CHAIN, store, SPIKE);
  }

  @Test
  void the_same_reason_twice_is_said_once() {
    Alert store = blind("monitor", "cannot open x.db", "check storage.url");
    List<Alert> alerts = new ArrayList<>(List.of(store, SPIKE, store));

    StoreAlerts.join(alerts);

    assertThat(alerts).containsExactly(store, SPIKE);
  }
}
