package io.hedgewatch.risk;

import static io.hedgewatch.risk.OracleFixtures.AGGREGATOR;
import static io.hedgewatch.risk.OracleFixtures.OTHER_AGGREGATOR;
import static io.hedgewatch.risk.OracleFixtures.T0;
import static io.hedgewatch.risk.OracleFixtures.block;
import static io.hedgewatch.risk.OracleFixtures.chainlink;
import static io.hedgewatch.risk.OracleFixtures.chainlinkSpec;
import static io.hedgewatch.risk.OracleFixtures.disabled;
import static io.hedgewatch.risk.OracleFixtures.pyth;
import static io.hedgewatch.risk.OracleFixtures.pythSpec;
import static io.hedgewatch.risk.OracleFixtures.round;
import static io.hedgewatch.risk.OracleFixtures.sequencer;
import static io.hedgewatch.risk.OracleFixtures.withBounds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.BlockRef;
import io.hedgewatch.domain.ChainlinkRound;
import io.hedgewatch.domain.FeedReading;
import io.hedgewatch.domain.FeedSpec;
import io.hedgewatch.domain.MarketHours;
import io.hedgewatch.domain.ReadFailure;
import io.hedgewatch.domain.Severity;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class OracleRulesTest {

  private final OracleRules rules = new OracleRules();
  private final RuleSettingsLookup defaults = RuleSettingsLookup.defaults();
  private final BlockRef block = block(T0);

  private List<Alert> feed(FeedSpec spec, FeedReading reading) {
    return rules.evaluateFeed(spec, reading, block, Optional.empty(), Optional.empty(), defaults);
  }

  @Nested
  class Chainlink {
    @Test
    void healthy_feed_has_no_alerts() {
      assertThat(feed(chainlinkSpec(), chainlink(T0.minusSeconds(60)))).isEmpty();
    }

    @Test
    void every_chainlink_rule_runs_in_catalogue_order() {
      // stale (2h old, 1h heartbeat), carried over, at its minAnswer, aggregator changed since last
      // time
      BigInteger t = BigInteger.valueOf(T0.minusSeconds(7_200).getEpochSecond());
      BigInteger answer = new BigInteger("300000000000");
      ChainlinkRound r =
          new ChainlinkRound(
              OracleFixtures.PHASE_6_ROUND,
              answer,
              t,
              t,
              OracleFixtures.PHASE_6_ROUND.subtract(BigInteger.ONE));
      FeedReading.Chainlink reading = withBounds(chainlink(r), answer, BigInteger.TEN.pow(15));
      List<Alert> alerts =
          rules.evaluateFeed(
              chainlinkSpec(),
              reading,
              block,
              Optional.empty(),
              Optional.of(new SourceIdentity(OTHER_AGGREGATOR, 6)),
              defaults);
      assertThat(alerts)
          .extracting(Alert::rule)
          .containsExactly(
              "oracle.stale", "oracle.round", "oracle.bounds", "oracle.source-changed");
      assertThat(alerts).extracting(Alert::subject).containsOnly("feed:eth-usd");
      assertThat(OracleRules.worst(alerts)).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void incomplete_round_is_judged_by_oracle_round_only() {
      ChainlinkRound incomplete =
          new ChainlinkRound(
              OracleFixtures.PHASE_6_ROUND,
              new BigInteger("300000000000"),
              BigInteger.ZERO,
              BigInteger.ZERO,
              OracleFixtures.PHASE_6_ROUND);
      assertThat(feed(chainlinkSpec(), chainlink(incomplete)))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("oracle.round");
                assertThat(a.severity()).isEqualTo(Severity.CRITICAL);
              });
    }

    @Test
    void future_dated_round_is_fresh_for_stale_and_flagged_by_round() {
      assertThat(feed(chainlinkSpec(), chainlink(T0.plusSeconds(30))))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("oracle.round");
                assertThat(a.severity()).isEqualTo(Severity.WARNING);
              });
    }

    @Test
    void bounds_are_skipped_when_unknown() {
      FeedReading.Chainlink atTen = chainlink(round(BigInteger.TEN, T0));
      assertThat(feed(chainlinkSpec(), atTen)).isEmpty();
      assertThat(feed(chainlinkSpec(), withBounds(atTen, 10, 1_000_000)))
          .extracting(Alert::rule)
          .containsExactly("oracle.bounds");
    }

    @Test
    void pinned_source_without_history_is_checked() {
      FeedSpec spec = OracleFixtures.pinned(chainlinkSpec(), AGGREGATOR);
      assertThat(feed(spec, chainlink(T0))).isEmpty();
      assertThat(feed(OracleFixtures.pinned(chainlinkSpec(), OTHER_AGGREGATOR), chainlink(T0)))
          .extracting(Alert::rule)
          .containsExactly("oracle.source-changed");
    }
  }

  @Nested
  class Pyth {
    private final FeedSpec spec = pythSpec(Duration.ofMinutes(1), MarketHours.CRYPTO);

    @Test
    void healthy_price_has_no_alerts() {
      assertThat(feed(spec, pyth(200_000_000_000L, 50_000_000L, T0.minusSeconds(5)))).isEmpty();
    }

    @Test
    void publish_time_drives_staleness() {
      // heartbeat 60 s + default grace 300 s
      assertThat(feed(spec, pyth(200_000_000_000L, 50_000_000L, T0.minusSeconds(360)))).isEmpty();
      assertThat(feed(spec, pyth(200_000_000_000L, 50_000_000L, T0.minusSeconds(361))))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("oracle.stale");
                assertThat(a.subject()).isEqualTo("feed:eth-usd-pyth");
              });
    }

    @Test
    void publish_time_ahead_of_the_block_is_fresh() {
      assertThat(feed(spec, pyth(200_000_000_000L, 50_000_000L, T0.plusSeconds(3)))).isEmpty();
    }

    @Test
    void round_and_confidence_rules_run() {
      assertThat(feed(spec, pyth(0, 50_000_000L, T0)))
          .extracting(Alert::rule)
          .containsExactly("oracle.round");
      assertThat(feed(spec, pyth(200_000_000_000L, 5_000_000_000L, T0)))
          .extracting(Alert::rule, Alert::severity)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("oracle.confidence", Severity.CRITICAL));
    }
  }

  @Nested
  class Unreadable {
    @Test
    void unreadable_feed_makes_the_monitor_blind() {
      FeedReading reading =
          new FeedReading.Unreadable(
              "eth-usd", new ReadFailure.Reverted("StalePrice()", "0x19abf40e"));
      assertThat(feed(chainlinkSpec(), reading))
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.rule()).isEqualTo("monitor.blind");
                assertThat(a.severity()).isEqualTo(Severity.UNKNOWN);
                assertThat(a.subject()).isEqualTo("feed:eth-usd");
                assertThat(a.message())
                    .isEqualTo("cannot read feed eth-usd: reverted: StalePrice()");
                assertThat(a.action()).isEqualTo("check the feed address and the RPC endpoint");
                assertThat(a.value()).isNull();
              });
    }

    @Test
    void disabled_monitor_blind_is_silent() {
      FeedReading reading =
          new FeedReading.Unreadable("eth-usd", new ReadFailure.NoCode(OracleFixtures.PROXY));
      RuleSettingsLookup lookup =
          RuleSettingsLookup.of(Map.of("monitor.blind", disabled("monitor.blind")));
      assertThat(
              rules.evaluateFeed(
                  chainlinkSpec(), reading, block, Optional.empty(), Optional.empty(), lookup))
          .isEmpty();
    }
  }

  @Nested
  class SequencerSuffix {
    private final FeedReading.Chainlink staleReading = chainlink(T0.minusSeconds(4_000));

    private List<Alert> withSequencer(
        FeedReading reading, io.hedgewatch.domain.SequencerStatus status) {
      SequencerContext ctx = OracleRules.sequencerContext("arbitrum", status, block, defaults);
      return rules.evaluateFeed(
          chainlinkSpec(), reading, block, Optional.of(ctx), Optional.empty(), defaults);
    }

    @Test
    void sequencer_down_is_appended_to_every_feed_alert() {
      FeedReading.Chainlink twoFindings =
          withBounds(staleReading, 299_000_000_000L, 1_000_000_000_000L);
      List<Alert> alerts = withSequencer(twoFindings, sequencer(1, T0.minusSeconds(900)));
      assertThat(alerts).hasSize(2);
      assertThat(alerts)
          .allSatisfy(
              a ->
                  assertThat(a.message())
                      .endsWith(
                          "; sequencer down since 2025-01-08T11:45:00Z: on-chain prices may be stale"));
      List<Alert> plain = feed(chainlinkSpec(), twoFindings);
      for (int i = 0; i < alerts.size(); i++) {
        assertThat(alerts.get(i).message()).startsWith(plain.get(i).message());
        assertThat(alerts.get(i).withMessage(plain.get(i).message())).isEqualTo(plain.get(i));
      }
    }

    @Test
    void sequencer_in_grace_is_appended() {
      assertThat(withSequencer(staleReading, sequencer(0, T0.minusSeconds(1_000))))
          .singleElement()
          .satisfies(
              a ->
                  assertThat(a.message())
                      .endsWith(
                          "; sequencer restarted at 2025-01-08T11:43:20Z, within its grace period"));
    }

    @Test
    void blind_feed_gets_the_suffix_too() {
      FeedReading reading =
          new FeedReading.Unreadable("eth-usd", new ReadFailure.Unavailable("timeout"));
      assertThat(withSequencer(reading, sequencer(1, T0.minusSeconds(60))))
          .singleElement()
          .satisfies(
              a ->
                  assertThat(a.message())
                      .startsWith(
                          "cannot read feed eth-usd: unavailable: timeout; sequencer down since"));
    }

    @Test
    void sequencer_up_adds_nothing() {
      assertThat(withSequencer(staleReading, sequencer(0, T0.minusSeconds(86_400))))
          .singleElement()
          .satisfies(a -> assertThat(a.message()).doesNotContain("sequencer"));
    }

    @Test
    void no_alerts_stay_no_alerts() {
      assertThat(withSequencer(chainlink(T0), sequencer(1, T0.minusSeconds(60)))).isEmpty();
    }
  }

  @Nested
  class Wiring {
    @Test
    void reading_of_another_feed_is_a_bug() {
      assertThatThrownBy(
              () -> feed(pythSpec(Duration.ofMinutes(1), MarketHours.CRYPTO), chainlink(T0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("eth-usd");
    }

    @Test
    void reading_of_another_type_is_a_bug() {
      FeedSpec pythNamedLikeChainlink =
          new FeedSpec(
              "eth-usd",
              "arbitrum",
              io.hedgewatch.domain.FeedType.PYTH,
              "0x01",
              Optional.of(OracleFixtures.PYTH_ID),
              Duration.ofHours(1),
              java.math.BigDecimal.ONE,
              MarketHours.CRYPTO,
              Optional.empty());
      assertThatThrownBy(() -> feed(pythNamedLikeChainlink, chainlink(T0)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("configured as pyth");
    }

    @Test
    void sequencer_of_another_chain_is_a_bug() {
      SequencerContext base = new SequencerContext("base", SequencerContext.State.DOWN, T0);
      assertThatThrownBy(
              () ->
                  rules.evaluateFeed(
                      chainlinkSpec(),
                      chainlink(T0),
                      block,
                      Optional.of(base),
                      Optional.empty(),
                      defaults))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("base");
    }

    @Test
    void settings_come_from_the_lookup() {
      RuleSettingsLookup staleOff =
          RuleSettingsLookup.of(Map.of("oracle.stale", disabled("oracle.stale")));
      assertThat(
              rules.evaluateFeed(
                  chainlinkSpec(),
                  chainlink(T0.minusSeconds(86_400)),
                  block,
                  Optional.empty(),
                  Optional.empty(),
                  staleOff))
          .isEmpty();
      RuleSettingsLookup asConfig = id -> RuleCatalog.defaults(id);
      assertThat(
              rules.evaluateFeed(
                  chainlinkSpec(),
                  chainlink(T0.minusSeconds(86_400)),
                  block,
                  Optional.empty(),
                  Optional.empty(),
                  asConfig))
          .extracting(Alert::rule)
          .containsExactly("oracle.stale");
    }

    @Test
    void last_update() {
      assertThat(OracleRules.lastUpdate(chainlink(T0))).contains(T0);
      assertThat(OracleRules.lastUpdate(pyth(1, 1, T0))).contains(T0);
      assertThat(
              OracleRules.lastUpdate(
                  new FeedReading.Unreadable("x", new ReadFailure.Malformed("short"))))
          .isEmpty();
      assertThat(OracleRules.lastUpdate(chainlink(round(BigInteger.ONE, Instant.EPOCH)))).isEmpty();
    }
  }

  @Nested
  class Worst {
    private Alert alert(String subject, Severity s) {
      return new Alert("oracle.stale", s, subject, "m", null, null, "a");
    }

    @Test
    void no_alerts_is_ok() {
      assertThat(OracleRules.worst(List.of())).isEqualTo(Severity.OK);
    }

    @Test
    void critical_beats_warning_beats_unknown() {
      assertThat(
              OracleRules.worst(
                  List.of(alert("feed:a", Severity.UNKNOWN), alert("feed:a", Severity.WARNING))))
          .isEqualTo(Severity.WARNING);
      assertThat(
              OracleRules.worst(
                  List.of(
                      alert("feed:a", Severity.WARNING),
                      alert("feed:b", Severity.CRITICAL),
                      alert("feed:c", Severity.UNKNOWN))))
          .isEqualTo(Severity.CRITICAL);
    }

    @Test
    void per_subject_in_order_with_listed_subjects_ok() {
      List<Alert> alerts =
          List.of(
              alert("feed:b", Severity.WARNING),
              alert("chain:arbitrum", Severity.UNKNOWN),
              alert("feed:b", Severity.CRITICAL));
      assertThat(OracleRules.worstBySubject(alerts))
          .containsExactly(
              Map.entry("feed:b", Severity.CRITICAL),
              Map.entry("chain:arbitrum", Severity.UNKNOWN));
      assertThat(OracleRules.worstBySubject(List.of("feed:a", "feed:b"), alerts))
          .containsExactly(
              Map.entry("feed:a", Severity.OK),
              Map.entry("feed:b", Severity.CRITICAL),
              Map.entry("chain:arbitrum", Severity.UNKNOWN));
    }

    @Test
    void subjects() {
      assertThat(OracleRules.feedSubject("eth-usd")).isEqualTo("feed:eth-usd");
      assertThat(OracleRules.chainSubject("arbitrum")).isEqualTo("chain:arbitrum");
    }
  }
}
