package io.hedgewatch.venue;

import static io.hedgewatch.venue.OffchainTestSupport.fixture;
import static io.hedgewatch.venue.OffchainTestSupport.json;
import static io.hedgewatch.venue.OffchainTestSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.Read;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The recorded Hyperliquid replies (see {@code fixtures/venues/README.md}): a late-2024 {@code
 * metaAndAssetCtxs} that is almost certainly testnet (142 assets, SOL first, HYPE's oracle at 2e8)
 * and a 2023 mainnet BTC {@code fundingHistory}.
 */
class HyperliquidFixturesTest {

  private static final Instant AT = Instant.parse("2024-12-22T10:20:30Z");
  private static final String META = fixture("hyperliquid-metaAndAssetCtxs.json");
  private static final String HISTORY = fixture("hyperliquid-fundingHistory.json");

  private static List<String> universe() {
    List<String> coins = new ArrayList<>();
    for (JsonNode asset : json(META).get(0).get("universe")) {
      coins.add(asset.get("name").asText());
    }
    return coins;
  }

  private static MarketSnapshot read(String coin) {
    return ok(
        HyperliquidReader.parseMarkets("hyperliquid", META, List.of(coin), Map.of(), AT).get(0));
  }

  @Test
  void every_one_of_the_142_recorded_markets_reads() {
    List<String> coins = universe();
    List<Read<MarketSnapshot>> reads =
        HyperliquidReader.parseMarkets("hyperliquid", META, coins, Map.of(), AT);

    assertThat(coins).hasSize(142);
    assertThat(reads).hasSize(142).allSatisfy(r -> assertThat(r).isInstanceOf(Read.Ok.class));
    assertThat(reads.get(0).asOptional().orElseThrow().marketKey()).isEqualTo("SOL");
    assertThat(reads.get(141).asOptional().orElseThrow().marketKey()).isEqualTo("FARTCOIN");
  }

  @Test
  void eth_is_read_exactly_on_hedgewatchs_scales() {
    MarketSnapshot eth = read("ETH");

    assertThat(eth.marketKey()).isEqualTo("ETH");
    assertThat(eth.at()).isEqualTo(AT);
    assertThat(eth.markPrice()).contains(new BigDecimal("3562.5"));
    assertThat(eth.indexPrice()).contains(new BigDecimal("3549.5"));
    assertThat(eth.fundingRateHourly()).contains(new BigDecimal("0.00034716"));
    assertThat(eth.fundingInterval()).contains(Duration.ofHours(1));
    assertThat(eth.nextFundingTime()).contains(Instant.parse("2024-12-22T11:00:00Z"));
    assertThat(eth.fundingCapHourly()).contains(new BigDecimal("0.04"));
    assertThat(eth.predictedFundingRateHourly()).isEmpty();
    assertThat(eth.openInterest()).contains(new BigDecimal("2012.7892"));
    assertThat(eth.openInterestLong()).isEmpty();
    assertThat(eth.openInterestShort()).isEmpty();
    assertThat(eth.maxOpenInterestLong()).isEmpty();
    assertThat(eth.maxOpenInterestShort()).isEmpty();
    assertThat(eth.skew()).isEmpty();
    assertThat(eth.status()).isEqualTo(MarketStatus.ACTIVE);
    assertThat(eth.oracleProblem()).isEmpty();
  }

  @Test
  void btc_keeps_the_replys_decimal_text_and_a_negative_rate_means_shorts_pay() {
    MarketSnapshot btc = read("BTC");

    assertThat(btc.markPrice())
        .hasValueSatisfying(p -> assertThat(p.toPlainString()).isEqualTo("98818.0"));
    assertThat(btc.indexPrice()).contains(new BigDecimal("99235.0"));
    assertThat(btc.fundingRateHourly()).contains(new BigDecimal("-0.00058163"));
    assertThat(btc.fundingApr())
        .hasValueSatisfying(apr -> assertThat(apr).isEqualByComparingTo("-5.0950788"));
    assertThat(btc.openInterest()).contains(new BigDecimal("1784.59898"));
  }

  @Test
  void sol_pays_the_base_interest_of_0_00125_percent_an_hour() {
    MarketSnapshot sol = read("SOL");

    assertThat(sol.markPrice()).contains(new BigDecimal("200.4"));
    assertThat(sol.indexPrice()).contains(new BigDecimal("200.4"));
    assertThat(sol.fundingRateHourly()).contains(new BigDecimal("0.0000125"));
    assertThat(sol.fundingApr())
        .hasValueSatisfying(apr -> assertThat(apr).isEqualByComparingTo("0.1095"));
    assertThat(sol.openInterest()).contains(new BigDecimal("7029.78"));
  }

  @Test
  void a_market_without_premium_mid_or_impact_prices_still_reads() {
    // MATIC: premium, midPx and impactPxs are null, nothing trades (zero volume and open interest)
    MarketSnapshot matic = read("MATIC");

    assertThat(matic.markPrice()).contains(new BigDecimal("0.37035"));
    assertThat(matic.indexPrice()).contains(new BigDecimal("0.37508"));
    assertThat(matic.fundingRateHourly()).contains(new BigDecimal("0.0"));
    assertThat(matic.openInterest()).contains(new BigDecimal("0.0"));
    assertThat(matic.status()).isEqualTo(MarketStatus.ACTIVE);
  }

  @Test
  void only_isolated_margin_is_not_a_trading_restriction() {
    MarketSnapshot wif = read("WIF");

    assertThat(wif.status()).isEqualTo(MarketStatus.ACTIVE);
    assertThat(wif.markPrice()).contains(new BigDecimal("2.2351"));
    assertThat(wif.openInterest()).contains(new BigDecimal("28406.0"));
  }

  @Test
  void the_recorded_funding_history_has_1038_btc_rows_first_and_last_exact() {
    List<FundingPoint> rows = HyperliquidReader.parseFundingHistory("hyperliquid", "BTC", HISTORY);

    assertThat(rows).hasSize(1038);
    // 2023-05-12T00:00:00.048Z, an 8-hour rate of -0.00061334: -0.0000766675 an hour
    assertThat(rows.get(0))
        .isEqualTo(
            new FundingPoint(
                Instant.ofEpochMilli(1683849600048L), new BigDecimal("-0.0000766675")));
    assertThat(rows.get(1037))
        .isEqualTo(
            new FundingPoint(Instant.ofEpochMilli(1689627600065L), new BigDecimal("0.0000125")));
  }

  @Test
  void rows_before_june_8_2023_are_8_hour_rates_and_hourly_rows_follow() {
    // The README calls the rows 8 h apart; in fact the first 82 are (2023-05-12 .. 2023-06-08
    // 00:00), then Hyperliquid settles hourly: 955 one-hour gaps and one two-hour gap.
    List<FundingPoint> rows = HyperliquidReader.parseFundingHistory("hyperliquid", "BTC", HISTORY);
    int eightHourGaps = 0;
    int oneHourGaps = 0;
    int twoHourGaps = 0;
    for (int i = 1; i < rows.size(); i++) {
      long hours =
          Math.round(Duration.between(rows.get(i - 1).at(), rows.get(i).at()).toSeconds() / 3600.0);
      if (hours == 8) {
        eightHourGaps++;
      } else if (hours == 1) {
        oneHourGaps++;
      } else if (hours == 2) {
        twoHourGaps++;
      }
    }
    assertThat(eightHourGaps).isEqualTo(81);
    assertThat(oneHourGaps).isEqualTo(955);
    assertThat(twoHourGaps).isEqualTo(1);

    // The last 8-hour row (0.0001 over 8 h) and the first hourly one (0.0000125 over 1 h) are the
    // same interest rate.
    assertThat(rows.get(81).at()).isEqualTo(Instant.parse("2023-06-08T00:00:00.254Z"));
    assertThat(rows.get(81).rateHourly()).isEqualByComparingTo("0.0000125");
    assertThat(rows.get(82).at()).isEqualTo(Instant.parse("2023-06-08T01:00:00.054Z"));
    assertThat(rows.get(82).rateHourly()).isEqualByComparingTo("0.0000125");
    assertThat(rows.get(82).rateHourly().toPlainString()).isEqualTo("0.0000125");
  }

  @Test
  void no_recorded_hourly_rate_breaks_the_4_percent_cap() {
    List<FundingPoint> rows = HyperliquidReader.parseFundingHistory("hyperliquid", "BTC", HISTORY);

    assertThat(rows)
        .allSatisfy(
            p -> assertThat(p.rateHourly().abs()).isLessThan(HyperliquidReader.FUNDING_CAP_HOURLY));
    assertThat(rows.get(0).rateHourly().signum()).as("2023-05-12: shorts paid longs").isEqualTo(-1);
  }
}
