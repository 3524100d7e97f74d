package io.hedgewatch.risk;

import static io.hedgewatch.domain.CexFundingVenue.BINANCE;
import static io.hedgewatch.domain.CexFundingVenue.OKX;
import static io.hedgewatch.risk.MarketFixtures.HYPERLIQUID_CAP;
import static io.hedgewatch.risk.MarketFixtures.MARKET;
import static io.hedgewatch.risk.MarketFixtures.NOW;
import static io.hedgewatch.risk.MarketFixtures.SUBJECT;
import static io.hedgewatch.risk.MarketFixtures.cex;
import static io.hedgewatch.risk.MarketFixtures.disabled;
import static io.hedgewatch.risk.MarketFixtures.meanAndStdev;
import static io.hedgewatch.risk.MarketFixtures.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.Pair;
import io.hedgewatch.domain.ReferencePrice;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The facade: every market rule on one market, the JSON helpers, the context's invariants. */
class MarketRulesTest {

  private static final MarketContext CALM_CONTEXT =
      new MarketContext(
          meanAndStdev("0.0000125", "0.000002"),
          List.of(
              cex(BINANCE, "ETHUSDT", "0.0001", 8, "3000.5"),
              cex(OKX, "ETH-USDT-SWAP", "0.0001", 8, "3001")),
          Optional.empty());

  private static MarketSnapshot calm() {
    return snapshot()
        .mark("3000")
        .index("3000.3")
        .funding("0.000013")
        .cap(HYPERLIQUID_CAP)
        .openInterest("400", "380")
        .caps("1000", "1000")
        .build();
  }

  @Test
  void a_calm_market_raises_nothing() {
    assertThat(MarketRules.evaluate(MARKET, calm(), CALM_CONTEXT, RuleSettingsLookup.defaults()))
        .isEmpty();
  }

  @Test
  void observe_gives_the_alerts_of_evaluate_and_the_funding_stats_of_the_report_computed_once() {
    MarketSnapshot spiking =
        snapshot().mark("3000").index("3000.3").funding("0.0000225").cap(HYPERLIQUID_CAP).build();
    for (MarketSnapshot snapshot : List.of(calm(), spiking)) {
      MarketRules.Observation observed =
          MarketRules.observe(MARKET, snapshot, CALM_CONTEXT, RuleSettingsLookup.defaults());
      assertThat(observed.alerts())
          .isEqualTo(
              MarketRules.evaluate(MARKET, snapshot, CALM_CONTEXT, RuleSettingsLookup.defaults()));
      assertThat(observed.fundingStats())
          .isEqualTo(
              MarketRules.fundingStats(snapshot, CALM_CONTEXT, RuleSettingsLookup.defaults()));
      assertThat(observed.fundingZScore())
          .isEqualTo(
              MarketRules.fundingZScore(snapshot, CALM_CONTEXT, RuleSettingsLookup.defaults()));
    }
    MarketRules.Observation spike =
        MarketRules.observe(MARKET, spiking, CALM_CONTEXT, RuleSettingsLookup.defaults());
    assertThat(spike.alerts()).extracting(Alert::rule).contains("funding.spike");
    assertThat(spike.fundingZScore()).hasValueSatisfying(z -> assertThat(z).isGreaterThan(3));
  }

  @Test
  void observe_reports_the_funding_stats_even_when_funding_spike_is_disabled() {
    MarketRules.Observation observed =
        MarketRules.observe(MARKET, calm(), CALM_CONTEXT, disabled("funding.spike"));
    assertThat(observed.alerts()).isEmpty();
    assertThat(observed.fundingStats().zScore()).isPresent();
  }

