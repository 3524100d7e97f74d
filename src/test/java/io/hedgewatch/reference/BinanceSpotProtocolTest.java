package io.hedgewatch.reference;

import static io.hedgewatch.reference.ProtocolTesting.RECEIVED;
import static io.hedgewatch.reference.ProtocolTesting.failure;
import static io.hedgewatch.reference.ProtocolTesting.fixture;
import static io.hedgewatch.reference.ProtocolTesting.malformedDetail;
import static io.hedgewatch.reference.ProtocolTesting.market;
import static io.hedgewatch.reference.ProtocolTesting.quoted;
import static org.assertj.core.api.Assertions.assertThat;

import io.hedgewatch.domain.QuoteFailure;
import io.hedgewatch.domain.ReferenceVenue;
import io.hedgewatch.domain.VenueMarket;
import io.hedgewatch.domain.VenueQuote;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BinanceSpotProtocolTest {

  private static final VenueMarket BTCUSDT = market("BTCUSDT", "BTC/USDT");
  private final BinanceSpotProtocol binance = new BinanceSpotProtocol();

  @Test
  void reads_the_recorded_ticker_price_exactly_and_stamps_it_with_the_receive_time() {
    VenueQuote q =
        quoted(
            binance.parseTicker(
                BTCUSDT, 200, fixture("binance-spot-ticker-price-BTCUSDT.json"), RECEIVED));

    assertThat(q.venue()).isEqualTo(ReferenceVenue.BINANCE);
    assertThat(q.market()).isEqualTo(BTCUSDT);
    assertThat(q.price()).isEqualTo(new BigDecimal("60740.00000000")); // scale 8 kept
    assertThat(q.observedAt()).isEqualTo(RECEIVED);
    assertThat(q.venueTimestamped()).isFalse();
  }

  @Test
  void a_reply_for_another_symbol_is_malformed() {
    String detail =
        malformedDetail(
            binance.parseTicker(
                market("ETHUSDT", "ETH/USDT"),
                200,
                fixture("binance-spot-ticker-price-BTCUSDT.json"),
                RECEIVED));
    assertThat(detail).isEqualTo("symbol is 'BTCUSDT', asked for 'ETHUSDT'");
  }

  @Test
  void the_book_ticker_body_has_no_price() {
    assertThat(
            malformedDetail(
                binance.parseTicker(
                    BTCUSDT, 200, fixture("binance-spot-bookTicker-BTCUSDT.json"), RECEIVED)))
        .isEqualTo("price is missing");
  }

  @Test
  void invalid_symbol_is_an_unsupported_market_in_4xx_and_in_200() {
    String body = fixture("errors/binance-error-invalid-symbol.json");
    QuoteFailure expected = new QuoteFailure.UnsupportedMarket("BTCUSDT: -1121 Invalid symbol.");
    assertThat(failure(binance.parseTicker(BTCUSDT, 400, body, RECEIVED))).isEqualTo(expected);
    assertThat(failure(binance.parseTicker(BTCUSDT, 200, body, RECEIVED))).isEqualTo(expected);
  }

  @Test
  void any_other_error_code_is_a_venue_error_with_the_venues_message() {
    assertThat(
            failure(
                binance.parseTicker(
                    BTCUSDT,
                    400,
                    fixture("errors/binance-error-mandatory-parameter.json"),
                    RECEIVED)))
        .isEqualTo(
            new QuoteFailure.VenueError(
                "-1102",
                "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."));
  }

  @Test
  void http_429_with_code_1003_is_rate_limited_with_the_venues_words() {
    QuoteFailure f =
        failure(
            binance.parseTicker(
                BTCUSDT, 429, fixture("errors/binance-error-too-many-requests.json"), RECEIVED));
    assertThat(f).isInstanceOf(QuoteFailure.RateLimited.class);
    QuoteFailure.RateLimited r = (QuoteFailure.RateLimited) f;
    assertThat(r.retryAfter()).isEmpty(); // Retry-After is a header: the HTTP layer reads it
    assertThat(r.message()).startsWith("-1003 Too much request weight used");
  }

  @Test
  void code_1003_in_a_400_is_still_a_rate_limit() {
    assertThat(
            failure(
                binance.parseTicker(
                    BTCUSDT,
                    400,
                    fixture("errors/binance-error-too-many-requests.json"),
                    RECEIVED)))
        .isInstanceOf(QuoteFailure.RateLimited.class);
  }

  @Test
  void http_418_backs_off_until_the_time_the_ban_names() {
    Instant banEnds = Instant.ofEpochMilli(1659146187000L);
    QuoteFailure f =
        failure(
            binance.parseTicker(
                BTCUSDT,
                418,
                fixture("errors/binance-error-ip-banned.json"),
                banEnds.minusSeconds(90)));
    assertThat(f).isInstanceOf(QuoteFailure.Banned.class);
    assertThat(((QuoteFailure.Banned) f).backOff()).isEqualTo(Duration.ofSeconds(90));
    assertThat(((QuoteFailure.Banned) f).message())
        .startsWith("HTTP 418: -1003 Way too much request weight used; IP banned until");
  }

  @Test
  void a_ban_whose_end_has_passed_or_is_unsaid_backs_off_two_minutes() {
    String body = fixture("errors/binance-error-ip-banned.json");
    assertThat(failure(binance.parseTicker(BTCUSDT, 418, body, RECEIVED)))
        .isEqualTo(
            new QuoteFailure.Banned(
                Duration.ofMinutes(2),
                "HTTP 418: -1003 Way too much request weight used; IP banned until 1659146187000."
                    + " Please use WebSocket Streams for live updates to avoid bans."));
    assertThat(failure(binance.parseTicker(BTCUSDT, 418, "", RECEIVED)))
        .isEqualTo(new QuoteFailure.Banned(Duration.ofMinutes(2), "HTTP 418: <empty body>"));
  }

  @Test
  void ban_back_off_rounds_a_part_second_up() {
    Instant end = Instant.ofEpochMilli(1659146187000L);
    assertThat(BinanceSpotProtocol.banBackOff("IP banned until 1659146187000", end.minusMillis(1)))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(
            BinanceSpotProtocol.banBackOff("IP banned until 1659146187000", end.minusMillis(1001)))
        .isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void a_5xx_is_unavailable_and_a_waf_403_page_a_venue_error() {
    assertThat(
            failure(
                binance.parseTicker(BTCUSDT, 503, "<html>Service Unavailable</html>", RECEIVED)))
        .isEqualTo(new QuoteFailure.Unavailable("HTTP 503: '<html>Service Unavailable</html>'"));
    assertThat(failure(binance.parseTicker(BTCUSDT, 403, "<html>Forbidden</html>", RECEIVED)))
        .isEqualTo(new QuoteFailure.VenueError("HTTP 403", "'<html>Forbidden</html>'"));
  }

  @Test
  void a_5xx_keeps_the_venues_own_message() {
    assertThat(
            failure(
                binance.parseTicker(
                    BTCUSDT,
                    500,
                    "{\"code\":-1001,\"msg\":\"Internal error; unable to process your request.\"}",
                    RECEIVED)))
        .isEqualTo(
            new QuoteFailure.Unavailable(
                "HTTP 500: -1001 Internal error; unable to process your request."));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "{\"symbol\":\"BTCUSDT\"}                        | price is missing",
        "{\"symbol\":\"BTCUSDT\",\"price\":null}         | price is null",
        "{\"symbol\":\"BTCUSDT\",\"price\":true}         | price is a boolean",
        "{\"symbol\":\"BTCUSDT\",\"price\":\"\"}         | price is an empty string",
        "{\"symbol\":\"BTCUSDT\",\"price\":[\"1\"]}      | price is an array",
        "{\"symbol\":\"BTCUSDT\",\"price\":{}}           | price is an object",
        "{\"symbol\":\"BTCUSDT\",\"price\":\"-1.5\"}     | price is negative: -1.5",
        "{\"symbol\":\"BTCUSDT\",\"price\":-1.5}         | price is negative: -1.5",
        "{\"symbol\":\"BTCUSDT\",\"price\":\"0.0000\"}   | price is zero: 0.0000",
        "{\"symbol\":\"BTCUSDT\",\"price\":0}            | price is zero: 0",
        "{\"symbol\":\"BTCUSDT\",\"price\":\"abc\"}      | price is not a decimal number: 'abc'",
        "{\"symbol\":\"BTCUSDT\",\"price\":\"NaN\"}      | price is not a decimal number: 'NaN'",
        "{\"symbol\":\"BTCUSDT\",\"price\":\" 1\"}       | price is not a decimal number: ' 1'",
        "{\"symbol\":\"BTCUSDT\",\"price\":\"1e999\"}    | price is out of range: '1E+999'",
        "{\"symbol\":42,\"price\":\"1\"}                 | symbol is a number",
        "{\"symbol\":\"\",\"price\":\"1\"}               | symbol is '', asked for 'BTCUSDT'",
        "[{\"symbol\":\"BTCUSDT\",\"price\":\"1\"}]      | the reply is an array, expected an object",
        "\"60740\"                                       | the reply is a string, expected an object",
        "null                                            | the reply is null, expected an object",
        "not json                                        | not JSON: 'not json'",
        "{\"symbol\":\"BTCUSDT\",\"price\":\"607         | not JSON: '{\"symbol\":\"BTCUSDT\",\"price\":\"607'",
        "{\"symbol\":\"BTCUSDT\",\"price\":\"1\"} x      | not JSON: '{\"symbol\":\"BTCUSDT\",\"price\":\"1\"} x'",
        "{\"price\":\"1\",\"price\":\"2\"}               | not JSON: '{\"price\":\"1\",\"price\":\"2\"}'",
      })
  void bad_bodies_are_malformed_naming_the_field_and_what_was_found(String body, String detail) {
    assertThat(malformedDetail(binance.parseTicker(BTCUSDT, 200, body.strip(), RECEIVED)))
        .isEqualTo(detail);
  }

  @Test
  void an_empty_or_absent_body_is_malformed() {
    assertThat(malformedDetail(binance.parseTicker(BTCUSDT, 200, "", RECEIVED)))
        .isEqualTo("empty body, expected JSON");
    assertThat(malformedDetail(binance.parseTicker(BTCUSDT, 200, null, RECEIVED)))
        .isEqualTo("empty body, expected JSON");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"symbol\":\"BTCUSDT\",\"price\":60740.10}  | 60740.10",
        "{\"symbol\":\"BTCUSDT\",\"price\":60740}     | 60740",
        "{\"symbol\":\"BTCUSDT\",\"price\":6.0740E4}  | 6.0740E+4",
        "{\"symbol\":\"BTCUSDT\",\"price\":\"1.18e-7\"} | 1.18E-7",
        "{\"price\":\"60740.00\"}                    | 60740.00",
      })
  void a_number_where_a_string_is_expected_is_read_exactly(String body, String price) {
    assertThat(quoted(binance.parseTicker(BTCUSDT, 200, body.strip(), RECEIVED)).price())
        .isEqualTo(new BigDecimal(price));
  }

  @Test
  void unknown_fields_are_ignored() {
    String body = "{\"symbol\":\"BTCUSDT\",\"price\":\"1.5\",\"new\":{\"x\":[1,2]}}";
    assertThat(quoted(binance.parseTicker(BTCUSDT, 200, body, RECEIVED)).price())
        .isEqualTo(new BigDecimal("1.5"));
  }

  @Test
  void a_ticker_body_under_a_non_2xx_status_is_not_a_quote() {
    assertThat(
            failure(
                binance.parseTicker(
                    BTCUSDT, 404, fixture("binance-spot-ticker-price-BTCUSDT.json"), RECEIVED)))
        .isInstanceOf(QuoteFailure.VenueError.class)
        .extracting(f -> ((QuoteFailure.VenueError) f).code())
        .isEqualTo("HTTP 404");
  }
}
