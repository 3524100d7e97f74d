package io.hedgewatch.devnet.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.hedgewatch.devnet.scenario.ScenarioAction.FundingTarget;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.ReferenceVenue;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScenarioParserTest {

  private static final String HEAD =
      "description: a story\nincident: \"2022 something\"\ncalm: 30s\nlength: 2m\n";

  private static String withStep(String step) {
    return HEAD + "steps:\n  - at: 30s\n    say: it happens\n" + step;
  }

  @Test
  void reads_every_action_in_order_with_exact_values() {
    Scenario s =
        ScenarioParser.parse(
            "all",
            HEAD
                + "steps:\n"
                + "  - { at: 30s, say: a, oracle: { feed: eth-usd, price: 10 } }\n"
                + "  - { at: 31s, say: b, pyth: { price: 2990.5 } }\n"
                + "  - { at: 32s, say: c, market: { asset: eth, price: 3600 } }\n"
                + "  - { at: 33s, say: d, reference: { asset: BTC, price: 1, venue: kraken } }\n"
                + "  - { at: 34s, say: e, funding: { venue: gmx, asset: ETH, hourly: -0.000072 } }\n"
                + "  - { at: 35s, say: f, funding: { venue: bybit, asset: ETH, hourly: 0.01 } }\n"
                + "  - { at: 36s, say: g, sequencer: down }\n"
                + "  - { at: 1m, say: h, advanceTime: 61m }\n");
    assertThat(s.name()).isEqualTo("all");
    assertThat(s.calm()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.length()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.steps())
        .extracting(Scenario.Step::say)
        .containsExactly("a", "b", "c", "d", "e", "f", "g", "h");
    assertThat(s.steps().get(0).action())
        .isEqualTo(new ScenarioAction.OracleAnswer("eth-usd", new BigDecimal("10")));
    assertThat(((ScenarioAction.PythPrice) s.steps().get(1).action()).price())
        .isEqualByComparingTo("2990.5");
    assertThat(s.steps().get(2).action())
        .isEqualTo(new ScenarioAction.MarketPrice("ETH", new BigDecimal("3600")));
    assertThat(s.steps().get(3).action())
        .isEqualTo(
            new ScenarioAction.ReferencePrice(
                "BTC", new BigDecimal("1"), Optional.of(ReferenceVenue.KRAKEN)));
    ScenarioAction.Funding gmx = (ScenarioAction.Funding) s.steps().get(4).action();
    assertThat(gmx.target()).isEqualTo(FundingTarget.GMX);
    assertThat(gmx.hourly()).isEqualByComparingTo("-0.000072");
    assertThat(s.steps().get(5).action())
        .isEqualTo(
            new ScenarioAction.Funding(
                FundingTarget.CEX,
                Optional.of(CexFundingVenue.BYBIT),
                "ETH",
                new BigDecimal("0.01")));
    assertThat(s.steps().get(6).action()).isEqualTo(new ScenarioAction.Sequencer(true));
    assertThat(s.steps().get(7).action())
        .isEqualTo(new ScenarioAction.AdvanceTime(Duration.ofMinutes(61)));
  }

  @Test
  void a_venue_pin_released_and_a_venue_stablecoin_depegged_then_back_to_the_market() {
    Scenario s =
        ScenarioParser.parse(
            "venues",
            HEAD
                + "steps:\n"
                + "  - { at: 30s, say: a, reference: { asset: eth, price: market, venue: kraken } }\n"
                + "  - { at: 31s, say: b, stablecoin: { venue: binance, coin: usdt, usd: 0.65 } }\n"
                + "  - { at: 32s, say: c, stablecoin: { venue: okx, coin: USDC, usd: market } }\n");
    assertThat(s.steps().get(0).action())
        .isEqualTo(new ScenarioAction.ReferenceRelease("ETH", ReferenceVenue.KRAKEN));
    assertThat(s.steps().get(1).action())
        .isEqualTo(
            new ScenarioAction.VenueStablecoin(
                ReferenceVenue.BINANCE, "USDT", Optional.of(new BigDecimal("0.65"))));
    assertThat(s.steps().get(2).action())
        .isEqualTo(
            new ScenarioAction.VenueStablecoin(ReferenceVenue.OKX, "USDC", Optional.empty()));
  }

  @Test
  void every_shipped_scenario_parses_and_is_listed() {
    assertThat(ScenarioLibrary.available())
        .contains(
            "funding-squeeze",
            "oracle-bound",
            "sequencer-outage",
            "thin-venue-pump",
            "venue-depeg",
            "proxy-upgrade",
            "market-paused");
    for (String name : ScenarioLibrary.available()) {
      Scenario s = ScenarioLibrary.load(name).orElseThrow();
      assertThat(s.name()).isEqualTo(name);
      assertThat(s.calm()).as(name + " has a calm prefix").isPositive();
    }
    assertThat(ScenarioLibrary.load("no-such-story")).isEmpty();
    assertThat(ScenarioLibrary.load("../pom")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "unknown top key|colour: red|bad: colour: unknown key; allowed: description, incident, calm, length, steps",
        "unknown step key|when: 3s\\nsequencer: up|bad: steps[0].when: unknown key",
        "no action|advanceTime: 0s|bad: steps[0].advanceTime: 0 moves nothing",
        "two actions|sequencer: up\\nadvanceTime: 1h|bad: steps[0]: more than one action (sequencer, advanceTime)",
        "bad feed|oracle: { feed: eth, price: 10 }|bad: steps[0].oracle.feed: 'eth' is not allowed; one of eth-usd, btc-usd, usdc-usd",
        "negative price|oracle: { feed: eth-usd, price: -1 }|bad: steps[0].oracle.price: -1 is not a price",
        "text price|market: { asset: ETH, price: lots }|bad: steps[0].market.price: 'lots' is not a number",
        "missing price|pyth: {}|bad: steps[0].pyth.price: missing",
        "unknown action key|oracle: { feed: eth-usd, price: 10, round: 3 }|bad: steps[0].oracle.round: unknown key; allowed: feed, price",
        "bad venue|reference: { asset: ETH, price: 1, venue: ftx }|bad: steps[0].reference.venue: 'ftx' is not allowed; one of binance",
        "bad funding venue|funding: { venue: dydx, asset: ETH, hourly: 0.1 }|bad: steps[0].funding.venue: 'dydx' is not allowed; one of snx, gmx, hyperliquid, cex, binance",
        "bad asset|market: { asset: DOGE, price: 1 }|bad: steps[0].market.asset: 'DOGE' is not allowed; one of ETH, BTC",
        "bad sequencer|sequencer: sideways|bad: steps[0].sequencer: 'sideways' is not a sequencer state; down or up",
        "bad duration|advanceTime: soon|bad: steps[0].advanceTime: ",
        "market price for every venue|reference: { asset: ETH, price: market }|bad: steps[0].reference.price: 'market' releases one venue's pin; give its venue",
        "stablecoin without venue|stablecoin: { coin: USDT, usd: 0.9 }|bad: steps[0].stablecoin.venue: missing",
        "bad stablecoin venue|stablecoin: { venue: ftx, coin: USDT, usd: 0.9 }|bad: steps[0].stablecoin.venue: 'ftx' is not allowed; one of binance, coinbase, kraken, okx, bybit",
        "bad stablecoin|stablecoin: { venue: binance, coin: DAI, usd: 0.9 }|bad: steps[0].stablecoin.coin: 'DAI' is not allowed; one of USDT, USDC",
        "zero stablecoin|stablecoin: { venue: binance, coin: USDT, usd: 0 }|bad: steps[0].stablecoin.usd: 0 is not a price",
        "text stablecoin|stablecoin: { venue: binance, coin: USDT, usd: par }|bad: steps[0].stablecoin.usd: 'par' is not a number",
        "stablecoin without usd|stablecoin: { venue: binance, coin: USDT }|bad: steps[0].stablecoin.usd: missing",
        "unknown stablecoin key|stablecoin: { venue: binance, coin: USDT, usd: 1, price: 2 }|bad: steps[0].stablecoin.price: unknown key; allowed: venue, coin, usd",
        "mapping for a scalar|sequencer: { down: true }|bad: steps[0].sequencer: expected a single value, not a mapping",
        "bad upgrade target|upgrade: { target: gmx, revision: 2 }|bad: steps[0].upgrade.target: 'gmx' is not allowed; one of vault, snx",
        "zero revision|upgrade: { target: vault, revision: 0 }|bad: steps[0].upgrade.revision: 0 is out of range; 1 or more",
        "fractional revision|upgrade: { target: snx, revision: 1.5 }|bad: steps[0].upgrade.revision: '1.5' is not a whole number",
        "missing revision|upgrade: { target: snx }|bad: steps[0].upgrade.revision: missing",
        "unknown upgrade key|upgrade: { target: snx, revision: 2, by: 3 }|bad: steps[0].upgrade.by: unknown key; allowed: target, revision",
        "admin out of range|proxyAdmin: 10|bad: steps[0].proxyAdmin: 10 is out of range; from 0 to 9",
        "admin not a number|proxyAdmin: attacker|bad: steps[0].proxyAdmin: 'attacker' is not a whole number",
        "bad pause target|pause: gmx|bad: steps[0].pause: 'gmx' is not a market a venue can halt; one of snx, gmx-eth, gmx-btc",
        "bad unpause target|unpause: watched|bad: steps[0].unpause: 'watched' is not a market a venue can halt; one of snx, gmx-eth, gmx-btc",
        "mapping for a pause|pause: { target: snx }|bad: steps[0].pause: expected a single value, not a mapping",
      })
  void names_the_step_and_key_of_each_problem(String what, String step, String message) {
    String yaml =
        step.startsWith("colour")
            ? HEAD + step + "\nsteps: []\n"
            // CsvSource trims each value, so the step's lines are indented here
            : withStep("    " + step.replace("\\n", "\n    ") + "\n");
    assertThatThrownBy(() -> ScenarioParser.parse("bad", yaml))
        .as(what)
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void reads_upgrades_admin_handovers_and_pauses() {
    Scenario s =
        ScenarioParser.parse(
            "platform",
            HEAD
                + "steps:\n"
                + "  - { at: 30s, say: a, upgrade: { target: snx, revision: 2 } }\n"
                + "  - { at: 31s, say: b, proxyAdmin: 2 }\n"
                + "  - { at: 32s, say: c, upgrade: { target: vault, revision: 3 } }\n"
                + "  - { at: 33s, say: d, pause: snx }\n"
                + "  - { at: 34s, say: e, pause: gmx-eth }\n"
                + "  - { at: 35s, say: f, unpause: gmx-btc }\n");
    assertThat(s.steps())
        .extracting(Scenario.Step::action)
        .containsExactly(
            new ScenarioAction.Upgrade(ScenarioAction.UpgradeTarget.SNX, 2),
            new ScenarioAction.ProxyAdmin(2),
            new ScenarioAction.Upgrade(ScenarioAction.UpgradeTarget.VAULT, 3),
            new ScenarioAction.Pause(ScenarioAction.PauseTarget.SNX, true),
            new ScenarioAction.Pause(ScenarioAction.PauseTarget.GMX_ETH, true),
            new ScenarioAction.Pause(ScenarioAction.PauseTarget.GMX_BTC, false));
  }

  @Test
  void a_step_inside_the_calm_is_refused_with_both_times() {
    String yaml = HEAD + "steps:\n  - { at: 10s, say: early, sequencer: down }\n";
    assertThatThrownBy(() -> ScenarioParser.parse("bad", yaml))
        .hasMessage("bad: steps[0].at: 10s is inside the calm prefix; at or after calm (30s)");
  }

  @Test
  void steps_out_of_order_and_a_length_before_the_last_step_are_refused() {
    String disorder =
        HEAD
            + "steps:\n  - { at: 50s, say: a, sequencer: down }\n  - { at: 40s, say: b, sequencer: up }\n";
    assertThatThrownBy(() -> ScenarioParser.parse("bad", disorder))
        .hasMessage("bad: steps[1].at: 40s is before the previous step (50s); in order");
    String late = HEAD + "steps:\n  - { at: 3m, say: a, sequencer: down }\n";
    assertThatThrownBy(() -> ScenarioParser.parse("bad", late))
        .hasMessage("bad: length: 2m ends before the last step (3m)");
  }

  @Test
  void missing_sections_duplicate_keys_and_broken_yaml_are_named() {
    assertThatThrownBy(() -> ScenarioParser.parse("bad", "description: x\n"))
        .hasMessage("bad: incident: missing");
    assertThatThrownBy(() -> ScenarioParser.parse("bad", HEAD + "steps: []\n"))
        .hasMessage("bad: steps: expected a non-empty list of steps");
    assertThatThrownBy(() -> ScenarioParser.parse("bad", HEAD + "calm: 1s\nsteps: []\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("bad: not valid YAML: Duplicate field 'calm'");
    assertThatThrownBy(() -> ScenarioParser.parse("bad", "- a\n- b\n"))
        .hasMessageStartingWith("bad: expected a mapping with description");
    assertThatThrownBy(() -> ScenarioParser.parse("bad", "a: [\n"))
        .hasMessageStartingWith("bad: not valid YAML");
  }
}
