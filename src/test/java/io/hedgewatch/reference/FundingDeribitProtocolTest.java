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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FundingDeribitProtocolTest {

  private static final FundingPerp BTC_PERP =
      FundingPerp.inverse(CexFundingVenue.DERIBIT, "BTC-PERPETUAL", "BTC/USD");

  private static final String TICKER = "deribit-public-ticker-BTC-PERPETUAL.json";

  private final DeribitFundingProtocol protocol = new DeribitFundingProtocol();

  @Test
  void the_url_is_the_public_ticker() {
    assertThat(protocol.tickerUrl(BASE, BTC_PERP).toString())
        .isEqualTo("https://venue.test/api/v2/public/ticker?instrument_name=BTC-PERPETUAL");
    assertThat(protocol.defaultBaseUrl()).isEqualTo("https://www.deribit.com");
  }

  @Test
  void reads_the_recorded_ticker_exactly_funding_8h_per_8_hours() {
    FakeExchange exchange = new FakeExchange().reply("ticker", fixture(TICKER));

    CexFunding f = ok(protocol.current(BTC_PERP, BASE, exchange));

    assertThat(f.venue()).isEqualTo(CexFundingVenue.DERIBIT);
    assertThat(f.symbol()).isEqualTo("BTC-PERPETUAL");
    assertThat(f.pair().toString()).isEqualTo("BTC/USD");
    assertThat(f.observedAt()).isEqualTo(Instant.ofEpochMilli(1623059681955L));
    assertThat(f.rateRaw()).isEqualTo(new BigDecimal("0.00002203"));
    assertThat(f.interval()).isEqualTo(Duration.ofHours(8));
    assertThat(f.rateHourly()).isEqualByComparingTo("0.00000275375");
    assertThat(f.apr()).isEqualByComparingTo("0.02412285");
    assertThat(f.nextFundingTime()).as("funding accrues continuously").isEmpty();
    assertThat(f.markPrice()).contains(new BigDecimal("36288.31"));
    assertThat(f.indexPrice()).contains(new BigDecimal("36297.02"));
    assertThat(f.fundingCapHourly()).isEmpty();
  }

  @Test
  void numbers_in_exponent_form_are_read_exactly() {
    String body =
        fixture(TICKER)
            .replace("\"funding_8h\": 0.00002203", "\"funding_8h\": -2.203e-5")
            .replace("\"mark_price\": 36288.31", "\"mark_price\": 3.628831E4");

    CexFunding f = ok(protocol.parseTicker(BTC_PERP, 200, body, RECEIVED));

    assertThat(f.rateRaw()).isEqualByComparingTo("-0.00002203");
    assertThat(f.rateHourly()).isEqualByComparingTo("-0.00000275375");
    assertThat(f.markPrice())
        .hasValueSatisfying(m -> assertThat(m).isEqualByComparingTo("36288.31"));
  }

  @Test
  void deribit_errors_have_their_own_meaning() {
    String invalidInstrument =
        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32602,\"message\":\"Invalid params\","
            + "\"data\":{\"reason\":\"wrong format\",\"param\":\"instrument_name\"}},"
            + "\"usIn\":1623059681955000,\"usOut\":1623059681955100,\"usDiff\":100,"
            + "\"testnet\":false}";
    String tooMany =
        "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":10028,\"message\":\"too_many_requests\"}}";
    String other = "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":11050,\"message\":\"bad_request\"}}";

    QuoteFailure unknown =
        failure(protocol.parseTicker(BTC_PERP, 400, invalidInstrument, RECEIVED));
    assertThat(unknown).isInstanceOf(QuoteFailure.UnsupportedMarket.class);
    assertThat(unknown.describe())
        .contains("BTC-PERPETUAL: -32602 Invalid params")
        .contains("instrument_name");
    assertThat(failure(protocol.parseTicker(BTC_PERP, 429, tooMany, RECEIVED)))
        .isInstanceOf(QuoteFailure.RateLimited.class);
    assertThat(failure(protocol.parseTicker(BTC_PERP, 200, tooMany, RECEIVED)))
        .isEqualTo(
            new QuoteFailure.RateLimited(java.util.Optional.empty(), "10028 too_many_requests"));
    assertThat(failure(protocol.parseTicker(BTC_PERP, 400, other, RECEIVED)))
        .isEqualTo(new QuoteFailure.VenueError("11050", "bad_request"));
    assertThat(failure(protocol.parseTicker(BTC_PERP, 503, "", RECEIVED)))
        .isInstanceOf(QuoteFailure.Unavailable.class);
    assertThat(failure(protocol.parseTicker(BTC_PERP, 404, "Not Found", RECEIVED)))
        .isEqualTo(new QuoteFailure.VenueError("HTTP 404", "'Not Found'"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          null funding | "funding_8h": 0.00002203 | "funding_8h": null | funding_8h is null
          funding as words | "funding_8h": 0.00002203 | "funding_8h": "low" | funding_8h is not a decimal number: 'low'
          no funding | "funding_8h": 0.00002203, | | funding_8h is missing
          other instrument | "instrument_name": "BTC-PERPETUAL" | "instrument_name": "ETH-PERPETUAL" | instrument_name is 'ETH-PERPETUAL', asked for 'BTC-PERPETUAL'
          time in microseconds | "timestamp": 1623059681955 | "timestamp": 1623059681955000 | timestamp is not epoch milliseconds: 1623059681955000
          zero mark | "mark_price": 36288.31 | "mark_price": 0 | mark_price is zero: 0
          no result | "result": { | "answer": { | result is missing
          """)
  void a_ticker_missing_or_mistyping_a_field_is_malformed_naming_it(
      String what, String from, String to, String expected) {
    String body = fixture(TICKER).replace(from, to == null ? "" : to);

    assertThat(malformed(protocol.parseTicker(BTC_PERP, 200, body, RECEIVED))).isEqualTo(expected);
  }

  @Test
  void the_reading_has_no_history_endpoint() {
    assertThat(protocol.hasHistory()).isFalse();
  }
}
