package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleFixtures.AGGREGATOR;
import static io.hedgewatch.risk.OracleFixtures.OTHER_AGGREGATOR;
import static io.hedgewatch.risk.OracleFixtures.PROXY;
import static io.hedgewatch.risk.OracleFixtures.T0;
import static io.hedgewatch.risk.OracleFixtures.ZERO_ADDRESS;
import static io.hedgewatch.risk.OracleFixtures.chainlink;
import static io.hedgewatch.risk.OracleFixtures.chainlinkSpec;
import static io.hedgewatch.risk.OracleFixtures.defaults;
import static io.hedgewatch.risk.OracleFixtures.disabled;
import static io.hedgewatch.risk.OracleFixtures.pinned;
import static io.hedgewatch.risk.OracleFixtures.withSource;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.Severity;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OracleSourceChangedRuleTest {

  private static final FeedReading.Chainlink CURRENT = chainlink(T0);

  private static List<Alert> judge(
      FeedSpec spec, FeedReading.Chainlink reading, Optional<SourceIdentity> previous) {
    return OracleSourceChangedRule.evaluate(
        spec, reading, previous, defaults("oracle.source-changed"));
  }

  private static FeedReading.Chainlink proposing(String proposed) {
    return withSource(CURRENT, CURRENT.aggregator(), CURRENT.phaseId(), Optional.of(proposed));
  }

  @Test
  void unpinned_first_observation_without_proposal_is_silent() {
    assertThat(judge(chainlinkSpec(), CURRENT, Optional.empty())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {ZERO_ADDRESS, "0x0", "0x"})
  void zero_proposed_aggregator_means_no_proposal(String zero) {
    assertThat(judge(chainlinkSpec(), proposing(zero), Optional.empty())).isEmpty();
  }

  @Test
  void pending_swap_is_a_warning() {
    assertThat(judge(chainlinkSpec(), proposing(OTHER_AGGREGATOR), Optional.empty()))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.rule()).isEqualTo("oracle.source-changed");
              assertThat(a.severity()).isEqualTo(Severity.WARNING);
              assertThat(a.subject()).isEqualTo("feed:eth-usd");
              assertThat(a.message())
                  .contains("aggregator swap pending: proposedAggregator() is " + OTHER_AGGREGATOR)
                  .contains("current " + AGGREGATOR);
              assertThat(a.value()).isNull();
              assertThat(a.threshold()).isNull();
              assertThat(a.action()).contains("proposed aggregator");
            });
  }

  @Test
  void pinned_aggregator_matches_regardless_of_case() {
    String checksummed = "0x3607E46698d218B3a5Cae44bF381475C0a5e2ca7";
    assertThat(judge(pinned(chainlinkSpec(), checksummed), CURRENT, Optional.empty())).isEmpty();
  }

  @Test
  void aggregator_other_than_the_pinned_one_is_a_warning() {
    assertThat(judge(pinned(chainlinkSpec(), OTHER_AGGREGATOR), CURRENT, Optional.empty()))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(Severity.WARNING);
              assertThat(a.message())
                  .contains("aggregator is " + AGGREGATOR + " but config pins " + OTHER_AGGREGATOR);
              assertThat(a.action()).contains("expectAggregator");
            });
  }

  @Test
  void same_source_as_before_is_silent() {
    assertThat(
            judge(
                chainlinkSpec(),
                CURRENT,
                Optional.of(new SourceIdentity(AGGREGATOR.toUpperCase().replace("0X", "0x"), 6))))
        .isEmpty();
  }

  @Test
  void aggregator_changed_since_the_previous_observation() {
    assertThat(
            judge(chainlinkSpec(), CURRENT, Optional.of(new SourceIdentity(OTHER_AGGREGATOR, 6))))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(Severity.WARNING);
              assertThat(a.message())
                  .contains("aggregator changed from " + OTHER_AGGREGATOR + " to " + AGGREGATOR);
            });
  }

  @Test
  void phase_changed_since_the_previous_observation() {
    assertThat(judge(chainlinkSpec(), CURRENT, Optional.of(new SourceIdentity(AGGREGATOR, 5))))
        .singleElement()
        .satisfies(a -> assertThat(a.message()).contains("phase changed from 5 to 6"));
  }

  @Test
  void every_cause_goes_into_one_alert() {
    List<Alert> alerts =
        judge(
            pinned(chainlinkSpec(), OTHER_AGGREGATOR),
            proposing("0x2222222222222222222222222222222222222222"),
            Optional.of(new SourceIdentity(OTHER_AGGREGATOR, 5)));
    assertThat(alerts)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.severity()).isEqualTo(Severity.WARNING);
              assertThat(a.message())
                  .startsWith("feed eth-usd source: ")
                  .contains("but config pins")
                  .contains("aggregator changed from")
                  .contains("phase changed from 5 to 6")
                  .contains("swap pending");
            });
  }

  @Test
  void bare_aggregator_is_its_own_source_and_takes_its_phase_from_the_round_id() {
    FeedReading.Chainlink bare =
        withSource(CURRENT, Optional.empty(), Optional.empty(), Optional.empty());
    assertThat(SourceIdentity.of(chainlinkSpec(), bare)).isEqualTo(new SourceIdentity(PROXY, 6));
    assertThat(
            judge(pinned(chainlinkSpec(), PROXY), bare, Optional.of(new SourceIdentity(PROXY, 6))))
        .isEmpty();
  }

  @Test
  void disabled_rule_is_silent() {
    assertThat(
            OracleSourceChangedRule.evaluate(
                pinned(chainlinkSpec(), OTHER_AGGREGATOR),
                proposing(OTHER_AGGREGATOR),
                Optional.of(new SourceIdentity(OTHER_AGGREGATOR, 1)),
                disabled("oracle.source-changed")))
        .isEmpty();
  }
}
