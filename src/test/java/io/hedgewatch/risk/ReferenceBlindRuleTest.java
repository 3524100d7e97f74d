package io.hedgewatch.risk;

import static io.hedgewatch.domain.ReferenceVenue.BINANCE;
import static io.hedgewatch.domain.ReferenceVenue.COINBASE;
import static io.hedgewatch.domain.ReferenceVenue.KRAKEN;
import static io.hedgewatch.risk.ReferenceFixtures.NOW;
import static io.hedgewatch.risk.ReferenceFixtures.coinbaseEthUsd;
import static io.hedgewatch.risk.ReferenceFixtures.ethUsd;
import static io.hedgewatch.risk.ReferenceFixtures.failed;
import static io.hedgewatch.risk.ReferenceFixtures.quote;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.Alert;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferencePrice;
import io.hedgewatch.domain.Severity;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReferenceBlindRuleTest {

  private static List<Alert> judge(ReferencePrice reference) {
    return ReferenceBlindRule.evaluate(
        "eth-usd", reference, RuleCatalog.defaults(ReferenceBlindRule.ID));
  }

  @Test
  void every_venue_failing_or_stale_is_blindness_on_the_feed() {
    ReferencePrice reference =
        ethUsd(
            2,
            failed(
                BINANCE,
                "ETHUSDT",
                "ETH/USDT",
                new QuoteFailure.Timeout("binance.ticker", Duration.ofSeconds(2))),
            failed(
                KRAKEN,
                "XETHZUSD",
                "ETH/USD",
                new QuoteFailure.Timeout("kraken.ticker", Duration.ofSeconds(2))),
            quote(COINBASE, "ETH-USD", "ETH/USD", "3000", NOW.minusSeconds(3600)));
    List<Alert> alerts = judge(reference);
    assertThat(alerts).hasSize(1);
    Alert blind = alerts.get(0);
    assertThat(blind.rule()).isEqualTo("monitor.blind");
    assertThat(blind.subject()).isEqualTo("feed:eth-usd");
    assertThat(blind.severity()).isEqualTo(Severity.UNKNOWN);
    assertThat(blind.message()).contains("ETH/USD", "3 asked");
  }

  @Test
  void one_venue_answering_is_not_blindness_even_below_min_sources() {
    ReferencePrice reference =
        ethUsd(
            2,
            failed(
                BINANCE,
                "ETHUSDT",
                "ETH/USDT",
                new QuoteFailure.Timeout("binance.ticker", Duration.ofSeconds(2))),
            coinbaseEthUsd("3000"));
    assertThat(reference.available()).isFalse();
    assertThat(judge(reference)).isEmpty();
  }

  @Test
  void a_disabled_rule_or_a_reference_without_venues_says_nothing() {
    ReferencePrice none = ethUsd(1);
    assertThat(judge(none)).isEmpty();
    ReferencePrice down =
        ethUsd(
            1,
            failed(
                BINANCE,
                "ETHUSDT",
                "ETH/USDT",
                new QuoteFailure.Timeout("binance.ticker", Duration.ofSeconds(2))));
    RuleSettings off =
        RuleSettings.of(
            RuleCatalog.find(ReferenceBlindRule.ID).orElseThrow(),
            java.util.Map.of("enabled", false));
    assertThat(ReferenceBlindRule.evaluate("eth-usd", down, off)).isEmpty();
  }
}
