package io.hedgewatch.risk;

import static io.hedgewatch.risk.MarketFixtures.MARKET;
import static io.hedgewatch.risk.MarketFixtures.SUBJECT;
import static io.hedgewatch.risk.MarketFixtures.disabled;
import static io.hedgewatch.risk.MarketFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code platform.paused} on a market, and a venue's unreadable oracle as {@code oracle.stale} on
 * the market.
 */
class MarketPausedTest {

  private static List<Alert> judge(MarketStatus status) {
    return MarketRules.evaluate(
        MARKET,
        snapshot().status(status).build(),
        MarketContext.EMPTY,
        RuleSettingsLookup.defaults());
  }

  private static MarketStatus status(
      boolean paused, boolean disabled, boolean reduceOnly, boolean delisted, String reason) {
    return new MarketStatus(paused, disabled, reduceOnly, delisted, Optional.ofNullable(reason));
  }

  @Test
  void an_active_market_is_quiet() {
    assertThat(judge(MarketStatus.ACTIVE)).isEmpty();
  }

  @Test
  void synthetix_deny_all_is_critical_with_the_reason() {
    Alert a = judge(status(true, false, false, false, "perpsSystem denyAll")).get(0);
    assertThat(a.rule()).isEqualTo("platform.paused");
    assertThat(a.subject()).isEqualTo(SUBJECT);
    assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(a.value()).isNull();
    assertThat(a.threshold()).isNull();
    assertThat(a.message())
        .isEqualTo(
            "market eth-perp is paused on its venue: perpsSystem denyAll; positions on it can"
                + " neither be opened, increased nor closed normally");
    assertThat(a.action()).contains("another venue");
  }

  @Test
  void gmx_disabled_and_hyperliquid_delisted_are_critical() {
    assertThat(judge(status(false, true, false, false, "isMarketDisabled")).get(0).severity())
        .isEqualTo(Severity.CRITICAL);
    Alert delisted = judge(status(false, false, true, true, null)).get(0);
    assertThat(delisted.severity()).isEqualTo(Severity.CRITICAL);
    assertThat(delisted.message())
        .startsWith(
            "market eth-perp is delisted and reduce-only on its venue (the venue gives no"
                + " reason)");
  }

  @Test
  void reduce_only_is_a_warning() {
    Alert a = judge(status(false, false, true, false, "onlyIsolated / reduce only")).get(0);
    assertThat(a.severity()).isEqualTo(Severity.WARNING);
    assertThat(a.message())
        .isEqualTo(
            "market eth-perp is reduce-only on its venue: onlyIsolated / reduce only; positions on"
                + " it can be reduced or closed, not opened or increased");
  }

  @Test
  void an_unreadable_venue_oracle_is_a_stale_oracle_on_the_market_not_a_pause() {
    List<Alert> alerts =
        MarketRules.evaluate(
            MARKET,
            snapshot().oracleProblem("OracleDataRequired from PythERC7412Wrapper").build(),
            MarketContext.EMPTY,
            RuleSettingsLookup.defaults());
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo("oracle.stale");
              assertThat(a.subject()).isEqualTo(SUBJECT);
              assertThat(a.severity()).isEqualTo(Severity.WARNING);
              assertThat(a.value()).isNull();
              assertThat(a.message())
                  .contains("OracleDataRequired from PythERC7412Wrapper")
                  .contains("stale or unreadable");
            });
    assertThat(
            MarketRules.evaluate(
                MARKET,
                snapshot().oracleProblem("OracleDataRequired").build(),
                MarketContext.EMPTY,
                disabled("oracle.stale")))
        .isEmpty();
  }

  @Test
  void a_disabled_rule_is_silent() {
    assertThat(
            MarketRules.evaluate(
                MARKET,
                snapshot().status(status(true, false, false, false, "x")).build(),
                MarketContext.EMPTY,
                disabled("platform.paused")))
        .isEmpty();
  }
}