  @Test
  void a_squeezed_market_raises_each_rule_once_on_the_market() {
    // JELLY-like: funding at the cap, the mark far above everything, longs crowding a capped side
    MarketSnapshot squeezed =
        snapshot()
            .mark("3300")
            .index("3000")
            .funding("0.04")
            .cap(HYPERLIQUID_CAP)
            .openInterest("990", "10")
            .caps("1000", "1000")
            .status(new MarketStatus(false, false, true, false, Optional.of("reduce only")))
            .build();
    List<Alert> alerts =
        MarketRules.evaluate(MARKET, squeezed, CALM_CONTEXT, RuleSettingsLookup.defaults());
    assertThat(alerts)
        .extracting(Alert::rule)
        .containsExactly(
            "platform.paused",
            "funding.spike",
            "funding.divergence",
            "basis.wide",
            "liquidity.oi-cap",
            "liquidity.skew");
    assertThat(alerts).allSatisfy(a -> assertThat(a.subject()).isEqualTo(SUBJECT));
    assertThat(alerts).extracting(Alert::key).doesNotHaveDuplicates();

    assertThat(MarketRules.evaluate(MARKET, squeezed, CALM_CONTEXT, disabled("funding.spike")))
        .extracting(Alert::rule)
        .doesNotContain("funding.spike")
        .hasSize(5);
  }

  @Test
  void the_json_helpers() {
    assertThat(MarketRules.subject("btc-perp")).isEqualTo("market:btc-perp");
    // mean 0.00125 %/h, stdev 0.0002 %/h: 0.0013 %/h is z = 0.25
    assertThat(MarketRules.fundingZScore(calm(), CALM_CONTEXT, RuleSettingsLookup.defaults()))
        .hasValueSatisfying(z -> assertThat(z).isCloseTo(0.25, within(1e-12)));
    FundingSpikeRule.Stats none =
        MarketRules.fundingStats(calm(), MarketContext.EMPTY, RuleSettingsLookup.defaults());
    assertThat(none.zScore()).isEmpty();
    assertThat(none.unavailableReason())
        .hasValueSatisfying(r -> assertThat(r).startsWith("only 0"));
    assertThat(
            MarketRules.fundingZScore(calm(), MarketContext.EMPTY, RuleSettingsLookup.defaults()))
        .isEmpty();
    // mark 3000 vs index 3000.3: -0.99990001 bps; vs the CEX median 3000.75: -2.49937 bps
    assertThat(MarketRules.basisBps(calm()))
        .hasValueSatisfying(b -> assertThat(b).isCloseTo(-0.99990001, within(1e-9)));
    assertThat(MarketRules.cexBasisBps(calm(), CALM_CONTEXT))
        .hasValueSatisfying(b -> assertThat(b).isCloseTo(-2.4993751562, within(1e-9)));
    assertThat(MarketRules.referenceBasisBps(calm(), CALM_CONTEXT)).isEmpty();
    // 0.000013 vs 0.0000125 per hour: +0.438 % APR
    assertThat(MarketRules.fundingDivergencePct(calm(), CALM_CONTEXT))
        .hasValueSatisfying(d -> assertThat(d).isCloseTo(0.438, within(1e-12)));
    assertThat(MarketRules.fundingDivergencePct(calm(), MarketContext.EMPTY)).isEmpty();
  }

  @Test
  void the_helpers_use_the_configured_window() {
    RuleSettingsLookup oneDay =
        MarketFixtures.lookup("funding.spike", Map.of("window", Duration.ofHours(2)));
    assertThat(MarketRules.fundingStats(calm(), CALM_CONTEXT, oneDay).points()).isEqualTo(2);
  }

  @Test
  void a_context_of_mixed_assets_is_a_wiring_bug() {
    CexFunding eth = cex(BINANCE, "ETHUSDT", "0.0001", 8);
    CexFunding btc =
        new CexFunding(
            BINANCE,
            "BTCUSDT",
            Pair.of("BTC/USDT"),
            NOW,
            BigDecimal.ZERO,
            Duration.ofHours(8),
            BigDecimal.ZERO,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    assertThatThrownBy(() -> new MarketContext(List.of(), List.of(eth, btc), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("binance BTCUSDT is BTC, not ETH");
    ReferencePrice btcReference = ReferencePrice.unavailable(Pair.of("BTC/USD"), NOW, 1, "none");
    assertThatThrownBy(() -> new MarketContext(List.of(), List.of(eth), Optional.of(btcReference)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
