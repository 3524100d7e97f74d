package io.hedgewatch.reference;

import static io.hedgewatch.reference.FundingTesting.BASE;
import static io.hedgewatch.reference.FundingTesting.RECEIVED;
import static io.hedgewatch.reference.FundingTesting.failure;
import static io.hedgewatch.reference.FundingTesting.fixture;
import static io.hedgewatch.reference.FundingTesting.malformed;
import static io.hedgewatch.reference.FundingTesting.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.CexFunding;
import io.hedgewatch.domain.CexFundingVenue;
import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.reference.FundingTesting.FakeExchange;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FundingOkxProtocolTest {

  private static final FundingPerp BTC_SWAP =
      FundingPerp.linear(CexFundingVenue.OKX, "BTC-USDT-SWAP", "BTC/USDT");

  private static final String RATE = "okx-public-funding-rate-BTC-USDT-SWAP.json";
  private static final String MARK = "okx-public-mark-price-BTC-USDT-SWAP.json";

  private final OkxFundingProtocol protocol = new OkxFundingProtocol();

  @Test
  void urls_are_the_public_funding_rate_and_mark_price_endpoints() {
    assertThat(protocol.fundingRateUrl(BASE, BTC_SWAP).toString())
        .isEqualTo("https://venue.test/api/v5/public/funding-rate?instId=BTC-USDT-SWAP");
    assertThat(protocol.markPriceUrl(BASE, BTC_SWAP).toString())
        .isEqualTo(
            "https://venue.test/api/v5/public/mark-price?instType=SWAP&instId=BTC-USDT-SWAP");
  }

  @Test
  void reads_the_recorded_funding_rate_exactly() {
    OkxFundingProtocol.FundingRate r =
        ok(protocol.parseFundingRate(BTC_SWAP, 200, fixture(RATE), RECEIVED));

    assertThat(r)
        .isEqualTo(
            new OkxFundingProtocol.FundingRate(
                "BTC-USDT-SWAP",
                new BigDecimal("0.0000792386885340"),
                Instant.ofEpochMilli(1703088000000L),
                Duration.ofHours(8),
                Optional.of(new BigDecimal("-0.00375")),
                Optional.of(new BigDecimal("0.00375")),
                Instant.ofEpochMilli(1703070685309L)));
  }

  @Test
  void reads_the_recorded_mark_price_exactly() {
    assertThat(ok(protocol.parseMarkPrice(BTC_SWAP, 200, fixture(MARK), RECEIVED)))
        .isEqualTo(
            new OkxFundingProtocol.MarkPrice(
                "BTC-USDT-SWAP", new BigDecimal("84660.1"), Instant.ofEpochMilli(1744590349506L)));
  }

  @Test
  void current_funding_combines_both_with_the_interval_from_the_two_times() {
    FakeExchange exchange =
        new FakeExchange().reply("funding-rate", fixture(RATE)).reply("mark-price", fixture(MARK));

    CexFunding f = ok(protocol.current(BTC_SWAP, BASE, exchange));

    assertThat(f.venue()).isEqualTo(CexFundingVenue.OKX);
    assertThat(f.pair().toString()).isEqualTo("BTC/USDT");
    assertThat(f.observedAt()).isEqualTo(Instant.ofEpochMilli(1703070685309L));
    assertThat(f.rateRaw()).isEqualTo(new BigDecimal("0.0000792386885340"));
    assertThat(f.interval()).isEqualTo(Duration.ofHours(8));
    assertThat(f.rateHourly()).isEqualByComparingTo("0.00000990483606675");
    assertThat(f.nextFundingTime())
        .as("the current rate is paid at fundingTime")
        .contains(Instant.ofEpochMilli(1703088000000L));
    assertThat(f.markPrice()).contains(new BigDecimal("84660.1"));
    assertThat(f.indexPrice()).isEmpty();
    assertThat(f.fundingCapHourly())
        .hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.00046875"));
    assertThat(exchange.endpoints()).containsExactly("funding-rate", "mark-price");
  }

  @Test
  void a_4h_contract_is_read_from_the_spacing_of_its_funding_times() {
    String body = fixture(RATE).replace("\"1703116800000\"", "\"1703102400000\"");

    OkxFundingProtocol.FundingRate r = ok(protocol.parseFundingRate(BTC_SWAP, 200, body, RECEIVED));
    CexFunding f =
        OkxFundingProtocol.funding(
            BTC_SWAP, r, ok(protocol.parseMarkPrice(BTC_SWAP, 200, fixture(MARK), RECEIVED)));

    assertThat(f.interval()).isEqualTo(Duration.ofHours(4));
    assertThat(f.rateHourly()).isEqualByComparingTo("0.0000198096721335");
    assertThat(f.fundingCapHourly())
        .hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.0009375"));
  }

  @Test
  void a_negative_rate_is_capped_by_the_floor() {
    String body =
        fixture(RATE)
            .replace("\"0.0000792386885340\"", "\"-0.0002\"")
            .replace("\"-0.00375\"", "\"-0.0015\"");
    OkxFundingProtocol.FundingRate r = ok(protocol.parseFundingRate(BTC_SWAP, 200, body, RECEIVED));

    CexFunding f =
        OkxFundingProtocol.funding(
            BTC_SWAP,
            r,
            new OkxFundingProtocol.MarkPrice("BTC-USDT-SWAP", BigDecimal.TEN, RECEIVED));

    assertThat(f.rateHourly()).isEqualByComparingTo("-0.000025");
    assertThat(f.fundingCapHourly())
        .hasValueSatisfying(c -> assertThat(c).isEqualByComparingTo("0.0001875"));
  }

  @Test
  void okx_errors_have_their_own_meaning() {
    assertThat(
            failure(
                protocol.parseFundingRate(
                    BTC_SWAP,
                    200,
                    fixture("errors/okx-error-instrument-does-not-exist.json"),
                    RECEIVED)))
        .isEqualTo(
            new QuoteFailure.UnsupportedMarket(
                "BTC-USDT-SWAP: 51001 Instrument ID, Instrument ID code, or Spread ID doesn't"
                    + " exist."));
    assertThat(
            failure(
                protocol.parseMarkPrice(
                    BTC_SWAP, 429, fixture("errors/okx-error-too-many-requests.json"), RECEIVED)))
        .isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(
            failure(
                protocol.parseFundingRate(
                    BTC_SWAP, 200, "{\"code\":\"0\",\"msg\":\"\",\"data\":[]}", RECEIVED)))
        .isEqualTo(new QuoteFailure.UnsupportedMarket("BTC-USDT-SWAP: data is empty"));
  }

  @Test
  void a_failed_mark_price_fails_the_reading() {
    FakeExchange exchange =
        new FakeExchange()
            .reply("funding-rate", fixture(RATE))
            .reply("mark-price", 429, fixture("errors/okx-error-too-many-requests.json"));

    assertThat(failure(protocol.current(BTC_SWAP, BASE, exchange)))
        .isInstanceOf(QuoteFailure.RateLimited.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          interval off the hour | "1703116800000" | "1703116860000" | nextFundingTime − fundingTime is PT8H1M, expected whole hours from 1 to 24 (2023-12-20T16:00:00Z to 2023-12-21T00:01:00Z)
          next before this | "1703116800000" | "1703080800000" | nextFundingTime − fundingTime is PT-2H, expected whole hours from 1 to 24 (2023-12-20T16:00:00Z to 2023-12-20T14:00:00Z)
          no rate | "fundingRate": "0.0000792386885340", | | fundingRate is missing
          rate as number text | "0.0000792386885340" | "7.9e-5%" | fundingRate is not a decimal number: '7.9e-5%'
          other instrument | "instId": "BTC-USDT-SWAP" | "instId": "ETH-USDT-SWAP" | instId is 'ETH-USDT-SWAP', asked for 'BTC-USDT-SWAP'
          ts in seconds | "1703070685309" | "1703070685" | ts is not epoch milliseconds: 1703070685
          """)
  void a_funding_rate_missing_or_mistyping_a_field_is_malformed_naming_it(
      String what, String from, String to, String expected) {
    String body = fixture(RATE).replace(from, to == null ? "" : to);

    assertThat(malformed(protocol.parseFundingRate(BTC_SWAP, 200, body, RECEIVED)))
        .isEqualTo(expected);
  }

  @Test
  void empty_caps_are_not_applicable() {
    String body =
        fixture(RATE)
            .replace("\"maxFundingRate\": \"0.00375\"", "\"maxFundingRate\": \"\"")
            .replace("\"minFundingRate\": \"-0.00375\"", "\"minFundingRate\": \"\"");

    OkxFundingProtocol.FundingRate r = ok(protocol.parseFundingRate(BTC_SWAP, 200, body, RECEIVED));

    assertThat(r.maxFundingRate()).isEmpty();
    assertThat(r.minFundingRate()).isEmpty();
  }
}
