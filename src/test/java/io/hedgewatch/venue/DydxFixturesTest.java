package io.hedgewatch.venue;

import static io.hedgewatch.venue.OffchainTestSupport.fixture;
import static io.hedgewatch.venue.OffchainTestSupport.unwrapCapture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.hedgewatch.domain.FundingPoint;
import io.hedgewatch.domain.MarketSnapshot;
import io.hedgewatch.domain.MarketStatus;
import io.hedgewatch.domain.ReadFailure;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The recorded dYdX indexer replies (Nautilus captures of 2025-12-08, see {@code
 * fixtures/venues/README.md}). The capture envelope is unwrapped here, in the test: the production
 * parser is given what the indexer sends.
 */
class DydxFixturesTest {

  private static final Instant AT = Instant.parse("2025-12-08T16:12:00Z");
  private static final String MARKETS_CAPTURE = fixture("dydx-v4-perpetualMarkets.json");
  private static final String FUNDING_CAPTURE = fixture("dydx-v4-historicalFunding.json");

  private static MarketSnapshot read(String ticker) {
    JsonNode markets = DydxReader.parseMarkets("dydx", unwrapCapture(MARKETS_CAPTURE));
    return DydxReader.market("dydx", ticker, markets.get(ticker), AT);
  }

  @Test
  void the_recorded_markets_are_btc_eth_and_sol() {
    JsonNode markets = DydxReader.parseMarkets("dydx", unwrapCapture(MARKETS_CAPTURE));

    assertThat(markets.fieldNames()).toIterable().containsExactly("BTC-USD", "ETH-USD", "SOL-USD");
  }

  @Test
  void btc_usd_is_read_exactly_with_the_oracle_as_index_and_no_mark() {
    MarketSnapshot btc = read("BTC-USD");

    assertThat(btc.marketKey()).isEqualTo("BTC-USD");
    assertThat(btc.at()).isEqualTo(AT);
    assertThat(btc.markPrice()).isEmpty();
    assertThat(btc.indexPrice()).contains(new BigDecimal("89919.2"));
    assertThat(btc.predictedFundingRateHourly()).contains(new BigDecimal("0.00000254545454545455"));
    // the current rate comes from historicalFunding, not from this reply
    assertThat(btc.fundingRateHourly()).isEmpty();
    assertThat(btc.fundingInterval()).contains(Duration.ofHours(1));
    assertThat(btc.nextFundingTime()).contains(Instant.parse("2025-12-08T17:00:00Z"));
    // 600 % x (0.02 - 0.012) per 8 h = 0.048 / 8
    assertThat(btc.fundingCapHourly()).contains(new BigDecimal("0.006"));
    assertThat(btc.openInterest()).contains(new BigDecimal("381.7348"));
    assertThat(btc.openInterestLong()).isEmpty();
    assertThat(btc.openInterestShort()).isEmpty();
    assertThat(btc.status()).isEqualTo(MarketStatus.ACTIVE);
  }

  @Test
  void eth_usd_is_read_exactly() {
    MarketSnapshot eth = read("ETH-USD");

    assertThat(eth.indexPrice()).contains(new BigDecimal("3103.01"));
    assertThat(eth.predictedFundingRateHourly()).contains(new BigDecimal("0.00000125"));
    assertThat(eth.openInterest()).contains(new BigDecimal("7457.108"));
    assertThat(eth.fundingCapHourly()).contains(new BigDecimal("0.006"));
  }

  @Test
  void sol_usds_open_interest_bounds_are_not_taken_for_open_interest_caps() {
    // SOL-USD carries openInterestLowerCap 40000000 / UpperCap 100000000: the margin-scaling band,
    // not a limit on open interest.
    MarketSnapshot sol = read("SOL-USD");

    assertThat(sol.indexPrice()).contains(new BigDecimal("135.3"));
    assertThat(sol.predictedFundingRateHourly())
        .contains(new BigDecimal("-0.00000143181818181818"));
    assertThat(sol.openInterest()).contains(new BigDecimal("41917.9"));
    assertThat(sol.maxOpenInterestLong()).isEmpty();
    assertThat(sol.maxOpenInterestShort()).isEmpty();
    // 600 % x (0.05 - 0.03) / 8
    assertThat(sol.fundingCapHourly()).contains(new BigDecimal("0.015"));
  }

  @Test
  void the_capture_envelope_is_not_an_indexer_reply() {
    assertThatThrownBy(() -> DydxReader.parseMarkets("dydx", MARKETS_CAPTURE))
        .isInstanceOfSatisfying(
            OffchainJson.Rejected.class,
            e ->
                assertThat(e.failure())
                    .isEqualTo(
                        new ReadFailure.Malformed(
                            "dydx perpetualMarkets.markets is missing, expected an object")));
  }

  @Test
  void the_recorded_funding_rows_are_hourly_1_hour_rates_newest_first() {
    List<FundingPoint> rows =
        DydxReader.parseHistoricalFunding("dydx", "BTC-USD", unwrapCapture(FUNDING_CAPTURE));

    assertThat(rows)
        .containsExactly(
            new FundingPoint(
                Instant.parse("2025-12-08T16:00:00.219Z"), new BigDecimal("0.000002375")),
            new FundingPoint(
                Instant.parse("2025-12-08T15:00:00.586Z"), new BigDecimal("0.000000375")),
            new FundingPoint(
                Instant.parse("2025-12-08T14:00:00.112Z"), new BigDecimal("0.000000625")));
  }

  @Test
  void rows_of_another_ticker_are_refused() {
    assertThatThrownBy(
            () ->
                DydxReader.parseHistoricalFunding(
                    "dydx", "ETH-USD", unwrapCapture(FUNDING_CAPTURE)))
        .isInstanceOf(OffchainJson.Rejected.class)
        .hasMessageContaining("historicalFunding[0].ticker is 'BTC-USD', asked for 'ETH-USD'");
  }
}
