package io.hedgewatch.venue;

import static io.hedgewatch.venue.OffchainTestSupport.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.MarketSnapshot;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Worked examples of Hyperliquid's and dYdX's funding on hedgewatch's one scale: a fraction per
 * hour, positive = longs pay shorts, annualised as per hour x 8760. Each row gives the venue's own
 * number and interval, what hedgewatch stores per hour, the same in percent per hour, and the APR.
 */
class PerpFundingScaleTest {

  private static final Instant AT = Instant.parse("2025-08-06T08:20:00Z");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  @ParameterizedTest(name = "hyperliquid funding {0}/h = {1}/h = {2} %/h = APR {3}")
  @CsvSource({
    // the base interest: 0.01 % per 8 h, paid hourly
    "0.0000125,     0.0000125,     0.00125,   0.1095",
    // shorts pay when the rate is negative (BTC in the recorded reply)
    "-0.00058163,   -0.00058163,   -0.058163, -5.0950788",
    // the 4 %/h cap
    "0.04,          0.04,          4,         350.4",
    "0,             0,             0,         0"
  })
  void hyperliquids_funding_is_already_a_fraction_per_hour(
      String venueRate, String hourly, String percentPerHour, String apr) {
    String body =
        "[{\"universe\":[{\"name\":\"ETH\",\"szDecimals\":4,\"maxLeverage\":25}]},[{\"funding\":\""
            + venueRate
            + "\",\"openInterest\":\"1\",\"oraclePx\":\"3000\",\"markPx\":\"3001\","
            + "\"premium\":null,\"midPx\":null,\"impactPxs\":null}]]";

    MarketSnapshot eth =
        ok(
            HyperliquidReader.parseMarkets("hyperliquid", body, List.of("ETH"), Map.of(), AT)
                .get(0));

    assertScale(eth.fundingRateHourly().orElseThrow(), hourly, percentPerHour);
    assertThat(eth.fundingApr()).hasValueSatisfying(a -> assertThat(a).isEqualByComparingTo(apr));
    assertThat(eth.fundingInterval()).hasValueSatisfying(i -> assertThat(i.toHours()).isEqualTo(1));
  }

  @ParameterizedTest(name = "hyperliquid row of {1} settled at {0} = {2}/h")
  @CsvSource({
    // before 2023-06-08 Hyperliquid settled every 8 hours: the row is an 8-hour rate
    "2023-06-07T16:00:00.026Z, 0.0001,      0.0000125",
    "2023-05-12T00:00:00.048Z, -0.00061334, -0.0000766675",
    "2023-06-08T00:00:00.254Z, 0.0001,      0.0000125",
    // from the next hour on, rows are hourly rates
    "2023-06-08T01:00:00.054Z, 0.0000125,   0.0000125",
    "2025-08-06T08:00:00.000Z, -0.00002,    -0.00002"
  })
  void hyperliquids_history_rows_become_rates_per_hour(
      String settledAt, String row, String hourly) {
    BigDecimal rate = HyperliquidReader.hourlyRate(Instant.parse(settledAt), new BigDecimal(row));

    assertThat(rate).isEqualByComparingTo(hourly);
  }

  @ParameterizedTest(name = "hyperliquid prediction {0} per {1} h = {2}/h")
  @CsvSource({
    "0.0000104019, 1, 0.0000104019",
    // an entry with an 8-hour interval (Binance's or Bybit's rows in the same reply) would be
    // divided by 8 before it is compared
    "0.00008786,   8, 0.0000109825",
    // a quotient that does not terminate keeps 34 significant digits (DECIMAL128)
    "0.0001,       3, 0.00003333333333333333333333333333333333"
  })
  void predictions_are_normalised_by_their_interval(String rate, int hours, String hourly) {
    assertThat(HyperliquidReader.perHour(new BigDecimal(rate), hours)).isEqualByComparingTo(hourly);
  }

  @ParameterizedTest(name = "dydx 1-h rate {0} = {1} %/h = APR {2}")
  @CsvSource({
    // the recorded BTC-USD row of 2025-12-08 16:00
    "0.000002375,  0.0002375,  0.020805",
    // isolated markets' interest: 0.125 bps an hour
    "0.0000125,    0.00125,    0.1095",
    "-0.000001,    -0.0001,    -0.00876"
  })
  void dydxs_historical_rate_is_a_one_hour_rate(String rate, String percentPerHour, String apr) {
    String funding =
        "{\"historicalFunding\":[{\"ticker\":\"ETH-USD\",\"rate\":\""
            + rate
            + "\",\"price\":\"3000\",\"effectiveAtHeight\":\"1\","
            + "\"effectiveAt\":\"2025-12-08T16:00:00.219Z\"}]}";

    BigDecimal hourly =
        DydxReader.parseHistoricalFunding("dydx", "ETH-USD", funding).get(0).rateHourly();

    assertScale(hourly, rate, percentPerHour);
    assertThat(hourly.multiply(MarketSnapshot.HOURS_PER_YEAR)).isEqualByComparingTo(apr);
  }

  @ParameterizedTest(name = "dydx cap with IMF {0} and MMF {1} = {2}/h")
  @CsvSource({
    // 600 % x (IMF - MMF) per 8 hours
    "0.02, 0.012, 0.006",
    "0.05, 0.03,  0.015",
    "0.1,  0.05,  0.0375"
  })
  void dydxs_cap_per_hour_is_an_eighth_of_its_8_hour_clamp(String imf, String mmf, String cap) {
    assertThat(DydxReader.fundingCapHourly(new BigDecimal(imf), new BigDecimal(mmf)))
        .isEqualByComparingTo(cap);
  }

  private static void assertScale(BigDecimal hourly, String expected, String percentPerHour) {
    assertThat(hourly).isEqualByComparingTo(expected);
    assertThat(hourly.multiply(HUNDRED)).isEqualByComparingTo(percentPerHour);
  }
}
